"""The framing lexicons: sizes the issue requires, and validator errors that name the entry."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from propaganda_lab.framing import cue_phrases, frame_lexicon, loaded_terms, referent_groups
from propaganda_lab.lenses.framing._lexicons import validate_lexicon
from propaganda_lab.techniques import technique_ids

FRAME_IDS = {
    "economic", "capacity_resources", "morality", "fairness_equality", "legality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation", "other",
}


def _raw(name: str) -> dict:
    path = resources.files("propaganda_lab") / "data" / "lexicons" / name
    return json.loads(path.read_text(encoding="utf-8"))


def test_loaded_lexicon_size_categories_and_technique_ids() -> None:
    entries = loaded_terms()
    assert len(entries) >= 400
    assert len({e.term for e in entries}) == len(entries)
    assert {e.technique for e in entries} <= technique_ids()
    assert len({e.category for e in entries}) >= 8
    assert sum(e.neutral is not None for e in entries) >= 350
    assert any(len(e.words) > 1 for e in entries)


def test_frames_are_the_fifteen_mfc_dimensions_with_30_cues_each() -> None:
    assert {f.id for f in frame_lexicon()} == FRAME_IDS
    assert all(len(f.cues) >= 30 for f in frame_lexicon())


def test_cue_families_are_catalogue_techniques_and_referents_load() -> None:
    assert set(cue_phrases()["families"]) <= technique_ids()
    assert any("rioter" in terms for _, terms in referent_groups())


def test_validator_names_file_entry_and_field() -> None:
    data = copy.deepcopy(_raw("loaded_terms.json"))
    data["entries"][3]["technique"] = "loaded_langauge"
    data["entries"][5]["term"] = "Bad Term!"
    problems = validate_lexicon("loaded_terms.json", data)
    assert any(p.startswith("loaded_terms.json: entries[3].technique (term ") for p in problems)
    assert any("entries[5].term" in p and "Bad Term!" in p for p in problems)


def test_frames_validator_rejects_too_few_cues() -> None:
    data = copy.deepcopy(_raw("frames.json"))
    data["frames"][0]["cues"] = data["frames"][0]["cues"][:5]
    problems = validate_lexicon("frames.json", data)
    assert problems and problems[0].startswith("frames.json: frames[0].cues:")


def test_clean_files_have_no_problems() -> None:
    for name in ("loaded_terms.json", "frames.json", "cue_phrases.json"):
        assert validate_lexicon(name, _raw(name)) == []


@pytest.mark.parametrize("name", ["loaded_terms.json", "frames.json", "cue_phrases.json"])
def test_each_lexicon_has_a_schema(name: str) -> None:
    schema = resources.files("propaganda_lab") / "data" / "schemas" / name.replace(
        ".json", ".schema.json")
    assert json.loads(schema.read_text(encoding="utf-8"))["type"] == "object"


# Recall entries (issue 12 item 5): figurative uses are flagged, literal senses are not. Every
# sentence is fictional (Kessa, Ostrevan, Sarnet) and written for these tests.
@pytest.mark.parametrize(
    ("text", "flagged", "rule"),
    [
        ("The Sarnet council mauled the budget.", "mauled", "loaded_language.lexicon_violence"),
        ("Rabid supporters of the Ostrevan mayor shouted him down.", "Rabid",
         "loaded_language.lexicon_contempt"),
        ("Letting the port fall to Sarnet would be treason.", "treason",
         "loaded_language.lexicon_contempt"),
        ("The debate in Kessa has turned toxic.", "toxic", "loaded_language.lexicon_threat"),
        ("The Ostrevan finance minister is a clown.", "clown", "name_calling.lexicon_labeling"),
        ("The minister's plan for Sarnet is a fairy tale.", "fairy tale",
         "loaded_language.lexicon_contempt"),
        ("The council waffled on the Kessa bypass.", "waffled", "loaded_language.lexicon_contempt"),
        ("He is a hack who writes whatever the Kessa palace wants.", "hack",
         "name_calling.lexicon_labeling"),
        ("Ostrevan's deep state is plotting.", "deep state", "name_calling.lexicon_labeling"),
        ("The campaign in Kessa was built on lies.", "lies", "loaded_language.lexicon_contempt"),
    ],
)
def test_recall_entries_flag_figurative_uses(text: str, flagged: str, rule: str) -> None:
    from propaganda_lab.framing import loaded_language

    found = {f.text: f.rule for f in loaded_language(text)}
    assert found.get(flagged) == rule


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The Kessa zoo keeper said a bear mauled a goat.", "mauled"),
        ("Rabid foxes near Sarnet were given the rabies vaccine.", "Rabid"),
        ("The Ostrevan court convicted him of treason.", "treason"),
        ("Toxic waste leaked into the river near Ostrevan.", "Toxic"),
        ("The clown at the children's party in Kessa juggled balloons.", "clown"),
        ("The children's book retells a fairy tale from Kessa.", "fairy tale"),
        ("We ate waffles with syrup in Kessa.", "waffles"),
        ("Hackers hacked the Ostrevan council website.", "hacked"),
        ("Workers cranked up the old engine in Sarnet.", "cranked"),
        ("He surrendered his firearm to Sarnet police.", "surrendered"),
        ("Insurgents fired on a convoy near Ostrevan.", "Insurgents"),
        ("The tsunami disaster killed hundreds in Kessa.", "disaster"),
        ("A lie detector test was used in Kessa.", "lie"),
        ("The Gang of Eight met in Ostrevan.", "Gang"),
        ("The archbishop's pontificate began in Kessa.", "pontificate"),
        ("The whale spouted water off the Ostrevan coast.", "spouted"),
        ("The psychiatrist said the patient's paranoid delusions had eased.", "paranoid"),
        ("The sermon in Ostrevan spoke of sin and evil.", "evil"),
        ("Ostrevan farmers fear a blight on the potato crop.", "blight"),
        ("The villain of the Sarnet film wears a cape.", "villain"),
    ],
)
def test_recall_entries_skip_literal_senses(text: str, word: str) -> None:
    from propaganda_lab.framing import loaded_language

    assert word not in {f.text for f in loaded_language(text)}


def test_every_loaded_or_labeling_entry_offers_a_neutral_alternative() -> None:
    """A learner who is told a word is loaded is also shown a plainer one (intensifiers and
    absolutes may have none: the plain version simply drops them)."""
    without = {e.term for e in loaded_terms()
               if e.technique in {"loaded_language", "name_calling"} and not e.neutral}
    assert without <= {"hostage"}


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("The Sarnet council lambasted the plan.", "The Sarnet council criticised the plan."),
        ("Kessa's ministers are pontificating again.", "Kessa's ministers are commenting again."),
        ("The idiots in Ostrevan voted no.", "The people in Ostrevan voted no."),
        ("Bootlickers cheered the Kessa governor.", "Supporters cheered the Kessa governor."),
        ("They were hoodwinked by the Kessa mayor.", "They were deceived by the Kessa mayor."),
        ("The neocons in Ostrevan want war.",
         "The neoconservative politicians in Ostrevan want war."),
        ("Illegal aliens in Sarnet were blamed.", "Undocumented migrants in Sarnet were blamed."),
        ("The Kessa board is weaseling out of the deal.",
         "The Kessa board is backing out of the deal."),
        ("Crackpots in Sarnet spread the story.", "Eccentric thinkers in Sarnet spread the story."),
        ("The campaign in Kessa was built on lies.",
         "The campaign in Kessa was built on false claims."),
    ],
)
def test_neutral_rewrites_of_recall_entries_keep_the_matched_form(text: str, rewritten: str
                                                                  ) -> None:
    from propaganda_lab.framing import loaded_language, neutral_rewrite

    assert neutral_rewrite(text, loaded_language(text)) == rewritten
