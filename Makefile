# Streekpact: the README's commands. `make run` serves the demo, `make test` runs every test.
#
#   make run     venv + packages, system check, migrate, demo data, http://127.0.0.1:8000
#   make test    the whole suite (CI runs the same; PYTEST_ARGS="-m smoke" for the quick subset)
#   make lint    ruff, formatting, import layers, missing migrations, translations
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# manage.py and celery default to streekpact.settings, the tests to streekpact.settings_test.

# `make screens` refreshes docs/screens/ (the design system's screenshots, docs/design.md).
.PHONY: screens install run test lint format bench check-system messages messages-check worker beat clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Streekpact needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; \
	  echo "Install it, or point PYTHON at it: make run PYTHON=python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; \
	  exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the front-end packages: sudo apt-get install npm (or install Node.js)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The theme (Bootstrap compiled from its Sass source with our tokens) is a build output: never
# committed, rebuilt when a source changes (docs/design.md).
THEME_CSS := build/static/css/theme.css
$(THEME_CSS): node_modules/.installed $(wildcard assets/scss/*.scss)
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed $(THEME_CSS)

# System libraries first (without Django, so a missing Pango is a message, not a traceback),
# then Django's own checks.
check-system: install
	@$(PY) -m streekpact.core.checks
	@DEBUG=1 $(PY) manage.py check --fail-level ERROR

# Links in mails and .ics files point at the port served, unless SITE_URL is set (in the
# environment or the env file).
RUN_SITE_URL = site="$${SITE_URL:-$$(sed -n 's/^SITE_URL=//p' "$${ENV_FILE:-.env}" 2>/dev/null | tail -n 1)}"; \
	export SITE_URL="$${site:-http://$(HOST):$(PORT)}"

run: check-system
	DEBUG=1 $(PY) manage.py migrate --noinput
	$(RUN_SITE_URL); DEBUG=1 $(PY) manage.py seed_demo
	$(RUN_SITE_URL); DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A streekpact worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A streekpact beat --loglevel=INFO

test: install
	$(PY) -m pytest --ds=streekpact.settings_test $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
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

screens: install
	rm -f docs/screens/*.jpg
	SCREENS_DIR=docs/screens $(PY) -m pytest --ds=streekpact.settings_test tests/core/test_screens.py -k main_pages -p no:cacheprovider -q

clean:
	rm -rf $(VENV) node_modules build staticfiles .pytest_cache db.sqlite3 .test-db.sqlite3
