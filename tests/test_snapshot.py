"""Widgets display with a static snapshot, so a notebook not yet run shows what they showed.

Every course widget's display bundle carries the live view, a ``text/html`` snapshot of its
current state (learner text escaped and masked) and a one-line ``text/plain`` instead of the
``Widget(children=(...`` repr; committed notebooks keep only the snapshot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

from propaganda_lab.masking import default_terms
from propaganda_lab.widgets.snapshot import SNAPSHOT_NOTE, snapshot_html
from tests.test_widgets_survive_errors import CLASSES, SCENARIOS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("name", sorted(set(SCENARIOS) & set(CLASSES)))
def test_every_widget_displays_a_snapshot_and_a_short_text(name: str, tmp_path: Path) -> None:
    widget = SCENARIOS[name].build(tmp_path)
    SCENARIOS[name].second(widget)  # with some output on screen
    bundle = widget._repr_mimebundle_()
    assert WIDGET_VIEW in bundle  # the live widget still draws where a kernel runs
    assert "children=" not in bundle["text/plain"] and name in bundle["text/plain"]
    assert SNAPSHOT_NOTE in bundle["text/html"]
    assert len(bundle["text/html"]) > len(SNAPSHOT_NOTE) + 300  # more than the note


def test_learner_text_in_a_snapshot_is_escaped_and_masked() -> None:
    from propaganda_lab.widgets.your_text import AnalyzeYourText

    epithet = sorted(default_terms(), key=len)[-1]
    widget = AnalyzeYourText(article=f"<script>alert(1)</script> They are {epithet}.")
    html = snapshot_html(widget)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert epithet not in html.lower()


def test_hidden_parts_and_the_empty_message_are_left_out() -> None:
    import ipywidgets as widgets

    box = widgets.VBox([widgets.HTML("<b>shown</b>"),
                        widgets.HTML("secret", layout=widgets.Layout(display="none"))])
    html = snapshot_html(box)
    assert "<b>shown</b>" in html and "secret" not in html


def _output(data: dict[str, Any]) -> Any:
    return nbformat.v4.new_output("display_data", data=data)


def test_committed_notebooks_keep_the_snapshot_not_the_dead_widget_view() -> None:
    from tools.execute_notebooks import strip_volatile

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["widgets"] = {"state": {}}
    course = _output({"text/plain": "X", "text/html": "<div>snap</div>", WIDGET_VIEW: {}})
    cell = nbformat.v4.new_code_cell("w", outputs=[course])
    notebook.cells = [cell]
    strip_volatile(notebook)
    assert WIDGET_VIEW not in cell.outputs[0]["data"] and "widgets" not in notebook.metadata
    # a widget without a snapshot (tqdm, a plain slider) keeps its view and the saved state
    other = nbformat.v4.new_code_cell("w", outputs=[_output({"text/plain": "Y", WIDGET_VIEW: {}})])
    notebook.cells = [other]
    notebook.metadata["widgets"] = {"state": {}}
    strip_volatile(notebook)
    assert WIDGET_VIEW in other.outputs[0]["data"] and "widgets" in notebook.metadata


def test_split_prints_are_joined_so_reruns_do_not_change_the_file() -> None:
    from tools.execute_notebooks import strip_volatile

    notebook = nbformat.v4.new_notebook()
    parts = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
             nbformat.v4.new_output("stream", name="stdout", text="b\n"),
             nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
             nbformat.v4.new_output("stream", name="stdout", text="c\n")]
    cell = nbformat.v4.new_code_cell("print()", outputs=parts)
    notebook.cells = [cell]
    strip_volatile(notebook)
    assert [(o["name"], "".join(o["text"])) for o in cell.outputs] == [
        ("stdout", "a\nb\n"), ("stderr", "warn\n"), ("stdout", "c\n")]


def test_no_committed_notebook_shows_a_widget_repr() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in sorted([*root.glob("notebooks/*.ipynb"), *root.glob("exercises/*.ipynb")]):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                plain = str(output.get("data", {}).get("text/plain", ""))
                assert "children=(" not in plain, f"{path.name}: {plain[:80]}"
