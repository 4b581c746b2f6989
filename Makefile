# Every target installs what it needs first: a fresh machine needs only Python 3.11 and network to PyPI.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: install run test bench lint clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

$(STAMP): pyproject.toml uv.lock | $(UV)
	UV_PYTHON=python3.11 $(UV) sync --locked --all-groups
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/centinela watch --demo

test: install
	$(VENV)/bin/pytest

bench: install
	$(VENV)/bin/python -m benchmarks

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy src/centinela

clean:
	rm -rf $(VENV) .tools
