"""Inline judgment checks: the answer key, the grading, and the premise about the tool's output.

Each question says what the tool does on its passage; if a library change makes that untrue,
the question would teach the wrong lesson, so the premise is checked against the live output.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from propaganda_lab import judgment as jc
from propaganda_lab.datafiles import check_data, load_json
from propaganda_lab.judgment import (
    CHOICES,
    FAIR,
    MANIPULATIVE,
    PARTLY,
    RIGHT,
    TOOL_WRONG,
    WRONG,
    claim_problems,
    get_check,
    grade,
    judgment_checks,
    tool_output,
)
from propaganda_lab.widgets import judgment_check as judgment_widget
from propaganda_lab.widgets.judgment_check import JudgmentCheck

ITEMS = judgment_checks()


def _raw() -> dict:
    return copy.deepcopy(load_json(jc.DATA_FILE, jc.SCHEMA))


def _problems(data: dict) -> list[str]:
    return [str(p) for p in check_data("judgment_checks.json", data, jc.SCHEMA,
                                       check=jc._consistency)]


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_the_tool_still_does_what_each_question_says(item: jc.JudgmentItem) -> None:
    assert claim_problems(item, tool_output(item)) == []


@pytest.mark.parametrize("lens", ["framing", "quoting", "dehumanization"])
def test_every_lens_asks_for_fair_and_tool_is_wrong_verdicts(lens: str) -> None:
    items = judgment_checks(lens)
    answers = [item.answer for item in items]
    assert answers.count(FAIR) >= 1 and answers.count(TOOL_WRONG) >= 1
    assert sum(a in (FAIR, TOOL_WRONG) for a in answers) >= 2
    # Both ways the tool can be wrong are taught: a false flag and a miss.
    assert {item.passage_is for item in items if item.answer == TOOL_WRONG} == {FAIR,
                                                                              MANIPULATIVE}
    # "Always say the tool is wrong" must not be a winning strategy.
    assert MANIPULATIVE in answers


def test_grading_gives_partial_credit_only_for_the_right_passage_verdict() -> None:
    false_flag = get_check("framing_storm_boats")  # fair passage, the tool flags it
    assert grade(false_flag, TOOL_WRONG).outcome == RIGHT
    partly = grade(false_flag, FAIR)
    assert partly.outcome == PARTLY and "wrecked" in partly.message
    assert grade(false_flag, MANIPULATIVE).outcome == WRONG

    miss = get_check("dehum_squatters_swarm")  # manipulative passage, the tool misses it
    assert grade(miss, TOOL_WRONG).outcome == RIGHT
    assert grade(miss, MANIPULATIVE).outcome == PARTLY
    assert grade(miss, FAIR).outcome == WRONG

    fair = get_check("quoting_full_sentence")
    assert grade(fair, FAIR).outcome == RIGHT
    # Over-broad scepticism is wrong, not partly right: the tool is right here.
    assert grade(fair, TOOL_WRONG).outcome == WRONG
    assert grade(fair, MANIPULATIVE).outcome == WRONG
    for choice in CHOICES:
        assert grade(fair, choice).reason == fair.reason  # the reason always follows


def test_grading_rejects_an_unknown_choice() -> None:
    with pytest.raises(ValueError, match="Choose one of"):
        grade(ITEMS[0], "biased")


def test_unknown_check_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="framing_storm_boats"):
        get_check("framing_storm_boat")


def test_a_changed_tool_output_is_reported() -> None:
    clean = get_check("framing_port_jobs")
    loaded = replace(clean, passage=get_check("framing_mob_ministers").passage)
    problems = claim_problems(loaded, tool_output(loaded))
    assert problems and "expects no findings" in problems[0] and "spineless" in problems[0]

    flagged = get_check("framing_storm_boats")
    gone = replace(flagged, passage=clean.passage)
    assert "no longer reports" in " ".join(claim_problems(gone, tool_output(gone)))

    miss = get_check("dehum_squatters_swarm")
    found = replace(miss, passage=get_check("dehum_cancer_rats").passage)
    assert "now finds it" in " ".join(claim_problems(found, tool_output(found)))


def test_the_data_rules_catch_answer_keys_that_contradict_the_tool() -> None:
    assert _problems(_raw()) == []

    data = _raw()
    data["checks"][0]["tool"] = {"flags": [{"technique": "loaded_language", "text": "jobs"}]}
    assert any("needs no_findings" in p for p in _problems(data))  # 'fair' but flagged

    data = _raw()
    storm = next(c for c in data["checks"] if c["id"] == "framing_storm_boats")
    storm["tool"] = {"misses": ["loaded_language"]}  # a fair passage cannot be "missed"
    assert any("'tool_wrong' needs flags" in p for p in _problems(data))

    data = _raw()
    data["checks"][1]["id"] = data["checks"][0]["id"]
    assert any("duplicate id" in p for p in _problems(data))

    data = _raw()
    data["checks"][0]["feedback"]["fair"] = "Feedback for the right answer is never shown."
    assert any("feedback is for the other answers" in p for p in _problems(data))


def test_the_schema_ties_passage_is_to_tool_wrong() -> None:
    data = _raw()
    storm = next(c for c in data["checks"] if c["id"] == "framing_storm_boats")
    del storm["passage_is"]
    assert any("passage_is" in p for p in _problems(data))

    data = _raw()
    data["checks"][0]["passage_is"] = "fair"  # a 'fair' answer needs no passage_is
    assert _problems(data)


def test_widget_shows_the_live_output_then_feedback_for_the_choice() -> None:
    widget = JudgmentCheck("framing_storm_boats")
    assert repr(widget) == "JudgmentCheck('framing_storm_boats')"
    assert "wrecked" in widget.tool_view.value and "pl-highlight" in widget.tool_view.value
    assert widget.feedback.value == "" and widget.message.value == ""

    widget.choice.value = FAIR
    assert "Partly right" in widget.feedback.value
    widget.choice.value = TOOL_WRONG
    assert "Right" in widget.feedback.value and "storm really does wreck" in \
        widget.feedback.value.replace("&#x27;", "'")


def test_widget_shows_the_quote_checks_and_a_clean_result() -> None:
    widget = JudgmentCheck("quoting_wrong_question")
    assert "flags nothing" in widget.tool_view.value
    assert "Each quote traced to the source" in widget.tool_view.value
    assert "paint the old bridge gold" in widget.passage.value


def test_widget_warns_when_the_premise_no_longer_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    storm = get_check("framing_storm_boats")
    stale = replace(storm, flags=(jc.ToolFlag("loaded_language", "harbour"),))
    monkeypatch.setattr(judgment_widget, "get_check", lambda _id: stale)  # where it looks
    widget = JudgmentCheck("framing_storm_boats")
    assert "has changed since this question was written" in widget.message.value
    assert "wrecked" in widget.tool_view.value  # the live output is still shown
