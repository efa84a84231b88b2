"""One loader for every file we ship under ``data/`` (lexicons, cases, the catalogue, the quiz).

Every data file has a JSON schema in ``data/schemas/`` (:func:`schema_for` says which one) and is
read through this module: :func:`load_json` for ``.json`` files, :func:`load_lines` for the
line-based ``.txt`` lexicons. Teachers edit these files by hand, so a mistake raises one
:class:`DataFileError` that lists *every* problem of the file, each naming the file, the field
and the line, never a KeyError deep inside a lens::

    data/lexicons/loaded_terms.json: entries[3].technique (term 'mob'): 'loaded_langauge' is
    not one of ['loaded_language', ...] (line 31)

A loader with rules a schema cannot express (duplicates, ids that must exist in the catalogue)
passes them as ``check``; they run once the file has the right shape, and their problems are
reported the same way.

Line-based files (``.txt``): UTF-8, one record per line. ``#`` starts a comment that runs to
the end of the line; blank and comment-only lines are skipped. A record's fields are separated
by TAB characters and stripped of surrounding spaces; the schema's ``x-columns`` list names
them in order, and an empty or missing trailing field is left out of the record. The list of
records is validated against the schema (an array of objects), and each problem names the
record's line and the column's name.

An instructor's data folder (:data:`DATA_ENV`, e.g. ``PROPAGANDA_LAB_DATA=/srv/course-data``)
adds to the shipped files without editing site-packages: ``cases/<id>.json`` are extra cases
and ``lexicons/<name>`` extends the shipped lexicon of that name. Each file is validated alone
with the shipped file's schema, then merged (objects key by key, lists extended by the items
not already there, other values replaced) and the merged data checked again with the
loader's own rules. The folder is read when a loader first runs, so set the variable before
the kernel starts (``docs/hub.md``).
"""

from __future__ import annotations

import contextvars
import functools
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Union

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # Python 3.10
    from importlib.abc import Traversable

__all__ = [
    "DATA_ENV",
    "FILE",
    "DataFileError",
    "InstructorDataWarning",
    "Problem",
    "Traversable",
    "check_data",
    "check_json_file",
    "data_files",
    "duplicates",
    "field_path",
    "instructor_dir",
    "instructor_file",
    "line_of",
    "load_data_file",
    "load_json",
    "load_lines",
    "packaged",
    "parse_field_path",
    "parse_json",
    "read_source",
    "schema_errors",
    "schema_for",
    "schema_problems",
    "schema_validator",
    "with_entry",
]

#: Environment variable naming an instructor's data folder (extra cases and lexicons).
DATA_ENV = "PROPAGANDA_LAB_DATA"
#: The "field" of a problem with the file as a whole (unreadable, not valid JSON).
FILE = "(file)"
TOP_LEVEL = "(top level)"

#: A packaged file (``"data/lexicons/frames.json"``: a string is always a package path), a file
#: on disk (a ``Path``) or a ``Traversable`` from ``importlib.resources``.
Source = Union[str, "os.PathLike[str]", Traversable]
#: A loader's own rules: given valid data, yield ``(path, message)`` for each problem, where
#: ``path`` is the list of keys and indexes of the offending value (``["entries", 3, "term"]``).
Check = Callable[[Any], Iterable[tuple[Sequence[Any], str]]]
#: How a loader names a location for the learner, e.g. ``entries[3].technique (term 'mob')``;
#: returning None means the plain field path.
Where = Callable[[Any, list[Any]], str | None]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_FIELD_PART = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.\[\]]+)')
_PLAIN_KEY = re.compile(r"[^.\[\]\s]+")
#: Schema of each data file that is not named ``<stem>.schema.json`` after the file.
_SCHEMA_OF_FOLDER = {"data/cases": "case.schema.json"}
_SCHEMA_OF_FILE = {"data/techniques.json": "technique.schema.json"}


