PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint superuser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	@echo ""
	@echo "  Helpdesk is starting on http://127.0.0.1:8000/"
	@echo "  Staff sign in at http://127.0.0.1:8000/admin/ with an account made by:"
	@echo "      $(BIN)/python manage.py createsuperuser"
	@echo "  (run it in another terminal; it asks for a username and password)."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest

superuser: $(STAMP)
	$(BIN)/python manage.py createsuperuser
