"""Notebook 04 in a real JupyterLab: masked by default, reveal works, bars follow the choice."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.jupyter import error_outputs, open_and_run_all, screenshot, wait_for_text

NOTEBOOK = "notebooks/04_dehumanizing_language.ipynb"


def _wait_change(locator, old: str) -> str:
    """Wait until the (re-resolved) locator shows non-empty text other than ``old``."""
    expect(locator).not_to_have_text(old, timeout=30_000)
    expect(locator).not_to_have_text("", timeout=30_000)
    return locator.inner_text()


def test_lens_and_label_compare(page, lab_server) -> None:
    open_and_run_all(page, lab_server, NOTEBOOK)
    assert error_outputs(page) == []

    lens = page.locator(".pl-dehumanization-lens").first
    lens.wait_for(timeout=60_000)
    lens.scroll_into_view_if_needed()
    assert "Content note" in lens.locator(".pl-content-note").inner_text()
    evidence = lens.locator(".pl-dehum-evidence")
    assert "tesks" not in evidence.inner_text()
    assert "t••••" in evidence.inner_text()

    # Switching the group redraws the bars (their text summary changes with them).
    summary = lens.locator(".pl-dehum-summary")
    before = summary.inner_text()
    lens.locator(".widget-dropdown select").nth(1).select_option(index=1)
    after = _wait_change(summary, before)
    assert "Bars (per 100 mentions)" in after

    # Reveal shows the epithet; the numbers stay the same.
    lens.locator("button", has_text="Reveal epithets").click()
    wait_for_text(evidence, "tesks")
    assert summary.inner_text() == after
    screenshot(page, "04_dehumanization_lens")

    # LabelCompare: switch to the invented vermin label; the metaphor bar jumps.
    compare = page.locator(".pl-label-compare").first
    compare.scroll_into_view_if_needed()
    label_summary = compare.locator(".pl-label-summary")
    neutral = label_summary.inner_text()
    assert "Dehumanizing metaphors 0.0" in neutral
    labels = compare.locator(".widget-dropdown select").nth(1)
    # The vermin label is masked in the menu ('K•••… (dehumanizing)'): pick it by its kind.
    masked = next(text for text in labels.locator("option").all_inner_texts()
                  if text.strip().endswith("(dehumanizing)"))
    labels.select_option(label=masked.strip())
    changed = _wait_change(label_summary, neutral)
    assert "Dehumanizing metaphors 85.7" in changed
    options = compare.locator(".widget-dropdown select").nth(1).inner_text()
    assert "tesks" not in options  # the epithet label is masked in the menu too
    screenshot(page, "04_label_compare")
