# Every set-up step lives here: a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test check-install bench lint clean bytecode

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

# Bytecode ahead of time, as an installed wheel has it: start-up then skips compiling.
bytecode: $(STAMP)
	$(PY) -m compileall -q reader ui main.py

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP) bytecode
	$(PY) main.py $(ARGS)

# The suite on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process. The
# library's core tests run on SQLite and on a throwaway PostgreSQL cluster that .ci/postgres
# starts and stops (without PostgreSQL installed, that half is skipped and says so).
PYTEST_WORKERS ?= auto

test: $(TEST_STAMP)
	$(PY) -m ruff check reader ui resources tests bench main.py
	$(PY) -m mypy reader
	QT_QPA_PLATFORM=offscreen .ci/postgres $(PY) -m pytest -q -n $(PYTEST_WORKERS)
	$(MAKE) --no-print-directory check-install

# The wheel as users get it: built, installed into a fresh virtualenv outside the clone, and
# used from there (tests/smoke/check_install.py says how). Fails if it lacks a resource.
check-install: $(PY)
	$(PY) tests/smoke/check_install.py

bench: $(TEST_STAMP) bytecode
	QT_QPA_PLATFORM=offscreen .ci/postgres $(PY) -m bench $(ARGS)

lint: $(TEST_STAMP)
	$(PY) -m ruff check reader ui resources tests bench main.py
	$(PY) -m mypy reader

clean:
	rm -rf $(VENV) build dist *.egg-info
