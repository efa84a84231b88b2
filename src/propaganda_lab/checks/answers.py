"""Learner answers as whole words: one normaliser and one phrase-matching rule for all checkers.

A checker never asks whether one string is *inside* another ('e' is inside 'rabble', 'were' is
inside 'stalls were damaged'); it compares whole words with the helpers here.

Normalising (``normalise``): casefold, curly quotes and apostrophes made straight, runs of
whitespace collapsed to one space, and punctuation and quotation marks around the answer
stripped: ``' “Caved  IN!” '`` becomes ``'caved in'``. ``words`` splits the result into whole
words (letters and digits, keeping inner apostrophes and hyphens: ``board's``, ``so-called``).

Matching rule (``phrase_matches``), used wherever an answer is compared with a phrase:

1. an answer matches an expected phrase when both are the same sequence of words; or
2. when the answer is a contiguous run of the expected phrase's words that keeps every
   *content word* of the expected phrase, i.e. it only leaves out function words at the
   edges: 'caved' matches 'caved in', 'traders were injured' matches 'two traders were
   injured'; 'were injured' does not (it leaves out 'traders'), nor does 'damaged' for
   'stalls were damaged'.

A content word is a word of two or more characters (or a number) that is not in
``FUNCTION_WORDS`` (articles, pronouns, auxiliaries, prepositions, conjunctions, quantifiers,
number words). So a single letter or a lone function word ('a', 'the', 'were') never matches
part of a longer phrase; it can only match an expected answer that is exactly that word (a
dropped 'unless', say). An answer longer than the expected phrase never matches it: pasting a
whole sentence around the right words is not naming them.

``word_problem`` and ``covers_text`` say why an answer is too broad to judge (a single letter,
only function words, too many words, most of the exercise text pasted in); the checkers turn
that into a message and add a precision rule of their own (stated in their messages) for
answers that list every candidate at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "FUNCTION_WORDS",
    "answer_items",
    "content_words",
    "covers_text",
    "find_phrase",
    "has_phrase",
    "identifier",
    "is_content_word",
    "is_single_letter",
    "normalise",
    "phrase_matches",
    "several",
    "shown",
    "word_problem",
    "word_spans",
    "words",
]

#: Words that carry grammar, not content: they occur in almost any text, so on their own they
#: show nothing about the text a learner is asked to read.
_FUNCTION_WORD_LIST = """
a an the this that these those
i me my mine myself you your yours yourself yourselves he him his himself she her hers herself
it its itself we us our ours ourselves they them their theirs themselves one's
who whom whose which what whatever whoever
be am is are was were been being have has had having do does did doing done
will would shall should can could may might must ought
i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd
they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't
hadn't doesn't don't didn't won't wouldn't can't cannot couldn't shouldn't mustn't
not no nor
of in on at by for with from to into onto over under about after before between through
during without within against among amongst around across along up down out off than as
like via per upon toward towards behind beyond near since until till
and or but if unless because so though although while whereas whether then yet either
neither also too only even just
all any both each every few many more most much other others another some such own same
several none
one two three four five six seven eight nine ten
there here when where why how very
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                         "„": '"', "«": '"', "»": '"'})
#: Characters stripped from both ends of an answer (punctuation, quotation marks, spaces).
_EDGES = "".join(sorted(set(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""" + "…–—· \t\r\n")))
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def normalise(text: Any) -> str:
    """``text`` casefolded, quotes straightened, whitespace collapsed, edges stripped."""
    folded = " ".join(str(text).translate(_QUOTES).casefold().split())
    return folded.strip(_EDGES)


def words(text: Any) -> tuple[str, ...]:
    """The whole words of ``text`` after ``normalise`` (a word sequence is returned as is)."""
    if isinstance(text, tuple):
        return text
    return tuple(_WORD.findall(normalise(text)))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each whole word of ``text`` (normalised) with its start and end offsets in ``text``."""
    straight = text.translate(_QUOTES)
    return [(normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(straight)]


def is_content_word(word: str) -> bool:
    return word not in FUNCTION_WORDS and (len(word) > 1 or word.isdigit())


def content_words(text: Any) -> tuple[str, ...]:
    """The content words of ``text`` (see the module docstring), in order."""
    return tuple(w for w in words(text) if is_content_word(w))


def find_phrase(text: Any, phrase: Any) -> list[int]:
    """Word positions where ``phrase`` occurs in ``text`` as a contiguous run of whole words."""
    haystack, needle = words(text), words(phrase)
    if not needle:
        return []
    n = len(needle)
    return [i for i in range(len(haystack) - n + 1) if haystack[i:i + n] == needle]


def has_phrase(text: Any, phrase: Any) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words ('fish market', not 'market' in
    'supermarket')."""
    return bool(find_phrase(text, phrase))


def phrase_matches(answer: Any, expected: Any) -> bool:
    """The matching rule of the module docstring: equal word sequences, or a contiguous
    sub-phrase of ``expected`` that leaves out only function words."""
    given, wanted = words(answer), words(expected)
    if not given:
        return False
    if given == wanted:
        return True
    if not content_words(given):
        return False
    for start in find_phrase(wanted, given):
        left_out = wanted[:start] + wanted[start + len(given):]
        if not any(is_content_word(w) for w in left_out):
            return True
    return False


def shown(text: Any, limit: int = 40) -> str:
    """An answer quoted back to the learner, shortened when it is long."""
    text = normalise(text)
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit].rstrip()}…'"


def is_single_letter(answer: Any) -> bool:
    found = words(answer)
    return len(found) == 1 and len(found[0]) == 1 and not found[0].isdigit()


def word_problem(answer: Any, *, max_words: int | None = None) -> str | None:
    """Why one answer item is too broad or too thin to judge, or None when it is fine:
    no words at all, a single letter, only function words, or more than ``max_words`` words."""
    found = words(answer)
    if not found:
        return f"{shown(answer)} has no words in it."
    if is_single_letter(found):
        return f"{shown(answer)} is a single letter, not a word: answer with whole words."
    if not content_words(found):
        what = "a function word" if len(found) == 1 else "only function words"
        return (f"{shown(answer)} is {what} (like 'the', 'a', 'were'): such words occur in "
                "almost every sentence, so they show nothing on their own. Give the words that "
                "carry the meaning.")
    if max_words is not None and len(found) > max_words:
        return (f"{shown(answer)} is {len(found)} words long; the task asks for at most "
                f"{max_words} per answer.")
    return None


def covers_text(answer: Any, text: str, share: float = 0.5) -> bool:
    """Whether ``answer`` (a string or a list of strings) contains at least ``share`` of the
    distinct words of the exercise ``text``: the text pasted in, or every word of it listed."""
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        given = set(words(answer))
    else:
        given = {w for item in answer for w in words(item)}
    vocabulary = set(words(text))
    return len(vocabulary) >= 6 and len(given & vocabulary) >= share * len(vocabulary)


def answer_items(answer: Any) -> list[str]:
    """An answer list as normalised items: a string is split at commas, semicolons and line
    breaks; a list, tuple or set gives one item per element. Empty items are dropped."""
    if isinstance(answer, str):
        parts: Iterable[Any] = re.split(r"[,;\n]", answer)
    elif isinstance(answer, Iterable):  # a list, tuple or set; a dict gives its keys
        parts = list(answer)
    else:
        parts = [answer]
    items = (normalise(part) for part in parts)
    return [item for item in items if words(item)]


def identifier(value: Any) -> str:
    """A label typed by a learner as an id: 'Natural disaster.' -> 'natural_disaster'."""
    return re.sub(r"[\s-]+", "_", normalise(value))


def several(value: Any) -> Sequence[Any] | None:
    """The elements of ``value`` when it is a list, tuple or set of more than one thing."""
    if isinstance(value, list | tuple | set | frozenset) and len(value) > 1:
        return list(value)
    return None
