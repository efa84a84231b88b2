"""Fixtures for the real-browser tests: one JupyterLab server and one Chromium per session."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from tests.browser.jupyter import CHROMIUM_ARGS, LabServer, chromium_executable, running_lab


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
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
def page(browser, lab_server: LabServer):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    lab_server.console_errors.clear()
    page.on(
        "console",
        lambda message: lab_server.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On a failed browser test, keep a screenshot and the page HTML for the post-mortem."""
    outcome = yield
    report = outcome.get_result()
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
