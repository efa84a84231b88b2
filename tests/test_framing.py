"""Framing lens: loaded language, frame profiles, hidden agency, comparisons, robustness.

Every text here is written for these tests (not taken from the case corpus the lexicons were
checked against), so passing means the rules generalise at least a little.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propaganda_lab.framing import (
    agency,
    analyze_framing,
    compare_framing,
    frame_profile,
    hidden_agency,
    loaded_language,
    neutral_rewrite,
    persuasion_cues,
    show_hidden_agents,
)
from propaganda_lab.nlp import MAX_CHARS, to_doc
from propaganda_lab.techniques import technique_ids

NEUTRAL_REPORT = (
    "About 600 farmers drove tractors into central Orsk on Monday to protest against a new "
    "fuel tax. Police said the demonstration was peaceful. The agriculture minister said the "
    "tax would be reviewed in the autumn, and the farmers' association said it would meet "
    "officials next week."
)
LOADED_REPORT = (
    "A mob of furious farmers stormed central Orsk on Monday, holding the city hostage over a "
    "fuel tax. The spineless minister caved in to the rabble, and the so-called farmers' "
    "association, a gang of professional agitators, is already boasting of total victory. "
    "Utterly shameful chaos."
)


def test_loaded_version_of_same_event_gets_clearly_more_findings() -> None:
    neutral, loaded = loaded_language(NEUTRAL_REPORT), loaded_language(LOADED_REPORT)
    assert len(loaded) >= 6
    assert len(loaded) >= 3 * max(1, len(neutral))
    flagged = {f.text.lower() for f in loaded}
    assert {"mob", "rabble", "spineless", "chaos"} <= flagged


def test_findings_carry_offsets_evidence_and_neutral_alternatives() -> None:
    text = "The regime slapped tariffs on rice while a mob gathered outside."
    findings = {f.text: f for f in loaded_language(text)}
    assert findings["regime"].neutral == "government"
    assert findings["slapped"].neutral == "imposed"
    assert findings["mob"].neutral == "crowd"
    for finding in findings.values():
        assert text[finding.start:finding.end] == finding.text
        assert finding.lens == "framing" and finding.technique in technique_ids()
        assert finding.rule and ".lexicon_" in finding.rule
        assert f"'{finding.text}'" in finding.evidence


def test_lemma_aware_multiword_and_case_insensitive() -> None:
    text = "THUGS whipped up the crowd. Rioters were whipping it up."
    found = {f.text for f in loaded_language(text)}
    assert "THUGS" in found and "whipped up" in found and "Rioters" in found


def test_plural_neutral_is_inflected_and_rewrite_uses_it() -> None:
    text = "Rioters slapped fines on traders."
    findings = loaded_language(text)
    assert neutral_rewrite(text, findings) == "Protesters imposed fines on traders."
    first = findings[0]
    assert neutral_rewrite(text, findings, {first.start: "Marchers"}).startswith("Marchers slapped")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("They were not thugs.", "thugs"),
        ("This was no riot.", "riot"),
        ("The storm brought heavy rain and wind to the coast.", "storm"),
        ("The butcher sold meat and sausages in the shop.", "butcher"),
        ("He slammed the door behind him.", "slammed"),
    ],
)
def test_negated_and_literal_uses_are_not_flagged(text: str, term: str) -> None:
    assert term not in {f.text for f in loaded_language(text)}


def test_figurative_use_of_a_literal_word_is_flagged() -> None:
    assert "stormed" in {f.text for f in loaded_language("Activists stormed the town hall.")}


def test_label_used_as_adjective_is_not_name_calling() -> None:
    assert loaded_language("Illegal parking is fined.") == []
    assert [f.technique for f in loaded_language("The illegals were sent back.")] == [
        "name_calling"
    ]


def test_agentless_passives_found_and_active_sentences_not_flagged() -> None:
    hidden = hidden_agency("Shots were fired near the bridge. Two shops were looted overnight.")
    assert [f.text for f in hidden] == ["Shots were fired", "Two shops were looted"]
    assert hidden_agency("Soldiers fired shots near the bridge. Youths looted two shops.") == []
    assert hidden_agency("The shops were looted by youths.") == []


def test_agency_reports_roles_and_happening_verbs() -> None:
    events = agency("Fighting broke out at the depot. Guards arrested nine workers.")
    by_action = {e.action: e for e in events}
    assert by_action["break"].agentless and by_action["break"].agent is None
    assert by_action["arrest"].agent is not None and by_action["arrest"].agent.text == "Guards"
    assert not by_action["arrest"].agentless
    assert "Fighting" in {f.text.split()[0] for f in hidden_agency("Fighting broke out.")}


def test_event_noun_without_actor_is_hidden_agency() -> None:
    found = hidden_agency("The shooting of two farmers angered the valley.")
    assert [f.rule for f in found] == ["hidden_agency.event_noun"]


def test_stative_passive_is_not_a_hidden_agent() -> None:
    assert hidden_agency("The agency is based in Sarnet.") == []


def test_show_hidden_agents_inserts_who_markers() -> None:
    assert show_hidden_agents("Mistakes were made.") == "Mistakes were made [by whom?]."
    assert show_hidden_agents("Police made mistakes.") == "Police made mistakes."


def test_frame_profile_scores_evidence_and_headline() -> None:
    text = (
        "Tax rise will cost jobs\n"
        "Police arrested two suspects after the burglary. The court will hear the case."
    )
    profile = frame_profile(text, headline=True)
    assert set(profile.scores) >= {"economic", "crime_punishment", "legality", "other"}
    assert len(profile.scores) == 15
    assert profile.headline is not None and profile.body is not None
    assert profile.headline.dominant == "economic"
    assert profile.body.dominant == "crime_punishment"
    cues = {cue.text for cue in profile.body.evidence["crime_punishment"]}
    assert {"Police", "arrested", "suspects", "burglary"} <= cues
    for cue in profile.evidence["economic"]:
        assert text[cue.start:cue.end] == cue.text
    # normalised per 100 words: 4 economic cue words ("Tax", "cost", "jobs"...) in 17 words
    assert profile.scores["economic"] == pytest.approx(
        100 * len(profile.evidence["economic"]) / profile.words, abs=0.01
    )


def test_compare_framing_finds_word_choice_pairs() -> None:
    a = "Protesters marched to the ministry. Police said the protest was calm."
    b = "Rioters rampaged to the ministry. A mob of thugs ran riot."
    comparison = compare_framing(a, b)
    assert len(comparison.loaded_b) > len(comparison.loaded_a)
    protest = [c for c in comparison.word_choices if "protest" in c.referent]
    assert protest and "protester" in protest[0].words_a
    assert {"rioter", "thug", "mob"} <= set(protest[0].words_b)
    assert "Loaded terms: A" in comparison.summary()


def test_functions_accept_a_doc_and_do_not_reparse(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = to_doc(LOADED_REPORT)
    import propaganda_lab.nlp as nlp_module

    def fail(*_args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(nlp_module, "load_nlp", lambda: fail)
    assert analyze_framing(doc)
    assert frame_profile(doc).words > 0
    assert compare_framing(doc, doc).word_choices == []


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "🔥🔥 😡", "גדר ההפרדה נבנתה", "Le gouvernement a imposé une taxe.",
     "\x00\x07 control \x1b chars", "a" * 5000, "Build it. " * 400],
)
def test_odd_input_never_raises(text: str) -> None:
    for finding in analyze_framing(text):
        assert text[finding.start:finding.end] == finding.text
    frame_profile(text, headline=True)
    compare_framing(text, text)
    show_hidden_agents(text)


def test_over_long_input_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="limit"):
        loaded_language("x" * (MAX_CHARS + 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    [*"ab .,!?'\n-", "mob ", "not ", "regime ", "Shots were fired. ", "Build it. ",
     "Either ", " or ", "é", "🙂", "\u202e"]), max_size=60).map("".join))
def test_property_offsets_always_match_text(text: str) -> None:
    for finding in analyze_framing(text) + persuasion_cues(text):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


def test_neutral_alternatives_are_inflected_only_from_a_base_form() -> None:
    """Regression: 'workinging', 'give ins', 'somethinging' came from inflecting words that
    were not base forms of the matched part of speech."""
    from propaganda_lab.lenses.framing._lexicons import LoadedTerm
    from propaganda_lab.lenses.framing.loaded import neutral_for
    from propaganda_lab.nlp import to_doc

    def neutral(sentence: str, word: str, alternative: str) -> str | None:
        doc = to_doc(sentence)
        (token,) = [t for t in doc if t.text == word]
        entry = LoadedTerm(word, "violence", "loaded_language", alternative, frozenset())
        return neutral_for(doc[token.i:token.i + 1], entry)

    assert neutral("They are colluding with the council.", "colluding",
                   "working together") == "working together"
    assert neutral("The capitulations went on.", "capitulations", "give in") == "give in"
    assert neutral("The party is plotting again.", "plotting", "something") == "something"
    assert neutral("The minister slammed the plan.", "slammed", "criticise") == "criticised"
    assert neutral("Officials are slashing budgets.", "slashing", "cut") == "cutting"
    assert neutral("The mobs stopped traffic.", "mobs", "crowd") == "crowds"
    assert neutral("He was stonewalling.", "stonewalling", "stop") == "stopping"


def test_verb_sense_entries_skip_their_noun_uses() -> None:
    assert loaded_language("Trust your gut on this.") == []
    assert [f.neutral for f in loaded_language("They will gut the health budget.")] == ["cut"]
    assert loaded_language("A storm hit the coast overnight.") == []
