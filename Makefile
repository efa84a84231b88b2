# propaganda_lab: two commands.
#   make lab    set up (virtualenv, package, spaCy model: only what the course needs) and open
#               the course in JupyterLab
#   make test   add the test tools and run the whole test suite (library, notebooks via nbval,
#               browser) and, beside it, the library tests on every other CPython 3.10-3.13 found
# A local wheelhouse for the spaCy model:  make test WHEELHOUSE=../shared/wheels

PYTHON     ?= python3
VENV       ?= .venv
WHEELHOUSE ?=
PORT       ?= 8888
# `make lab` serves the learner's own copy of the course (made by `propaganda-lab course`, git-
# ignored), never the committed notebooks: running and saving there changes no course file.
COURSE_DIR ?= my_course
BIN        := $(VENV)/bin
LAB_STAMP  := $(VENV)/.propaganda_lab-lab
STAMP      := $(VENV)/.propaganda_lab-installed
MODEL      := en_core_web_sm==3.8.0
MODEL_URL  := https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl
# JupyterLab refuses to run as root unless told; a normal user needs no flag.
ROOT_FLAG  := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=
# The other CPythons `make test` runs the library tests on (each in its own .venv-pyXY).
OTHER_PYTHONS ?= 3.10 3.11 3.12 3.13
PYENV_ROOT ?= $(HOME)/.pyenv
# Library tests: no notebooks, no browser, no make-lab server, no wheel build.
LIB_TESTS  := -p no:cacheprovider -o addopts="-ra" -m "not slow" tests --ignore=tests/browser \
	--ignore=tests/test_make_lab.py --ignore=tests/test_packaging.py

# Installs the spaCy model into the virtualenv whose pip is $(1).
define install_model
$(if $(strip $(WHEELHOUSE)),$(1) install --quiet --find-links "$(abspath $(WHEELHOUSE))" $(MODEL),\
$(if $(strip $(PIP_FIND_LINKS)),$(1) install --quiet $(MODEL) || $(1) install --quiet "$(MODEL_URL)",\
$(1) install --quiet "$(MODEL_URL)"))
endef

.PHONY: setup setup-lab lab test test-fast test-pythons lint typecheck browser-deps \
	execute-notebooks bench clean handouts

# `make lab`: only what the course needs (the package, JupyterLab, Voila, the model).
setup-lab: $(LAB_STAMP)

$(LAB_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	$(call install_model,$(BIN)/python -m pip)
	$(BIN)/python -c "import propaganda_lab as p; p.load_nlp(); print('propaganda_lab ready:', p.environment_report())"
	touch $(LAB_STAMP)

# `make test`: the course environment plus the test tools.
setup: $(STAMP)

$(STAMP): $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip check
	touch $(STAMP)

lab: setup-lab
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/propaganda-lab course "$(COURSE_DIR)"
	$(BIN)/jupyter lab --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir="$$(cd "$(COURSE_DIR)" && pwd)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

browser-deps:
	bash tools/ensure_chromium.sh
	bash tools/ensure_axe.sh
	bash tools/ensure_reveal.sh

# The other CPythons' library tests run beside the main suite (two cores: about a third less
# wall time than one after the other); their output is printed when both have finished.
test: setup browser-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	@$(MAKE) --no-print-directory test-pythons > .test-pythons.log 2>&1 & others=$$!; \
	$(BIN)/python -m pytest $(PYTEST_ARGS); main=$$?; \
	wait $$others; others=$$?; cat .test-pythons.log; \
	if [ $$others -ne 0 ]; then echo "test-pythons failed (exit $$others)"; fi; \
	[ $$main -eq 0 ] && [ $$others -eq 0 ]

# The library tests on every other CPython 3.10-3.13 found (pyenv or PATH), each in its own
# .venv-pyXY made on first use; an absent version is skipped with a line saying so.
test-pythons:
	@main=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	for version in $(OTHER_PYTHONS); do \
		if [ "$$version" = "$$main" ]; then continue; fi; \
		tag=py$$(echo $$version | tr -d .); venv=.venv-$$tag; \
		python=""; \
		for candidate in $$(ls -d $(PYENV_ROOT)/versions/$$version.*/bin/python$$version 2>/dev/null | sort -V | tail -1) \
				$$(command -v python$$version 2>/dev/null); do \
			if "$$candidate" -c 'import sys, venv' >/dev/null 2>&1; then python=$$candidate; break; fi; \
		done; \
		if [ -z "$$python" ]; then echo "test-pythons: Python $$version not found, skipped"; continue; fi; \
		if [ ! -f $$venv/.stamp ] || [ pyproject.toml -nt $$venv/.stamp ]; then \
			echo "test-pythons: setting up $$venv with $$python"; \
			"$$python" -m venv $$venv && \
			$$venv/bin/python -m pip install --quiet --upgrade pip && \
			$$venv/bin/python -m pip install --quiet -e ".[libtest]" && \
			{ $(call install_model,$$venv/bin/python -m pip); } && \
			$$venv/bin/python -m pip check && touch $$venv/.stamp || exit 1; \
		fi; \
		echo "test-pythons: library tests on $$($$venv/bin/python -V)"; \
		start=$$(date +%s); \
		$$venv/bin/python -m pytest -q $(LIB_TESTS) $(PYTEST_ARGS) || exit 1; \
		echo "test-pythons: Python $$version passed in $$(( $$(date +%s) - start )) s"; \
	done

# The developer loop: library tests only (no notebooks, no browser), about a minute.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(LIB_TESTS) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

# Re-execute every notebook in place so committed outputs match the library.
execute-notebooks: setup
	$(BIN)/python tools/execute_notebooks.py

bench: setup
	$(BIN)/python benchmarks/run.py

# The instructor pack (slides, printable handouts, keys) into docs/pack/build/: only the course
# environment (nbconvert comes with Voila) and reveal.js from npm, copied into the build so the
# decks work offline. No test tools.
handouts: setup-lab
	bash tools/ensure_reveal.sh
	$(BIN)/python tools/build_handouts.py

clean:
	rm -rf $(VENV) .venv-py* .pytest_cache screenshots .test-pythons.log
