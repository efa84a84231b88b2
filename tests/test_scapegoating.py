"""Conspiracy scapegoating on realistic phrasing: the group, the move and the evidence words."""

from __future__ import annotations

import pytest

from propaganda_lab.dehumanization import conspiracy_scapegoating
from propaganda_lab.lenses.dehumanization.scapegoating import _cue_rules, conspiracy_cues
from propaganda_lab.pipeline import detectors

FLAGGED = [
    ("The Teskari control the media and the banks.", ["Teskari"], "they_control"),
    ("The Orrin control everything in this town.", ["Orrin"], "they_control"),
    ("Valdora's Pellani-controlled banks refused the loan.", ["Pellani"], "group_controlled"),
    ("The Orrin would never allow a free vote in Drenn.", ["Orrin"], "would_never_allow"),
    ("The Pellani are to blame for the closed mills.", ["Pellani"], "collective_blame"),
    ("The Pellani are responsible for everything that went wrong.", ["Pellani"],
     "collective_blame"),
    ("The Orrin are behind every strike in the port.", ["Orrin"], "collective_blame"),
    ("Ask who benefits: the Teskari, of course.", ["Teskari"], "who_benefits"),
    ("The Gallow Circle used the Teskari as its tool.", ["Teskari"], "used_as_a_tool"),
    ("The Orrin elders are pulling the strings in Sarnet.", ["Orrin"], "pulling_the_strings"),
    ("The Pellani took the farms. None of it is an accident.", ["Pellani"], "no_accident"),
]


@pytest.mark.parametrize(("text", "terms", "rule"), FLAGGED)
def test_real_phrasing_is_flagged_with_group_move_and_evidence(text, terms, rule):
    found = conspiracy_scapegoating(text, terms)
    assert [f.rule for f in found] == [f"conspiracy_scapegoating.{rule}"]
    evidence = found[0].evidence
    assert "Group:" in evidence and "Move:" in evidence and "Evidence:" in evidence
    assert any(term in evidence for term in terms)


NEAR_MISSES = [
    # the cue without a group, or with a group that is not the one in control
    ("The company controls the media market in Valdora.", None),
    ("Microsoft controls the software market.", None),
    ("The storm is to blame for the closed roads, the Pellani mayor said.", ["Pellani"]),
    ("The Teskari control the harvest schedule on their own farms.", ["Teskari"]),
    ("The council would not allow the Orrin market on Sundays.", ["Orrin"]),
    ("The crash was no accident, the engineers said.", None),
    ("The union says the Port Authority's plan will cut jobs.", None),
    ("The Pellani never allow dogs in the chapel.", ["Pellani"]),
    ("We asked who benefits from the new bridge.", None),
]


@pytest.mark.parametrize(("text", "terms"), NEAR_MISSES)
def test_near_misses_are_not_flagged(text, terms):
    assert conspiracy_scapegoating(text, terms) == []


def test_the_cue_needs_the_group_as_its_subject_when_the_lexicon_says_so():
    assert conspiracy_scapegoating("The Orrin say the banks control the media.", ["Orrin"]) == []
    assert conspiracy_scapegoating("The banks say the Orrin control the media.", ["Orrin"])


def test_every_cue_is_a_declared_rule_with_a_move():
    rules = detectors(name="dehumanization.scapegoating")[0].rules
    assert set(_cue_rules()) == set(rules)
    for cue in conspiracy_cues()["cues"]:
        assert cue.get("move"), cue["name"]


def test_one_finding_per_sentence():
    text = "The Orrin are pulling the strings behind the scenes and they control the media."
    assert len(conspiracy_scapegoating(text, ["Orrin"])) == 1


def test_naming_a_group_never_pins_another_groups_plot_on_it():
    from propaganda_lab.dehumanization import conspiracy_scapegoating

    text = ("A flood of Teskari workers will come over the hills, and the Gallow Circle is "
            "pulling the strings.")
    assert conspiracy_scapegoating(text, ["Teskari workers"]) == []  # the Circle plots
    (found,) = conspiracy_scapegoating(text, ["Gallow Circle"])
    assert found.target == "Gallow Circle"
