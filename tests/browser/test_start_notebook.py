"""The start notebook in a real JupyterLab: all cells run, the widget renders and responds."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.jupyter import error_outputs, open_and_run_all, screenshot


def test_start_notebook_runs_and_parse_widget_responds(page, lab_server) -> None:
    open_and_run_all(page, lab_server, "notebooks/00_start_here.ipynb")
    assert error_outputs(page) == []

    widget = page.locator(".pl-widget").first
    widget.wait_for(timeout=60_000)
    result = widget.locator(".pl-events-result")
    assert "[who?]" in result.inner_text()  # the default sentence has an agentless passive

    textarea = widget.locator("textarea")
    textarea.fill("The border guards burned the fishing boats.")
    widget.locator("button", has_text="Who does what?").click()
    expect(result).to_contain_text("The border guards", timeout=30_000)
    text = result.inner_text()
    assert "burn" in text and "the fishing boats" in text and "[who?]" not in text

    textarea.fill("<b>Mistakes</b> were made.")
    widget.locator("button", has_text="Who does what?").click()
    expect(result).to_contain_text("[who?]", timeout=30_000)
    assert result.locator("b").count() == 0  # the learner's markup is shown as text, not HTML
    screenshot(page, "00_start_here_widget")
