"""Measured confidence: how often each rule was right on real, hand-judged text.

``data/calibration.json`` is written by ``benchmarks/real_text.py`` from stored hand judgments
of flags on real propaganda and real news (the corpora are named and sized in the file). A rule
gets a confidence only when it was measured; there is no guessed default.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from propaganda_lab.datafiles import load_json, packaged
from propaganda_lab.findings import Finding

CALIBRATION_FILE = "data/calibration.json"


@functools.cache
def calibration() -> dict[str, Any]:
    """The calibration data (empty rules when no measurement has been shipped yet)."""
    if not packaged(CALIBRATION_FILE).is_file():
        return {"corpora": {}, "date": None, "rules": {}}
    return load_json(CALIBRATION_FILE, "calibration.schema.json")  # type: ignore[no-any-return]


def rule_confidence(rule: str | None) -> float | None:
    """The measured precision of a rule (None when it was not measured)."""
    if rule is None:
        return None
    entry = calibration()["rules"].get(rule)
    return None if entry is None or entry.get("precision") is None else float(entry["precision"])


def with_confidence(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding with its rule's measured confidence attached."""
    return [replace(f, confidence=rule_confidence(f.rule)) if f.confidence is None else f
            for f in findings]


def confidence_words(rule: str | None) -> str | None:
    """The measurement behind a rule's confidence, in words a learner reads."""
    if rule is None:
        return None
    entry = calibration()["rules"].get(rule)
    if not entry or entry.get("precision") is None:
        return None
    right, judged = entry.get("right"), entry.get("judged")
    ratio = f"{right} of {judged}" if right is not None and judged else \
        f"{round(100 * entry['precision'])}%"
    return (f"this cue was right {ratio} times when checked by hand on real articles "
            f"and news reports")
