"""Each framing exercise checker on a right, a wrong and a blank answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from propaganda_lab.checks import Feedback
from propaganda_lab.checks import framing as checks

CASES: list[tuple[Callable[..., Feedback], Any, Any, str]] = [
    # (checker, right answer, wrong answer, a word the wrong-answer message must contain)
    (checks.check_loaded_terms, ["rabble", "stormed", "hostage", "spineless", "caved in"],
     ["rabble", "quay"], "1 of 5"),
    (checks.check_neutral_rewrite,
     "About 300 trawler crew members entered the quay at Kessa on Friday and blocked the fish "
     "market for hours. The harbour board agreed to their demands by evening.",
     "A rabble stormed the quay at Kessa on Friday; the board caved in.", "'stormed'"),
    (checks.check_hidden_agents,
     ["The Kessa fish market was closed", "Stalls were damaged", "two traders were injured"],
     ["Stalls were damaged", "two traders were injured"], "2 of 3"),
    (checks.check_active_rewrite, "Crew members damaged stalls.", "Stalls were damaged again.",
     "agentless passive"),
    (checks.check_headline_frames, {"A": "economic", "B": "crime_punishment"},
     {"A": "economic", "B": "economic"}, "Headline B"),
    (checks.check_cue_labels,
     {"a": "black_and_white", "b": "bandwagon", "c": "slogans", "d": "whataboutism"},
     {"a": "black_and_white", "b": "slogans", "c": "slogans", "d": "whataboutism"}, "['b']"),
    (checks.check_reframe,
     "Six crew members lost a day of pay in the wage dispute at the fish market.",
     "Police arrested six crew members at the fish market.", "Crime and punishment"),
    (checks.check_word_choice, ("crowd", "rabble"), ("quay", "market"), "Not a pair"),
    (checks.check_fair_report, [], ["were damaged by a reversing delivery lorry"],
     "names its agent"),
]


@pytest.mark.parametrize(("check", "right", "wrong", "why"), CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_right_wrong_and_blank(check: Callable[..., Feedback], right: Any, wrong: Any,
                               why: str) -> None:
    assert check(right).status == "correct", check(right)
    wrong_feedback = check(wrong)
    assert wrong_feedback.status == "incorrect"
    assert why in wrong_feedback.message, wrong_feedback.message
    assert check(...).status == "hint"
    assert check(None).status == "hint"
    assert check("").status == "hint"


@pytest.mark.parametrize("check", [case[0] for case in CASES], ids=[c[0].__name__ for c in CASES])
def test_odd_answers_give_a_message_not_a_traceback(check: Callable[..., Feedback]) -> None:
    for odd in (42, 3.5, object(), {"x": 1}, ["🙂"]):
        feedback = check(odd)
        assert feedback.status in {"incorrect", "hint"}
        assert feedback.message


def test_extra_words_in_task_1_are_discussed_not_rejected() -> None:
    feedback = checks.check_loaded_terms(
        ["rabble", "stormed", "hostage", "spineless", "caved in", "furious"])
    assert feedback.passed and "furious" in feedback.message


def test_the_agentless_passive_the_detector_misses_counts() -> None:
    """The key, not hidden_agency, decides: 'The Kessa fish market was closed' is expected."""
    two = checks.check_hidden_agents(["Stalls were damaged", "two traders were injured"])
    assert not two.passed and "first sentence" in two.message
    for market in ("fish market was closed", "Kessa fish market was closed", "Market was closed."):
        feedback = checks.check_hidden_agents([market, "Stalls were damaged",
                                               "two traders were injured"])
        assert feedback.passed, (market, feedback)
    assert "only part of a phrase" in checks.check_hidden_agents(
        ["was closed", "Stalls were damaged", "two traders were injured"]).message
    assert "word for word" in checks.check_hidden_agents(
        ["the fish market was closed", "Stalls were damaged"]).message


def test_near_misses_of_the_key_are_answered_with_its_reason() -> None:
    active = checks.check_hidden_agents(["Stalls were damaged", "the crews had acted illegally"])
    assert not active.passed and "Active voice" in active.message
    neutral = checks.check_loaded_terms(["rabble", "stormed", "trawler crews"])
    assert not neutral.passed and "description, not a judgement" in neutral.message


def test_an_accepted_alternative_cue_label_passes_and_others_do_not() -> None:
    right = {"a": "black_and_white", "b": "bandwagon", "c": "slogans", "d": "whataboutism"}
    assert checks.check_cue_labels({**right, "a": "appeal_to_fear"}).passed
    assert not checks.check_cue_labels({**right, "a": "slogans"}).passed
