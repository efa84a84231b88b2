"""Confidence from a finding's context: the fitted model, its data file, and the default view."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from propaganda_lab import analyze, calibration
from propaganda_lab.features import FEATURES
from propaganda_lab.pipeline import rule_docs


def test_every_judged_rule_is_a_registered_rule() -> None:
    """A renamed rule must be re-judged, not silently lose (or keep) a stale prior."""
    stale = set(calibration.model()["counts"]["rules"]) - set(rule_docs())
    assert not stale


def test_the_model_names_its_corpora_judgments_threshold_and_validation() -> None:
    data = calibration.model()
    assert data["date"] and data["corpora"] and data["judgments"]["total"] > 0
    assert all(c["documents"] > 0 and c["words"] > 0 for c in data["corpora"].values())
    assert 0 < calibration.shown_threshold() < 1
    assert set(data["coefficients"]) == set(FEATURES) == set(data["feature_means"])
    for table in data["counts"].values():
        assert all(0 <= e["right"] <= e["judged"] for e in table.values())


def test_a_rule_judged_rarely_is_shrunk_towards_its_technique() -> None:
    counts = {"rules": {"x.rare": {"right": 2, "judged": 2}, "x.often": {"right": 80,
                                                                        "judged": 100}},
              "techniques": {"x": {"right": 40, "judged": 100}, "y": {"right": 0, "judged": 2}},
              "detectors": {"d": {"right": 120, "judged": 160}},
              "lenses": {"framing": {"right": 50, "judged": 200}}}

    def prior(rule: str, technique: str) -> float:
        return calibration.smoothed_precision(counts, 6.0, 0.5, rule, technique, "d",
                                              "framing")

    by_lens = (50 + 6 * 0.5) / 206
    by_detector = (120 + 6 * by_lens) / 166
    assert 0.4 < prior("x.rare", "x") < 0.6  # two right out of two says little
    assert prior("x.often", "x") == pytest.approx((80 + 6 * prior("x.new", "x")) / 106)
    assert prior("x.new", "x") == pytest.approx((40 + 6 * by_detector) / 106)
    # a technique judged twice (both wrong) borrows from its detector's other images
    assert prior("y.new", "y") == pytest.approx(6 * by_detector / 8) and prior("y.new", "y") > 0.5


def _toy_model(**weights: float) -> dict[str, Any]:
    data = copy.deepcopy(calibration.model())
    data["coefficients"] = {name: weights.get(name, 0.0) for name in FEATURES}
    data["feature_means"] = {name: 0.0 for name in FEATURES}
    data["intercept"], data["threshold"] = 0.0, 0.6
    return data


def test_the_target_of_a_finding_moves_its_confidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same rule, different targets: a model that weighs 'said of a group of people' tells
    'These Sarnians are a cancer' from an illness (the per-rule table could not)."""
    toy = _toy_model(target_group=2.0, target_thing=-2.0)
    monkeypatch.setattr(calibration, "model", lambda: toy)
    group = [f for f in analyze("These Sarnians are a cancer.").findings
             if f.technique == "disease_metaphor"]
    assert group and group[0].confidence > 0.8 and not group[0].weak
    assert "said of a group of people" in (group[0].basis or "")
    assert "said of a group of people" in (calibration.confidence_words(group[0]) or "")


def test_weak_means_below_the_threshold_and_source_checks_are_shown_unscored() -> None:
    report = analyze('Minister Vask said the plan "will never be changed by anyone".',
                     source="VASK: The plan protects jobs for now. We will review it.")
    threshold = calibration.shown_threshold()
    for finding in report.findings:
        if finding.rule in calibration.SOURCE_CHECKED_RULES:
            assert finding.confidence is None and not finding.weak
        else:
            assert finding.confidence is not None
            assert finding.weak == (finding.confidence < threshold)
    assert any(f.rule in calibration.SOURCE_CHECKED_RULES for f in report.findings)


def test_corroboration_counts_other_supportive_cues_in_the_same_sentence() -> None:
    report = analyze("The corrupt clique of traitors lied again. The weather was mild and the "
                     "corrupt deal was signed.")
    first = [f for f in report.findings if f.start < report.text.index("weather")]
    second = [f for f in report.findings if f.start > report.text.index("weather")]
    assert len(first) >= 2 and all(f.corroborated for f in first)
    assert second and not any(f.corroborated for f in second)  # the same word, alone


def test_report_shown_is_the_precision_first_subset_of_findings() -> None:
    report = analyze("The corrupt clique of traitors lied to us. The bridge opened on Monday.")
    assert set(report.shown) | set(report.weak) == set(report.findings)
    assert not set(report.shown) & set(report.weak)
    assert all(f.confidence is None or f.confidence >= calibration.shown_threshold()
               for f in report.shown)


def _fitter() -> Any:
    import importlib.util
    import sys
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "benchmarks"
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location("confidence_model",
                                                      folder / "confidence_model.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["confidence_model"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))


def test_the_fitter_recovers_a_known_effect_and_writes_a_valid_model_file() -> None:
    """On synthetic judgments where 'said of a group' makes a flag right, the fit gives that
    fact a clearly positive weight, its out-of-fold confidence is calibrated, and its output
    is a valid model file (what the benchmark writes is what the library reads)."""
    import random

    from propaganda_lab.datafiles import check_data

    fitter = _fitter()
    rng = random.Random(3)
    rows = []
    for i in range(600):
        group = rng.random() < 0.5
        facts = {name: 0.0 for name in FEATURES if name != "rule_prior"}
        facts["target_group"] = float(group)
        facts["sentence_cues"] = rng.random()
        right = rng.random() < (0.85 if group else 0.25)
        rows.append(fitter.Row("ptc" if i % 2 else "news", f"d{i // 6}", "x.rule", "doubt",
                               "framing", facts, right))
    meta = {"description": "synthetic", "date": "2026-01-01",
            "corpora": {"synthetic": {"documents": 100, "words": 1000}},
            "judgments": {"total": 600, "per_corpus": {"ptc": 300, "news": 300},
                          "protocol": "synthetic"}}
    data = fitter.fit(rows, 0.6, meta)
    assert data["coefficients"]["target_group"] > 1.5
    assert abs(data["coefficients"]["sentence_cues"]) < 0.6  # noise stays small
    assert data["validation"]["ece"] < 0.08
    shown = data["validation"]["shown"]
    assert all(abs(v["claimed"] - v["precision"]) < 0.1 for v in shown.values())
    assert check_data("confidence_model.json", data, "confidence_model.schema.json") == []
    broken = {**data, "coefficients": {**data["coefficients"], "word_vermin": 3.0}}
    assert check_data("c.json", broken, "confidence_model.schema.json")  # no word features


def test_a_blatant_group_metaphor_is_shown_by_default_and_an_illness_is_not_flagged() -> None:
    """Issue 25/26: 'These Sarnians are a cancer' was hidden (0.26) because its rule had been
    judged on news about illness; the context model shows it, and says why."""
    found = [f for f in analyze("These Sarnians are a cancer.").findings
             if f.lens == "dehumanization"]
    assert found and not found[0].weak, found
    assert "'X is a Y'" in (found[0].basis or "")
    assert not analyze("The cancer spread to his liver last year.").findings
