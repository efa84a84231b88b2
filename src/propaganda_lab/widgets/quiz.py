"""SelfCheckQuiz: judge short passages as manipulative or fair, then see hits, false alarms, d'.

The result is saved per stage ('pre' in the start notebook, 'post' in the case study) to a JSON
file beside the notebook, so the post-course run can show the change next to the first one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from propaganda_lab.quiz import (
    RESULTS_FILE,
    QuizItem,
    QuizScore,
    assign_forms,
    compare_scores,
    items_for_stage,
    items_in_order,
    new_seed,
    read_results,
    save_answer,
    save_result,
    saved_score,
    score_answers,
)
from propaganda_lab.render import escape
from propaganda_lab.techniques import get_technique
from propaganda_lab.widgets._base import LabWidget, mark_chosen, safe_callback
from propaganda_lab.widgets.snapshot import snapshot_html

MANIPULATIVE = "manipulative"
FAIR = "fair"
_BOX = ("border:1px solid #c8c8c8;border-radius:4px;padding:6px 10px;margin:4px 0;"
        "color:#1a1a1a;font-family:system-ui,sans-serif")


def _passage_html(number: int, item: QuizItem) -> str:
    lines = "<br>".join(escape(line) for line in item.passage.splitlines())
    return f"<div style='{_BOX}'><strong>{number}.</strong> {lines}</div>"


def _verdict_html(item: QuizItem, answer: bool | None) -> str:
    """Right or wrong in words (not colour alone), the techniques, and the explanation."""
    truth = MANIPULATIVE if item.is_manipulative else FAIR
    if answer is None:
        verdict = f"Not answered. This passage is {truth}."
    elif answer == item.is_manipulative:
        verdict = f"Right: {truth}."
    else:
        kind = "False alarm" if answer else "Miss"
        verdict = f"{kind}: this passage is {truth}."
    names = ", ".join(get_technique(t).name for t in item.techniques)
    techniques = f" <em>Technique(s): {escape(names)}.</em>" if names else ""
    return (f"<div style='margin:0 0 6px 1.2em;color:#1a1a1a'><strong>{escape(verdict)}</strong>"
            f"{techniques} {escape(item.explanation)}</div>")


def score_html(score: QuizScore, title: str) -> str:
    """Hits and false alarms as separate numbers, d' and c, and what they mean."""
    rows = "".join(f"<li>{escape(line)}</li>" for line in score.explain())
    return (f"<div class='pl-quiz-score' style='{_BOX}'><strong>{escape(title)}</strong>"
            f"<ul style='margin:0.3em 0'>{rows}</ul></div>")


