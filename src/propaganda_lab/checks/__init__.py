"""Exercise checkers: each returns a Feedback that a notebook displays, never a traceback.

A checker answers three situations with a specific message: not attempted yet (a hint on how
to start), attempted but wrong (what exactly is off, without giving the answer away), and
right (why it is right). Lens-specific checkers live in submodules (framing, quoting, ...),
each task declared once with ``checks.tasks.exercise_task`` beside its checker. Every checker
compares answers as whole words and phrases, never substrings, with the one normaliser and
matching rule in ``checks.answers`` (see its docstring), and rejects over-broad answers
(single letters, lone function words, the whole text, every candidate at once).

What a checker expects comes from the hand-authored key (``data/exercise_keys.json``, read by
``checks.keys``), never from a detector's output; ``key_vs_tool`` shows where the two disagree.

Importing this package imports every checker module in it (no list of them is kept), so every
task is registered: ``CHECKER_MODULES`` and the answer widget's forms are read from there.
"""

from __future__ import annotations

import importlib
import pkgutil

from propaganda_lab.checks.feedback import (
    CheckFunction,
    Feedback,
    checker,
    correct,
    hint,
    incorrect,
)
from propaganda_lab.checks.keys import KeyVsTool, TaskKey, key_vs_tool, task_key
from propaganda_lab.checks.tasks import AnswerForm, registered_tasks, task_form

__all__ = ["CHECKER_MODULES", "AnswerForm", "CheckFunction", "Feedback", "KeyVsTool",
           "TaskKey", "checker", "correct", "hint", "incorrect", "key_vs_tool",
           "registered_tasks", "task_form", "task_key"]

for _info in pkgutil.iter_modules(__path__, f"{__name__}."):
    importlib.import_module(_info.name)

#: Each exercise's checker module (in exercise order), derived from the registered tasks.
CHECKER_MODULES: dict[str, str] = dict(sorted(
    {form.exercise: form.module for form in registered_tasks().values()}.items()))
