# Two entry points: `make demo` (the main job) and `make test` (everything CI runs).
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Two cores: keep parallel jobs bounded so builds do not thrash.
export CARGO_BUILD_JOBS ?= 2

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: test demo lint rust-test python-env python-build python-test fmt

test: lint rust-test python-test

demo:
	$(CARGO) run --locked -q -p waha-groups-examples --bin quickstart

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-test:
	$(CARGO) test --workspace --exclude waha-groups-python --locked

# Python: a venv with maturin/pytest/mypy, the extension built in place (its own cdylib step).
$(PY):
	python3 -m venv $(VENV)

python-env: $(PY) bindings/python/requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r bindings/python/requirements-dev.txt

python-build: python-env
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop -q --locked -m bindings/python/Cargo.toml

python-test: python-build
	$(PY) -m pytest -q -p no:cacheprovider bindings/python/tests
	$(PY) -m mypy.stubtest waha_groups._native
	$(PY) -m mypy --strict bindings/python/python/waha_groups examples/python

fmt:
	$(CARGO) fmt --all