class SelfCheckQuiz(LabWidget):
    """Answer each passage, press 'Score my answers'; the result is saved under ``stage``."""

    def __init__(self, stage: str = "pre", results_path: str | Path = RESULTS_FILE,
                 seed: int | None = None, **kwargs: Any) -> None:
        items_for_stage(stage)  # a clear error for an unknown stage
        self.stage = stage
        self.results_path = Path(results_path)
        saved, notes = read_results(self.results_path)
        seed = new_seed() if seed is None else seed
        learner = saved.get("learner") or {"seed": seed, "forms": assign_forms(seed)}
        other = "post" if stage == "pre" else "pre"
        if "learner" not in saved and "form" in saved.get(other, {}):  # a version-1 file
            taken = saved[other]["form"]
            learner["forms"] = {other: taken, stage: "B" if taken == "A" else "A"}
        record = saved.get(stage, {})
        form = record.get("form", learner["forms"][stage])
        if "order" in record:
            self.items = items_in_order(form, record["order"])
        else:
            self.items = items_for_stage(stage, form, learner["seed"])
        #: What makes this learner's quiz reproducible; saved with the first answer.
        self.plan = {"learner": learner, "form": form, "order": [i.id for i in self.items]}
        self.choices: list[widgets.ToggleButtons] = []
        rows: list[widgets.Widget] = []
        for number, item in enumerate(self.items, start=1):
            choice = widgets.ToggleButtons(options=[("Manipulative", MANIPULATIVE),
                                                    ("Fair", FAIR)], value=None,
                                           description="", style={"button_width": "11em"})
            choice.add_class("pl-quiz-choice")
            mark_chosen(choice)  # the chosen answer carries a check mark, not just a shade
            self.choices.append(choice)
            rows += [widgets.HTML(_passage_html(number, item)), choice]
        self.score_button = widgets.Button(description="Score my answers", icon="check",
                                           button_style="primary",
                                           layout=widgets.Layout(width="14em"))
        self.reset_button = widgets.Button(description="Start again", icon="undo")
        self.result = widgets.HTML()
        self.result.add_class("pl-quiz-result")
        self.feedback = widgets.HTML()
        when = "before" if stage == "pre" else "after"
        intro = widgets.HTML(
            f"<p style='margin:0.2em 0'>Self-check ({escape(when)} the course, "
            f"{len(self.items)} passages). For each passage decide: is it <b>manipulative</b> "
            "or <b>fair</b>? Some fair passages use strong words or passives on purpose. "
            "Your answers stay on this computer.</p>")
        super().__init__([intro, *rows, widgets.HBox([self.score_button, self.reset_button]),
                          self.result, self.feedback], **kwargs)
        self.add_class("pl-quiz")
        self.score_button.on_click(lambda _b: self.score())
        self.reset_button.on_click(lambda _b: self.reset())
        self._restore(record.get("answers", {}), notes)
        for item, choice in zip(self.items, self.choices, strict=True):
            choice.observe(lambda change, item_id=item.id: self._answered(item_id, change),
                           names="value")

    def static_snapshot(self) -> str:
        """The intro only: the passages come in an order drawn for each learner, so a saved
        picture of them would differ on every run (and give the items away out of order)."""
        return snapshot_html(self.children[0], extra_html=(
            f"<p><em>{len(self.items)} passages, each with the buttons Manipulative and "
            "Fair, appear here when the cell runs.</em></p>"))

    def _restore(self, answers: dict[str, bool], notes: list[str]) -> None:
        """Put saved answers back (a re-run or a kernel restart loses nothing)."""
        restored = 0
        for item, choice in zip(self.items, self.choices, strict=True):
            if item.id in answers:
                choice.value = MANIPULATIVE if answers[item.id] else FAIR
                restored += 1
        message = f"Restored {restored} saved answer(s). " if restored else ""
        if notes or message:
            self.show_message(message + " ".join(notes), "warning" if notes else "info")

    @safe_callback
    def _answered(self, item_id: str, change: dict[str, Any]) -> None:
        """Save each answer as it is given."""
        value = None if change["new"] is None else change["new"] == MANIPULATIVE
        try:
            notes = save_answer(self.stage, item_id, value, self.results_path, self.plan)
        except OSError as error:
            self.show_message(f"Could not save this answer ({error.strerror or error}); it "
                              "stays on screen for now.", "warning")
            return
        if notes:
            self.show_message(" ".join(notes), "warning")

    def __repr__(self) -> str:
        return f"SelfCheckQuiz(stage={self.stage!r}, items={len(self.items)})"

    def answers(self) -> dict[str, bool | None]:
        """Item id -> True (manipulative), False (fair) or None (not answered)."""
        return {item.id: None if choice.value is None else choice.value == MANIPULATIVE
                for item, choice in zip(self.items, self.choices, strict=True)}

    @safe_callback
    def score(self) -> QuizScore | None:
        """Score, show the meaning and every item's explanation, and save the stage."""
        answers = self.answers()
        answered = sum(value is not None for value in answers.values())
        if answered == 0:
            self.show_message("Answer at least one passage first (click Manipulative or Fair).",
                              "hint")
            return None
        score = score_answers(self.items, answers)
        parts = [score_html(score, f"Your result ({answered} of {len(self.items)} answered)")]
        other = "pre" if self.stage == "post" else None
        before = saved_score(other, self.results_path) if other else None
        if before is not None:
            lines = "".join(f"<li>{escape(line)}</li>" for line in compare_scores(before, score))
            parts.append(f"<div style='{_BOX}'><strong>Before and after the course</strong>"
                         f"<ul style='margin:0.3em 0'>{lines}</ul></div>")
        self.result.value = "".join(parts)
        self.feedback.value = "".join(
            _passage_html(n, item) + _verdict_html(item, answers[item.id])
            for n, item in enumerate(self.items, start=1))
        try:
            where = save_result(self.stage, answers, score, self.results_path, self.plan)
            self.show_message(f"Saved as your '{self.stage}' result in {where.name}.", "info")
        except OSError as error:
            self.show_message(f"Scored, but could not save the result ({error.strerror}).",
                              "warning")
        return score

    @safe_callback
    def reset(self) -> None:
        for choice in self.choices:
            choice.value = None  # each change is saved, so the file is cleared as well
        self.result.value = self.feedback.value = ""
        self.clear_message()
