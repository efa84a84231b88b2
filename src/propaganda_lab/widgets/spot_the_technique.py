"""The core exercise: mark spans in a case text, pick a technique, check against the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import load_case
from propaganda_lab.masking import Masker
from propaganda_lab.render import color_for, escape, highlight_html
from propaganda_lab.spotting import (
    FeedbackItem,
    Grade,
    Mark,
    gold_for,
    grade,
    load_answers,
    make_mark,
    mark_words,
    update_answers,
)
from propaganda_lab.techniques import get_technique, techniques
from propaganda_lab.views import notice_html
from propaganda_lab.widgets._base import LabWidget, on_enter, reveal_button, safe_callback
from propaganda_lab.widgets.selectable_text import SelectableText

_FEEDBACK_LABELS = {
    "exact": "✔ found",
    "partial": "◐ partly found",
    "wrong_technique": "↔ other technique",
    "miss": "✘ missed",
    "false_alarm": "⚑ false alarm",
    "count-exact": "✔ Found",
    "count-none": "○ Found",
    "count-partial": "◐ Partly found",
    "count-wrong_technique": "↔ Other technique",
    "count-miss": "✘ Missed",
    "count-false_alarm": "⚑ False alarms",
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
        # Masking keeps every word's length, so selection offsets still index the article.
        self.masker = Masker()
        self.reveal = reveal_button()
        self.text_view = SelectableText(text=self.masker(self.case.article))
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
        self.help_button = widgets.Button(description="More help", icon="life-ring",
                                          disabled=True)
        self.show_key = widgets.Checkbox(description="Show the answer key", value=False)
        self.level = LEVELS[0]
        self._last: Grade | None = None
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
                widgets.HBox([self.remove_button, self.check_button, self.help_button,
                             self.show_key, self.reveal]),
                self.result,
                self.key_view,
            ],
            **kwargs,
        )
        self.add_class("pl-spot")
        self.text_view.observe(self._on_selection, names="selection")
        self.mark_button.on_click(lambda _b: self.add_selection())
        self.words_button.on_click(lambda _b: self.add_words())
        on_enter(self.words, self.add_words)  # Enter in the box marks the words, as the button
        self.remove_button.on_click(lambda _b: self.remove_selected())
        self.check_button.on_click(lambda _b: self.check())
        self.help_button.on_click(lambda _b: self.more_help())
        self.show_key.observe(lambda _c: self._draw_key(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
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

    def _save(self, add: tuple[Mark, ...] = (), remove: tuple[Mark, ...] = ()) -> str:
        """Merge this edit into the saved file (another tab's marks are kept and shown too);
        return a warning for the learner, or ''."""
        try:
            self.marks, notes = update_answers(self.answers_path, self.case, add, remove)
        except OSError as error:
            return (f" Could not save your marks ({error.strerror or error}); they stay in "
                    "memory for now.")
        finally:
            self._sync()
        return (" " + " ".join(notes)) if notes else ""

    def _sync(self) -> None:
        """Redraw the marks."""
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
            (f"{get_technique(m.technique).name}: “{self.masker(m.text[:60])}"
             f"{'…' if len(m.text) > 60 else ''}”", index)
            for index, m in enumerate(self.marks)
        ]

    def _add(self, mark: Mark) -> None:
        if mark in self.marks:
            self.show_message("You already marked exactly that span with that technique.", "hint")
            return
        self.marks.append(mark)
        problem = self._save(add=tuple(self.marks))  # unsaved earlier marks too
        self.show_message(
            f"Marked “{self.masker(mark.text[:80])}” as "
            f"{get_technique(mark.technique).name}.{problem}",
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
        self.selected.value = (f"Selected: <q class='pl-selected'>{escape(self.masker(shown))}"
                               "</q>")
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
        problem = self._save(remove=(removed,))
        self.show_message(f"Removed “{self.masker(removed.text[:80])}”.{problem}",
                          "warning" if problem else "info")

    @safe_callback
    def check(self) -> Grade:
        result = grade(self.case, self.marks, self.lens)
        self._last = result
        self.result.value = self.masker(grade_html(result, self.level))
        self.help_button.disabled = self.level == LEVELS[-1]
        if not self.marks:
            self.show_message("You have not marked anything yet: the score is zero.", "hint")
        else:
            self.clear_message()
        return result

    @safe_callback
    def more_help(self) -> None:
        """One step more: where to look, then the solution with the key's reasons."""
        self.level = LEVELS[min(LEVELS.index(self.level) + 1, len(LEVELS) - 1)]
        self.help_button.description = "Show the solution"
        if self.level == LEVELS[-1]:
            self.help_button.disabled = True
            self.show_key.value = True
        self.check()

    def _draw_key(self) -> None:
        if self.show_key.value and self.level != LEVELS[-1]:
            self.level = LEVELS[-1]  # asking for the key is asking for the solution
            self.help_button.disabled = True
            if self._last is not None:
                self.result.value = self.masker(grade_html(self._last, self.level))
        if not self.show_key.value:
            self.key_view.value = ""
            return
        self.key_view.value = highlight_html(
            self.case.article, gold_for(self.case, self.lens), title="Answer key",
            masker=self.masker)

    @safe_callback
    def _reveal_changed(self) -> None:
        """Show or hide epithets everywhere the widget shows the text (display only)."""
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        self.text_view.text = self.masker(self.case.article)
        self._sync()
        if self._last is not None:
            self.result.value = self.masker(grade_html(self._last, self.level))
        self._draw_key()


#: How much a check reveals: counts and hints first, then where to look, then the key.
LEVELS = ("counts", "hints", "solution")


def _count_rows(result: Grade) -> list[tuple[str, str]]:
    """(kind, sentence) per outcome, in words; each mark and each key span counted once."""
    found, partial = result.count("exact"), result.count("partial")
    other = sum(item.kind == "wrong_technique" for item in result.feedback)
    missed, alarms = result.count("miss"), result.count("false_alarm")
    rows = [("exact", f"{found} of the key's {result.n_gold} span(s) found exactly."),
            ("partial", f"{partial} found in part (adjust where your mark starts or ends)."),
            ("wrong_technique", f"{other} in the right place with another technique: think "
                                "again about which technique it is."),
            ("miss", f"{missed} span(s) of the key not marked yet."),
            ("false_alarm", f"{alarms} mark(s) where the key has nothing (false alarms); each "
                            "one lowers your precision.")]
    # A check mark only beside something found: "✔ Found — 0 of 3" read as praise.
    return [(f"count-{'none' if kind == 'exact' and not found else kind}", text)
            for kind, text in rows if not text.startswith("0 ") or kind == "exact"]


def _hint(item: FeedbackItem, level: str) -> str | None:
    """The line shown for one feedback item at ``level`` (None: not shown yet)."""
    if level == "solution":
        return item.message
    if item.about_mark and item.kind == "false_alarm":
        return item.message  # only says that the key has nothing there, and a question to ask
    if item.about_mark or level == "counts":
        return None
    name = get_technique(item.technique).name if item.technique else "technique"
    if item.kind == "miss":
        return f"Missed: look for {name} in {item.where}."
    if item.kind == "wrong_technique":
        return f"Right place, other technique: the key has {name} in {item.where}."
    if item.kind == "partial":
        return f"Partly found: compare your mark's edges with the {name} in {item.where}."
    return None


def grade_html(result: Grade, level: str = "solution") -> str:
    """The score and, by ``level``, counts and hints ('counts'), where to look ('hints') or one
    line per key span and false alarm with the key's reasons ('solution'); all text escaped."""
    if level not in LEVELS:
        raise ValueError(f"Unknown feedback level {level!r}: use one of {LEVELS}.")
    s = result.scores
    lines = [(item.kind, _hint(item, level)) for item in result.feedback]
    if level != "solution":
        lines = [*_count_rows(result), *lines]
    rows = "".join(
        f"<li class='pl-feedback pl-feedback-{escape(kind)}' style='margin:0.25em 0'>"
        f"<strong>{escape(_FEEDBACK_LABELS.get(kind, kind))}</strong> — {escape(text)}</li>"
        for kind, text in lines if text
    )
    if result.n_gold == 0 and not result.feedback:
        body = notice_html("The answer key is empty here: this text is fair for this lens, "
                           "and you marked nothing. Well judged.", "info")
    elif result.n_gold == 0:
        body = (notice_html("The answer key is empty here: this text is fair for this lens. "
                            "Every mark is a false alarm.", "info")
                + f"<ul style='padding-left:1.2em'>{rows}</ul>")
    else:
        body = f"<ul style='padding-left:1.2em'>{rows}</ul>"
    more = {"counts": "Press <b>More help</b> for where to look.",
            "hints": "Press <b>Show the solution</b> to see the key and its reasons.",
            "solution": ""}[level]
    return (
        "<div class='pl-grade' style='color:#1a1a1a;font-family:system-ui,sans-serif'>"
        f"<p class='pl-score' style='font-size:1.1em'><strong>Score:</strong> "
        f"precision {s.precision:.0%}, recall {s.recall:.0%}, F1 {s.f1:.0%}</p>"
        f"<p style='margin:0.2em 0'>{escape(result.summary)}</p>{body}"
        + (f"<p style='margin:0.2em 0'>{more}</p>" if more and result.n_gold else "")
        + "</div>"
    )