class Problem(str):
    """One problem of a data file, reading ``file: field: what is wrong (line N)``.

    A ``str`` (so a problem prints, compares and searches like the message it is) that also
    carries its parts: ``file``, ``field`` (a path such as ``entries[3].term``, or ``(file)``),
    ``message`` and ``line`` (1-based, None when only the parsed data was checked). ``where``
    replaces the field in the text when a loader names entries its own way
    (``technique 'slogans', field 'lens'``).
    """

    file: str
    field: str
    message: str
    line: int | None

    def __new__(
        cls,
        file: str,
        field: str,
        message: str,
        line: int | None = None,
        *,
        where: str | None = None,
        text: str | None = None,
    ) -> Problem:
        if text is None:
            text = f"{file}: {where or field}: {message}"
            if line is not None and field != FILE:
                text += f" (line {line})"
        problem = super().__new__(cls, text)
        problem.file, problem.field, problem.message, problem.line = file, field, message, line
        return problem

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.file, self.field, self.message, self.line), {"text": str(self)}


class DataFileError(ValueError):
    """A data file is broken. ``problems`` lists every :class:`Problem` (file, field, line).

    The one error type of every data loader: the lenses' ``LexiconError`` is this class, and
    the case, catalogue and quiz errors are subclasses of it.
    """

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems: list[Problem] = [
            problem if isinstance(problem, Problem) else Problem(file, "", problem, text=problem)
            for problem in problems
        ]
        super().__init__(self._message())

    def _message(self) -> str:
        return "\n".join(self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.__dict__)


def _rebuild(cls: type[DataFileError], state: dict[str, Any]) -> DataFileError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    ValueError.__init__(error, error._message())
    return error


# --------------------------------------------------------------------------- where files are


def packaged(package_path: str) -> Traversable:
    """A file inside the installed package, e.g. ``data/lexicons/frames.json``."""
    location = resources.files("propaganda_lab")
    for part in package_path.split("/"):  # Python 3.10's Traversable joins one part at a time
        location = location / part
    return location


def data_files() -> list[str]:
    """Package path of every file under ``data/`` except the schemas, sorted."""
    found: list[str] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            path = f"{prefix}/{entry.name}"
            if entry.is_dir():
                if entry.name not in ("schemas", "__pycache__"):
                    walk(entry, path)
            else:
                found.append(path)

    walk(packaged("data"), "data")
    return sorted(found)


def schema_for(package_path: str) -> str:
    """The schema of a data file: ``data/cases/*`` -> ``case.schema.json``, the catalogue ->
    ``technique.schema.json``, any other ``<stem>.<ext>`` -> ``<stem>.schema.json``."""
    folder, _, name = package_path.rpartition("/")
    if package_path in _SCHEMA_OF_FILE:
        return _SCHEMA_OF_FILE[package_path]
    if folder in _SCHEMA_OF_FOLDER:
        return _SCHEMA_OF_FOLDER[folder]
    return f"{name.rsplit('.', 1)[0]}.schema.json"


# --------------------------------------------------------------------------- schemas


@functools.cache
def schema_document(schema_name: str) -> dict[str, Any]:
    """The parsed ``data/schemas/<schema_name>`` (read once per process)."""
    text = packaged(f"data/schemas/{schema_name}").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.cache
def schema_validator(schema_name: str) -> Any:
    """The compiled validator for ``data/schemas/<schema_name>`` (built once per process)."""
    return _jsonschema().Draft202012Validator(schema_document(schema_name))


def _jsonschema() -> Any:
    """jsonschema, imported lazily (only loading data needs it, not ``import propaganda_lab``)
    and without its optional IRI format check: with ``rfc3987-syntax`` installed (JupyterLab
    brings it) importing jsonschema compiles that package's grammars, about a second of every
    kernel's first analysis (benchmarks/run.py, "First minute"). Our schemas check no
    formats; the package stays importable for anyone else in the process."""
    blocked = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # ImportError on import
    try:
        import jsonschema  # deferred: see the docstring (a second of rfc3987 grammars)
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def _numeric_order(error: Any) -> list[str]:
    """Sort key: where an error is, with list positions in numeric (not string) order."""
    return [f"{part:08d}" if isinstance(part, int) else str(part) for part in error.absolute_path]


def schema_errors(data: Any, schema_name: str) -> list[Any]:
    """Every jsonschema error of ``data``, in file order."""
    return sorted(schema_validator(schema_name).iter_errors(data), key=_numeric_order)


