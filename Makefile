# Streekpact: the README's commands. `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= streekpact.settings

.PHONY: install run test lint format bench check-system messages messages-check worker clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the front-end packages: apt-get install npm (or install Node.js)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

check-system: install
	@DEBUG=1 $(PY) manage.py check --fail-level ERROR

run: check-system
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(VENV)/bin/celery -A streekpact worker --loglevel=INFO

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=streekpact.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) messages-check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l nl_BE --no-obsolete --no-location --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*'
	DEBUG=1 $(PY) manage.py compilemessages -l nl_BE --ignore='.venv/*' --ignore='node_modules/*'

messages-check: install
	DEBUG=1 $(PY) manage.py check_translations

bench: install
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache db.sqlite3 .test-db.sqlite3
