# Two commands for a newcomer: `make run` and `make test` (README.md); the rest: docs/development.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Interpreters tried in order. pyenv's shims for 3.12/3.13 only work once .python-version
# (at the repository root) names them, which it does.
PYTHON_CANDIDATES ?= python3.13 python3.12 python3 python

.PHONY: help run test install install-dev chromium nginx pdf-libs check messages benchmark bench loadtest clean

help:
	@echo "make run   - install, migrate, load the demo data, start the task worker and serve http://127.0.0.1:8000"
	@echo "make test  - install test tools, start a throwaway PostgreSQL, run every check and test"
	@echo "make test-fast - the checks and the fast tests only (no browser, no slow tests)"

$(PY):
	@python=""; for candidate in $(PYTHON_CANDIDATES); do \
	  if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    python=$$(command -v $$candidate); break; fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "ERROR: no Python 3.12 or newer runs here (tried: $(PYTHON_CANDIDATES))." >&2; \
	  echo "Install Python 3.12+ (e.g. 'pyenv install 3.13' or 'apt-get install python3.13 python3.13-venv')," >&2; \
	  echo "or name one with: make run PYTHON_CANDIDATES=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV) || { echo "ERROR: '$$python -m venv' failed: install the venv module (e.g. apt-get install python3-venv)." >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

# The requirements*.txt are lock files that pip-tools compiles from the requirements*.in beside
# them (make lock, make upgrade below): every package pinned, with the hashes of its files, so
# pip refuses anything else. requirements-dev.txt and requirements-bench.txt each hold the whole
# runtime too, at requirements.txt's versions.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# `make lock` after editing a requirements*.in: recompiles the three lock files, keeping every
# pin they already have. `make upgrade` recompiles them with the newest releases that the .in
# files allow, or only for `make upgrade PACKAGE=certifi` (several: PACKAGE="certifi urllib3";
# a version: PACKAGE=certifi==2026.11.1); then run `make test`. The .in files pin what we ask
# for with ==, so a new Django (say) is: edit its pin in requirements.in, then `make lock`.
# In this order: dev is constrained by requirements.txt, bench by both (it installs into the
# same .venv as dev).
# pip-tools is pinned in requirements-dev.in rather than pip-installed by name here: so it comes
# hash-checked like every other tool, in the version that wrote the lock files, with its own
# dependencies locked too; and it stays out of requirements.txt, the runtime.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
LOCK_ARGS ?=
.PHONY: lock upgrade
lock: install-dev
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements.txt requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements-bench.txt requirements-bench.in

upgrade: LOCK_ARGS = $(if $(PACKAGE),$(foreach package,$(PACKAGE),--upgrade-package '$(package)'),--upgrade)
upgrade: lock
	@echo "Recompiled with $(LOCK_ARGS). Review 'git diff requirements*.txt', then run: make test"

# PostgreSQL, the one database engine, in .postgres/ (made on the first run, kept between runs,
# stopped with the server) and a memcached for the rate limits' counters, both through
# scripts/with-postgres.sh; then scripts/run.sh migrates, loads the demo data, starts the task
# worker (manage.py db_worker) in the background and serves until Ctrl+C. PORT=8001 for another
# port.
PORT ?= 8000
# make run's PostgreSQL: the port the settings assume with DEBUG and no DATABASE_URL, so that
# `DEBUG=1 .venv/bin/python manage.py shell` beside a running `make run` reaches its database.
RUN_PG_PORT ?= 55432
run: export DEBUG ?= 1
run: export PORT := $(PORT)
run: install pdf-libs
	KEEP_PGDATA=.postgres PG_PORT=$(RUN_PG_PORT) scripts/with-postgres.sh scripts/run.sh

# Debian's Chromium for the browser tests; Playwright's own browser download is not used.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "ERROR: Chromium is missing: run 'sudo apt-get install chromium'." >&2; exit 1; fi; \
	fi

