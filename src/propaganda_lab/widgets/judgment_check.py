"""The inline judgment check widget: a passage, the tool's live output, three verdicts.

The questions, their grading and their HTML are in :mod:`propaganda_lab.judgment`; this
module only lays them out and reacts to the learner's choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from propaganda_lab.judgment import (
    CHOICES,
    JudgmentItem,
    Verdict,
    claim_problems,
    get_check,
    grade,
    judgment_checks,
    passage_html,
    tool_output,
    tool_output_html,
    verdict_html,
)
from propaganda_lab.masking import Masker
from propaganda_lab.widgets._base import LabWidget, mark_chosen, reveal_button, safe_callback

if TYPE_CHECKING:
    from propaganda_lab.report import Report


class JudgmentCheck(LabWidget):
    """One passage, the tool's live output, and three buttons: manipulative, fair, tool wrong."""

    def __init__(self, check_id: str, **kwargs: Any) -> None:
        self.item = get_check(check_id)
        self.masker = Masker()
        self.passage = widgets.HTML()
        self.tool_view = widgets.HTML()
        self.tool_view.add_class("pl-judgment-tool")
        self.choice = widgets.ToggleButtons(
            options=[(label, value) for value, label in CHOICES.items()], value=None,
            description="Your call:", style={"button_width": "14em"},
            tooltips=["The passage manipulates its reader", "The passage is fair",
                      "The tool's output is wrong about this passage"])
        mark_chosen(self.choice)
        self.feedback = widgets.HTML()
        self.feedback.add_class("pl-judgment-result")
        controls: list[widgets.Widget] = [self.choice]
        self.reveal = reveal_button()
        if self.masker.count(self.item.passage + " ".join(self.item.sources)):
            controls.append(self.reveal)
        super().__init__([self.passage, self.tool_view, widgets.HBox(controls), self.feedback],
                         **kwargs)
        self.add_class("pl-judgment-check")
        self.report: Report | None = None
        self._warning = ""
        self.choice.observe(lambda _c: self.check(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        self.analyse()

    def __repr__(self) -> str:
        return f"JudgmentCheck({self.item.id!r})"

    @safe_callback
    def analyse(self) -> None:
        """Run the tool on the passage and show its output (and a warning if the question's
        premise no longer holds)."""
        self.report = tool_output(self.item)
        problems = claim_problems(self.item, self.report)
        self._warning = ("The tool's output has changed since this question was "
                         f"written ({'; '.join(problems)}), so its answer key may no "
                         "longer fit. Judge for yourself, and tell your instructor."
                         if problems else "")
        self._restore_message()
        self.render()

    def _restore_message(self) -> None:
        """The standing warning (if the question's premise broke), else no message: an old
        error from an earlier click must not stay on screen."""
        if self._warning:
            self.show_message(self._warning, "warning")
        else:
            self.clear_message()

    def render(self) -> None:
        self.passage.value = passage_html(self.item, self.masker)
        if self.report is not None:
            self.tool_view.value = tool_output_html(self.item, self.report, self.masker)
        self.check()

    def _reveal_changed(self) -> None:
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        self.render()

    @safe_callback
    def check(self) -> None:
        """Feedback for the current choice (nothing before the learner has chosen)."""
        if self.choice.value is None:
            self.feedback.value = ""
            return
        self.feedback.value = verdict_html(grade(self.item, self.choice.value), self.masker)
        self._restore_message()


__all__ = [
    "CHOICES",
    "JudgmentCheck",
    "JudgmentItem",
    "Verdict",
    "claim_problems",
    "get_check",
    "grade",
    "judgment_checks",
    "tool_output",
    "verdict_html",
]
