"""Frame profile: which aspects of an issue a text talks about, and how much.

The 15 dimensions are those of the Media Frames Corpus codebook (Boydstun, Card, Gross, Resnik
& Smith 2014; Card et al. 2015); the cue lemmas are our own (``frames.json``). Counting cue
lemmas per 100 words is crude but transparent: every point of a score is a word the learner can
see, which is the point of the exercise ("this report is about money, that one about crime").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from propaganda_lab.lenses.framing._lexicons import frames
from propaganda_lab.nlp import to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class FrameCue:
    """One word that counted towards a frame, with its offsets in the analysed text."""

    text: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True)
class FrameProfile:
    """Scores per frame id (cue words per 100 words) and the words behind each score.

    ``headline``/``body`` hold the separate profiles when the text was analysed with
    ``headline=True`` (the first line is the headline).
    """

    scores: dict[str, float]
    evidence: dict[str, list[FrameCue]]
    words: int
    headline: FrameProfile | None = None
    body: FrameProfile | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def top(self, n: int = 3) -> list[tuple[str, float]]:
        """The n strongest frames with a non-zero score, strongest first (ties by id)."""
        ranked = sorted(self.scores.items(), key=lambda item: (-item[1], item[0]))
        return [(frame, score) for frame, score in ranked if score > 0][:n]

    @property
    def dominant(self) -> str | None:
        top = self.top(1)
        return top[0][0] if top else None

    def summary(self, n: int = 3) -> str:
        """One readable line, e.g. "economic 4.2, crime_punishment 3.1 (per 100 words)"."""
        top = self.top(n)
        if not top:
            return f"No frame cue words found in {self.words} words."
        parts = ", ".join(f"{self.labels.get(frame, frame)} {score:.1f}" for frame, score in top)
        return f"{parts} (cue words per 100 words; {self.words} words)"


def frame_labels() -> dict[str, str]:
    """Frame id -> readable label, in codebook order."""
    return {frame.id: frame.label for frame in frames()}


@functools.cache
def _frames_of_cue() -> dict[str, tuple[str, ...]]:
    """Cue word -> the frames it signals, in codebook order (one lookup per token, not one
    per token and frame: the profile runs on every analysis)."""
    table: dict[str, list[str]] = {}
    for frame in frames():
        for cue in frame.cues:
            table.setdefault(cue, []).append(frame.id)
    return {cue: tuple(ids) for cue, ids in table.items()}


def _profile_of(span: Span | Doc) -> FrameProfile:
    lexicon = frames()
    cue_frames = _frames_of_cue()
    words = [t for t in span if not (t.is_punct or t.is_space) and any(c.isalnum() for c in t.text)]
    evidence: dict[str, list[FrameCue]] = {frame.id: [] for frame in lexicon}
    for token in words:
        lemma = token.lemma_.lower()
        matched = cue_frames.get(lemma, ()) + cue_frames.get(token.lower_, ())
        for frame_id in dict.fromkeys(matched):
            evidence[frame_id].append(
                FrameCue(token.text, lemma, token.idx, token.idx + len(token.text)))
    per = 100.0 / len(words) if words else 0.0
    scores = {frame_id: round(len(cues) * per, 2) for frame_id, cues in evidence.items()}
    return FrameProfile(scores, evidence, len(words), labels=frame_labels())


def _headline_split(doc: Doc) -> int | None:
    """Token index where the body starts (the first token after the first line break)."""
    newline = doc.text.find("\n")
    if newline < 0:
        return None
    span = doc.char_span(newline, len(doc.text), alignment_mode="expand")
    if span is None:
        return None
    first = span.start if doc[span.start].idx >= newline else span.start + 1
    return first if first < len(doc) else None


def frame_profile(text_or_doc: str | Doc, *, headline: bool = False) -> FrameProfile:
    """Frame scores of the whole text; with ``headline=True`` also of its first line and the
    rest separately, because a headline often frames an event differently from its report."""
    doc = to_doc(text_or_doc)
    split = _headline_split(doc) if headline else None
    if split is None:
        whole = _profile_of(doc)
        if not headline:
            return whole
        return FrameProfile(whole.scores, whole.evidence, whole.words, headline=whole,
                            body=_profile_of(doc[0:0]), labels=whole.labels)
    top, body = _profile_of(doc[:split]), _profile_of(doc[split:])
    # The whole text is the two parts together: one pass over the tokens, not two.
    words = top.words + body.words
    evidence = {frame: top.evidence[frame] + body.evidence[frame] for frame in top.evidence}
    per = 100.0 / words if words else 0.0
    scores = {frame: round(len(cues) * per, 2) for frame, cues in evidence.items()}
    return FrameProfile(scores, evidence, words, headline=top, body=body, labels=top.labels)
