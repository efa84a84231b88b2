"""The one result type every detector of every lens returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

LENSES = ("framing", "quoting", "dehumanization")


@dataclass(frozen=True)
class Finding:
    """A flagged stretch of text and why it was flagged.

    ``text == source_text[start:end]`` always holds, so a finding can be highlighted in the
    text it came from; ``evidence`` is the readable reason (rule, lexicon entry) a learner sees.
    """

    start: int
    end: int
    text: str
    technique: str
    lens: str
    evidence: str
    neutral: str | None = None
    category: str | None = None
    target: str | None = None
    rule: str | None = None

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


def finding_at(
    text: str, start: int, end: int, technique: str, lens: str, evidence: str, **extra: Any
) -> Finding:
    """Build a Finding from offsets into ``text`` so the text field cannot drift."""
    return Finding(start, end, text[start:end], technique, lens, evidence, **extra)