def _error_parts(error: Any) -> list[tuple[list[Any], str]]:
    """One jsonschema error as ``(path, message)`` pairs that point at the field itself.

    A missing or unknown field is named (not its parent), each repeated list item is named
    at its position, and a bad object key is named as the key.
    """
    path = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        missing = [key for key in error.validator_value if key not in instance]
        return [([*path, key], "is missing") for key in missing] or [(path, error.message)]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {})
        patterns = error.schema.get("patternProperties", {})
        extra = [
            key
            for key in instance
            if key not in allowed and not any(re.search(p, key) for p in patterns)
        ]
        return [([*path, key], "is not an allowed field") for key in extra] or [
            (path, error.message)
        ]
    if error.validator == "uniqueItems" and isinstance(instance, list):
        first: dict[str, int] = {}
        repeats = []
        for index, item in enumerate(instance):
            key = json.dumps(item, sort_keys=True)
            if key in first:
                earlier = field_path([*path, first[key]])
                repeats.append(([*path, index], f"{item!r} is listed twice (also at {earlier})"))
            else:
                first[key] = index
        return repeats or [(path, error.message)]
    if "propertyNames" in error.schema_path and isinstance(instance, str):
        return [([*path, instance], f"the key {error.message}")]
    return [(path, error.message)]


# --------------------------------------------------------------------------- locations


def field_path(parts: Iterable[Any]) -> str:
    """``['annotations', 3, 'end']`` -> ``annotations[3].end`` (how a learner reads a path).

    A key with a dot, bracket or space in it is quoted: ``rules["framing.loaded"].judged``.
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(str(part)):
            text += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            text += f".{part}" if text else str(part)
    return text or TOP_LEVEL


def parse_field_path(text: str) -> list[str | int]:
    """Inverse of :func:`field_path`: ``annotations[3].end`` -> ``["annotations", 3, "end"]``."""
    if text in ("", TOP_LEVEL, FILE):
        return []
    return [
        int(index) if index else json.loads(quoted) if quoted else name
        for index, quoted, name in _FIELD_PART.findall(text)
    ]


@functools.lru_cache(maxsize=8)
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


def with_entry(*name_keys: str) -> Where:
    """A :data:`Where` that adds the entry a field belongs to, so a teacher can find it.

    A field inside a list entry with one of ``name_keys`` reads ``entries[3].technique (term
    'mob')``; a string item of a list reads ``categories.vermin.nouns[1] (entry 'Bad Entry')``.
    """

    def where(data: Any, path: list[Any]) -> str | None:
        label = None
        node = data
        for depth, part in enumerate(path):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if not isinstance(part, int):
                continue
            if isinstance(node, dict):
                key = next((k for k in name_keys if isinstance(node.get(k), str)), None)
                if key is not None:
                    label = f"{key} {node[key]!r}"
            elif isinstance(node, str) and depth == len(path) - 1:
                label = f"entry {node!r}"
        return None if label is None else f"{field_path(path)} ({label})"

    return where


# --------------------------------------------------------------------------- checking


def check_data(
    file: str,
    data: Any,
    schema_name: str,
    *,
    text: str | None = None,
    check: Check | None = None,
    where: Where | None = None,
) -> list[Problem]:
    """Every problem of parsed ``data``: the schema's first, then (only once the shape is right)
    the loader's own ``check``. With the file's ``text`` each problem also names its line, and
    the problems come in file order."""
    found = [part for error in schema_errors(data, schema_name) for part in _error_parts(error)]
    if not found and check is not None:
        found = [(list(path), message) for path, message in check(data)]
    problems: list[Problem] = []
    for path, message in found:
        line = line_of(text, path) if text is not None else None
        location = where(data, path) if where is not None else None
        problem = Problem(file, field_path(path), message, line, where=location)
        if problem not in problems:
            problems.append(problem)
    if text is not None:
        problems.sort(key=lambda problem: problem.line or 0)
    return problems


def schema_problems(file: str, text: str, data: Any, schema_name: str) -> list[Problem]:
    """Schema problems of a parsed file as ``file: field: message (line N)`` (empty if valid)."""
    return check_data(file, data, schema_name, text=text)


def read_source(source: Source) -> tuple[str, str]:
    """``(name to report, text)`` of a data file; an unreadable file is a DataFileError."""
    if isinstance(source, str):
        name, entry = source, packaged(source)
    elif isinstance(source, os.PathLike):
        entry = Path(source)
        name = entry.name
    else:
        name, entry = source.name, source
    try:
        return name, entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(name, [Problem(name, FILE, f"cannot read: {error}")]) from None


def parse_json(file: str, text: str) -> Any:
    """The parsed JSON text; a syntax error is a DataFileError naming line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise DataFileError(file, [Problem(file, FILE, message, error.lineno)]) from None


