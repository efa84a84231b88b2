"""The first cell of every notebook on Google Colab: install the package and model there only.

:data:`FIRST_CELL` is that cell's code (the notebooks carry it verbatim; a test runs it): on
Colab it pip-installs the package (:data:`PACKAGE`) if missing, then :func:`setup` installs
the spaCy model. Anywhere else (a checkout, a hub, Binder already have everything) both steps
do nothing, so the same cell runs unchanged in every environment and in the tests.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from collections.abc import Callable, Sequence

from propaganda_lab.nlp import MODEL_NAME, MODEL_URL

Runner = Callable[[Sequence[str]], object]

#: What Colab installs: the course's repository (the package is not required to be on PyPI).
PACKAGE = "propaganda_lab @ git+https://github.com/propaganda-lab/propaganda_lab@main"
#: The notebooks' first code cell.
FIRST_CELL = f"""\
# On Google Colab: install propaganda_lab and its spaCy model (does nothing anywhere else).
import importlib.util
import subprocess
import sys

if "google.colab" in sys.modules:
    if importlib.util.find_spec("propaganda_lab") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{PACKAGE}"], check=True)
    importlib.import_module("propaganda_lab.colab").setup()"""


def on_colab() -> bool:
    """True inside a Google Colab runtime (its ``google.colab`` module is imported there)."""
    return "google.colab" in sys.modules


def _pip(arguments: Sequence[str]) -> object:
    return subprocess.run([sys.executable, "-m", "pip", "install", "-q", *arguments], check=True)


def _model_installed() -> bool:
    return importlib.util.find_spec(MODEL_NAME) is not None


def setup(run: Runner = _pip, colab: bool | None = None) -> list[str]:
    """On Colab, install what is missing (the spaCy model); elsewhere do nothing.

    Returns what was installed (empty when nothing was needed), so a notebook can say so.
    ``run`` and ``colab`` exist for tests.
    """
    if not (on_colab() if colab is None else colab):
        return []
    installed = []
    if not _model_installed():
        run([MODEL_URL])
        installed.append(MODEL_NAME)
    if installed:
        importlib.invalidate_caches()
    return installed
