"""The hand-authored exercise keys: valid, word for word in their texts, and the checkers' only
source of truth; ``key_vs_tool`` reports where the detectors disagree with them."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from propaganda_lab.checks import Feedback, KeyVsTool, key_vs_tool, task_key
from propaganda_lab.checks import dehumanization as dh
from propaganda_lab.checks import framing as fr
from propaganda_lab.checks import quoting as qu
from propaganda_lab.checks.answers import has_phrase, normalise
from propaganda_lab.checks.keys import KEYS_FILE, exercise_keys
from propaganda_lab.datafiles import DataFileError, check_data, packaged
from propaganda_lab.dehumanization import CATEGORIES
from propaganda_lab.framing import frame_labels
from propaganda_lab.quotes import parse_source
from propaganda_lab.techniques import technique_ids

MODULES = {"02_framing": fr, "03_selective_quoting": qu, "04_dehumanizing_language": dh}
SCHEMA = "exercise_keys.schema.json"


def _tasks() -> list[tuple[str, str]]:
    return [(exercise, task) for exercise, tasks in exercise_keys()["exercises"].items()
            for task in tasks]


def _checkers(module: Any) -> dict[str, Callable[..., Feedback]]:
    """Each check function of a module by the key task it checks ('Task 3' -> 'task_3')."""
    found = {}
    for name in dir(module):
        function = getattr(module, name)
        if name.startswith("check_") and getattr(function, "__module__", "") == module.__name__:
            found[function(...).task.lower().replace(" ", "_")] = function
    return found


# --- the file ---------------------------------------------------------------------------------

def test_the_key_file_and_its_schema_are_valid() -> None:
    schema = json.loads(packaged(f"data/schemas/{SCHEMA}").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = exercise_keys()
    assert sorted(data["exercises"]) == sorted(MODULES)
    assert check_data(KEYS_FILE, data, SCHEMA) == []


def test_a_broken_key_names_the_field() -> None:
    data = copy.deepcopy(exercise_keys())
    del data["exercises"]["02_framing"]["task_3"]["expected"][0]["reason"]
    data["exercises"]["02_framing"]["task_9"]["expected"] = [
        {"answer": "Kessa", "reason": "a fair text expects nothing", "accepted_alternatives": []}]
    problems = check_data(KEYS_FILE, data, SCHEMA)
    fields = [problem.field for problem in problems]
    assert "exercises.02_framing.task_3.expected[0].reason" in fields
    assert any(field.startswith("exercises.02_framing.task_9.expected") for field in fields)


def test_an_answer_listed_as_both_expected_and_not_expected_is_refused(tmp_path: Any) -> None:
    from propaganda_lab.datafiles import load_json

    data = copy.deepcopy(exercise_keys())
    data["exercises"]["02_framing"]["task_3"]["not_expected"].append(
        {"answer": "stalls were damaged", "reason": "listed twice on purpose"})
    path = tmp_path / "exercise_keys.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    from propaganda_lab.checks.keys import _rules

    with pytest.raises(DataFileError, match="already listed in expected"):
        load_json(path, SCHEMA, check=_rules)


def test_every_task_has_a_checker_and_every_checker_a_key() -> None:
    for exercise, module in MODULES.items():
        assert sorted(_checkers(module)) == sorted(exercise_keys()["exercises"][exercise])


@pytest.mark.parametrize(("exercise", "task"), _tasks(), ids=lambda v: str(v))
def test_every_key_phrase_occurs_word_for_word_in_its_text(exercise: str, task: str) -> None:
    key = task_key(exercise, task)
    module = MODULES[exercise]
    if key.kind == "pair":
        for entry in key.expected:
            text = getattr(module, str(entry.item))
            assert all(has_phrase(text, form) for form in entry.forms), entry
        return
    if key.kind not in ("phrases", "sentence", "rewrite"):
        return
    text = getattr(module, str(key.text))
    phrases = [m.answer for m in (*key.not_expected, *key.claims)]
    if key.kind != "rewrite":
        phrases += [form for entry in key.expected for form in entry.forms]
    missing = [phrase for phrase in phrases if not has_phrase(text, phrase)]
    assert missing == [], f"{exercise} {task}: not in {key.text} word for word"


@pytest.mark.parametrize(("exercise", "task"), _tasks(), ids=lambda v: str(v))
def test_label_answers_come_from_their_vocabulary(exercise: str, task: str) -> None:
    key = task_key(exercise, task)
    vocabularies: dict[str, set[str]] = {
        "frames": set(frame_labels()),
        "techniques": set(technique_ids()),
        "categories": set(CATEGORIES),
        "components": {"metaphor", "denial_of_agency", "othering", "moral_disgust",
                       "negative_evaluation", "epithet"},
        "verdicts": {"fair", "unfair"},
        "speakers": {normalise(s) for s in parse_source(qu.SOURCE).speakers},
    }
    if key.vocabulary is None:
        return
    allowed = vocabularies[key.vocabulary]
    forms = [form for entry in key.expected for form in entry.forms]
    if key.vocabulary == "speakers":
        assert normalise(key.expected[0].answer) in allowed
    else:
        assert [form for form in forms if form not in allowed] == []


def test_every_marked_exercise_has_a_fair_text_with_an_empty_key() -> None:
    for exercise in MODULES:
        fair = [task_key(exercise, task) for task in exercise_keys()["exercises"][exercise]
                if task_key(exercise, task).fair_text]
        assert fair, f"{exercise} has no fair text"
        assert all(key.expected == () and key.not_expected and key.reason for key in fair)


def test_every_expected_answer_says_why() -> None:
    for exercise, task in _tasks():
        for entry in task_key(exercise, task).expected:
            assert len(entry.reason.split()) >= 4, (exercise, task, entry.answer)


# --- the checkers read the key, not the detectors ---------------------------------------------

def test_checkers_do_not_ask_the_detectors_for_their_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the detectors silenced, the right answers are still right."""
    monkeypatch.setattr(fr, "hidden_agency", lambda *a, **k: [])
    monkeypatch.setattr(fr, "loaded_language", lambda *a, **k: [])
    monkeypatch.setattr(fr, "persuasion_cues", lambda *a, **k: [])
    monkeypatch.setattr(dh, "metaphors", lambda *a, **k: [])
    monkeypatch.setattr(dh, "denial_of_agency", lambda *a, **k: [])
    monkeypatch.setattr(qu, "extract_quotes", lambda *a, **k: [])
    assert fr.check_hidden_agents(["The Kessa fish market was closed", "Stalls were damaged",
                                   "two traders were injured"]).passed
    assert fr.check_loaded_terms(["rabble", "stormed", "hostage", "spineless", "caved in"]).passed
    assert fr.check_cue_labels({"a": "black_and_white", "b": "bandwagon", "c": "slogans",
                                "d": "whataboutism"}).passed
    assert dh.check_categories({1: "vermin", 2: "disease", 3: "object", 4: "natural_disaster",
                                5: "machine"}).passed
    assert dh.check_literal({2, 4, 6}).passed
    assert dh.check_denied_agency("they are housed in sheds").passed
    assert qu.check_scare_quotes(["subsidy", "timetable"]).passed


