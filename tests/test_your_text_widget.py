"""AnalyzeYourText: any input gives a message in the widget, and the widget keeps working."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propaganda_lab.calibration import SOURCE_CHECKED_RULES
from propaganda_lab.widgets.your_text import (
    ARTICLE_MAX_CHARS,
    EXAMPLE_ARTICLE,
    EXAMPLE_SOURCE,
    FRAMES_TAB,
    GROUP_TAB,
    MAX_UPLOAD_BYTES,
    AnalyzeYourText,
    UploadError,
    decode_upload,
    parse_group_terms,
    split_sources,
)

ARTICLE = (
    "Harbour plan sinks\n\n"
    "Mistakes were made at the Sarnet harbour, the port authority admitted. "
    "Mayor Edda Kroll said the plan \"will create jobs\". Every true patriot knows the plan "
    "is a disaster, and a flood of Teskari workers will swarm over the docks."
)
SOURCE = "EDDA KROLL: The plan will create jobs, but only if the council approves the loan."


def _upload(content: bytes, name: str = "article.txt") -> tuple[dict, ...]:
    return ({"name": name, "type": "text/plain", "size": len(content),
             "content": memoryview(content),
             "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)


@pytest.fixture(scope="module")
def analysed() -> AnalyzeYourText:
    widget = AnalyzeYourText(ARTICLE, SOURCE, group_terms="Teskari")
    widget.analyze()
    return widget


def test_full_analysis_fills_every_tab(analysed: AnalyzeYourText) -> None:
    report = analysed.report
    assert report is not None and report.headline == "Harbour plan sinks"
    lenses = {finding.lens for finding in report.findings}
    assert {"framing", "quoting", "dehumanization"} <= lenses
    assert "pl-mark" in analysed.highlights.value
    shown_marks = analysed.highlights.value.count("<mark")
    analysed.weak_toggle.value = True  # the weak cues, one click away, marked as weak
    assert analysed.highlights.value.count("<mark") > shown_marks
    assert "(weak cue)" in analysed.highlights.value
    analysed.weak_toggle.value = False
    assert analysed.highlights.value.count("<mark") == shown_marks
    assert "Findings per lens" in analysed.summary.value
    assert "dropped qualifier" in analysed.quotes.value  # 'but only if the council ...' cut
    assert "Teskari" in analysed.group_text.value
    assert repr(analysed).startswith("AnalyzeYourText(analysed=True, findings=")


def test_charts_are_drawn_when_their_tab_is_opened_not_before() -> None:
    widget = AnalyzeYourText(ARTICLE, SOURCE, group_terms="Teskari")
    widget.analyze()
    assert widget.charts_pending() == [FRAMES_TAB, GROUP_TAB]
    assert not widget.frames_chart.png and not widget.group_chart.png
    widget.tabs.selected_index = FRAMES_TAB
    assert widget.frames_chart.png.startswith(b"\x89PNG") and 'alt="' in widget.frames_chart.value
    assert not widget.group_chart.png  # still not drawn: its tab was not opened
    widget.tabs.selected_index = GROUP_TAB
    assert widget.group_chart.png.startswith(b"\x89PNG") and widget.charts_pending() == []
    # A new analysis while the Group tab is open draws its chart at once.
    widget.group_box.value = "Teskari workers"
    widget.analyze()
    assert widget.charts_pending() == [FRAMES_TAB] and widget.group_chart.png


def test_download_builds_the_self_contained_report_on_request(
        analysed: AnalyzeYourText) -> None:
    sent: list[dict] = []
    analysed.download.send = sent.append  # what would go to the browser
    assert analysed.download.available
    analysed.download._on_message(analysed.download, {"event": "build"}, [])
    assert sent[0]["event"] == "file" and sent[0]["name"] == "propaganda_lab_report.html"
    page = sent[0]["content"]
    assert page.startswith("<!DOCTYPE html>") and "Harbour plan sinks" in page
    assert "Sources used:" in page


def test_download_answers_with_a_message_when_there_is_nothing_to_save() -> None:
    widget = AnalyzeYourText()
    sent: list[dict] = []
    widget.download.send = sent.append
    assert not widget.download.available  # the button is not drawn before a report exists
    widget.download._on_message(widget.download, {"event": "build"}, [])
    assert sent == [{"event": "error", "message": "The file could not be made: There is "
                     "nothing to download yet: press Analyze first."}]


def test_replacing_the_example_clears_its_source_and_group() -> None:
    """The example's source must never be used on the learner's own article: pasting a new
    article empties the example's source and group, and no finding needs a source."""
    widget = AnalyzeYourText()
    widget.load_example()
    assert widget.report.sources and widget.sources_box.value == EXAMPLE_SOURCE
    assert any(f.rule in SOURCE_CHECKED_RULES for f in widget.report.findings)
    widget.article_box.value = ARTICLE  # pasted over the example
    assert widget.sources_box.value == "" and widget.group_box.value == ""
    assert "its source and group were cleared" in widget.message.value
    widget.analyze_button.click()
    assert widget.report is not None and widget.report.sources == ()
    assert widget.report.group_terms == ()
    assert not [f for f in widget.report.findings if f.rule in SOURCE_CHECKED_RULES]
    assert "none given" in widget.summary.value and "none given" in widget.quotes.value
    assert "cleared" in widget.message.value  # the note stays for that first run
    widget.article_box.value = ARTICLE + " More."
    widget.analyze()
    assert widget.message.value == ""


