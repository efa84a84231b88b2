"""The author's other moves in real posts (framing/moves.py): each rule on sentences it must
catch, and on near misses it must leave alone, above all plain reports of a forecast or a
dispute. Every sentence is written for these tests (fictional places, people and outlets)."""

from __future__ import annotations

import pytest

from propaganda_lab import analyze
from propaganda_lab.framing import api as framing
from propaganda_lab.pipeline import rule_docs

NEW_RULES = ("source_derogation.hedged_source", "appeal_to_fear.imminent_harm",
             "thought_terminating_cliche.dismissal", "whataboutism.nobody_talks_about",
             "whataboutism.double_standard", "whataboutism.every_place_where")


def _rules(text: str) -> set[str | None]:
    return {f.rule for f in analyze(text).findings}


def test_every_move_is_a_registered_rule_with_a_one_line_description() -> None:
    docs = rule_docs()
    for rule in NEW_RULES:
        assert rule in docs and docs[rule] and "\n" not in docs[rule]


POSITIVES = [
    ("source_derogation.hedged_source",
     "Some official, apparently the deputy harbour master, told reporters the quay was safe.",
     "Some official, apparently the deputy harbour master"),
    ("source_derogation.hedged_source", "Some bureaucrat in Ostreva said the water is clean.",
     "Some bureaucrat"),
    ("source_derogation.hedged_source",
     "A so-called spokesman for the Teskar ministry denied everything.", "so-called spokesman"),
    ("source_derogation.hedged_source",
     "The figures came from Dr Mira Holt, whoever that is.", "Dr Mira Holt, whoever that is"),
    ("source_derogation.hedged_source",
     "The supposedly independent Valdora Audit Office found nothing wrong.",
     "supposedly independent Valdora Audit Office"),
    ("appeal_to_fear.imminent_harm",
     "The Ostrevan militias are about to go into full war mode.",
     "The Ostrevan militias are about to go into full war mode"),
    ("appeal_to_fear.imminent_harm",
     "It's only a matter of time before someone is killed on the Teskar road.",
     "It's only a matter of time before someone is killed on the Teskar road"),
    ("appeal_to_fear.imminent_harm", "They are stockpiling weapons in Valdora as we speak.",
     "They are stockpiling weapons in Valdora as we speak"),
    ("appeal_to_fear.imminent_harm",
     "Our embassy is no doubt going to face a bloodbath scenario.",
     "Our embassy is no doubt going to face a bloodbath scenario"),
    ("appeal_to_fear.imminent_harm", "We will be overrun by the Teskar gangs.",
     "We will be overrun by the Teskar gangs"),
    ("thought_terminating_cliche.dismissal",
     "It doesn't matter what the Ostrevan ministry says, the river is poisoned.",
     "It doesn't matter what the Ostrevan ministry says"),
    ("thought_terminating_cliche.dismissal",
     "No matter what the experts claim, the dam is unsafe.",
     "No matter what the experts claim"),
    ("thought_terminating_cliche.dismissal", "The council lied. Nothing more to say.",
     "Nothing more to say"),
    ("thought_terminating_cliche.dismissal", "The fence stays. Period.", "Period"),
    ("thought_terminating_cliche.dismissal", "The council lied to Orsk again. Enough said.",
     "Enough said"),
    ("whataboutism.nobody_talks_about",
     "But nobody talks about the crimes of the Teskar gangs.",
     "But nobody talks about the crimes of the Teskar gangs"),
    ("whataboutism.nobody_talks_about",
     "Yet the media never mention the victims of the Ostrevan raids.",
     "Yet the media never mention the victims of the Ostrevan raids"),
    ("whataboutism.double_standard",
     "But when the Ostrevan navy did the same, the papers cheered.",
     "But when the Ostrevan navy did the same, the papers cheered"),
    ("whataboutism.every_place_where",
     "Every country where this tax has been tried is poorer today.",
     "Every country where this tax has been tried is poorer today"),
    ("whataboutism.every_place_where", "Name one country where open borders have worked.",
     "Name one country where open borders have worked"),
]


@pytest.mark.parametrize(("rule", "text", "flagged"), POSITIVES,
                         ids=[f"{rule}-{i}" for i, (rule, _, _) in enumerate(POSITIVES)])
def test_a_move_is_found_with_its_words(rule: str, text: str, flagged: str) -> None:
    found = [f for f in analyze(text).findings if f.rule == rule]
    assert found, [(f.rule, f.text) for f in analyze(text).findings]
    assert found[0].text == flagged and text[found[0].start:found[0].end] == flagged
    assert found[0].lens == "framing" and found[0].evidence
    assert found[0].voice == "author"


