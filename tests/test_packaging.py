"""The built artefacts work without the checkout: the wheel in a fresh virtualenv (it carries
the course, runs ``propaganda-lab course`` and one copied notebook executes there, ``pip check``
clean), and the sdist carries what its own tests need.

Slow (a fresh virtualenv with spaCy from the package index, or pip's cache); part of the full
suite. The spaCy model comes from the local wheelhouse (``WHEELHOUSE``, ``PIP_FIND_LINKS`` or
``../shared/wheels``); without one the test is skipped, since nothing may be downloaded from
the model's release page during tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from propaganda_lab.nlp import MODEL_NAME, MODEL_VERSION

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _wheelhouse() -> Path | None:
    for candidate in (os.environ.get("WHEELHOUSE"), os.environ.get("PIP_FIND_LINKS"),
                      str(ROOT.parent / "shared" / "wheels")):
        if candidate and list(Path(candidate).glob(f"{MODEL_NAME}-{MODEL_VERSION}-*.whl")):
            return Path(candidate).resolve()
    return None


def _run(command: list[str], cwd: Path, timeout: int = 900) -> str:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env, check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
         cwd=out)
    return out


def test_wheel_carries_the_course_and_typing_marker(dist: Path) -> None:
    wheel = next(dist.glob("propaganda_lab-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {path.name for path in (ROOT / "notebooks").glob("*.ipynb")}
    assert shipped and {f"propaganda_lab/course/notebooks/{n}" for n in shipped} <= names
    assert "propaganda_lab/course/exercises/02_framing.ipynb" in names
    assert "propaganda_lab/py.typed" in names
    assert "propaganda_lab/data/schemas/case.schema.json" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    from propaganda_lab import __version__

    assert f"Version: {__version__}\n" in text
    assert "Project-URL: Source" in text and "Programming Language :: Python :: 3.13" in text


def test_wheel_and_sdist_pass_twine_check(dist: Path) -> None:
    """What PyPI would refuse (metadata, a README that does not render) fails here first: the
    README tells people to install the built wheel until the package is published."""
    artefacts = sorted(str(path) for path in dist.glob("propaganda_lab-*"))
    assert len(artefacts) == 2, artefacts  # the wheel and the sdist
    out = _run([sys.executable, "-m", "twine", "check", "--strict", *artefacts], cwd=dist)
    assert out.count("PASSED") == 2, out


def test_wheel_in_a_fresh_venv_copies_and_runs_the_course(dist: Path, tmp_path: Path) -> None:
    wheelhouse = _wheelhouse()
    if wheelhouse is None:
        pytest.skip("no wheelhouse with the spaCy model (set WHEELHOUSE)")
    wheel = next(dist.glob("propaganda_lab-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "--quiet", "--find-links", str(wheelhouse),
          str(wheel), f"{MODEL_NAME}=={MODEL_VERSION}", "ipykernel", "nbclient", "nbformat"],
         cwd=tmp_path)
    _run([python, "-m", "pip", "check"], cwd=tmp_path)
    where = _run([python, "-c", "import propaganda_lab; print(propaganda_lab.__file__)"],
                 cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel, not the checkout
    course = tmp_path / "course"
    _run([str(venv / "bin" / "propaganda-lab"), "course", str(course)], cwd=tmp_path)
    notebook = course / "notebooks" / "00_start_here.ipynb"
    assert notebook.is_file() and (course / "exercises").is_dir()
    execute = (
        "import sys, nbformat, nbclient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3',"
        " resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "errors = [o for c in nb.cells for o in c.get('outputs', []) if o.output_type == 'error']\n"
        "print(len(nb.cells), len(errors))\n"
    )
    cells, errors = _run([python, "-c", execute, str(notebook), str(notebook.parent)],
                         cwd=course).split()
    assert int(cells) > 0 and int(errors) == 0


def test_sdist_tests_collect_and_pass_from_the_unpacked_sdist(dist: Path,
                                                               tmp_path: Path) -> None:
    sdist = next(dist.glob("propaganda_lab-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = next(tmp_path.glob("propaganda_lab-*"))
    for needed in ("tests/__init__.py", "tests/sanitize.cfg", "tests/data",
                   "src/propaganda_lab/py.typed", "notebooks/00_start_here.ipynb"):
        assert (unpacked / needed).exists(), needed
    env_python = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=",
                  "-q"]
    src = str(unpacked / "src")
    code = ("import sys, pytest; sys.path.insert(0, sys.argv[1]); import propaganda_lab; "
            "assert propaganda_lab.__file__.startswith(sys.argv[1]), propaganda_lab.__file__; "
            "sys.exit(pytest.main(sys.argv[2:]))")
    collected = _run([sys.executable, "-c", code, src, *env_python[3:], "--collect-only",
                      "tests", "--ignore=tests/browser"], cwd=unpacked)
    assert "error" not in collected.lower().split("collected")[-1], collected[-2000:]
    _run([sys.executable, "-c", code, src, *env_python[3:], "tests/test_datafiles.py",
          "tests/test_environment.py"], cwd=unpacked)
    json.loads((unpacked / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
