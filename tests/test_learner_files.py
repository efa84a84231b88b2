"""Every data-loss path of issue 18 (items 2 and 3), reproduced and shown safe."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from propaganda_lab import learner_files
from propaganda_lab.corpus import load_case
from propaganda_lab.learner_files import (
    LearnerFileBusy,
    backup_path,
    lock_path,
    read_learner_file,
    update_learner_file,
)
from propaganda_lab.quiz import (
    QuizScore,
    load_results,
    read_results,
    save_answer,
    save_result,
    saved_score,
)
from propaganda_lab.spotting import Mark, load_answers, save_answers, update_answers
from propaganda_lab.widgets.quiz import SelfCheckQuiz

CASE = load_case("harbor_protest_ledger")


def _mark(n: int = 0) -> Mark:
    a = CASE.annotations[n]
    return Mark(a.technique, a.start, a.end, CASE.article[a.start : a.end])


def _plain(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
    return (raw, []) if isinstance(raw, dict) else (None, ["not a dict"])


def _leftovers(folder: Path) -> list[str]:
    """Temporary files anywhere under ``folder``, and lock files beside the learner files."""
    return sorted([p.name for p in folder.rglob("*") if p.name.endswith(".tmp")]
                  + [p.name for p in folder.iterdir() if p.name.endswith(".lock")])


# -- quiz results (issue 18 item 2) --------------------------------------------------------
def test_truncated_results_file_keeps_pre_stage_and_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    save_result("pre", {"a": True}, QuizScore(5, 5, 2, 8), path)
    save_answer("post", "b", True, path)  # a later save: the .bak now holds the pre score
    text = path.read_text()
    path.write_text(text[: len(text) // 2])  # truncated (crash, full disk, bad sync)
    results, notes = read_results(path)
    assert results["pre"]["score"]["hits"] == 5 and "Could not read" in notes[0]
    assert saved_score("pre", path) == QuizScore(5, 5, 2, 8)  # comparison not dropped
    save_result("post", {"b": True}, QuizScore(9, 1, 1, 9), path)
    assert load_results(path)["pre"]["score"]["hits"] == 5  # not silently destroyed
    kept = list(tmp_path.glob("r.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == text[: len(text) // 2]


def test_interrupted_save_leaves_the_old_file_and_no_temp_file(tmp_path: Path,
                                                              monkeypatch) -> None:
    path = tmp_path / "r.json"
    save_result("pre", {"a": True}, QuizScore(1, 0, 0, 0), path)
    before = path.read_bytes()

    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt  # the learner pressed "interrupt kernel" mid-save

    monkeypatch.setattr(learner_files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_result("post", {"b": False}, QuizScore(0, 0, 0, 1), path)
    monkeypatch.undo()
    assert path.read_bytes() == before and _leftovers(tmp_path) == []
    assert saved_score("pre", path) == QuizScore(1, 0, 0, 0)


def _writer(path: str, worker: int) -> None:
    for n in range(15):
        save_answer("pre", f"w{worker}_{n}", n % 2 == 0, path)


def test_two_writers_keep_valid_json_and_both_sets_of_answers(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(path), w)) for w in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    answers = json.loads(path.read_text())["pre"]["answers"]  # valid JSON
    assert len(answers) == 30 and _leftovers(tmp_path) == []


def test_answers_survive_a_rerun_before_scoring(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    quiz = SelfCheckQuiz("pre", results_path=path)
    for choice in quiz.choices[:12]:
        choice.value = "fair"
    rerun = SelfCheckQuiz("pre", results_path=path)  # never pressed Score
    assert sum(c.value == "fair" for c in rerun.choices) == 12


@pytest.mark.parametrize("content", ['{"pre": 5}', "null", '{"pre": {"answers": [1]}}',
                                     '{"pre": {"score": {"hits": 1e999}}}',
                                     '{"pre": {"answers": {"a": "yes"}, "form": "Z"}}',
                                     '{"learner": {"seed": true, "forms": 3}}'])
def test_wrong_shaped_results_are_skipped_with_a_note(tmp_path: Path, content: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(content)
    _data, notes = read_results(path)  # never raises
    assert notes
    quiz = SelfCheckQuiz("pre", results_path=path)
    assert quiz.message.value  # the widget shows the warning
    quiz.choices[0].value = "fair"
    assert json.loads(path.read_text())["pre"]["answers"]
    if content == "null":
        assert list(tmp_path.glob("r.unreadable-*.json"))


# -- SpotTheTechnique answers (issue 18 item 3) ------------------------------------------
def test_corrupt_answers_file_is_kept_before_the_next_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{broken")
    marks, notes = load_answers(path, CASE)
    assert marks == [] and "Could not read" in notes[0]
    update_answers(path, CASE, add=[_mark()])
    kept = list(tmp_path.glob("a.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{broken"


def test_two_tabs_on_one_case_keep_both_marks(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    update_answers(path, CASE, add=[_mark(0)])  # tab 1
    saved, _ = update_answers(path, CASE, add=[_mark(1)])  # tab 2 never saw mark 0
    assert saved == [_mark(0), _mark(1)]
    saved, _ = update_answers(path, CASE, remove=[_mark(0)])
    assert saved == [_mark(1)]


def test_failed_save_leaves_no_tmp_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.json"

    def full_disk(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(learner_files.os, "fsync", full_disk)
    with pytest.raises(OSError):
        save_answers(path, CASE, [_mark()])
    monkeypatch.undo()
    assert _leftovers(tmp_path) == [] and not path.exists()


@pytest.mark.parametrize("marks", [
    5, None, "x",
    [{"technique": "loaded_language", "start": 1e999, "end": 4}],
    [{"technique": "loaded_language", "start": -5, "end": 4}],
    [{"technique": "loaded_language", "start": True, "end": 4}],
    [{"technique": 3, "start": 0, "end": 4}],
    [None, 7, "mark"],
    [{"technique": "loaded_language", "start": 4, "end": 2}],
    [{"technique": "loaded_language", "start": 0, "end": 10**9}],
])
def test_wrong_shaped_answers_never_raise_and_restore_nothing_bad(tmp_path: Path,
                                                                  marks: Any) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"version": 1, "case": CASE.id, "marks": marks})
                    .replace("Infinity", "1e999"))
    restored, notes = load_answers(path, CASE)
    assert restored == [] and notes
    if isinstance(marks, list) and marks:
        assert all("Skipped a saved mark" in note for note in notes[:-1])
    assert "a copy of the whole earlier file is kept as a.skipped-" in notes[-1] or (
        not isinstance(marks, list) and "Could not read" in notes[0])
    assert len(list(tmp_path.glob("a.skipped-*.json"))) == (isinstance(marks, list) and
                                                            bool(marks))


def test_null_file_then_save_keeps_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("null")
    assert load_answers(path, CASE)[0] == []
    save_answers(path, CASE, [_mark()])
    assert load_answers(path, CASE) == ([_mark()], [])
    assert [p.read_text() for p in tmp_path.glob("a.unreadable-*.json")] == ["null"]


# -- the helper itself -------------------------------------------------------------------
def test_backup_holds_the_last_good_version(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, lambda _c: {"n": 1})
    update_learner_file(path, _plain, lambda c: {"n": (c or {})["n"] + 1})
    assert json.loads(backup_path(path).read_text()) == {"n": 1}
    path.unlink()
    loaded = read_learner_file(path, _plain)
    assert loaded.data == {"n": 1} and loaded.source == "backup" and loaded.notes


def test_a_dead_writers_lock_file_is_free_and_a_live_one_times_out(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    lock_path(path).parent.mkdir()
    lock_path(path).write_text("12345\n")  # left by a writer that died: not locked
    old = time.time() - 60
    os.utime(lock_path(path), (old, old))
    update_learner_file(path, _plain, lambda _c: {"ok": True})
    assert json.loads(path.read_text()) == {"ok": True}
    # a live writer (another kernel) holds it
    with learner_files.locked(path), pytest.raises(LearnerFileBusy):
        update_learner_file(path, _plain, lambda _c: {"ok": False}, wait=0.1)
    assert json.loads(path.read_text()) == {"ok": True}
