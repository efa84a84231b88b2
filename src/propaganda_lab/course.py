"""The course notebooks and exercises, shipped inside the package so a pip user gets them.

A wheel carries them under ``propaganda_lab/course/`` (the build's force-include); in a
checkout or an editable install they are the repository's ``notebooks/`` and ``exercises/``.
``propaganda-lab course DIR`` (or :func:`copy_course`) copies them into a folder to open in
Jupyter.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

#: The two course folders, as named in the repository and in the wheel.
FOLDERS = ("notebooks", "exercises")


class CourseError(Exception):
    """The course cannot be copied (not shipped, or the target is unusable): one line."""


def course_root() -> Path:
    """The folder holding ``notebooks/`` and ``exercises/``: the wheel's package data, else the
    checkout the package runs from."""
    shipped = Path(str(resources.files("propaganda_lab"))) / "course"
    if (shipped / "notebooks").is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "notebooks").is_dir():
        return checkout
    raise CourseError("the course notebooks are not installed with this copy of propaganda_lab "
                      "(reinstall it from a wheel or a checkout)")


def course_files() -> list[Path]:
    """Every notebook of the course, relative to :func:`course_root`, sorted."""
    root = course_root()
    return sorted(path.relative_to(root) for folder in FOLDERS
                  for path in (root / folder).glob("*.ipynb"))


def copy_course(directory: str | Path, overwrite: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the course into ``directory``: returns (copied, kept) relative paths.

    Files already there are kept unless ``overwrite``, so a learner's work is never replaced.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise CourseError(f"{target}: is a file, not a folder")
    root = course_root()
    copied: list[Path] = []
    kept: list[Path] = []
    try:
        for relative in course_files():
            destination = target / relative
            if destination.exists() and not overwrite:
                kept.append(relative)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / relative, destination)
            copied.append(relative)
    except OSError as error:
        raise CourseError(f"cannot copy the course into {target}: "
                          f"{error.strerror or error}") from None
    return copied, kept
