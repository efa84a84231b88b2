"""One safe way to read and write a learner's files (quiz results, spotting answers).

A learner's work must survive a kernel interrupt, a full disk, a second browser tab and a file
that was damaged by hand. Every save therefore:

* takes a lock (``<name>.lock`` created with ``O_CREAT | O_EXCL``; a lock older than
  :data:`STALE_LOCK_SECONDS` is taken over, since its writer died), so two writers wait for each
  other instead of interleaving bytes;
* re-reads the file under the lock and hands the *current* content to the caller's ``change``
  function, which merges its own edit into it (two tabs adding marks keep both);
* keeps a copy of the previous good file as ``<name>.bak`` and of an unreadable one as
  ``<stem>.unreadable-<timestamp><suffix>``, so nothing is overwritten without a copy;
* writes a temporary file in the same folder, flushes and fsyncs it, then ``os.replace``-s it
  over the target (a reader sees the old file or the new one, never half of one); the
  temporary file is removed if anything fails.

Reading validates the shape with the caller's ``validate`` function, which returns the usable
part and a note per skipped piece; an unreadable file falls back to the ``.bak`` copy. Notes
are plain sentences a widget can show as a warning. Reading never raises.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

#: A lock file older than this is left over from a writer that died; it is taken over.
STALE_LOCK_SECONDS = 10.0
#: How long a save waits for another writer before giving up with :class:`LearnerFileBusy`.
LOCK_WAIT_SECONDS = 3.0

#: ``validate(data) -> (usable data or None, notes)``; None means "this file is not usable".
Validate = Callable[[Any], tuple[dict[str, Any] | None, list[str]]]


class LearnerFileBusy(OSError):
    """Another writer holds the lock for longer than :data:`LOCK_WAIT_SECONDS`."""


@dataclass
class Loaded:
    """What a read found: the usable data (None: start empty), notes to show, and from where."""

    data: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)
    source: str = "missing"  # "file", "backup", "missing" or "unreadable"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _parse(path: Path, validate: Validate) -> tuple[dict[str, Any] | None, list[str], str]:
    """(data, notes, problem): problem is '' when the file is usable, else why not."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [], "missing"
    except (OSError, ValueError) as error:  # UnicodeDecodeError and JSONDecodeError included
        return None, [], f"not readable JSON ({type(error).__name__}: {error})"[:160]
    try:
        data, notes = validate(raw)
    except Exception as error:  # a validator bug must not make the file unreadable for ever
        return None, [], f"unexpected content ({type(error).__name__})"
    if data is None:
        return None, notes, notes[0] if notes else "not the expected kind of file"
    return data, notes, ""


def read_learner_file(path: str | Path, validate: Validate) -> Loaded:
    """Read and validate ``path``; fall back to its ``.bak`` copy if it is unreadable."""
    path = Path(path)
    data, notes, problem = _parse(path, validate)
    if not problem:
        return Loaded(data, notes, "file")
    if problem == "missing":
        if not backup_path(path).exists():
            return Loaded(None, [], "missing")
        problem = "missing"
    backup, backup_notes, backup_problem = _parse(backup_path(path), validate)
    if problem == "missing":
        if backup_problem:
            return Loaded(None, [], "missing")
        return Loaded(backup, [f"{path.name} was missing; restored your work from the backup "
                               f"copy {backup_path(path).name}.", *backup_notes], "backup")
    first = (f"Could not read your saved work in {path.name} ({problem}). It is kept as it is; "
             "the next save keeps a copy of it named "
             f"{path.stem}.unreadable-<time>{path.suffix}.")
    if not backup_problem:
        return Loaded(backup, [first, f"Restored the last good copy from "
                                      f"{backup_path(path).name}.", *backup_notes], "backup")
    return Loaded(None, [first, "No usable backup was found, so this starts empty."],
                  "unreadable")


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT_SECONDS,
           stale: float = STALE_LOCK_SECONDS) -> Iterator[None]:
    """Hold ``<name>.lock`` while the block runs (one writer at a time, across processes)."""
    lock = lock_path(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > stale:
                    lock.unlink(missing_ok=True)  # its writer died
                    continue
            except OSError:
                continue  # released meanwhile: try again at once
            if time.monotonic() > deadline:
                raise LearnerFileBusy(
                    16, f"{path.name} is being saved by another tab or kernel; try again"
                ) from None
            time.sleep(0.01)
    try:
        os.write(handle, f"{os.getpid()}\n".encode())
        os.close(handle)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _write_atomic(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename over ``path``; no temp file is left behind."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where supported
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _copy_atomic(source: Path, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def update_learner_file(
    path: str | Path,
    validate: Validate,
    change: Callable[[dict[str, Any] | None], dict[str, Any]],
) -> tuple[dict[str, Any], list[str]]:
    """Apply ``change`` to the current content of ``path`` and save the result safely.

    ``change`` receives the validated current data (None when there is none) and returns the
    whole new content; it runs under the lock, so it sees what another writer saved a moment
    ago. Returns (what was written, notes about the earlier file). Raises OSError when the file
    cannot be written (the widget keeps the work in memory and says so).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        current, notes, problem = _parse(path, validate)
        if problem and problem != "missing":
            keep = path.with_name(f"{path.stem}.unreadable-{_timestamp()}{path.suffix}")
            _copy_atomic(path, keep)
            notes = [f"Your earlier file {path.name} could not be read ({problem}); it was "
                     f"kept as {keep.name}."]
            loaded = read_learner_file(path, validate)  # the backup, if it is good
            current = loaded.data if loaded.source == "backup" else None
        elif not problem:
            _copy_atomic(path, backup_path(path))  # the last good version
        new = change(current)
        _write_atomic(path, json.dumps(new, ensure_ascii=False, indent=1, allow_nan=False))
    return new, notes
