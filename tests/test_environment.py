"""environment.yml (conda, Binder) and pyproject.toml must describe the same runtime."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from propaganda_lab.nlp import MODEL_NAME, MODEL_VERSION

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _conda_dependencies() -> list[str]:
    data = yaml.safe_load((ROOT / "environment.yml").read_text())
    return [dep for dep in data["dependencies"] if isinstance(dep, str)]


def test_environment_and_pyproject_name_the_same_runtime_packages() -> None:
    project = _pyproject()["project"]
    pip_side = {_name(req) for req in project["dependencies"]}
    pip_side |= {_name(req) for req in project["optional-dependencies"]["lab"]}
    conda_side = {_name(dep) for dep in _conda_dependencies()}
    conda_side -= {"python", "pip", f"spacy-model-{MODEL_NAME}".replace("_", "-")}
    assert conda_side == pip_side, (
        f"only in environment.yml: {sorted(conda_side - pip_side)}; "
        f"only in pyproject.toml: {sorted(pip_side - conda_side)}"
    )


def _pip_requirements() -> dict[str, Requirement]:
    project = _pyproject()["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["lab"]]
    return {_name(req): Requirement(req) for req in requirements}


def _conda_pins() -> dict[str, str]:
    """Package name -> exact version of every conda pin (``name=1.2.3``)."""
    pins = {}
    for dep in _conda_dependencies():
        name = _name(dep)
        if name in ("python", "pip"):
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.-]+=\d+(\.\d+)*", dep), f"pin {dep!r} as name=X.Y.Z"
        pins[name] = dep.split("=", 1)[1]
    return pins


def test_every_conda_pin_is_exact_and_inside_the_pyproject_range() -> None:
    ranges = _pip_requirements()
    pins = _conda_pins()
    assert pins.pop(f"spacy-model-{MODEL_NAME}".replace("_", "-")) == MODEL_VERSION
    for name, version in pins.items():
        assert ranges[name].specifier.contains(version, prereleases=True), (
            f"environment.yml pins {name}={version}, outside pyproject.toml's "
            f"{ranges[name].specifier}")


def test_pyproject_uses_ranges_not_exact_pins() -> None:
    """Exact pins replace packages in a learner's existing environment; ranges do not."""
    for name, requirement in _pip_requirements().items():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators and not operators & {"==", "==="}, f"{name}: use a range"
        assert ">=" in operators, f"{name}: give a working floor"


def test_spacy_floor_excludes_releases_that_do_not_declare_click() -> None:
    spacy = _pip_requirements()["spacy"].specifier
    for broken in ("3.8.0", "3.8.4", "3.8.7", "3.8.14"):
        assert not spacy.contains(broken), broken
    assert spacy.contains("3.8.15") and not spacy.contains("3.9.0")


def test_python_pin_is_a_minor_version_inside_requires_python() -> None:
    pinned = next(dep for dep in _conda_dependencies() if _name(dep) == "python")
    assert re.fullmatch(r"python=3\.\d+", pinned), "pin the Python minor version only"
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert requires.contains(pinned.split("=")[1] + ".0")
    assert sys.version_info >= (3, 10)


def test_classifiers_name_every_supported_python() -> None:
    classifiers = set(_pyproject()["project"]["classifiers"])
    for minor in range(10, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers


def test_binder_installs_the_package_after_the_environment() -> None:
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install" in post_build and " -e ." in post_build
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore root files"
