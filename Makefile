# The two commands of the README:
#   make run    set everything up, load the bundled data into the embedded store, serve on 127.0.0.1:8000
#   make test   set everything up for the tests and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= egovkg-store

.PHONY: run test lint typecheck setup setup-test system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

#: axe-core, the accessibility checker the browser tests inject into pages (a test tool, never served by the app)
AXE_VERSION := 4.14.1
AXE := build/axe/node_modules/axe-core/axe.min.js

setup-test: $(BIN)/python system-deps $(AXE)
	$(BIN)/pip install --quiet -e '.[test]'

$(AXE):
	npm install --prefix build/axe axe-core@$(AXE_VERSION) --no-audit --no-fund --silent

# Debian packages the tests use, as "command:package" pairs: Java for the HermiT reasoner, Chromium
# for the browser tests (npm fetches axe-core for them), Virtuoso (server only, no service) for the remote-store tests. Only what is missing is installed (needs root, as on CI).
APT_DEPS := java:default-jre-headless npm:npm chromium:chromium chromedriver:chromium-driver virtuoso-t:virtuoso-opensource-7-bin

system-deps:
	@missing=""; for dep in $(APT_DEPS); do \
	  command -v $${dep%%:*} >/dev/null 2>&1 || missing="$$missing $${dep#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi

run: setup
	$(BIN)/egovkg load --store $(STORE)
	$(BIN)/egovkg serve --store $(STORE) --host 127.0.0.1 --port 8000

test: setup-test lint
	$(BIN)/python -m pytest

# ruff must pass; mypy reports (it is not clean yet, see the README)
lint: setup-test
	$(BIN)/ruff check .

typecheck: setup-test
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