# --------------------------------------------------------------------------- loading


def load_json(
    source: Source,
    schema_name: str,
    *,
    check: Check | None = None,
    where: Where | None = None,
) -> Any:
    """Read a JSON data file and validate it against ``data/schemas/<schema_name>``.

    ``source`` is a package path (``"data/lexicons/frames.json"``), a ``Path`` on disk (a
    teacher's edited copy) or a ``Traversable``. Raises :class:`DataFileError` listing every
    problem with file, field and line.
    """
    file, text = read_source(source)
    data = parse_json(file, text)
    extra = instructor_file(source)
    problems = check_data(file, data, schema_name, text=text,
                          check=None if extra else check, where=where)
    if problems:
        raise DataFileError(file, problems)
    if extra is None:
        return data
    try:
        extra_name, extra_text = read_source(extra)
        extra_name = str(extra)
        added = parse_json(extra_name, extra_text)
        problems = check_data(extra_name, added, schema_name, text=extra_text, where=where)
        if problems:
            raise DataFileError(extra_name, problems)
        merged = _merge(data, added)
        problems = check_data(f"{extra_name} (with {file})", merged, schema_name, check=check,
                              where=where)
        if problems:
            raise DataFileError(extra_name, problems)
    except DataFileError as error:
        _skip_instructor_file(extra, error)
        problems = check_data(file, data, schema_name, check=check, where=where)
        if problems:
            raise DataFileError(file, problems) from None
        return data
    return merged


def check_json_file(path: str | os.PathLike[str], schema_name: str) -> Any:
    """Like :func:`load_json` for a file on disk (a string here is a file-system path)."""
    return load_json(Path(path), schema_name)


