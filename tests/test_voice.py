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


# --------------------------------------------------------------------------- quotes, no source

FRAGMENTED = ("By Wednesday the story had changed. Some official, apparently the deputy harbour "
              "master, told reporters the closure was \"a precaution\" and would end \"within "
              "days\".")
FAIR = ('Harbour master Lena Orsk said: "The quay will reopen on Friday once the divers have '
        'checked the piles." Deputy mayor Tomas Reil said the council "welcomes the news".')


def _rules(report) -> list[str]:
    return [f.rule for f in report.findings]


def test_without_sources_every_quote_is_listed_with_its_speaker_and_kind() -> None:
    report = analyze('Lena Orsk said: "The quay will reopen." The "repairs" took a year.')
    listed = [(q.kind, q.speaker) for q in report.quoted]
    assert ("speech", "Lena Orsk") in listed and ("scare", None) in listed
    page = report.to_html()
    assert "Quotes in the text" in page and "Lena Orsk" in page
    assert report.to_dict()["quotes_found"][0]["speaker"] == "Lena Orsk"


def test_an_unattributed_quote_says_no_speaker_is_named() -> None:
    report = analyze('"We will not leave," a sign on the gate read, which nobody signed.')
    if any(q.kind == "speech" and q.speaker is None for q in report.quoted):
        assert "no speaker named" in report.to_html()


def test_a_quoted_fragment_is_a_weak_cue_to_check_the_full_remarks() -> None:
    report = analyze(FRAGMENTED)
    fragments = [f for f in report.findings if f.rule == "clipping.fragment"]
    assert {f.text for f in fragments} == {"a precaution", "within days"}
    assert all(f.weak for f in fragments)  # a cue to look, never shown as a verdict
    assert "full remarks" in fragments[0].evidence


def test_a_whole_quoted_sentence_or_a_traced_quote_is_no_fragment() -> None:
    assert "clipping.fragment" not in _rules(analyze(FAIR.split(" Deputy")[0]))
    source = "TOMAS REIL: The council welcomes the news and thanks the divers."
    traced = analyze(FAIR, source=source)
    assert "clipping.fragment" not in _rules(traced)  # with a source, the real check decides


def test_a_belittled_speaker_is_source_derogation_and_a_plain_title_is_not() -> None:
    belittled = [f for f in analyze(FRAGMENTED).findings
                 if f.rule == "source_derogation.belittled_speaker"]
    assert belittled and belittled[0].text.lower().startswith("some official")
    assert "source_derogation.belittled_speaker" not in _rules(analyze(FAIR))


def test_the_summary_counts_the_authors_words_and_the_voice_view_lists_reproduced_material():
    from propaganda_lab.report_html import summary_table_html, voice_html

    text = ("NBC Ledger:\nCrowds were dispersed and shops were looted overnight, officials "
            "said.\n\nThe cowardly council did nothing, as usual. Mayor Ilse Varn said: "
            "\"We will rebuild the market.\"")
    report = analyze(text)
    author = sum(sum(c.values()) for c in report.summary(voice="author").values())
    quoted = sum(sum(c.values()) for c in report.summary(voice="quoted").values())
    assert author + quoted == len(report.shown)
    table = summary_table_html(report)
    assert "the author&#x27;s own words" in table and "In quoted material" in table
    view = voice_html(report)
    assert "NBC Ledger" in view and "pasted excerpt" in view and "Ilse Varn" in view
    assert "Whose words" in report.to_html()
    assert "quotes nobody" in voice_html(analyze("The council met on Monday."))
