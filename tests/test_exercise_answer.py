"""ExerciseAnswer: every exercise task can be answered through widgets, with the same checker.

The solutions come from the solution notebooks' own code (``VAR = literal``), so the widget is
held to exactly the answers the code path accepts, in exactly the Python shape it uses.
"""

from __future__ import annotations

import ast
import copy
import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from propaganda_lab.checks import CHECKER_MODULES, Feedback
from propaganda_lab.checks.keys import exercise_keys, task_key
from propaganda_lab.learner_files import backup_path
from propaganda_lab.masking import default_terms
from propaganda_lab.widgets.exercise_answer import (
    ANSWER_FORMS,
    START_HINTS,
    UI_BY_KIND,
    ExerciseAnswer,
    python_literal,
    snap_to_words,
)

ROOT = Path(__file__).resolve().parents[1]
TASKS = sorted((exercise, task) for exercise, tasks in exercise_keys()["exercises"].items()
               for task in tasks)


def _assigned(notebook: Path, variable: str) -> Any:
    """The literal a notebook's code assigns to ``variable`` (the last assignment wins)."""
    found: list[Any] = []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.parse("".join(cell["source"])).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == variable for t in node.targets):
                found.append(ast.literal_eval(node.value))
    assert found, f"{notebook.name} assigns no {variable}"
    return found[-1]


def solution(exercise: str, task: str) -> Any:
    notebook = ROOT / "exercises" / f"{exercise}_solution.ipynb"
    return _assigned(notebook, ANSWER_FORMS[(exercise, task)].variable)


def _widget(exercise: str, task: str, tmp_path: Path) -> ExerciseAnswer:
    return ExerciseAnswer(exercise, task, answers_path=tmp_path / "answers.answers.json")


def select(widget: ExerciseAnswer, start: int, end: int) -> None:
    """What a mouse drag does: the browser sets ``selection``; then Mark selection."""
    widget.text_view.selection = {"start": start, "end": end}
    widget.mark_button.click()


def fill(widget: ExerciseAnswer, answer: Any) -> None:
    """Give ``answer`` (a code-path answer) through the widget's inputs, as a learner would."""
    if widget.ui == "phrases":
        phrases = [answer] if isinstance(answer, str) else list(answer)
        if not phrases:
            widget.nothing.value = True
        for phrase in phrases:
            start = widget.source.lower().index(phrase.lower())
            select(widget, start, start + len(phrase))
    elif widget.ui == "text":
        widget.answer_box.value = answer
    elif widget.ui == "choices":
        if isinstance(answer, dict):
            values = [answer[key] for key in widget.choices]
        elif isinstance(answer, tuple):
            values = list(answer)
        else:
            values = [answer]
        for menu, value in zip(widget.choices.values(), values, strict=True):
            menu.value = value
    else:
        numbers = {answer} if isinstance(answer, int) else set(answer)
        if not numbers:
            widget.nothing.value = True
        for number in numbers:
            widget.numbers[number].value = True


def code_checker(exercise: str, task: str) -> Any:
    """The function the exercise notebook's code cell calls for this task."""
    module = importlib.import_module(CHECKER_MODULES[exercise])
    return getattr(module, ANSWER_FORMS[(exercise, task)].checker)


# --------------------------------------------------------------------------- coverage


def test_every_task_of_the_key_has_an_answer_form_and_nothing_else() -> None:
    assert set(ANSWER_FORMS) == set(TASKS)
    for exercise, task in TASKS:
        assert task_key(exercise, task).kind in UI_BY_KIND


