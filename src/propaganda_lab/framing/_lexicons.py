"""The framing lens's data files, validated once so a broken edit names its file and entry.

Lexicons are data, not code, so teachers can extend them; a typo must therefore produce
"loaded_terms.json: entries[12].technique: ..." rather than a silent miss or a KeyError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from propaganda_lab.datafiles import field_path, packaged, schema_errors

_FRAMING_TECHNIQUES = ("loaded_language", "name_calling", "exaggeration_minimisation")


class LexiconError(ValueError):
    """A lexicon file is broken; each line of the message reads ``file: field: problem``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class LoadedTerm:
    """One lexicon entry: a loaded word or phrase, why it is loaded, and a plainer option."""

    term: str
    category: str
    technique: str
    neutral: str | None
    literal_context: frozenset[str]

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


def _read(name: str) -> tuple[str, Any]:
    path = packaged(f"data/lexicons/{name}")
    try:
        return name, json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise LexiconError([f"{name}: line {error.lineno}: invalid JSON ({error.msg})"]) from error


def _entry_label(data: Any, path: list[Any]) -> str:
    """Name the entry by its term as well as its index, so a teacher can find it."""
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        try:
            return f" (term {data['entries'][path[1]]['term']!r})"
        except (KeyError, IndexError, TypeError):
            return ""
    return ""


def validate_lexicon(name: str, data: Any) -> list[str]:
    """Every schema problem of one lexicon file, as ``file: field: message`` lines."""
    problems = []
    for error in schema_errors(data, name.replace(".json", ".schema.json")):
        path = list(error.path)
        problems.append(f"{name}: {field_path(path)}{_entry_label(data, path)}: {error.message}")
    return problems


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({v for v in values if v in seen or seen.add(v)})  # type: ignore[func-returns-value]


@lru_cache(maxsize=1)
def loaded_terms() -> tuple[LoadedTerm, ...]:
    """The loaded-language lexicon (validated; loaded once per process)."""
    name, data = _read("loaded_terms.json")
    problems = validate_lexicon(name, data)
    if not problems:
        duplicates = _duplicates([entry["term"] for entry in data["entries"]])
        problems += [f"{name}: entries: term {term!r} appears twice" for term in duplicates]
    if problems:
        raise LexiconError(problems)
    return tuple(
        LoadedTerm(
            term=entry["term"],
            category=entry["category"],
            technique=entry["technique"],
            neutral=entry.get("neutral"),
            literal_context=frozenset(entry.get("literal_context", ())),
        )
        for entry in data["entries"]
    )


@lru_cache(maxsize=1)
def referent_groups() -> tuple[tuple[str, frozenset[str]], ...]:
    """Groups of words that can name the same referent ("protesters", "rioters", "mob")."""
    _name, data = _read("loaded_terms.json")
    loaded_terms()  # validates the file
    return tuple((group["referent"], frozenset(group["terms"])) for group in data["referents"])


@lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """The 15 Media Frames Corpus dimensions with our cue lemmas (validated, loaded once)."""
    name, data = _read("frames.json")
    problems = validate_lexicon(name, data)
    if not problems:
        duplicates = _duplicates([frame["id"] for frame in data["frames"]])
        problems += [f"{name}: frames: id {frame!r} appears twice" for frame in duplicates]
    if problems:
        raise LexiconError(problems)
    return tuple(
        Frame(frame["id"], frame["label"], frame["description"], frozenset(frame["cues"]))
        for frame in data["frames"]
    )


@lru_cache(maxsize=1)
def cue_phrases() -> dict[str, Any]:
    """Stock phrases, fear words and source nouns for the persuasion-cue rules."""
    from propaganda_lab.techniques import technique_ids

    name, data = _read("cue_phrases.json")
    problems = validate_lexicon(name, data)
    if not problems:
        problems += [
            f"{name}: families.{family}: not a technique id in the catalogue"
            for family in data["families"]
            if family not in technique_ids()
        ]
    if problems:
        raise LexiconError(problems)
    return data
