# Two entry points for a fresh clone: `make run` (baseline scenario) and `make test`
# (everything, browser included; `make test-fast` leaves out the tests marked slow).
# Both create .venv with a Python 3.12+ interpreter found on this machine.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# First Python >= 3.12 among PYTHON, python3.13/3.12 on PATH and pyenv's versions.
FIND_PYTHON = for p in $$PYTHON python3.13 python3.12 python3 \
	  $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$p; exit 0; }; done; \
	  echo "clustersim needs Python 3.12 or newer: none found (set PYTHON=/path/to/python3.12)" >&2; exit 1

.PHONY: run test test-fast bench dashboard clean

$(STAMP): pyproject.toml
	@py=$$($(FIND_PYTHON)) && echo "using $$py" && $$py -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

run: $(STAMP)
	$(BIN)/clustersim run baseline

test: $(STAMP)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium; } \
	  || { echo "the dashboard's browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; }
	$(BIN)/pytest -q -n auto --dist loadscope

test-fast: $(STAMP)
	$(BIN)/pytest -q -n auto --dist loadscope -m "not slow"

bench: $(STAMP)
	$(BIN)/python experiments/benchmark.py

dashboard: $(STAMP)
	$(BIN)/clustersim dashboard

clean:
	rm -rf $(VENV)
