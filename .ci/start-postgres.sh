# shellcheck shell=bash
# Sourced by .ci/run (and by hand before `dotnet test`): starts a throwaway PostgreSQL cluster on 127.0.0.1 and
# exports ZASK_TEST_POSTGRES_URI for the Zask.Data tests; defines stop_postgres to shut it down and remove it.
# No `set -e` here: this file runs inside the caller's shell, so every failure is reported through `return 1`.

_zask_pg_fail() {
  echo "start-postgres: $*" >&2
  if [ -n "${ZASK_PG_DIR:-}" ] && [ -f "$ZASK_PG_DIR/log" ]; then tail -n 20 "$ZASK_PG_DIR/log" >&2; fi
  return 1
}

_zask_pg_start() {
  local bin_dir version port try

  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "start-postgres: installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } || { _zask_pg_fail "apt-get install postgresql failed"; return 1; }
  fi
  # The newest installed major version; never assume one.
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  bin_dir="/usr/lib/postgresql/$version/bin"
  [ -x "$bin_dir/initdb" ] || { _zask_pg_fail "no initdb in $bin_dir"; return 1; }
  id postgres >/dev/null 2>&1 || { _zask_pg_fail "the postgres user does not exist"; return 1; }

  ZASK_PG_DIR=$(mktemp -d /tmp/zask-pg.XXXXXX) || { _zask_pg_fail "mktemp failed"; return 1; }
  chown postgres:postgres "$ZASK_PG_DIR" || { _zask_pg_fail "chown failed"; return 1; }
  runuser -u postgres -- "$bin_dir/initdb" -D "$ZASK_PG_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$ZASK_PG_DIR/initdb.log" 2>&1 || { cat "$ZASK_PG_DIR/initdb.log" >&2; _zask_pg_fail "initdb failed"; return 1; }

  # A free port: ask the kernel, and retry if another process takes it before the server binds.
  for try in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
      || echo $((20000 + RANDOM % 20000)))
    if runuser -u postgres -- "$bin_dir/pg_ctl" -D "$ZASK_PG_DIR/data" -l "$ZASK_PG_DIR/log" -w -t 30 \
      -o "-p $port -k $ZASK_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null 2>&1; then
      ZASK_PG_PORT=$port
      break
    fi
  done
  [ -n "${ZASK_PG_PORT:-}" ] || { _zask_pg_fail "pg_ctl start failed"; return 1; }
  ZASK_PG_BIN=$bin_dir

  psql -h 127.0.0.1 -p "$ZASK_PG_PORT" -U postgres -d postgres -qAt -c "CREATE DATABASE zask_test" >/dev/null \
    || { _zask_pg_fail "CREATE DATABASE zask_test failed"; stop_postgres; return 1; }
  export ZASK_TEST_POSTGRES_URI="postgresql://postgres@127.0.0.1:$ZASK_PG_PORT/zask_test"
  echo "start-postgres: PostgreSQL $version on 127.0.0.1:$ZASK_PG_PORT ($ZASK_TEST_POSTGRES_URI)"
}

stop_postgres() {
  if [ -n "${ZASK_PG_DIR:-}" ] && [ -d "$ZASK_PG_DIR/data" ]; then
    runuser -u postgres -- "$ZASK_PG_BIN/pg_ctl" -D "$ZASK_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$ZASK_PG_DIR"
  fi
  unset ZASK_PG_DIR ZASK_PG_PORT ZASK_PG_BIN ZASK_TEST_POSTGRES_URI
}

_zask_pg_start
