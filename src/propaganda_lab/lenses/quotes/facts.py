"""Facts about a Doc's quoted material that more than one step needs, computed once per Doc.

The quote detector judges quotations, the retelling rule compares the author with the excerpts
the text reproduces, and the pipeline's voice step marks findings inside reproduced material as
the quoted party's. All three read these facts, none of them runs another's detector, so a
request for one lens never runs the quote detector to learn whose words a sentence is.

* **speech quotations** (``extract_quotes`` kind ``speech``) and **mock quotations** (speech the
  author invents or ridicules: 'quote-unquote experts', eye dialect, 'they bleated');
* **pasted excerpts**: the paragraph after a short line naming a source and ending in a colon
  ("NBC News:", "According to the Sarnet Ledger:", "The ministry said in a statement:"),
  runs of lines set off with ``>``, and news reports pasted with no such line, found from their
  wire phrasing and the change of register (``pasted.pasted_reports``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext
from propaganda_lab.datafiles import load_json
from propaganda_lab.lenses.quotes._lexicons import phrase_regex
from propaganda_lab.lenses.quotes.extract import Quote, extract_quotes
from propaganda_lab.lenses.quotes.pasted import PASTED_REPORT, pasted_reports

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["PASTED_REPORT", "VoiceSegment", "context_quotes", "excerpt_segments", "mock_cue",
           "mock_quotes", "voice_segments"]


@dataclass(frozen=True)
class VoiceSegment:
    """Characters ``start:end`` of the text that reproduce someone else's words."""

    start: int
    end: int
    kind: str  # "quotation" | "excerpt"
    speaker: str | None


def context_quotes(context: DocContext) -> list[Quote]:
    """The quotes of a Doc, extracted once per Doc."""
    return list(context.memo("quotes", lambda: tuple(extract_quotes(context.doc))))


#: Characters before a quotation searched for a spoken 'quote-unquote'.
QUOTE_UNQUOTE_WINDOW = 30
#: Tokens either side of a quotation searched for a mocking speech verb.
MOCKING_VERB_WINDOW = 6


@functools.cache
def _mock_cues() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    data = load_json("data/lexicons/mock_speech.json", "mock_speech.schema.json")

    # Eye dialect is matched as written: 'dem' mocks, 'Dem' abbreviates a party.
    dialect = re.compile(phrase_regex(data["dialect_spellings"]).pattern)
    return (phrase_regex(data["quote_unquote"]), dialect,
            frozenset(data["mocking_verbs"]))


def _verb_form(word: str, lemma: str) -> str:
    """The base form of a possibly mis-tagged verb ('bleat', 'bleats', 'bleated', 'whining')."""
    _, _, verbs = _mock_cues()
    stems = (lemma, word, word[:-1], word[:-2], word[:-3], word[:-3] + "e")
    return next((stem for stem in stems if stem in verbs), lemma)


def mock_cue(context: DocContext, quote: Quote) -> str | None:
    """Why a quotation reads as mock speech (the words of the cue), or None."""
    marks, dialect, _ = _mock_cues()
    before = context.text[max(0, quote.start - QUOTE_UNQUOTE_WINDOW):quote.start]
    if (found := marks.search(before)) is not None:
        return f"'{found.group()}' before it puts the words in mocking marks"
    found = dialect.search(quote.text)
    if found is not None and (found.group().islower() or found.start() == 0):
        return (f"the eye-dialect spelling '{found.group()}' puts mocked speech in someone's "
                "mouth")
    verb = _mocking_verb(context, quote)
    if verb is not None:
        return f"'{verb.text}' makes the quoted words sound like a noise, not a statement"
    return None


def _mocking_verb(context: DocContext, quote: Quote) -> Token | None:
    """A mocking verb that introduces the quote: just before it ('the Dems squeal "..."'),
    or right after it ('"...," they whined' / '"...," whined the mob')."""
    _, _, verbs = _mock_cues()
    span = context.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None
    doc = context.doc

    def mocking(token: Token) -> bool:
        return token.pos_ != "NOUN" and _verb_form(token.lower_, token.lemma_.lower()) in verbs

    before = [t for t in doc[max(0, span.start - MOCKING_VERB_WINDOW):span.start]
              if not t.is_punct]
    if before and mocking(before[-1]):
        return before[-1]
    after = [t for t in doc[span.end:span.end + MOCKING_VERB_WINDOW] if not t.is_punct][:2]
    if after and mocking(after[0]):
        return after[0]
    if len(after) == 2 and after[0].pos_ in {"PRON", "PROPN", "NOUN"} and mocking(after[1]):
        return after[1]
    return None


