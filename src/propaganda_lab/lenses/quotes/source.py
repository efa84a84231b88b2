"""A quoted source, parsed once: its sentences, who said each, and a word index for search.

Two kinds of source occur in practice: a transcript (``SPEAKER NAME: utterance`` lines) and
prose (a wire report or statement that itself quotes people). Either way every sentence
knows its speaker where one can be determined, because misattribution is judged against it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from propaganda_lab.lenses.quotes._lexicons import lexicons
from propaganda_lab.lenses.quotes.extract import Quote, extract_quotes
from propaganda_lab.nlp import to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LABEL = re.compile(r"^[ \t]*([A-Z][A-Za-z0-9.'’\- ]{0,40}?)[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_HEADER = re.compile(
    r"^\s*(?:statement|remarks|letter|message|speech|address)\s+(?:from|by)\s+([^,\n(]+)",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[^\n]{0,80}?\(([A-Z][A-Za-z]{1,10})\)\s*[-–—]", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
#: "SARNET, March 13 (CPA) - " opens a wire sentence but is not part of anyone's words.
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]+,[^\n()]{0,40}\([A-Z][A-Za-z]{1,10}\)\s*[-–—]\s*")
_STOP = frozenset({
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from",
    "as", "is", "was", "who", "which", "that", "this", "his", "her", "their", "its", "it", "be",
    "has", "have", "had", "will", "would", "said", "says", "one", "some", "apparently",
})
#: A remainder of a sentence outside a quote is kept as its own unit only when this long.
_MIN_REMAINDER_WORDS = 6


class Word(NamedTuple):
    """One word of the source: normalised form, character offsets, and its sentence."""

    norm: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class SourceSentence:
    """A sentence of the source (inside a quote: only the quoted part) and who said it."""

    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    turn: int
    is_question: bool


@dataclass(frozen=True)
class Source:
    """A parsed source: ``kind`` is ``"transcript"`` or ``"prose"``."""

    text: str
    kind: str
    sentences: tuple[SourceSentence, ...]
    speakers: tuple[str, ...]
    default_speaker: str | None = None
    quotes: tuple[Quote, ...] = ()
    speaker_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False,
                                                         compare=False)
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False,
                                                  compare=False)
    words: tuple[Word, ...] = field(default=(), repr=False, compare=False)
    index: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False,
                                                 compare=False)

    def sentence_at(self, position: int) -> SourceSentence | None:
        """The sentence containing a character offset, if any."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, position) - 1
        if i >= 0 and self.sentences[i].start <= position < self.sentences[i].end:
            return self.sentences[i]
        return None

    def speaker_at(self, position: int) -> str | None:
        """Who said the words at ``position`` (a quote's speaker inside prose quotes)."""
        for quote in self.quotes:
            if quote.kind == "speech" and quote.start <= position < quote.end:
                return quote.speaker
        sentence = self.sentence_at(position)
        return sentence.speaker if sentence else self.default_speaker

    def turn(self, turn: int) -> list[SourceSentence]:
        """All sentences of one turn (a transcript answer, or a prose paragraph)."""
        return [s for s in self.sentences if s.turn == turn]


def normalise(word: str) -> str:
    """Case- and apostrophe-insensitive form, so ``We’ve`` matches ``we've``."""
    return word.lower().replace("’", "'")


def words_of(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(normalise(m.group()), m.start() + offset, m.end() + offset)
            for m in _WORD.finditer(text)]


# --------------------------------------------------------------------------- transcripts


def _labelled_turns(text: str) -> list[tuple[str, int, int]]:
    """(speaker label, utterance start, utterance end) for ``SPEAKER: text`` lines."""
    matches = [m for m in _LABEL.finditer(text) if len(m.group(1).split()) <= 5]
    turns = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        turns.append((match.group(1).strip(), match.end(), len(text[:end].rstrip())))
    return turns


def _is_transcript(text: str, turns: list[tuple[str, int, int]]) -> bool:
    """Two or more labelled turns, or one turn under an all-caps SPEAKER NAME label (the
    transcript convention; a single "Note:" line in prose stays prose)."""
    lines = [line for line in text.splitlines() if line.strip()]
    enough = len(turns) >= 2 or (len(turns) == 1 and turns[0][0].isupper())
    return enough and len(turns) >= 0.5 * len(lines)


def _display_name(label: str) -> str:
    return label.title() if label.isupper() else label


# --------------------------------------------------------------------------- units


def _clip(start: int, end: int, text: str) -> tuple[int, int] | None:
    while start < end and text[start] in " \t\r\n\"'“”‘’«»":
        start += 1
    while end > start and text[end - 1] in " \t\r\n\"'“”‘’«»":
        end -= 1
    return (start, end) if end > start else None


def _pieces(start: int, end: int, cuts: Sequence[tuple[int, int, str | None]], text: str,
            default: str | None) -> list[tuple[int, int, str | None]]:
    """Split one sentence into the parts inside speech quotes (their speaker) and the long
    parts outside them (the default speaker), dropping attributions like ``" she said.``."""
    inside = [(max(a, start), min(b, end), who) for a, b, who in cuts if a < end and b > start]
    if not inside:
        return [(start, end, default)]
    parts: list[tuple[int, int, str | None]] = []
    cursor = start
    for a, b, who in sorted(inside):
        if len(_WORD.findall(text[cursor:a])) >= _MIN_REMAINDER_WORDS:
            parts.append((cursor, a, default))
        parts.append((a, b, who))
        cursor = b
    if len(_WORD.findall(text[cursor:end])) >= _MIN_REMAINDER_WORDS:
        parts.append((cursor, end, default))
    return parts


