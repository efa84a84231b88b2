"""The one result type every detector of every lens returns, and the one normalisation step.

A detector only says *where* and *why*; everything that must be the same for all findings is
decided here: how a span is trimmed and what happens when findings overlap. This module is the
ground floor: it reads no data file and imports nothing of the package. The lens (from the
technique catalogue), the voice, the confidence and whether a finding is a weak cue are filled
in by ``pipeline`` above the detectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

#: Voices a finding can be in: the article's author, or material the article reproduces.
VOICES = ("author", "quoted")
#: Characters trimmed from both ends of every finding (whitespace), and from its end only.
_EDGE_SPACE = " \t\r\n\u00a0"
_TRAILING = ".,;:"


@dataclass(frozen=True)
class Finding:
    """A flagged stretch of text and why it was flagged.

    ``text == source_text[start:end]`` always holds, so a finding can be highlighted in the
    text it came from; ``evidence`` is the readable reason (rule, lexicon entry) a learner sees;
    ``rule`` is the ``technique.rule_name`` id of the rule that fired (see ``registry``);
    ``confidence`` is that rule's precision measured on real text (None: not measured);
    ``corroborated`` says another cue (of another kind of evidence) sits in the same sentence,
    which on real text makes a lexicon cue markedly more often right (``calibration``).
    ``lens`` is the catalogue's lens of the technique and ``weak`` says the finding is a weak
    cue, kept in every report but shown on request only; ``basis`` names the facts of its
    context that moved its confidence most ("said of a group of people"). All three are set by
    ``pipeline.run`` (a Finding built by hand has no lens and is not weak).
    """

    start: int
    end: int
    text: str
    technique: str
    evidence: str
    rule: str | None = None
    neutral: str | None = None
    category: str | None = None
    target: str | None = None
    confidence: float | None = None
    voice: str = "author"
    speaker: str | None = None
    corroborated: bool = False
    lens: str | None = None
    weak: bool = False
    basis: str | None = None

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad offsets {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"text {self.text!r} does not span {self.start}..{self.end}")

    @property
    def span(self) -> tuple[str, int, int]:
        """PTC-style ``(technique, start, end)`` tuple, as the span metric takes it."""
        return (self.technique, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict`."""
        return cls(**data)


def finding_at(text: str, start: int, end: int, technique: str, evidence: str,
               **extra: Any) -> Finding:
    """Build a Finding from offsets into ``text`` so the text field cannot drift."""
    return Finding(start, end, text[start:end], technique, evidence, **extra)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_SPACE:
        start += 1
    while end > start and (text[end - 1] in _EDGE_SPACE or text[end - 1] in _TRAILING):
        end -= 1
    return start, end


def normalise(findings: Iterable[Finding], text: str) -> list[Finding]:
    """The one convention every detector's output passes through, in this order.

    1. **Trim**: whitespace off both ends, and a trailing ``. , ; :`` (a "?" or "!" stays:
       it is part of a rhetorical question or a slogan). A finding trimmed to nothing is
       dropped.
    2. **Overlap**: findings of the *same technique* that overlap become one finding over
       their union (as the SemEval span scorer merges them); the one that starts first (then
       the longest, then the most confident) keeps its rule, confidence and fields, and the
       others' reasons are appended as "Also: ...". Different techniques may overlap freely:
       one phrase can be loaded language and an appeal to fear at once.
    3. **Order**: reading order (start, end, technique).
    """
    trimmed: list[Finding] = []
    for finding in findings:
        start, end = _trimmed(text, finding.start, finding.end)
        if end <= start:
            continue
        if (start, end) != (finding.start, finding.end):
            finding = replace(finding, start=start, end=end, text=text[start:end])
        trimmed.append(finding)
    by_technique: dict[str, list[Finding]] = {}
    for finding in trimmed:
        by_technique.setdefault(finding.technique, []).append(finding)
    merged: list[Finding] = []
    for group in by_technique.values():
        group.sort(key=lambda f: (f.start, -f.end, -(f.confidence or 0.0), f.rule or ""))
        current = group[0]
        reasons = [current.evidence]
        for item in group[1:]:
            if item.start < current.end:
                if item.evidence not in reasons:
                    reasons.append(item.evidence)
                if item.end > current.end:
                    current = replace(current, end=item.end, text=text[current.start:item.end])
                continue
            merged.append(_with_reasons(current, reasons))
            current, reasons = item, [item.evidence]
        merged.append(_with_reasons(current, reasons))
    return sorted(merged, key=lambda f: (f.start, f.end, f.technique, f.rule or ""))


def _with_reasons(finding: Finding, reasons: list[str]) -> Finding:
    if len(reasons) == 1:
        return finding
    return replace(finding, evidence=" Also: ".join(reasons))
