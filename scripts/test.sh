#!/usr/bin/env bash
# The whole test suite, as CI runs it: type-check, lint, every package's unit and integration tests (with a real
# PostgreSQL on loopback for the database tests), a start of the backend, and the Playwright end-to-end suite in
# headless Chromium from Debian's `chromium` package against the portal on the embedded defaults.
# Ends with one line `N passed, N failed` counting every test it ran; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO_ROOT="$(pwd)"
source scripts/toolchain.sh || exit 1

OUT="$REPO_ROOT/.aigov/test"
rm -rf "$OUT" && mkdir -p "$OUT"
passed=0
failed=0
step_failures=()

step() { echo; echo "=== $* ==="; }
fail_step() { step_failures+=("$1"); failed=$((failed + 1)); }

ensure_debian_package() { # command package
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    echo "installing Debian package $2"
    if [ "$(id -u)" = 0 ]; then
      (apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null; })
    else
      (sudo apt-get install -y -qq "$2" >/dev/null 2>&1 || { sudo apt-get update -qq >/dev/null 2>&1 && sudo apt-get install -y -qq "$2" >/dev/null; })
    fi
  fi
}

step "dependencies"
ensure_dependencies || { echo "yarn install failed"; exit 1; }
ensure_debian_package /usr/bin/chromium chromium
ensure_debian_package psql postgresql

step "PostgreSQL on loopback for the database tests"
source scripts/postgres.sh
if start_test_postgres "$OUT/postgres"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$AIGOV_TEST_POSTGRES_URL"
  echo "PostgreSQL ready at port $AIGOV_TEST_POSTGRES_PORT"
else
  echo "PostgreSQL could not be started: the database tests that need it will say so and fail"
  fail_step "postgres"
fi
trap 'stop_test_postgres' EXIT
export BACKSTAGE_TEST_DISABLE_DOCKER=1

step "type-check (tsc)"
yarn tsc || fail_step "tsc"

step "lint (backstage-cli repo lint)"
yarn backstage-cli repo lint || fail_step "lint"

step "unit and integration tests (Jest, every package)"
# Integration tests start backends and servers: give each test up to 60 s on a slow 2-core machine.
CI=true yarn backstage-cli repo test --testTimeout=60000 --json --outputFile="$OUT/jest.json" 2>&1 | tee "$OUT/jest.log" | grep -vE '^\s*$' | tail -n 200
if [ -f "$OUT/jest.json" ]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))' "$OUT/jest.json")
  passed=$((passed + jp)); failed=$((failed + jf))
  echo "jest: $jp passed, $jf failed"
else
  echo "jest wrote no results"; fail_step "jest"
fi

step "backend start and end-to-end tests (Playwright, headless Chromium)"
node scripts/e2e.mjs "$OUT" || true
if [ -f "$OUT/e2e-counts.txt" ]; then
  read -r ep ef < "$OUT/e2e-counts.txt"
  passed=$((passed + ep)); failed=$((failed + ef))
  echo "e2e: $ep passed, $ef failed"
else
  echo "the end-to-end run produced no results"; fail_step "e2e"
fi

echo
if [ ${#step_failures[@]} -gt 0 ]; then
  echo "steps that failed: ${step_failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
