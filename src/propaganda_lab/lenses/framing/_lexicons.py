"""The framing lens's data files, validated once so a broken edit names its file and entry.

Lexicons are data, not code, so teachers can extend them; a typo must therefore produce
"loaded_terms.json: entries[12].technique (term 'mob'): ... (line 40)" rather than a silent
miss or a KeyError. Why each category of loaded term is loaded is data too (the file's
``categories``), not a Python table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from propaganda_lab.datafiles import (
    Check,
    DataFileError,
    check_data,
    duplicates,
    load_json,
    with_entry,
)
from propaganda_lab.techniques import technique_ids

#: Kept name: the lens's lexicon errors are :class:`propaganda_lab.datafiles.DataFileError`.
LexiconError = DataFileError

_WHERE = with_entry("term")


@dataclass(frozen=True)
class LoadedTerm:
    """One lexicon entry: a loaded word or phrase, why it is loaded, and a plainer option."""

    term: str
    category: str
    technique: str
    neutral: str | None
    literal_context: frozenset[str]
    #: Why the term's category is loaded, in words a learner understands (from the file).
    reason: str = ""
    #: The parts of speech in which the term is loaded (empty: any). "gut the budget" is
    #: violent imagery; "trust your gut" is not.
    pos: frozenset[str] = frozenset()

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.term.split())


@dataclass(frozen=True)
class Frame:
    """One Media Frames Corpus dimension and our cue lemmas for it."""

    id: str
    label: str
    description: str
    cues: frozenset[str]


def _loaded_terms_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    categories = data["categories"]
    for index, entry in enumerate(data["entries"]):
        if entry["category"] not in categories:
            yield (
                ["entries", index, "category"],
                f"{entry['category']!r} is not one of the file's categories "
                f"({', '.join(categories)})",
            )
    for index, term in duplicates(entry["term"] for entry in data["entries"]):
        yield ["entries", index, "term"], f"term {term!r} appears twice"


def _frames_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    for index, frame_id in duplicates(frame["id"] for frame in data["frames"]):
        yield ["frames", index, "id"], f"id {frame_id!r} appears twice"


def _cue_phrases_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    for family in data["families"]:
        if family not in technique_ids():
            yield ["families", family], "not a technique id in the catalogue"


_RULES: dict[str, Check] = {
    "loaded_terms.json": _loaded_terms_rules,
    "frames.json": _frames_rules,
    "cue_phrases.json": _cue_phrases_rules,
}


def validate_lexicon(name: str, data: Any) -> list[str]:
    """Every problem of one lexicon file's data, as ``file: field: message`` lines.

    The schema first; the file's own rules (duplicates, known categories and technique ids)
    once the shape is right.
    """
    schema = name.replace(".json", ".schema.json")
    return list(check_data(name, data, schema, check=_RULES.get(name), where=_WHERE))


def _load(name: str) -> Any:
    """One packaged lexicon, validated (DataFileError with every problem and its line)."""
    schema = name.replace(".json", ".schema.json")
    return load_json(f"data/lexicons/{name}", schema, check=_RULES.get(name), where=_WHERE)


@lru_cache(maxsize=1)
def _loaded_terms_data() -> Any:
    return _load("loaded_terms.json")


@lru_cache(maxsize=1)
def loaded_terms() -> tuple[LoadedTerm, ...]:
    """The loaded-language lexicon (validated; loaded once per process)."""
    data = _loaded_terms_data()
    return tuple(
        LoadedTerm(
            term=entry["term"],
            category=entry["category"],
            technique=entry["technique"],
            neutral=entry.get("neutral"),
            literal_context=frozenset(entry.get("literal_context", ())),
            pos=frozenset(entry.get("pos", ())),
            reason=data["categories"][entry["category"]]["reason"],
        )
        for entry in data["entries"]
    )


@lru_cache(maxsize=1)
def referent_groups() -> tuple[tuple[str, frozenset[str]], ...]:
    """Groups of words that can name the same referent ("protesters", "rioters", "mob")."""
    data = _loaded_terms_data()
    return tuple((group["referent"], frozenset(group["terms"])) for group in data["referents"])


@lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """The 15 Media Frames Corpus dimensions with our cue lemmas (validated, loaded once)."""
    return tuple(
        Frame(frame["id"], frame["label"], frame["description"], frozenset(frame["cues"]))
        for frame in _load("frames.json")["frames"]
    )


@lru_cache(maxsize=1)
def cue_phrases() -> dict[str, Any]:
    """Stock phrases, fear words and source nouns for the persuasion-cue rules."""
    return _load("cue_phrases.json")  # type: ignore[no-any-return]