# Debian's nginx and its Brotli module, for the test that starts deploy/nginx/portal.conf in front
# of gunicorn (portal/tests/test_proxy_compression.py, on its own ports). Where systemd runs,
# Debian also starts the nginx service on port 80 when it installs it; the tests do not use it.
NGINX_PACKAGES := nginx libnginx-mod-http-brotli-filter
nginx:
	@if [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(NGINX_PACKAGES) >/dev/null; \
	  else echo "ERROR: nginx or its Brotli module is missing: run 'sudo apt-get install $(NGINX_PACKAGES)'." >&2; exit 1; fi; \
	fi

# WeasyPrint (the dashboards' PDF reports) draws with the system's Pango and HarfBuzz. Installed
# when missing and run as root; otherwise `make run` warns (the portal runs, its PDFs do not)
# and `make test` stops.
# IPA Gothic draws the Japanese PDFs (/ja/).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-ipafont-gothic
pdf-libs: install
	@if ! $(PY) -c 'import weasyprint' >/dev/null 2>&1 || ! fc-list :lang=ja 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango for the PDF reports ($(PDF_PACKAGES))..."; \
	    apt-get update -qq && apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  elif [ -n "$(PDF_LIBS_REQUIRED)" ]; then \
	    echo "ERROR: WeasyPrint cannot load Pango, or no Japanese font: run 'sudo apt-get install $(PDF_PACKAGES)'." >&2; exit 1; \
	  else \
	    echo "WARNING: WeasyPrint cannot load Pango or no Japanese font, so PDF reports will not work (in Japanese): run 'sudo apt-get install $(PDF_PACKAGES)'." >&2; \
	  fi; \
	fi

# Lints and Django's own checks; run inside scripts/with-postgres.sh by `make test`.
check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py check
	DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py makemigrations --check --dry-run

# Every check and test: the fast tests first (everything but the browser journeys and the slow
# tests: marked in conftest.py), then the slow ones; `make test-fast` for everyday work stops
# after the first half. PYTEST_ARGS="-k directory" narrows both.
test: install-dev chromium nginx
	@$(MAKE) --no-print-directory pdf-libs PDF_LIBS_REQUIRED=1
	scripts/with-postgres.sh $(MAKE) --no-print-directory check pytest-fast pytest-slow

test-fast: install-dev
	@$(MAKE) --no-print-directory pdf-libs PDF_LIBS_REQUIRED=1
	scripts/with-postgres.sh $(MAKE) --no-print-directory check pytest-fast

.PHONY: pytest pytest-fast pytest-slow test-fast
pytest: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Exit code 5 (no test selected, e.g. by PYTEST_ARGS) is not a failure of the half.
pytest-fast: install-dev
	$(VENV)/bin/pytest -m "not browser and not slow" $(PYTEST_ARGS) || [ $$? = 5 ]

pytest-slow: install-dev
	$(VENV)/bin/pytest -m "browser or slow" $(PYTEST_ARGS) || [ $$? = 5 ]

# Regenerate the message catalogues after changing user-facing text.
messages: install
	DEBUG=1 $(PY) manage.py makemessages --locale id --locale en --locale ja --ignore '.venv/*' --ignore 'static/*' --no-obsolete
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

# Speed and memory of the 10,000-row roster import, on a throwaway PostgreSQL (not a test).
benchmark: install
	scripts/with-postgres.sh sh -c 'DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py migrate -v0 && DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py benchmark_import && DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py benchmark_import --memory'

# The key pages at scales 0.01 and 1 of the bulk data: queries, time, size, slowest query
# (docs/performance.md). BENCH_ARGS="--runs 3 --scale 0.002 --scale 0.01" for a quick try.
$(VENV)/.installed-bench: requirements.txt requirements-bench.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-bench.txt
	@touch $@

bench: $(VENV)/.installed-bench
	scripts/with-postgres.sh sh -c 'DEBUG=0 DJANGO_SETTINGS_MODULE=portal.test_settings $(PY) manage.py bench $(BENCH_ARGS)'

# locust against gunicorn on PostgreSQL at scale 1, then a check that every write landed once.
# LOADTEST_RUN_TIME=60s LOADTEST_USERS=22 LOADTEST_WRITERS=2 LOADTEST_SCALE=1 (docs/performance.md).
loadtest: $(VENV)/.installed-bench
	scripts/with-postgres.sh loadtest/run.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
