"""Fixtures for the real-browser tests: one JupyterLab server and one Chromium for the package.

Package scope, not session: Playwright's sync API marks an asyncio loop as running in the main
thread while it is active, which would change how widgets behave in the unit tests run after.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.jupyter import (
    CHROMIUM_ARGS,
    OPENED,
    LabServer,
    axe_audit,
    chromium_executable,
    running_lab,
    widget_console_errors,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    executable = chromium_executable()
    if executable is None:
        message = (
            "BROWSER TESTS SKIPPED: Debian's chromium is not installed "
            "(run `make browser-deps` as root, or `sudo apt-get install chromium`)."
        )
        warnings.warn(message, stacklevel=1)
        print("\n" + "#" * 80 + "\n" + message + "\n" + "#" * 80)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, lab_server: LabServer, request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    lab_server.console_errors.clear()
    page.on(
        "console",
        lambda message: lab_server.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    # Uncaught exceptions in widget JavaScript land here, not in the console.
    page.on("pageerror", lambda error: lab_server.console_errors.append(f"pageerror: {error}"))
    yield page
    try:
        _audit_opened_notebook(request, page, lab_server)
    finally:
        OPENED.pop(id(page), None)
        context.close()


def _audit_opened_notebook(request: pytest.FixtureRequest, page, lab_server: LabServer) -> None:
    """After a passing test that ran a notebook: no widget console errors, no serious or
    critical axe violations in our outputs (all violations go to screenshots/axe-report.json).

    Done here, once per notebook run, so the per-notebook tests get the audit without running
    their notebook a second time.
    """
    notebook = OPENED.get(id(page))
    report = getattr(request.node, "rep_call", None)
    if notebook is None or report is None or not report.passed:
        return
    problems = []
    console = widget_console_errors(lab_server.console_errors)
    if console:
        problems.append(f"console errors from our widgets: {console}")
    serious = axe_audit(page, Path(notebook).stem)
    if serious:
        lines = [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
                 for v in serious]
        problems.append("axe: " + "; ".join(lines))
    if problems:
        pytest.fail(f"{notebook}: " + " | ".join(problems), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On a failed browser test, keep a screenshot and the page HTML for the post-mortem."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)  # the page fixture audits only passing tests
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        from tests.browser.jupyter import SCREENSHOTS

        SCREENSHOTS.mkdir(exist_ok=True)
        name = f"FAILED-{item.name}"
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
            (SCREENSHOTS / f"{name}.html").write_text(page.content())
        except Exception as error:  # the page may already be gone
            print(f"could not save failure screenshot: {error}")
