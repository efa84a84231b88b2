"""AnalyzeYourText: any input gives a message in the widget, and the widget keeps working."""

from __future__ import annotations

import base64
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propaganda_lab.widgets.your_text import (
    ARTICLE_MAX_CHARS,
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
    assert "Teskari" in analysed.group_text.value and analysed.group_chart.png
    assert 'alt="' in analysed.frames_chart.value
    assert analysed.frames_chart.png.startswith(b"\x89PNG")
    assert repr(analysed).startswith("AnalyzeYourText(analysed=True, findings=")


def test_download_link_is_the_self_contained_report(analysed: AnalyzeYourText) -> None:
    link = analysed.download.value
    assert "download='propaganda_lab_report.html'" in link
    encoded = link.split("base64,", 1)[1].split("'", 1)[0]
    page = base64.b64decode(encoded).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Harbour plan sinks" in page


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
    assert widget.highlights.value == "" and widget.download.value == ""
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
    page = base64.b64decode(widget.download.value.split("base64,", 1)[1].split("'")[0])
    assert b"<script>" not in page and b"&lt;script&gt;" in page


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
