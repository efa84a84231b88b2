"""Notebook 01 in a real JupyterLab: the explorer responds, and a mouse-marked span is scored."""

from __future__ import annotations

import json
from pathlib import Path

from propaganda_lab.techniques import get_technique
from tests.browser.jupyter import (
    ROOT,
    drag_select,
    error_outputs,
    open_and_run_all,
    screenshot,
    wait_for_text,
)

NOTEBOOK = "notebooks/01_techniques_overview.ipynb"
ANSWERS = ROOT / "notebooks" / "spot_harbor_protest_ledger.answers.json"


def test_explorer_and_spot_the_technique(page, lab_server) -> None:
    saved = ANSWERS.read_bytes() if ANSWERS.exists() else None
    ANSWERS.unlink(missing_ok=True)
    try:
        open_and_run_all(page, lab_server, NOTEBOOK)
        assert error_outputs(page) == []

        # The explorer: switching technique replaces the card and the corpus examples.
        explorer = page.locator(".pl-explorer").first
        explorer.wait_for(timeout=60_000)
        assert "Loaded language" in explorer.locator(".pl-card").inner_text()
        explorer.locator(".widget-dropdown select").select_option(
            label=get_technique("whataboutism").name
        )
        wait_for_text(explorer.locator(".pl-card"), get_technique("whataboutism").name)
        assert "example(s) in the teaching corpus" in explorer.inner_text()

        # Spot the technique: mark "Tear gas was used" with the mouse, label it, check.
        spot = page.locator(".pl-spot").first
        spot.scroll_into_view_if_needed()
        drag_select(page, ".pl-spot .pl-selectable", "Tear gas was used")
        wait_for_text(spot, "Selected:")
        assert "Tear gas was used" in spot.locator(".pl-selected").inner_text()
        name = get_technique("hidden_agency").name
        spot.locator(".widget-dropdown select").first.select_option(label=f"{name} (framing)")
        spot.locator("button", has_text="Mark it").click()
        page.wait_for_selector(".pl-spot mark.pl-learner-mark", timeout=30_000)
        assert spot.locator("mark.pl-learner-mark").first.inner_text() == "Tear gas was used"

        spot.locator("button", has_text="Check my answer").click()
        result = spot.locator(".pl-spot-result")
        wait_for_text(result, "Score:")
        score = result.inner_text()
        assert "precision 100%" in score and "recall 33%" in score, score  # 1 of 3 key spans
        assert "Missed" in score  # the other gold span is explained
        screenshot(page, "01_spot_the_technique")

        # Auto-saved beside the notebook, so a kernel restart loses nothing.
        data = json.loads(Path(ANSWERS).read_text())
        assert data["marks"] == [
            {"technique": "hidden_agency", "start": 1364, "end": 1381, "text": "Tear gas was used"}
        ]
    finally:
        ANSWERS.unlink(missing_ok=True)
        if saved is not None:
            ANSWERS.write_bytes(saved)
