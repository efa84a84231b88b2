"""An instructor pack slide deck in a real browser with the network cut: reveal.js (copied from
its npm package into the build) runs, and the deck shows one slide at a time, not one long
page."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.browser.jupyter import ROOT, screenshot


def _build_tool():
    spec = importlib.util.spec_from_file_location("build_handouts",
                                                  ROOT / "tools" / "build_handouts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_handouts"] = module
    spec.loader.exec_module(module)
    return module


def test_a_deck_runs_offline(browser, tmp_path: Path) -> None:
    tool = _build_tool()
    if not (tool.REVEAL_PACKAGE / "dist" / "reveal.js").is_file():
        pytest.skip("reveal.js is not installed: run `bash tools/ensure_reveal.sh` (needs npm)")
    tool.build(tmp_path / "pack")
    deck = tmp_path / "pack" / "slides" / "seminar_1_framing.slides.html"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested: list[str] = []

    def offline(route) -> None:
        requested.append(route.request.url)
        route.abort()

    page.route("http://**/*", offline)
    page.route("https://**/*", offline)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total > 5
        assert page.locator(".reveal .slides > section.present").count() == 1
        first = page.locator(".reveal .slides > section.present").inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=10_000)
        assert page.locator(".reveal .slides > section.present").inner_text() != first
        assert requested == [] and errors == []
        page.wait_for_timeout(1_000)  # the slide transition
        screenshot(page, "slide_deck_offline")
    finally:
        context.close()
