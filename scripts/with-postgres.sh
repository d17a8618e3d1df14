#!/usr/bin/env bash
# Start a throwaway PostgreSQL and a throwaway memcached (the rate limits' shared cache), run the
# given command with DATABASE_URL and CACHE_URL pointing at them, then stop them and delete their
# files, whatever the command's outcome.
#
# With KEEP_PGDATA=<folder> (make run: .postgres/), the database lives in that folder instead:
# made on the first run, started again on the next ones, stopped (not deleted) afterwards.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL 15 (not found at $PG_BIN)..."
    apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "ERROR: PostgreSQL's initdb is not at $PG_BIN. Install PostgreSQL 15 (apt-get install postgresql-15) or set PG_BIN." >&2
    exit 1
  fi
fi

MEMCACHED=${MEMCACHED:-$(command -v memcached || true)}
if [ -z "$MEMCACHED" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing memcached (not found)..."
    apt-get update -qq && apt-get install -y -qq memcached >/dev/null
    MEMCACHED=$(command -v memcached)
  else
    echo "ERROR: memcached is not installed. Install it (apt-get install memcached) or set MEMCACHED to its path." >&2
    exit 1
  fi
fi

# The first free port from 55442 on, so that a second run, or make run's database (55432, kept
# by KEEP_PGDATA: the settings' default with DEBUG), does not collide.
PG_PORT=${PG_PORT:-$(python3 - <<'PYEOF'
import socket
for port in range(55442, 55542):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PYEOF
)}

if [ -n "${KEEP_PGDATA:-}" ]; then
  mkdir -p "$KEEP_PGDATA"
  PGDATA_DIR=$(cd "$KEEP_PGDATA" && pwd)
else
  PGDATA_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
fi
# initdb refuses to run as root: run the server as the postgres user then.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGDATA_DIR"
  AS=(runuser -u postgres --)
else
  AS=()
fi

MC_PID=
cleanup() {
  if [ -n "$MC_PID" ]; then kill "$MC_PID" 2>/dev/null || true; wait "$MC_PID" 2>/dev/null || true; fi
  if [ -n "${KEEP_PGDATA:-}" ]; then
    "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast stop >/dev/null 2>&1 || true
  else
    "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
}
trap cleanup EXIT

if [ ! -f "$PGDATA_DIR/data/PG_VERSION" ]; then
  "${AS[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  FRESH=1
fi
# A kept database is written safely; a throwaway one skips the disk flushes for speed.
if [ -n "${KEEP_PGDATA:-}" ]; then DURABILITY=(); else
  DURABILITY=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off); fi
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 ${DURABILITY[*]}" \
  start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
if [ -n "${FRESH:-}" ]; then
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal
fi

# memcached on the first free loopback port from 56211 on, in memory only; it refuses to run as
# root unless told which user to become.
MC_PORT=$(python3 -c '
import socket
for port in range(56211, 56311):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
')
MC_USER=()
if [ "$(id -u)" = 0 ]; then MC_USER=(-u nobody); fi
"$MEMCACHED" "${MC_USER[@]}" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 64 >"$PGDATA_DIR/memcached.log" 2>&1 &
MC_PID=$!
for _ in $(seq 50); do
  kill -0 "$MC_PID" 2>/dev/null || break
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $MC_PORT), 0.1).close()" \
    2>/dev/null && break
  sleep 0.1
done
# Still running: not beaten to the port by another run, whose memcached would have answered.
sleep 0.1
if ! kill -0 "$MC_PID" 2>/dev/null; then
  echo "ERROR: memcached did not start on 127.0.0.1:$MC_PORT:" >&2
  cat "$PGDATA_DIR/memcached.log" >&2
  exit 1
fi
echo "memcached $("$MEMCACHED" -V | awk '{print $2}') on 127.0.0.1:$MC_PORT"

export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/portal"
export CACHE_URL="memcached://127.0.0.1:$MC_PORT"
"$@"
