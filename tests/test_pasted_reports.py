"""Voice on real posts: a pasted wire report is found without a "Source:" line, every sentence
of it is the report's voice, and words quoted inside a news report are their speaker's.

All posts and reports here are written for these tests (fictional places, outlets, people).
"""

from __future__ import annotations

from propaganda_lab import analyze
from propaganda_lab.lenses.quotes.extract import extract_quotes
from propaganda_lab.lenses.quotes.pasted import PASTED_REPORT, pasted_reports
from propaganda_lab.voice import excerpt_segments

LEAD_IN = "Look what the globalist press is now admitting. I told you so!"
REPORT = (
    "ORSK, Ostreva (Reuters) - Valdora may pull its remaining troops out of the Teskar "
    "border zone by the end of the year, a letter seen by Reuters showed on Monday.\n"
    "The withdrawal was agreed after months of talks, two officials said on condition of "
    "anonymity. Opposition leader Mara Quill called the plan \"a reckless betrayal\".\n"
    "A spokesman for the Valdoran defence ministry declined to comment on the "
    "\"so-called\" draft.")
COMMENT = (
    "So Valdora is pulling its remaining troops out of the border zone, confirmed. Don't bet "
    "on it. Some general, apparently the head of the Teskar command, told reporters it was a "
    "draft. The corrupt Ostrevan militias are about to go into full war mode.")
POST = f"They are finally admitting it\n\n{LEAD_IN}\n\n{REPORT}\n\n{COMMENT}\n"


def _segment(text: str) -> tuple[int, int, str | None]:
    (segment,) = excerpt_segments(text)
    return segment.start, segment.end, segment.speaker


def test_a_pasted_wire_report_after_a_lead_in_is_the_reports_voice() -> None:
    start, end, speaker = _segment(POST)
    assert POST[start:end] == REPORT and speaker == "Reuters"
    report = analyze(POST)
    inside = [f for f in report.findings if start <= f.start < end]
    outside = [f for f in report.findings if not start <= f.start < end]
    assert inside and all(f.voice == "quoted" and f.speaker == "Reuters" for f in inside)
    assert outside and all(f.voice == "author" for f in outside)
    # the author's own sentences around the report stay the author's, moves included
    assert {"name_calling", "appeal_to_fear"} <= {f.technique for f in outside}


def test_no_sentence_of_a_pasted_report_is_the_authors_words_or_a_retelling() -> None:
    report = analyze(POST)
    start, end, _ = _segment(POST)
    retellings = report.retold
    assert retellings, "the author's 'pulling its troops out, confirmed' retells the report"
    assert any(r.dropped or r.added for r in retellings)
    for retelling in retellings:
        assert not start <= retelling.start < end  # the retelling is the author's sentence
        assert start <= retelling.retold_start < end  # ... of a sentence of the report
    marks = [f for f in report.findings if f.lens == "quoting" and start <= f.start < end]
    assert all(f.voice == "quoted" for f in marks)  # the report's marks, not the author's


def test_a_report_pasted_with_no_intro_line_is_found_from_its_credit() -> None:
    post = ("Valdora's defence ministry said on Tuesday it would close two bases near the "
            "Teskar border, a letter seen by the Associated Press showed.\n"
            "The closures were agreed after months of talks, two officials told reporters.\n\n"
            "Wow. They are selling out the border and you are supposed to clap?")
    start, end, speaker = _segment(post)
    assert speaker == "Associated Press"
    assert post[start:end].endswith("two officials told reporters.")
    assert post[end:].strip().startswith("Wow")


def test_a_lead_in_without_a_colon_names_the_outlet() -> None:
    post = ("Here's the story from the Orsk Herald, word for word\n"
            "The ministry said on Tuesday it would close two bases near the Teskar border.\n"
            "The closures were agreed after months of talks, two officials told reporters.\n"
            "This is treason, plain and simple. We will be overrun.")
    start, end, speaker = _segment(post)
    assert speaker == "Orsk Herald"
    assert post[start:end].startswith("The ministry said") and "treason" not in post[start:end]
    treason = next(f for f in analyze(post).findings if f.text == "treason")
    assert treason.voice == "author"


