#!/usr/bin/env bash
# The load test of `make loadtest`, run inside scripts/with-postgres.sh (DATABASE_URL set):
# migrate, seed_bulk, collectstatic, gunicorn on 127.0.0.1 with production settings, locust
# headless for a bounded time, then loadtest/check.py (figures and the write check).
# Knobs: LOADTEST_SCALE (1), LOADTEST_USERS (22, of which LOADTEST_WRITERS=2 school heads),
# LOADTEST_RUN_TIME (60s), LOADTEST_OUT (loadtest/results), LOADTEST_WORKERS (3).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
SCALE=${LOADTEST_SCALE:-1}
USERS=${LOADTEST_USERS:-22}
export LOADTEST_WRITERS=${LOADTEST_WRITERS:-2}
RUN_TIME=${LOADTEST_RUN_TIME:-60s}
OUT=${LOADTEST_OUT:-loadtest/results}
WORKERS=${LOADTEST_WORKERS:-3}

# Production settings, over plain HTTP on the loopback address: no HTTPS redirect, no secure
# cookies, no HSTS. The secret is for this throwaway database only.
export DJANGO_SETTINGS_MODULE=portal.settings DEBUG=0 ALLOWED_HOSTS=127.0.0.1 \
  SECRET_KEY=loadtest-only-secret-key-for-a-throwaway-database-0123456789 \
  SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING \
  EMAIL_URL=locmem: DEVTOOLS=1
# DEVTOOLS=1: seed_bulk is a developer's tool, installed only with DEBUG or DEVTOOLS.
export LOADTEST_PLAN=$OUT/plan.json LOADTEST_WRITES=$OUT/writes.jsonl

mkdir -p "$OUT"
rm -f "$OUT"/locust_*.csv "$LOADTEST_WRITES"
$PY manage.py migrate -v0
echo "Seeding bulk data at scale $SCALE..."
$PY manage.py seed_bulk --scale "$SCALE" --allow-production >/dev/null
$PY manage.py collectstatic --noinput -v0
$PY loadtest/plan.py --writers "$LOADTEST_WRITERS" >"$LOADTEST_PLAN"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" \
    2>/dev/null && break
  sleep 0.2
done

echo "Locust: $USERS users ($LOADTEST_WRITERS school heads) for $RUN_TIME against gunicorn ($WORKERS workers) on 127.0.0.1:$PORT"
status=0
.venv/bin/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 10 --run-time "$RUN_TIME" --stop-timeout 10 \
  --csv "$OUT/locust" --only-summary --loglevel WARNING >"$OUT/locust.log" 2>&1 || status=$?
kill "$GUNICORN" && wait "$GUNICORN" 2>/dev/null || true
echo
$PY loadtest/check.py --csv "$OUT/locust" --writes "$LOADTEST_WRITES" || status=$?
if [ "$status" != 0 ]; then
  echo "Load test failed (locust log: $OUT/locust.log, gunicorn log: $OUT/gunicorn.log)" >&2
fi
exit "$status"
