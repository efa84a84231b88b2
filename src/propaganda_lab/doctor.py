"""``propaganda-lab doctor``: can this environment run the course? Each check says how to fix it.

Checks Python, the installed versions against the package's own requirements, the spaCy
model, and the widget frontend (without ``jupyterlab_widgets`` in the Jupyter that serves the
notebook, widgets show as plain text such as ``IntSlider(value=3)``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from propaganda_lab import __version__
from propaganda_lab.corpus import skipped_instructor_cases, validate_instructor_data
from propaganda_lab.datafiles import DATA_ENV
from propaganda_lab.nlp import MODEL_NAME, MODEL_URL, MODEL_VERSION


@dataclass(frozen=True)
class Check:
    """One check: what was checked, whether it passed, what was found, and the fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        mark = "ok  " if self.ok else "FIX "
        text = f"{mark} {self.name}: {self.detail}"
        return text if self.ok or not self.fix else f"{text}\n       fix: {self.fix}"


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def check_python() -> Check:
    found = ".".join(map(str, sys.version_info[:3]))
    ok = (3, 10) <= sys.version_info[:2] <= (3, 13)
    return Check("python", ok, found, "use CPython 3.10 to 3.13 (the versions this course is "
                 "tested on)")


def check_requirements() -> list[Check]:
    """Every runtime requirement of propaganda_lab, installed and inside its declared range."""
    checks = []
    for text in metadata.requires("propaganda_lab") or []:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        found = _version(requirement.name)
        spec = str(requirement.specifier) or "any version"
        fix = f'pip install "{requirement.name}{requirement.specifier}"'
        if found is None:
            checks.append(Check(requirement.name, False, f"not installed (needs {spec})", fix))
        else:
            ok = requirement.specifier.contains(found, prereleases=True)
            checks.append(Check(requirement.name, ok, f"{found} (needs {spec})", fix))
    return checks


def check_model() -> Check:
    fix = (f"pip install {MODEL_URL}  (offline: pip install --find-links DIR "
           f"{MODEL_NAME}=={MODEL_VERSION})")
    found = _version(MODEL_NAME)
    if found is None:
        return Check("spaCy model", False, f"{MODEL_NAME} is not installed", fix)
    ok = found.startswith(MODEL_VERSION.rsplit(".", 1)[0])
    return Check("spaCy model", ok, f"{MODEL_NAME} {found} (needs {MODEL_VERSION})", fix)


def check_widget_frontend() -> Check:
    found = _version("jupyterlab_widgets")
    if found is None:
        return Check("widget frontend", False, "jupyterlab_widgets is not installed, so widgets "
                     "show as text", 'pip install "ipywidgets>=8.1,<9" in the environment that '
                     "runs Jupyter, then restart it")
    ok = found.startswith("3.")
    return Check("widget frontend", ok, f"jupyterlab_widgets {found} (ipywidgets 8 needs 3.x)",
                 'pip install "ipywidgets>=8.1,<9" "jupyterlab_widgets>=3,<4"')


def check_package() -> Check:
    installed = _version("propaganda_lab")
    ok = installed is None or installed == __version__
    return Check("propaganda_lab", ok, f"{__version__}" + ("" if installed is None else
                 f" (installed metadata {installed})"),
                 "reinstall: pip install -e . in the checkout, or the wheel you installed")


def check_instructor_data() -> Check | None:
    """The ``PROPAGANDA_LAB_DATA`` folder, when one is set: every file valid. Lists every
    problem (the lenses and widgets skip a broken file with a warning and go on with the
    shipped data, so this is where an instructor sees what was left out)."""

    folder = os.environ.get(DATA_ENV, "").strip()
    if not folder:
        return None
    cases = skipped_instructor_cases()  # these name the whole path
    problems = [*cases, *(problem for problem in validate_instructor_data()
                          if not any(case.message == problem.message
                                     and Path(case.file).name == Path(problem.file).name
                                     for case in cases))]
    if not problems:
        return Check("instructor data", True, folder)
    shown = problems[:MAX_LISTED]
    listing = "".join(f"\n       - {problem}" for problem in shown)
    if len(problems) > len(shown):
        listing += f"\n       - ... and {len(problems) - len(shown)} more"
    return Check("instructor data", False,
                 f"{len(problems)} problem(s); the files named are skipped until fixed:{listing}",
                 "fix each file named (the line is given where one is known)")


#: Problems of the instructor's folder listed by ``doctor`` (the rest are counted).
MAX_LISTED = 30


def run_checks() -> list[Check]:
    """All checks, in the order a learner should fix them."""
    checks = [check_python(), check_package()]
    try:
        checks += check_requirements()
    except metadata.PackageNotFoundError:
        checks.append(Check("requirements", False, "propaganda_lab is not installed",
                            "pip install -e . in the checkout"))
    checks += [check_model(), check_widget_frontend()]
    instructor = check_instructor_data()
    return checks if instructor is None else [*checks, instructor]