def test_an_unnamed_pasted_report_is_called_a_pasted_report() -> None:
    post = ("You won't believe what they printed. Read it and weep:\n\n"
            "TESKAR CITY - The council said on Friday it would close the harbour, officials "
            "said.")
    assert pasted_reports(post)[0].speaker == PASTED_REPORT
    start, end, speaker = _segment(post)
    assert speaker == PASTED_REPORT and post[start:end].startswith("TESKAR CITY - ")


# --------------------------------------------------------------------------- near misses


NEWS = (
    "Valdora to close border bases\n\n"
    "ORSK, Ostreva (Reuters) - Valdora will close two bases near the Teskar border, the "
    "defence ministry said on Tuesday.\n"
    "\"Why now?\" asked opposition leader Mara Quill, who called the plan \"ridiculous\".\n"
    "A spokesman for the ministry declined to comment, and officials said the closures "
    "would save money.")


def test_a_news_report_on_its_own_is_not_pasted_material() -> None:
    assert pasted_reports(NEWS) == [] and excerpt_segments(NEWS) == []


def test_a_citation_inside_the_authors_own_paragraph_is_not_a_paste() -> None:
    post = ("I have said it for years!\n"
            "According to Reuters, the council met on Monday, officials said.\n"
            "The council is corrupt.")
    assert pasted_reports(post) == []


PARAGRAPH = (
    "Ostreva plans to station more troops along its western frontier, according to a letter "
    "seen by Reuters. The letter, sent to the Valdoran foreign ministry on Monday, called the "
    "move defensive. Officials in Kestra City told reporters they were studying the plan.")


def test_a_report_pasted_as_one_paragraph_on_one_line_is_found() -> None:
    post = f"Here we go again, folks. Read this and weep.\n\n{PARAGRAPH}\n\nDefensive, sure!\n"
    (report,) = pasted_reports(post)
    assert post[report.start:report.end] == PARAGRAPH and report.speaker == "Reuters"


def test_two_formulas_in_one_sentence_of_the_authors_paragraph_are_one_citation() -> None:
    post = ("I have said it for years!\n"
            "The minister told reporters on Monday that the plan, seen by Reuters, was final. "
            "The council is corrupt and the minister knows it.\n"
            "Wake up!")
    assert pasted_reports(post) == []


def test_a_headline_in_capitals_is_not_a_dateline() -> None:
    post = ("I told you so!\n"
            "BREAKING - VALDORA SELLS THE HARBOUR\n"
            "The council said on Friday it would sell the harbour, officials said.")
    assert not any(post[r.start:r.end].startswith("BREAKING") for r in pasted_reports(post))


# --------------------------------------------------------------------------- quoted words in news


def test_a_word_quoted_in_a_news_report_is_its_speakers_not_a_scare_quote() -> None:
    report = analyze(NEWS)
    ridiculous = next(f for f in report.findings if f.text == "ridiculous"
                      and f.lens != "quoting")
    assert ridiculous.voice == "quoted" and "Mara Quill" in (ridiculous.speaker or "")
    assert not any(f.rule == "scare_quotes.scare_marks" for f in report.findings)


def test_naming_verbs_make_the_quoted_words_the_speakers() -> None:
    cases = {
        'Minister Orla Venn called the plan "ridiculous".': "Minister Orla Venn",
        'The union described the move as "reckless" and "short-sighted".': "The union",
        'Venn said the plan was "ridiculous".': "Venn",
        'The opposition dismissed the report as "propaganda".': "The opposition",
    }
    for text, speaker in cases.items():
        quotes = extract_quotes(text)
        assert quotes and all(q.kind == "speech" and q.speaker == speaker for q in quotes), (
            text, quotes)


def test_marks_on_the_speaker_or_a_bare_noun_stay_scare_quotes() -> None:
    # a marked modifier inside a reported clause may be the reporter's doubt: it stays scare
    assert [q.kind for q in extract_quotes(
        "Critics say the union's \"safety\" argument is a pretext.")] == ["scare"]
    assert [q.kind for q in extract_quotes('The "experts" say the plan is fine.')] == ["scare"]
    assert [q.kind for q in extract_quotes('Ostreva\'s "peace plan" is a fraud.')] == ["scare"]
    assert [q.kind for q in extract_quotes('The so-called "reform" will cost jobs.')] == [
        "scare"]
