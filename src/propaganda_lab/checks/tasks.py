"""One place per exercise task: its checker, how it is answered without code, and its detector.

A task's checker function is declared with :func:`exercise_task`, next to the checker's code:
the exercise and task id, the notebook's variable, the shape of the answer, and (for menus,
checkboxes and prefilled boxes) what the widget offers, plus the detector ``key_vs_tool`` sets
against the key. The answer key itself is data (``data/exercise_keys.json``). The widget
(``widgets.exercise_answer``) is generic: it reads what is registered here, so adding a task
touches its checker module, the key file and a test, nothing else. (spaCy's course keeps a
task's ``exc_``, ``solution_`` and ``test_`` under one id in the same spirit.)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from propaganda_lab.checks.feedback import CheckFunction, checker

__all__ = ["TASKS", "AnswerForm", "Item", "Option", "ToolRun", "count_options", "exercise_task",
           "numbered", "registered_tasks", "task_form", "text_name", "words_of"]

Item = tuple[Any, str]  # (key in the answer, what the learner reads)
Option = tuple[str, Any]  # (menu label, value the checker receives)
#: A detector run on a task's text: its name, and a function giving its answers written the
#: way the key writes them (a phrase, a number, or ``item: label``).
ToolRun = tuple[str, Callable[[], list[str]]]

#: The shapes an answer can have (how the widget's inputs become the checker's value).
SHAPES = {
    "strings": "a list of the marked phrases ([] when 'none' is ticked)",
    "string": "one string: the one marked phrase, the text in the box or the one choice",
    "mapping": "a dict from item to choice, with the items chosen so far",
    "tuple": "a tuple of the choices made, in item order",
    "number": "one number (a list when several are ticked)",
    "number_set": "a set of the ticked numbers",
    "number_list": "a sorted list of the ticked numbers",
}


@dataclass(frozen=True)
class AnswerForm:
    """One registered task: its checker (the very function the notebook calls), the notebook's
    variable and the answer's shape; for menus, checkboxes and boxes, what they offer (computed
    from the library, so they are the ones the checker accepts); the detector to compare with
    the key (``checks.key_vs_tool``), if any."""

    exercise: str
    task: str
    check: CheckFunction
    variable: str
    shape: str
    prefill: Callable[[], str] | None = None  # text tasks: the box's starting text
    items: Callable[[], list[Item]] | None = None
    options: Callable[[Any], list[Option]] | None = None  # item key -> its menu
    tool: ToolRun | None = None

    @property
    def checker(self) -> str:
        """The checker's name in its module (what the notebook's code cell calls)."""
        return self.check.__name__

    @property
    def module(self) -> str:
        """The checker module of the task's exercise."""
        return self.check.__module__


_TASKS: dict[tuple[str, str], AnswerForm] = {}
#: Every registered task by (exercise, task): a live, read-only view of the registry.
TASKS: Mapping[tuple[str, str], AnswerForm] = MappingProxyType(_TASKS)


def _title(task: str) -> str:
    """'task_3' -> 'Task 3' (the name the learner reads above each verdict)."""
    return task.replace("_", " ").capitalize()


def exercise_task(exercise: str, task: str, not_attempted: str, *, variable: str, shape: str,
                  empty_is_answer: bool = False, prefill: Callable[[], str] | None = None,
                  items: Callable[[], list[Item]] | None = None,
                  options: Callable[[Any], list[Option]] | None = None,
                  tool: ToolRun | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Register a task's checker with how it is answered (see :class:`AnswerForm`), and make it
    safe like :func:`checks.feedback.checker` (``not_attempted`` is the code path's start hint;
    ``empty_is_answer``: on a fair text an empty list is an answer)."""
    if shape not in SHAPES:
        raise ValueError(f"unknown answer shape {shape!r}; shapes: {sorted(SHAPES)}")

    def register(function: CheckFunction) -> CheckFunction:
        wrapped = checker(_title(task), not_attempted, empty_is_answer=empty_is_answer)(function)
        key = (exercise, task)
        if key in _TASKS and _TASKS[key].checker != wrapped.__name__:
            raise ValueError(f"{exercise} {task} already has a checker")
        _TASKS[key] = AnswerForm(exercise, task, wrapped, variable, shape, prefill, items,
                                 options, tool)
        return wrapped

    return register


def registered_tasks() -> dict[tuple[str, str], AnswerForm]:
    """Every task registered so far (``propaganda_lab.checks`` imports every checker module)."""
    return dict(_TASKS)


def task_form(exercise: str, task: str) -> AnswerForm:
    """The registration of one task; an unknown one raises a KeyError listing the known."""
    try:
        return _TASKS[(exercise, task)]
    except KeyError:
        known = sorted(t for e, t in _TASKS if e == exercise) or sorted({e for e, _ in _TASKS})
        raise KeyError(f"no exercise task {exercise!r} {task!r}; known: {known}") from None


def text_name(form: AnswerForm, constant: str, default: str | None = None) -> str:
    """How a learner reads the name of an exercise text that the key names as code does
    ('PASSIVE_REPORT' -> 'the passive report'): the checker module's ``TEXT_NAMES``."""
    names: Mapping[str, str] = getattr(sys.modules[form.module], "TEXT_NAMES", {})
    return names.get(constant, default if default is not None else constant)


# --------------------------------------------------------------------------- menu helpers


def numbered(lines: Iterable[str]) -> list[Item]:
    """Items 1, 2, 3 ... for numbered lines."""
    return list(enumerate(lines, start=1))


def count_options(_item: Any, most: int = 6) -> list[Option]:
    """A menu of counts 0 to ``most``."""
    return [(str(n), n) for n in range(most + 1)]


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words_of(text: str) -> list[Option]:
    """Each word of ``text`` once, as it is written (the menus of a word pair)."""
    seen: dict[str, str] = {}
    for word in _WORD.findall(text):
        seen.setdefault(word.casefold(), word)
    return [(word, word) for word in seen.values()]
