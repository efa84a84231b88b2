"""Every committed notebook, opened in JupyterLab and not run, shows widget snapshots, no reprs.

A reader who opens a notebook before running it (or without a kernel) must see what each
widget showed when it was saved, with the note that running the cell makes it interactive,
never a text repr such as ``WhoDoesWhat(children=(Textarea(...``.
"""

from __future__ import annotations

import json
import re

from tests.browser.jupyter import ROOT

NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for p in
                   [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])
WIDGET_REPR = re.compile(r"\b[A-Z]\w+\((children|value|options|layout)=")


def _snapshots_saved(relative_path: str) -> int:
    cells = json.loads((ROOT / relative_path).read_text())["cells"]
    return sum("pl-snapshot" in "".join(output.get("data", {}).get("text/html", ""))
               for cell in cells for output in cell.get("outputs", []))


def test_unexecuted_notebooks_show_snapshots_not_widget_reprs(page, lab_server) -> None:
    problems = []
    for notebook in NOTEBOOKS:
        page.goto(lab_server.notebook_url(notebook))
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_timeout(500)  # outputs render just after the cells
        text = page.locator(".jp-Notebook").inner_text()
        found = WIDGET_REPR.search(text)
        if found:
            problems.append(f"{notebook}: widget repr visible: {text[found.start():][:60]!r}")
        expected = _snapshots_saved(notebook)
        shown = page.locator(".jp-Notebook .pl-snapshot").count()
        if shown < expected:
            problems.append(f"{notebook}: {shown} of {expected} saved snapshots visible")
        if expected and "run the cell to interact" not in text:
            problems.append(f"{notebook}: no 'run the cell to interact' note")
    assert problems == []
    assert sum(_snapshots_saved(n) for n in NOTEBOOKS) >= len(NOTEBOOKS)  # widgets do show
