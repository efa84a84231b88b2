"""The spot-the-technique exercise logic: marks, grading feedback, answers that survive restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.spotting import (
    Mark,
    gold_for,
    grade,
    load_answers,
    make_mark,
    mark_words,
    save_answers,
)
from propaganda_lab.techniques import techniques

TEXT = "Officials said the  harbour was closed.  Officials said so again."


def test_make_mark_trims_white_space_and_orders_offsets() -> None:
    mark = make_mark(TEXT, 18, 28, "loaded_language")  # " harbour w" with a leading space
    assert TEXT[mark.start : mark.end] == mark.text
    assert not mark.text[0].isspace()
    reversed_mark = make_mark(TEXT, 28, 18, "loaded_language")
    assert reversed_mark == mark


BLANK = TEXT.index("  Officials")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (BLANK, BLANK + 2), (-10, 0), (500, 900)])
def test_empty_or_blank_selection_is_refused_with_a_message(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="selection is empty"):
        make_mark(TEXT, start, end, "loaded_language")


def test_unknown_technique_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown technique"):
        make_mark(TEXT, 0, 9, "propaganda_in_general")


def test_mark_words_finds_the_requested_occurrence_case_insensitively() -> None:
    second = mark_words(TEXT, "officials SAID", "bandwagon", occurrence=2)
    assert second.start == TEXT.rindex("Officials said")
    with pytest.raises(ValueError, match="does not appear"):
        mark_words(TEXT, "closed harbour", "bandwagon")


def _case_with_two_techniques():
    for case_id in list_cases():
        case = load_case(case_id)
        if len({a.technique for a in case.annotations}) >= 2:
            return case
    raise AssertionError("the corpus needs a case with two techniques")


def test_grade_exact_wrong_technique_and_false_alarm() -> None:
    case = _case_with_two_techniques()
    first = case.annotations[0]
    other = next(a.technique for a in case.annotations if a.technique != first.technique)
    marked = [
        Mark(first.technique, first.start, first.end, case.article[first.start : first.end])
    ]
    result = grade(case, marked)
    assert result.scores.precision == pytest.approx(1.0)
    kinds = [item.kind for item in result.feedback]
    assert kinds.count("exact") >= 1 and "miss" in kinds
    exact = next(item for item in result.feedback if item.kind == "exact")
    assert first.explanation in exact.message  # feedback carries the annotator's reason

    wrong = [Mark(other, first.start, first.end, case.article[first.start : first.end])]
    wrong_result = grade(case, wrong)
    assert any(item.kind == "wrong_technique" for item in wrong_result.feedback) or any(
        item.kind == "exact" for item in wrong_result.feedback
    )  # exact only if the key also gives this span the other technique

    covered = {i for a in case.annotations for i in range(a.start, a.end)}
    free = next(i for i in range(len(case.article) - 3) if not covered & {i, i + 1, i + 2}
                and case.article[i : i + 3].strip() == case.article[i : i + 3])
    alarm = grade(case, [Mark(first.technique, free, free + 3, case.article[free : free + 3])])
    assert alarm.scores.precision == 0
    assert any(item.kind == "false_alarm" and "marks nothing" in item.message
               for item in alarm.feedback)


def test_lens_restriction_only_scores_that_lens() -> None:
    case = load_case("fake_news_alert")
    framing_only = gold_for(case, "framing")
    framing_ids = {t.id for t in techniques("framing")}
    assert framing_only and all(a.technique in framing_ids for a in framing_only)
    assert len(framing_only) < len(case.annotations)


def test_answers_round_trip_and_survive_a_restart(tmp_path: Path) -> None:
    case = _case_with_two_techniques()
    a = case.annotations[0]
    marks = [Mark(a.technique, a.start, a.end, case.article[a.start : a.end])]
    path = tmp_path / "answers.json"
    save_answers(path, case.id, marks)
    restored, notes = load_answers(path, case)
    assert restored == marks and notes == []


def test_stale_and_corrupt_answers_never_raise(tmp_path: Path) -> None:
    case = _case_with_two_techniques()
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"version": 1, "case": case.id, "marks": [
        {"technique": "loaded_language", "start": 0, "end": 4, "text": "not what is there"},
        {"technique": "loaded_language", "start": "x", "end": 4},
    ]}))
    restored, notes = load_answers(path, case)
    assert restored == [] and len(notes) == 3  # one per mark, and where the copy is kept
    copy = next(tmp_path.glob("answers.skipped-*.json"))
    assert copy.name in notes[2] and copy.read_text() == path.read_text()
    path.write_text("{not json")
    restored, notes = load_answers(path, case)
    assert restored == [] and "Could not read" in notes[0]
    assert path.read_text() == "{not json"  # left for the learner to inspect
    path.write_text(json.dumps({"version": 1, "case": "another_case", "marks": []}))
    restored, notes = load_answers(path, case)
    assert restored == [] and "another case" in notes[0]  # said, not silently ignored


def test_one_mark_is_never_both_other_technique_and_false_alarm() -> None:
    case = _case_with_two_techniques()
    gold = case.annotations[0]
    other = next(t.id for t in techniques() if t.id != gold.technique
                 and all(a.technique != t.id for a in case.annotations))
    inside = Mark(other, gold.start, gold.end, case.article[gold.start : gold.end])
    # a second, shorter wrong-technique mark on the same span (not the "best" one)
    shorter = Mark(other, gold.start, gold.start + 2, case.article[gold.start : gold.start + 2])
    result = grade(case, [inside, shorter])
    about_marks = [item for item in result.feedback if item.about_mark]
    assert [item.kind for item in about_marks] == ["wrong_technique"]  # the shorter one
    assert result.count("false_alarm") == 0
    assert result.scores.precision == 0  # still scored: a wrong label earns nothing


def test_widget_feedback_is_progressive_and_does_not_give_the_key_away(tmp_path: Path) -> None:
    from html import escape

    from propaganda_lab.widgets import SpotTheTechnique

    widget = SpotTheTechnique("harbor_protest_ledger", lens="framing",
                              answers_path=tmp_path / "a.json")
    gold = gold_for(widget.case, "framing")
    assert len(gold) >= 2 and widget.help_button.disabled
    first = gold[0]
    widget.technique.value = first.technique
    widget.words.value = widget.case.article[first.start : first.end]
    widget.add_words()
    widget.check()
    html = widget.result.value
    missed = [a for a in gold[1:] if a.start >= first.end or a.end <= first.start]
    assert missed and "Missed" in html and "not marked yet" in html
    for a in missed:  # neither the words nor the reason of a missed span is shown yet
        assert escape(widget.case.article[a.start : a.end]) not in html
        assert escape(a.explanation) not in html
    assert not widget.help_button.disabled and not widget.show_key.value
    widget.more_help()
    html = widget.result.value
    assert "paragraph" in html and "sentence" in html
    assert escape(missed[0].explanation) not in html
    widget.more_help()
    assert escape(missed[0].explanation) in widget.result.value  # the solution, on request
    assert widget.show_key.value and widget.help_button.disabled


def test_false_alarms_on_a_fair_text_are_scored() -> None:
    fair = next((load_case(c) for c in list_cases()
                 if not gold_for(load_case(c), "framing")), None)
    if fair is None:
        pytest.skip("no case with an empty framing key yet")
    result = grade(fair, [make_mark(fair.article, 0, 12, "loaded_language")], "framing")
    assert result.count("false_alarm") == 1 and result.scores.precision == 0
