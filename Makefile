# The two commands a fresh clone needs: `make site` and `make test`.
# Both create .venv and install pinned dependencies first: `make site` only what a
# build needs (requirements.lock), `make test` the test tools too (requirements-dev.lock).

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
PYTHON ?= python3

.PHONY: setup dev-setup site test lint serve check clean bench pack docs

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python3 -m venv failed; installing Debian's python3-venv"; \
		apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(DEV_STAMP)

setup: $(STAMP)

dev-setup: $(DEV_STAMP)

site: $(STAMP)
	$(BIN)/briefing check
	$(BIN)/briefing build

check: $(STAMP)
	$(BIN)/briefing check

serve: $(STAMP)
	$(BIN)/briefing serve

# Offline packs of the sample briefing: a folder site (zip) and one searchable HTML file.
PACK_BRIEFING ?= russia-china-security-partnership-2022
pack: $(STAMP)
	$(BIN)/briefing pack --briefing $(PACK_BRIEFING) --format zip -o dist/$(PACK_BRIEFING).zip
	$(BIN)/briefing pack --briefing $(PACK_BRIEFING) --format html -o dist/$(PACK_BRIEFING).html

lint: $(DEV_STAMP)
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests
	$(BIN)/mypy

test: $(DEV_STAMP) lint
	@./scripts/install-chromium.sh
	@./scripts/install-test-tools.sh
	$(BIN)/python -m pytest

# The benchmark (see bench/run.py): never part of `make test`. Baselines
# (MkDocs + Material, Hugo) go into their own venv, bench/.venv, from bench/requirements.txt.
BENCH_VENV := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed-stamp

$(BENCH_STAMP): bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	BENCH_FROM_MAKE=1 $(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site $(VENV)

# The generated documents: the editors' schemas and the field reference (docs/fields.md).
docs: $(STAMP)
	$(BIN)/briefing schema
