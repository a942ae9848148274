# OneWindow (一窗通). Quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ADDR ?= 127.0.0.1:8000
PYTEST_WORKERS ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test test-pg test-e2e install install-dev assets messages migrate lint format serve clean stack stack-down stack-status

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reproducible installs from the lock files (regenerate with pip-compile, see docs/operations.md).
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Front-end packages come from package.json and are served locally: no CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

onewindow/static/vendor/VERSIONS.json: node_modules/.package-lock.json scripts/build_assets.mjs
	npm run --silent build

assets: onewindow/static/vendor/VERSIONS.json

messages: | $(BIN)/python
	$(BIN)/python scripts/compile_messages.py

.env: | $(BIN)/python
	$(BIN)/python scripts/make_env.py > .env

migrate: install assets messages .env
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --addr $(DEMO_ADDR)
	$(BIN)/python manage.py runserver --noreload $(DEMO_ADDR)

serve: migrate
	$(BIN)/python manage.py runserver --noreload $(DEMO_ADDR)

# The whole suite on SQLite: unit and integration tests in parallel, then the browser tests.
test: install-dev assets messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -m "not e2e" -n $(PYTEST_WORKERS) -q
	$(BIN)/pytest -m e2e -q -rs

# The same suite against PostgreSQL (DATABASE_URL must point at it; .ci/run sets it).
test-pg: install-dev assets messages
	$(BIN)/pytest -m "not e2e" -n $(PYTEST_WORKERS) -q

test-e2e: install-dev assets messages
	$(BIN)/pytest -m e2e -q -rs

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules onewindow/static/vendor staticfiles var test-artifacts

# The production profile on this machine: nginx (TLS) over two gunicorn nodes, PostgreSQL,
# Redis, a Celery worker and beat, all under var/stack/ (docs/operations.md).
stack:
	scripts/stack.sh up

stack-down:
	scripts/stack.sh down

stack-status:
	scripts/stack.sh status
