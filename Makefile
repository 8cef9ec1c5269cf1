# One task runner for README, CI and developers.
# make serve   install and run the main job (build every form, serve the assistants)
# make test    install what tests need (incl. Debian's chromium) and run the test suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve install install-test system-deps node-deps assets test lint check bench schemas clean

$(BIN)/kitaforms: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/kitaforms

serve: install
	$(BIN)/kitaforms build
	$(BIN)/kitaforms serve --host $(HOST) --port $(PORT)

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'

system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v node >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm install --no-audit --no-fund --silent
	@touch $@

# the terser-minified runtime the assistants ship (renderers/default/static/js/min/); run after editing static/js
assets: system-deps node-deps
	node tools/minify-js.mjs

test: install-test system-deps node-deps
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/kitaforms fmt --check forms satzungen
	$(BIN)/kitaforms docs --check
	node tools/minify-js.mjs --check

check: install
	$(BIN)/kitaforms validate --strict
	$(BIN)/kitaforms build --check

schemas: install
	$(BIN)/kitaforms schema --out schemas

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) node_modules dist build .pytest_cache