def test_the_known_wrong_keys_are_fixed() -> None:
    # 02 Task 3: an agentless passive the detector misses is expected, not "names its agent".
    two = fr.check_hidden_agents(["Stalls were damaged", "two traders were injured"])
    assert not two.passed and "names" not in two.message and "2 of 3" in two.message
    # 04 Task 1: termites are vermin, and the catalogue's technique is animal_metaphor.
    right = {1: "vermin", 2: "disease", 3: "object", 4: "natural_disaster", 5: "machine"}
    assert dh.check_categories({**right, 1: "animal"}).passed
    assert dh.check_categories({**right, 4: "invasion"}).passed
    assert not dh.check_categories({**right, 1: "disease"}).passed
    assert not dh.check_categories({**right, 3: "machine"}).passed


def test_the_attributed_rewrite_of_task_6_is_right_and_a_deletion_is_questioned() -> None:
    attributed = dh.check_rewrite("About 4,000 Teskari workers come to Merrow every September "
                                  "for the harvest; some Merrow residents say the workers keep "
                                  "to themselves.")
    assert attributed.passed and "left out" not in attributed.message
    deleted = dh.check_rewrite("About 4,000 Teskari workers come to Merrow every September.")
    assert deleted.passed and "keep to themselves" in deleted.message
    asserted = dh.check_rewrite("Teskari workers come to Merrow every September, and they all "
                                "keep to themselves.")
    assert not asserted.passed