@pytest.mark.parametrize(("exercise", "task"), TASKS)
def test_every_task_builds_empty_and_a_blank_check_gives_the_code_paths_hint(
        exercise: str, task: str, tmp_path: Path) -> None:
    widget = _widget(exercise, task, tmp_path)
    assert widget.result.value == "" and widget.message.value == ""
    assert widget.answer() is Ellipsis
    variable = ANSWER_FORMS[(exercise, task)].variable
    assert widget.code_line().startswith(f"{variable} = ...\n")
    feedback = widget.check()
    in_code = code_checker(exercise, task)(...)
    assert feedback.status == in_code.status == "hint", "an untouched widget claims no answer"
    assert feedback.task == in_code.task
    # worded for the widget: no Python variable or literal a non-coder cannot use
    assert feedback.message == START_HINTS[widget.ui] != in_code.message
    assert variable not in feedback.message and "[" not in feedback.message
    assert "Hint" in widget.result.value


@pytest.mark.parametrize(("exercise", "task"), TASKS)
def test_the_solution_given_through_widgets_is_the_code_answer_and_correct(
        exercise: str, task: str, tmp_path: Path) -> None:
    expected = solution(exercise, task)
    widget = _widget(exercise, task, tmp_path)
    fill(widget, expected)
    assert widget.answer() == expected
    assert type(widget.answer()) is type(expected)
    feedback = widget.check()
    assert feedback == code_checker(exercise, task)(expected)
    assert feedback.passed, feedback
    assert "Correct" in widget.result.value
    # "Show as code": the line a technical learner would type gives the same answer.
    first = widget.code_line().splitlines()[0]
    assert ast.literal_eval(first.split(" = ", 1)[1]) == expected


def test_the_checker_is_the_notebooks_own_function() -> None:
    from propaganda_lab.checks import framing, quoting

    widget = ExerciseAnswer("02_framing", "task_1", answers_path=Path("unused.answers.json"))
    assert widget.checker() is framing.check_loaded_terms
    fair = ExerciseAnswer("03_selective_quoting", "task_8", answers_path=Path("unused.json"))
    assert fair.checker() is quoting.check_fair_article


# --------------------------------------------------------------------------- wrong answers


def _same_as_code(widget: ExerciseAnswer, answer: Any) -> Feedback:
    feedback = widget.check()
    assert widget.answer() == answer
    assert feedback == code_checker(widget.exercise, widget.task)(answer)
    return feedback


