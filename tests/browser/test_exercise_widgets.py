"""The exercises in a real JupyterLab, answered only through widgets (issue 16, item 3).

One task per lens, never typing Python: in 02 the hidden agents are marked with real mouse
drags, in 03 two verdicts are chosen from menus, in 04 the metaphor sentences are ticked. Each
time the task's own checker must answer "Correct", and the answer must be saved beside the
notebook (the file is put back as it was afterwards).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from propaganda_lab.learner_files import backup_path
from propaganda_lab.widgets.exercise_answer import ANSWERS_FILE
from tests.browser.jupyter import (
    ROOT,
    drag_select,
    error_outputs,
    open_and_run_all,
    screenshot,
    wait_for_text,
)

ANSWERS = ROOT / "exercises" / ANSWERS_FILE


@pytest.fixture
def saved_answers() -> Iterator[None]:
    """No earlier answers restored into the run; the learner's own file put back after."""
    saved = ANSWERS.read_bytes() if ANSWERS.exists() else None
    backup = backup_path(ANSWERS)
    saved_backup = backup.read_bytes() if backup.exists() else None
    ANSWERS.unlink(missing_ok=True)
    try:
        yield
    finally:
        ANSWERS.unlink(missing_ok=True)
        backup.unlink(missing_ok=True)
        if saved is not None:
            ANSWERS.write_bytes(saved)
        if saved_backup is not None:
            backup.write_bytes(saved_backup)


def _answer_widget(page, notebook: str, task: str):
    widget = page.locator(f".pl-exercise-answer.pl-ea-{task}").first
    widget.wait_for(timeout=60_000)
    widget.scroll_into_view_if_needed()
    assert "Correct" not in widget.inner_text(), f"{notebook} {task} starts with a verdict"
    return widget


def _check(page, widget, name: str) -> None:
    """Press Check and wait for the verdict. On a loaded machine a click that lands while the
    widget is re-rendering after the last mark can be lost (seen once in CI: the result stayed
    empty), so an empty result gets the click again; Check is idempotent."""
    result = widget.locator(".pl-ea-result")
    for attempt in range(3):
        widget.locator("button", has_text="Check my answer").click()
        try:
            wait_for_text(result, "Correct", timeout_ms=20_000)
            break
        except AssertionError:
            if attempt == 2 or result.inner_text().strip():
                raise  # a verdict that is not "Correct" is a real failure
    screenshot(page, name)


def _saved(task_id: str) -> dict:
    return json.loads(ANSWERS.read_text())["answers"][task_id]


def test_framing_hidden_agents_marked_with_the_mouse(page, lab_server, saved_answers) -> None:
    notebook = "exercises/02_framing.ipynb"
    open_and_run_all(page, lab_server, notebook)
    assert error_outputs(page) == []
    widget = _answer_widget(page, notebook, "task_3")
    phrases = ["The Kessa fish market was closed", "Stalls were damaged",
               "two traders were injured"]
    for count, phrase in enumerate(phrases, start=1):
        drag_select(page, ".pl-ea-task_3 .pl-selectable", phrase)
        wait_for_text(widget.locator(".pl-ea-selected"), phrase)
        widget.locator("button", has_text="Mark selection").click()
        expect(widget.locator("mark.pl-learner-mark")).to_have_count(count, timeout=30_000)
    _check(page, widget, "02_exercise_answer_mouse")
    assert widget.locator("mark.pl-learner-mark").all_inner_texts() == phrases

    # The bridge to code: the Python line that gives the same answer.
    widget.get_by_text("Show as code", exact=True).first.click()
    wait_for_text(widget.locator(".pl-ea-code"), "HIDDEN = ['The Kessa fish market was closed'")
    assert [p["text"] for p in _saved("02_framing/task_3")["phrases"]] == phrases


def test_quoting_verdicts_chosen_from_menus(page, lab_server, saved_answers) -> None:
    notebook = "exercises/03_selective_quoting.ipynb"
    open_and_run_all(page, lab_server, notebook)
    assert error_outputs(page) == []
    widget = _answer_widget(page, notebook, "task_4")
    menus = widget.locator(".pl-ea-choice select")
    expect(menus).to_have_count(2)
    menus.nth(0).select_option(label="unfair (the meaning changes)")
    menus.nth(1).select_option(label="fair (the meaning survives)")
    _check(page, widget, "03_exercise_answer_menus")
    assert _saved("03_selective_quoting/task_4") == {"choices": {"A": "unfair", "B": "fair"}}


def test_dehumanization_metaphors_ticked(page, lab_server, saved_answers) -> None:
    notebook = "exercises/04_dehumanizing_language.ipynb"
    open_and_run_all(page, lab_server, notebook)
    assert error_outputs(page) == []
    widget = _answer_widget(page, notebook, "task_2")
    for start in ("2. A flood of Pellani", "4. The Pellani breed", "6. The Pellani are a plague"):
        widget.locator(".pl-ea-number", has_text=start).locator("input").check()
    _check(page, widget, "04_exercise_answer_ticks")
    assert _saved("04_dehumanizing_language/task_2")["numbers"] == [2, 4, 6]
