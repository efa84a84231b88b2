"""Every widget shows learner text as text: hostile markup typed into any box stays inert.

Generic on purpose: each widget is built with its defaults, every text box gets the payload,
"your own text" is chosen wherever a picker offers it, every button is pressed, and every HTML
output of the widget tree is searched for live markup from the payload.
"""

from __future__ import annotations

from html.parser import HTMLParser

import ipywidgets as widgets
import pytest

import propaganda_lab.widgets as lab_widgets

PAYLOAD = (
    'The <img src=x onerror="alert(1)"> mob of <script>alert(2)</script> thugs said '
    '"we <b>will</b> crush them like rats," according to <svg onload=alert(3)> Minister Vask.'
)


class _Tags(HTMLParser):
    """Collects real tags and attributes (escaped text never becomes a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "svg"}:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if tag == "img" and name == "src" and not (value or "").startswith("data:image/"):
                self.problems.append(f"<img src={value!r}>")


def _live_markup(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.problems + (["<b>will</b>"] if "<b>will</b>" in html else [])


def _walk(widget: widgets.Widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def _html_values(root: widgets.Widget) -> list[str]:
    return [w.value for w in _walk(root) if isinstance(w, widgets.HTML | widgets.HTMLMath)]


def _choose_own_text(root: widgets.Widget) -> None:
    for w in _walk(root):
        if isinstance(w, widgets.Dropdown | widgets.ToggleButtons):
            for label, value in zip(w._options_labels, w._options_values, strict=True):
                if "own" in str(label).lower() or "own" in str(value).lower():
                    w.value = value
                    break


DEFAULT_ARGUMENTS = {"SpotTheTechnique": {"case_id": "harbor_protest_ledger"},
                     "JudgmentCheck": {"check_id": "framing_port_jobs"},
                     "ExerciseAnswer": {"exercise": "02_framing", "task": "task_2"}}
WIDGET_CLASSES = [getattr(lab_widgets, name) for name in lab_widgets.__all__]


@pytest.mark.parametrize("widget_class", WIDGET_CLASSES, ids=lambda cls: cls.__name__)
def test_hostile_learner_text_is_shown_inert(widget_class, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # widgets that save answers write beside the "notebook"
    root = widget_class(**DEFAULT_ARGUMENTS.get(widget_class.__name__, {}))
    _choose_own_text(root)
    boxes = [w for w in _walk(root) if isinstance(w, widgets.Textarea | widgets.Text)]
    for box in boxes:
        box.value = PAYLOAD
    # Every button but the ones that wipe the answer again (the payload must stay shown).
    for button in [w for w in _walk(root) if isinstance(w, widgets.Button)
                   and not w.description.lower().startswith(("start again", "reset", "clear"))]:
        button.click()
    for value in _html_values(root):
        assert _live_markup(value) == [], f"{widget_class.__name__}: {_live_markup(value)}"
    if boxes:  # the payload reached the widget and was displayed (escaped) or answered
        shown = " ".join(_html_values(root))
        assert "&lt;" in shown or "crush them" in shown or root.message.value
