"""Whose words are these? The author's own, or material the text reproduces.

A propaganda post often pastes a wire report ("According to Reuters:" and a paragraph) or
quotes an official, then retells it in stronger words. A passive inside the pasted report is
the report's, not the author's, so every finding carries the voice it was found in:
``"author"`` or ``"quoted"`` (with the speaker or outlet when the text names it).

Reproduced material (speech quotations and pasted excerpts) is a fact of the Doc, found from
the text alone by ``lenses.quotes.facts.voice_segments``; this pipeline step only reads it.

Scare quotes, mock quotes (speech the author invents or ridicules: "git out!", 'quote-unquote
experts') and other short marked words are the author's choice of marks, so they stay in the
author's voice; findings of the quoting lens (which judge the quotes themselves) are the
author's, except inside a pasted excerpt, where the marks and quotes are the excerpt's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from propaganda_lab.lenses.quotes.facts import VoiceSegment, excerpt_segments, voice_segments
from propaganda_lab.techniques import lens_of

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext
    from propaganda_lab.findings import Finding

__all__ = ["VoiceSegment", "attribute_voice", "excerpt_segments", "voice_segments"]


def attribute_voice(findings: list[Finding], context: DocContext) -> list[Finding]:
    """Each finding inside reproduced material marked ``voice="quoted"`` with its speaker."""
    segments = voice_segments(context)
    if not segments:
        return findings
    marked = []
    for finding in findings:
        inside = next((s for s in segments
                       if s.start <= finding.start and finding.end <= s.end), None)
        if inside is None or (lens_of(finding.technique) == "quoting"
                              and inside.kind != "excerpt"):
            marked.append(finding)
        else:
            marked.append(replace(finding, voice="quoted", speaker=inside.speaker))
    return marked
