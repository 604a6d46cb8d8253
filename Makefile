# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each (re)installs only when pyproject.toml changed since the last install.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,datasette]'
	touch $@ $(VENV)/.installed-base

demo: $(VENV)/.installed-base
	$(BIN)/policyfeed demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,datasette,bench]'
	touch $@ $(VENV)/.installed-base $(VENV)/.installed-test

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench

serve: $(VENV)/.installed-test
	$(BIN)/policyfeed serve

clean:
	rm -rf $(VENV) data/policyfeed.db data/policyfeed.db-*
