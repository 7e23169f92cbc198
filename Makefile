# The two commands: `make run` (the portal with the Humber demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# Two processes (pytest-xdist) and the 40 slowest tests listed; `make test PYTEST_ARGS=...` overrides.
PYTEST_ARGS ?= -n 2 --durations=40
# Links in e-mails follow the port the portal runs on, unless the environment says otherwise.
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
export PORTAL_BASE_URL

.PHONY: run test install install-dev assets graphviz migrate demo expire reminders trends lint format check-migrations clean

run: install assets graphviz migrate demo expire reminders trends  ## Run the portal on http://127.0.0.1:8000 (or PORT) with the demo loaded
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev assets graphviz  ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

install: $(UV)
	# --inexact keeps uv itself (installed above) in the same virtual environment.
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --no-dev
	npm ci --no-audit --no-fund --loglevel=error

install-dev: $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact
	npm ci --no-audit --no-fund --loglevel=error

assets:  ## Compile GOV.UK + MOJ Frontend Sass and copy their scripts into static/build/
	npm run --silent build

# Graphviz's `dot` draws the information map: installed with apt-get where it is missing and
# apt-get can (as root, on Debian); otherwise a note, and the map shows its table alone.
graphviz:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; } >/dev/null 2>&1; then \
		echo "Installed Graphviz (dot) for the information map."; \
	else echo "Graphviz (dot) is not installed: the information map shows its table only."; fi

migrate:
	$(BIN)/python manage.py migrate --noinput

demo:
	$(BIN)/python manage.py load_demo

# The daily agreement expiry, run once now (jobs run in-process here; expires nothing twice).
expire:
	$(BIN)/python manage.py expire_agreements

# One sweep now, so the demo logins find their reminders waiting (sends nothing twice).
reminders:
	$(BIN)/python manage.py send_reminders

# The dashboard's trend charts, worked out from the demo's history (safe to run again).
trends:
	$(BIN)/python manage.py rebuild_trends

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules static/build staticfiles var