NEAR_MISSES = [
    # plain reports: the source is named neutrally, the forecast or the dispute is reported
    ("source_derogation.hedged_source",
     "An anonymous official said the talks would resume on Monday."),
    ("source_derogation.hedged_source",
     "One official said the Ostrevan delegation had left early."),
    ("source_derogation.hedged_source",
     "The gunman, apparently a former employee, fled before the police arrived."),
    ("source_derogation.hedged_source", "Some officials said the vote could be delayed."),
    ("source_derogation.hedged_source", "The so-called Harbour Accord was signed in 1998."),
    ("appeal_to_fear.imminent_harm", "The Valdoran agency said prices may rise next year."),
    ("appeal_to_fear.imminent_harm",
     "Officials warned that the Teskar dam is on the brink of collapse."),
    ("appeal_to_fear.imminent_harm",
     "The bank is on the brink of collapse, according to the Ostrevan regulator."),
    ("appeal_to_fear.imminent_harm",
     "The militias were about to attack when the Valdoran police arrived."),
    ("appeal_to_fear.imminent_harm", "Is Ostreva about to go to war?"),
    ("appeal_to_fear.imminent_harm", "The storm could destroy crops across southern Teskar."),
    ("appeal_to_fear.imminent_harm", "Valdora is not about to go to war with anyone."),
    ("appeal_to_fear.imminent_harm", "The ferry is about to leave the harbour at Orsk."),
    ("thought_terminating_cliche.dismissal",
     "It does not matter much to farmers whether the road opens in May or June."),
    ("thought_terminating_cliche.dismissal",
     "Supporters say they will back him no matter what the critics say."),
    ("thought_terminating_cliche.dismissal",
     "And that is that the Teskar council met twice this year."),
    ("thought_terminating_cliche.dismissal", "The period of mourning ended on Friday."),
    ("thought_terminating_cliche.dismissal",
     "The council must deal with it before the winter."),
    ("whataboutism.nobody_talks_about", "No one was hurt in the fire at the Orsk depot."),
    ("whataboutism.nobody_talks_about", "No one has mentioned his name at the meeting."),
    ("whataboutism.nobody_talks_about",
     "The two parties dispute who talked about the budget first, the ministry said."),
    ("whataboutism.every_place_where",
     "The Valdoran bakery chain operates in every country where it sells bread."),
    ("whataboutism.every_place_where",
     "In every country where the virus was found, officials closed 12 schools."),
    ("whataboutism.double_standard", "When the ferry docked, the crew did the checks."),
]


@pytest.mark.parametrize(("rule", "text"), NEAR_MISSES,
                         ids=[f"{rule}-{i}" for i, (rule, _) in enumerate(NEAR_MISSES)])
def test_a_near_miss_is_left_alone(rule: str, text: str) -> None:
    assert rule not in _rules(text)


def test_a_neutral_report_of_a_forecast_and_a_dispute_gives_no_move() -> None:
    report = ("The Valdoran statistics agency said on Monday that prices may rise next year. "
              "Ostreva and Teskar dispute the border line, and both sides accused the other of "
              "moving troops, officials said. The ministry warned that the bridge is on the "
              "verge of collapse and closed it.")
    assert _rules(report).isdisjoint(NEW_RULES)


def test_a_move_inside_a_quotation_is_the_speakers() -> None:
    text = ('"It is just a matter of time until the Teskar dam kills someone," '
            "Mayor Ilse Varn said.")
    # a reported forecast is a report, even with its words in quotation marks
    assert "appeal_to_fear.imminent_harm" not in _rules(text)
    quoted = ('Mayor Ilse Varn was blunt: "Nothing more to say. The fence stays. Period."')
    found = [f for f in analyze(quoted).findings
             if f.rule == "thought_terminating_cliche.dismissal"]
    assert found and all(f.voice == "quoted" and "Varn" in (f.speaker or "") for f in found)


def test_the_public_lens_functions_include_the_moves() -> None:
    text = "But nobody talks about the Teskar gangs. The fence stays. Period."
    assert {f.rule for f in framing.whataboutism(text)} == {"whataboutism.nobody_talks_about"}
    assert "thought_terminating_cliche.dismissal" in {
        f.rule for f in framing.thought_terminating_cliches(text)}
    assert {"whataboutism", "thought_terminating_cliche"} <= {
        f.technique for f in framing.persuasion_cues(text)}


def test_a_quoted_source_belittled_by_a_hedge_is_derogation_and_one_official_is_not() -> None:
    hedged = ('Some bureaucrat, supposedly the harbour engineer, said: "The quay is safe '
              'for another ten years."')
    found = [f for f in analyze(hedged).findings if f.technique == "source_derogation"]
    assert found and found[0].text.startswith("Some bureaucrat")
    plain = ('One official, speaking on condition of anonymity, said: "The talks are over '
             'for this year."')
    assert not any(f.technique == "source_derogation" for f in analyze(plain).findings)


def test_the_kessa_challenge_note_about_enough_said_matches_the_tool() -> None:
    """The note of the Kessa challenge says the confidence of 'Enough said' depends on its
    context: the tool finds it there, and finds it with more confidence there than in a
    plain report (if the note ever claims more, this must say so too)."""
    from propaganda_lab.rewrite import get_challenge

    challenge = get_challenge("kessa_ferry_strike")
    assert "depends on the words around it" in challenge.note
    slanted = [f for f in analyze(challenge.text).findings
               if f.technique == "thought_terminating_cliche"]
    plain = [f for f in analyze("The ferry timetable changed on Monday, as the harbour board "
                                "announced last week. Enough said.").findings
             if f.technique == "thought_terminating_cliche"]
    assert slanted and plain
    assert (slanted[0].confidence or 0) > (plain[0].confidence or 0)


@pytest.mark.parametrize(("text", "flagged"), [
    ("Some general (apparently the head of the Teskar command) told reporters it was over.",
     "Some general (apparently the head of the Teskar command)"),
    ("Whoever that general is, he is lying about Ostreva.", "Whoever that general is"),
    ("A man who calls himself an expert told the Orsk Herald the dam is safe.",
     "calls himself an expert"),
])
def test_more_shapes_of_a_belittled_source(text: str, flagged: str) -> None:
    found = [f.text for f in analyze(text).findings if f.rule == "source_derogation.hedged_source"]
    assert flagged in found, found


def test_people_nouns_are_belittled_sources_only_when_they_speak() -> None:
    """'so-called activists marched' is doubt about the label, not a belittled source."""
    assert "source_derogation.hedged_source" not in _rules(
        "Hordes of so-called activists blocked the Orsk bridge again.")
    assert "source_derogation.hedged_source" in _rules(
        "A so-called activist claimed the Orsk bridge was unsafe.")
    assert "source_derogation.hedged_source" not in _rules(
        "The council took some general measures, officials said.")
