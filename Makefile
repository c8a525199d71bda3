# Two entry points: `make demo` (the main job) and `make test` (everything CI runs).
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Two cores: keep parallel jobs bounded so builds do not thrash.
export CARGO_BUILD_JOBS ?= 2

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: bench bench-quick contract-test schema test demo lint docs rust-test python-env python-build python-test node-env node-build node-test dist dist-crates dist-check fuzz fmt

# Release artifacts are built once and tested: the wheel and the .node that `make dist` ships are
# the ones pytest and node --test load, then installed again in clean environments.
test: lint docs rust-test python-test node-test contract-test dist-check

demo:
	$(CARGO) run --locked -q -p waha-groups-examples --bin quickstart

lint: node-env
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	NODE_PATH=$(NODE_DIR)/node_modules node scripts/lint-workflows.cjs

# Rustdoc of the published crates, warnings as errors (broken intra-doc links, bad examples).
docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --locked -q -p waha-groups -p waha-mock -p waha-groups-conformance

rust-test:
	$(CARGO) test --workspace --exclude waha-groups-python --exclude waha-groups-node --locked

# Python: a venv with maturin/pytest/mypy; the release abi3 wheel (and sdist) into dist/,
# installed into the venv.
$(PY):
	python3 -m venv $(VENV)

python-env: $(PY) bindings/python/requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r bindings/python/requirements-dev.txt

python-build: python-env
	$(PY) scripts/dist.py build python
	$(PY) -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/waha_groups-*.whl

python-test: python-build
	$(PY) -m pytest -q -p no:cacheprovider bindings/python/tests
	$(PY) -m mypy.stubtest waha_groups._native
	$(PY) -m mypy --strict bindings/python/python/waha_groups examples/python

# Node: npm dev dependencies; the release addon (sharing the cargo target dir), the generated
# loader/types checked against what is committed, and the npm tarballs packed into dist/.
NODE_DIR := bindings/node
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(abspath target))
export CARGO_TARGET_DIR := $(TARGET_DIR)

node-env:
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error

node-build: node-env
	python3 scripts/dist.py build node
	mkdir -p examples/node/node_modules && ln -sfn ../../../$(NODE_DIR) examples/node/node_modules/waha-groups

node-test: node-build
	cd $(NODE_DIR) && node --test __test__/

# Contract kit: schemathesis with schema/openapi.json against a running waha-mock per persona,
# and the conformance suite against the in-process mock for every persona.
contract-test: python-env
	$(PY) -m pip install -q --disable-pip-version-check -r tests/contract/requirements.txt
	$(CARGO) build --locked -q -p waha-mock --bin waha-mock -p waha-groups-conformance --bin waha-groups-conformance
	WAHA_MOCK_BIN=$(TARGET_DIR)/debug/waha-mock SCHEMATHESIS=$(abspath $(VENV))/bin/schemathesis tests/contract/run-schemathesis.sh
	$(TARGET_DIR)/debug/waha-groups-conformance --all-engines --allow-writes

# Everything a release ships, into dist/: wheel + sdist, npm tarballs, .crate files.
dist: python-build node-build dist-crates

dist-crates:
	python3 scripts/dist.py build crates

# The artifacts installed where the repo is out of reach: a venv without Rust, an npm project in /tmp.
dist-check: dist
	python3 scripts/dist.py check

# Long fuzz run over every parser and the mock (FUZZ_SECONDS, default 600; FUZZ_SEED): prints
# cases/s per target and writes failing inputs to tests/fuzz-regressions/, which make test replays.
fuzz:
	$(CARGO) run --locked --release -q -p waha-groups-tests --bin fuzz

# Benchmarks against the alternatives (installs its own tools; writes bench/RESULTS.md and bench/ratios.png).
bench:
	python3 bench/run.py

bench-quick:
	python3 bench/run.py --quick

# Regenerates schema/openapi.json and schema/*.schema.json from the code.
schema:
	$(CARGO) run --locked -q -p waha-groups --example gen-schema

fmt:
	$(CARGO) fmt --all