def test_editing_the_example_keeps_its_source_and_own_inputs_are_never_cleared() -> None:
    widget = AnalyzeYourText()
    widget.load_example()
    widget.article_box.value = EXAMPLE_ARTICLE.replace("betrayal", "disgrace")  # an edit
    assert widget.sources_box.value == EXAMPLE_SOURCE
    widget.sources_box.value = SOURCE  # the learner's own source...
    widget.article_box.value = ARTICLE  # ...stays when the article is replaced
    assert widget.sources_box.value == SOURCE
    assert widget.group_box.value == ""  # the example's group goes...
    widget.load_example()
    widget.group_box.value = "Teskari"  # ...unless the learner typed one
    widget.article_box.value = ARTICLE
    assert widget.group_box.value == "Teskari" and widget.sources_box.value == ""
    assert "its source was cleared" in widget.message.value


def test_uploading_an_article_over_the_example_says_the_source_went_too() -> None:
    widget = AnalyzeYourText()
    widget.load_example()
    widget.article_upload.value = _upload(ARTICLE.encode("utf-8"), "mine.txt")
    assert widget.sources_box.value == ""
    assert "Loaded mine.txt" in widget.message.value
    assert "its source and group were cleared" in widget.message.value


def test_the_report_names_the_sources_it_used() -> None:
    widget = AnalyzeYourText(ARTICLE, SOURCE)
    widget.analyze()
    assert "Sources used:" in widget.quotes.value and "EDDA KROLL: The plan" in widget.quotes.value
    assert "1 source(s)" in widget.summary.value


def test_enter_in_a_one_line_box_runs_the_analysis() -> None:
    widget = AnalyzeYourText(ARTICLE)
    widget.group_box.value = "Teskari"
    widget.group_box._handle_custom_msg({"event": "submit"}, [])  # what Enter sends
    assert widget.report is not None and widget.report.group_terms == ("Teskari",)
    widget.headline_box.value = "Harbour news"
    widget.headline_box._handle_custom_msg({"event": "submit"}, [])
    assert widget.report.headline == "Harbour news"


@pytest.mark.parametrize(
    ("article", "expected"),
    [("", "empty"), ("   \n\t ", "empty"), ("x" * (ARTICLE_MAX_CHARS + 1), "characters")],
)
def test_bad_article_gives_a_message_and_clears_old_results(article: str, expected: str) -> None:
    widget = AnalyzeYourText(ARTICLE)
    widget.analyze()
    assert widget.report is not None
    widget.article_box.value = article
    widget.analyze()
    assert expected in widget.message.value and widget.report is None
    assert widget.highlights.value == "" and not widget.download.available
    widget.article_box.value = ARTICLE  # still works afterwards
    widget.analyze()
    assert widget.report is not None and widget.message.value == ""


