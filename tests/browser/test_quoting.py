"""Notebook 03 in a real JupyterLab: clicking a quote in QuoteAudit marks it in the source."""

from __future__ import annotations

from tests.browser.jupyter import error_outputs, open_and_run_all, screenshot, wait_for_text

NOTEBOOK = "notebooks/03_selective_quoting.ipynb"
MISATTRIBUTED = "nobody in uniform will act on a document that nobody signed"


def test_quote_audit_click_highlights_source(page, lab_server) -> None:
    open_and_run_all(page, lab_server, NOTEBOOK)
    assert error_outputs(page) == []

    audit = page.locator(".pl-quote-audit").first
    audit.wait_for(timeout=60_000)
    audit.scroll_into_view_if_needed()
    source_view = audit.locator(".pl-quote-source-view")
    # The first quote (the wire report) is selected and marked in the CPA wire.
    wait_for_text(source_view, "CPA: Ostrevan forces to begin leaving Valdora")
    assert source_view.locator("mark.pl-q-match").count() >= 1

    quote_list = audit.locator(".pl-quote-list select")
    option = quote_list.locator("option", has_text=MISATTRIBUTED)
    quote_list.select_option(label=option.inner_text().strip())
    wait_for_text(source_view, "press briefing")
    marks = source_view.locator("mark.pl-q-match")
    assert marks.count() == 1
    assert marks.first.inner_text() == MISATTRIBUTED
    # The cut words are struck through, and the details name the real speaker.
    assert source_view.locator("del.pl-q-cut").count() >= 1
    details = audit.locator(".pl-quote-details")
    assert "Tomas Brenner" in details.inner_text()
    source_view.scroll_into_view_if_needed()
    screenshot(page, "03_quote_audit")
