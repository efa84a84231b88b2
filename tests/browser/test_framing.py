"""Notebook 02 in a real JupyterLab: swapping a term in ReframeSandbox updates the highlights."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.jupyter import error_outputs, open_and_run_all, screenshot

NOTEBOOK = "notebooks/02_framing.ipynb"


def test_reframe_sandbox_swap_updates_highlight(page, lab_server) -> None:
    open_and_run_all(page, lab_server, NOTEBOOK)
    assert error_outputs(page) == []

    sandbox = page.locator(".pl-reframe-sandbox").first
    sandbox.wait_for(timeout=60_000)
    sandbox.scroll_into_view_if_needed()
    highlight = sandbox.locator(".pl-sandbox-highlight")
    marks = highlight.locator("mark")
    expect(marks.first).to_be_visible(timeout=30_000)
    before = [text.strip() for text in marks.all_inner_texts()]
    assert "mob" in before
    count_before = marks.count()

    # The dropdown for 'mob' offers the neutral 'crowd'; choosing it rewrites the text.
    dropdown = sandbox.locator(".widget-dropdown", has_text="'mob':").locator("select")
    dropdown.select_option(label="crowd")
    expect(highlight).to_contain_text("A crowd of union", timeout=30_000)
    after = [text.strip() for text in highlight.locator("mark").all_inner_texts()]
    assert "mob" not in after
    assert highlight.locator("mark").count() == count_before - 1
    assert "crowd" in sandbox.locator("textarea").first.input_value()
    screenshot(page, "02_reframe_sandbox")
