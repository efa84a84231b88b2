"""One loader for the JSON data files we ship (cases, lexicons, the catalogue).

Teachers edit these files by hand, so a mistake must produce an error that names the file,
the line and the field (``loaded_terms.json: line 12: entries[3].technique: ...``), never a
KeyError deep inside a lens. The lens loaders keep their own error types and wording; they
share the reading, the schema validators (compiled once) and the line lookup from here.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = [
    "DataFileError",
    "check_json_file",
    "field_path",
    "line_of",
    "load_json",
    "packaged",
    "parse_field_path",
    "schema_errors",
    "schema_problems",
    "schema_validator",
]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_FIELD_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class DataFileError(ValueError):
    """A data file is broken; each problem reads ``file: line N: field: what is wrong``."""

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def packaged(package_path: str) -> Traversable:
    """A file inside the installed package, e.g. ``data/lexicons/frames.json``."""
    location = resources.files("propaganda_lab")
    for part in package_path.split("/"):  # Python 3.10's Traversable joins one part at a time
        location = location / part
    return location


@functools.cache
def schema_validator(schema_name: str) -> Any:
    """The compiled validator for ``data/schemas/<schema_name>`` (built once per process)."""
    import jsonschema  # imported lazily: only loading data needs it, not ``import propaganda_lab``

    schema = json.loads(packaged(f"data/schemas/{schema_name}").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _numeric_order(error: Any) -> list[str]:
    """Sort key: where an error is, with list positions in numeric (not string) order."""
    return [f"{part:08d}" if isinstance(part, int) else str(part) for part in error.absolute_path]


def schema_errors(data: Any, schema_name: str) -> list[Any]:
    """Every jsonschema error of ``data``, in file order."""
    return sorted(schema_validator(schema_name).iter_errors(data), key=_numeric_order)


def field_path(parts: Iterable[Any]) -> str:
    """``['annotations', 3, 'end']`` -> ``annotations[3].end`` (how a learner reads a path)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def parse_field_path(text: str) -> list[str | int]:
    """Inverse of :func:`field_path`: ``annotations[3].end`` -> ``["annotations", 3, "end"]``."""
    if text in ("", "(top level)", "(file)"):
        return []
    return [int(index) if index else name for index, name in _FIELD_PART.findall(text)]


def _positions(text: str) -> dict[tuple[Any, ...], int]:
    """Offset where each value (or, for object members, its key) starts, keyed by JSON path.

    Only called for valid JSON, after ``json.loads`` succeeded, and only when reporting errors.
    """
    decoder = json.JSONDecoder()
    positions: dict[tuple[Any, ...], int] = {}

    def skip(index: int) -> int:
        match = _WHITESPACE.match(text, index)
        return match.end() if match else index

    def members(index: int, path: tuple[Any, ...], closing: str) -> int:
        index = skip(index + 1)
        if text[index] == closing:
            return index + 1
        position = 0
        while True:
            index = skip(index)
            if closing == "}":
                key_start = index
                key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
                index = skip(index) + 1  # the colon
                member = (*path, key)
                index = value(index, member)
                positions[member] = key_start
            else:
                index = value(index, (*path, position))
                position += 1
            index = skip(index)
            if text[index] == ",":
                index += 1
                continue
            return index + 1

    def value(index: int, path: tuple[Any, ...]) -> int:
        index = skip(index)
        positions[path] = index
        if text[index] in "{[":
            return members(index, path, "}" if text[index] == "{" else "]")
        return decoder.raw_decode(text, index)[1]

    value(0, ())
    return positions


def line_of(text: str, parts: Iterable[Any]) -> int | None:
    """1-based line of the JSON value at ``parts`` (or the nearest existing parent)."""
    try:
        positions = _positions(text)
    except (ValueError, IndexError, RecursionError):
        return None
    path = tuple(parts)
    while path not in positions and path:
        path = path[:-1]
    offset = positions.get(path)
    return None if offset is None else text.count("\n", 0, offset) + 1


def _missing_or_extra(error: Any) -> tuple[list[Any], str]:
    """For 'required' / 'additionalProperties' errors, point at the field, not its parent."""
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        return path + missing[:1], "is missing"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in allowed]
        return path + extra[:1], "is not an allowed field"
    return path, error.message


def schema_problems(file: str, text: str, data: Any, schema_name: str) -> list[str]:
    """Schema problems as ``file: line N: field: message`` lines (empty when valid)."""
    problems = []
    for error in schema_errors(data, schema_name):
        path, message = _missing_or_extra(error)
        line = line_of(text, path)
        where = f"line {line}: " if line is not None else ""
        problems.append(f"{file}: {where}{field_path(path)}: {message}")
    return problems


def _parse(file: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(
            file, [f"{file}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"]
        ) from None


def _checked(file: str, text: str, schema_name: str) -> Any:
    data = _parse(file, text)
    problems = schema_problems(file, text, data, schema_name)
    if problems:
        raise DataFileError(file, problems)
    return data


def load_json(package_path: str, schema_name: str) -> Any:
    """Read a packaged JSON file and validate it against ``data/schemas/<schema_name>``.

    Raises :class:`DataFileError` listing every problem with file, line and field.
    """
    text = packaged(package_path).read_text(encoding="utf-8")
    return _checked(package_path, text, schema_name)


def check_json_file(path: str | Path, schema_name: str) -> Any:
    """Like :func:`load_json` for a file on disk, e.g. a teacher's edited copy of a lexicon."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path.name, [f"{path.name}: cannot read: {error}"]) from None
    return _checked(path.name, text, schema_name)
