"""The framing lexicons: sizes the issue requires, and validator errors that name the entry."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from propaganda_lab.framing import cue_phrases, frame_lexicon, loaded_terms, referent_groups
from propaganda_lab.framing._lexicons import validate_lexicon
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