def mock_quotes(context: DocContext) -> list[tuple[Quote, str]]:
    """The Doc's mock quotations with the cue of each, once per Doc."""
    return list(context.memo("mock_quotes", lambda: tuple(
        (q, cue) for q in context_quotes(context) if (cue := mock_cue(context, q)))))


#: An introducing line: at most this many words before its colon.
MAX_INTRO_WORDS = 12
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_INTRO = re.compile(
    r"^(?:(?P<according>according to\s+)?(?P<source>[^:\n]{2,120}?))"
    r"(?P<verb>\s+(?:said|says|wrote|writes|reported|reports|stated|states|added|tweeted|"
    r"posted|announced)(?:\s+(?:in|on)\s+[^:\n]{1,60})?)?\s*:\s*$",
    re.IGNORECASE)
_BLOCK_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n[ \t]*>[^\n]*)*", re.MULTILINE)


def _names_a_source(intro: re.Match[str]) -> bool:
    """'According to X:', 'X said:' or a capitalised name ('NBC News:'), not 'Three things:'."""
    words = intro.group(0).rstrip(": \t").split()
    if not words or len(words) > MAX_INTRO_WORDS:
        return False
    if intro.group("according") or intro.group("verb"):
        return True
    return all(word[:1].isupper() or word.lower() in {"of", "the", "and", "for", "&"}
               for word in words)


def _source_name(intro: re.Match[str]) -> str:
    return " ".join(intro.group("source").split()).strip(" ,")


def excerpt_segments(text: str) -> list[VoiceSegment]:
    """Pasted excerpts: the paragraph after a source line ending in ':', '>' blocks, and news
    reports pasted without a source line (named after their outlet, else "pasted report").

    A source-line excerpt inside a pasted report is the same material: the report's segment
    (which runs over all of it) is kept, named after the source line when the report itself
    names no outlet.
    """
    segments = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    for index, (start, end) in enumerate(paragraphs):
        first_line_end = text.find("\n", start, end)
        line_end = end if first_line_end < 0 else first_line_end
        intro = _INTRO.match(text[start:line_end].strip())
        if intro is None or not _names_a_source(intro):
            continue
        if line_end < end:  # "NBC News:" on its own line, the report right under it
            segments.append(VoiceSegment(line_end + 1, end, "excerpt", _source_name(intro)))
        elif index + 1 < len(paragraphs):  # the intro line, a blank line, then the report
            following = paragraphs[index + 1]
            segments.append(VoiceSegment(following[0], following[1], "excerpt",
                                         _source_name(intro)))
    for block in _BLOCK_LINE.finditer(text):
        segments.append(VoiceSegment(block.start(), block.end(), "excerpt", None))
    for report in pasted_reports(text):
        inside = [s for s in segments if report.start <= s.start < report.end
                  or s.start <= report.start < s.end]
        named = next((s.speaker for s in inside if s.speaker), None)
        speaker = named if report.speaker == PASTED_REPORT and named else report.speaker
        start = min([report.start, *(s.start for s in inside)])
        end = max([report.end, *(s.end for s in inside)])
        segments = [s for s in segments if s not in inside]
        segments.append(VoiceSegment(start, end, "excerpt", speaker))
    return sorted(segments, key=lambda s: (s.start, -s.end))


def voice_segments(context: DocContext) -> list[VoiceSegment]:
    """Every stretch of reproduced material in a Doc, once per Doc, in reading order."""
    def compute() -> tuple[VoiceSegment, ...]:
        mocked = {(q.start, q.end) for q, _ in mock_quotes(context)}
        found = [VoiceSegment(q.start, q.end, "quotation", q.speaker)
                 for q in context_quotes(context)
                 if q.kind == "speech" and (q.start, q.end) not in mocked]
        found += excerpt_segments(context.text)
        return tuple(sorted(found, key=lambda s: (s.start, -s.end)))

    return list(context.memo("voice_segments", compute))
