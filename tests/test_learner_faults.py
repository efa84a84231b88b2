"""Fault injection on learner files (issue 28): hangs, lost locks, kills, full and read-only
disks, things in the way. Every test asserts that no answer is lost without a copy the learner
can find, and that a save that cannot happen says so instead of hanging or lying.

Bounded: each child process is joined with a timeout and killed if it hangs, so a regression
fails here instead of stalling ``make test``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
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
from propaganda_lab.quiz import read_results, save_answer
from propaganda_lab.spotting import Mark, load_answers, update_answers
from propaganda_lab.widgets.rewrite_challenge import RewriteChallenge, load_drafts, save_draft

FORK = multiprocessing.get_context("fork")
ROOT = Path(__file__).resolve().parents[1]


def _plain(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
    return (raw, []) if isinstance(raw, dict) else (None, ["not a dict"])


def _add(item: str) -> Callable[[dict[str, Any] | None], dict[str, Any]]:
    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        items = list((current or {}).get("items", []))
        return {"items": [*items, item]}

    return change


def _items(path: Path) -> list[str]:
    return json.loads(path.read_text())["items"]


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def _run_bounded(target: Callable[..., None], *args: Any, seconds: float = 20.0) -> int | None:
    """Run ``target`` in a child process; its exit code, or None if it had to be killed."""
    child = FORK.Process(target=target, args=args)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return child.exitcode


def _save_one(path: str, item: str) -> None:
    update_learner_file(Path(path), _plain, _add(item))


# --------------------------------------------------------------------------- 1. no hang


@pytest.mark.parametrize("blocker", ["dangling symlink", "symlink to a file", "old folder",
                                     "folder with a file in it"])
def test_a_save_never_hangs_on_something_at_the_lock_path(tmp_path: Path, blocker: str) -> None:
    """Issue 28 repro 1: `ln -s /nonexistent <file>.lock` made every save spin for ever."""
    path = tmp_path / "rewrite_drafts.answers.json"
    update_learner_file(path, _plain, _add("a"))
    lock = lock_path(path)
    lock.parent.mkdir(exist_ok=True)
    lock.unlink(missing_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    if blocker == "dangling symlink":
        lock.symlink_to("/nonexistent")
    elif blocker == "symlink to a file":
        lock.symlink_to(victim)
    else:
        lock.mkdir()
        if blocker == "folder with a file in it":
            (lock / "x").write_text("x")
        old = time.time() - 3600
        os.utime(lock, (old, old))
    started = time.monotonic()
    exit_code = _run_bounded(_save_one, str(path), "b", seconds=20)
    assert exit_code == 0, f"the save hung or failed ({exit_code})"
    assert time.monotonic() - started < 15
    assert _items(path) == ["a", "b"]
    assert victim.read_text() == "not yours"  # a symlinked lock never writes through


def test_a_live_lock_makes_a_save_give_up_in_time_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    started = time.monotonic()
    with learner_files.locked(path), pytest.raises(LearnerFileBusy, match="try again"):
        update_learner_file(path, _plain, _add("b"), wait=0.3)
    assert time.monotonic() - started < 3
    assert _items(path) == ["a"]


# --------------------------------------------------------------------------- 2. long drafts


def test_a_long_draft_is_kept_in_full_and_the_widget_says_it_is_too_long(tmp_path: Path) -> None:
    """Issue 28 repro 2: a draft over 60,000 characters was dropped on reopen and gone from
    the file and its backup after two more saves."""
    path = tmp_path / "rewrite_drafts.answers.json"
    long_draft = "The vote is on. " * 4_500  # 72,000 characters
    widget = RewriteChallenge(drafts_path=path)
    first = widget.challenge.value
    widget.rewrite.value = long_draft
    assert "72,000 characters" in widget.message.value  # said where the learner types
    assert "saved in full" in widget.message.value
    reopened = RewriteChallenge(drafts_path=path)
    assert reopened.rewrite.value == long_draft
    assert "72,000 characters" in reopened.message.value
    other = next(key for key in reopened.challenges if key != first)
    for n in range(2):  # two more saves, of another challenge
        save_draft(path, other, f"draft {n}")
    drafts, notes = load_drafts(path)
    assert drafts[first]["text"] == long_draft and notes == []


# --------------------------------------------------------------------------- 3. stalled writer


def _stalled_writer(path: str, inside: Any, go_on: Any) -> None:
    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        inside.set()
        go_on.wait(30)  # the kernel stalls here, holding the lock
        return _add("z")(current)

    update_learner_file(Path(path), _plain, change)


def test_a_stalled_writer_is_not_overtaken_and_the_other_is_told(tmp_path: Path) -> None:
    """Issue 28 repro 3: a writer stalled in the lock for over 10 s lost it to a second one
    whose save said it succeeded; the first then wrote ['a', 'z'] over ['a', 'b']."""
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    inside, go_on = FORK.Event(), FORK.Event()
    stalled = FORK.Process(target=_stalled_writer, args=(str(path), inside, go_on))
    stalled.start()
    try:
        assert inside.wait(20)
        old = time.time() - 3600  # looks abandoned to anyone who judges locks by their age
        for candidate in (lock_path(path), path.with_name(path.name + ".lock")):
            with contextlib.suppress(OSError):
                os.utime(candidate, (old, old))
        told = False
        try:
            update_learner_file(path, _plain, _add("b"), wait=0.5)
        except LearnerFileBusy:
            told = True
    finally:
        go_on.set()
        stalled.join(20)
    assert stalled.exitcode == 0
    if told:  # the second tab was told and still has "b": it saves again
        update_learner_file(path, _plain, _add("b"))
    assert sorted(_items(path)) == ["a", "b", "z"]


def test_a_writer_whose_lock_was_taken_over_merges_again(tmp_path: Path) -> None:
    """The lock file deleted mid-save (a cleanup, a hand) lets a second writer in; the first
    must not then replace the file with what it read before."""
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    calls = []

    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        calls.append(list((current or {}).get("items", [])))
        if len(calls) == 1:
            for candidate in (lock_path(path), path.with_name(path.name + ".lock")):
                candidate.unlink(missing_ok=True)
            exit_code = _run_bounded(_save_one, str(path), "b", seconds=10)
            assert exit_code == 0
        return _add("z")(current)

    update_learner_file(path, _plain, change)
    assert _items(path) == ["a", "b", "z"]
    assert calls == [["a"], ["a", "b"]]  # merged again under the new lock


# --------------------------------------------------------------------------- 4. kill -9


def _keep_saving(path: str, acknowledged: Any) -> None:
    padding = "x" * 200_000  # big enough that a kill often lands inside a write
    n = 0
    while True:
        save_draft(path, f"task_{n}", padding)
        acknowledged.put(n)
        n += 1


def test_kill_9_during_saves_loses_no_acknowledged_answer_and_leaves_no_temp(
        tmp_path: Path) -> None:
    path = tmp_path / "rewrite_drafts.answers.json"
    rng = random.Random(28)
    for _round in range(6):
        acknowledged = FORK.Queue()
        child = FORK.Process(target=_keep_saving, args=(str(path), acknowledged))
        child.start()
        time.sleep(rng.uniform(0.3, 0.8))
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        saved = []
        with contextlib.suppress(Exception):
            while True:
                saved.append(acknowledged.get(timeout=0.2))
        drafts, notes = load_drafts(path)
        assert {f"task_{n}" for n in saved} <= set(drafts), notes
        save_draft(path, "after_the_kill", "still works")  # no lock is left held
        assert _temporaries(tmp_path) == []  # the next save cleared the killed one's
        assert "after_the_kill" in load_drafts(path)[0]


@pytest.mark.parametrize("left", ["{name}.1a2b3c4d.tmp", "{name}.bak.1a2b3c4d.tmp",
                                  "{name}.bak2.1a2b3c4d.tmp"])
def test_every_temporary_file_a_killed_save_can_leave_is_swept(tmp_path: Path,
                                                                left: str) -> None:
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    leftover = tmp_path / learner_files.WORK_DIR / left.format(name=path.name)
    leftover.write_text("half")
    beside = tmp_path / f".{path.name}.5e6f7a8b.tmp"  # where earlier versions put them
    beside.write_text("half")
    update_learner_file(path, _plain, _add("b"))
    assert _temporaries(tmp_path) == []


# --------------------------------------------------------------------------- 5. backups


@pytest.mark.parametrize("blocker", ["folder", "dangling symlink", "symlink to a good file"])
def test_things_at_the_backup_paths_do_not_stop_a_save(tmp_path: Path, blocker: str) -> None:
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"items": ["not the learner's"]}))
    for generation in (1, 2):
        target = backup_path(path, generation)
        target.unlink(missing_ok=True)
        if blocker == "folder":
            target.mkdir()
        elif blocker == "dangling symlink":
            target.symlink_to(tmp_path / "nowhere")
        else:
            target.symlink_to(planted)
    update_learner_file(path, _plain, _add("b"))
    assert _items(path) == ["a", "b"]
    assert backup_path(path).is_file() and not backup_path(path).is_symlink()
    assert json.loads(backup_path(path).read_text()) == {"items": ["a"]}
    assert planted.read_text() == json.dumps({"items": ["not the learner's"]})
    path.unlink()
    loaded = read_learner_file(path, _plain)
    assert loaded.data == {"items": ["a"]}  # the real backup, never the planted file


def test_the_work_folder_being_a_file_does_not_stop_a_save(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    (tmp_path / learner_files.WORK_DIR).write_text("in the way")
    update_learner_file(path, _plain, _add("a"))
    assert _items(path) == ["a"]
    assert [p.read_text() for p in tmp_path.glob(".propaganda_lab.moved-aside-*")] == [
        "in the way"]


def test_more_than_one_backup_generation_reaches_back_in_time(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    for item in "abc":
        update_learner_file(path, _plain, _add(item))
        old = time.time() - 2 * learner_files.BACKUP_SPACING_SECONDS
        if backup_path(path).exists():
            os.utime(backup_path(path), (old, old))
    update_learner_file(path, _plain, _add("d"))
    assert _items(path) == ["a", "b", "c", "d"]
    assert [json.loads(backup_path(path, g).read_text())["items"] for g in (1, 2, 3)] == [
        ["a", "b", "c"], ["a", "b"], ["a"]]
    update_learner_file(path, _plain, _add("e"))  # a save a moment later: only the newest
    assert [json.loads(backup_path(path, g).read_text())["items"] for g in (1, 2)] == [
        ["a", "b", "c", "d"], ["a", "b"]]
    for generation in (1, 2):  # the two newest damaged: the oldest still restores
        backup_path(path, generation).write_text("{")
    path.write_text("{")
    assert read_learner_file(path, _plain).data == {"items": ["a"]}


def test_a_save_keeps_the_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    update_learner_file(path, _plain, _add("a"))
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain open() makes it
    path.chmod(0o640)
    update_learner_file(path, _plain, _add("b"))
    assert path.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- 6. skipped parts


def test_another_tasks_damaged_answer_is_kept_in_a_named_copy(tmp_path: Path) -> None:
    from propaganda_lab.widgets.exercise_answer import ExerciseAnswer

    path = tmp_path / "exercise_answers.answers.json"
    damaged = {"version": 1, "answers": {"04_dehumanizing_language/task_1": {"text": 5},
                                         "02_framing/task_2": {"text": "kept"}}}
    path.write_text(json.dumps(damaged))
    widget = ExerciseAnswer("02_framing", "task_1", answers_path=path)
    widget.save()
    copies = list(tmp_path.glob("exercise_answers.answers.skipped-*.json"))
    assert len(copies) == 1 and json.loads(copies[0].read_text()) == damaged
    assert copies[0].name in widget.message.value
    assert "02_framing/task_2" in json.loads(path.read_text())["answers"]


def test_unknown_quiz_keys_are_kept_in_a_named_copy(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    save_answer("pre", "a", True, path)
    raw = json.loads(path.read_text())
    raw["pre"]["confidence"] = {"a": 4}  # written by a newer version, say
    raw["notes_to_self"] = "ask about item 3"
    path.write_text(json.dumps(raw))
    _results, notes = read_results(path)
    copy = next(tmp_path.glob("r.skipped-*.json"))
    assert copy.name in notes[-1]
    notes = save_answer("pre", "b", False, path)
    assert json.loads(copy.read_text())["notes_to_self"] == "ask about item 3"
    assert copy.name in notes[-1]


def test_marks_that_no_longer_fit_are_kept_in_a_named_copy(tmp_path: Path) -> None:
    case = load_case("harbor_protest_ledger")
    path = tmp_path / "a.json"
    a = case.annotations[0]
    good = {"technique": a.technique, "start": a.start, "end": a.end,
            "text": case.article[a.start:a.end]}
    stale = {**good, "text": "the article was edited since"}
    path.write_text(json.dumps({"version": 1, "case": case.id, "marks": [good, stale]}))
    marks, notes = load_answers(path, case)
    assert len(marks) == 1 and "no longer fits" in notes[0]
    b = case.annotations[1]
    update_answers(path, case, add=[Mark(b.technique, b.start, b.end,
                                         case.article[b.start:b.end])])
    copy = next(tmp_path.glob("a.skipped-*.json"))
    assert stale in json.loads(copy.read_text())["marks"]


# --------------------------------------------------------------------------- 7. disks


@contextlib.contextmanager
def _mounted_tmpfs(folder: Path, size: str) -> Iterator[None]:
    if shutil.which("mount") is None:
        pytest.skip("full-disk test skipped: no `mount` here")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                             str(folder)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"full-disk test skipped: cannot mount a small tmpfs here "
                    f"({result.stderr.strip() or 'not permitted'})")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with contextlib.suppress(OSError), open(filler, "wb", buffering=0) as stream:
        while True:
            stream.write(b"\0" * 1024)
    return filler


def test_a_full_disk_loses_nothing_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    with _mounted_tmpfs(folder, "64k"):
        path = folder / "rewrite_drafts.answers.json"
        save_draft(path, "one", "first draft")
        before = path.read_bytes()
        filler = _fill(folder)
        widget = RewriteChallenge(drafts_path=path)
        widget.rewrite.value = "a draft typed when the disk is full " * 100
        assert "Could not save your draft" in widget.message.value  # told; kept in memory
        assert widget.drafts[widget.challenge.value]["text"].startswith("a draft typed")
        assert path.read_bytes() == before and _temporaries(folder) == []
        filler.unlink()
        assert widget.check() is not None
        assert load_drafts(path)[0][widget.challenge.value]["text"].startswith("a draft typed")


def test_a_full_disk_never_drops_a_skipped_part_without_its_copy(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    with _mounted_tmpfs(folder, "64k"):
        path = folder / "f.json"
        path.write_text(json.dumps({"items": ["a"], "extra": "x" * 8_000}))
        _fill(folder)

        def strict(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
            return {"items": raw["items"]}, []  # drops "extra" silently

        loaded = read_learner_file(path, strict)
        assert "no copy of it could be written" in loaded.notes[-1]
        with pytest.raises(OSError):
            update_learner_file(path, strict, _add("b"))
        assert json.loads(path.read_text())["extra"] == "x" * 8_000


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip("read-only test skipped: root here cannot make a read-only bind mount")
    try:
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)],
                                 capture_output=True)
        if remount.returncode != 0:
            pytest.skip("read-only test skipped: cannot remount read-only here")
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_folder_keeps_the_work_in_memory_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    path = folder / "rewrite_drafts.answers.json"
    save_draft(path, "one", "saved before")
    before = path.read_bytes()
    with _read_only(folder):
        widget = RewriteChallenge(drafts_path=path)
        widget.rewrite.value = "typed in a read-only folder"
        assert "Could not save your draft" in widget.message.value
        assert widget.drafts[widget.challenge.value]["text"] == "typed in a read-only folder"
        assert path.read_bytes() == before
    widget._save()
    assert load_drafts(path)[0][widget.challenge.value]["text"] == "typed in a read-only folder"


def test_only_the_learner_file_is_visible_beside_the_notebook(tmp_path: Path) -> None:
    """Issue 27 item 4: JupyterLab listed a lock file that vanished a moment later ("Directory
    not found"); locks, backups and temporary files now live in the hidden work folder."""
    path = tmp_path / "rewrite_drafts.answers.json"
    for n in range(3):
        save_draft(path, f"task_{n}", "text")
    assert sorted(p.name for p in tmp_path.iterdir()) == [learner_files.WORK_DIR, path.name]
    hidden = sorted(p.name for p in (tmp_path / learner_files.WORK_DIR).iterdir())
    assert hidden == [backup_path(path).name, lock_path(path).name]


# --------------------------------------------------------------------------- 8. the repository


def test_no_learner_file_is_tracked_and_the_ignores_cover_them() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    learner = [name for name in tracked
               if name.endswith((".answers.json", ".bak", ".lock", ".tmp"))
               or "propaganda_lab_quiz_results" in name or "/.propaganda_lab/" in name
               or ".unreadable-" in name or ".skipped-" in name]
    assert learner == []
    samples = ["notebooks/propaganda_lab_quiz_results.json",
               "notebooks/propaganda_lab_quiz_results.json.bak",
               "notebooks/.propaganda_lab/rewrite_drafts.answers.json.lock",
               "notebooks/.rewrite_drafts.answers.json.1a2b.tmp",
               "notebooks/rewrite_drafts.answers.skipped-2026-01-01-0a1b2c3d.json",
               "notebooks/propaganda_lab_quiz_results.unreadable-2026-01-01-0a1b2c3d.json",
               "exercises/exercise_answers.answers.json.lock"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *samples], cwd=ROOT,
                             capture_output=True, text=True).stdout.splitlines()
    assert sorted(ignored) == sorted(samples)


def test_a_fresh_learner_sees_no_restored_note(tmp_path: Path) -> None:
    """A fresh clone's notebook folder (its tracked files only) greets no one with someone
    else's restored quiz."""
    from propaganda_lab.widgets.quiz import SelfCheckQuiz

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "notebooks"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    for name in tracked:
        if not name.endswith(".ipynb"):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    quiz = SelfCheckQuiz("pre", results_path=tmp_path / "notebooks" /
                         "propaganda_lab_quiz_results.json")
    assert "restored" not in quiz.message.value.lower()
    assert quiz.message.value == "" or "backup" not in quiz.message.value
