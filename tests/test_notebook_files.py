"""Committed notebooks: executed, free of errors, and with outputs nbval really compares."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])
#: What nbval leaves out of its comparison (see nbval's skip_compare); the rest is compared.
NOT_COMPARED = {"application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg"}


def _code_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_executed_without_errors(path: Path) -> None:
    cells = _code_cells(path)
    assert cells, "a course notebook without code"
    assert all(c["execution_count"] is not None for c in cells), "run it: make execute-notebooks"
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert errors == []
    # Volatile run timestamps are stripped (tools/execute_notebooks.py), so a re-run that
    # changes no output changes no committed byte.
    assert not [c for c in cells if "execution" in c.get("metadata", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_nbval_compares_real_outputs(path: Path) -> None:
    compared = 0
    for cell in _code_cells(path):
        for output in cell["outputs"]:
            if output["output_type"] == "stream":
                compared += 1
            data = set(output.get("data", {})) - NOT_COMPARED - {"text/plain"}
            plain = output.get("data", {}).get("text/plain", "")
            widget_only = "application/vnd.jupyter.widget-view+json" in output.get("data", {})
            if data or (plain and not widget_only):
                compared += 1
    assert compared >= 2, "every notebook needs static outputs nbval compares, not only widgets"


# --------------------------------------------------------------------------- navigation

COURSE = sorted((ROOT / "notebooks").glob("*.ipynb"))
NEXT_LINK = re.compile(r"\*\*Next:\*\*[^\[]*\[[^\]]+\]\(([^)\s]+)\)")


def _repository() -> str:
    """owner/name of the project's GitHub repository, from pyproject's [project.urls]."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)", urls["Source"])
    assert match, urls["Source"]
    return match.group(1)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_notebook_has_an_open_in_colab_link_near_the_top(path: Path) -> None:
    url = (f"https://colab.research.google.com/github/{_repository()}/blob/main/notebooks/"
           f"{path.name}")
    top = [_source(c) for c in _cells(path)[:3] if c["cell_type"] == "markdown"]
    assert any(f"[Open this notebook in Colab]({url})" in text for text in top), (
        f"no Colab link to {url}")


#: Markdown images: ![alt](src), <img ...>, and reference-style ![alt][ref].
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]|<img\b", re.IGNORECASE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_markdown_cell_carries_an_image(path: Path) -> None:
    """A markdown image stops Voilà on a JupyterLab server (its exporter's image() subscripts a
    coroutine: "TypeError: 'coroutine' object is not subscriptable", the page stays on
    "Executing"), and Voilà renders every notebook of the course. Links only."""
    for number, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        assert not MARKDOWN_IMAGE.search(_source(cell)), f"cell {number} holds an image"
        assert not cell.get("attachments"), f"cell {number} has an attached image"


def test_the_image_check_sees_the_forms_an_image_takes() -> None:
    for image in ("[![Open In Colab](https://x/badge.svg)](https://y)", "![a chart](c.png)",
                  '<IMG src="x.png">', "![logo][1]"):
        assert MARKDOWN_IMAGE.search(image), image
    for text in ("[Open this notebook in Colab](https://y)", "Wow! [a link](x)",
                 "Stop!\n\n[Next](01.ipynb)"):
        assert not MARKDOWN_IMAGE.search(text), text


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_first_code_cell_is_the_colab_install_cell(path: Path) -> None:
    from propaganda_lab.colab import FIRST_CELL

    first = next(c for c in _cells(path) if c["cell_type"] == "code")
    assert _source(first) == FIRST_CELL


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_notebook_ends_with_a_next_link_that_resolves(path: Path) -> None:
    last = _cells(path)[-1]
    assert last["cell_type"] == "markdown", "the last cell must say where to go next"
    match = NEXT_LINK.search(_source(last))
    assert match, f"no '**Next:** [title](file)' link in the last cell: {_source(last)!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"{match.group(1)} does not exist"
    position = COURSE.index(path)
    if position + 1 < len(COURSE):
        assert target == COURSE[position + 1].resolve(), "Next must be the following notebook"
    else:  # the last notebook leads back to the start or on to the exercises
        assert target == COURSE[0].resolve() or target.parent == ROOT / "exercises"


def test_notebook_code_passes_ruff_like_the_pre_commit_hooks() -> None:
    """The pre-commit hooks' ruff runs over notebooks and exercises (make test's `ruff check .`
    leaves *.ipynb out), so a test holds the notebooks' code to the same rules."""
    import shutil
    import subprocess
    import sys

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed in this environment (the library-test venvs)")
    for folder, ignore in (("notebooks", "E501"), ("exercises", "E501,F401")):
        paths = [str(p) for p in sorted((ROOT / folder).glob("*.ipynb"))]
        result = subprocess.run([ruff, "check", "--ignore", ignore, "--no-cache", *paths],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stdout[-3000:]


# --------------------------------------------------------------------------- the non-coder's path


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_lesson_code_is_folded_except_where_a_learner_edits(path: Path) -> None:
    """A learner who does not code sees prose and results: every code cell is folded
    (jupyter.source_hidden), except the cells the text invites them to change."""
    cells = _cells(path)
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
        editable = _source(cell).startswith("# Your turn")
        assert hidden is not editable, f"cell {number}: folded={hidden}, your turn={editable}"
    top = " ".join(_source(c) for c in cells[:2] if c["cell_type"] == "markdown")
    assert "**To start:**" in top and "Run → Run All Cells" in top


#: Python names in a printout: technique ids (loaded_language), constants (LOADED_PARAGRAPH),
#: and score reprs (P=0.74 R=0.47).
def _code_names() -> re.Pattern[str]:
    from propaganda_lab.techniques import technique_ids

    ids = sorted((t for t in technique_ids() if "_" in t), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(ids) + r")\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"
                      r"|\bP=\d")


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_lesson_printouts_name_no_code(path: Path) -> None:
    pattern = _code_names()
    for number, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        for output in cell["outputs"]:
            if output["output_type"] == "stream":
                text = "".join(output["text"])
                found = pattern.findall(text)
                assert not found, f"cell {number} prints {found}: {text[:200]}"
