"""Characters that hide words from the lenses: found, explained, and removed on request.

A zero-width space or a soft hyphen inside 'parasites' is invisible to a reader but makes
the word a different string, so no lexicon matches it; a Cyrillic 'а' in an otherwise Latin
word does the same (a trick used to slip past filters); a right-to-left override reverses
the text that follows it on screen. ``analyze`` never changes the text it is given (every
offset indexes it), so this module does two separate things:

- ``text_issues(text)`` lists such characters with their position, so a report can say why a
  word may have been missed;
- ``clean_text(text)`` is the one normalisation step for learner input: it removes the
  invisible characters and the direction overrides, and replaces look-alike letters inside
  Latin words with the Latin letter. Widgets apply it before analysing what a learner pasted
  (the text looks the same on screen); the CLI applies it only with ``--clean``.

Right-to-left text itself (Arabic, Hebrew) and the direction marks it needs (U+200E, U+200F)
are left alone; whole words in Cyrillic or Greek are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

__all__ = ["CleanedText", "TextIssue", "clean_text", "issues_note", "text_issues"]

#: Invisible characters with no job in running prose (ZWJ/ZWNJ are kept next to non-letters:
#: they build emoji sequences and shape Indic and Arabic script).
INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u180e": "Mongolian vowel separator",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
}
_JOINERS = {"\u200c", "\u200d"}
#: Embedding, override and isolate controls: they reorder what follows on screen.
DIRECTION_CONTROLS = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
#: Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the common core).
LOOK_ALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "ο": "o", "α": "a", "ν": "v", "ι": "i", "Ο": "O", "Α": "A", "Β": "B", "Ε": "E", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Any character this module is about: most texts have none, so one C-speed search decides.
_ANY = re.compile("[" + re.escape("".join([*INVISIBLE, *DIRECTION_CONTROLS, *LOOK_ALIKES])) + "]")


@dataclass(frozen=True)
class TextIssue:
    """One character that can hide a word: where it is, what it is, what it does."""

    start: int
    char: str
    name: str
    kind: str  # "invisible", "direction", "look_alike"


@dataclass(frozen=True)
class CleanedText:
    """The cleaned text and what was changed (positions index the original text)."""

    text: str
    issues: tuple[TextIssue, ...]

    @property
    def changed(self) -> bool:
        return bool(self.issues)


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def text_issues(text: str) -> list[TextIssue]:
    """Invisible characters, direction controls and look-alike letters in Latin words."""
    if not _ANY.search(text):
        return []
    found: list[TextIssue] = []
    for i, char in enumerate(text):
        if char in INVISIBLE:
            if char in _JOINERS and not (0 < i < len(text) - 1 and _is_letter(text[i - 1])
                                         and _is_letter(text[i + 1])
                                         and _latin(text[i - 1]) and _latin(text[i + 1])):
                continue  # a joiner in an emoji or a non-Latin script does a job there
            found.append(TextIssue(i, char, INVISIBLE[char], "invisible"))
        elif char in DIRECTION_CONTROLS:
            found.append(TextIssue(i, char, DIRECTION_CONTROLS[char], "direction"))
    for word in _WORD.finditer(text):
        letters = word.group()
        if not any(_latin(c) for c in letters):
            continue  # a whole Cyrillic or Greek word is that language, not a disguise
        for offset, char in enumerate(letters):
            if char in LOOK_ALIKES:
                name = unicodedata.name(char, "look-alike letter").lower()
                found.append(TextIssue(word.start() + offset, char, name, "look_alike"))
    return sorted(found, key=lambda issue: issue.start)


def clean_text(text: str) -> CleanedText:
    """The text without invisible characters and direction controls, look-alikes replaced."""
    issues = text_issues(text)
    if not issues:
        return CleanedText(text, ())
    by_position = {issue.start: issue for issue in issues}
    out = []
    for i, char in enumerate(text):
        issue = by_position.get(i)
        if issue is None:
            out.append(char)
        elif issue.kind == "look_alike":
            out.append(LOOK_ALIKES[char])
    return CleanedText("".join(out), tuple(issues))


def issues_note(issues: tuple[TextIssue, ...] | list[TextIssue], cleaned: bool) -> str:
    """One sentence for a learner: what was found and what it does (plain text)."""
    if not issues:
        return ""
    counts = Counter(issue.name for issue in issues)
    listed = ", ".join(f"{n} × {name}" for name, n in counts.most_common())
    if cleaned:
        return (f"Removed or replaced before analysis: {listed}. These characters are "
                "invisible or look like ordinary letters, but they stop words being "
                "recognised; the text looks the same without them.")
    return (f"The text contains {listed}. These are invisible or look like ordinary letters, "
            "but words containing them are not recognised by the lenses: clean the text "
            "(propaganda_lab.clean_text, or the CLI's --clean) and analyse it again.")
