# coproduction build and test entry points.
#
# The interpreter is found by tools/find_python.sh (first Python >= 3.12 among
# python3.13, python3.12, python3 and pyenv's versions); override with
#   make PYTHON=/path/to/python
# .venv is (re)installed only when pyproject.toml or constraints.txt change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := dev,dask
UV_VERSION := 0.13.9

.DEFAULT_GOAL := help

.PHONY: help venv .venv demo test lint format baseline bench scaling constraints clean

help:
	@echo "Targets:"
	@echo "  make .venv        create .venv and install coproduction[$(EXTRAS)] with constraints.txt"
	@echo "  make demo         run the four-scenario comparison into results/demo"
	@echo "  make test         ruff check, ruff format --check, lint-imports (layers), pytest"
	@echo "  make lint         ruff check, ruff format --check and lint-imports"
	@echo "  make format       ruff format and ruff check --fix"
	@echo "  make baseline     regenerate the baseline results"
	@echo "  make bench        run the step-speed benchmark"
	@echo "  make scaling      step speed and memory from 1e3 to 3.1e6 citizens, and against Mesa"
	@echo "  make bench-sweep  coprod sweep against mesa.batch_run (throughput, memory)"
	@echo "  make bench-peers  agent-steps/s and bytes per agent beside Covasim 3.1.6 and Starsim"
	@echo "  make experiment-NAME  run experiments/NAME.toml into results/NAME (make experiments: all)"
	@echo "  make constraints  re-resolve dependencies and rewrite constraints.txt"
	@echo "  make clean        remove .venv, build artefacts and caches"

venv .venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		py="$$(bash tools/find_python.sh '$(PYTHON)')"; \
		echo "Creating $(VENV) with $$py ($$("$$py" -V 2>&1))"; \
		rm -rf $(VENV); \
		"$$py" -m venv $(VENV); \
	fi
	@# uv (pinned) installs the pinned set in seconds; plain pip is the fallback.
	if $(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'; then \
		$(BIN)/uv pip install --python $(BIN)/python -c constraints.txt -e '.[$(EXTRAS)]'; \
	else \
		$(BIN)/python -m pip install -c constraints.txt -e '.[$(EXTRAS)]'; \
	fi
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/coprod compare top_down consultation co_produced timebank \
		--replications 10 --weeks 520 --set n_citizens=2000 --out results/demo --force

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

baseline: $(STAMP)
	$(BIN)/python -m coproduction.baseline

bench: $(STAMP)
	$(BIN)/python benchmarks/step_speed.py

# SCALING_ARGS='--max-n 100000' for a quick run
scaling: $(STAMP)
	$(BIN)/python benchmarks/scaling.py $(SCALING_ARGS)

# Experiments (coprod sweep): make experiment-NAME runs experiments/NAME.toml into
# results/NAME (resuming if interrupted), summarises it, and for the sobol and morris
# experiments prints the sensitivity indices.
EXPERIMENTS := $(basename $(notdir $(wildcard experiments/*.toml)))
# Peers in an environment of their own (Covasim pins old versions of its dependencies).
PEERS := .cache/bench-peers
PEERS_ARGS ?=
.PHONY: bench-peers
bench-peers: $(STAMP)
	@if ! $(PEERS)/bin/python -c 'import covasim, starsim' >/dev/null 2>&1; then \
		py="$$(bash tools/find_python.sh '$(PYTHON)')"; \
		rm -rf $(PEERS); "$$py" -m venv $(PEERS); \
		$(PEERS)/bin/python -m pip install --quiet 'covasim==3.1.6' starsim; \
	fi
	$(BIN)/python benchmarks/peers.py --peer-python $(PEERS)/bin/python $(PEERS_ARGS)

.PHONY: bench-sweep experiments $(addprefix experiment-,$(EXPERIMENTS))

bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/sweep_throughput.py

experiments: $(addprefix experiment-,$(EXPERIMENTS))

experiment-%: $(STAMP)
	$(BIN)/coprod sweep $* --out results/$*
	$(BIN)/coprod results results/$*
	@if grep -qE '^method = "(sobol|morris)"' experiments/$*.toml; then \
		$(BIN)/coprod sensitivity results/$*; fi

# Resolve the package with all of `make`'s extras in a scratch venv, from scratch
# (no constraints), and write the exact versions to constraints.txt.
constraints:
	@py="$$(bash tools/find_python.sh '$(PYTHON)')"; \
	tmp="$$(mktemp -d)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	echo "Resolving with $$py ($$("$$py" -V 2>&1)) in $$tmp"; \
	"$$py" -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet '.[$(EXTRAS)]'; \
	{ \
		echo "# Exact versions of everything \`make\` installs: coproduction[$(EXTRAS)]'s dependencies."; \
		echo "# Used as: pip install -c constraints.txt -e '.[$(EXTRAS)]'"; \
		echo "# Regenerate with: make constraints  (resolves afresh in a scratch venv, then pip freeze)"; \
		"$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -viE '^coproduction([ =@]|$$)'; \
	} > constraints.txt.new; \
	mv constraints.txt.new constraints.txt; \
	echo "Wrote constraints.txt ($$(grep -vc '^#' constraints.txt) pins)"

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis .import_linter_cache
	find . -name '__pycache__' -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +
