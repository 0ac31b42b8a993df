# Two commands for a fresh Debian 12 machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CONFIG ?= config/gateway.toml

.PHONY: run test setup native check-config bench clean

$(STAMP): pyproject.toml constraints.txt requirements-nodeps.txt scripts/install-system-deps
	sh scripts/install-system-deps
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,native]'
	$(PY) -m pip install --quiet --no-deps -c constraints.txt -r requirements-nodeps.txt
	$(PY) scripts/check_headless.py
	touch $(STAMP)

# The EDI readers' inner loops compiled with mypyc (optional: without a compiler they run as Python).
# The sources come from extractors.edi.native.NATIVE_MODULES, the one list (plain python3: no venv needed).
NATIVE_SRC   := $(shell python3 scripts/build_native.py --list)
NATIVE_STAMP := build/native/.built
$(NATIVE_STAMP): $(STAMP) $(NATIVE_SRC) scripts/build_native.py
	$(PY) scripts/build_native.py
	mkdir -p build/native && touch $(NATIVE_STAMP)

native: $(NATIVE_STAMP)

setup: $(STAMP) $(NATIVE_STAMP)

run: setup
	$(VENV)/bin/gateway run --config $(CONFIG)

check-config: setup
	$(VENV)/bin/gateway check-config --config $(CONFIG)

# The suite on TEST_WORKERS processes (pytest-xdist), a test file per worker at a time: the tests run in the
# pytest process itself for the most part (one core), so two workers use a 2-core machine's second core.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: setup
	$(VENV)/bin/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile tests

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf var .pytest_cache build
	$(PY) scripts/build_native.py --clean
