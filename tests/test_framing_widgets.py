"""Framing widgets in plain Python: they build, react to input and never show a traceback."""

from __future__ import annotations

import pytest

from propaganda_lab.widgets.agency_view import OWN_TEXT as AGENCY_OWN
from propaganda_lab.widgets.agency_view import AgencyView
from propaganda_lab.widgets.frame_compare import OWN_TEXT, FrameCompare
from propaganda_lab.widgets.reframe_sandbox import ReframeSandbox

SANDBOX_TEXT = "The regime slapped fees on farmers while a mob of rioters blocked the road."


def test_sandbox_swap_changes_text_highlights_and_count() -> None:
    sandbox = ReframeSandbox(SANDBOX_TEXT)
    assert repr(sandbox) == "ReframeSandbox(text=...)"
    assert "4 loaded term(s) now" in sandbox.status.value
    assert ">regime<" in sandbox.highlight.value.replace("</mark>", "<")
    sandbox.swap("regime")
    assert sandbox.text.value.startswith("The government slapped fees")
    assert "3 loaded term(s) now; 4 in the text before swaps" in sandbox.status.value
    sandbox.swap("rioters")
    assert "a mob of protesters blocked" in sandbox.text.value
    sandbox._reset()
    assert sandbox.text.value == SANDBOX_TEXT


def test_sandbox_swap_all_and_learner_edit_rebases() -> None:
    sandbox = ReframeSandbox(SANDBOX_TEXT)
    sandbox._swap_all()
    assert sandbox.text.value == (
        "The government imposed fees on farmers while a crowd of protesters blocked the road."
    )
    assert "0 loaded term(s) now" in sandbox.status.value
    sandbox.text.value = "Thugs stormed the depot."
    assert [d.description for d in sandbox.swaps.children] == ["'Thugs':", "'stormed':"]


def test_sandbox_empty_text_gives_a_hint_not_an_error() -> None:
    sandbox = ReframeSandbox(SANDBOX_TEXT)
    sandbox.text.value = "   "
    assert "empty" in sandbox.message.value and sandbox.swaps.children == ()
    with pytest.raises(ValueError, match="No swappable"):
        sandbox.swap("regime")


def test_frame_compare_builds_for_the_case_pair_and_own_text() -> None:
    widget = FrameCompare()
    assert repr(widget) == (
        "FrameCompare(a='harbor_protest_ledger', b='harbor_protest_truthwatch')"
    )
    assert "Two reports compared" in widget.summary.value
    assert "Same referent, different words" in widget.summary.value
    assert widget.highlights.value.count("pl-highlight") >= 2
    widget.side_b.picker.value = OWN_TEXT
    widget.side_b.text.value = ""
    widget.update()
    assert "text B is empty" in widget.message.value


def test_agency_view_toggle_shows_who_markers() -> None:
    view = AgencyView("harbor_protest_ledger")
    assert "Tear gas was used" in view.text_view.value
    view.show_who.value = True
    assert "[by whom?]" in view.text_view.value
    view.picker.value = AGENCY_OWN
    view.text.value = "Police fired tear gas."
    assert "[by whom?]" not in view.text_view.value
    assert "0 with a hidden agent" in view.message.value