def load_lines(
    source: Source, schema_name: str, *, check: Check | None = None
) -> list[dict[str, str]]:
    """Read a line-based ``.txt`` data file (format in the module docstring) as records.

    Each record maps the schema's ``x-columns`` names to the line's TAB-separated fields.
    Raises :class:`DataFileError` listing every problem with file, line and column name.
    """
    extra = instructor_file(source)
    if extra is not None:
        shipped = load_lines(_Shipped(source), schema_name)
        try:
            added = load_lines(extra, schema_name)
            merged = _extend(shipped, added)
            found = [part for error in schema_errors(merged, schema_name)
                     for part in _error_parts(error)]
            if not found and check is not None:
                found = [(list(path), message) for path, message in check(merged)]
            if found:
                raise DataFileError(str(extra), [Problem(str(extra), field_path(path), message)
                                                 for path, message in found])
        except DataFileError as error:
            _skip_instructor_file(extra, error)
            return load_lines(_Shipped(source), schema_name, check=check)
        return merged
    file, text = read_source(source)
    columns: list[str] = schema_document(schema_name)["x-columns"]
    records: list[dict[str, str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if not content:
            continue
        fields = [part.strip() for part in content.split("\t")]
        if len(fields) > len(columns):
            problems.append(
                Problem(
                    file,
                    columns[-1],
                    f"{len(fields)} TAB-separated fields, but a line has at most "
                    f"{len(columns)} ({', '.join(columns)})",
                    number,
                )
            )
        records.append({name: value for name, value in zip(columns, fields, strict=False) if value})
        lines.append(number)
    found = [part for error in schema_errors(records, schema_name) for part in _error_parts(error)]
    if not found and not problems and check is not None:
        found = [(list(path), message) for path, message in check(records)]
    for path, message in found:
        if path and isinstance(path[0], int):
            problems.append(Problem(file, field_path(path[1:]), message, lines[path[0]]))
        else:
            problems.append(Problem(file, FILE, message))
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise DataFileError(file, problems)
    return records


# --------------------------------------------------------------------------- instructor data


class _Shipped(str):
    """A package path that reads only the shipped file (no instructor additions)."""


def instructor_dir() -> Path | None:
    """The instructor's data folder named by :data:`DATA_ENV`, or None when unset or empty.

    A set variable naming no folder is an error (a typo would otherwise go unnoticed).
    """
    value = os.environ.get(DATA_ENV, "").strip()
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise DataFileError(value, [Problem(value, FILE, f"{DATA_ENV} names no folder")])
    return folder


def instructor_file(source: Source) -> Path | None:
    """The instructor's file that extends the shipped ``source`` (``data/lexicons/x.json`` ->
    ``$PROPAGANDA_LAB_DATA/lexicons/x.json``), if there is one."""
    if not isinstance(source, str) or isinstance(source, _Shipped):
        return None
    if not source.startswith("data/"):
        return None
    folder = instructor_dir()
    if folder is None:
        return None
    candidate = folder / source.removeprefix("data/")
    if not candidate.is_file():
        return None
    size = candidate.stat().st_size
    if size > MAX_INSTRUCTOR_FILE_BYTES:  # rejected at once, not after minutes of checks
        _skip_instructor_file(candidate, DataFileError(str(candidate), [Problem(
            str(candidate), FILE, f"{size:,} bytes; an instructor's file may have at most "
            f"{MAX_INSTRUCTOR_FILE_BYTES:,} (split it, or keep only the entries you teach)")]))
        return None
    return candidate


#: Largest instructor data file read (ten times the largest shipped lexicon).
MAX_INSTRUCTOR_FILE_BYTES = 2_000_000
#: While set (by :func:`validate_instructor_data`), a broken instructor file raises instead of
#: being skipped with a warning.
_STRICT = contextvars.ContextVar("propaganda_lab_strict_instructor_data", default=False)


class InstructorDataWarning(UserWarning):
    """An instructor's data file was skipped (the shipped data is used); names file and line."""


def _skip_instructor_file(path: Path, error: DataFileError) -> None:
    """Raise ``error`` while validating strictly; else warn and let the caller use the shipped
    data, so one broken file in the instructor's folder does not break every lens."""
    if _STRICT.get():
        raise error
    more = f" (and {len(error.problems) - 1} more problem(s))" if len(error.problems) > 1 else ""
    warnings.warn(f"Skipped the instructor's file {path}, using the shipped data instead: "
                  f"{error.problems[0]}{more}. `propaganda-lab doctor` lists every problem.",
                  InstructorDataWarning, stacklevel=3)


def strictly(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``function`` with broken instructor files raising (to list their problems)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _STRICT.set(True)
        try:
            return function(*args, **kwargs)
        finally:
            _STRICT.reset(token)

    return wrapper


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _extend(shipped: list[Any], added: list[Any]) -> list[Any]:
    """``shipped`` and the items of ``added`` not in it, in linear time (200,000 entries in
    seconds, not minutes); a duplicate within ``added`` stays, for the loader's check."""
    seen = {_key(item) for item in shipped}
    return shipped + [item for item in added if _key(item) not in seen]


def _merge(shipped: Any, added: Any) -> Any:
    """Instructor data over shipped data: objects merged key by key, lists extended by the
    items not already in them, anything else replaced."""
    if isinstance(shipped, dict) and isinstance(added, dict):
        merged = dict(shipped)
        for key, value in added.items():
            merged[key] = _merge(shipped[key], value) if key in shipped else value
        return merged
    if isinstance(shipped, list) and isinstance(added, list):
        return _extend(shipped, added)
    return added


def load_data_file(package_path: str) -> Any:
    """Load any packaged data file with its schema (:func:`schema_for`), by its extension."""
    if package_path.endswith(".json"):
        return load_json(package_path, schema_for(package_path))
    if package_path.endswith(".txt"):
        return load_lines(package_path, schema_for(package_path))
    raise DataFileError(
        package_path,
        [Problem(package_path, FILE, "no loader for this kind of file (use .json or .txt)")],
    )


def duplicates(values: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(index, value)`` of every value already seen earlier in ``values``
    (for the cross-entry checks a schema cannot state, e.g. a term listed twice)."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index, value
        seen.add(value)
