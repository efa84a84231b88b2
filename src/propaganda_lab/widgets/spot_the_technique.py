"""The core exercise: mark spans in a case text, pick a technique, check against the key."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import load_case
from propaganda_lab.render import color_for, highlight_html
from propaganda_lab.spotting import (
    Grade,
    Mark,
    gold_for,
    grade,
    load_answers,
    make_mark,
    mark_words,
    save_answers,
)
from propaganda_lab.techniques import get_technique, techniques
from propaganda_lab.views import notice_html
from propaganda_lab.widgets._base import LabWidget, safe_callback
from propaganda_lab.widgets.selectable_text import SelectableText

_FEEDBACK_LABELS = {
    "exact": "✔ found",
    "partial": "◐ partly found",
    "wrong_technique": "↔ other technique",
    "miss": "✘ missed",
    "false_alarm": "⚑ false alarm",
}


def default_answers_path(case_id: str) -> Path:
    """Beside the notebook (Jupyter runs a notebook with its folder as working directory)."""
    return Path.cwd() / f"spot_{case_id}.answers.json"


class SpotTheTechnique(LabWidget):
    """Select words in a case text, label them, and get scored, explained feedback."""

    def __init__(
        self,
        case_id: str,
        lens: str | None = None,
        answers_path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.case = load_case(case_id)
        self.lens = lens if lens is not None else (
            None if self.case.lens == "mixed" else self.case.lens
        )
        self.answers_path = Path(answers_path) if answers_path else default_answers_path(case_id)
        self.marks: list[Mark] = []

        choices = techniques(self.lens) if self.lens else techniques()
        options = [(f"{t.name} ({t.lens})", t.id) for t in choices]
        n_gold = len(gold_for(self.case, self.lens))
        scope = f" for the {escape(self.lens)} lens" if self.lens else ""
        intro = widgets.HTML(
            f"<h4 style='margin:0.2em 0'>Spot the technique: {escape(self.case.title)}</h4>"
            f"<p style='margin:0.2em 0'>Select words in the text with the mouse, choose a "
            f"technique and press <b>Mark it</b> (or type the exact words below). The answer key "
            f"has {n_gold} marked span(s){scope}. Press <b>Check my answer</b> whenever you "
            "like; your marks are saved automatically.</p>"
        )
        self.text_view = SelectableText(text=self.case.article)
        self.selected = widgets.HTML("<i>Nothing selected yet.</i>")
        self.technique = widgets.Dropdown(options=options, description="Technique:",
                                          layout=widgets.Layout(width="24em"))
        self.mark_button = widgets.Button(description="Mark it", icon="highlighter",
                                          button_style="primary", disabled=True)
        self.words = widgets.Text(placeholder="…or type the exact words to mark",
                                  layout=widgets.Layout(width="24em"))
        self.words_button = widgets.Button(description="Mark words", icon="keyboard")
        self.mark_list = widgets.Select(options=[], rows=5, description="Your marks:",
                                        layout=widgets.Layout(width="95%"))
        self.remove_button = widgets.Button(description="Remove mark", icon="trash")
        self.check_button = widgets.Button(description="Check my answer", icon="check",
                                           button_style="success",
                                           layout=widgets.Layout(width="auto"))
        self.show_key = widgets.Checkbox(description="Show the answer key", value=False)
        self.result = widgets.HTML()
        self.result.add_class("pl-spot-result")
        self.key_view = widgets.HTML()
        super().__init__(
            [
                intro,
                self.text_view,
                self.selected,
                widgets.HBox([self.technique, self.mark_button]),
                widgets.HBox([self.words, self.words_button]),
                self.mark_list,
                widgets.HBox([self.remove_button, self.check_button, self.show_key]),
                self.result,
                self.key_view,
            ],
            **kwargs,
        )
        self.add_class("pl-spot")
        self.text_view.observe(self._on_selection, names="selection")
        self.mark_button.on_click(lambda _b: self.add_selection())
        self.words_button.on_click(lambda _b: self.add_words())
        self.remove_button.on_click(lambda _b: self.remove_selected())
        self.check_button.on_click(lambda _b: self.check())
        self.show_key.observe(lambda _c: self._draw_key(), names="value")
        self._restore()

    def __repr__(self) -> str:
        return f"SpotTheTechnique(case_id={self.case.id!r})"

    # -- state -------------------------------------------------------------------------
    def _restore(self) -> None:
        marks, notes = load_answers(self.answers_path, self.case)
        self.marks = marks
        self._sync()
        if marks:
            self.show_message(
                f"Restored {len(marks)} saved mark(s) from {self.answers_path.name}.", "info"
            )
        if notes:
            self.show_message(" ".join(notes), "warning")

    def _sync(self, save: bool = False) -> str:
        """Redraw the marks (and save them); return a warning if saving failed, else ''."""
        self.text_view.marks = [
            {
                "start": m.start,
                "end": m.end,
                "technique": m.technique,
                "label": get_technique(m.technique).name,
                "background": color_for(m.technique).background,
                "line": color_for(m.technique).line,
                "line_style": color_for(m.technique).line_style,
            }
            for m in self.marks
        ]
        self.mark_list.options = [
            (f"{get_technique(m.technique).name}: “{m.text[:60]}{'…' if len(m.text) > 60 else ''}”",
             index)
            for index, m in enumerate(self.marks)
        ]
        if save:
            try:
                save_answers(self.answers_path, self.case.id, self.marks)
            except OSError as error:
                return f" Could not save your marks ({error}); they stay in memory for now."
        return ""

    def _add(self, mark: Mark) -> None:
        if mark in self.marks:
            self.show_message("You already marked exactly that span with that technique.", "hint")
            return
        self.marks.append(mark)
        problem = self._sync(save=True)
        self.show_message(
            f"Marked “{mark.text[:80]}” as {get_technique(mark.technique).name}.{problem}",
            "warning" if problem else "info",
        )

    # -- callbacks ---------------------------------------------------------------------
    @safe_callback
    def _on_selection(self, change: dict[str, Any]) -> None:
        selection = change["new"] or {}
        start, end = int(selection.get("start", 0)), int(selection.get("end", 0))
        text = self.case.article[start:end].strip()
        if not text:
            self.selected.value = "<i>Nothing selected yet.</i>"
            self.mark_button.disabled = True
            return
        shown = text if len(text) <= 120 else text[:119] + "…"
        self.selected.value = f"Selected: <q class='pl-selected'>{escape(shown)}</q>"
        self.mark_button.disabled = False

    @safe_callback
    def add_selection(self) -> None:
        selection = self.text_view.selection or {}
        mark = make_mark(self.case.article, int(selection.get("start", 0)),
                         int(selection.get("end", 0)), self.technique.value)
        self._add(mark)

    @safe_callback
    def add_words(self) -> None:
        self._add(mark_words(self.case.article, self.words.value, self.technique.value))
        self.words.value = ""

    @safe_callback
    def remove_selected(self) -> None:
        index = self.mark_list.value
        if index is None:
            self.show_message("Choose a mark in the list to remove it.", "hint")
            return
        removed = self.marks.pop(index)
        problem = self._sync(save=True)
        self.show_message(f"Removed “{removed.text[:80]}”.{problem}",
                          "warning" if problem else "info")

    @safe_callback
    def check(self) -> Grade:
        result = grade(self.case, self.marks, self.lens)
        self.result.value = grade_html(result)
        if not self.marks:
            self.show_message("You have not marked anything yet: the score is zero.", "hint")
        else:
            self.clear_message()
        return result

    def _draw_key(self) -> None:
        if not self.show_key.value:
            self.key_view.value = ""
            return
        self.key_view.value = highlight_html(
            self.case.article, gold_for(self.case, self.lens), title="Answer key"
        )


def grade_html(result: Grade) -> str:
    """The score and one line per gold span or false alarm, all text escaped."""
    s = result.scores
    rows = "".join(
        f"<li class='pl-feedback pl-feedback-{escape(item.kind)}' style='margin:0.25em 0'>"
        f"<strong>{escape(_FEEDBACK_LABELS.get(item.kind, item.kind))}</strong> — "
        f"{escape(item.message)}</li>"
        for item in result.feedback
    )
    return (
        "<div class='pl-grade' style='color:#1a1a1a;font-family:system-ui,sans-serif'>"
        f"<p class='pl-score' style='font-size:1.1em'><strong>Score:</strong> "
        f"precision {s.precision:.0%}, recall {s.recall:.0%}, F1 {s.f1:.0%}</p>"
        f"<p style='margin:0.2em 0'>{escape(result.summary)}</p>"
        + (f"<ul style='padding-left:1.2em'>{rows}</ul>" if rows else
           notice_html("The answer key is empty for this lens.", "info"))
        + "</div>"
    )
