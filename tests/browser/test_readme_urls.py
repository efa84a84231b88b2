"""The two URLs the README and its Binder badges give, opened exactly as written on a
``jupyter lab`` server with the settings a learner has (JupyterLab's defaults plus the
project's overrides.json), in the course copy ``make lab`` serves.

The rest of the browser suite uses its own settings (autosave off, every cell rendered) and a
standalone ``voila``; this module is the learner's path: the start notebook in JupyterLab and
the Voilà app through JupyterLab's own server, where a markdown image once stopped the app
("Executing 1 of 11", ``TypeError: 'coroutine' object is not subscriptable``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from propaganda_lab.render import technique_name
from tests.browser.jupyter import (
    ROOT,
    LabServer,
    click_run_all,
    error_outputs,
    running_lab,
    screenshot,
    wait_for_text,
)

LAB_PATH = "lab/tree/notebooks/00_start_here.ipynb"
APP_PATH = "voila/render/notebooks/06_your_own_text.ipynb"
#: A pasted article with two quotations and no source (fictional).
PASTED = (
    "Council vote delayed\n\n"
    "Mayor Ilse Varn said the harbour plan \"will create jobs\". The opposition leader, Tomas "
    "Reil, called it \"a reckless gamble\". Mistakes were made, officials admitted."
)


#: Quoting techniques only a source can show (a clipped fragment is also seen without one).
SOURCE_ONLY = ("fabricated_quote", "misattribution", "dropped_qualifier", "splicing",
               "altered_quote", "context_stripping")


def readme_urlpaths() -> list[str]:
    """The ``urlpath=`` of every Binder link in the README, in order."""
    return re.findall(r"mybinder\.org/v2/gh/[^)\s]*?\?urlpath=([^)\s&]+)",
                      (ROOT / "README.md").read_text(encoding="utf-8"))


def _course_digest() -> str:
    """A hash of the course notebooks as committed (what autosave must never rewrite)."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    before = _course_digest()
    with running_lab(tmp_path_factory.mktemp("learner-lab"), learner=True) as server:
        yield server
    assert _course_digest() == before, "a learner's run changed the committed course files"


def test_the_readme_gives_exactly_the_urls_tested_here() -> None:
    assert readme_urlpaths() == [LAB_PATH, APP_PATH]
    makefile = (ROOT / "Makefile").read_text()
    assert f"--LabApp.default_url=/{LAB_PATH}" in makefile  # make lab lands on the same page


def test_start_notebook_url_opens_and_its_widget_works(browser, learner_lab: LabServer) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{learner_lab.url}/{LAB_PATH}?token={learner_lab.token}", timeout=120_000)
        # The saved first screen shows before anything runs.
        expect(page.locator(".pl-first-look").first).to_be_visible(timeout=120_000)
        assert page.url.split("?")[0].endswith(LAB_PATH)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=120_000)
        # Run all, as the notebook's first line tells a learner to.
        click_run_all(page)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=240_000)
        # Default settings window long notebooks: scroll the parser widget into view.
        widget = page.locator(".pl-widget", has=page.locator(".pl-events-result")).first
        for _ in range(40):
            if widget.count():
                break
            page.locator(".jp-NotebookPanel-notebook").first.press("PageDown")
            page.mouse.wheel(0, 900)
            page.wait_for_timeout(250)
        widget.scroll_into_view_if_needed(timeout=30_000)
        result = widget.locator(".pl-events-result")
        expect(result).to_contain_text("[who?]", timeout=60_000)
        widget.locator("textarea").fill("The border guards burned the fishing boats.")
        widget.locator("button", has_text="Who does what?").click()
        expect(result).to_contain_text("The border guards", timeout=30_000)
        assert error_outputs(page) == []
        screenshot(page, "readme_lab_url")
    finally:
        context.close()


def test_app_url_renders_on_the_jupyterlab_server(browser, learner_lab: LabServer) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{learner_lab.url}/{APP_PATH}?token={learner_lab.token}", timeout=120_000)
        app = page.locator(".pl-your-text").first
        app.wait_for(timeout=120_000)
        highlights = page.locator(".pl-your-highlights")
        wait_for_text(highlights, "Your text", timeout_ms=60_000)
        assert "import AnalyzeYourText" not in page.inner_text("body")
        # A learner pastes an article of their own: the example's source goes with the example.
        page.locator(".pl-your-article textarea").fill(PASTED)
        expect(page.locator(".pl-your-sources textarea")).to_have_value("", timeout=30_000)
        page.locator("button.pl-analyze").click()
        wait_for_text(highlights, "Council vote delayed", timeout_ms=60_000)
        summary_tab = page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Summary").first
        summary_tab.click()
        wait_for_text(app, "Sources used: none given")
        page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Quotes").first.click()
        wait_for_text(app, "No source was given, so the quotes were not traced")
        page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Highlights").first.click()
        page.locator(".pl-weak-toggle input[type=checkbox]").check()  # every finding, weak too
        wait_for_text(highlights, "(weak cue)")
        shown = highlights.inner_text()
        for technique in SOURCE_ONLY:  # nothing that only a source could show
            assert technique_name(technique) not in shown, technique
        # The report is built when asked for, and saved as a file.
        with page.expect_download(timeout=60_000) as download:
            page.locator("button.pl-download").click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == "propaganda_lab_report.html"
        assert saved.startswith("<!DOCTYPE html>") and "Council vote delayed" in saved
        screenshot(page, "readme_app_url_on_lab")
    finally:
        context.close()
    log = learner_lab.log_path.read_text(errors="replace")
    assert "Traceback" not in log and "is not subscriptable" not in log, log[-3000:]
