PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint serve bench superuser mutate messages

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

# The Spanish catalogue: new words from templates and code into locale/es/…/django.po to
# translate, then the compiled django.mo, which is committed so that nothing but this
# needs gettext (apt-get install gettext). The admin's templates stay English.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l es --no-location --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=bench --ignore=tests --ignore=mutants \
		--ignore='templates/admin/*'
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv --ignore=mutants

# The production configuration on this machine: DEBUG off, hashed and compressed
# static files, nginx in front of gunicorn on SERVE_BIND (gunicorn alone on
# GUNICORN_BIND when nginx is not installed; deploy/serve.py). Plain HTTP on the
# loopback address, so DJANGO_HTTPS=0.
SERVE_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY="$$(cat .secret-key)"

.secret-key:
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret-key

serve: $(STAMP) .secret-key
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(SERVE_ENV) $(BIN)/python -m deploy.serve

# The suite again on PostgreSQL (CI runs it after `make test`).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run

superuser: $(STAMP)
	$(BIN)/python manage.py createsuperuser

# Mutation testing of the modules with no database and no HTTP, against their fast tests
# (pyproject.toml, [tool.mutmut]). Each run starts afresh, since mutmut keeps its old
# verdicts when only the tests have changed. A mutant counts as killed when a test fails
# or runs out of time. The survivors no test can kill are in mutants-equivalent.md;
# `$(BIN)/mutmut results` lists the others and `$(BIN)/mutmut show NAME` shows one.
MUTATE_JOBS ?= 2

mutate: $(STAMP)
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS) > mutants/run.log 2>&1 \
		|| { tail -n 40 mutants/run.log; exit 1; }
	@$(BIN)/mutmut results --all true | awk -F': ' ' \
		/__mutmut_/ { \
			module = $$1; sub(/^ +/, "", module); sub(/\.[^.]*$$/, "", module); \
			total[module]++; if ($$2 == "killed" || $$2 == "timeout") killed[module]++ \
		} \
		END { for (module in total) printf "%-32s %4d / %4d killed  %5.1f %%\n", \
			module, killed[module], total[module], 100 * killed[module] / total[module] }' \
		| sort