def _sentence_units(doc: Doc, regions: Sequence[tuple[int, int, str | None, int]],
                    cuts: Sequence[tuple[int, int, str | None]]) -> list[SourceSentence]:
    """spaCy sentences, cut at region (turn) edges and at quote edges."""
    text = doc.text
    units: list[SourceSentence] = []
    for sent in doc.sents:
        for r_start, r_end, speaker, turn in regions:
            start, end = max(sent.start_char, r_start), min(sent.end_char, r_end)
            if start >= end:
                continue
            for a, b, who in _pieces(start, end, cuts, text, speaker):
                dateline = _DATELINE_PREFIX.match(text, a, b)
                clipped = _clip(dateline.end() if dateline else a, b, text)
                if clipped and _WORD.search(text, clipped[0], clipped[1]):
                    s, e = clipped
                    units.append(SourceSentence(len(units), s, e, text[s:e], who, turn,
                                                text[s:e].rstrip().endswith("?")))
    return units


def _paragraph_regions(text: str, default: str | None) -> list[tuple[int, int, str | None, int]]:
    regions, cursor = [], 0
    for turn, match in enumerate([*_PARAGRAPH_BREAK.finditer(text), None]):
        end = match.start() if match else len(text)
        regions.append((cursor, end, default, turn))
        cursor = match.end() if match else len(text)
    return regions


def _default_speaker(text: str) -> str | None:
    header = _HEADER.match(text)
    if header:
        return header.group(1).strip()
    dateline = _DATELINE.search(text[:400])
    return dateline.group(1) if dateline else None


# --------------------------------------------------------------------------- speakers


def _name_words(name: str) -> tuple[str, ...]:
    titles = lexicons().titles
    return tuple(
        w.lower() for w in _WORD.findall(name)
        if w[0].isupper() and w.lower() not in titles and w.lower() not in _STOP
    )


def _content_words(text: str) -> set[str]:
    """Capitalised words and known title words: what identifies a speaker by role."""
    titles = lexicons().titles
    return {
        w.lower() for w in _WORD.findall(text)
        if len(w) > 2 and w.lower() not in _STOP and (w[0].isupper() or w.lower() in titles)
    }


def _aliases(text: str, name: str, names: tuple[str, ...], extra: str = "") -> frozenset[str]:
    """Title words the source uses for a speaker: 'General Tomas Brenner, Chief of ...'."""
    words = _content_words(extra) | _content_words(name)
    if names:
        surname = re.escape(names[-1])
        pattern = re.compile(
            rf"((?:[A-Z][\w'’.-]*\s+){{0,4}})(?:[A-Z][\w'’-]*\s+)?(?i:{surname})\b"
            rf"(?:,\s+([^,.\n:]{{1,60}})[,.])?"
        )
        for match in pattern.finditer(text):
            words |= _content_words(match.group(1) or "") | _content_words(match.group(2) or "")
    return frozenset(words - set(names))


def _speaker_tables(text: str, speakers: dict[str, str]) -> tuple[dict, dict]:
    names = {s: _name_words(s) for s in speakers}
    aliases = {s: _aliases(text, s, names[s], speakers[s]) for s in speakers}
    return names, aliases


# --------------------------------------------------------------------------- parse


def _build_index(text: str, sentences: tuple[SourceSentence, ...]
                 ) -> tuple[tuple[Word, ...], dict[str, tuple[int, ...]]]:
    words: list[Word] = []
    for sentence in sentences:
        for norm, start, end in words_of(sentence.text, sentence.start):
            words.append(Word(norm, start, end, sentence.index))
    index: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        index[word.norm].append(i)
    return tuple(words), {k: tuple(v) for k, v in index.items()}


def _parse(doc: Doc) -> Source:
    text = doc.text
    turns = _labelled_turns(text)
    if _is_transcript(text, turns):
        regions = [(s, e, _display_name(label), i) for i, (label, s, e) in enumerate(turns)]
        sentences = tuple(_sentence_units(doc, regions, []))
        quotes: tuple[Quote, ...] = ()
        kind, default = "transcript", None
        described = {r[2]: r[2] for r in regions}
    else:
        default = _default_speaker(text)
        quotes = tuple(extract_quotes(doc))
        cuts = [(q.start, q.end, q.speaker) for q in quotes if q.kind == "speech"]
        sentences = tuple(_sentence_units(doc, _paragraph_regions(text, default), cuts))
        kind = "prose"
        described = {q.speaker: q.speaker_description or q.speaker for q in quotes if q.speaker}
        if default:
            described.setdefault(default, default)
    speakers = tuple(dict.fromkeys(s.speaker for s in sentences if s.speaker))
    for speaker in speakers:
        described.setdefault(speaker, speaker)
    names, aliases = _speaker_tables(text, described)
    words, index = _build_index(text, sentences)
    return Source(text, kind, sentences, speakers, default, quotes, names, aliases, words, index)


@functools.lru_cache(maxsize=16)
def _parse_text(text: str) -> Source:
    return _parse(to_doc(text))


def parse_source(text_or_doc: str | Doc | Source) -> Source:
    """Parse a transcript or prose source once (strings are cached, so checking many quotes
    against one source costs one parse)."""
    if isinstance(text_or_doc, Source):
        return text_or_doc
    if isinstance(text_or_doc, str):
        return _parse_text(text_or_doc)
    return _parse(to_doc(text_or_doc))