def test_marking_the_whole_text_is_over_broad_as_in_code(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_1", tmp_path)
    select(widget, 0, len(widget.source))
    feedback = _same_as_code(widget, [widget.source.rstrip(".")])
    assert feedback.status == "incorrect" and "most of the loaded paragraph" in feedback.message


def test_a_near_miss_marked_with_the_mouse_gets_the_keys_reason(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_3", tmp_path)
    for phrase in ("The Kessa fish market was closed", "The harbour board said"):
        start = widget.source.index(phrase)
        select(widget, start, start + len(phrase))
    feedback = _same_as_code(widget, ["The Kessa fish market was closed",
                                      "The harbour board said"])
    assert feedback.status == "incorrect" and "does not hide who acted" in feedback.message


def test_ticking_every_number_is_over_broad_as_in_code(tmp_path: Path) -> None:
    widget = _widget("04_dehumanizing_language", "task_2", tmp_path)
    for box in widget.numbers.values():
        box.value = True
    feedback = _same_as_code(widget, {1, 2, 3, 4, 5, 6})
    assert feedback.status == "incorrect" and "every sentence" in feedback.message

    fair = _widget("03_selective_quoting", "task_8", tmp_path)
    for box in fair.numbers.values():
        box.value = True
    assert "flagged every quote" in _same_as_code(fair, [1, 2, 3, 4]).message


def test_several_ticks_for_a_one_number_task_are_passed_on_as_several(tmp_path: Path) -> None:
    widget = _widget("03_selective_quoting", "task_5", tmp_path)
    widget.numbers[2].value = widget.numbers[6].value = True
    assert "not several" in _same_as_code(widget, [2, 6]).message


def test_pasting_the_transcript_into_a_text_task_is_over_broad(tmp_path: Path) -> None:
    from propaganda_lab.checks.quoting import SOURCE

    widget = _widget("03_selective_quoting", "task_7", tmp_path)
    widget.answer_box.value = SOURCE
    assert "much of the transcript" in _same_as_code(widget, SOURCE).message


def test_an_unedited_prefill_is_no_answer_yet(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_2", tmp_path)
    assert widget.answer_box.value == widget.source  # prefilled with the original
    assert widget.answer() is Ellipsis
    assert widget.check().status == "hint"
    widget.answer_box.value = widget.source + " "
    assert widget.check().status == "incorrect"  # the original kept: "Still loaded: ..."


def test_a_fair_text_is_correct_only_when_the_learner_says_so(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_9", tmp_path)
    assert widget.check().status == "hint"  # nothing done is not "nothing found"
    widget.nothing.value = True
    assert _same_as_code(widget, []).passed
    # Marking something afterwards unticks 'nothing': the latest word counts.
    start = widget.source.index("misjudged the turn")
    select(widget, start, start + len("misjudged the turn"))
    assert widget.nothing.value is False
    assert _same_as_code(widget, ["misjudged the turn"]).status == "incorrect"
    # ... and ticking it again clears the marks.
    widget.nothing.value = True
    assert widget.phrases == [] and widget.answer() == []


def test_an_empty_list_on_an_unfair_text_gets_the_start_hint_as_in_code(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_1", tmp_path)
    widget.nothing.value = True
    assert _same_as_code(widget, []).status == "hint"


def test_a_partial_mapping_is_passed_as_partial(tmp_path: Path) -> None:
    widget = _widget("04_dehumanizing_language", "task_1", tmp_path)
    widget.choices[1].value = "vermin"
    feedback = _same_as_code(widget, {1: "vermin"})
    assert feedback.status == "hint" and "missing" in feedback.message


def test_a_half_pair_is_passed_as_a_one_item_tuple(tmp_path: Path) -> None:
    widget = _widget("04_dehumanizing_language", "task_4", tmp_path)
    widget.choices["agent"].value = 0
    assert "not a pair" in _same_as_code(widget, (0,)).message


# --------------------------------------------------------------------------- phrase marking


def test_a_drag_inside_a_word_marks_the_whole_word() -> None:
    text = "A rabble of furious trawler crews stormed the quay."
    start = text.index("abbl")
    assert snap_to_words(text, start, start + 4) == (2, 8)
    assert snap_to_words(text, text.index(" of") - 1, text.index(" of") + 3) == (2, 11)
    assert snap_to_words(text, 8, 9) == (9, 9)  # only a space: nothing
    assert snap_to_words(text, len(text) - 5, len(text)) == (len(text) - 5, len(text) - 1)
    board = "the board's own bonuses"
    assert board[slice(*snap_to_words(board, 5, 7))] == "board's"
    assert board[slice(*snap_to_words(board, 0, 4))] == "the"
    assert board[slice(*snap_to_words(board, 0, 5))] == "the board's"  # into a word: all of it


def test_one_answer_tasks_keep_one_mark(tmp_path: Path) -> None:
    widget = _widget("04_dehumanizing_language", "task_3", tmp_path)
    for phrase in ("They are bused in", "they are housed"):
        start = widget.source.index(phrase)
        select(widget, start, start + len(phrase))
    assert widget.answer() == "they are housed"
    assert "replaces your earlier mark" in widget.message.value


def test_typed_phrases_can_be_added_and_removed(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_1", tmp_path)
    widget.phrase_box.value = "  Caved   IN "
    widget.add_button.click()
    assert widget.answer() == ["Caved IN"]
    assert widget.phrases[0].start == widget.source.index("caved in")  # highlighted
    assert widget.text_view.marks[0]["end"] == widget.phrases[0].end
    widget.phrase_box.value = "caved in"
    widget.remove_typed_button.click()
    assert widget.answer() is Ellipsis
    widget.phrase_box.value = "not there at all"
    widget.add_button.click()
    assert widget.phrases[0].start is None and widget.text_view.marks == []
    assert "not found in the text" in widget.phrase_list.children[1].children[0].value
    widget.phrase_list.children[1].children[1].click()  # its Remove button
    assert widget.phrases == []


# --------------------------------------------------------------------------- saving


def test_answers_survive_a_rerun_for_every_kind(tmp_path: Path) -> None:
    for exercise, task in [("02_framing", "task_1"), ("02_framing", "task_2"),
                           ("02_framing", "task_8"), ("04_dehumanizing_language", "task_1"),
                           ("04_dehumanizing_language", "task_2"),
                           ("03_selective_quoting", "task_8")]:
        first = _widget(exercise, task, tmp_path)
        fill(first, solution(exercise, task))
        again = _widget(exercise, task, tmp_path)  # the cell run again, or a new kernel
        assert again.answer() == solution(exercise, task), (exercise, task)
        assert "Restored your answer" in again.message.value
    data = json.loads((tmp_path / "answers.answers.json").read_text())
    assert len(data["answers"]) == 6  # each task kept beside the others
    assert backup_path(tmp_path / "answers.answers.json").exists()


def test_restored_marks_keep_their_place_in_the_text(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_3", tmp_path)
    fill(widget, ["Stalls were damaged"])
    again = _widget("02_framing", "task_3", tmp_path)
    start = again.source.index("Stalls were damaged")
    assert [(m["start"], m["end"]) for m in again.text_view.marks] == [
        (start, start + len("Stalls were damaged"))]


def test_a_damaged_saved_answer_starts_empty_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "answers.answers.json"
    path.write_text(json.dumps({"version": 1, "answers": {
        "02_framing/task_5": {"choices": {"A": ["economic", "legality"]}},
        "02_framing/task_6": {"choices": {"a": "not_a_technique", "b": "bandwagon"}}}}))
    broken = _widget("02_framing", "task_5", tmp_path)
    assert broken.answer() is Ellipsis and "could not be read" in broken.message.value
    # A value the menu no longer offers is left out; the rest comes back.
    partly = _widget("02_framing", "task_6", tmp_path)
    assert partly.answer() == {"b": "bandwagon"}


def test_a_blank_widget_writes_nothing(tmp_path: Path) -> None:
    _widget("02_framing", "task_1", tmp_path)
    assert not (tmp_path / "answers.answers.json").exists()


# --------------------------------------------------------------------------- what is shown


HOSTILE = "<script>alert('x')</script>"


def _shown(widget: ExerciseAnswer) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        value = getattr(node, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for child in getattr(node, "children", ()):
            walk(child)

    walk(widget)
    return "".join(parts)


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    widget = _widget("02_framing", "task_3", tmp_path)
    widget.phrase_box.value = HOSTILE
    widget.add_button.click()
    widget.check()
    html = _shown(widget).replace(widget.phrase_box.value, "")
    assert "<script>" not in html
    assert "&lt;/script" in widget.result.value  # the checker's message quotes it
    assert "&lt;script&gt;" in widget.code.value
    assert "&lt;script&gt;" in widget.phrase_list.children[1].children[0].value

    text = _widget("04_dehumanizing_language", "task_6", tmp_path)
    text.answer_box.value = HOSTILE + " Teskari workers come to Merrow in September."
    text.check()
    assert "<script>" not in text.result.value + text.code.value


def test_epithets_are_masked_wherever_the_widget_shows_them(tmp_path: Path) -> None:
    epithet = sorted(default_terms(), key=len)[-1]
    widget = _widget("04_dehumanizing_language", "task_7", tmp_path)
    widget.phrase_box.value = f"the {epithet}"
    widget.add_button.click()
    widget.check()
    shown = (widget.result.value + widget.code.value + widget.message.value
             + widget.phrase_list.children[1].children[0].value)
    assert widget.answer() == [f"the {epithet}"]  # the checker still reads the real words
    assert epithet.lower() not in shown.lower()
    assert epithet[0] + "•" in shown


# --------------------------------------------------------------------------- the notebooks


@pytest.mark.parametrize("exercise", sorted(exercise_keys()["exercises"]))
def test_each_exercise_notebook_offers_every_task_without_code(exercise: str) -> None:
    cells = json.loads((ROOT / "exercises" / f"{exercise}.ipynb").read_text())["cells"]
    sources = ["".join(cell["source"]) for cell in cells]
    tasks = sorted(exercise_keys()["exercises"][exercise])
    for task in tasks:
        call = f'ExerciseAnswer("{exercise}", "{task}")'
        index = next((i for i, s in enumerate(sources) if s.strip() == call), None)
        assert index is not None, f"{exercise}: no cell {call}"
        assert sources[index - 1].strip() == "Or answer without code:"
        checker = ANSWER_FORMS[(exercise, task)].checker
        assert checker in sources[index - 2], f"{call} must follow the task's check cell"
        outputs = cells[index]["outputs"]
        html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
        assert "Show as code" in html  # the committed snapshot of the empty widget
        assert "Correct" not in html and "Not yet" not in html  # blank: no verdict shown


def test_show_as_code_writes_what_a_learner_would_type() -> None:
    assert python_literal(...) == "..."
    assert python_literal({6, 2, 4}) == "{2, 4, 6}"
    assert python_literal(set()) == "set()"
    assert python_literal({1: "vermin"}) == "{1: 'vermin'}"
    assert ast.literal_eval(python_literal(("crowd", "rabble"))) == ("crowd", "rabble")


# --------------------------------------------------------------------------- the worked example

EXERCISE_DOCS = ROOT / "docs" / "adding_an_exercise.md"


def _doc_block(language: str) -> str:
    (block,) = re.findall(rf"```{language}\n(.*?)```", EXERCISE_DOCS.read_text("utf-8"), re.S)
    return block


@pytest.fixture
def worked_example(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The page's checker added to the shipped checker module, its key to the shipped key."""
    from propaganda_lab.checks import framing, keys, tasks
    from propaganda_lab.datafiles import check_data

    data = copy.deepcopy(keys.exercise_keys())
    data["exercises"]["02_framing"].update(json.loads(_doc_block("json")))
    assert check_data("exercise_keys.json", data, "exercise_keys.schema.json",
                      check=keys._rules) == []  # a valid key entry
    monkeypatch.setattr(keys, "exercise_keys", lambda: data)
    keys.task_key.cache_clear()
    before = set(vars(framing))
    exec(compile(_doc_block("python"), str(EXERCISE_DOCS), "exec"), vars(framing))
    yield framing
    for name in set(vars(framing)) - before:
        delattr(framing, name)
    tasks._TASKS.pop(("02_framing", "task_10"), None)
    keys.task_key.cache_clear()


def test_worked_example_in_docs_adds_an_answerable_task(worked_example: Any,
                                                        tmp_path: Path) -> None:
    from propaganda_lab.checks import key_vs_tool

    check = worked_example.check_doubt_words
    assert check(["so-called", "claim"]).passed
    near = check(["experts"])
    assert not near.passed and "plain description" in near.message  # the key's reason
    assert not check(["so-called"]).passed  # half of it
    assert check(...).status == "hint"
    widget = _widget("02_framing", "task_10", tmp_path)
    assert widget.source == worked_example.DOUBT_SENTENCE
    for phrase in ("so-called", "claim"):
        start = widget.source.index(phrase)
        select(widget, start, start + len(phrase))
    assert widget.answer() == ["so-called", "claim"]
    assert widget.check().passed
    assert widget.code_line().startswith("DOUBT_WORDS = ['so-called', 'claim']")
    assert key_vs_tool("02_framing", "task_10").tool == "persuasion_cues"
