# Ducha: the two commands of the README, and a few helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
## each installs once per change of pyproject.toml
VERSION    := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP  := $(VENV)/.installed-run-$(VERSION)
TEST_STAMP := $(VENV)/.installed-test-$(VERSION)

.PHONY: run test lint bench install translations clean

## what running Ducha needs
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-* && touch $(RUN_STAMP)

## and the test tools besides (pytest, mypy, ruff, Playwright, schemathesis ...)
$(TEST_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-test-* && touch $(TEST_STAMP)

install: $(RUN_STAMP) translations

## compiled message catalogs are build output, made from the .po files in the repository
translations: $(RUN_STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d portal/translations -D messages >/dev/null

## links in feeds and e-mails, and the ledger key's name, carry the address served (unless set)
run: export DUCHA_PUBLIC_URL ?= http://$(HOST):$(PORT)

## make run: embedded SQLite store in ./var, demo data, projector and web server on :8000
run: install
	$(BIN)/flask --app wsgi db init
	$(BIN)/flask --app wsgi demo load
	$(BIN)/flask --app wsgi projections catch-up
	@echo "Ducha: http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the projector)"
	@echo "Officials: http://$(HOST):$(PORT)/admin/login  user demo-office (or demo-intake,"
	@echo "  demo-leader, demo-auditor, demo-inspector-1, demo-unit-donghu ...), password ducha-demo"
	@$(BIN)/flask --app wsgi projections run & projector=$$!; \
	trap 'kill -TERM $$projector 2>/dev/null; wait $$projector' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 'wsgi:create_web_app()'

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make test: lint, types, then the whole suite
test: lint translations
	$(BIN)/python -m pytest

## benchmarks: each prints Ducha beside its baseline from the same run (see README)
bench: install
	PYTHONPATH=. $(BIN)/python bench/commands.py
	PYTHONPATH=. $(BIN)/python bench/readside.py
	PYTHONPATH=. $(BIN)/python bench/ledger.py
	PYTHONPATH=. $(BIN)/python bench/rules.py
	PYTHONPATH=. $(BIN)/python bench/portal.py  # needs wrk: apt-get install wrk
	PYTHONPATH=. $(BIN)/python bench/scaleout.py  # wrk and PostgreSQL on 127.0.0.1
	PYTHONPATH=. $(BIN)/python bench/open311.py  # needs wrk

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
