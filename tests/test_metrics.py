"""The SemEval-2020 span metric, checked against values computed by hand in the comments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propaganda_lab.corpus import Annotation
from propaganda_lab.findings import Finding
from propaganda_lab.metrics import explain_scores, merge_overlapping, span_scores

approx = pytest.approx


def prf(scores):
    return (scores.precision, scores.recall, scores.f1)


def test_exact_match_scores_one():
    # one span, identical on both sides: P = 10/10 / 1, R = 10/10 / 1, F1 = 1
    gold = [("loaded_language", 0, 10)]
    assert prf(span_scores(gold, list(gold))) == (1.0, 1.0, 1.0)


def test_prediction_covering_half_a_gold_span():
    # |s ∩ t| = 5; P = 5/|s| = 5/5 = 1; R = 5/|t| = 5/10 = 0.5; F1 = 2·1·0.5/1.5 = 2/3
    scores = span_scores([("doubt", 0, 5)], [("doubt", 0, 10)])
    assert prf(scores) == approx((1.0, 0.5, 2 / 3))


def test_prediction_twice_as_long_as_gold():
    # |s ∩ t| = 10; P = 10/20 = 0.5; R = 10/10 = 1; F1 = 2/3
    scores = span_scores([("doubt", 10, 30)], [("doubt", 10, 20)])
    assert prf(scores) == approx((0.5, 1.0, 2 / 3))


def test_wrong_technique_earns_nothing_but_counts_in_label_free_variant():
    # labelled: techniques differ so C = 0 everywhere: P = R = F1 = 0
    # label-free: full overlap, as if the labels matched: P = R = F1 = 1
    predicted, gold = [("name_calling", 0, 10)], [("loaded_language", 0, 10)]
    assert prf(span_scores(predicted, gold)) == (0.0, 0.0, 0.0)
    assert prf(span_scores(predicted, gold, labels=False)) == (1.0, 1.0, 1.0)


def test_two_predictions_inside_one_gold_span():
    # gold 0..20; predictions 0..5 and 10..20 (disjoint)
    # P = (5/5 + 10/10) / 2 = 1;  R = (5/20 + 10/20) / 1 = 0.75;  F1 = 1.5/1.75 = 6/7
    scores = span_scores([("doubt", 0, 5), ("doubt", 10, 20)], [("doubt", 0, 20)])
    assert prf(scores) == approx((1.0, 0.75, 6 / 7))
    assert (scores.n_predicted, scores.n_gold) == (2, 1)


def test_overlapping_predictions_of_one_technique_cannot_earn_credit_twice():
    # predictions 0..10 and 5..15 overlap, so they are merged into 0..15 first.
    # P = 15/15 / 1 = 1;  R = 15/20 = 0.75.  Scoring them unmerged would give
    # R = (10/20 + 10/20) = 1.0 although characters 15..20 were never predicted.
    scores = span_scores([("doubt", 0, 10), ("doubt", 5, 15)], [("doubt", 0, 20)])
    assert prf(scores)[:2] == approx((1.0, 0.75))
    assert scores.n_predicted == 1


def test_overlapping_gold_spans_of_one_technique_are_merged():
    # gold 0..10 and 5..20 (same technique) merge to 0..20; prediction 0..10.
    # P = 10/10 = 1;  R = 10/20 = 0.5.  Unmerged, P would be (10/10 + 5/10) = 1.5 > 1.
    scores = span_scores([("slogans", 0, 10)], [("slogans", 0, 10), ("slogans", 5, 20)])
    assert prf(scores)[:2] == approx((1.0, 0.5))
    assert scores.n_gold == 1


def test_overlapping_gold_spans_of_different_techniques_stay_apart_unless_labels_ignored():
    # gold: loaded_language 0..10 and doubt 5..20; prediction loaded_language 0..10
    # labelled: P = 10/10 / 1 = 1;  R = (10/10 + 0) / 2 = 0.5
    # label-free: gold merges to one span 0..20: P = 1;  R = 10/20 / 1 = 0.5, n_gold = 1
    predicted = [("loaded_language", 0, 10)]
    gold = [("loaded_language", 0, 10), ("doubt", 5, 20)]
    labelled = span_scores(predicted, gold)
    assert prf(labelled)[:2] == approx((1.0, 0.5))
    assert labelled.n_gold == 2
    label_free = span_scores(predicted, gold, labels=False)
    assert prf(label_free)[:2] == approx((1.0, 0.5))
    assert label_free.n_gold == 1


def test_touching_spans_share_no_character_and_are_not_merged():
    assert merge_overlapping([("doubt", 0, 10), ("doubt", 10, 20)]) == [
        ("doubt", 0, 10),
        ("doubt", 10, 20),
    ]
    assert merge_overlapping([("doubt", 0, 10), ("slogans", 5, 12)], labels=False) == [
        ("propaganda", 0, 12)
    ]


def test_articles_are_scored_separately_and_micro_averaged():
    # article a: exact match            -> precision credit 1,   recall credit 1
    # article b: 0..10 vs gold 5..15    -> overlap 5: credit 5/10 = 0.5 each way
    # article c: prediction, no gold    -> precision denominator +1, no credit
    # P = (1 + 0.5 + 0) / 3 = 0.5;  R = (1 + 0.5) / 2 = 0.75;  F1 = 0.75/1.25 = 0.6
    predicted = {"a": [("doubt", 0, 10)], "b": [("doubt", 0, 10)], "c": [("doubt", 0, 10)]}
    gold = {"a": [("doubt", 0, 10)], "b": [("doubt", 5, 15)]}
    scores = span_scores(predicted, gold)
    assert prf(scores) == approx((0.5, 0.75, 0.6))
    assert (scores.n_predicted, scores.n_gold) == (3, 2)
    # the same offsets in another article must not match
    assert prf(span_scores({"a": [("doubt", 0, 10)]}, {"b": [("doubt", 0, 10)]})) == (0, 0, 0)


def test_mixing_a_list_and_a_dict_is_refused():
    with pytest.raises(TypeError, match="both"):
        span_scores([("doubt", 0, 1)], {"a": [("doubt", 0, 1)]})


def test_empty_inputs_score_zero():
    # P = 0 when nothing is predicted, R = 0 when there is no gold, F1 = 0 when P + R = 0
    empty = span_scores([], [])
    assert (*prf(empty), empty.n_predicted, empty.n_gold) == (0.0, 0.0, 0.0, 0, 0)
    assert prf(span_scores([], [("doubt", 0, 10)])) == (0.0, 0.0, 0.0)
    assert prf(span_scores([("doubt", 0, 10)], [])) == (0.0, 0.0, 0.0)


def test_zero_length_spans_contribute_nothing():
    # the empty prediction 5..5 is dropped: no predictions left, so P = R = 0
    scores = span_scores([("doubt", 5, 5)], [("doubt", 0, 10)])
    assert prf(scores) == (0.0, 0.0, 0.0)
    assert scores.n_predicted == 0


def test_per_technique_scores():
    # predicted: loaded_language 0..10, doubt 20..30, doubt 40..50
    # gold:      loaded_language 0..20, doubt 20..30, slogans 60..70
    # loaded_language: P = 10/10 / 1 = 1;         R = 10/20 / 1 = 0.5;  F1 = 2/3
    # doubt:           P = (10/10 + 0) / 2 = 0.5; R = 10/10 / 1 = 1;    F1 = 2/3
    # slogans:         no prediction: P = 0;      R = 0 / 1 = 0;        F1 = 0
    # overall:         P = (1 + 1 + 0) / 3 = 2/3; R = (0.5 + 1 + 0) / 3 = 0.5; F1 = 4/7
    predicted = [("loaded_language", 0, 10), ("doubt", 20, 30), ("doubt", 40, 50)]
    gold = [("loaded_language", 0, 20), ("doubt", 20, 30), ("slogans", 60, 70)]
    scores = span_scores(predicted, gold)
    assert prf(scores) == approx((2 / 3, 0.5, 4 / 7))
    assert set(scores.per_technique) == {"loaded_language", "doubt", "slogans"}
    assert prf(scores.per_technique["loaded_language"]) == approx((1.0, 0.5, 2 / 3))
    assert prf(scores.per_technique["doubt"]) == approx((0.5, 1.0, 2 / 3))
    assert prf(scores.per_technique["slogans"]) == (0.0, 0.0, 0.0)
    assert scores.per_technique["doubt"].n_predicted == 2
    assert scores.per_technique["slogans"].n_gold == 1
    assert all(not entry.per_technique for entry in scores.per_technique.values())
    assert span_scores(predicted, gold, labels=False).per_technique == {}


def test_findings_annotations_and_long_tuples_are_accepted():
    text = "They are vermin, said the host."
    finding = Finding(9, 15, text[9:15], "animal_metaphor", "lexicon")
    annotation = Annotation("animal_metaphor", 9, 15, "Calls people vermin.")
    assert prf(span_scores([finding], [annotation])) == (1.0, 1.0, 1.0)
    assert prf(span_scores([("animal_metaphor", 9, 15, "extra", 0.9)], [annotation])) == (
        1.0,
        1.0,
        1.0,
    )


@pytest.mark.parametrize("bad", [("doubt", 10, 5), ("doubt", -1, 5), ("doubt", "0", 5)])
def test_malformed_spans_are_rejected(bad):
    with pytest.raises((ValueError, TypeError)):
        span_scores([bad], [])


def test_explain_scores_reports_hits_partials_wrong_labels_misses_and_false_alarms():
    gold = [
        ("loaded_language", 0, 10),  # found exactly
        ("doubt", 20, 30),  # half found (20..25)
        ("slogans", 40, 50),  # marked, but as flag_waving
        ("othering", 80, 90),  # nothing marked
    ]
    predicted = [
        ("loaded_language", 0, 10),
        ("doubt", 20, 25),
        ("flag_waving", 40, 50),  # false alarm: the key says slogans here
        ("loaded_language", 60, 70),  # false alarm: nothing there
    ]
    matches = explain_scores(predicted, gold)
    assert [(m.kind, m.gold, m.predicted) for m in matches] == [
        ("exact", ("loaded_language", 0, 10), ("loaded_language", 0, 10)),
        ("partial", ("doubt", 20, 30), ("doubt", 20, 25)),
        ("wrong_technique", ("slogans", 40, 50), ("flag_waving", 40, 50)),
        ("miss", ("othering", 80, 90), None),
        ("false_alarm", None, ("flag_waving", 40, 50)),
        ("false_alarm", None, ("loaded_language", 60, 70)),
    ]
    assert [m.credit for m in matches] == approx([1.0, 0.5, 0.0, 0.0, 0.0, 0.0])
    assert "slogans" in matches[4].message and "flag_waving" in matches[2].message
    # the gold credits average to the recall of span_scores (no gold overlaps here)
    gold_credits = [m.credit for m in matches if m.gold is not None]
    assert sum(gold_credits) / len(gold) == approx(span_scores(predicted, gold).recall)
    # ignoring labels, the flag_waving span finds the slogan and is no longer a false alarm
    label_free = explain_scores(predicted, gold, labels=False)
    assert [m.kind for m in label_free] == [
        "exact",
        "partial",
        "exact",
        "miss",
        "false_alarm",
    ]


def test_explain_scores_names_the_article_for_dict_input():
    matches = explain_scores({"b": [("doubt", 0, 4)]}, {"a": [("doubt", 0, 4)]})
    assert [(m.kind, m.article) for m in matches] == [("miss", "a"), ("false_alarm", "b")]


_technique = st.sampled_from(["doubt", "slogans"])
_span = st.tuples(_technique, st.integers(0, 40), st.integers(0, 20)).map(
    lambda t: (t[0], t[1], t[1] + t[2])
)


@given(st.lists(_span, max_size=8), st.lists(_span, max_size=8), st.booleans())
def test_scores_stay_in_range_and_swapping_sides_swaps_precision_and_recall(
    predicted, gold, labels
):
    scores = span_scores(predicted, gold, labels=labels)
    swapped = span_scores(gold, predicted, labels=labels)
    for value in (scores.precision, scores.recall, scores.f1):
        assert 0.0 <= value <= 1.0 + 1e-9
    # P(S, T) is R(T, S) by definition
    assert scores.precision == approx(swapped.recall)
    assert scores.recall == approx(swapped.precision)


@given(st.lists(_span, min_size=1, max_size=8))
def test_any_non_empty_annotation_scores_perfectly_against_itself(spans):
    if all(end == start for _, start, end in spans):
        return
    assert prf(span_scores(spans, spans)) == approx((1.0, 1.0, 1.0))
