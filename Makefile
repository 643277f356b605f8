# make run   - set up .venv if needed, build the sample database, start the dashboard
# make test  - install dev dependencies and run the whole test suite
# make lint  - ruff check + ruff format --check
# make evaluate - score extraction on ../shared (seed + dev set), write EVALUATION.md
# make bench - extraction, dashboard, concurrent-reader and fetch benchmarks (updates BENCHMARKS.md)

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# pip runs again only when pyproject.toml is newer than these stamps
RUN_STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format bench bench-1m bench-pg evaluate evaluate-record

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

# make bench    - every benchmark at 10k and 100k events, on DuckDB and on PostgreSQL (a
#                 throwaway cluster, as the tests start one; see BENCHMARKS.md)
# make bench-1m - the dashboard (and the naive build) at 1M events, on both backends
# make bench-pg - the PostgreSQL half of `make bench` alone
BENCH_BROWSER_DEPS := $(DEV_STAMP)

bench: $(BENCH_BROWSER_DEPS)
	$(PY) bench/extract.py --n 2000 --workers 2 --repeat 3
	$(PY) bench/dashboard.py --sizes 10k,100k
	$(PY) bench/readers.py --sessions 20 --servers 2
	$(PY) bench/fetch.py --pages 1000 --feeds 10
	$(MAKE) bench-pg

bench-pg: $(BENCH_BROWSER_DEPS)
	$(PY) bench/dashboard.py --sizes 10k,100k --backend postgresql
	$(PY) bench/readers.py --sessions 20 --servers 2 --backend postgresql
	$(PY) bench/targets.py

bench-1m: $(BENCH_BROWSER_DEPS)
	$(PY) bench/dashboard.py --sizes 1m
	$(PY) bench/dashboard.py --sizes 1m --backend postgresql
	$(PY) bench/targets.py

# make evaluate        - score the seed and the dev set in ../shared, write EVALUATION.md
#                        (then the incident pair evaluation, in its own section)
# make evaluate-record - the same, and record the dev-set totals as the test's new floor
SHARED ?= ../shared

evaluate: $(RUN_STAMP)
	$(PY) scripts/evaluate.py --shared $(SHARED)
	$(PY) scripts/evaluate_incidents.py --shared $(SHARED)

evaluate-record: $(RUN_STAMP)
	$(PY) scripts/evaluate.py --shared $(SHARED) --record
