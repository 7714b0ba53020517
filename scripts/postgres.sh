#!/usr/bin/env bash
# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster on loopback for the tests that need the production
# database. Uses Debian's PostgreSQL binaries; runs as the `postgres` user when started as root (initdb refuses root).

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

start_test_postgres() { # data-folder
  local dir="$1" bin port as
  bin="$(pg_bin_dir)" || { echo "PostgreSQL binaries not found (Debian package postgresql)"; return 1; }
  port="$(free_port)"
  mkdir -p "$dir"
  as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    chmod 700 "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" --auth=trust -U postgres >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" -w start >/dev/null || { cat "$dir/server.log"; return 1; }
  AIGOV_TEST_POSTGRES_DIR="$dir"
  AIGOV_TEST_POSTGRES_BIN="$bin"
  AIGOV_TEST_POSTGRES_PORT="$port"
  export AIGOV_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
  [ -n "${AIGOV_TEST_POSTGRES_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$AIGOV_TEST_POSTGRES_BIN/pg_ctl" -D "$AIGOV_TEST_POSTGRES_DIR/data" -m fast stop >/dev/null 2>&1 || true
  AIGOV_TEST_POSTGRES_DIR=""
}
