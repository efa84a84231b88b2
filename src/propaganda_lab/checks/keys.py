"""The exercises' answer keys: hand-authored in ``data/exercise_keys.json``, not computed.

Why not ask the detectors? Because their mistakes would become the learner's mistakes: a key
computed by ``hidden_agency`` rejected "The Kessa fish market was closed" (an agentless passive
the detector misses). So every checker reads what it expects from the key file, where each
expected answer carries the reason a careful reader counts it, the other wordings that are
right too (``accepted_alternatives``) and the near misses that are not (``not_expected``).

The detectors stay in the course as something to argue with: :func:`key_vs_tool` lists where a
detector and the key disagree, with the key's reason, so a class can ask who is right.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from propaganda_lab.checks.answers import (
    answer_items,
    content_words,
    covers_text,
    has_phrase,
    normalise,
    phrase_matches,
    shown,
    word_problem,
    words,
)
from propaganda_lab.checks.feedback import Feedback, correct, incorrect
from propaganda_lab.checks.tasks import registered_tasks, task_form
from propaganda_lab.datafiles import load_json

__all__ = [
    "KEYS_FILE",
    "Disagreement",
    "Expected",
    "KeyVsTool",
    "NearMiss",
    "TaskKey",
    "exercise_keys",
    "fair_text_phrases",
    "is_fair_answer",
    "key_vs_tool",
    "overlaps",
    "task_key",
]

KEYS_FILE = "data/exercise_keys.json"


@dataclass(frozen=True)
class Expected:
    """One answer the key expects, why, and the other forms that count as the same answer."""

    answer: str
    reason: str
    alternatives: tuple[str, ...] = ()
    item: str | None = None
    nudge: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """The answer and every accepted alternative."""
        return (self.answer, *self.alternatives)

    def matches(self, given: Any) -> bool:
        """Whether ``given`` is this answer in any accepted form (``phrase_matches``)."""
        return any(phrase_matches(given, form) for form in self.forms)

    def labelled(self) -> str:
        return self.answer if self.item is None else f"{self.item}: {self.answer}"


@dataclass(frozen=True)
class NearMiss:
    """An answer a careful reader does not count, and why."""

    answer: str
    reason: str
    item: str | None = None

    def labelled(self) -> str:
        return self.answer if self.item is None else f"{self.item}: {self.answer}"


@dataclass(frozen=True)
class TaskKey:
    """The key of one exercise task (see ``data/schemas/exercise_keys.schema.json``)."""

    exercise: str
    task: str
    kind: str
    expected: tuple[Expected, ...]
    not_expected: tuple[NearMiss, ...] = ()
    text: str | None = None
    vocabulary: str | None = None
    fair_text: bool = False
    reason: str | None = None
    required_words: tuple[str, ...] = ()
    claims: tuple[NearMiss, ...] = ()

    @property
    def answers(self) -> list[str]:
        """The expected answers in the key's own wording."""
        return [e.answer for e in self.expected]

    def by_item(self) -> dict[str, Expected]:
        """Expected answers of a labelling task, by item ('A', '1', ...)."""
        return {str(e.item): e for e in self.expected}

    def find(self, given: Any) -> Expected | None:
        """The expected answer ``given`` stands for, if any."""
        return next((e for e in self.expected if e.matches(given)), None)

    def near_miss(self, given: Any, *, loose: bool = False) -> NearMiss | None:
        """The near miss ``given`` names: the same words (``phrase_matches``) or, when
        ``loose``, words that overlap it (:func:`overlaps`)."""
        for miss in self.not_expected:
            if phrase_matches(given, miss.answer) or (loose and overlaps(given, miss.answer)):
                return miss
        return None


def overlaps(first: Any, second: Any) -> bool:
    """Whether two phrases are about the same words: one holds the other, or they share at
    least half of the shorter one's content words ('stalls were damaged by a lorry' and
    'were damaged by a reversing delivery lorry')."""
    if not words(first) or not words(second):
        return False
    if has_phrase(first, second) or has_phrase(second, first):
        return True
    a, b = set(content_words(first)), set(content_words(second))
    return bool(a and b) and len(a & b) * 2 >= min(len(a), len(b))


# --------------------------------------------------------------------------- loading


def _rules(data: Any) -> Iterator[tuple[Sequence[Any], str]]:
    """What the schema cannot say: no answer listed twice in a task, and none both expected
    and not expected."""
    for exercise, tasks in data["exercises"].items():
        for task, key in tasks.items():
            seen: dict[tuple[str, tuple[str, ...]], str] = {}
            for field in ("expected", "not_expected"):
                for index, entry in enumerate(key.get(field, [])):
                    forms = [entry["answer"], *entry.get("accepted_alternatives", [])]
                    for form in forms:
                        name = (str(entry.get("item", "")), words(form))
                        if name in seen:
                            yield (["exercises", exercise, task, field, index, "answer"],
                                   f"{form!r} is already listed in {seen[name]}")
                        seen[name] = f"{field}[{index}]"


