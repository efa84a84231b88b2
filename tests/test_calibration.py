"""Calibrated confidence: measured precision per rule (and stratum), the precision-first view."""

from __future__ import annotations

from dataclasses import replace

import pytest

from propaganda_lab import analyze, calibration
from propaganda_lab.context import context_for
from propaganda_lab.findings import finding_at
from propaganda_lab.nlp import to_doc
from propaganda_lab.pipeline import rule_docs


def test_every_calibrated_rule_is_a_registered_rule() -> None:
    """A renamed rule must be re-measured, not silently lose (or keep) a stale confidence."""
    stale = set(calibration.calibration()["rules"]) - set(rule_docs())
    assert not stale


def test_calibration_names_its_corpora_sizes_and_date() -> None:
    data = calibration.calibration()
    assert data["date"] and data["corpora"]
    assert all(c["documents"] > 0 and c["words"] > 0 for c in data["corpora"].values())
    assert 0 < calibration.shown_threshold() <= 1


def test_measured_rules_carry_counts_behind_their_precision() -> None:
    for rule, entry in calibration.calibration()["rules"].items():
        if entry["precision"] is None:
            continue
        assert entry["judged"] >= 10, rule
        assert entry["precision"] == pytest.approx(entry["right"] / entry["judged"], abs=1e-3)
        for stratum in (entry.get("strata") or {}).values():
            assert stratum["precision"] == pytest.approx(stratum["right"] / stratum["judged"],
                                                         abs=1e-3)


FAKE = {"corpora": {"test": {"documents": 1, "words": 100}}, "date": "2026-01-01",
        "threshold": 0.6, "rules": {
            "loaded_language.lexicon_contempt": {
                "precision": 0.5, "judged": 20, "right": 10, "basis": "rule",
                "flags_per_1000_propaganda": 1.0, "flags_per_1000_news": 0.1,
                "strata": {"corroborated": {"precision": 0.8, "judged": 20, "right": 16},
                           "alone": {"precision": 0.7, "judged": 10, "right": 7}}},
        }}


@pytest.fixture
def fake_calibration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibration, "calibration", lambda: FAKE)


@pytest.mark.usefixtures("fake_calibration")
def test_confidence_comes_from_the_findings_stratum_and_is_said_in_words() -> None:
    assert calibration.rule_confidence("loaded_language.lexicon_contempt") == 0.7  # alone
    assert calibration.rule_confidence("loaded_language.lexicon_contempt", True) == 0.8
    assert calibration.rule_confidence("loaded_language.lexicon_contempt", False) == 0.7
    assert calibration.rule_confidence("doubt.claim_verb") is None  # not measured: no guess
    words = calibration.confidence_words("loaded_language.lexicon_contempt", True)
    assert words is not None and "right 16 of 20 times" in words
    assert "with another cue in the same sentence" in words


@pytest.mark.usefixtures("fake_calibration")
def test_weak_means_unmeasured_or_below_threshold_source_checks_excepted() -> None:
    text = "The corrupt clique ruled."
    base = finding_at(text, 4, 11, "loaded_language", "x", rule="loaded_language.lexicon_contempt")
    is_weak = calibration.is_weak
    assert is_weak(replace(base, confidence=0.8, corroborated=True)) is False
    assert is_weak(replace(base, confidence=0.5, corroborated=True)) is True
    # 7 of 10 clears the threshold but rests on too few judged flags to be shown.
    assert is_weak(replace(base, confidence=0.7)) is True
    assert is_weak(replace(base, rule="doubt.claim_verb")) is True  # never measured
    checked = finding_at(text, 0, 3, "dropped_qualifier", "x",
                         rule="dropped_qualifier.dropped_qualifier")
    assert is_weak(checked) is False


def test_corroboration_needs_another_cue_in_the_same_sentence() -> None:
    text = "The corrupt clique lied again. The weather was mild and the corrupt deal was signed."
    doc = to_doc(text)
    first = finding_at(text, 4, 11, "loaded_language", "x", rule="loaded_language.lexicon_contempt")
    second = finding_at(text, 12, 18, "name_calling", "y", rule="name_calling.lexicon_labeling")
    alone = finding_at(text, text.index("corrupt deal"), text.index("corrupt deal") + 7,
                       "loaded_language", "z", rule="loaded_language.lexicon_contempt")
    marked = calibration.corroborate([first, second, alone], context_for(doc))
    assert [f.corroborated for f in marked] == [True, True, False]
    # A noisy cue (hidden agency) does not count as support.
    passive = finding_at(text, 50, 55, "hidden_agency", "w", rule="hidden_agency.passive")
    assert calibration.corroborate([alone, passive], context_for(doc))[0].corroborated is False


def test_report_shown_is_the_precision_first_subset_of_findings() -> None:
    report = analyze("The corrupt clique of traitors lied to us. The bridge opened on Monday.")
    assert set(report.shown) | set(report.weak) == set(report.findings)
    assert not set(report.shown) & set(report.weak)
    assert all(f.confidence is not None and f.confidence >= calibration.shown_threshold()
               for f in report.shown)


def test_a_rule_mostly_wrong_on_news_is_never_shown_whatever_its_pooled_precision(
        monkeypatch) -> None:
    from propaganda_lab import calibration as cal
    from propaganda_lab.findings import Finding

    data = {"corpora": {}, "date": None, "threshold": 0.6, "rules": {
        "x.pooled_ok_news_bad": {"precision": 0.8, "judged": 40, "right": 32,
                                 "news": {"judged": 6, "right": 1}},
        "x.pooled_ok_news_few": {"precision": 0.8, "judged": 40, "right": 32,
                                 "news": {"judged": 2, "right": 0}},
        "x.pooled_ok_news_ok": {"precision": 0.8, "judged": 40, "right": 32,
                                "news": {"judged": 10, "right": 6}}}}
    monkeypatch.setattr(cal, "calibration", lambda: data)

    def finding(rule: str) -> Finding:
        return Finding(technique="loaded_language", start=0, end=1, text="x", evidence="e",
                       rule=rule, confidence=0.8)

    assert cal.is_weak(finding("x.pooled_ok_news_bad"))
    assert not cal.is_weak(finding("x.pooled_ok_news_few"))  # too few news judgments to say
    assert not cal.is_weak(finding("x.pooled_ok_news_ok"))
