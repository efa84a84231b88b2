"""Inline checks that teach judgment: is this passage manipulative, fair, or is the tool wrong?

A course that only ever shows the detectors catching propaganda teaches learners to distrust
everything the detectors flag and to trust everything they do not. These checks put a short
fictional passage next to the tool's *live* output and ask for a verdict; the right answer is
often "fair" or "the tool is wrong here", and the feedback says why.

The questions live in ``data/judgment_checks.json`` (schema ``judgment_checks.schema.json``).
Each states what the tool does on its passage (``tool``: flags, misses, or nothing at all);
:func:`claim_problems` compares that with the live output, so a library change that makes a
question's premise untrue fails a test and shows a warning in the widget instead of silently
teaching the wrong lesson. Grading is a pure function (:func:`grade`); the widget
(``widgets.judgment_check.JudgmentCheck``) only shows.
Answers are not saved: a check is one click, and the feedback is the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from propaganda_lab.analysis import analyze
from propaganda_lab.datafiles import duplicates, load_json, with_entry
from propaganda_lab.masking import Masker
from propaganda_lab.quotes.display import checks_table_html
from propaganda_lab.render import escape, highlight_html

if TYPE_CHECKING:
    from propaganda_lab.report import Report

DATA_FILE = "data/judgment_checks.json"
SCHEMA = "judgment_checks.schema.json"

MANIPULATIVE, FAIR, TOOL_WRONG = "manipulative", "fair", "tool_wrong"
#: The learner's three choices, in the order they are offered, with their button labels.
CHOICES: dict[str, str] = {
    MANIPULATIVE: "Manipulative",
    FAIR: "Fair",
    TOOL_WRONG: "The tool is wrong here",
}
RIGHT, PARTLY, WRONG = "right", "partly", "wrong"


@dataclass(frozen=True)
class ToolFlag:
    """A finding the tool is expected to report: its technique and words inside its span."""

    technique: str
    text: str


@dataclass(frozen=True)
class JudgmentItem:
    """One inline question (see the schema for what each field means)."""

    id: str
    lens: str
    title: str
    passage: str
    answer: str
    reason: str
    sources: tuple[str, ...] = ()
    group_terms: tuple[str, ...] = ()
    passage_is: str | None = None
    feedback: tuple[tuple[str, str], ...] = ()
    no_findings: bool = False
    flags: tuple[ToolFlag, ...] = ()
    misses: tuple[str, ...] = ()

    def feedback_for(self, choice: str) -> str | None:
        return dict(self.feedback).get(choice)


@dataclass(frozen=True)
class Verdict:
    """The result of one answer: right, partly right or wrong, and what to tell the learner."""

    outcome: str
    choice: str
    message: str
    reason: str


def _consistency(data: Any) -> list[tuple[list[Any], str]]:
    """Rules a schema cannot state: unique ids, and a ``tool`` claim that fits the answer
    (a 'fair' answer needs a clean tool output, a 'tool is wrong' answer a flag or a miss)."""
    problems: list[tuple[list[Any], str]] = []
    checks = data["checks"]
    for index, value in duplicates(check["id"] for check in checks):
        problems.append((["checks", index, "id"], f"duplicate id {value!r}"))
    for index, check in enumerate(checks):
        tool, answer = check["tool"], check["answer"]
        flags, misses = tool.get("flags", []), tool.get("misses", [])
        if tool.get("no_findings") and flags:
            problems.append((["checks", index, "tool"], "no_findings and flags contradict"))
        if answer == FAIR and not tool.get("no_findings"):
            problems.append((["checks", index, "tool"], "a 'fair' answer needs "
                             "no_findings: true (if the tool flags it, the answer is "
                             "'tool_wrong')"))
        if answer == MANIPULATIVE and not flags:
            problems.append((["checks", index, "tool"], "a 'manipulative' answer needs the "
                             "flags that show the tool is right"))
        if answer == TOOL_WRONG:
            wrong_by_flag = check.get("passage_is") == FAIR and flags
            wrong_by_miss = check.get("passage_is") == MANIPULATIVE and misses
            if not (wrong_by_flag or wrong_by_miss):
                problems.append((["checks", index, "tool"], "'tool_wrong' needs flags for a "
                                 "fair passage or misses for a manipulative one"))
        if answer in check.get("feedback", {}):
            problems.append((["checks", index, "feedback", answer], "feedback is for the "
                             "other answers; the reason is shown for the right one"))
    return problems


def _item(raw: dict[str, Any]) -> JudgmentItem:
    tool = raw["tool"]
    return JudgmentItem(
        id=raw["id"], lens=raw["lens"], title=raw["title"], passage=raw["passage"],
        answer=raw["answer"], reason=raw["reason"], sources=tuple(raw.get("sources", ())),
        group_terms=tuple(raw.get("group_terms", ())), passage_is=raw.get("passage_is"),
        feedback=tuple(sorted(raw.get("feedback", {}).items())),
        no_findings=bool(tool.get("no_findings", False)),
        flags=tuple(ToolFlag(f["technique"], f["text"]) for f in tool.get("flags", ())),
        misses=tuple(tool.get("misses", ())),
    )


@lru_cache(maxsize=1)
def _items() -> tuple[JudgmentItem, ...]:
    data = load_json(DATA_FILE, SCHEMA, check=_consistency, where=with_entry("id"))
    return tuple(_item(raw) for raw in data["checks"])


def judgment_checks(lens: str | None = None) -> tuple[JudgmentItem, ...]:
    """Every inline question, or those of one lens ('framing', 'quoting', 'dehumanization')."""
    items = _items()
    return items if lens is None else tuple(item for item in items if item.lens == lens)


def get_check(check_id: str) -> JudgmentItem:
    """One question by id; a ValueError names the ids there are."""
    for item in _items():
        if item.id == check_id:
            return item
    known = ", ".join(item.id for item in _items())
    raise ValueError(f"No judgment check {check_id!r}. Known checks: {known}.")


def tool_output(item: JudgmentItem) -> Report:
    """What the library says about the passage, computed now (all three lenses)."""
    return analyze(item.passage, list(item.sources) or None,
                   group_terms=list(item.group_terms) or None)


def claim_problems(item: JudgmentItem, report: Report) -> list[str]:
    """How the live output differs from what the question says the tool does ([] if not).

    Shown findings and weak cues count alike: the widget displays both.
    """
    found = list(report.findings)
    problems = []
    if item.no_findings and found:
        listed = ", ".join(f"{f.technique} on {f.text!r}" for f in found)
        problems.append(f"the question expects no findings, but the tool reports {listed}")
    for flag in item.flags:
        if not any(f.technique == flag.technique and flag.text.lower() in f.text.lower()
                   for f in found):
            problems.append(f"the question expects {flag.technique} on {flag.text!r}, "
                            "which the tool no longer reports")
    for technique in item.misses:
        if any(f.technique == technique for f in found):
            problems.append(f"the question says the tool misses {technique}, but it now "
                            "finds it")
    return problems


_DEFAULT_FEEDBACK = {
    (TOOL_WRONG, FAIR): "Right about the passage, but look again at the tool's output: it "
                        "flags something that is not manipulation. The best answer is that "
                        "the tool is wrong here.",
    (TOOL_WRONG, MANIPULATIVE): "Right about the passage, but look again at the tool's "
                                "output: it misses what makes the passage manipulative. The "
                                "best answer is that the tool is wrong here.",
}


def grade(item: JudgmentItem, choice: str) -> Verdict:
    """Right (the best answer), partly right (right about the passage, but the tool is wrong
    and you did not say so) or wrong; the message says why, then the reason follows."""
    if choice not in CHOICES:
        raise ValueError(f"Choose one of {', '.join(CHOICES)}, not {choice!r}.")
    if choice == item.answer:
        return Verdict(RIGHT, choice, "Right.", item.reason)
    if item.answer == TOOL_WRONG and choice == item.passage_is:
        message = item.feedback_for(choice) or _DEFAULT_FEEDBACK[(TOOL_WRONG, choice)]
        return Verdict(PARTLY, choice, message, item.reason)
    best = CHOICES[item.answer].lower()
    message = item.feedback_for(choice) or f"Not quite: the best answer is “{best}”."
    return Verdict(WRONG, choice, message, item.reason)


_OUTCOME_STYLE = {
    RIGHT: ("✓ Right", "#0b5d1e", "#e6f4ea"),
    PARTLY: ("◐ Partly right", "#6b4e00", "#fff4d6"),
    WRONG: ("✗ Not this time", "#8a1111", "#fdecea"),
}


def verdict_html(verdict: Verdict, masker: Masker | None = None) -> str:
    """The feedback as an accessible notice (text, not colour alone, says the outcome)."""
    mask = masker or (lambda text: text)
    label, colour, background = _OUTCOME_STYLE[verdict.outcome]
    message = "" if verdict.outcome == RIGHT else f" {escape(mask(verdict.message))}"
    return (
        f"<div class='pl-judgment-feedback pl-judgment-{verdict.outcome}' role='status' "
        f"style='color:#1a1a1a;background:{background};border-left:4px solid {colour};"
        "padding:6px 10px;margin:4px 0;font-family:system-ui,sans-serif'>"
        f"<p style='margin:0.2em 0'><strong style='color:{colour}'>{label}.</strong>"
        f"{message}</p>"
        f"<p style='margin:0.2em 0'><strong>Why:</strong> {escape(mask(verdict.reason))}</p>"
        "</div>"
    )


def passage_html(item: JudgmentItem, masker: Masker) -> str:
    """The passage (and what it quotes), as the learner reads it before deciding."""
    parts = [f"<p style='margin:0.2em 0'><strong>{escape(masker(item.title))}</strong></p>",
             "<blockquote class='pl-judgment-passage' style='margin:0.3em 0 0.3em 0.5em;"
             "padding:4px 10px;border-left:3px solid #888;color:#1a1a1a;white-space:pre-wrap'>"
             f"{escape(masker(item.passage))}</blockquote>"]
    for source in item.sources:
        parts.append("<p style='margin:0.2em 0'><em>What it quotes (the source):</em></p>"
                     "<pre class='pl-judgment-source' style='white-space:pre-wrap;margin:0.2em "
                     "0 0.3em 0.5em;font-family:inherit;color:#1a1a1a'>"
                     f"{escape(masker(source))}</pre>")
    return "<div style='font-family:system-ui,sans-serif;color:#1a1a1a'>" + "".join(parts) + \
        "</div>"


def tool_output_html(item: JudgmentItem, report: Report, masker: Masker) -> str:
    """The tool's verdict on the passage: highlights with reasons (weak cues marked), the
    quote checks when there is a source, or a plain 'nothing flagged'."""
    parts = ["<p style='margin:0.4em 0 0.1em'><strong>What the tool says</strong> "
             "(computed now by <code>propaganda_lab.analyze</code>):</p>"]
    if report.findings:
        parts.append(highlight_html(report.text, list(report.findings), masker=masker,
                                    weak="mark", title="The tool's findings"))
    else:
        parts.append("<p class='pl-judgment-clean' style='margin:0.2em 0'>The tool flags "
                     "nothing in this passage.</p>")
    if item.sources and report.quotes:
        parts.append(checks_table_html(list(report.quotes),
                                       caption="Each quote traced to the source"))
    return "".join(parts)


__all__ = [
    "CHOICES",
    "JudgmentItem",
    "ToolFlag",
    "Verdict",
    "claim_problems",
    "get_check",
    "grade",
    "judgment_checks",
    "passage_html",
    "tool_output",
    "tool_output_html",
    "verdict_html",
]