# --- every changed checker: empty, over-broad, off-topic, partly right, right -----------------

#: (checker, over-broad, off-topic, partly right, right)
MATRIX: list[tuple[Callable[..., Feedback], Any, Any, Any, Any]] = [
    (fr.check_loaded_terms, fr.LOADED_PARAGRAPH.split(), ["banana"], ["rabble", "stormed"],
     ["rabble", "stormed", "hostage", "spineless", "caved in"]),
    (fr.check_hidden_agents, fr.PASSIVE_REPORT.split(". "), ["the harbour board said"],
     ["Stalls were damaged"],
     ["The Kessa fish market was closed", "Stalls were damaged", "two traders were injured"]),
    (fr.check_headline_frames, {"A": list(frame_labels()), "B": "economic"},
     {"A": "banana", "B": "economic"}, {"A": "economic", "B": "economic"},
     {"A": "economic", "B": "crime_punishment"}),
    (fr.check_cue_labels, {k: ["slogans", "bandwagon"] for k in "abcd"},
     dict.fromkeys("abcd", "banana"),
     {"a": "black_and_white", "b": "slogans", "c": "slogans", "d": "slogans"},
     {"a": "black_and_white", "b": "bandwagon", "c": "slogans", "d": "whataboutism"}),
    (fr.check_word_choice, (fr.WORD_CHOICE_A, fr.LOADED_PARAGRAPH), ("banana", "apple"),
     ("crowd", "crews"), ("crowd", "rabble")),
    (fr.check_fair_report, fr.WIRE_REPORT.split(". "), ["banana"],
     ["No one was hurt"], []),
    (qu.check_dropped_qualifier, ["unless", "but", "only"], "banana", "October", "unless"),
    (qu.check_restored_context, qu.SOURCE, "Bananas are yellow today.",
     "The night ferry to Kerrow will stop in October",
     "The night ferry to Kerrow will stop in October unless the council renews the subsidy."),
    (qu.check_misattribution, "Chair, Irina Voss, Otto Brandl", "Banana", "Irina Voss",
     "Otto Brandl"),
    (qu.check_fair_or_unfair, {"A": ["fair", "unfair"], "B": "fair"},
     {"A": "banana", "B": "fair"}, {"A": "fair", "B": "fair"}, {"A": "unfair", "B": "fair"}),
    (qu.check_spliced_quote, [1, 2, 3, 4, 5, 6], "banana", 2, 6),
    (qu.check_scare_quotes, [qu.ARTICLE], ["banana"], ["subsidy"], ["subsidy", "timetable"]),
    (qu.check_fair_article, [1, 2, 3, 4], "banana", [2], []),
    (dh.check_categories, {n: list(CATEGORIES) for n in range(1, 6)},
     dict.fromkeys(range(1, 6), "banana"),
     {1: "vermin", 2: "disease", 3: "object", 4: "natural_disaster", 5: "object_metaphor"},
     {1: "vermin", 2: "disease", 3: "object", 4: "natural_disaster", 5: "machine"}),
    (dh.check_literal, set(dh.LITERAL_OR_NOT), "banana", {2, 4}, {2, 4, 6}),
    (dh.check_denied_agency, dh.AGENCY_TEXT, "bananas are yellow", "in sheds",
     "they are sent back"),
    (dh.check_agency_counts, (0, 1, 2, 3), "banana", (1, 2), (0, 3)),
    (dh.check_label_component, ["metaphor", "othering"], "banana", "othering", "metaphor"),
    (dh.check_fair_passage, dh.FAIR_PASSAGE.split(), ["banana"], ["rats"], []),
]


@pytest.mark.parametrize(("check", "broad", "off_topic", "partial", "right"), MATRIX,
                         ids=[case[0].__module__.rsplit(".", 1)[-1] + "." + case[0].__name__
                              for case in MATRIX])
