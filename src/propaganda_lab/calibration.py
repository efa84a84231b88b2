"""Measured confidence: how often each rule was right on real, hand-judged text.

``data/calibration.json`` is written by ``benchmarks/real_text.py`` from stored hand judgments
of flags on real propaganda and real news (the corpora are named and sized in the file). A rule
gets a confidence only when it was measured; there is no guessed default.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from propaganda_lab.datafiles import load_json, packaged
from propaganda_lab.findings import Finding

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext

CALIBRATION_FILE = "data/calibration.json"
#: Default view threshold when the calibration file names none: a finding is shown by default
#: only if its rule was right at least 3 times in 5 when judged by hand on real text. Below
#: that, a highlight is wrong often enough to teach learners to suspect everything.
DEFAULT_THRESHOLD = 0.6


@functools.cache
def calibration() -> dict[str, Any]:
    """The calibration data (empty rules when no measurement has been shipped yet)."""
    if not packaged(CALIBRATION_FILE).is_file():
        return {"corpora": {}, "date": None, "rules": {}}
    return load_json(CALIBRATION_FILE, "calibration.schema.json")  # type: ignore[no-any-return]


#: Rules that compare a quote with the source the reader supplied: each finding shows the
#: source's words beside the article's, so it is a checked fact, not a guess, and is shown
#: by default without a corpus measurement (no real corpus holds articles with sources).
SOURCE_CHECKED_RULES = frozenset({
    "altered_quote.altered", "clipping.clipped", "context_stripping.context_reversed",
    "dropped_qualifier.dropped_qualifier", "fabricated_quote.not_found",
    "misattribution.misattributed", "splicing.spliced",
})


#: A finding is shown by default only when its measurement rests on at least this many
#: judged flags: with fewer, a 3-in-5 precision is too uncertain to put in front of learners.
MIN_JUDGED_TO_SHOW = 20


#: A rule whose own flags on mainstream news were judged at least this often, and right less
#: than ``NEWS_MIN_PRECISION`` of the time there, is never shown by default: pooled with
#: propaganda its precision may pass, but on the fair reporting learners paste most it would
#: mostly be a false flag, the error this course can least afford.
NEWS_MIN_JUDGED = 5
NEWS_MIN_PRECISION = 0.5


def wrong_on_news(rule: str | None) -> bool:
    """Whether the rule's judged flags on mainstream news were mostly wrong."""
    entry = calibration()["rules"].get(rule or "") or {}
    news = entry.get("news") or {}
    judged = int(news.get("judged") or 0)
    return judged >= NEWS_MIN_JUDGED and int(news.get("right") or 0) / judged < NEWS_MIN_PRECISION


def is_weak(finding: Finding) -> bool:
    """Not shown by default: unmeasured (and not a source check), measured on fewer than
    ``MIN_JUDGED_TO_SHOW`` judged flags, measured below the threshold, or mostly wrong on
    mainstream news (``wrong_on_news``)."""
    if finding.confidence is None:
        return finding.rule not in SOURCE_CHECKED_RULES
    entry = _measurement(finding.rule, finding.corroborated)
    if entry is not None and int(entry.get("judged") or 0) < MIN_JUDGED_TO_SHOW:
        return True
    return finding.confidence < shown_threshold() or wrong_on_news(finding.rule)


def shown_threshold() -> float:
    """The confidence a finding needs to be shown by default (the rest are weak cues)."""
    value = calibration().get("threshold")
    return DEFAULT_THRESHOLD if value is None else float(value)


#: Cues that do not count as support for another cue: they fire on plain reporting too often
#: (their own measured precision is low), so their presence says little about the sentence.
UNSUPPORTIVE_TECHNIQUES = frozenset({"hidden_agency", "repetition", "denial_of_agency"})


def _sentence_start(context: DocContext, finding: Finding) -> int:
    span = context.doc.char_span(finding.start, max(finding.end, finding.start + 1),
                                 alignment_mode="expand")
    return context.sentence_range(span.start if span is not None else 0)[0]


def corroborate(findings: list[Finding], context: DocContext) -> list[Finding]:
    """Mark each finding that shares its sentence with a cue of another rule at other words.

    Why: charged words cluster in propaganda and are isolated in reporting; on the judged real
    text a lexicon word with company was right markedly more often than one alone (see
    ``benchmarks/REAL_TEXT.md``), so the calibration measures the two strata apart.
    """
    by_sentence: dict[int, list[Finding]] = {}
    sentence_of = [_sentence_start(context, f) for f in findings]
    for finding, sentence in zip(findings, sentence_of, strict=True):
        if finding.technique not in UNSUPPORTIVE_TECHNIQUES:
            by_sentence.setdefault(sentence, []).append(finding)
    marked = []
    for finding, sentence in zip(findings, sentence_of, strict=True):
        supported = any(
            other is not finding
            and (other.end <= finding.start or other.start >= finding.end)
            for other in by_sentence.get(sentence, ()))
        marked.append(replace(finding, corroborated=supported) if supported else finding)
    return marked


def _measurement(rule: str | None, corroborated: bool = False) -> dict[str, Any] | None:
    """The calibration entry behind a finding: its stratum when measured, else the rule's."""
    if rule is None:
        return None
    entry = calibration()["rules"].get(rule)
    if not entry or entry.get("precision") is None:
        return None
    stratum = (entry.get("strata") or {}).get("corroborated" if corroborated else "alone")
    if stratum and stratum.get("precision") is not None:
        return {**stratum, "basis": entry.get("basis"),
                "stratum": "corroborated" if corroborated else "alone"}
    return dict(entry)


def rule_confidence(rule: str | None, corroborated: bool = False) -> float | None:
    """The measured precision of a rule, in the finding's stratum when that was measured
    (None when the rule was not measured)."""
    entry = _measurement(rule, corroborated)
    return None if entry is None else float(entry["precision"])


def with_confidence(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding with its rule's measured confidence attached, and marked weak or not
    (``is_weak``): the one place both are decided."""
    attached = [replace(f, confidence=rule_confidence(f.rule, f.corroborated))
                if f.confidence is None else f for f in findings]
    return [replace(f, weak=is_weak(f)) for f in attached]


_STRATUM_WORDS = {"corroborated": " with another cue in the same sentence",
                  "alone": " with no other cue in its sentence"}


def confidence_words(rule: str | None, corroborated: bool = False) -> str | None:
    """The measurement behind a rule's confidence, in words a learner reads."""
    entry = _measurement(rule, corroborated)
    if entry is None:
        return None
    right, judged = entry.get("right"), entry.get("judged")
    ratio = f"{right} of {judged}" if right is not None and judged else \
        f"{round(100 * entry['precision'])}%"
    basis = " (measured for its detector as a whole)" if entry.get("basis") == "detector" else ""
    where = _STRATUM_WORDS.get(entry.get("stratum", ""), "")
    return (f"this cue{where} was right {ratio} times when checked by hand on real articles "
            f"and news reports{basis}")
