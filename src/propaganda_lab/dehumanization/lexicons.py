"""The dehumanization lens's word lists: our own data files, validated once, cached.

Every list lives in ``data/lexicons/`` with a JSON schema in ``data/schemas/``, so an instructor
can extend a list and get an error that names the file, the entry and the field when it is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from propaganda_lab.datafiles import packaged, schema_errors

#: Metaphor category -> technique id in the catalogue (the contract with the other lenses).
CATEGORY_TECHNIQUE = {
    "vermin": "animal_metaphor",
    "animal": "animal_metaphor",
    "parasite": "animal_metaphor",
    "disease": "disease_metaphor",
    "contamination": "disease_metaphor",
    "natural_disaster": "natural_disaster_metaphor",
    "object": "object_metaphor",
    "machine": "object_metaphor",
    "invasion": "invasion_metaphor",
}
CATEGORIES = tuple(CATEGORY_TECHNIQUE)
_CUE_FIELDS = {
    "nouns": "noun",
    "verbs_agent": "verb_agent",
    "verbs_patient": "verb_patient",
    "adjectives": "adjective",
}


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file, entry and field."""


@dataclass(frozen=True)
class Cue:
    """One metaphor cue: a lemma (maybe with a particle, 'live off'), its category and role."""

    lemma: str
    category: str
    kind: str  # "noun", "verb_agent", "verb_patient" or "adjective"

    @property
    def technique(self) -> str:
        return CATEGORY_TECHNIQUE[self.category]


@dataclass(frozen=True)
class MetaphorLexicon:
    """Cue lookups by part of speech; multiword verbs are keyed by their verb lemma."""

    nouns: dict[str, Cue]
    adjectives: dict[str, Cue]
    verbs: dict[str, tuple[Cue, ...]]
    descriptions: dict[str, str]
    dehumanization_kind: dict[str, str]

    def __len__(self) -> int:
        return len(self.nouns) + len(self.adjectives) + sum(len(v) for v in self.verbs.values())


def _read(name: str) -> Any:
    path = packaged(f"data/lexicons/{name}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise LexiconError(f"{name}: line {error.lineno}: not valid JSON ({error.msg})") from error


def _schema_check(name: str, data: Any, schema_name: str) -> None:
    """Validate against our schema; the first error names the file, entry path and problem."""
    errors = sorted(
        schema_errors(data, schema_name), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if errors:
        error = errors[0]
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        entry = f" (entry {error.instance!r})" if isinstance(error.instance, str) else ""
        raise LexiconError(f"{name}: field {where}{entry}: {error.message}")


def validate_metaphor_data(data: Any, name: str = "dehumanizing_metaphors.json") -> MetaphorLexicon:
    """Check the metaphor lexicon (schema, duplicates, technique mapping) and index it."""
    _schema_check(name, data, "dehumanizing_metaphors.schema.json")
    nouns: dict[str, Cue] = {}
    adjectives: dict[str, Cue] = {}
    verbs: dict[str, list[Cue]] = {}
    seen: dict[tuple[str, str], str] = {}
    for category, entry in data["categories"].items():
        if entry["technique"] != CATEGORY_TECHNIQUE[category]:
            raise LexiconError(
                f"{name}: field categories/{category}/technique: is {entry['technique']!r}, "
                f"must be {CATEGORY_TECHNIQUE[category]!r}"
            )
        for field in _CUE_FIELDS:
            for index, lemma in enumerate(entry[field]):
                key = (field, lemma)
                if key in seen:
                    raise LexiconError(
                        f"{name}: field categories/{category}/{field}/{index} (entry {lemma!r}): "
                        f"already listed under {seen[key]}"
                    )
                seen[key] = f"categories/{category}/{field}"
                cue = Cue(lemma, category, _CUE_FIELDS[field])
                if field == "nouns":
                    nouns[lemma] = cue
                elif field == "adjectives":
                    adjectives[lemma] = cue
                else:
                    verbs.setdefault(lemma.split()[0], []).append(cue)
    return MetaphorLexicon(
        nouns=nouns,
        adjectives=adjectives,
        verbs={verb: tuple(cues) for verb, cues in verbs.items()},
        descriptions={c: e["description"] for c, e in data["categories"].items()},
        dehumanization_kind={c: e["dehumanization"] for c, e in data["categories"].items()},
    )


@lru_cache(maxsize=1)
def metaphor_lexicon() -> MetaphorLexicon:
    """The packaged metaphor cues (at least 250 lemmas across nine categories)."""
    return validate_metaphor_data(_read("dehumanizing_metaphors.json"))


@dataclass(frozen=True)
class GroupWords:
    people_nouns: frozenset[str]
    deictic_phrases: tuple[str, ...]
    quantifiers: frozenset[str]
    collective_in: frozenset[str]


@lru_cache(maxsize=1)
def group_words() -> GroupWords:
    """Nouns for groups of people, distancing phrases and dehumanizing quantifiers."""
    name = "group_nouns.json"
    data = _read(name)
    _schema_check(name, data, "group_nouns.schema.json")
    return GroupWords(
        people_nouns=frozenset(data["people_nouns"]),
        deictic_phrases=tuple(data["deictic_phrases"]),
        quantifiers=frozenset(data["quantifiers"]),
        collective_in=frozenset(data["collective_in"]),
    )


@lru_cache(maxsize=1)
def disgust_words() -> frozenset[str]:
    """Words that invite revulsion (moral disgust)."""
    name = "moral_disgust.json"
    data = _read(name)
    _schema_check(name, data, "moral_disgust.schema.json")
    return frozenset(data["words"])


@lru_cache(maxsize=1)
def negative_valence() -> dict[str, float]:
    """Our own negative-evaluation list: word -> score from -1 (mild) to -3 (severe)."""
    name = "negative_valence.json"
    data = _read(name)
    _schema_check(name, data, "negative_valence.schema.json")
    return dict(data["words"])
