#!/usr/bin/env bash
# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster on loopback for the tests that need the production
# database. Uses Debian's PostgreSQL binaries.
#
# The cluster lives in a fresh temporary folder outside the clone (mktemp -d, so $TMPDIR is honoured), never inside
# it: when started as root, the server runs as the `postgres` user (initdb refuses root), and that user cannot reach a
# clone under a private home folder (mode 700). `stop_test_postgres` stops the server and removes the folder; callers
# run it from an EXIT trap. A normal user runs initdb itself, in a temporary folder it owns.
#
#   start_test_postgres [LOG_FOLDER]   starts it; sets AIGOV_TEST_POSTGRES_URL (exported) and AIGOV_TEST_POSTGRES_PORT.
#                                      LOG_FOLDER, when given, receives a copy of the server log at stop.
#   stop_test_postgres                 stops it and removes its folder; harmless when nothing was started.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Runs a PostgreSQL program as the server's user (postgres when we are root), from inside the cluster's folder so a
# working directory it cannot enter never matters.
pg_as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    (cd "$AIGOV_TEST_POSTGRES_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$AIGOV_TEST_POSTGRES_DIR" && "$@")
  fi
}

start_test_postgres() { # [log-folder]
  local bin port
  bin="$(pg_bin_dir)" || { echo "PostgreSQL binaries not found (Debian package postgresql)"; return 1; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root, but there is no 'postgres' user to run the server (Debian's postgresql package creates it)"
    return 1
  fi
  AIGOV_TEST_POSTGRES_LOGS="${1:-}"
  AIGOV_TEST_POSTGRES_BIN="$bin"
  AIGOV_TEST_POSTGRES_DIR="$(mktemp -d -t aigov-postgres.XXXXXXXX)" || { echo "mktemp -d failed"; return 1; }
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$AIGOV_TEST_POSTGRES_DIR"
    if ! runuser -u postgres -- test -w "$AIGOV_TEST_POSTGRES_DIR"; then
      echo "the postgres user cannot write to $AIGOV_TEST_POSTGRES_DIR: set TMPDIR to a folder it can reach and run again"
      stop_test_postgres
      return 1
    fi
  fi
  local dir="$AIGOV_TEST_POSTGRES_DIR"
  if ! pg_as_server_user "$bin/initdb" -D "$dir/data" --auth=trust -U postgres >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log"
    stop_test_postgres
    return 1
  fi
  port="$(free_port)"
  if ! pg_as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" -w start >/dev/null; then
    cat "$dir/server.log"
    stop_test_postgres
    return 1
  fi
  AIGOV_TEST_POSTGRES_PORT="$port"
  export AIGOV_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
  [ -n "${AIGOV_TEST_POSTGRES_DIR:-}" ] || return 0
  local dir="$AIGOV_TEST_POSTGRES_DIR"
  if [ -f "$dir/data/postmaster.pid" ]; then
    pg_as_server_user "$AIGOV_TEST_POSTGRES_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
      pg_as_server_user "$AIGOV_TEST_POSTGRES_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
      echo "PostgreSQL in $dir did not stop; its server log: $dir/server.log"
  fi
  if [ -n "${AIGOV_TEST_POSTGRES_LOGS:-}" ] && [ -f "$dir/server.log" ]; then
    mkdir -p "$AIGOV_TEST_POSTGRES_LOGS" && cp "$dir/server.log" "$AIGOV_TEST_POSTGRES_LOGS/postgres-server.log"
  fi
  # Keep the folder when the server is still running, so its log stays readable; otherwise remove it.
  [ -f "$dir/data/postmaster.pid" ] || rm -rf "$dir"
  AIGOV_TEST_POSTGRES_DIR=""
  unset AIGOV_TEST_POSTGRES_URL AIGOV_TEST_POSTGRES_PORT
}
