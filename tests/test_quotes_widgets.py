"""QuoteAudit and ContextSlider: they trace learner texts, mark the source, never crash."""

from __future__ import annotations

from pathlib import Path

from propaganda_lab.quotes import check_quotes, parse_source
from propaganda_lab.quotes.display import context_html, marked_source_html
from propaganda_lab.widgets.context_slider import ContextSlider
from propaganda_lab.widgets.quote_audit import QuoteAudit, split_sources

DATA = Path(__file__).parent / "data" / "quotes"
ARTICLE = (DATA / "harbour_article.txt").read_text(encoding="utf-8")
SOURCE = (DATA / "harbour_transcript.txt").read_text(encoding="utf-8")


def test_split_sources_on_dash_lines():
    assert split_sources("one\n-----\ntwo\n---\nthree") == ["one", "two", "three"]
    assert split_sources("only one") == ["only one"]


def test_marked_source_escapes_and_marks_kept_cut_and_qualifier():
    source = "NADIA OSTER: We <b>will</b> close the port only if the contract ends.\nCHAIR: Ok."
    (check,) = check_quotes('Oster said "we <b>will</b> close the port".', source)
    html = marked_source_html(source, check)
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<mark class="pl-q-match"' in html
    assert '<del class="pl-q-cut"' in html
    assert '<strong class="pl-q-qualifier" title="a qualifier the quote dropped">only if' in html


def test_quote_audit_selecting_a_quote_marks_its_source_words():
    audit = QuoteAudit(ARTICLE, [SOURCE])
    assert repr(audit) == "QuoteAudit(quotes=8, sources=1)"
    labels = [label for label, _ in audit.quote_list.options]
    assert labels[4].startswith("5. “I want the inspection report published,”")
    assert "misattributed" in labels[4]
    audit.quote_list.value = 4
    assert "pl-q-match" in audit.source_view.value
    assert ">I want the inspection report published</mark>" in audit.source_view.value
    assert "Pavel Mirk" in audit.details.value
    assert "An excerpt" in audit.source_view.value
    assert "The committee will hear" not in audit.source_view.value  # far from the quote


def test_quote_audit_reports_bad_input_as_a_message():
    audit = QuoteAudit()
    audit.run()
    assert "empty" in audit.message.value
    audit.article_box.value = "No quotes here at all."
    audit.sources_box.value = SOURCE
    audit.run()
    assert "No reported speech" in audit.message.value


def test_context_slider_widens_from_quote_to_full_answer():
    slider = ContextSlider(ARTICLE, SOURCE, quote="the harbour will close")
    assert slider.level.index == 0
    assert "as the article attributes it" in slider.view.value
    slider.level.index = 1
    assert "only if" in slider.view.value and "only if" in slider.note.value
    slider.level.index = 3
    assert "NADIA OSTER:" in slider.view.value
    assert "We expect the contract to be renewed next week." in slider.view.value
    assert repr(slider) == "ContextSlider(quotes=8, level=3)"


def test_context_levels_show_the_question_a_hypothetical_answer_replied_to():
    (check,) = [c for c in check_quotes(ARTICLE, SOURCE) if c.quote.text.startswith("The old")]
    source = parse_source(SOURCE)
    assert "what would happen" not in context_html(source, check, 1)
    assert "what would happen" in context_html(source, check, 3)


def test_context_slider_survives_untraceable_quote_and_empty_texts():
    slider = ContextSlider(ARTICLE, SOURCE, quote="We will sell")
    slider.level.index = 2
    assert "could not be traced" in slider.note.value
    empty = ContextSlider()
    empty.load()
    assert "empty" in empty.message.value
