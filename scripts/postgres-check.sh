#!/usr/bin/env bash
# Checks scripts/postgres.sh where a newcomer may clone: copies the script into a private folder (mode 700, as a home
# folder is), starts the throwaway PostgreSQL from there, runs a query, stops it, and checks that its folder is gone.
# As root this is the case that used to fail (the server runs as `postgres`, which cannot enter the private folder).
# Prints PASS or FAIL with the reason; exits non-zero on FAIL. Run by scripts/test.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
private="$(mktemp -d -t aigov-private.XXXXXXXX)" || exit 1
chmod 700 "$private"
mkdir -p "$private/clone/scripts"
cp "$here/postgres.sh" "$private/clone/scripts/postgres.sh"

result="$(cd "$private/clone" && bash -c '
  source scripts/postgres.sh
  trap stop_test_postgres EXIT
  start_test_postgres >start.log 2>&1 || { echo "start failed: $(tail -n 5 start.log | tr "\n" " ")"; exit 1; }
  echo "$AIGOV_TEST_POSTGRES_DIR" >cluster-folder
  answer="$("$AIGOV_TEST_POSTGRES_BIN/psql" "$AIGOV_TEST_POSTGRES_URL" -tAc "select 6 * 7" 2>&1)"
  [ "$answer" = 42 ] || { echo "the server did not answer a query: $answer"; exit 1; }
' 2>&1)"
status=$?
cluster="$(cat "$private/clone/cluster-folder" 2>/dev/null || true)"
rm -rf "$private"

if [ "$status" -ne 0 ]; then
  echo "FAIL PostgreSQL from a private folder as $(id -un): $result"
  exit 1
fi
if [ -z "$cluster" ] || [ -e "$cluster" ]; then
  echo "FAIL PostgreSQL from a private folder as $(id -un): its cluster folder '${cluster}' was not removed at stop"
  exit 1
fi
echo "PASS PostgreSQL starts, answers and is cleaned up from a private folder (mode 700) as $(id -un)"
