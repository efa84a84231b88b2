"""The "spot the technique" exercise, without any widget: marks, grading, saved answers.

A learner's marks are scored with the SemEval-2020 span metric against a case's gold
annotations, and every miss or false alarm is explained with the annotator's own reason.
Answers are saved as JSON beside the notebook so that a kernel restart loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from propaganda_lab.corpus import Annotation, Case
from propaganda_lab.learner_files import Validate, read_learner_file, update_learner_file
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
    #: True when this line is about one of the learner's marks, False for a span of the key.
    about_mark: bool = False
    #: "paragraph 2, sentence 3": where the span is, for a hint that does not give it away.
    where: str = ""


@dataclass(frozen=True)
class Grade:
    scores: Scores
    feedback: tuple[FeedbackItem, ...]
    n_gold: int

    def count(self, kind: str) -> int:
        """How many feedback lines of ``kind``; each mark and each key span is counted once."""
        return sum(item.kind == kind for item in self.feedback)

    @property
    def summary(self) -> str:
        s = self.scores
        return (
            f"Precision {s.precision:.0%} (how much of what you marked is in the key), "
            f"recall {s.recall:.0%} (how much of the key you found), F1 {s.f1:.0%}."
        )


def _where(text: str, offset: int) -> str:
    """Paragraph and sentence number of ``offset`` (blank lines part paragraphs)."""
    before = text[:offset]
    paragraphs = [p for p in re.split(r"\n\s*\n", before)]
    paragraph = sum(1 for p in paragraphs[:-1] if p.strip()) + 1
    sentence = len(re.findall(r"[.!?][\"”’)]*\s+", paragraphs[-1] if paragraphs else "")) + 1
    return f"paragraph {paragraph}, sentence {sentence}"


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
    explained = explain_scores(predicted, gold_spans)
    #: Marks already reported as "right place, other technique": never also a false alarm.
    placed = {match.predicted for match in explained
              if match.kind == "wrong_technique" and match.predicted is not None}
    for match in explained:
        kind = match.kind
        if match.gold is not None:
            technique, start, end = match.gold
            why = reasons.get(match.gold, "")
            text = article[start:end]
            if kind == "exact":
                message = f"Found: {_quote(text)} is {_name(technique)}. {why}"
            elif kind == "partial":
                message = (
                    f"Partly found ({match.credit:.0%} covered): the key marks {_quote(text)} as "
                    f"{_name(technique)}. {why}"
                )
            elif kind == "wrong_technique":
                chosen = match.predicted[0] if match.predicted else "?"
                message = (
                    f"Right place, other technique: you chose {_name(chosen)}, the key says "
                    f"{_name(technique)} for {_quote(text)}. {why}"
                )
            else:
                message = f"Missed: {_quote(text)} is {_name(technique)}. {why}"
        else:
            assert match.predicted is not None
            if match.predicted in placed:
                continue
            technique, start, end = match.predicted
            text = article[start:end]
            overlapping = [a for a in gold if a.start < end and start < a.end]
            if overlapping:
                kind = "wrong_technique"
                others = ", ".join(sorted({_name(a.technique) for a in overlapping}))
                message = (
                    f"Right place, other technique: you marked {_quote(text)} as "
                    f"{_name(technique)}; the key marks that text as {others}."
                )
            else:
                message = (
                    f"False alarm: the key marks nothing as {_name(technique)} in {_quote(text)}. "
                    f"Ask: {get_technique(technique).questions[0]}"
                    if technique in technique_ids()
                    else f"False alarm: the key marks nothing in {_quote(text)}."
                )
        feedback.append(FeedbackItem(kind, text, technique, message.strip(), match.credit,
                                     match.gold is None, _where(article, start)))
    return Grade(scores, tuple(feedback), len(gold))


def _answers_validator(case: Case) -> Validate:
    """Keep the marks of an answers file that still fit ``case``; a note for each one skipped."""

    def validate(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
        if not isinstance(raw, dict) or not isinstance(raw.get("marks"), list):
            return None, ["it does not hold a list of marks"]
        if raw.get("case") != case.id:
            return None, [f"it holds answers for another case ({str(raw.get('case'))[:40]!r})"]
        marks, notes = [], []
        for item in raw["marks"]:
            mark = _mark_from(item, case)
            if mark is None:
                notes.append(f"Skipped a saved mark that no longer fits the text: {item!r:.80}")
            elif mark not in marks:
                marks.append(mark)
        return {"version": ANSWERS_VERSION, "case": case.id, "marks": marks}, notes

    return validate


def _mark_from(item: Any, case: Case) -> Mark | None:
    """A saved mark, or None when its shape or offsets do not fit (1e999, -3, "x", null...)."""
    if not isinstance(item, dict):
        return None
    technique, start, end = item.get("technique"), item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) \
            or isinstance(end, bool) or not 0 <= start < end <= len(case.article):
        return None
    text = case.article[start:end]
    if technique not in technique_ids() or item.get("text", text) != text:
        return None
    return Mark(technique, start, end, text)


def _payload(case_id: str, marks: list[Mark]) -> dict[str, Any]:
    return {"version": ANSWERS_VERSION, "case": case_id,
            "marks": [{"technique": m.technique, "start": m.start, "end": m.end, "text": m.text}
                      for m in marks]}


def save_answers(path: str | Path, case: Case | str, marks: list[Mark]) -> list[str]:
    """Replace the saved marks with ``marks`` (atomic, locked, with backups of the last file).

    Returns notes about an earlier file that could not be read (it is kept as a copy). Prefer
    :func:`update_answers` from a widget: it merges with marks another tab saved meanwhile.
    """
    case_id = case if isinstance(case, str) else case.id

    def validate(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
        if isinstance(case, str):
            ok = isinstance(raw, dict) and raw.get("case") == case and isinstance(
                raw.get("marks"), list)
            return (raw if ok else None), ([] if ok else ["not an answers file for this case"])
        return _answers_validator(case)(raw)

    _, notes = update_learner_file(path, validate, lambda _current: _payload(case_id, marks))
    return notes


def update_answers(path: str | Path, case: Case, add: Iterable[Mark] = (),
                   remove: Iterable[Mark] = ()) -> tuple[list[Mark], list[str]]:
    """Add and remove marks in the saved file, merged with what is there now.

    Two tabs on one case therefore keep each other's marks (each edit is applied to the file's
    current content under a lock). Returns all marks now saved, and notes for the learner.
    """
    adding, removing = list(add), set(remove)

    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        marks = [m for m in (current or {}).get("marks", []) if m not in removing]
        marks += [m for m in adding if m not in marks]
        return _payload(case.id, marks)

    written, notes = update_learner_file(path, _answers_validator(case), change)
    return [Mark(**raw) for raw in written["marks"]], notes


def load_answers(path: str | Path, case: Case) -> tuple[list[Mark], list[str]]:
    """Marks saved for this case, and a note for each thing that could not be used.

    Never raises: a missing file is a fresh start; an unreadable one (or one of the wrong shape)
    is reported, left in place, and replaced by its newest good backup; a file
    for another case is not touched (the next save keeps a copy of it).
    """
    loaded = read_learner_file(path, _answers_validator(case))
    marks = list(loaded.data["marks"]) if loaded.data else []
    return marks, loaded.notes