@functools.cache
def exercise_keys() -> dict[str, Any]:
    """The parsed key file, validated (read once per process)."""
    data: dict[str, Any] = load_json(KEYS_FILE, "exercise_keys.schema.json", check=_rules)
    return data


def _near_misses(entries: Iterable[dict[str, Any]]) -> tuple[NearMiss, ...]:
    return tuple(NearMiss(e["answer"], e["reason"], e.get("item")) for e in entries)


@functools.cache
def task_key(exercise: str, task: str) -> TaskKey:
    """The key of ``task`` ('task_3') of ``exercise`` ('02_framing')."""
    exercises = exercise_keys()["exercises"]
    if exercise not in exercises:
        raise KeyError(f"no exercise {exercise!r} in {KEYS_FILE}; known: {sorted(exercises)}")
    tasks = exercises[exercise]
    if task not in tasks:
        raise KeyError(f"no {task!r} for {exercise} in {KEYS_FILE}; known: {sorted(tasks)}")
    raw = tasks[task]
    expected = tuple(Expected(e["answer"], e["reason"], tuple(e["accepted_alternatives"]),
                              e.get("item"), e.get("nudge")) for e in raw["expected"])
    return TaskKey(
        exercise=exercise, task=task, kind=raw["kind"], expected=expected,
        not_expected=_near_misses(raw.get("not_expected", [])), text=raw.get("text"),
        vocabulary=raw.get("vocabulary"), fair_text=raw.get("fair_text", False),
        reason=raw.get("reason"), required_words=tuple(raw.get("required_words", [])),
        claims=_near_misses(raw.get("claims", [])),
    )


# --------------------------------------------------------------------------- fair texts

#: Answers that say "nothing unfair here" in words instead of an empty list.
FAIR_WORDS = frozenset({"fair", "none", "nothing", "no", "nothing unfair", "it is fair",
                        "all fair", "the text is fair", "nothing found"})


def is_fair_answer(answer: Any) -> bool:
    """Whether ``answer`` says the text is fair: [] (or another empty list or set), or a
    string such as 'fair' or 'none' (alone or as the one item of a list)."""
    if isinstance(answer, list | tuple | set | frozenset):
        if not answer:
            return True
        if len(answer) != 1:
            return False
        (answer,) = answer
    return isinstance(answer, str) and normalise(answer) in FAIR_WORDS


def _strings(answer: Any) -> list[str] | None:
    """The items of a list answer, or None when one of them is not text."""
    if isinstance(answer, str):
        return answer_items(answer)
    if isinstance(answer, list | tuple | set | frozenset):
        if not all(isinstance(item, str) for item in answer):
            return None
        return answer_items(list(answer))
    return None


def fair_text_phrases(task: str, answer: Any, key: TaskKey, text: str,
                      text_name: str) -> Feedback:
    """Judge a list of phrases copied from a fair text: [] (or 'fair') is right, and every
    listed phrase is a false alarm, answered with the key's reason when the key names it.

    Over-broad answers get the usual reasons first (letters, function words, the text pasted
    in, every near miss of the key at once)."""
    if is_fair_answer(answer):
        return correct(task, f"Nothing to flag. {key.reason}")
    items = _strings(answer)
    if items is None:
        return incorrect(task, "List phrases as strings, e.g. ['some words'], or answer [] "
                         "if nothing in the text is unfair.")
    if not items:
        return incorrect(task, f"{shown(answer)} has no words in it: list phrases copied from "
                         f"{text_name}, or answer [] if nothing in it is unfair.")
    if covers_text(items, text, share=0.8):  # the candidates alone are half of it
        return incorrect(task, f"Your answer contains most of {text_name}: flagging a whole "
                         "text is not reading it. List only what is unfair, if anything is.")
    for item in items:
        problem = word_problem(item)
        if problem:
            return incorrect(task, f"{problem} List whole phrases from {text_name}, or [].")
    named = {miss for item in items for miss in key.not_expected if overlaps(item, miss.answer)}
    if len(key.not_expected) > 1 and len(named) == len(key.not_expected):
        return incorrect(task, f"You flagged every candidate in {text_name}. Listing everything "
                         "that looks suspicious is not spotting manipulation: each false alarm "
                         "counts against you just as a miss does.")
    first = items[0]
    miss = key.near_miss(first, loose=True)
    outside = [item for item in items if not has_phrase(text, item)]
    if outside and miss is None:
        return incorrect(task, f"Not in {text_name} word for word: {outside}. Copy the words "
                         "from the text.")
    why = miss.reason if miss is not None else (
        "read it again in context: does it judge, hide who acted, or push you to a view, "
        "or does it simply report?")
    others = f" ({len(items) - 1} more item(s) to check the same way.)" if len(items) > 1 else ""
    return incorrect(task, f"{shown(first)} is a false alarm: {why}{others} A text can be "
                     "fair; if you find nothing unfair in it, that is an answer too: [].")


