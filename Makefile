# supplynet: build, check and run. Needs only Python 3.11+, pip and Node.js.
#
#   make demo    load and analyse the demo network, then serve the API and views (Ctrl-C stops)
#   make test    install everything, then lint, type-check and run the whole suite

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.supplynet-installed
PYTEST  := $(BIN)/pytest -p no:cacheprovider

# Benchmarks are scripts, never timed tests; `make bench` runs each of them.
BENCHMARKS := \
	benchmarks/adversary_benchmark.py \
	benchmarks/analysis_benchmark.py \
	benchmarks/search_benchmark.py \
	benchmarks/api_load.py \
	benchmarks/index_read_benchmark.py \
	benchmarks/restart_benchmark.py \
	benchmarks/store_benchmark.py \
	benchmarks/e2e_benchmark.py \
	benchmarks/gleif_import_benchmark.py \
	benchmarks/matching_benchmark.py \
	benchmarks/stress_benchmark.py \
	benchmarks/viz_benchmark.py \
	benchmarks/volume_stress_benchmark.py \
	benchmarks/plan_stockpile_benchmark.py

# pytest exits with 5 when it collected no tests; a check that ran nothing must
# fail loudly, never pass quietly.
define run_pytest
	@set +e; $(PYTEST) $(1); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests ($(1))" >&2; exit 1; fi; \
	exit $$rc
endef

.PHONY: help install lint typecheck test unit e2e bench demo clean db-start db-stop db-status browser-deps

help:
	@echo "make demo | test | install | lint | typecheck | unit | e2e | bench | clean"
	@echo "make db-start | db-stop | db-status | browser-deps"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "error: supplynet needs Python 3.11 or newer ($(PYTHON) is older)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency declarations change.
$(STAMP): pyproject.toml package.json package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "warning: npm not found; the Cypher lint test (Neo4j's linter) will be skipped" >&2; \
	fi
	@touch $@

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Debian's chromium for the browser tests. CI runs as root with apt; elsewhere
# (no root, no apt) the browser tests skip and everything else still runs.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then \
		exit 0; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
		|| echo "warning: installing chromium failed; the browser tests will be skipped" >&2; \
	else \
		echo "warning: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get); the browser tests will be skipped" >&2; \
	fi

# Two pytest workers; each test module runs on one worker per store (tests/conftest.py
# schedules them), so module fixtures are built once per store and both stores run at once.
TEST_WORKERS ?= 2
test: browser-deps lint typecheck
	$(call run_pytest,-n $(TEST_WORKERS) --dist loadscope)

unit: $(STAMP)
	$(call run_pytest,-m unit)

e2e: $(STAMP)
	$(call run_pytest,-m e2e)

bench: $(STAMP)
	@for f in benchmarks/*.py; do \
		case " $(BENCHMARKS) " in *" $$f "*) ;; \
		*) echo "error: $$f is not listed in BENCHMARKS in the Makefile" >&2; exit 1;; esac; \
	done
	@set -e; for f in $(BENCHMARKS); do echo "== $$f"; $(BIN)/python $$f; done

# make demo PORT=8080 HOST=0.0.0.0 (defaults: 8000 on loopback only).
PORT ?= 8000
HOST ?= 127.0.0.1
demo: $(STAMP)
	$(BIN)/supplynet demo --serve --host $(HOST) --port $(PORT)

db-start: $(STAMP)
	$(BIN)/supplynet db start

db-stop: $(STAMP)
	$(BIN)/supplynet db stop

db-status: $(STAMP)
	$(BIN)/supplynet db status

clean:
	-@[ -x $(BIN)/supplynet ] && $(BIN)/supplynet db stop >/dev/null 2>&1 || true
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		test-artifacts benchmarks/out build dist *.egg-info
