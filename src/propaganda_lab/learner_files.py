"""One safe way to read and write a learner's files (quiz results, answers, drafts).

A learner's work must survive a kernel interrupt or kill, a full disk, a second browser tab, a
stalled kernel and a file that was damaged by hand. Every save therefore:

* takes a lock with :mod:`filelock` (``flock`` on ``.propaganda_lab/<name>.lock``): a writer
  that dies releases it with its process, and a live writer that stalls keeps it, so no one
  takes over a lock that is still held. A waiter gives up after :data:`LOCK_WAIT_SECONDS` with
  :class:`LearnerFileBusy` (the widget keeps the work in memory and says so). Something that is
  not a lock file at the lock path (a dangling symlink, a folder) is moved aside, not waited on;
* re-reads the file under the lock and hands the *current* content to the caller's ``change``
  function, which merges its own edit into it (two tabs adding marks keep both). Right before
  the rename it checks that the lock file is still the one it locked; if someone replaced it,
  the whole save (read, merge, write) is done again under a new lock, and if that fails too the
  caller gets :class:`LearnerFileBusy` instead of a silent overwrite;
* keeps copies, so nothing is dropped without one the learner can find: the previous good file
  in :data:`BACKUP_GENERATIONS` backup generations (``.propaganda_lab/<name>.bak``, ``.bak2``,
  ...; an older generation is kept only when it is at least :data:`BACKUP_SPACING_SECONDS`
  older), an unreadable file as ``<stem>.unreadable-<date>-<hash><suffix>`` beside it, and a
  file of which the validator could not use everything as ``<stem>.skipped-<date>-<hash>
  <suffix>`` beside it (both named in the notes);
* writes a temporary file in ``.propaganda_lab/``, flushes and fsyncs it, gives it the old
  file's mode, then ``os.replace``-s it over the target (a reader sees the old file or the new
  one, never half of one). A temporary file left by a killed save is removed by the next save.

Lock, backup and temporary files live in the hidden folder ``.propaganda_lab/`` beside the
learner file, so JupyterLab's file browser never lists (and races) them.

Reading validates the shape with the caller's ``validate`` function, which returns the usable
part and a note per skipped piece; whatever the validator leaves out, noted or not, is copied
to the ``.skipped-`` file before anything overwrites it. An unreadable file falls back to the
newest good backup. Notes are plain sentences a widget can show as a warning. Reading never
raises.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import filelock

#: The hidden folder beside a learner file that holds its lock, backups and temporary files.
WORK_DIR = ".propaganda_lab"
#: How long a save waits for another writer before giving up with :class:`LearnerFileBusy`.
LOCK_WAIT_SECONDS = 3.0
#: Backup generations kept of each learner file (the newest is the last good version).
BACKUP_GENERATIONS = 3
#: The newest backup moves down a generation only when it is at least this old, so the older
#: generations reach back in time instead of holding three saves of one minute's typing.
BACKUP_SPACING_SECONDS = 300.0
#: Largest list compared element by element when checking that validation dropped nothing.
_COVER_BUDGET = 1_000_000

#: ``validate(data) -> (usable data or None, notes)``; None means "this file is not usable".
Validate = Callable[[Any], tuple[dict[str, Any] | None, list[str]]]


class LearnerFileBusy(OSError):
    """Another writer holds the lock for longer than :data:`LOCK_WAIT_SECONDS`, or took it
    over while this save ran; nothing was written, the caller still has the work."""


class _LockLost(Exception):
    """The lock file was replaced while this save held it (someone deleted it)."""


@dataclass
class Loaded:
    """What a read found: the usable data (None: start empty), notes to show, and from where."""

    data: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)
    source: str = "missing"  # "file", "backup", "missing" or "unreadable"


# --------------------------------------------------------------------------- paths


def work_dir(path: Path) -> Path:
    return path.parent / WORK_DIR


def backup_path(path: Path, generation: int = 1) -> Path:
    """Generation 1 is the last good version, 2 an older one, and so on."""
    suffix = ".bak" if generation == 1 else f".bak{generation}"
    return work_dir(path) / (path.name + suffix)


def backup_paths(path: Path) -> list[Path]:
    return [backup_path(path, g) for g in range(1, BACKUP_GENERATIONS + 1)]


def lock_path(path: Path) -> Path:
    return work_dir(path) / (path.name + ".lock")


def _today() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def kept_copy_path(path: Path, kind: str, raw: bytes) -> Path:
    """``<stem>.<kind>-<date>-<hash><suffix>`` beside ``path``: the same content kept on the
    same day gets the same name, so reading a damaged file twice keeps one copy."""
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return path.with_name(f"{path.stem}.{kind}-{_today()}-{digest}{path.suffix}")


# --------------------------------------------------------------------------- reading


@dataclass
class _Parsed:
    data: dict[str, Any] | None
    notes: list[str]
    problem: str  # '' when usable, "missing", or why it cannot be read
    raw: bytes | None = None
    incomplete: bool = False  # the validator left out something the file holds


def _read_bytes(path: Path, follow: bool = True) -> bytes:
    flags = os.O_RDONLY | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def _parse(path: Path, validate: Validate, follow: bool = True) -> _Parsed:
    try:
        raw = _read_bytes(path, follow)
    except FileNotFoundError:
        return _Parsed(None, [], "missing")
    except OSError as error:  # a folder, a symlink loop, no permission
        return _Parsed(None, [], f"not readable ({error.strerror or type(error).__name__})")
    try:
        content = json.loads(raw.decode("utf-8"))
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError included
        return _Parsed(None, [], f"not readable JSON ({type(error).__name__}: {error})"[:160],
                       raw)
    try:
        data, notes = validate(content)
    except Exception as error:  # a validator bug must not make the file unreadable for ever
        return _Parsed(None, [], f"unexpected content ({type(error).__name__})", raw)
    if data is None:
        return _Parsed(None, notes, notes[0] if notes else "not the expected kind of file", raw)
    return _Parsed(data, notes, "", raw, bool(notes) or not _covers(_plain(data), content))


def _plain(data: Any) -> Any:
    """``data`` as JSON values (validators may return dataclasses such as spotting marks)."""

    def default(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        raise TypeError(type(value).__name__)

    try:
        return json.loads(json.dumps(data, default=default))
    except (TypeError, ValueError):
        return None


def _covers(kept: Any, raw: Any, top: bool = True) -> bool:
    """Whether everything in ``raw`` (the file as read) is still in ``kept`` (the validated
    data): added keys, reordered or merged duplicate list items are fine; a dropped key, item
    or changed value is not. The top-level "version" is the format's, not the learner's."""
    if isinstance(raw, dict):
        return isinstance(kept, dict) and all(
            (top and key == "version") or (key in kept and _covers(kept[key], value, False))
            for key, value in raw.items())
    if isinstance(raw, list):
        if not isinstance(kept, list):
            return False
        canonical = {json.dumps(item, sort_keys=True) for item in kept}
        missing = [item for item in raw if json.dumps(item, sort_keys=True) not in canonical]
        if len(missing) * max(len(kept), 1) > _COVER_BUDGET:
            return False
        return all(any(_covers(k, item, False) for k in kept) for item in missing)
    return type(raw) is type(kept) and raw == kept


def _keep_copy(path: Path, kind: str, raw: bytes) -> tuple[Path | None, str]:
    """Write ``raw`` to its kept-copy name beside ``path`` (nothing to do if it is there);
    returns (the copy or None, why it could not be written)."""
    target = kept_copy_path(path, kind, raw)
    try:
        if target.is_file() and not target.is_symlink() and target.read_bytes() == raw:
            return target, ""
        _write_atomic(path, target, raw, mode=None)
    except OSError as error:
        return None, str(error.strerror or error)
    return target, ""


def _kept_or_fail(path: Path, kind: str, raw: bytes, what: str) -> Path:
    """The kept copy of ``raw`` (see ``_keep_copy``); without one, nothing may be written over
    the learner's file, so the change stops with an error naming ``what`` was not kept."""
    copy, failure = _keep_copy(path, kind, raw)
    if copy is None:
        raise OSError(errno.EIO, f"no copy of {what} could be kept ({failure})")
    return copy


