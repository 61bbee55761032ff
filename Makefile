# The two commands a newcomer needs: `make run` and `make test`.
# Everything is installed by this file: Debian packages (scripts/system-deps.sh), then a virtualenv.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint bench snapshots contact-sheets hub deps lock clean

# Pinned, hash-checked dependencies: the same versions as deploy/install-pi.sh (requirements.lock), plus
# the test and lint tools. The project itself is linked with no build step downloading anything.
$(STAMP): pyproject.toml requirements-dev.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Regenerate both lock files from pyproject.toml and check them for x86_64 and aarch64 (network needed).
lock:
	bash scripts/lock.sh

deps:
	bash scripts/system-deps.sh

run: deps $(STAMP)
	$(VENV)/bin/kiosk run --windowed

hub: deps $(STAMP)
	$(VENV)/bin/kiosk hub

test: deps $(STAMP)
	$(PY) scripts/with_xvfb.py $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests scripts
	$(VENV)/bin/ruff format --check kiosk tests scripts
	$(VENV)/bin/mypy

bench: deps $(STAMP)
	$(PY) scripts/with_xvfb.py $(PY) tests/benchmarks/run.py

# Re-record the committed screenshot snapshots (never edit them by hand).
snapshots: deps $(STAMP)
	KIOSK_UPDATE_SNAPSHOTS=1 $(PY) scripts/with_xvfb.py $(PY) -m pytest -m ui $(PYTEST_ARGS)

# Re-draw docs/contact-sheets/<lesson>.png: every page of every lesson step on the 7" screen (800×480).
contact-sheets: deps $(STAMP)
	$(PY) scripts/with_xvfb.py $(PY) scripts/contact_sheets.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
