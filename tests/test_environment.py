"""environment.yml (conda, Binder) and pyproject.toml must describe the same runtime."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

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


def test_pinned_versions_agree() -> None:
    conda = {_name(dep): dep for dep in _conda_dependencies()}
    assert conda[f"spacy-model-{MODEL_NAME}".replace("_", "-")].endswith(f"={MODEL_VERSION}")
    lab_extra = {_name(req): req for req in _pyproject()["project"]["optional-dependencies"]["lab"]}
    conda_lab = conda["jupyterlab"].split("=")[-1]
    assert lab_extra["jupyterlab"].endswith(f"=={conda_lab}")
    assert re.fullmatch(r"python=3\.\d+\.\d+", conda["python"]), "pin Python exactly"


def test_python_pin_satisfies_requires_python() -> None:
    pinned = _conda_dependencies()[0]
    major_minor = tuple(int(part) for part in pinned.split("=")[1].split(".")[:2])
    minimum = _pyproject()["project"]["requires-python"].removeprefix(">=")
    assert major_minor >= tuple(int(part) for part in minimum.split("."))
    assert sys.version_info >= (3, 10)


def test_binder_installs_the_package_after_the_environment() -> None:
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install" in post_build and " -e ." in post_build
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore root files"