def test_hostile_html_is_shown_as_text_never_run() -> None:
    hostile = ('<script>alert("x")</script> Officials said the <img src=x onerror=alert(1)> '
               'plan was "a total disaster", the minister claimed.')
    widget = AnalyzeYourText(hostile, headline="<b>Breaking</b>", group_terms="<i>x</i>")
    widget.analyze()
    shown = widget.highlights.value + widget.summary.value + widget.quotes.value
    assert "<script>" not in shown and "<img" not in shown and "<b>Breaking" not in shown
    assert "&lt;script&gt;" in widget.highlights.value
    page = widget.download.content()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_binary_non_utf8_and_oversized_uploads_give_messages() -> None:
    widget = AnalyzeYourText()
    widget.article_upload.value = _upload(b"%PDF-1.7\x00\x00\x01binary", "paper.pdf")
    assert "binary" in widget.message.value and widget.article_box.value == ""
    widget.article_upload.value = _upload("Sarnet, café".encode("latin-1"), "old.txt")
    assert "not UTF-8" in widget.message.value
    widget.article_upload.value = _upload(b"a" * (MAX_UPLOAD_BYTES + 1), "big.txt")
    assert "bytes are accepted" in widget.message.value
    widget.article_upload.value = _upload(ARTICLE.encode("utf-8"), "good.txt")
    assert widget.article_box.value == ARTICLE and "Loaded good.txt" in widget.message.value
    widget.analyze()
    assert widget.report is not None


def test_source_uploads_keep_good_files_and_name_bad_ones() -> None:
    widget = AnalyzeYourText(ARTICLE)
    widget.source_upload.value = (*_upload(SOURCE.encode(), "kroll.txt"),
                                  *_upload(b"\xff\xfe\x00\x00", "bad.bin"))
    assert split_sources(widget.sources_box.value) == [SOURCE]
    assert "bad.bin" in widget.message.value
    widget.analyze()
    assert len(widget.report.sources) == 1 and widget.report.quotes


def test_decode_upload_handles_bom_and_crlf() -> None:
    item = {"name": "a.txt", "content": b"\xef\xbb\xbfline one\r\nline two"}
    assert decode_upload(item) == "line one\nline two"
    with pytest.raises(UploadError, match="empty"):
        decode_upload({"name": "e.txt", "content": b"  \n"})


def test_small_parsers() -> None:
    assert parse_group_terms("Pellani, hill people; Teskari\n") == ["Pellani", "hill people",
                                                                     "Teskari"]
    assert split_sources("one\n-----\ntwo\n---\n\n") == ["one", "two"]


def test_example_button_and_long_headline() -> None:
    widget = AnalyzeYourText()
    widget.load_example()
    assert widget.report is not None and widget.report.quotes
    widget.headline_box.value = "word " * 100
    widget.analyze()
    assert "headline" in widget.message.value and widget.report is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_upload_bytes_give_text_or_a_readable_error(data: bytes) -> None:
    try:
        text = decode_upload({"name": "f.txt", "content": data})
    except UploadError as error:
        assert "f.txt" in str(error)
    else:
        assert text.strip() and "\r\n" not in text


@pytest.mark.parametrize("text", [
    "🔥🔥 Die Regierung lügt! 🔥🔥",
    "\u05d4\u05de\u05de\u05e9\u05dc\u05d4 \u05de\u05e9\u05e7\u05e8\u05ea \u202e reversed",
    "control\x00\x07\x1b[31m chars\x0c and a form feed",
    "\ufeffBOM first, then text.",
])
def test_odd_text_gives_a_report_or_a_message_never_an_error(text: str) -> None:
    widget = AnalyzeYourText(text)
    widget.analyze()
    assert widget.report is not None or "Hint" in widget.message.value
    assert "Something went wrong" not in widget.message.value


def test_a_text_with_dehumanizing_language_gets_the_content_note_first() -> None:
    from propaganda_lab.analysis import analyze
    from propaganda_lab.masking import Masker
    from propaganda_lab.widgets.your_text import needs_content_note

    masker = Masker()
    assert needs_content_note(analyze("These Sarnians are a cancer on our town."), masker)
    assert needs_content_note(analyze("The tesks came back."), masker)  # an epithet
    assert not needs_content_note(analyze("The ferry left Sarnet at noon on Monday."), masker)