def test_empty_broad_off_topic_partial_and_right(check: Callable[..., Feedback], broad: Any,
                                                 off_topic: Any, partial: Any,
                                                 right: Any) -> None:
    assert check(...).status == "hint"
    assert check(None).status == "hint"
    for wrong in (broad, off_topic, partial):
        feedback = check(wrong)
        assert feedback.status == "incorrect", (wrong, feedback)
        assert "unexpected form" not in feedback.message, feedback
    assert check(right).passed, check(right)


FAIR_CHECKERS: list[tuple[Callable[..., Feedback], list[Any], str]] = [
    (fr.check_fair_report, [["were damaged by a reversing delivery lorry"],
                            ["All forty stalls reopened on Saturday"], ["misjudged the turn"],
                            ["Tomas Vell"]], "WIRE_REPORT"),
    (qu.check_fair_article, [[1], [2], "3", [4], [1, 3]], "FAIR_ARTICLE"),
    (dh.check_fair_passage, [["flooded"], ["rats"], ["Pellani families"], ["hill farms"]],
     "FAIR_PASSAGE"),
]


@pytest.mark.parametrize(("check", "false_alarms", "text"), FAIR_CHECKERS,
                         ids=[case[0].__name__ for case in FAIR_CHECKERS])
def test_false_alarms_on_a_fair_text_are_rejected_with_a_reason(
        check: Callable[..., Feedback], false_alarms: list[Any], text: str) -> None:
    for answer in false_alarms:
        feedback = check(answer)
        assert feedback.status == "incorrect", (answer, feedback)
        assert "false alarm" in feedback.message, feedback.message
    fair: Any
    for fair in ([], set(), "fair", "None", ["nothing"]):
        assert check(fair).passed, (fair, check(fair))
    assert check("").status == "hint"
    assert not check([None]).passed  # 'None' the value is not 'none' the word


def test_a_false_alarm_on_a_named_near_miss_gets_the_keys_reason() -> None:
    by_phrase = fr.check_fair_report(["were damaged by a lorry"])
    assert "names its agent" in by_phrase.message
    emotional = qu.check_fair_article([1])
    assert "Emotion is not distortion" in emotional.message
    literal = dh.check_fair_passage(["rats"])
    assert "about animals" in literal.message


# --- key vs tool -------------------------------------------------------------------------------

def test_key_vs_tool_reports_the_agentless_passive_the_detector_misses() -> None:
    report = key_vs_tool("02_framing", "task_3")
    assert isinstance(report, KeyVsTool) and report.tool == "hidden_agency"
    missed = {normalise(d.answer): d.reason for d in report.missed_by_tool}
    assert "the kessa fish market was closed" in missed
    assert "agentless passive" in missed["the kessa fish market was closed"]
    assert {normalise(a) for a in report.agreed} == {"stalls were damaged",
                                                      "two traders were injured"}
    assert not report.agree and "who is right?" in repr(report)
    assert "the kessa fish market was closed" in str(report).lower()


def test_key_vs_tool_reports_a_false_alarm_of_the_detector_on_the_fair_text() -> None:
    report = key_vs_tool("02_framing", "task_9")
    rejected = [d for d in report.rejected_by_key if has_phrase(d.answer, "all forty stalls")]
    assert rejected, report
    assert "accurate, countable absolute" in rejected[0].reason
    assert report.missed_by_tool == ()  # a fair text: the key expects nothing


def test_key_vs_tool_on_the_fair_article_reports_the_clipped_but_fair_quote() -> None:
    report = key_vs_tool("03_selective_quoting", "task_8")
    reasons = {d.answer: d.reason for d in report.rejected_by_key}
    assert "2" in reasons and "the cut changes nothing" in reasons["2"]


def test_key_vs_tool_agrees_where_both_are_right() -> None:
    assert key_vs_tool("04_dehumanizing_language", "task_3").agree
    assert key_vs_tool("03_selective_quoting", "task_6").agree


def test_key_vs_tool_html_is_escaped_and_unknown_tasks_are_named() -> None:
    html = key_vs_tool("02_framing", "task_3")._repr_html_()
    assert "<section" in html and "who is right?" in html and "<script" not in html
    with pytest.raises(KeyError, match="no detector"):
        key_vs_tool("02_framing", "task_2")
    with pytest.raises(KeyError, match="no exercise"):
        key_vs_tool("99_nothing", "task_1")
