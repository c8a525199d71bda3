# Two entry points: `make demo` (the main job) and `make test` (everything CI runs).
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Two cores: keep parallel jobs bounded so builds do not thrash.
export CARGO_BUILD_JOBS ?= 2

.PHONY: test demo rust-test lint fmt fixtures-check

test: lint rust-test

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-test:
	$(CARGO) test --workspace --locked

fmt:
	$(CARGO) fmt --all

demo:
	$(CARGO) run --locked -q -p waha-groups-examples --bin quickstart