def _skipped_note(path: Path, parsed: _Parsed) -> str:
    assert parsed.raw is not None
    copy, problem = _keep_copy(path, "skipped", parsed.raw)
    what = ("Some of what was saved in " + path.name + " could not be used"
            + (" (see above)" if parsed.notes else ""))
    if copy is not None:
        return f"{what}; a copy of the whole earlier file is kept as {copy.name}."
    return (f"{what}, and no copy of it could be written ({problem}); the file is left "
            "unchanged until a save can keep one.")


def _best_backup(path: Path, validate: Validate) -> tuple[_Parsed, Path] | None:
    for candidate in backup_paths(path):
        parsed = _parse(candidate, validate, follow=False)  # a planted symlink is no backup
        if not parsed.problem:
            return parsed, candidate
    return None


def read_learner_file(path: str | Path, validate: Validate) -> Loaded:
    """Read and validate ``path``; fall back to its newest good backup if it is unreadable.

    Whatever the validator cannot use is copied to a ``.skipped-`` file first (named in the
    notes), so a later save cannot drop it for good.
    """
    path = Path(path)
    parsed = _parse(path, validate)
    if not parsed.problem:
        notes = list(parsed.notes)
        if parsed.incomplete:
            notes.append(_skipped_note(path, parsed))
        return Loaded(parsed.data, notes, "file")
    found = _best_backup(path, validate)
    if parsed.problem == "missing":
        if found is None:
            return Loaded(None, [], "missing")
        backup, where = found
        return Loaded(backup.data, [f"{path.name} was missing; restored your work from the "
                                    f"backup copy {WORK_DIR}/{where.name}.", *backup.notes],
                      "backup")
    if parsed.raw is not None:
        copy, failure = _keep_copy(path, "unreadable", parsed.raw)
        kept = (f"A copy of it is kept as {copy.name}." if copy is not None
                else f"It is left as it is (no copy could be written: {failure}).")
    else:
        kept = "It is left as it is."
    first = f"Could not read your saved work in {path.name} ({parsed.problem}). {kept}"
    if found is not None:
        backup, where = found
        return Loaded(backup.data, [first, f"Restored the last good copy from "
                                           f"{WORK_DIR}/{where.name}.", *backup.notes],
                      "backup")
    return Loaded(None, [first, "No usable backup was found, so this starts empty."],
                  "unreadable")


