#!/usr/bin/env bash
# `make run`, inside scripts/with-postgres.sh (which gives DATABASE_URL and CACHE_URL): migrate,
# load the demo data, start the task worker beside the server, serve until Ctrl+C, and stop the
# worker with the server.
set -euo pipefail
PY=.venv/bin/python
PORT=${PORT:-8000}

$PY manage.py migrate --noinput
$PY manage.py load_demo
echo
$PY manage.py db_worker --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT
trap 'exit 130' INT TERM
echo "Task worker running (pid $worker): mail, the PDF reports and the purges run outside the request"
echo "Rate limits counted in $CACHE_URL"
echo "Serving the portal on http://127.0.0.1:$PORT  (admin: http://127.0.0.1:$PORT/admin/)"
# The system checks ran with migrate above: the server starts without repeating them.
$PY manage.py runserver --skip-checks "127.0.0.1:$PORT"
