# Every target bootstraps its own virtual environment (.venv) from the pinned lock file, so on a
# fresh machine `make demo` and `make test` are the only set-up a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sendfrom-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

.PHONY: install demo test generate check-generated lint format typecheck docs pytest lock clean readme record bench cassettes redis postgres node mutation

$(STAMP): requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip==25.3
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	touch $@

install: $(STAMP)

## demo: the walkthrough on all four simulated providers (or on the real account the env names)
demo: $(STAMP)
	$(BIN)/python scripts/demo.py

## test: everything CI runs: generated-code freshness, lint, types, the docs site, then the test suite
test: check-generated lint typecheck docs pytest

## generate: rebuild generated/ from specs/ (byte-stable); node: swagger2openapi converts
## Postmark's Swagger 2.0 spec first (scripts/codegen/swagger.py)
generate: $(STAMP) node
	$(BIN)/python scripts/generate.py

check-generated: $(STAMP) node
	$(BIN)/python scripts/generate.py --check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP)
	$(BIN)/mypy

## docs: the documentation site (mkdocs.yml, docs/; the API reference from the docstrings) built
## strictly: a broken link or anchor, a page missing from the nav, a docstring mkdocstrings cannot
## render fails (not --quiet: it hides the warnings that strict mode counts). The site goes to
## .site/ (ignored by git): open .site/index.html
SITE_DIR ?= .site
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

pytest: $(STAMP) redis postgres node
	$(BIN)/pytest -q

## redis: Debian's redis-server, which the shared rate-limit tests and `make bench` start on
## 127.0.0.1 themselves (installed when missing: CI runs on a fresh machine)
redis:
	@command -v redis-server >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server \
	  || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }

## postgres: Debian's postgresql (server binaries under /usr/lib/postgresql/<major>/bin), which the
## fleet's shared-store tests start on 127.0.0.1 themselves (installed when missing, like redis)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
	  || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql \
	  || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }

## node: the Node tools package.json pins (Prism, for the conformance tests against the providers'
## own specs; swagger2openapi), installed with `npm ci` from package-lock.json; node and npm from
## Debian when missing (CI runs on a fresh machine)
NODE_STAMP := node_modules/.sendfrom-installed
node: $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm \
	  || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## mutation: mutmut over the modules [tool.mutmut] only_mutate names (secret handling, the engine,
## configuration, the mappers); writes the score per module to docs/mutation.md. Slow (an hour or
## more on two cores), so not part of `make test`; CONTRIBUTING.md says when to run it.
## MUTANTS='sendfrom.config.*' runs only the mutants whose names match (fnmatch patterns, space
## separated; 'sendfrom.*mutmut_*[05]' is a fifth of each function's). MUTATION_CHILDREN sets the
## parallel workers (default 2). Results are kept in mutants/: a re-run only checks what changed.
MUTANTS ?=
MUTATION_CHILDREN ?= 2
mutation: $(STAMP)
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(foreach m,$(MUTANTS),'$(m)')
	$(BIN)/python scripts/mutation_report.py

## bench: sendfrom against raw httpx and the official SDK over loopback; writes docs/benchmarks.md
bench: $(STAMP) redis postgres
	$(BIN)/python scripts/bench

## cassettes: rebuild tests/cassettes/ from the payloads in specs/evidence (byte-stable; --check in the tests)
cassettes: $(STAMP)
	$(BIN)/python scripts/cassettes

## readme: re-render the capability tables in README.md and docs/providers.md from the adapters'
## declarations
readme: $(STAMP)
	$(BIN)/python scripts/update_readme.py

## lock: re-resolve requirements/dev.in into the full pin list requirements/dev.txt
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip -q install -r requirements/dev.in
	(echo "# Generated by \`make lock\` from requirements/dev.in; do not edit by hand."; \
	 .lock-venv/bin/python -m pip freeze) > requirements/dev.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .site mutants node_modules

## record: re-record PROVIDER's cassettes against a real account (needs SENDFROM_API_KEY). Only
## read-only scenarios run unless DESTRUCTIVE=1 (creates, updates, deletes, sends: use a test
## account). CASSETTE_DIR=dir records into dir/<provider>/ instead; ONLY=a,b records only those
## cassettes. See scripts/record.py.
record:
	@test -n "$(PROVIDER)" || { echo "make record: set PROVIDER=<invent|mailersend|spaceinvoices|vortex>" >&2; exit 2; }
	@test -n "$$SENDFROM_API_KEY" || { echo "make record: SENDFROM_API_KEY is not set: recording needs a real $(PROVIDER) account's key (nothing was recorded)" >&2; exit 2; }
	@$(MAKE) --no-print-directory install
	$(BIN)/python scripts/record.py $(PROVIDER) $(if $(DESTRUCTIVE),--destructive) $(if $(CASSETTE_DIR),--cassette-dir $(CASSETTE_DIR)) $(if $(ONLY),--only $(ONLY))
