# Djust — every task of the project. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum requirements-dev.txt | cut -c1-12)
EXT    := djust/_rust$(shell python3 -c "import sysconfig;print(sysconfig.get_config_var('EXT_SUFFIX'))")
RUST_SRC := $(shell find rust -name '*.rs') Cargo.toml Cargo.lock

.PHONY: help
help: ## List the tasks
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*?## "}{printf "  \033[1m%-14s\033[0m %s\n",$$1,$$2}'

$(STAMP): requirements-dev.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

.PHONY: venv
venv: $(STAMP) ## Create the virtualenv with the pinned dependencies

$(EXT): $(STAMP) $(RUST_SRC)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/maturin develop --release -q
	@touch $(EXT)

.PHONY: build
build: $(EXT) ## Build the Rust extension (djust._rust) into the virtualenv

.PHONY: system-deps
system-deps: ## Install Debian's chromium and redis-server when missing (needs root)
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

.PHONY: lint
lint: $(STAMP) ## ruff check + format check, cargo fmt --check, clippy -D warnings
	$(BIN)/ruff check djust tests benchmarks demo
	$(BIN)/ruff format --check djust tests benchmarks demo
	cargo fmt --check
	PYO3_PYTHON=$(CURDIR)/$(PY) cargo clippy --quiet --all-targets --features python -- -D warnings

.PHONY: fmt
fmt: $(STAMP) ## Format Python and Rust sources
	$(BIN)/ruff format djust tests benchmarks demo
	$(BIN)/ruff check --fix djust tests benchmarks demo
	cargo fmt

.PHONY: test-rust
test-rust: ## Rust unit and property tests (no Python needed)
	cargo test --quiet

.PHONY: test-python
test-python: build ## Python tests (differential against Django, hypothesis)
	$(BIN)/pytest -q tests --ignore=tests/e2e

.PHONY: test-django-suite
test-django-suite: build ## Django's own template test suite against this backend
	$(PY) tests/django_suite/run.py

.PHONY: test-e2e
test-e2e: build ## Browser tests in Debian's Chromium
	$(BIN)/pytest -q tests/e2e

.PHONY: test
test: system-deps build lint test-rust test-django-suite test-python test-e2e ## Everything CI runs

.PHONY: js
js: venv ## Rebuild djust/sw/protocol.js and the browser runtime (esbuild, fetched pinned)
	$(PY) -m djust.esbuild

.PHONY: bench
bench: build ## Benchmarks: render speed, queries, patches, live views over a socket
	$(PY) benchmarks/run.py
	$(PY) benchmarks/queries.py
	$(PY) benchmarks/vdom.py
	$(PY) benchmarks/live.py
	$(PY) benchmarks/size.py

.PHONY: demo
demo: build ## Serve the demo at http://127.0.0.1:8000
	cd demo && ../$(PY) manage.py migrate --noinput -v0
	cd demo && ../$(BIN)/uvicorn demo.asgi:application --host 127.0.0.1 --port 8000

.PHONY: clean
clean: ## Remove build outputs (keeps the virtualenv)
	cargo clean
	rm -f $(EXT)