# --------------------------------------------------------------------------- the lock


def _move_aside(target: Path) -> None:
    """Rename whatever is at ``target`` (a folder, a symlink) out of the way; never delete."""
    os.replace(target, target.with_name(f"{target.name}.moved-aside-{_stamp()}"))


def _clear_way(target: Path) -> None:
    """Make sure ``target`` is a regular file or absent (moving anything else aside)."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        _move_aside(target)


def _ensure_work_dir(path: Path) -> Path:
    folder = work_dir(path)
    if folder.is_dir():  # a symlink to a folder is fine (a hub may put it elsewhere)
        return folder
    if os.path.lexists(folder):
        _move_aside(folder)  # a file or dangling symlink where the folder belongs
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


class _Hold:
    """A lock held by this save; ``still_ours`` is checked right before the rename."""

    def __init__(self, lock: Path) -> None:
        self.lock = lock
        self.identity = os.lstat(lock)

    def still_ours(self) -> bool:
        try:
            return os.path.samestat(os.lstat(self.lock), self.identity)
        except OSError:
            return False


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[_Hold]:
    """Hold ``.propaganda_lab/<name>.lock`` while the block runs (one writer at a time, across
    processes). Every wait is bounded by ``wait`` seconds; raises :class:`LearnerFileBusy`."""
    path = Path(path)
    deadline = time.monotonic() + wait
    _ensure_work_dir(path)
    lock = lock_path(path)
    busy = f"{path.name} is being saved by another tab or kernel; your work is kept here: try again"
    for attempt in range(3):
        _clear_way(lock)
        file_lock = filelock.FileLock(str(lock), timeout=max(0.0, deadline - time.monotonic()))
        try:
            file_lock.acquire(poll_interval=0.02)
        except filelock.Timeout:
            raise LearnerFileBusy(errno.EBUSY, busy) from None
        except OSError as error:  # something appeared at the lock path meanwhile
            if attempt == 2 or time.monotonic() > deadline:
                raise LearnerFileBusy(errno.EBUSY, f"{path.name} cannot be locked "
                                      f"({error.strerror or error}); {WORK_DIR}/"
                                      f"{lock.name} is in the way") from error
            continue
        try:
            hold = _Hold(lock)
        except OSError:
            file_lock.release()
            continue  # deleted between the lock and the check: lock again
        try:
            yield hold
        finally:
            file_lock.release()
        return
    raise LearnerFileBusy(errno.EBUSY, busy)


# --------------------------------------------------------------------------- writing


def _sweep_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` left by a killed save (called under its lock, so no
    live save of this file owns one). Earlier versions put them beside the file."""
    patterns = [(work_dir(path), f"{path.name}."), (path.parent, f".{path.name}.")]
    for folder, prefix in patterns:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _new_file_mode() -> int:
    """0o666 less the process's umask (what a plain ``open(..., "w")`` would give)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    return 0o644


def _write_atomic(path: Path, target: Path, data: bytes, mode: int | None,
                  hold: _Hold | None = None) -> None:
    """Temp file in the work folder, fsync, rename over ``target``; no temp file is left
    behind. ``mode``: the permissions to give (None: as a new file gets). With ``hold``, the
    rename happens only while the lock is still ours (else :class:`_LockLost`)."""
    folders = [work_dir(path), target.parent]
    for number, folder in enumerate(folders):
        # <name>.<...>.tmp in the work folder, hidden .<name>.<...>.tmp elsewhere: the names
        # _sweep_temporaries removes for the learner file ``path``.
        prefix = f"{target.name}." if folder == work_dir(path) else f".{target.name}."
        temporary = folder / f"{prefix}{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError:
            if number == 0:
                continue  # no work folder (a read-only folder): try beside the target
            raise
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fchmod(stream.fileno(), _new_file_mode() if mode is None else mode)
                os.fsync(stream.fileno())
            if hold is not None and not hold.still_ours():
                raise _LockLost
            try:
                os.replace(temporary, target)
            except OSError as error:
                if error.errno == errno.EXDEV and number == 0:
                    os.unlink(temporary)  # the work folder is on another disk
                    continue
                raise
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        break
    with contextlib.suppress(OSError):  # make the rename itself durable where supported
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _rotate_backups(path: Path, raw: bytes) -> str:
    """Keep ``raw`` (the last good file) as backup 1, moving older generations down when the
    newest is old enough; returns a note if no backup could be written (the save goes on:
    the new file holds everything the old one did)."""
    generations = backup_paths(path)
    try:
        for target in generations:
            _clear_way(target)
        newest = generations[0]
        if newest.exists() and time.time() - newest.stat().st_mtime >= BACKUP_SPACING_SECONDS:
            for older, newer in zip(generations[:0:-1], generations[-2::-1], strict=True):
                if newer.exists():
                    os.replace(newer, older)
        _write_atomic(path, newest, raw, mode=None)
    except OSError as error:
        return f"No backup copy of {path.name} could be written ({error.strerror or error})."
    return ""


def update_learner_file(
    path: str | Path,
    validate: Validate,
    change: Callable[[dict[str, Any] | None], dict[str, Any]],
    wait: float = LOCK_WAIT_SECONDS,
) -> tuple[dict[str, Any], list[str]]:
    """Apply ``change`` to the current content of ``path`` and save the result safely.

    ``change`` receives the validated current data (None when there is none) and returns the
    whole new content; it runs under the lock, so it sees what another writer saved a moment
    ago (it may run twice if the lock was taken over meanwhile). Returns (what was written,
    notes about the earlier file). Raises OSError (:class:`LearnerFileBusy` among them) when
    the file cannot be written; then nothing was written, and the caller keeps the work.
    """
    path = Path(path)
    for _attempt in range(2):
        try:
            return _update_once(path, validate, change, wait)
        except _LockLost:
            continue
    raise LearnerFileBusy(errno.EBUSY, f"{path.name} was not saved: another tab or kernel took "
                                       "over while this save ran; your work is kept here: "
                                       "try again")


def _update_once(path: Path, validate: Validate,
                 change: Callable[[dict[str, Any] | None], dict[str, Any]],
                 wait: float) -> tuple[dict[str, Any], list[str]]:
    with locked(path, wait) as hold:
        _sweep_temporaries(path)
        parsed = _parse(path, validate)
        notes: list[str] = []
        current = parsed.data
        if parsed.problem and parsed.problem != "missing":
            if parsed.raw is None:  # a folder or unreadable file: nothing to copy, so stop
                raise OSError(errno.EIO, f"{path.name} is {parsed.problem}")
            copy = _kept_or_fail(path, "unreadable", parsed.raw,
                                 f"the unreadable {path.name}")
            notes.append(f"Your earlier file {path.name} could not be read ({parsed.problem}); "
                         f"it was kept as {copy.name}.")
            found = _best_backup(path, validate)
            current = found[0].data if found else None
        elif not parsed.problem:
            notes = list(parsed.notes)
            if parsed.incomplete:
                assert parsed.raw is not None
                copy = _kept_or_fail(path, "skipped", parsed.raw,
                                     f"what could not be used in {path.name}")
                notes.append(f"Some of what was saved in {path.name} could not be used; a copy "
                             f"of the whole earlier file is kept as {copy.name}.")
            assert parsed.raw is not None
            backup_problem = _rotate_backups(path, parsed.raw)
            if backup_problem:
                notes.append(backup_problem)
        new = change(current)
        text = json.dumps(new, ensure_ascii=False, indent=1, allow_nan=False)
        try:
            mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = None
        _write_atomic(path, path, text.encode("utf-8"), mode, hold)
    return new, notes
