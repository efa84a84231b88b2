"""Whose words are these? The author's own, or material the text reproduces.

A propaganda post often pastes a wire report ("According to Reuters:" and a paragraph) or
quotes an official, then retells it in stronger words. A passive inside the pasted report is
the report's, not the author's, so every finding carries the voice it was found in:
``"author"`` or ``"quoted"`` (with the speaker or outlet when the text names it).

Reproduced material, found from the text alone:

* **speech quotations** (``quotes.extract_quotes`` kind ``speech``: a quotation with a speech
  verb or a named speaker), with their speaker;
* **pasted excerpts**: the paragraph after a short line naming a source and ending in a
  colon ("NBC News:", "According to the Sarnet Ledger:", "The ministry said in a statement:"),
  and runs of lines set off with ``>``.

Scare quotes, mock quotes (speech the author invents or ridicules: "git out!", 'quote-unquote
experts') and other short marked words are the author's choice of marks, so they stay in the
author's voice; findings of the quoting lens (which judge the quotes themselves) are always
the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext
    from propaganda_lab.findings import Finding

__all__ = ["VoiceSegment", "attribute_voice", "excerpt_segments", "voice_segments"]

#: An introducing line: at most this many words before its colon.
MAX_INTRO_WORDS = 12
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_INTRO = re.compile(
    r"^(?:(?P<according>according to\s+)?(?P<source>[^:\n]{2,120}?))"
    r"(?P<verb>\s+(?:said|says|wrote|writes|reported|reports|stated|states|added|tweeted|"
    r"posted|announced)(?:\s+(?:in|on)\s+[^:\n]{1,60})?)?\s*:\s*$",
    re.IGNORECASE)
_BLOCK_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n[ \t]*>[^\n]*)*", re.MULTILINE)


@dataclass(frozen=True)
class VoiceSegment:
    """Characters ``start:end`` of the text that reproduce someone else's words."""

    start: int
    end: int
    kind: str  # "quotation" | "excerpt"
    speaker: str | None


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
    """Pasted excerpts: the paragraph after a source line ending in ':', and '>' blocks."""
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
    return segments


def voice_segments(context: DocContext) -> list[VoiceSegment]:
    """Every stretch of reproduced material in a Doc, once per Doc, in reading order."""
    from propaganda_lab.quotes.lens import context_quotes, mock_quotes

    def compute() -> tuple[VoiceSegment, ...]:
        mocked = {(q.start, q.end) for q, _ in mock_quotes(context)}
        found = [VoiceSegment(q.start, q.end, "quotation", q.speaker)
                 for q in context_quotes(context)
                 if q.kind == "speech" and (q.start, q.end) not in mocked]
        found += excerpt_segments(context.text)
        return tuple(sorted(found, key=lambda s: (s.start, -s.end)))

    return list(context.memo("voice_segments", compute))


def attribute_voice(findings: list[Finding], context: DocContext) -> list[Finding]:
    """Each finding inside reproduced material marked ``voice="quoted"`` with its speaker."""
    from propaganda_lab.techniques import lens_of

    segments = voice_segments(context)
    if not segments:
        return findings
    marked = []
    for finding in findings:
        inside = next((s for s in segments
                       if s.start <= finding.start and finding.end <= s.end), None)
        if inside is None or lens_of(finding.technique) == "quoting":
            marked.append(finding)
        else:
            marked.append(replace(finding, voice="quoted", speaker=inside.speaker))
    return marked