# --------------------------------------------------------------------------- key vs tool


@dataclass(frozen=True)
class Disagreement:
    """One answer the key and a detector judge differently, with the key's reason."""

    answer: str
    reason: str


@dataclass(frozen=True)
class KeyVsTool:
    """Where a detector and the hand-authored key of a task disagree.

    ``missed_by_tool``: the key counts it, the detector does not find it. ``rejected_by_key``:
    the detector flags it, the key does not count it. ``agreed``: what both count.
    """

    exercise: str
    task: str
    tool: str
    agreed: tuple[str, ...]
    missed_by_tool: tuple[Disagreement, ...]
    rejected_by_key: tuple[Disagreement, ...]

    @property
    def agree(self) -> bool:
        return not self.missed_by_tool and not self.rejected_by_key

    def _sections(self) -> list[tuple[str, list[str]]]:
        sections = [
            (f"The tool ({self.tool}) misses what the key counts",
             [f"{_quoted(d.answer)} — the key says: {d.reason}" for d in self.missed_by_tool]),
            (f"The tool ({self.tool}) flags what the key does not count",
             [f"{_quoted(d.answer)} — the key says: {d.reason}" for d in self.rejected_by_key]),
            ("Both count", [_quoted(a) for a in self.agreed]),
        ]
        return [(title, lines) for title, lines in sections if lines]

    def _heading(self) -> str:
        task = self.task.replace("_", " ").capitalize()
        verdict = ("the tool and the key agree" if self.agree
                   else "the tool and the key disagree: who is right?")
        return f"{self.exercise}, {task}: {verdict}"

    def __str__(self) -> str:
        lines = [self._heading()]
        for title, items in self._sections():
            lines.append(f"{title}:")
            lines.extend(f"  - {item}" for item in items)
        return "\n".join(lines)

    def __repr__(self) -> str:  # what a notebook shows as text/plain (and nbval compares)
        return str(self)

    def _repr_html_(self) -> str:
        parts = [f'<section class="pl-key-vs-tool" aria-label="{escape(self._heading())}" '
                 'style="font-family:system-ui,sans-serif;color:#1a1a1a">',
                 f"<p><strong>{escape(self._heading())}</strong></p>"]
        for title, items in self._sections():
            parts.append(f"<p>{escape(title)}:</p><ul>")
            parts.extend(f"<li>{escape(item)}</li>" for item in items)
            parts.append("</ul>")
        parts.append("</section>")
        return "".join(parts)


def _quoted(text: str, limit: int = 90) -> str:
    """A phrase as the text has it (spacing collapsed), quoted and shortened when long."""
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit].rstrip()}…'"


def _same(key: TaskKey, tool_answer: str, entry: Expected) -> bool:
    """Whether a detector's answer is the key's ``entry``: for phrases, overlapping words in
    any accepted form; for labels, the same item and an accepted label; else equal words."""
    if key.kind == "phrases":
        return any(overlaps(tool_answer, form) for form in entry.forms)
    if entry.item is not None:
        item, _, label = tool_answer.partition(":")
        return (normalise(item) == normalise(entry.item)
                and any(normalise(label) == normalise(form) for form in entry.forms))
    return any(words(tool_answer) == words(form) for form in entry.forms)


def _rejection(key: TaskKey, tool_answer: str) -> str:
    """The key's reason for not counting a detector's answer."""
    for miss in key.not_expected:
        if key.kind == "phrases" and overlaps(tool_answer, miss.answer):
            return miss.reason
        if key.kind != "phrases" and normalise(tool_answer) == normalise(miss.labelled()):
            return miss.reason
    if key.fair_text and key.reason:
        return f"Not in the key: {key.reason}"
    return "Not in the key: its authors did not count it. Is it defensible?"


def key_vs_tool(exercise: str, task: str) -> KeyVsTool:
    """Run the task's detector on the task's text and compare what it finds with the key.

    ``key_vs_tool("02_framing", "task_3")`` lists the agentless passive 'The Kessa fish market
    was closed', which the key counts and ``hidden_agency`` misses.
    """
    key = task_key(exercise, task)
    tool = task_form(exercise, task).tool
    if tool is None:
        with_tool = sorted(t for (e, t), form in registered_tasks().items()
                           if e == exercise and form.tool)
        raise KeyError(f"no detector is registered for {exercise} {task}; "
                       f"tasks with one: {with_tool}")
    name, run = tool
    found = list(dict.fromkeys(run()))
    agreed = [t for t in found if any(_same(key, t, e) for e in key.expected)]
    missed = [Disagreement(e.labelled(), e.reason) for e in key.expected
              if not any(_same(key, t, e) for t in found)]
    rejected = [Disagreement(t, _rejection(key, t)) for t in found if t not in agreed]
    return KeyVsTool(exercise, task, name, tuple(agreed), tuple(missed), tuple(rejected))
