"""Every persuasion-cue pattern: a sentence it must catch and a near miss it must leave alone.

All sentences are written for these tests, not taken from the teaching corpus.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from propaganda_lab.findings import Finding
from propaganda_lab.framing import api as cues  # the public lens functions

CASES: list[tuple[Callable[[str], list[Finding]], str, str, str]] = [
    # (family function, positive text, rule that must fire, near-miss text)
    (cues.doubt, "The so-called reform changes nothing.", "doubt.stock_phrase",
     "The reform, so they called it at first, changes nothing."),
    (cues.doubt, "Do you really believe the mayor paid for it himself?",
     "doubt.rhetorical_question", "I really believe the mayor paid for it himself."),
    (cues.doubt, "The council is claiming that the river is clean.", "doubt.claim_verb",
     "The council filed a claim for the river clean-up."),
    (cues.appeal_to_fear, "Act now, before it is too late.", "appeal_to_fear.stock_phrase",
     "Act now, because the offer ends late on Friday."),
    (cues.appeal_to_fear, "If the mill closes, our children will lose their homes.",
     "appeal_to_fear.conditional_threat", "If it rains, the fair will move to the hall."),
    (cues.appeal_to_fear, "Keep ignoring the warnings, and the streets will burn.",
     "appeal_to_fear.conditional_threat", "Keep the receipt, and the shop will refund you."),
    (cues.exaggeration, "It was the worst decision in the history of the league.",
     "exaggeration_minimisation.superlative_in_history",
     "It was the worst decision of the season, said the coach."),
    (cues.exaggeration, "This is the biggest scandal ever.",
     "exaggeration_minimisation.superlative_in_history", "This is the biggest scandal this year."),
    (cues.whataboutism, "The critics said nothing about the other bridge.",
     "whataboutism.stock_phrase", "The critics said the other bridge was safe."),
    (cues.whataboutism, "Sure, the mayor was late. But what about the governor?",
     "whataboutism.what_about", "Nobody knew what the meeting was about."),
    (cues.whataboutism, "The former government cut the same budget in 2019.",
     "whataboutism.previous_government", "The government cut the budget in 2019."),
    (cues.flag_waving, "Our forefathers did not bleed for this.", "flag_waving.stock_phrase",
     "My grandfather did not work on Sundays."),
    (cues.flag_waving, "These hills belong to the nation.", "flag_waving.belongs_to_nation",
     "These tools belong to the school."),
    (cues.flag_waving, "The port belongs to Valdora, not to the bankers.",
     "flag_waving.belongs_to_nation", "The port belongs to Valdora and is run by a board."),
    (cues.flag_waving, "They want to destroy our great nation from within.",
     "flag_waving.our_nation", "Our country correspondent filed the report from the coast."),
    (cues.flag_waving, "This assault on our country must be stopped.",
     "flag_waving.our_nation", "The sacrifice of our personal liberty was debated."),
    (cues.flag_waving, "That shameful plan is un-Valdoran and everyone knows it.",
     "flag_waving.identity_appeal", "The troops of Operation Faithful Patriot built a fence."),
    (cues.causal_oversimplification, "The only reason the mill closed is the new council.",
     "causal_oversimplification.stock_phrase",
     "Heavy rain was the main reason the match was delayed."),
    (cues.slogans, "Save our valley!", "slogans.short_imperative",
     "The group wants to save the valley."),
    (cues.slogans, "Bread, not bombs.", "slogans.not_contrast",
     "The bakery does not sell cakes on Mondays."),
    (cues.thought_terminating_cliches, "It is what it is, and we move on.",
     "thought_terminating_cliche.stock_phrase", "It is a tax, and it is what they voted for."),
    (cues.thought_terminating_cliches, "Orders are orders.",
     "thought_terminating_cliche.tautology", "Orders are shipped daily."),
    (cues.black_and_white, "You are with us or against us.", "black_and_white.stock_phrase",
     "You can vote with us or send a postal ballot later."),
    (cues.black_and_white, "There are only two options here.", "black_and_white.only_n_options",
     "There are only two buses on Sundays."),
    (cues.black_and_white, "Either we close the mine or the town dies.",
     "black_and_white.either_or", "Trees grow on either bank of the river."),
    (cues.bandwagon, "Ask anyone in the harbour: the plan will fail.", "bandwagon.stock_phrase",
     "Ask the harbour master about the plan."),
    (cues.bandwagon, "Most farmers already agree with us.", "bandwagon.most_people_agree",
     "Three farmers agree with us."),
    (cues.bandwagon, "Thousands of listeners said the same.", "bandwagon.most_people_agree",
     "Thousands of listeners tuned in."),
    (cues.source_derogation, "It began as a rumour circulating around the internet.",
     "source_derogation.stock_phrase", "A petition is circulating around the harbour."),
    (cues.source_derogation, "The study was paid for by the sugar lobby.",
     "source_derogation.stock_phrase", "The study was paid for in cash."),
    (cues.source_derogation, "The institute, which has never seen a tax it disliked, "
     "criticised the plan.", "source_derogation.sweeping_relcl",
     "The institute, which was founded in 1990, criticised the plan."),
]


@pytest.mark.parametrize(("family", "positive", "rule", "near_miss"), CASES,
                         ids=[case[2] + "-" + str(i) for i, case in enumerate(CASES)])
def test_pattern_fires_on_positive_and_not_on_near_miss(
    family: Callable[[str], list[Finding]], positive: str, rule: str, near_miss: str
) -> None:
    found = family(positive)
    assert rule in {f.rule for f in found}, [(f.rule, f.text) for f in found]
    finding = next(f for f in found if f.rule == rule)
    assert positive[finding.start:finding.end] == finding.text
    assert finding.evidence and finding.lens == "framing"
    assert rule not in {f.rule for f in family(near_miss)}


def test_repeated_sentence_and_repeated_charged_word() -> None:
    text = ("Stop the tax. The traitors lied. The tax hurts local shops. "
            "Stop the tax. Traitors sold us out. Stop the tax. Only traitors agree.")
    found = cues.repetition(text)
    sentences = [f for f in found if f.rule == "repetition.sentence"]
    words = [f for f in found if f.rule == "repetition.charged_word"]
    assert [f.text for f in sentences] == ["Stop the tax"] * 3  # normalise trims the "."
    assert [f.text.lower() for f in words] == ["traitors"] * 3
    assert "occurs 3 times" in sentences[0].evidence


def test_repeated_topic_nouns_are_not_repetition() -> None:
    """Near miss: a report on a strike names its topic again and again; that is not a technique."""
    text = ("Local shops closed early. Local shops lost trade. Local shops will reopen. "
            "The strike began on Monday. The strike ended on Friday. The strike cost money.")
    assert cues.repetition(text) == []


def test_no_repetition_when_said_once_or_twice() -> None:
    text = "Stop the tax. Local shops matter. Local shops close early."
    assert cues.repetition(text) == []


def test_cliche_sentence_is_not_also_a_slogan() -> None:
    assert cues.slogans("Spare us.") == []
    assert [f.rule for f in cues.thought_terminating_cliches("Spare us.")] == [
        "thought_terminating_cliche.stock_phrase"
    ]


def test_persuasion_cues_combines_families_in_reading_order() -> None:
    text = ("Everyone knows the truth. Either we act or we vanish. "
            "What about the bankers? Save our valley!")
    found = cues.persuasion_cues(text)
    assert [f.technique for f in found] == [
        "bandwagon", "black_and_white", "whataboutism", "slogans"
    ]
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_neutral_news_report_has_no_cues() -> None:
    text = ("The district council voted 7 to 4 on Tuesday to extend the bus route to Orsk. "
            "The extension will cost 2.1 million and open in May, the council said. "
            "Two councillors said the money should go to road repairs instead.")
    assert cues.persuasion_cues(text) == []
