#!/usr/bin/env bash
# Start a throwaway PostgreSQL, run the given command with DATABASE_URL pointing at it, then stop
# it and delete its files, whatever the command's outcome.
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

# The first free port from 55432 on, so that a second run or a local server does not collide.
PG_PORT=${PG_PORT:-$(python3 - <<'PYEOF'
import socket
for port in range(55432, 55532):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PYEOF
)}

PGDATA_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
# initdb refuses to run as root: run the server as the postgres user then.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGDATA_DIR"
  AS=(runuser -u postgres --)
else
  AS=()
fi

cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal

export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/portal"
"$@"
