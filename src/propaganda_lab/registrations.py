"""Fill the detector registry from one place above the detector modules.

Every module of ``propaganda_lab.lenses`` is imported here once, and each registers its own
detectors with the ``@registry.detector`` decorator as it loads. Nothing keeps a list of their
names: a new detector module under ``lenses/`` is found by walking the package. (spaCy fills its
registries the same way, from ``spacy/registrations.py``, so that the modules defining the
functions never import the modules that use them.)
"""

from __future__ import annotations

import importlib
import pkgutil

from propaganda_lab import lenses

#: The lens modules imported, in the order they registered (sorted by module name).
LENS_MODULES: tuple[str, ...] = tuple(sorted(
    info.name for info in pkgutil.walk_packages(lenses.__path__, f"{lenses.__name__}.")))

for _module in LENS_MODULES:
    importlib.import_module(_module)
