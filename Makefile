# The two commands a fresh clone needs: `make site` and `make test`.
# Both create .venv and install the pinned dependencies first.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: setup site test lint serve check clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python3 -m venv failed; installing Debian's python3-venv"; \
		apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)
	$(BIN)/briefing check
	$(BIN)/briefing build

check: $(STAMP)
	$(BIN)/briefing check

serve: $(STAMP)
	$(BIN)/briefing serve

lint: $(STAMP)
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests
	$(BIN)/mypy

test: $(STAMP) lint
	@./scripts/install-chromium.sh
	@./scripts/install-test-tools.sh
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
