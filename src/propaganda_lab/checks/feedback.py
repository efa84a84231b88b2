"""The verdict a checker returns, and the decorator that keeps a checker from ever raising.

Every checker answers three situations with a specific message: not attempted yet (a hint on
how to start), attempted but wrong (what exactly is off, without giving the answer away), and
right (why it is right). This module is the bottom of ``checks``: the key, the answer
helpers and the checker modules all build their verdicts with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from propaganda_lab.views import notice_html

__all__ = ["CheckFunction", "Feedback", "checker", "correct", "hint", "incorrect"]

#: status -> (message-box tone in views.notice_html, the words a learner reads)
_STYLES = {
    "correct": ("correct", "Correct"),
    "incorrect": ("incorrect", "Not yet"),
    "hint": ("info", "Hint"),
}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one exercise answer; ``status`` is correct, incorrect or hint."""

    task: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def _repr_html_(self) -> str:
        tone, label = _STYLES.get(self.status, _STYLES["hint"])
        return notice_html(self.message, tone, heading=f"{self.task} — {label}",
                           css_class=f"pl-check pl-check-{self.status}")

    def __repr__(self) -> str:  # what nbval compares as text/plain, and what a console shows
        _, label = _STYLES.get(self.status, _STYLES["hint"])
        return f"{self.task} — {label}: {self.message}"


def correct(task: str, message: str) -> Feedback:
    return Feedback(task, "correct", message)


def incorrect(task: str, message: str) -> Feedback:
    return Feedback(task, "incorrect", message)


def hint(task: str, message: str) -> Feedback:
    return Feedback(task, "hint", message)


CheckFunction = Callable[..., Feedback]


def _not_attempted(answer: Any, empty_is_answer: bool) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    return (not empty_is_answer and hasattr(answer, "__len__") and not isinstance(answer, bool)
            and len(answer) == 0)


def checker(task: str, not_attempted: str, *,
            empty_is_answer: bool = False) -> Callable[[CheckFunction], CheckFunction]:
    """Decorate a check function: ``...``/None/empty answers get the start hint, and any
    error inside the check becomes a hint about the answer's form instead of a traceback.

    ``empty_is_answer``: an empty list (or set) is an answer, not a blank: on a fair text,
    finding nothing is the right answer, so only ``...``, None and "" get the start hint."""

    def decorate(function: CheckFunction) -> CheckFunction:
        @functools.wraps(function)
        def wrapper(answer: Any = None, *args: Any, **kwargs: Any) -> Feedback:
            if _not_attempted(answer, empty_is_answer):
                return hint(task, not_attempted)
            try:
                return function(answer, *args, **kwargs)
            except Exception as error:  # a learner's odd answer must never show a traceback
                return incorrect(
                    task,
                    f"Your answer has an unexpected form ({type(error).__name__}: {error}). "
                    "Check the example in the task description.",
                )

        return wrapper

    return decorate
