# Incident Desk — `make run` for a one-laptop trial, `make test` for the whole suite.
# DATABASE_URL / CELERY_BROKER_URL switch both to PostgreSQL and Redis/RabbitMQ.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint format migrate demo worker web clean messages compilemessages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_user

# The web app, a real Celery worker and beat (feed polling) side by side. Ctrl-C (or TERM) stops
# all three: the trap forwards TERM to each child and waits, so the worker finishes cleanly.
run: demo
	@$(BIN)/python manage.py collectstatic --no-input -v0
	@echo ""
	@echo "  Incident Desk: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	@$(BIN)/python manage.py create_demo_user --print-only
	@echo ""
	@trap 'trap - INT TERM EXIT; kill -TERM $$(jobs -p) 2>/dev/null; wait' INT TERM EXIT; \
	  $(BIN)/celery -A config worker --loglevel=info --concurrency=2 & \
	  $(BIN)/celery -A config beat --loglevel=info --schedule=var/celerybeat-schedule & \
	  $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT) & \
	  wait

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Translations (needs GNU gettext: apt-get install gettext). `make messages` collects every marked
# string into locale/fr/LC_MESSAGES/django.po (new ones empty, changed ones fuzzy); fill them in,
# then `make compilemessages` writes the .mo that Django reads (committed, so `make run` needs no
# gettext). tests/test_translations.py fails while any French string is missing or fuzzy.
MESSAGE_DIRS := --ignore=$(VENV) --ignore=var --ignore=staticfiles --ignore=artifacts --ignore=tests --ignore=bench --ignore=docs

messages: install
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --add-location=file $(MESSAGE_DIRS)
	@msgfmt --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po

compilemessages: install
	$(BIN)/python manage.py compilemessages -l fr --ignore=$(VENV)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles
