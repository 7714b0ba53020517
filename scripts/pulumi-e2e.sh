#!/usr/bin/env bash
# End-to-end check of the Pulumi engines with a real Pulumi CLI and the AWS provider, against an organizations
# sandbox (`yarn aigov sandbox`): the real Automation API, the plugin install, refresh, update plans, and a second
# run that finds nothing to change (the import adopted everything, the outputs were recorded).
#
# Where no Pulumi CLI is installed it prints "skipped: no Pulumi CLI" and exits 0. It never reports a pass for
# what did not run.
#
#   scripts/pulumi-e2e.sh            uses `pulumi` on the PATH, or $PULUMI_CLI_FOLDER/bin/pulumi
#   PULUMI_CLI_VERSION=3.190.0 ...   refuses another CLI version (as aiGovernance.pulumi.version does)
#
# The AWS provider plugin is installed by the engine itself (the version of @pulumi/aws) into a throwaway
# PULUMI_HOME, unless PULUMI_HOME is set. State goes to a throwaway file:// backend: this is the sandbox.
set -uo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh

if [ -n "${PULUMI_CLI_FOLDER:-}" ] && [ -x "$PULUMI_CLI_FOLDER/bin/pulumi" ]; then
  export PATH="$PULUMI_CLI_FOLDER/bin:$PATH"
fi
if ! command -v pulumi >/dev/null 2>&1; then
  echo "skipped: no Pulumi CLI"
  exit 0
fi

work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null
    wait "$sandbox_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # name, command...
  local name="$1"
  shift
  if "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
    sed 's/^/    /' "$work/out.txt" "$work/err.txt" | tail -40
  fi
}

yarn -s aigov sandbox --port 0 --seed demo >"$work/sandbox.txt" 2>&1 &
sandbox_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Sandbox listening on //p' "$work/sandbox.txt")"
  [ -n "$url" ] && break
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "FAILED: the sandbox did not start"
  cat "$work/sandbox.txt"
  echo "0 passed, 1 failed"
  exit 1
fi

export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE="sandbox-e2e-only"
export PULUMI_HOME="${PULUMI_HOME:-$work/pulumi-home}"
mkdir -p "$work/state" "$PULUMI_HOME"
baseline=(--engine pulumi --endpoint "$url" --org guardrails/baseline.yaml)

check "baseline preview plans the first import" \
  yarn -s aigov baseline preview "${baseline[@]}"
check "baseline apply runs the saved plan" \
  yarn -s aigov baseline apply "${baseline[@]}"
check "a second preview finds nothing to change" \
  sh -c "yarn -s aigov baseline preview ${baseline[*]} | grep -q 'Nothing to change'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
