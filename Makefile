# make run   - set up .venv if needed, build the sample database, start the dashboard
# make test  - install dev dependencies and run the whole test suite
# make lint  - ruff check + ruff format --check
# make bench - extraction throughput on the sample corpus (updates BENCHMARKS.md)

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# pip runs again only when pyproject.toml is newer than these stamps
RUN_STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format bench

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@ $(RUN_STAMP)

# Port: 8501 unless STREAMLIT_SERVER_PORT is set (streamlit reads it itself).
run: $(RUN_STAMP)
	$(PY) -m dashboard build-sample
	bash scripts/install_static_assets.sh
	$(PY) -m streamlit run app.py --server.address 127.0.0.1

test: $(DEV_STAMP)
	$(PY) -m pytest

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(DEV_STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: $(RUN_STAMP)
	$(PY) bench/extract.py
