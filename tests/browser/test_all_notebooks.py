"""Every notebook and every exercise solution, in a real JupyterLab, audited.

Each notebook in ``notebooks/`` and each ``exercises/*_solution.ipynb`` (globbed, so new ones
are picked up) is run once per session:
- by its dedicated test (a ``tests/browser/test_*.py`` with ``NOTEBOOK = "..."``), which drives
  its key widget in JupyterLab (the Voilà test does not count: it is not JupyterLab), or
- here: open, run all, no error outputs, drive one widget (the first dropdown, else the first
  button, of our first widget must change what the widget shows) or, for exercise solutions,
  every check says Correct; a screenshot of the key widget goes to screenshots/.
Either way the ``page`` fixture then audits the run (conftest.py): no console errors from our
widgets, no serious/critical axe-core violations in our outputs (all violations are written to
screenshots/axe-report.json).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.jupyter import (
    ROOT,
    error_outputs,
    key_widget_screenshot,
    open_and_run_all,
)

HERE = Path(__file__).parent
_NOTEBOOK_PATH = re.compile(r"""["']((?:notebooks|exercises)/[^"']+\.ipynb)["']""")


def all_notebooks() -> list[str]:
    notebooks = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(
        ROOT.glob("exercises/*_solution.ipynb")
    )
    return [str(path.relative_to(ROOT)) for path in notebooks]


def dedicated_tests() -> dict[str, str]:
    """Notebook -> the browser test file that runs and drives it."""
    found: dict[str, str] = {}
    for test_file in sorted(HERE.glob("test_*.py")):
        if test_file.name == Path(__file__).name:
            continue
        source = test_file.read_text(encoding="utf-8")
        if "open_and_run_all(" not in source:
            continue  # e.g. the Voilà test: it runs a notebook, but not in JupyterLab
        for notebook in _NOTEBOOK_PATH.findall(source):
            found.setdefault(notebook, test_file.name)
    return found


UNCOVERED = [nb for nb in all_notebooks() if nb not in dedicated_tests()]


def test_every_notebook_is_run_in_the_browser() -> None:
    """Each notebook is run (and audited) by exactly one browser test: dedicated or here."""
    covered = set(dedicated_tests()) | set(UNCOVERED)
    assert set(all_notebooks()) <= covered
    assert any(nb.startswith("exercises/") for nb in UNCOVERED), "solutions must be run here"
    missing = [nb for nb in dedicated_tests() if not (ROOT / nb).exists()]
    assert missing == [], f"browser tests name notebooks that do not exist: {missing}"


def _drive_one_widget(page) -> bool:
    """Pick another option in the first dropdown of our first widget (or, without one, press
    its first button); what the widget shows must change. False: no widget to drive.
    """
    widget = page.locator(".pl-widget", has=page.locator(".widget-dropdown select")).first
    if widget.count():
        select = widget.locator(".widget-dropdown select").first
        if select.locator("option").count() >= 2:
            widget.scroll_into_view_if_needed()
            before = widget.inner_text()
            current = select.evaluate("s => s.selectedIndex")
            select.select_option(index=1 if current != 1 else 0)
            expect(widget).not_to_have_text(before, timeout=60_000)
            return True
    widget = page.locator(".pl-widget", has=page.locator("button")).first
    if widget.count() == 0:
        return False
    widget.scroll_into_view_if_needed()
    before = widget.inner_text()
    widget.locator("button").first.click()
    expect(widget).not_to_have_text(before, timeout=60_000)
    return True


@pytest.mark.parametrize("notebook", UNCOVERED)
def test_notebook_runs_cleanly(page, lab_server, notebook: str) -> None:
    open_and_run_all(page, lab_server, notebook)
    assert error_outputs(page) == []
    if notebook.endswith("_solution.ipynb"):
        checks = page.locator(".jp-OutputArea .pl-check")
        assert checks.count() > 0, "a solution notebook must show its checks"
        verdicts = checks.evaluate_all("els => els.map(e => e.className + ' ' + e.innerText)")
        not_correct = [v for v in verdicts if "pl-check-correct" not in v]
        assert not_correct == [], not_correct
    else:
        assert _drive_one_widget(page), f"{notebook}: found no widget of ours to drive"
    key_widget_screenshot(page, Path(notebook).stem)
