"""Each exercise checker on a right, a wrong and a blank answer."""

from __future__ import annotations

import pytest

from propaganda_lab.checks.dehumanization import (
    check_agency_counts,
    check_categories,
    check_denied_agency,
    check_label_component,
    check_literal,
    check_rewrite,
)

RIGHT_CATEGORIES = {1: "vermin", 2: "disease", 3: "object", 4: "natural_disaster", 5: "machine"}

CASES = [
    (check_categories, RIGHT_CATEGORIES, {**RIGHT_CATEGORIES, 3: "machine"}),
    (check_literal, {2, 4, 6}, {1, 2, 4, 5, 6}),
    (check_denied_agency, "they are housed", "The growers decide everything"),
    (check_agency_counts, (0, 3), (1, 2)),
    (check_label_component, "metaphor", "denial_of_agency"),
    (check_rewrite, "About 4,000 Teskari workers come to Merrow every September for the harvest.",
     "A flood of Teskari workers pours into Merrow every September."),
]


@pytest.mark.parametrize(("check", "right", "wrong"), CASES)
def test_right_wrong_and_blank(check, right, wrong):
    assert check(right).status == "correct", check(right)
    assert check(wrong).status == "incorrect", check(wrong)
    for blank in (None, ..., "", {}):
        assert check(blank).status == "hint"


def test_messages_point_at_the_mistake_without_giving_the_answer():
    feedback = check_categories({**RIGHT_CATEGORIES, 3: "machine"})
    assert "[3]" in feedback.message and "object" not in feedback.message
    assert "not a category" in check_categories({1: "insect"}).message.lower()
    assert check_categories({1: "vermin"}).status == "hint"
    assert "exactly" in check_denied_agency("they were shipped").message
    rewrite = check_rewrite("Teskari workers come to Merrow, and they all keep to themselves "
                            "every September.")
    assert rewrite.status == "incorrect" and "othering" in rewrite.message
    assert "Keep naming the group" in check_rewrite("People come to Merrow in September.").message


def test_odd_answer_forms_become_messages_not_tracebacks():
    assert check_agency_counts("three").status == "incorrect"
    assert check_literal(42).status == "incorrect"
