"""ExerciseAnswer: answer any exercise task without typing Python (issue 16, item 3).

In code, a learner answers a task of ``exercises/02``–``04`` by assigning a Python literal and
calling the task's checker. Many learners never type Python, so this widget builds the input
that fits the task's kind (from the hand-authored key, :mod:`propaganda_lab.checks.keys`):
phrases are marked in the text with the mouse (or typed), a rewrite is edited in a box,
labels are chosen from menus, numbered items are ticked. It turns the input into exactly the
value the code path passes and calls THE SAME checker, so both paths give the same verdict
word for word; *Show as code* shows the equivalent Python (the bridge for technical classes).

The widget is generic: each task's checker, the notebook's variable, the answer's shape and
the menus' options are declared once beside the checker (``checks.tasks.exercise_task``;
:data:`ANSWER_FORMS` is that registry), so the menus offer what each checker accepts (frame
ids, technique ids, fair/unfair, categories, components, speakers). An untouched widget holds no
answer (``...``), so *Check* gives a start hint, as the blank code cell does, worded for the
widget (:data:`START_HINTS`: "select words ... and press Add", not "assign a list").

Everything shown is escaped and epithets are masked (a reveal toggle appears when the task's
own text holds one). Answers are saved per task in ``exercise_answers.answers.json`` beside
the notebook (:mod:`propaganda_lab.learner_files`: locked, atomic, with backups) and come
back when the cell runs again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from propaganda_lab.checks import Feedback
from propaganda_lab.checks.answers import normalise
from propaganda_lab.checks.keys import TaskKey, task_key
from propaganda_lab.checks.tasks import TASKS, AnswerForm, Item, text_name
from propaganda_lab.learner_files import read_learner_file, update_learner_file
from propaganda_lab.masking import Masker
from propaganda_lab.render import escape
from propaganda_lab.widgets._base import (
    WIDGET_MAX_CHARS,
    LabWidget,
    on_enter,
    reveal_button,
    safe_callback,
)
from propaganda_lab.widgets.selectable_text import SelectableText

__all__ = ["ANSWERS_FILE", "ANSWER_FORMS", "START_HINTS", "UI_BY_KIND", "AnswerForm",
           "ExerciseAnswer", "default_answers_path"]

ANSWERS_FILE = "exercise_answers.answers.json"
ANSWERS_VERSION = 1
#: Seconds without typing before a text answer is saved.
SAVE_DELAY_SECONDS = 1.0
#: What Check says on an untouched widget, in the widget's own terms (the code path's start
#: hint names a Python variable and a literal, which a learner who never types code cannot use).
START_HINTS = {
    "phrases": "Nothing marked yet: select words in the text with the mouse and press Add (or "
               "type them in the box and press Add), then press Check. If you find none, tick "
               "'Nothing to mark'.",
    "text": "Nothing written yet: edit the text in the box (it starts as the original), then "
            "press Check.",
    "choices": "Nothing chosen yet: pick an answer in each menu, then press Check.",
    "numbers": "Nothing ticked yet: tick the numbered items that fit the task (or 'None of "
               "them'), then press Check.",
}
#: What a menu shows before the learner chooses (never a value a checker accepts).
UNSET = ""

#: The input each kind of task gets (the kinds of ``data/exercise_keys.json``).
UI_BY_KIND = {
    "phrases": "phrases",  # the text in a SelectableText: mark phrases with the mouse or type
    "rewrite": "text",  # a Textarea prefilled with the original
    "sentence": "text",
    "labels": "choices",  # one menu per item
    "pair": "choices",
    "name": "choices",
    "numbers": "numbers",  # one checkbox per numbered item
}

#: Every task's registration (``checks.tasks.exercise_task``), by (exercise, task): a live view.
ANSWER_FORMS: Mapping[tuple[str, str], AnswerForm] = TASKS

#: How each exercise notebook calls its checkers (02 imports the module as ``check``).
_CALL_PREFIX = {"02_framing": "check."}


def default_answers_path() -> Path:
    """Beside the notebook (Jupyter runs a notebook with its folder as working directory)."""
    return Path.cwd() / ANSWERS_FILE


def python_literal(value: Any) -> str:
    """``value`` as the learner would type it: ``...`` for no answer, sets in order."""
    if value is Ellipsis:
        return "..."
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(repr(v) for v in sorted(value)) + "}" if value else "set()"
    return repr(value)


# --------------------------------------------------------------------------- saved answers


@dataclass(frozen=True)
class Phrase:
    """A marked phrase and where it stands in the text (None: typed, not found there)."""

    text: str
    start: int | None = None
    end: int | None = None


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entry_problem(entry: Any) -> bool:
    """Whether a saved answer cannot be used (wrong types or absurd sizes)."""
    if not isinstance(entry, dict):
        return True
    phrases = entry.get("phrases", [])
    if not isinstance(phrases, list) or len(phrases) > 200 or not all(
            isinstance(p, dict) and isinstance(p.get("text"), str)
            and len(p["text"]) <= WIDGET_MAX_CHARS
            and all(p.get(k) is None or _int(p.get(k)) for k in ("start", "end"))
            for p in phrases):
        return True
    if not isinstance(entry.get("text", ""), str):  # any length: the limit is where one types
        return True
    choices = entry.get("choices", {})
    if not isinstance(choices, dict) or not all(
            (isinstance(v, str) and len(v) <= 200) or _int(v) for v in choices.values()):
        return True
    numbers = entry.get("numbers", [])
    if not isinstance(numbers, list) or not all(_int(n) for n in numbers):
        return True
    return not isinstance(entry.get("nothing", False), bool)


def _validator(own: str) -> Callable[[Any], tuple[dict[str, Any] | None, list[str]]]:
    """Validate an answers file; only a problem with ``own`` task's answer is reported (every
    task's widget reads the same file)."""

    def validate(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
        if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
            return None, ["it is not an exercise answers file"]
        answers: dict[str, Any] = {}
        notes: list[str] = []
        for key, entry in raw["answers"].items():
            if _entry_problem(entry):
                if key == own:
                    notes.append("Your saved answer to this task could not be read, so it "
                                 "starts empty.")
                continue
            answers[str(key)] = entry
        return {"version": ANSWERS_VERSION, "answers": answers}, notes

    return validate


# --------------------------------------------------------------------------- the widget

_MARK_STYLE = {"technique": "learner", "label": "your mark", "background": "#fff1a8",
               "line": "#7a5c00", "line_style": "solid"}
_EDGE = " \t\r\n.,;:!?\"'“”‘’()[]…–—"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection widened to whole words and stripped of spaces and punctuation at its edges
    (a drag that starts inside a word means that word; checkers compare whole words)."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if start >= end:
        return start, start
    while start > 0 and _inside_word(text, start - 1):
        start -= 1
    while end < len(text) and _inside_word(text, end):
        end += 1
    return start, end


def _inside_word(text: str, index: int) -> bool:
    """A letter or digit, or an apostrophe or hyphen between two ('board's', 'so-called')."""
    char = text[index]
    if char.isalnum():
        return True
    return (char in "'’-" and 0 < index < len(text) - 1 and text[index - 1].isalnum()
            and text[index + 1].isalnum())


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` first stands in ``text`` as whole words (case and spacing aside)."""
    pattern = r"\s+".join(re.escape(part) for part in phrase.split())
    if not pattern:
        return None
    match = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


class ExerciseAnswer(LabWidget):
    """Answer one exercise task through widgets; Check calls the task's own checker."""

    def __init__(self, exercise: str, task: str, answers_path: str | Path | None = None,
                 **kwargs: Any) -> None:
        if (exercise, task) not in ANSWER_FORMS:
            known = sorted(t for e, t in ANSWER_FORMS if e == exercise) or sorted(
                {e for e, _ in ANSWER_FORMS})
            raise ValueError(f"No exercise task {exercise!r} {task!r}; known: {known}.")
        self.exercise, self.task = exercise, task
        self.key: TaskKey = task_key(exercise, task)
        self.form = ANSWER_FORMS[(exercise, task)]
        self.ui = UI_BY_KIND[self.key.kind]
        self.answers_path = Path(answers_path) if answers_path else default_answers_path()
        self.masker = Masker()
        self.last: Feedback | None = None
        self._setting = False
        self._pending: asyncio.TimerHandle | None = None
        self.source = self._source_text()
        self.prefill = self.form.prefill() if self.form.prefill else ""
        self.phrases: list[Phrase] = []
        self.choices: dict[Any, widgets.Dropdown] = {}
        self.numbers: dict[int, widgets.Checkbox] = {}
        self.items: list[Item] = self.form.items() if self.form.items else []
        self.item_views: list[widgets.HTML] = []
        self.nothing: widgets.Checkbox | None = None

        self.intro = widgets.HTML()
        self.intro.add_class("pl-ea-intro")
        controls = self._build_controls()
        self.check_button = widgets.Button(description="Check my answer", icon="check",
                                           button_style="success",
                                           layout=widgets.Layout(width="auto"))
        shown = " ".join([self.source, self.prefill, *(label for _, label in self.items)])
        self.reveal = reveal_button() if self.masker.count(shown) else None
        self.result = widgets.HTML()
        self.result.add_class("pl-ea-result")
        self.code = widgets.HTML()
        self.code.add_class("pl-ea-code")
        self.code_view = widgets.Accordion(children=[self.code])
        self.code_view.set_title(0, "Show as code")
        self.code_view.selected_index = None
        buttons = [self.check_button, *([self.reveal] if self.reveal else [])]
        super().__init__([self.intro, *controls, widgets.HBox(buttons), self.result,
                          self.code_view], **kwargs)
        self.add_class("pl-exercise-answer")
        self.add_class(f"pl-ea-{task}")
        self.check_button.on_click(lambda _b: self.check())
        if self.reveal is not None:
            self.reveal.observe(self._on_reveal, names="value")
        notes = self._restore()
        self._draw()
        if notes:
            self.show_message(" ".join(notes), "warning")

    def __repr__(self) -> str:
        return f"ExerciseAnswer({self.exercise!r}, {self.task!r})"

    @property
    def saved_key(self) -> str:
        return f"{self.exercise}/{self.task}"

    @property
    def task_label(self) -> str:
        return self.task.replace("_", " ").capitalize()

    def _source_text(self) -> str:
        """The task's text (the key names a constant of the checker module), or ''."""
        if not self.key.text:
            return ""
        return str(getattr(importlib.import_module(self.form.module), self.key.text))

    # -- building the inputs -----------------------------------------------------------
    def _build_controls(self) -> list[widgets.Widget]:
        if self.ui == "phrases":
            return self._build_phrases()
        if self.ui == "text":
            return self._build_text()
        if self.ui == "choices":
            return self._build_choices()
        return self._build_numbers()

    def _nothing_box(self, label: str) -> widgets.Checkbox:
        box = widgets.Checkbox(value=False, description=label, indent=False,
                               layout=widgets.Layout(width="auto"))
        box.add_class("pl-ea-nothing")
        box.observe(self._on_nothing, names="value")
        return box

    def _build_phrases(self) -> list[widgets.Widget]:
        self.text_view = SelectableText(text=self.masker(self.source))
        self.selected = widgets.HTML("<i>Nothing selected yet.</i>")
        self.mark_button = widgets.Button(description="Mark selection", icon="highlighter",
                                          button_style="primary", disabled=True,
                                          layout=widgets.Layout(width="auto"))
        self.phrase_box = widgets.Text(placeholder="…or type the words here",
                                       description="Words:", layout=widgets.Layout(width="28em"))
        self.add_button = widgets.Button(description="Add", icon="plus",
                                         tooltip="Add the typed words to your answer")
        self.remove_typed_button = widgets.Button(description="Remove", icon="minus",
                                                  tooltip="Remove the typed words from your "
                                                  "answer")
        self.phrase_list = widgets.VBox()
        self.phrase_list.add_class("pl-ea-phrases")
        self.nothing = (self._nothing_box("Nothing to mark: I find none")
                        if self.form.shape == "strings" else None)
        self.text_view.observe(self._on_selection, names="selection")
        self.mark_button.on_click(lambda _b: self.add_selection())
        self.add_button.on_click(lambda _b: self.add_typed())
        on_enter(self.phrase_box, self.add_typed)
        self.remove_typed_button.on_click(lambda _b: self.remove_typed())
        return [self.text_view, widgets.HBox([self.selected, self.mark_button]),
                widgets.HBox([self.phrase_box, self.add_button, self.remove_typed_button]),
                self.phrase_list, *([self.nothing] if self.nothing else [])]

    def _build_text(self) -> list[widgets.Widget]:
        self.original = widgets.HTML()
        self.original.add_class("pl-ea-original")
        self.answer_box = widgets.Textarea(
            value=self.prefill, description="Your answer:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%", height="7em"))
        self.reset_button = widgets.Button(description="Start again from the original",
                                           icon="undo", layout=widgets.Layout(width="auto"))
        self.answer_box.observe(self._on_typing, names="value")
        self.reset_button.on_click(lambda _b: self.start_again())
        return [self.original, self.answer_box, self.reset_button]

    def _build_choices(self) -> list[widgets.Widget]:
        assert self.form.options is not None, "a menu task needs options"
        rows: list[widgets.Widget] = []
        for key, _label in self.items:
            name = text_name(self.form, str(key))
            menu = widgets.Dropdown(description=f"{name[:1].upper()}{name[1:]}:",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="auto"))
            menu.add_class("pl-ea-choice")
            self.choices[key] = menu
            text = widgets.HTML()
            text.add_class("pl-ea-item")
            self.item_views.append(text)
            rows.append(widgets.VBox([text, menu]))
        self._set_options()
        for menu in self.choices.values():
            menu.observe(self._on_change, names="value")
        return rows

    def _set_options(self) -> None:
        assert self.form.options is not None
        for key, menu in self.choices.items():
            value = menu.value if menu.options else UNSET
            options = [("Choose…", UNSET), *((self.masker(label), v)
                                              for label, v in self.form.options(key))]
            self._setting = True
            try:
                menu.options = options
                menu.value = value if any(v == value for _, v in options) else UNSET
            finally:
                self._setting = False

    def _build_numbers(self) -> list[widgets.Widget]:
        for number, _label in self.items:
            box = widgets.Checkbox(value=False, indent=False,
                                   layout=widgets.Layout(width="auto"))
            box.add_class("pl-ea-number")
            box.observe(self._on_change, names="value")
            self.numbers[int(number)] = box
        self.nothing = (self._nothing_box("None of them")
                        if self.form.shape in {"number_list", "number_set"} else None)
        return [*self.numbers.values(), *([self.nothing] if self.nothing else [])]

    # -- the answer --------------------------------------------------------------------
    def answer(self) -> Any:
        """The inputs as the Python value the code path passes (``...``: no answer yet)."""
        shape = self.form.shape
        if self.ui == "phrases":
            texts = [phrase.text for phrase in self.phrases]
            if not texts:
                return [] if self.nothing is not None and self.nothing.value else ...
            return texts[0] if shape == "string" else texts
        if self.ui == "text":
            text = self.answer_box.value
            return ... if not text.strip() or text == self.prefill else text
        if self.ui == "choices":
            chosen = [(key, menu.value) for key, menu in self.choices.items()
                      if menu.value != UNSET]
            if not chosen:
                return ...
            if shape == "mapping":
                return dict(chosen)
            if shape == "tuple":
                return tuple(value for _, value in chosen)
            return chosen[0][1]
        ticked = sorted(number for number, box in self.numbers.items() if box.value)
        if not ticked:
            if self.nothing is not None and self.nothing.value:
                return set() if shape == "number_set" else []
            return ...
        if shape == "number":
            return ticked[0] if len(ticked) == 1 else ticked
        return set(ticked) if shape == "number_set" else ticked

    def code_line(self) -> str:
        """The Python a learner would type for the same answer, and the check it runs."""
        call = f"{_CALL_PREFIX.get(self.exercise, '')}{self.form.checker}({self.form.variable})"
        return f"{self.form.variable} = {python_literal(self.answer())}\n{call}"

    def checker(self) -> Callable[[Any], Feedback]:
        """The task's checker, looked up in its module at each check: the very function the
        notebook calls, even if a notebook (or a test) replaced it."""
        function: Callable[[Any], Feedback] = getattr(importlib.import_module(self.form.module),
                                                      self.form.checker)
        return function

    # -- drawing -----------------------------------------------------------------------
    def _draw(self) -> None:
        """Redraw everything that shows text (masked unless revealed)."""
        how = {
            "phrases": ("Select words in the text with the mouse and press <b>Mark selection"
                        "</b>, or type them and press <b>Add</b>."
                        + (" This task asks for one answer: a new mark replaces the old one."
                           if self.form.shape == "string" else "")),
            "text": "Write your answer in the box.",
            "choices": "Choose an answer from each menu.",
            "numbers": "Tick your answer.",
        }[self.ui]
        self.intro.value = (
            f"<p style='margin:0.2em 0;color:#1a1a1a'><strong>{escape(self.task_label)} "
            f"without code.</strong> {how} Then press <b>Check my answer</b>: it runs the same "
            "check as the code cell.</p>")
        if self.ui == "phrases":
            self.text_view.text = self.masker(self.source)
            self._draw_phrases()
        elif self.ui == "text":
            name = escape(text_name(self.form, self.key.text or "", "the original").capitalize())
            self.original.value = (
                f"<p style='margin:0.2em 0;color:#1a1a1a'>{name}:</p>"
                "<blockquote style='margin:0.2em 0 0.5em 1em;padding-left:0.8em;"
                "border-left:3px solid #8a8a8a;color:#1a1a1a;white-space:pre-wrap'>"
                f"{escape(self.masker(self.source or self.prefill))}</blockquote>")
        elif self.ui == "choices":
            for (_key, label), view in zip(self.items, self.item_views, strict=True):
                view.value = f"<span style='color:#1a1a1a'>{escape(self.masker(label))}</span>"
            self._set_options()
        else:
            for (_number, label), box in zip(self.items, self.numbers.values(), strict=True):
                box.description = self.masker(label)
        self._draw_code()
        if self.last is not None:
            self.result.value = self._feedback_html(self.last)

    def _draw_phrases(self) -> None:
        self.text_view.marks = [{"start": p.start, "end": p.end, **_MARK_STYLE}
                                for p in self.phrases if p.start is not None]
        rows: list[widgets.Widget] = []
        for index, phrase in enumerate(self.phrases):
            shown = self.masker(phrase.text)
            where = "" if phrase.start is not None else " <i>(not found in the text)</i>"
            label = widgets.HTML(f"<span style='color:#1a1a1a'>“{escape(shown)}”{where}</span>")
            button = widgets.Button(description="Remove", icon="trash",
                                    tooltip=f"Remove “{shown[:60]}” from your answer",
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, i=index: self.remove_phrase(i))
            rows.append(widgets.HBox([label, button]))
        if not rows:
            rows = [widgets.HTML("<i>No phrases marked yet.</i>")]
        else:
            rows.insert(0, widgets.HTML(f"<b>Your answer ({len(self.phrases)}):</b>"))
        self.phrase_list.children = rows

    def _draw_code(self) -> None:
        self.code.value = ("<pre style='white-space:pre-wrap;margin:0.2em 0;color:#1a1a1a;"
                           "background:#f6f6f6;padding:6px'>"
                           f"{escape(self.masker(self.code_line()))}</pre>")

    def _feedback_html(self, feedback: Feedback) -> str:
        """The checker's own HTML, with any epithet in its message masked."""
        shown = dataclasses.replace(feedback, message=self.masker(feedback.message))
        return shown._repr_html_()

    # -- saving ------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        if self.ui == "phrases":
            return {"phrases": [dataclasses.asdict(p) for p in self.phrases],
                    "nothing": bool(self.nothing is not None and self.nothing.value)}
        if self.ui == "text":
            return {"text": self.answer_box.value}
        if self.ui == "choices":
            return {"choices": {str(key): menu.value for key, menu in self.choices.items()
                                if menu.value != UNSET}}
        return {"numbers": sorted(n for n, box in self.numbers.items() if box.value),
                "nothing": bool(self.nothing is not None and self.nothing.value)}

    def _restore(self) -> list[str]:
        loaded = read_learner_file(self.answers_path, _validator(self.saved_key))
        entry = (loaded.data or {}).get("answers", {}).get(self.saved_key)
        if entry is None:
            return loaded.notes
        self._setting = True
        try:
            self._apply(entry)
        finally:
            self._setting = False
        return [*loaded.notes, f"Restored your answer from {self.answers_path.name}."]

    def _apply(self, entry: dict[str, Any]) -> None:
        """Put a saved (validated) answer back into the inputs; what no longer fits is left
        out (a menu value the checker no longer offers, a number beyond the list)."""
        if self.ui == "phrases":
            self.phrases = []
            for saved in entry.get("phrases", []):
                self.phrases.append(self._located(saved["text"], saved.get("start"),
                                                  saved.get("end")))
            if self.nothing is not None:
                self.nothing.value = bool(entry.get("nothing")) and not self.phrases
        elif self.ui == "text":
            if "text" in entry:
                self.answer_box.value = entry["text"]
        elif self.ui == "choices":
            saved = entry.get("choices", {})
            for key, menu in self.choices.items():
                value = saved.get(str(key), UNSET)
                if any(v == value and type(v) is type(value) for _, v in menu.options):
                    menu.value = value
        else:
            for number in entry.get("numbers", []):
                if number in self.numbers:
                    self.numbers[number].value = True
            if self.nothing is not None:
                self.nothing.value = bool(entry.get("nothing")) and not any(
                    box.value for box in self.numbers.values())

    def _located(self, text: str, start: int | None, end: int | None) -> Phrase:
        if start is not None and end is not None and self.source[start:end] == text:
            return Phrase(text, start, end)
        found = _find(self.source, text)
        return Phrase(text, *found) if found else Phrase(text)

    @safe_callback
    def save(self) -> str:
        """Save this task's answer, keeping every other task's; return a warning or ''."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        state = self._state()

        def change(current: dict[str, Any] | None) -> dict[str, Any]:
            answers = dict((current or {}).get("answers", {}))
            answers[self.saved_key] = state
            return {"version": ANSWERS_VERSION, "answers": answers}

        try:
            _, notes = update_learner_file(self.answers_path, _validator(self.saved_key),
                                           change)
        except OSError as error:
            problem = (f"Could not save your answer ({error.strerror or error}); it stays here "
                       "until the kernel stops.")
            self.show_message(problem, "warning")
            return problem
        if notes:
            self.show_message(" ".join(notes), "warning")
        return ""

    def _save_soon(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): save at once
            self.save()
            return
        self._pending = loop.call_later(SAVE_DELAY_SECONDS, self.save)

    # -- callbacks ---------------------------------------------------------------------
    @safe_callback
    def _on_change(self, _change: dict[str, Any]) -> None:
        if self._setting:
            return
        if self.ui == "numbers" and self.nothing is not None and any(
                box.value for box in self.numbers.values()):
            self._set_quietly(self.nothing, False)
        self._draw_code()
        self.save()

    @safe_callback
    def _on_typing(self, _change: dict[str, Any]) -> None:
        if self._setting:
            return
        self._draw_code()
        self._save_soon()

    @safe_callback
    def _on_nothing(self, change: dict[str, Any]) -> None:
        """'Nothing to mark' is the latest word: it clears the marks or ticks (an answer
        cannot be both), and a new mark or tick unticks it again."""
        if self._setting:
            return
        if change["new"]:
            cleared = len(self.phrases) + sum(box.value for box in self.numbers.values())
            self.phrases = []
            for box in self.numbers.values():
                self._set_quietly(box, False)
            if self.ui == "phrases":
                self._draw_phrases()
            if cleared:
                self.show_message(f"Cleared your {cleared} mark(s): your answer is now that "
                                  "there is nothing to mark.", "info")
        self._draw_code()
        self.save()

    def _set_quietly(self, control: widgets.ValueWidget | None, value: Any) -> None:
        """Set an input without running its callback (one edit, one save)."""
        if control is None:
            return
        self._setting = True
        try:
            control.value = value
        finally:
            self._setting = False

    @safe_callback
    def _on_selection(self, change: dict[str, Any]) -> None:
        selection = change["new"] or {}
        start, end = snap_to_words(self.source, int(selection.get("start", 0)),
                                   int(selection.get("end", 0)))
        text = self.source[start:end]
        if not text:
            self.selected.value = "<i>Nothing selected yet.</i>"
            self.mark_button.disabled = True
            return
        shown = self.masker(text if len(text) <= 120 else text[:119] + "…")
        self.selected.value = f"Selected: <q class='pl-ea-selected'>{escape(shown)}</q>"
        self.mark_button.disabled = False

    def _add(self, phrase: Phrase) -> None:
        if any(normalise(p.text) == normalise(phrase.text) for p in self.phrases):
            self.show_message(f"“{self.masker(phrase.text)}” is already in your answer.", "hint")
            return
        replaced = self.form.shape == "string" and bool(self.phrases)
        self.phrases = [phrase] if self.form.shape == "string" else [*self.phrases, phrase]
        if self.nothing is not None and self.nothing.value:
            self._set_quietly(self.nothing, False)
        self._draw_phrases()
        self._draw_code()
        problem = self.save()
        note = " It replaces your earlier mark: this task asks for one." if replaced else ""
        self.show_message(problem or f"Marked “{self.masker(phrase.text[:80])}”.{note}",
                          "warning" if problem else "info")

    @safe_callback
    def add_selection(self) -> None:
        selection = self.text_view.selection or {}
        start, end = snap_to_words(self.source, int(selection.get("start", 0)),
                                   int(selection.get("end", 0)))
        if start >= end:
            self.show_message("Select some words in the text first.", "hint")
            return
        self._add(Phrase(self.source[start:end], start, end))

    @safe_callback
    def add_typed(self) -> None:
        typed = " ".join(self.phrase_box.value.split())
        if not typed:
            self.show_message("Type the words first, then press Add.", "hint")
            return
        if len(typed) > WIDGET_MAX_CHARS:
            self.show_message(f"That is {len(typed):,} characters; type a phrase from the "
                              "text.", "hint")
            return
        self._add(self._located(typed, None, None))
        self.phrase_box.value = ""

    @safe_callback
    def remove_typed(self) -> None:
        typed = normalise(self.phrase_box.value)
        index = next((i for i, p in enumerate(self.phrases) if normalise(p.text) == typed), None)
        if index is None:
            self.show_message(f"“{self.masker(self.phrase_box.value.strip()[:80])}” is not in "
                              "your answer: type it as it is listed.", "hint")
            return
        self.remove_phrase(index)
        self.phrase_box.value = ""

    @safe_callback
    def remove_phrase(self, index: int) -> None:
        removed = self.phrases.pop(index)
        self._draw_phrases()
        self._draw_code()
        problem = self.save()
        self.show_message(problem or f"Removed “{self.masker(removed.text[:80])}”.",
                          "warning" if problem else "info")

    @safe_callback
    def start_again(self) -> None:
        """Put the original back in the box (the answer is saved, so undo is a re-type)."""
        self.answer_box.value = self.prefill
        self.show_message("The box holds the original again.", "info")

    @safe_callback
    def _on_reveal(self, change: dict[str, Any]) -> None:
        self.masker.revealed = bool(change["new"])
        self._draw()

    @safe_callback
    def check(self) -> Feedback:
        """Run the task's checker on the answer in the exact shape the code path uses."""
        problem = self.save()
        answer = self.answer()
        feedback = self.checker()(answer)
        if answer is Ellipsis:  # the checker's start hint, worded for the widget
            feedback = dataclasses.replace(feedback, message=START_HINTS[self.ui])
        self.last = feedback
        self.result.value = self._feedback_html(feedback)
        self._draw_code()
        if problem:
            self.show_message(problem, "warning")
        else:
            self.clear_message()
        return feedback
