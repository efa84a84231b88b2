"""Every quoting exercise checker: right answers pass, wrong ones get a reason, blanks a hint."""

from __future__ import annotations

import pytest

from propaganda_lab.checks import quoting

FAIR = 'Irina Voss said "Ticket prices may rise next year, but only for tourists."'
CASES = [
    (quoting.check_dropped_qualifier, "unless", "October"),
    (quoting.check_restored_context,
     "The night ferry to Kerrow will stop in October unless the council renews the subsidy.",
     "The night ferry to Kerrow will stop in October"),
    (quoting.check_misattribution, "Otto Brandl", "Irina Voss"),
    (quoting.check_fair_or_unfair, {"A": "unfair", "B": "fair"}, {"A": "fair", "B": "fair"}),
    (quoting.check_spliced_quote, 6, 2),
    (quoting.check_scare_quotes, ["subsidy", "timetable"], ["subsidy", "the night ferry"]),
    (quoting.check_fair_quote, FAIR, 'Irina Voss said "Ticket prices may rise next year."'),
]


@pytest.mark.parametrize(("check", "right", "wrong"), CASES)
def test_right_wrong_and_blank_answers(check, right, wrong):
    assert check(right).status == "correct"
    verdict = check(wrong)
    assert verdict.status == "incorrect" and verdict.message
    assert check(...).status == "hint"
    assert check(None).status == "hint"


def test_wrong_answers_say_what_is_off():
    assert "inside the quote" in quoting.check_dropped_qualifier("October").message
    assert "'unless'" in quoting.check_restored_context(
        "The night ferry to Kerrow will stop in October").message
    assert "article credits" in quoting.check_misattribution("Voss").message
    assert "Look again at A" in quoting.check_fair_or_unfair({"A": "fair", "B": "fair"}).message
    assert "'but only'" not in quoting.check_fair_quote(FAIR).message
    assert "'but'" in quoting.check_fair_quote('Irina Voss said "Ticket prices may rise '
                                              'next year."').message


def test_odd_answers_never_raise():
    assert quoting.check_fair_or_unfair("nonsense").status == "incorrect"
    assert quoting.check_spliced_quote("six").status == "incorrect"
    assert quoting.check_fair_quote("no quotation here").status == "incorrect"


def test_numbered_quotes_match_the_exercise_text():
    numbered = quoting.numbered_quotes()
    assert len(numbered) == 6
    assert numbered[5].startswith("6. “We have made mistakes")
