# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each (re)installs only when pyproject.toml changed since the last install.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test bench serve screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,datasette,browser]'
	touch $@ $(VENV)/.installed-base

demo: $(VENV)/.installed-base
	$(BIN)/policyfeed demo

# the code is checked (ruff, mypy: settings in pyproject.toml) before the suite runs
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,datasette,browser,bench]'
	touch $@ $(VENV)/.installed-base $(VENV)/.installed-test

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench

serve: $(VENV)/.installed-test
	$(BIN)/policyfeed serve

# the README's pictures (docs/screenshots), taken by tests/test_browser.py in Debian's Chromium
screenshots: $(VENV)/.installed-test
	@command -v chromium >/dev/null || { echo "screenshots need Chromium: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; }
	POLICYFEED_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

clean:
	rm -rf $(VENV) data/policyfeed.db data/policyfeed.db-*
