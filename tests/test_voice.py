"""Voice: findings inside reproduced material (quotations, pasted excerpts) are the quoted
party's, not the author's; near misses stay the author's."""

from __future__ import annotations

from propaganda_lab import analyze
from propaganda_lab.render import highlight_html
from propaganda_lab.voice import excerpt_segments

PASTED = (
    "Border chaos\n\n"
    "According to the Sarnet Ledger:\n\n"
    "The corrupt clique was blamed for the delays, officials said.\n\n"
    "This proves the corrupt clique of traitors is lying to us."
)


def test_a_pasted_report_is_quoted_material_named_after_its_source() -> None:
    (segment,) = excerpt_segments(PASTED)
    assert PASTED[segment.start:segment.end].startswith("The corrupt clique was blamed")
    assert segment.speaker == "the Sarnet Ledger"
    report = analyze(PASTED)
    inside = [f for f in report.findings if segment.start <= f.start < segment.end]
    outside = [f for f in report.findings if f.start >= segment.end]
    assert inside and all(f.voice == "quoted" and f.speaker == "the Sarnet Ledger"
                          for f in inside)
    assert outside and all(f.voice == "author" for f in outside)


def test_outlet_line_and_blockquote_markers_introduce_excerpts() -> None:
    text = ("NBC News:\nCrowds gathered at the harbour.\n\n"
            "My view follows.\n> A quoted post\n> goes on")
    kinds = [(text[s.start:s.end], s.speaker) for s in excerpt_segments(text)]
    assert ("Crowds gathered at the harbour.", "NBC News") in kinds
    assert ("> A quoted post\n> goes on", None) in kinds


def test_a_colon_that_names_no_source_is_not_an_excerpt() -> None:
    """Near miss: 'Three things matter:' introduces the author's own list."""
    text = "Three things matter:\n\nThe corrupt clique must go.\n\nwe said this before:\n\nAgain."
    assert excerpt_segments(text) == []
    assert all(f.voice == "author" for f in analyze(text).findings)


def test_speech_quotes_carry_their_speaker_and_scare_quotes_stay_the_authors() -> None:
    text = ('"The corrupt clique must answer for this," said Mayor Ilse Varn. '
            'The so-called "experts" stayed silent.')
    report = analyze(text)
    corrupt = next(f for f in report.findings if f.text == "corrupt")
    assert corrupt.voice == "quoted" and corrupt.speaker and "Varn" in corrupt.speaker
    assert all(f.voice == "author" for f in report.findings if f.lens == "quoting")


def test_the_highlight_says_whose_words_a_finding_is_in() -> None:
    report = analyze(PASTED)
    markup = highlight_html(report.text, list(report.findings), weak="mark")
    assert "words the text reproduces (the Sarnet Ledger)" in markup
