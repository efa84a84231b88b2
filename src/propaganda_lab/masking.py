"""Mask epithets on screen while the analysis keeps reading the real text.

Learners should be able to study a hateful leaflet without the slur being the biggest thing on
the page. Masking is a *display* step only: ``render.highlight_html(text, spans, masker=...)``
decides the highlights on the unmasked text and passes each piece of text through the masker
just before escaping, so offsets never move. A masked word keeps its first letter and its
length ("h•••••••"), so the reader can still see that a word stood there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.lenses.dehumanization.lexicons import masked_terms as lexicon_epithets
from propaganda_lab.lenses.dehumanization.lexicons import real_epithets

__all__ = [
    "MASK_CHAR",
    "Masker",
    "default_terms",
    "epithet_targets",
    "load_terms",
    "mask_text",
    "parse_terms",
    "real_epithets",
]

MASK_CHAR = "•"


def parse_terms(lines: Iterable[str], source: str = "terms") -> dict[str, str | None]:
    """Read ``term[<TAB>target group]`` lines; ``#`` starts a comment, blank lines are skipped.

    Raises ValueError naming the source and line for a term that cannot be a word.
    """
    terms: dict[str, str | None] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        term, _, target = (part.strip() for part in line.partition("\t"))
        if not re.search(r"\w", term) or len(term) > 60:
            raise ValueError(f"{source}: line {number}: {term!r} is not a usable term")
        terms[term.lower()] = target or None
    return terms


@lru_cache(maxsize=1)
def _shipped() -> dict[str, str | None]:
    """What every display masks: the analysis's epithet lexicon (invented and real), the coded
    words of conspiracy and hate talk (``coded_terms.json``), plus the epithets of every
    installed case (a display masks more than the analysis detects, never less)."""
    terms = lexicon_epithets()
    for case_id in list_cases():
        case = load_case(case_id)
        target = case.group_terms[0] if case.group_terms else None
        for epithet in case.epithets:
            terms.setdefault(epithet.lower(), target)
    return terms


def default_terms() -> tuple[str, ...]:
    """The epithets every display masks: the invented ones (data file plus every case's
    epithets), the documented real-world ones (``real_epithets.json``) and the coded words
    (``coded_terms.json``). The echo symbol '(((name)))' is masked by its shape."""
    return tuple(sorted(_shipped()))


def epithet_targets() -> dict[str, str | None]:
    """Shipped epithet -> the group it is aimed at (None if the file does not say)."""
    return dict(_shipped())


def load_terms(path: str | PathLike[str]) -> tuple[str, ...]:
    """An instructor's own list: one term per line (UTF-8), ``#`` comments allowed."""
    file = Path(path)
    return tuple(parse_terms(file.read_text(encoding="utf-8").splitlines(), file.name))


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    # Whole words, with an optional plural/possessive ending: "tesk", "tesks", "tesk's".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'s|’s|es|s)?(?!\w)", re.IGNORECASE)


def _mask_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return word[0] + MASK_CHAR * (len(word) - 1)


#: The antisemitic 'echo': triple parentheses around a name ('(((name)))', spaces allowed),
#: masked as a whole like an epithet (``coded_terms.json``, ``echo``).
ECHO = re.compile(r"\(\s*\(\s*\(\s*[^()\n]{1,60}?\s*\)\s*\)\s*\)")


@dataclass
class Masker:
    """A callable for ``highlight_html(masker=...)``: masks the terms unless ``revealed``.

    ``Masker()`` masks the shipped epithets; ``Masker(extra_terms=load_terms("mine.txt"))`` adds
    an instructor's list. Toggling ``revealed`` is what a widget's reveal button does.
    """

    terms: tuple[str, ...] = field(default_factory=default_terms)
    extra_terms: tuple[str, ...] = ()
    revealed: bool = False

    def __post_init__(self) -> None:
        self.terms = tuple(self.terms) + tuple(self.extra_terms)
        self._regex = _pattern(self.terms)

    def __call__(self, text: str) -> str:
        if self.revealed or not text:
            return text
        masked = ECHO.sub(_mask_word, text)
        return masked if self._regex is None else self._regex.sub(_mask_word, masked)

    def count(self, text: str) -> int:
        """How many epithets the text contains (shown as 'N words masked')."""
        echoes = len(ECHO.findall(text))
        return echoes + (0 if self._regex is None else len(self._regex.findall(ECHO.sub("", text))))


def mask_text(text: str, terms: Iterable[str] | None = None) -> str:
    """``text`` with every term masked (the shipped epithets if ``terms`` is None)."""
    return Masker(tuple(terms) if terms is not None else default_terms())(text)
