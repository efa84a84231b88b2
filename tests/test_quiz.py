"""The self-check quiz: data contract, hand-computed d' values and the widget's behaviour."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propaganda_lab.quiz import (
    QuizError,
    QuizScore,
    compare_scores,
    corrected_rate,
    items_for_stage,
    load_results,
    quiz_items,
    save_result,
    saved_score,
    score_answers,
    validate_quiz,
)
from propaganda_lab.techniques import get_technique
from propaganda_lab.widgets.quiz import SelfCheckQuiz

# z-scores from a standard normal table: z(6.5/7 = .9286) = 1.4652, z(5.5/7 = .7857) = 0.7916,
# z(4.5/7 = .6429) = 0.3661; z(1 - p) = -z(p).


def test_quiz_has_enough_balanced_original_items_per_form() -> None:
    assert len(quiz_items()) >= 40
    for form in "AB":
        items = quiz_items(form)
        assert len(items) >= 20
        assert sum(item.is_manipulative for item in items) == len(items) // 2
        fair_subtle = [i for i in items if not i.is_manipulative and i.subtlety == 3]
        manipulative_subtle = [i for i in items if i.is_manipulative and i.subtlety == 3]
        assert len(fair_subtle) >= 2 and len(manipulative_subtle) >= 2  # graded, both ways
    for item in quiz_items():
        assert all(get_technique(t).name for t in item.techniques)
        assert bool(item.techniques) == item.is_manipulative


def test_pre_and_post_use_different_items() -> None:
    pre = {item.id for item in items_for_stage("pre")}
    post = {item.id for item in items_for_stage("post")}
    assert pre and post and not pre & post


def test_log_linear_correction_never_reaches_zero_or_one() -> None:
    assert corrected_rate(0, 6) == pytest.approx(0.5 / 7)
    assert corrected_rate(6, 6) == pytest.approx(6.5 / 7)
    with pytest.raises(ValueError):
        corrected_rate(7, 6)


@pytest.mark.parametrize(
    ("score", "d_prime", "criterion"),
    [
        (QuizScore(6, 0, 0, 6), 2 * 1.4652, 0.0),  # perfect: finite thanks to the correction
        (QuizScore(5, 1, 1, 5), 2 * 0.7916, 0.0),
        (QuizScore(6, 0, 6, 0), 0.0, -1.4652),  # "everything is manipulative": no discrimination
        (QuizScore(0, 6, 0, 6), 0.0, 1.4652),  # "everything is fair"
        (QuizScore(4, 2, 1, 5), 0.3661 + 0.7916, -(0.3661 - 0.7916) / 2),
    ],
)
def test_d_prime_and_criterion_match_hand_computation(score: QuizScore, d_prime: float,
                                                      criterion: float) -> None:
    assert score.d_prime == pytest.approx(d_prime, abs=1e-3)
    assert score.criterion == pytest.approx(criterion, abs=1e-3)


def test_scoring_counts_hits_and_false_alarms_separately_and_skips_blanks() -> None:
    items = items_for_stage("pre")
    answers: dict[str, bool | None] = {item.id: True for item in items}
    answers[items[0].id] = None
    score = score_answers(items, answers)
    manipulative = sum(i.is_manipulative for i in items[1:])
    assert (score.hits, score.misses) == (manipulative, 0)
    assert (score.false_alarms, score.correct_rejections) == (len(items) - 1 - manipulative, 0)
    assert score.hit_rate == 1.0 and score.false_alarm_rate == 1.0
    assert score.d_prime == pytest.approx(0.0, abs=0.2)
    assert any("lean towards 'manipulative'" in line for line in score.explain())


def test_compare_names_growing_suspicion_without_discrimination() -> None:
    before, after = QuizScore(3, 3, 3, 3), QuizScore(6, 0, 6, 0)
    text = " ".join(compare_scores(before, after))
    assert "more suspicious" in text
    assert "better than before" in " ".join(compare_scores(before, QuizScore(6, 0, 0, 6)))


def test_validator_names_item_and_field() -> None:
    data = json.loads(json.dumps({"version": 1, "items": [
        {"id": f"item_{n}", "form": "A", "passage": "A passage long enough to count.",
         "is_manipulative": False, "techniques": [], "explanation": "Because it is fair here.",
         "subtlety": 1}
        for n in range(40)]}))
    assert len(validate_quiz(data)) == 40
    data["items"][3]["techniques"] = ["loaded_language"]
    with pytest.raises(QuizError, match=r"item 'item_3'.*techniques"):
        validate_quiz(data, "mine.json")
    data["items"][3].update(is_manipulative=True, techniques=["made_up"])
    with pytest.raises(QuizError, match=r"mine.json: item 'item_3'.*made_up"):
        validate_quiz(data, "mine.json")


def test_results_round_trip_and_survive_a_broken_file(tmp_path) -> None:
    path = tmp_path / "results.json"
    assert saved_score("pre", path) is None
    save_result("pre", {"a": True, "b": None}, QuizScore(1, 0, 0, 0), path)
    assert saved_score("pre", path) == QuizScore(1, 0, 0, 0)
    assert load_results(path)["pre"]["answers"] == {"a": True}
    path.write_text("{not json", encoding="utf-8")
    assert load_results(path) == {} and saved_score("pre", path) is None


def test_widget_scores_saves_and_compares_pre_with_post(tmp_path) -> None:
    path = tmp_path / "quiz.json"
    pre = SelfCheckQuiz("pre", results_path=path)
    assert repr(pre) == "SelfCheckQuiz(stage='pre', items=20)"
    assert pre.score() is None and "Answer at least one" in pre.message.value
    for choice in pre.choices:
        choice.value = "manipulative"
    assert pre.score() == QuizScore(10, 0, 10, 0)
    assert "False alarms: you called 10 of 10" in pre.result.value
    post = SelfCheckQuiz("post", results_path=path)
    assert {i.form for i in post.items} != {i.form for i in pre.items}  # the other form
    for choice, item in zip(post.choices, post.items, strict=True):
        choice.value = "manipulative" if item.is_manipulative else "fair"
    assert post.score() == QuizScore(10, 0, 0, 10)
    assert "Before and after" in post.result.value and "better than before" in post.result.value
    assert set(load_results(path)) == {"version", "learner", "pre", "post"}
    post.reset()
    assert post.result.value == "" and all(c.value is None for c in post.choices)


def test_widget_escapes_passages_and_reports_unwritable_results(tmp_path) -> None:
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("")
    quiz = SelfCheckQuiz("pre", results_path=blocker / "r.json", seed=0)  # seed 0: form A
    quiz.choices[0].value = "fair"
    assert "Could not save this answer" in quiz.message.value
    assert quiz.score() is not None
    assert "could not save" in quiz.message.value
    assert "&quot;will cut waiting times.&quot;" in quiz.feedback.value  # quotes escaped
    assert "<br>How Valdora First Radio" in quiz.feedback.value
    with pytest.raises(ValueError):
        SelfCheckQuiz("during")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_d_prime_is_finite_and_antisymmetric(hits: int, misses: int, false_alarms: int,
                                              rejections: int) -> None:
    score = QuizScore(hits, misses, false_alarms, rejections)
    mirrored = QuizScore(false_alarms, rejections, hits, misses)
    assert math.isfinite(score.d_prime) and math.isfinite(score.criterion)
    assert mirrored.d_prime == pytest.approx(-score.d_prime, abs=1e-9)
    assert len(score.explain()) == 6
    assert math.isfinite(score.d_prime_se) and score.d_prime_se > 0



def test_order_is_shuffled_per_learner_and_forms_are_counterbalanced() -> None:
    orders = {tuple(i.id for i in items_for_stage("pre", seed=seed)) for seed in range(6)}
    assert len(orders) > 1  # shuffled, differently per learner
    forms = [{i.form for i in items_for_stage("pre", seed=seed)} for seed in range(4)]
    assert forms == [{"A"}, {"B"}, {"A"}, {"B"}]
    assert items_for_stage("pre", seed=5) == items_for_stage("pre", seed=5)  # reproducible
    strict_alternation = [i.is_manipulative for i in items_for_stage("pre", seed=3)]
    assert strict_alternation != [n % 2 == 0 for n in range(20)]


def test_answers_are_saved_as_given_and_restored_with_the_same_order(tmp_path) -> None:
    path = tmp_path / "r.json"
    first = SelfCheckQuiz("pre", results_path=path)
    first.choices[3].value = "fair"
    first.choices[7].value = "manipulative"
    first.choices[7].value = None  # changing one's mind is saved too
    first.choices[9].value = "manipulative"
    again = SelfCheckQuiz("pre", results_path=path)  # re-run or kernel restart
    assert [i.id for i in again.items] == [i.id for i in first.items]
    assert [c.value for c in again.choices] == [c.value for c in first.choices]
    assert "Restored 2 saved answer(s)" in again.message.value
    assert load_results(path)["learner"]["seed"] == first.plan["learner"]["seed"]


def test_d_prime_interval_shrinks_with_more_items_and_is_shown_in_words() -> None:
    small, large = QuizScore(7, 3, 3, 7), QuizScore(70, 30, 30, 70)
    assert small.d_prime == pytest.approx(large.d_prime, abs=0.15)  # correction shrinks d'
    assert large.d_prime_se < small.d_prime_se / 2.5
    low, high = small.d_prime_interval()
    assert low < small.d_prime < high and high - low > 1.5  # 20 items: a wide range
    assert any("probably (95%) between" in line for line in small.explain())
    change = " ".join(compare_scores(QuizScore(7, 3, 3, 7), QuizScore(8, 2, 3, 7)))
    assert "zero is inside that range" in change
    clear = " ".join(compare_scores(QuizScore(5, 5, 5, 5), QuizScore(10, 0, 0, 10)))
    assert "clearly above zero" in clear


def test_power_simulation_detects_improvement_more_often_than_no_change() -> None:
    from benchmarks.quiz_power import simulate

    improved = simulate(1.0, 2.0, n_per_kind=10, learners=400, seed=1)
    unchanged = simulate(1.0, 1.0, n_per_kind=10, learners=400, seed=2)
    assert improved["better_message"] > 0.7 > unchanged["better_message"]
    assert improved["clear"] > 2 * unchanged["clear"]
    assert improved["class_of_20"] > 0.9 > 0.1 > unchanged["class_of_20"]
    assert unchanged["clear"] < 0.1  # a "clearly improved" verdict is rarely wrong
