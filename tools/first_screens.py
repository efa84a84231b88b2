"""Screenshots of what a newcomer sees first, for the README and issue 27's review.

Usage: python tools/first_screens.py   (writes docs/img/*.png; needs Debian's chromium, like
the browser tests). JupyterLab runs as a learner has it (``running_lab(learner=True)``: a
course copy, default settings), so the lessons show with their code folded.

* ``00_first_screen.png``: notebook 00 as opened (not run): the start line, the first look;
* ``voila_first_screen.png``: the Voilà app of notebook 06, its example analysed;
* ``app_findings_badges.png``: the app's findings, each with its compact precision badge,
  one of them opened;
* ``01_catalogue.png``: the searchable catalogue of notebook 01, searched for "quot" (one
  line per technique; a click opens its card);
* ``03_context_slider.png``: notebook 03's context slider at its widest step, the step
  written out in full;
* ``00_quiz_chosen.png``: the self-check with answers chosen (each carries a check mark);
* ``05_documents.png``: the case study's wire report shown as text.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.jupyter import (  # noqa: E402
    CHROMIUM_ARGS,
    LabServer,
    chromium_executable,
    free_port,
    running_lab,
    stop_process,
    wait_until_serving,
)

OUT = ROOT / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 860}
#: A tall laptop screen: the app's form and the first results of its example.
APP_VIEWPORT = {"width": 1280, "height": 1200}


def open_notebook(browser, server: LabServer, path: str, run: bool):
    """A page with ``path`` open (and, with ``run``, every cell run via the Run menu)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{server.url}/lab/tree/{path}?token={server.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)
    page.locator(".jp-SideBar .lm-TabBar-tab.lm-mod-current").first.click()  # file browser
    if run:
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='busy']",
                               timeout=30_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=300_000)
    return page


def find(page, selector: str):
    """The first element matching ``selector``, scrolling the (windowed) notebook to it."""
    element = page.locator(selector).first
    page.locator(".jp-NotebookPanel-notebook").first.click(position={"x": 5, "y": 5})
    for _ in range(80):
        if element.count():
            break
        page.keyboard.press("PageDown")
        page.wait_for_timeout(200)
    element.scroll_into_view_if_needed(timeout=30_000)
    page.wait_for_timeout(800)
    return element


def shoot(element, name: str) -> None:
    element.screenshot(path=str(OUT / name))
    print(f"wrote {OUT / name}")


def lesson_screens(browser, server: LabServer) -> None:
    page = open_notebook(browser, server, "notebooks/00_start_here.ipynb", run=False)
    page.wait_for_selector(".pl-first-look", timeout=120_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "00_first_screen.png"))
    print(f"wrote {OUT / '00_first_screen.png'}")
    page.close()

    page = open_notebook(browser, server, "notebooks/00_start_here.ipynb", run=True)
    quiz = find(page, ".pl-quiz")
    choices = quiz.locator(".pl-quiz-choice")
    choices.nth(0).locator("button", has_text="Manipulative").click()
    choices.nth(1).locator("button", has_text="Fair").click()
    page.wait_for_timeout(800)
    box = quiz.bounding_box()
    second = choices.nth(2).bounding_box()
    if box and second:
        page.screenshot(path=str(OUT / "00_quiz_chosen.png"),
                        clip={"x": box["x"], "y": box["y"], "width": box["width"],
                              "height": second["y"] - box["y"]})
        print(f"wrote {OUT / '00_quiz_chosen.png'}")
    page.close()

    page = open_notebook(browser, server, "notebooks/01_techniques_overview.ipynb", run=True)
    catalogue = find(page, ".pl-catalogue-browser")
    catalogue.locator(".pl-catalogue-search input").fill("quot")
    page.wait_for_timeout(1000)
    shoot(catalogue, "01_catalogue.png")
    page.close()

    page = open_notebook(browser, server, "notebooks/03_selective_quoting.ipynb", run=True)
    slider = find(page, ".pl-context-slider")
    handle = slider.locator(".pl-context-level .noUi-handle").first
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1000)
    shoot(slider.locator(".pl-context-level").first.locator("xpath=..").first,
          "03_context_slider.png")
    page.close()

    page = open_notebook(browser, server, "notebooks/05_case_study.ipynb", run=False)
    shoot(find(page, ".pl-document"), "05_documents.png")
    page.close()


def app_screens(browser, tmp: str) -> None:
    port = free_port()
    log_path = Path(tmp) / "voila.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", "notebooks/06_your_own_text.ipynb",
             "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime")})
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(f"{url}api/status", process, log_path, "Voilà")
        page = browser.new_page(viewport=APP_VIEWPORT)
        page.goto(url, timeout=120_000)
        page.wait_for_selector(".pl-your-highlights mark, .pl-your-highlights table",
                               timeout=120_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(OUT / "voila_first_screen.png"))
        print(f"wrote {OUT / 'voila_first_screen.png'}")
        findings = page.locator(".pl-your-highlights .pl-findings").first
        findings.locator("details.pl-precision summary").first.click()
        page.wait_for_timeout(500)
        shoot(findings, "app_findings_badges.png")
    finally:
        stop_process(process)


def main() -> int:
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        print("Debian's chromium is not installed (make browser-deps)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        with running_lab(Path(tmp) / "lab", learner=True) as server:
            lesson_screens(browser, server)
        app_screens(browser, tmp)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
