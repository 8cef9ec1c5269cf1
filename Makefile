# One task runner for README, CI and developers.
# make serve   install and run the main job (build every form, serve the assistants; Debian's pango and DejaVu fonts for the PDFs)
# make test    install what tests need (incl. Debian's chromium, postgresql, xmllint and poppler-utils) and run the test suite

# The interpreter of .venv: the distribution's own /usr/bin/python3 when it is 3.11 or newer and can make
# venvs (Debian builds it with profile-guided and link-time optimisation: the cold build of 186 Kommunen
# needs about a fifth less CPU than with a pyenv build without them, bench/build_scale.py), else python3
# from PATH. `make PYTHON=python3.12 ...` chooses another; an existing .venv is kept (`make clean` first).
PYTHON ?= $(shell /usr/bin/python3 -c 'import ensurepip, sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
            && echo /usr/bin/python3 || echo python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve install install-test lock test-latest runtime-deps system-deps node-deps assets css test lint check bench schemas clean

# Installs are locked: requirements/*.lock pin every package with its hashes (`make lock` refreshes them).
LOCK_SERVE := requirements/serve.lock
LOCK_TEST  := requirements/test.lock
UV_COMPILE  = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
              --quiet --custom-compile-command "make lock"

$(BIN)/kitaforms: pyproject.toml $(LOCK_SERVE)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK_SERVE)
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

install: $(BIN)/kitaforms

serve: install runtime-deps
	$(BIN)/kitaforms build
	$(BIN)/kitaforms serve --host $(HOST) --port $(PORT)

install-test: $(VENV)/.test-installed

$(VENV)/.test-installed: $(BIN)/kitaforms $(LOCK_TEST)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK_TEST)
	@touch $@

# refresh the lock files to the newest versions pyproject.toml allows (then run `make test`)
lock: install
	$(BIN)/pip install --quiet 'uv>=0.9,<1'
	$(UV_COMPILE) --upgrade --extra test -o $(LOCK_TEST)
	$(UV_COMPILE) --upgrade -c $(LOCK_TEST) -o $(LOCK_SERVE)

# the suite against the newest versions pyproject.toml allows, in a separate venv (.venv-latest)
test-latest: system-deps node-deps
	test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	.venv-latest/bin/python -m pytest

# what `kitaforms serve` needs from Debian: pango for the PDFs (WeasyPrint), the DejaVu fonts they embed, tzdata
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core tzdata
runtime-deps:
	@dpkg-query -W $(RUNTIME_DEBS) >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(RUNTIME_DEBS) >/dev/null; }

system-deps: runtime-deps
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v node >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }
	@command -v xmllint >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libxml2-utils >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm install --no-audit --no-fund --silent
	@touch $@

# the terser-minified runtime the assistants ship (renderers/default/static/js/min/); run after editing static/js
assets: system-deps node-deps css
	node tools/minify-js.mjs

# the KERN UX layer of the theme (renderers/default/static/css/kern.css), compiled by sass from
# renderers/default/scss/ with KERN's SCSS sources (@kern-ux/native, a pinned dev dependency); run after editing scss/
css: node-deps
	node tools/build-css.mjs

test: install-test system-deps node-deps
	$(BIN)/python -m pytest

lint: install-test node-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/kitaforms fmt --check forms satzungen
	$(BIN)/kitaforms docs --check
	node tools/minify-js.mjs --check
	node tools/build-css.mjs --check

check: install
	$(BIN)/kitaforms validate --strict
	$(BIN)/kitaforms build --check

schemas: install
	$(BIN)/kitaforms schema --out schemas

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) .venv-latest node_modules dist build .pytest_cache
