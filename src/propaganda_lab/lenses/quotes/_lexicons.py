"""The quoting lens's word lists, loaded once and validated against their JSON schemas.

The lists live in data files (not code) so a teacher can add a speech verb or a hedge word
without touching Python; a broken edit fails loudly with the file, entry, field and line named.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from propaganda_lab.datafiles import DataFileError, check_data, load_json, with_entry

#: Kept name: the lens's lexicon errors are :class:`propaganda_lab.datafiles.DataFileError`.
LexiconError = DataFileError

_WHERE = with_entry()


def _path(name: str) -> str:
    return f"data/lexicons/{name}.json"


def validate_lexicon(name: str, data: Any | None = None) -> None:
    """Check ``lexicons/<name>.json`` (or ``data``) against ``schemas/<name>.schema.json``.

    Raises :class:`LexiconError` listing every problem (with lines when the file is read).
    """
    if data is None:
        _load(name)
        return
    problems = check_data(_path(name), data, f"{name}.schema.json", where=_WHERE)
    if problems:
        raise LexiconError(_path(name), problems)


def _load(name: str) -> Any:
    return load_json(_path(name), f"{name}.schema.json", where=_WHERE)


@dataclass(frozen=True)
class QualifierCue:
    """One cut-able word or phrase that limits a claim, with the category a learner sees."""

    phrase: str
    category: str
    explanation: str


@dataclass(frozen=True)
class QuoteLexicons:
    """Everything the quoting lens looks words up in."""

    speech_verbs: frozenset[str]
    #: Verbs by which a speaker names something ('called it "X"'): the quote is theirs.
    naming_verbs: frozenset[str]
    speech_phrases: tuple[str, ...]
    scare_markers: tuple[str, ...]
    title_markers: frozenset[str]
    term_markers: tuple[str, ...]
    fillers: frozenset[str]
    titles: frozenset[str]
    qualifiers: tuple[QualifierCue, ...]
    qualifier_pattern: re.Pattern[str]
    reversal_explanation: str
    reversal_openers: tuple[str, ...]
    reversal_denials: tuple[str, ...]

    def qualifier(self, phrase: str) -> QualifierCue:
        """The cue entry for a matched phrase (longest entries win when phrases overlap)."""
        lowered = phrase.lower().replace("’", "'")
        return next(cue for cue in self.qualifiers if cue.phrase == lowered)


def phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    """One regex for all phrases (case-insensitive, either apostrophe), longest first so
    'only if' beats 'only' and 'if'."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace("'", "['’]") for p in ordered)
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def lexicons() -> QuoteLexicons:
    """Load and validate both lexicon files once per process."""
    speech = _load("speech_verbs")
    quals = _load("qualifiers")
    cues: dict[str, QualifierCue] = {}
    for category, entry in quals["categories"].items():
        for phrase in entry["cues"]:
            cues.setdefault(phrase, QualifierCue(phrase, category, entry["explanation"]))
    reversal = quals["reversal"]
    return QuoteLexicons(
        speech_verbs=frozenset(speech["verbs"]),
        naming_verbs=frozenset(speech["naming_verbs"]),
        speech_phrases=tuple(speech["phrases"]),
        scare_markers=tuple(speech["scare_markers"]),
        title_markers=frozenset(speech["title_markers"]),
        term_markers=tuple(speech["term_markers"]),
        fillers=frozenset(speech["discourse_fillers"]),
        titles=frozenset(speech["titles"]),
        qualifiers=tuple(cues.values()),
        qualifier_pattern=phrase_regex(list(cues)),
        reversal_explanation=reversal["explanation"],
        reversal_openers=tuple(sorted(reversal["sentence_openers"], key=len, reverse=True)),
        reversal_denials=tuple(reversal["denials"]),
    )
