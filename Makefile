# Two entry points for newcomers: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint fmt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/llmkg validate
	$(BIN)/llmkg query classes

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/llmkg fmt --check
	$(BIN)/python -m pytest

fmt: $(VENV)/.installed-run
	$(BIN)/llmkg fmt

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
