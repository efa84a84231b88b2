"""Confidence from a finding's context: how often findings like this one were right on real text.

A per-rule precision cannot tell "These Sarnians are a cancer" (said of a group of people) from
"the cancer spread" (an illness): same rule, different targets. So the confidence of a finding is
a small logistic model over its structural facts (``features``): the rule's judged precision,
its voice, quotation marks, the other cues around it, the kind of target, the construction,
negation, question, first person, headline, literal sense. The model is fitted by
``benchmarks/confidence_model.py`` on the team's own *blind* hand judgments of flags on real
propaganda, real news and real hate speech (judges saw the words and the claimed technique,
never the rule or a confidence), and shipped as coefficients in ``data/confidence_model.json``
with its cross-validated calibration (a reliability table and the expected calibration error:
``benchmarks/REAL_TEXT.md``). No word or vocabulary is a feature.

A finding is shown by default when its confidence reaches the model's threshold; the rest are
weak cues, kept in every report and shown on request. Quote checks against a source the reader
supplied are checked facts (both texts are on screen) and are shown without a confidence.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from propaganda_lab.datafiles import load_json
from propaganda_lab.features import FEATURE_WORDS, FEATURES, finding_facts
from propaganda_lab.findings import Finding
from propaganda_lab.registry import registered

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext

MODEL_FILE = "data/confidence_model.json"
#: How many of a finding's facts its reason names (the ones that moved it most).
REASON_FACTS = 2
#: A fact must move the score by at least this much (log-odds) to be named.
MIN_NAMED_EFFECT = 0.15

#: Rules that compare a quote with the source the reader supplied: each finding shows the
#: source's words beside the article's, so it is a checked fact, not a guess, and is shown
#: by default without a corpus measurement (no real corpus holds articles with sources).
SOURCE_CHECKED_RULES = frozenset({
    "altered_quote.altered", "clipping.clipped", "context_stripping.context_reversed",
    "dropped_qualifier.dropped_qualifier", "fabricated_quote.not_found",
    "misattribution.misattributed", "splicing.spliced",
})


@functools.cache
def model() -> dict[str, Any]:
    """The fitted model (coefficients, rule table, threshold, how it was measured)."""
    return load_json(MODEL_FILE, "confidence_model.schema.json")  # type: ignore[no-any-return]


def shown_threshold() -> float:
    """The confidence a finding needs to be shown by default (the rest are weak cues)."""
    return float(model()["threshold"])


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def smoothed_precision(counts: Mapping[str, Mapping[str, Mapping[str, int]]], strength: float,
                       overall: float, rule: str | None, technique: str,
                       detector: str | None, lens: str | None) -> float:
    """The rule's judged precision, shrunk towards its technique's, which is shrunk towards its
    detector's, then its lens's, then the overall one (so a rule judged twice counts little,
    and a rare technique borrows from the other images of the same detector: 'These Sarnians
    are a cancer' from every judged metaphor said of a group, not from two literal cancers).

    ``counts`` has ``rules``, ``techniques``, ``detectors`` and ``lenses`` tables of
    ``{"right", "judged"}``; the same function makes the prior when fitting and scoring."""
    def shrink(table: str, key: str | None, towards: float) -> float:
        entry = counts.get(table, {}).get(key or "") or {}
        right, judged = entry.get("right", 0), entry.get("judged", 0)
        return (right + strength * towards) / (judged + strength)

    by_lens = shrink("lenses", lens, overall)
    by_detector = shrink("detectors", detector, by_lens)
    by_technique = shrink("techniques", technique, by_detector)
    return shrink("rules", rule, by_technique)


@functools.cache
def _detector_of() -> dict[str, str]:
    """Rule id -> the registered detector that declares it."""
    return {rule: item.name for item in registered() for rule in item.rules}


def rule_prior(finding: Finding) -> float:
    """The prior feature of a finding: the log-odds of its rule's smoothed precision."""
    data = model()
    return _logit(smoothed_precision(data["counts"], data["prior_strength"],
                                     data["overall_precision"], finding.rule, finding.technique,
                                     _detector_of().get(finding.rule or ""), finding.lens))


def score(values: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    """The model's probability for one finding's feature values, and each feature's
    contribution to the log-odds (centred on the judged findings' mean, so a contribution says
    how much this finding differs from a typical judged one)."""
    data = model()
    weights, means = data["coefficients"], data["feature_means"]
    contributions = {name: weights[name] * (values[name] - means[name]) for name in FEATURES}
    log_odds = data["intercept"] + sum(weights[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-log_odds)), contributions


def basis_words(contributions: Mapping[str, float], limit: int = REASON_FACTS) -> str | None:
    """The facts that moved a confidence most, in words ('said of a group of people; other
    cues in the same sentence'), or None when nothing moved it much."""
    ranked = sorted(contributions.items(), key=lambda item: -abs(item[1]))
    words = []
    for name, effect in ranked[:limit]:
        if abs(effect) < MIN_NAMED_EFFECT:
            break
        up, down = FEATURE_WORDS[name]
        words.append(f"{up} (+)" if effect > 0 else f"{down} (−)")
    return "; ".join(words) or None


def with_confidence(findings: Iterable[Finding], context: DocContext) -> list[Finding]:
    """Each finding of one run with its confidence from the model, the facts that moved it
    (``basis``), its corroboration (another cue in the same sentence) and whether it is a weak
    cue: the one place all four are decided. Source-checked quote flags are shown unscored."""
    found = list(findings)
    threshold = shown_threshold()
    marked = []
    for finding, facts in zip(found, finding_facts(context, found), strict=True):
        corroborated = facts.sentence_cues > 0
        if finding.rule in SOURCE_CHECKED_RULES:
            marked.append(replace(finding, confidence=None, weak=False, basis=None,
                                  corroborated=corroborated))
            continue
        probability, contributions = score(facts.values(rule_prior(finding)))
        marked.append(replace(finding, confidence=round(probability, 3),
                              weak=probability < threshold, corroborated=corroborated,
                              basis=basis_words(contributions)))
    return marked


def confidence_words(finding: Finding) -> str | None:
    """How sure the tool is of one finding, in words a learner reads, or None when the finding
    carries no measured confidence (a source check, or a finding no detector made)."""
    if finding.confidence is None or finding.rule is None:
        return None
    tens = round(10 * finding.confidence)
    words = (f"findings like this one were right about {tens} times in 10 when judged blind "
             "on real articles, news and posts")
    return f"{words}; mostly because: {finding.basis}" if finding.basis else words


def lens_on_real_text(lens: str) -> str:
    """One sentence a notebook can print about a lens on real text, computed from the shipped
    model: how many of its flags were judged blind and how many were right, and how honest
    the default view's confidence was out of sample."""
    data = model()
    entry = data["counts"]["lenses"].get(lens) or {}
    judged, right = entry.get("judged", 0), entry.get("right", 0)
    corpora = "; ".join(f"{name}, {sizes['words']:,} words"
                        for name, sizes in data["corpora"].items())
    shown = data["validation"].get("shown", {})
    honest = "; ".join(
        f"{corpus}: {round(100 * v['precision'])}% right where {round(100 * v['claimed'])}% "
        "was claimed" for corpus, v in shown.items() if v.get("precision") is not None)
    share = (f"{right} of the {judged} flags of this lens judged blind were right "
             f"({round(100 * right / judged)}%; drawn rule by rule, so rare rules count more "
             "than they fire)" if judged else "none of this lens's flags were judged")
    return (f"On real text ({corpora}), {share}. "
            f"Across all lenses, the findings shown by default were judged right, out of "
            f"sample: {honest} (fitted {data['date']}).")


def measured_precision(lens: str) -> float | None:
    """How often the judged findings of one lens were right (for 'how often each kind is
    right' when weak cues are held back)."""
    entry = model()["counts"]["lenses"].get(lens) or {}
    judged = entry.get("judged", 0)
    return entry.get("right", 0) / judged if judged else None
