"""The first screen of the course: one quote traced, computed from a teaching case."""

from __future__ import annotations

import pytest

from propaganda_lab.first_look import first_look, first_look_html


def test_the_first_look_is_the_misattributed_quote_with_its_condition_cut() -> None:
    look = first_look()
    assert {"misattributed", "dropped_qualifier"} <= look.check.flags
    assert look.check.quote.speaker != look.check.source_speaker
    assert look.check.quote.text.strip() in look.article_sentence


def test_the_first_look_html_shows_both_texts_the_cut_and_the_verdict() -> None:
    page = first_look_html()
    look = first_look()
    assert "<del" in page  # the words the post cut, struck through
    assert "misattributed" in page and look.check.source_speaker in page
    assert "What the post printed" in page and "What was said" in page
    assert "<script" not in page


def test_a_case_without_traced_quotes_says_so() -> None:
    with pytest.raises(ValueError, match="no quote traced"):
        first_look("border_fence_editorial")
