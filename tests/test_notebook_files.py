"""Committed notebooks: executed, free of errors, and with outputs nbval really compares."""

from __future__ import annotations

import json
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
