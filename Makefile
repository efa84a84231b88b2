# propaganda_lab: two commands.
#   make lab    set up (virtualenv, package, spaCy model) and open the course in JupyterLab
#   make test   set up and run the whole test suite (library, notebooks via nbval, browser)
# A local wheelhouse for the spaCy model:  make test WHEELHOUSE=../shared/wheels

PYTHON     ?= python3
VENV       ?= .venv
WHEELHOUSE ?=
PORT       ?= 8888
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.propaganda_lab-installed
MODEL      := en_core_web_sm==3.8.0
MODEL_URL  := https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl
# JupyterLab refuses to run as root unless told; a normal user needs no flag.
ROOT_FLAG  := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=

.PHONY: setup lab test test-fast lint typecheck browser-deps execute-notebooks bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
ifneq ($(strip $(WHEELHOUSE)),)
	$(BIN)/python -m pip install --quiet --find-links "$(abspath $(WHEELHOUSE))" $(MODEL)
else ifneq ($(strip $(PIP_FIND_LINKS)),)
	$(BIN)/python -m pip install --quiet $(MODEL) || $(BIN)/python -m pip install --quiet "$(MODEL_URL)"
else
	$(BIN)/python -m pip install --quiet "$(MODEL_URL)"
endif
	$(BIN)/python -c "import propaganda_lab as p; p.load_nlp(); print('propaganda_lab ready:', p.environment_report())"
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

browser-deps:
	bash tools/ensure_chromium.sh
	bash tools/ensure_axe.sh

test: setup browser-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The developer loop: library tests only (no notebooks, no browser), about a minute.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -o addopts="-ra" tests --ignore=tests/browser \
		--deselect tests/test_make_lab.py $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

# Re-execute every notebook in place so committed outputs match the library.
execute-notebooks: setup
	$(BIN)/python tools/execute_notebooks.py

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache screenshots
