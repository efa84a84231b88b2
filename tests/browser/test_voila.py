"""Notebook 06 as a standalone Voilà app: paste text, press Analyze, see the highlights."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.jupyter import (
    ROOT,
    free_port,
    screenshot,
    stop_process,
    wait_for_text,
    wait_until_serving,
)

NOTEBOOK = "notebooks/06_your_own_text.ipynb"
ARTICLE = (
    "Mistakes were made at the Sarnet harbour, the port authority admitted. Every true patriot "
    "knows the plan is a disaster. <script>document.title='hacked'</script>"
)


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Voilà server for notebook 06 on a free loopback port (stopped after the module)."""
    tmp: Path = tmp_path_factory.mktemp("voila")
    port = free_port()
    command = [sys.executable, "-m", "voila", NOTEBOOK, "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1"]
    log_path = tmp / "voila.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(f"{url}api/status", process, log_path, "Voilà")
        yield url
    finally:
        stop_process(process)


def test_paste_analyze_and_see_highlights(browser, voila_url: str) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1300, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(voila_url, timeout=120_000)
        app = page.locator(".pl-your-text").first
        app.wait_for(timeout=120_000)
        assert "import AnalyzeYourText" not in page.inner_text("body")  # Voilà hides code
        # The app opens with its fictional example already analysed, the form above it.
        opened = page.locator(".pl-your-highlights")
        wait_for_text(opened, "Your text", timeout_ms=60_000)
        assert app.locator(".pl-your-article textarea").input_value().startswith("Sarnet")
        form_top = app.locator(".pl-your-article").bounding_box()
        results_top = opened.bounding_box()
        assert form_top and results_top and form_top["y"] < results_top["y"]
        page.locator(".pl-your-article textarea").fill(ARTICLE)
        page.locator("button.pl-analyze").click()
        highlights = page.locator(".pl-your-highlights")
        # The example's results are on screen already: wait for the pasted article's own.
        wait_for_text(highlights, "port authority admitted", timeout_ms=60_000)
        # Precision-first: these cues are weak on real text, so they wait behind the switch.
        assert highlights.locator("mark.pl-mark").count() == 0
        # Never a silent page: what was held back, how often such cues are right, the
        # strongest as worth a look, and the switch that is on screen.
        wait_for_text(highlights, "Nothing here reached the default view's bar")
        wait_for_text(highlights, "Worth a look")
        page.locator(".pl-weak-toggle input[type=checkbox]").check()
        expect(highlights.locator("mark.pl-mark.pl-weak").first).to_be_visible(timeout=30_000)
        assert highlights.locator("mark.pl-mark").count() >= 2
        assert "(weak cue)" in highlights.inner_text()
        assert "<script>" in highlights.inner_text()  # shown as text, never run
        assert page.title() != "hacked"
        wait_for_text(page.locator(".pl-download"), "Download the full report")
        with page.expect_download(timeout=60_000) as download:
            page.locator("button.pl-download").click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert "port authority admitted" in saved and "<script>document" not in saved
        # Empty input afterwards: a message, and the app keeps working.
        page.locator(".pl-your-article textarea").fill("")
        page.locator("button.pl-analyze").click()
        wait_for_text(app.locator(".pl-message"), "The article is empty")
        expect(page.locator(".pl-download")).to_have_count(0)  # old results are cleared
        screenshot(page, "06_voila_app")
    finally:
        context.close()
