# Ducha: the two commands of the README, and a few helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench install translations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) translations

## compiled message catalogs are build output, made from the .po files in the repository
translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d portal/translations -D messages >/dev/null

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

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make test: lint, types, then the whole suite
test: lint
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
