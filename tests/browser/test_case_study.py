"""Notebook 05 in a real JupyterLab: the post-course self-check scores answers in the page."""

from __future__ import annotations

from tests.browser.jupyter import (
    ROOT,
    error_outputs,
    open_and_run_all,
    screenshot,
    wait_for_text,
)

NOTEBOOK = "notebooks/05_case_study.ipynb"
RESULTS = ROOT / "notebooks" / "propaganda_lab_quiz_results.json"


def test_self_check_quiz_reports_hits_and_false_alarms(page, lab_server) -> None:
    saved = RESULTS.read_bytes() if RESULTS.exists() else None
    try:
        open_and_run_all(page, lab_server, NOTEBOOK)
        assert error_outputs(page) == []
        assert page.locator(".pl-quote-audit").count() == 1  # the audit rendered too

        quiz = page.locator(".pl-quiz").first
        quiz.wait_for(timeout=60_000)
        quiz.scroll_into_view_if_needed()
        choices = quiz.locator(".pl-quiz-choice")
        assert choices.count() == 20
        # Calling everything manipulative: every hit, every false alarm, no discrimination.
        for index in range(20):
            choices.nth(index).locator("button", has_text="Manipulative").click()
        quiz.locator("button", has_text="Score my answers").click()
        result = quiz.locator(".pl-quiz-result")
        wait_for_text(result, "False alarms: you called 10 of 10 fair passages")
        assert "Hits: you called 10 of 10" in result.inner_text()
        assert "d' = 0.00" in result.inner_text()
        wait_for_text(quiz.locator(".pl-message"), "Saved as your 'post' result")
        screenshot(page, "05_self_check_quiz")
    finally:  # the lab serves the repository: leave no quiz result behind
        if saved is None:
            RESULTS.unlink(missing_ok=True)
        else:
            RESULTS.write_bytes(saved)
