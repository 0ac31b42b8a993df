# Two commands for a fresh Debian 12 machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CONFIG ?= config/gateway.toml

.PHONY: run test setup check-config bench clean

$(STAMP): pyproject.toml constraints.txt scripts/install-system-deps
	sh scripts/install-system-deps
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/gateway run --config $(CONFIG)

check-config: $(STAMP)
	$(VENV)/bin/gateway check-config --config $(CONFIG)

test: $(STAMP)
	$(VENV)/bin/pytest -q -p no:cacheprovider tests

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf var .pytest_cache
