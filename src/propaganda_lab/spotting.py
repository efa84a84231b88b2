"""The "spot the technique" exercise, without any widget: marks, grading, saved answers.

A learner's marks are scored with the SemEval-2020 span metric against a case's gold
annotations, and every miss or false alarm is explained with the annotator's own reason.
Answers are saved as JSON beside the notebook so that a kernel restart loses nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from propaganda_lab.corpus import Annotation, Case
from propaganda_lab.metrics import Scores, explain_scores, span_scores
from propaganda_lab.techniques import get_technique, technique_ids, techniques

ANSWERS_VERSION = 1
_QUOTE_LIMIT = 90


@dataclass(frozen=True)
class Mark:
    """One span a learner marked, with the technique they chose."""

    technique: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[str, int, int]:
        return (self.technique, self.start, self.end)


@dataclass(frozen=True)
class FeedbackItem:
    """One line of feedback: ``kind`` is exact, partial, wrong_technique, miss or false_alarm."""

    kind: str
    text: str
    technique: str
    message: str
    credit: float


@dataclass(frozen=True)
class Grade:
    scores: Scores
    feedback: tuple[FeedbackItem, ...]
    n_gold: int

    @property
    def summary(self) -> str:
        s = self.scores
        return (
            f"Precision {s.precision:.0%} (how much of what you marked is in the key), "
            f"recall {s.recall:.0%} (how much of the key you found), F1 {s.f1:.0%}."
        )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + '…'}”"


def _name(technique_id: str) -> str:
    try:
        return get_technique(technique_id).name
    except KeyError:
        return technique_id


def make_mark(text: str, start: int, end: int, technique: str) -> Mark:
    """A mark from a selection, trimmed of surrounding white space and punctuation-free edges.

    Raises ValueError with a learner-facing message for an empty or out-of-range selection or
    an unknown technique.
    """
    if technique not in technique_ids():
        raise ValueError(f"Unknown technique {technique!r}: pick one from the list.")
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValueError("Select some words in the text first (the selection is empty).")
    return Mark(technique, start, end, text[start:end])


def mark_words(text: str, words: str, technique: str, occurrence: int = 1) -> Mark:
    """Mark the ``occurrence``-th appearance of ``words`` (a keyboard-friendly alternative)."""
    needle = " ".join(words.split())
    if not needle:
        raise ValueError("Type the exact words you want to mark.")
    position = -1
    for _ in range(max(1, occurrence)):
        position = text.lower().find(needle.lower(), position + 1)
        if position < 0:
            raise ValueError(f"{_quote(needle)} does not appear in the text; copy it exactly.")
    return make_mark(text, position, position + len(needle), technique)


def gold_for(case: Case, lens: str | None = None) -> list[Annotation]:
    """The case's gold spans, restricted to one lens's techniques when a round is about one lens."""
    if lens is None:
        return list(case.annotations)
    wanted = {technique.id for technique in techniques(lens)}
    return [annotation for annotation in case.annotations if annotation.technique in wanted]


def grade(case: Case, marks: list[Mark], lens: str | None = None) -> Grade:
    """Score marks against the gold annotations and explain every miss and false alarm."""
    gold = gold_for(case, lens)
    gold_spans = [(a.technique, a.start, a.end) for a in gold]
    reasons = {(a.technique, a.start, a.end): a.explanation for a in gold}
    predicted = [mark.span for mark in marks]
    scores = span_scores(predicted, gold_spans)
    article = case.article
    feedback = []
    for match in explain_scores(predicted, gold_spans):
        if match.gold is not None:
            technique, start, end = match.gold
            why = reasons.get(match.gold, "")
            text = article[start:end]
            if match.kind == "exact":
                message = f"Found: {_quote(text)} is {_name(technique)}. {why}"
            elif match.kind == "partial":
                message = (
                    f"Partly found ({match.credit:.0%} covered): the key marks {_quote(text)} as "
                    f"{_name(technique)}. {why}"
                )
            elif match.kind == "wrong_technique":
                chosen = match.predicted[0] if match.predicted else "?"
                message = (
                    f"Right place, other technique: you chose {_name(chosen)}, the key says "
                    f"{_name(technique)} for {_quote(text)}. {why}"
                )
            else:
                message = f"Missed: {_quote(text)} is {_name(technique)}. {why}"
        else:
            technique, start, end = match.predicted  # type: ignore[misc]
            text = article[start:end]
            overlapping = [a for a in gold if a.start < end and start < a.end]
            if overlapping:
                others = ", ".join(sorted({_name(a.technique) for a in overlapping}))
                message = (
                    f"False alarm: you marked {_quote(text)} as {_name(technique)}; the key marks "
                    f"that text as {others} instead."
                )
            else:
                message = (
                    f"False alarm: the key marks nothing as {_name(technique)} in {_quote(text)}. "
                    f"Ask: {get_technique(technique).questions[0]}"
                    if technique in technique_ids()
                    else f"False alarm: the key marks nothing in {_quote(text)}."
                )
        feedback.append(FeedbackItem(match.kind, text, technique, message.strip(), match.credit))
    return Grade(scores, tuple(feedback), len(gold))


def save_answers(path: str | Path, case_id: str, marks: list[Mark]) -> None:
    """Write the marks atomically (a crash mid-write must not destroy earlier answers)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": ANSWERS_VERSION,
        "case": case_id,
        "marks": [
            {"technique": m.technique, "start": m.start, "end": m.end, "text": m.text}
            for m in marks
        ],
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(payload, stream, ensure_ascii=False, indent=1)
    os.replace(temporary, path)


def load_answers(path: str | Path, case: Case) -> tuple[list[Mark], list[str]]:
    """Marks saved for this case, and a note for each one that no longer fits the text.

    A missing file means a fresh start; an unreadable one is reported, never raised, so the
    exercise still opens (and the broken file is left in place for the learner to inspect).
    """
    path = Path(path)
    if not path.exists():
        return [], []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw_marks = data["marks"] if data.get("case") == case.id else []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        return [], [f"Could not read saved answers in {path.name} ({error}); starting empty."]
    marks, notes = [], []
    for raw in raw_marks:
        try:
            technique, start, end = raw["technique"], int(raw["start"]), int(raw["end"])
            text = case.article[start:end]
            if technique not in technique_ids() or not text or text != raw.get("text", text):
                raise ValueError
            marks.append(Mark(technique, start, end, text))
        except (KeyError, TypeError, ValueError):
            notes.append(f"Skipped a saved mark that no longer fits the text: {raw!r:.80}")
    return marks, notes
