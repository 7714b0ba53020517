#!/usr/bin/env bash
# The sandbox checked from outside with boto3 and, where installed, the AWS CLI: starts a fresh sandbox (no seed) on
# a free loopback port, runs packages/organizations-sandbox/scripts/boto3-check.py against it, stops it.
# Usage: bash scripts/boto3-check.sh OUT_DIR COUNTS_FILE
# Writes "passed failed skipped" to COUNTS_FILE. Installs Debian's python3-boto3 when boto3 is missing and the
# machine lets it (root or sudo); where boto3 still cannot be imported it counts one skipped check, never a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:-.aigov/boto3-check}"
counts="${2:-$out/counts.txt}"
mkdir -p "$out"

if ! python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "installing Debian package python3-boto3"
  if [ "$(id -u)" = 0 ]; then
    (apt-get install -y -qq python3-boto3 >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq python3-boto3 >/dev/null 2>&1; }) || true
  else
    (sudo -n apt-get install -y -qq python3-boto3 >/dev/null 2>&1) || true
  fi
fi
if ! python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "skipped: boto3 is not installed and could not be installed"
  echo "0 0 1" >"$counts"
  exit 0
fi

node packages/cli/bin/aigov sandbox >"$out/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null' EXIT
url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/^Sandbox listening on \(http[^ ]*\).*/\1/p' "$out/sandbox.log" | head -1)
  [ -n "$url" ] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$url" ]; then
  echo "the sandbox did not start:"; cat "$out/sandbox.log"
  echo "0 1 0" >"$counts"
  exit 1
fi

python3 packages/organizations-sandbox/scripts/boto3-check.py "$url" >"$out/boto3-check.log" 2>&1
status=$?
tail -n 15 "$out/boto3-check.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/boto3-check.log" | tail -1)
if [ -z "$line" ]; then
  echo "boto3-check printed no counts (exit status $status)"
  echo "0 1 0" >"$counts"
  exit 1
fi
p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
echo "$p $f 0" >"$counts"
[ "$status" -eq 0 ] && [ "$f" -eq 0 ]
