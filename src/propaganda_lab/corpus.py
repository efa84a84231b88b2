"""Teaching cases: loading and strict validation, PTC interchange, and spaCy ``Doc.spans``.

A case file (``data/cases/<id>.json``, schema ``data/schemas/case.schema.json``) is one
fictional article with gold annotations. Validation is strict and its messages name the file
and the field, because case authors fix offsets by hand and a vague error wastes their time.

The PTC functions read and write the SemEval-2020 Task 11 format (Propaganda Techniques
Corpus; Da San Martino et al., 2020) so learners can move spans between this kit and tools
built for that corpus: ``article<ID>.txt`` files (the first line is the title) and
tab-separated labels ``ID<TAB>technique<TAB>start<TAB>end`` (or ``ID<TAB>start<TAB>end``
for span identification), character offsets with the end exclusive.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from propaganda_lab.datafiles import (
    DATA_ENV,
    FILE,
    DataFileError,
    InstructorDataWarning,
    Problem,
    Traversable,
    check_data,
    data_files,
    instructor_dir,
    line_of,
    load_json,
    load_lines,
    packaged,
    parse_field_path,
    parse_json,
    read_source,
    schema_for,
    strictly,
)
from propaganda_lab.metrics import Span, as_span
from propaganda_lab.nlp import to_doc
from propaganda_lab.techniques import LENSES, id_to_ptc_label, technique_ids

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Quoting techniques that only make sense against the source being quoted.
SOURCE_CHECKED_TECHNIQUES = frozenset(
    {
        "clipping",
        "splicing",
        "dropped_qualifier",
        "context_stripping",
        "misattribution",
        "altered_quote",
        "fabricated_quote",
    }
)
#: Lens value of a case that teaches several lenses at once; listed under every lens.
MIXED = "mixed"
#: Label used for PTC span-identification lines, which carry no technique.
PTC_UNLABELLED = "propaganda"

#: A file-system path, or a packaged-resource entry such as ``resources.files(...)`` returns.
PathLike = Union[str, os.PathLike, "Traversable"]


# --------------------------------------------------------------------------- case model


class Annotation(NamedTuple):
    """One gold span: unpacks as ``technique_id, start, end, explanation``."""

    technique: str
    start: int
    end: int
    explanation: str


@dataclass(frozen=True)
class SourceDoc:
    """A document the article quotes or reports on (wire copy, transcript, statement)."""

    id: str
    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class Case:
    """One validated teaching case. Annotation offsets index ``article``, headline included."""

    id: str
    title: str
    lens: str
    difficulty: str
    content_note: str
    article: str
    source_docs: tuple[SourceDoc, ...]
    annotations: tuple[Annotation, ...]
    summary: str | None = None
    outlet: str | None = None
    group_terms: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()
    pair_with: str | None = None
    discussion: tuple[str, ...] = ()
    #: The optional ``source`` id of each annotation, parallel to ``annotations``.
    annotation_source_ids: tuple[str | None, ...] = ()

    @property
    def sources(self) -> list[str]:
        """The source texts, in file order (what the quoting lens compares against)."""
        return [source.text for source in self.source_docs]

    @property
    def headline(self) -> str:
        """The article's first line."""
        return self.article.split("\n", 1)[0].rstrip("\r")

    @property
    def body(self) -> str:
        """The article after the headline and its blank line, for display only.

        Annotation offsets index ``article``, not ``body``.
        """
        parts = self.article.split("\n", 1)
        return parts[1].lstrip("\r\n") if len(parts) == 2 else ""

    def gold_spans(self) -> list[Span]:
        """The annotations as ``(technique, start, end)`` tuples, ready for the span metric."""
        return [(a.technique, a.start, a.end) for a in self.annotations]

    def annotation_text(self, annotation: Annotation) -> str:
        """The article text an annotation covers."""
        return self.article[annotation.start : annotation.end]

    @property
    def annotation_sources(self) -> dict[Annotation, str]:
        """Annotation -> id of the source it is checked against, for annotations naming one."""
        return {
            annotation: source_id
            for annotation, source_id in zip(
                self.annotations, self.annotation_source_ids, strict=False
            )
            if source_id is not None
        }

    def source_for(self, annotation: Annotation) -> SourceDoc | None:
        """The source an annotation is checked against: the one it names, else the only one."""
        source_id = self.annotation_sources.get(annotation)
        if source_id is None:
            return self.source_docs[0] if len(self.source_docs) == 1 else None
        return next(source for source in self.source_docs if source.id == source_id)


# --------------------------------------------------------------------------- validation


class CaseValidationError(DataFileError):
    """A case file is broken. Each problem reads ``file: field: problem (line N)``."""

    def __init__(self, problems: Sequence[str], file: str | None = None) -> None:
        files = {problem.file if isinstance(problem, Problem) else "" for problem in problems}
        if file is None:
            file = files.pop() if len(files) == 1 else "data/cases"
        super().__init__(file, problems)


def _closest(word: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.5)
    return matches[0] if matches else None


def _semantic_problems(data: dict[str, Any], filename: str) -> list[tuple[list[Any], str]]:
    """Checks JSON Schema cannot express: offsets, recorded text, ids, sources."""
    problems: list[tuple[list[Any], str]] = []

    def problem(field: str, message: str) -> None:
        problems.append((parse_field_path(field), message))

    expected_id = filename.removesuffix(".json")
    if data["id"] != expected_id:
        problem("id", f"id {data['id']!r} does not match the file name (expected {expected_id!r})")

    source_ids: list[str] = []
    for index, source in enumerate(data["sources"]):
        if source["id"] in source_ids:
            problem(f"sources[{index}].id", f"duplicate source id {source['id']!r}")
        source_ids.append(source["id"])

    article: str = data["article"]
    known = technique_ids()
    quoting_used: list[str] = []
    for index, annotation in enumerate(data["annotations"]):
        where = f"annotations[{index}]"
        technique, start, end = annotation["technique"], annotation["start"], annotation["end"]
        if technique not in known:
            guess = _closest(technique, known)
            hint = (
                f" (did you mean {guess!r}?)"
                if guess
                else " (see propaganda_lab.techniques.technique_ids())"
            )
            problem(f"{where}.technique", f"unknown technique {technique!r}{hint}")
        elif technique in SOURCE_CHECKED_TECHNIQUES:
            quoting_used.append(technique)
        if start >= end:
            problem(f"{where}.end", f"span {start}..{end} is empty (start must be < end)")
        elif end > len(article):
            field = f"{where}.start" if start >= len(article) else f"{where}.end"
            problem(
                field,
                f"span {start}..{end} is out of bounds (article has {len(article):,} characters)",
            )
        elif article[start:end] != annotation["text"]:
            found_at = article.find(annotation["text"])
            hint = (
                f"; the recorded text occurs at {found_at}..{found_at + len(annotation['text'])}"
                if found_at >= 0
                else "; the recorded text does not occur in the article"
            )
            problem(
                f"{where}.text",
                f"recorded {annotation['text']!r} but article[{start}:{end}] is "
                f"{article[start:end]!r}{hint}",
            )
        source = annotation.get("source")
        if source is not None and source not in source_ids:
            known_sources = ", ".join(repr(s) for s in source_ids) or "none"
            problem(f"{where}.source", f"no source with id {source!r} (sources: {known_sources})")

    if not source_ids and (data["lens"] == "quoting" or quoting_used):
        reason = (
            "a quoting-lens case"
            if data["lens"] == "quoting"
            else f"annotations use {', '.join(sorted(set(quoting_used)))}, which"
        )
        problem("sources", f"missing source: {reason} must be checked against a source document")
    return problems


def _case_from_data(data: dict[str, Any]) -> Case:
    return Case(
        id=data["id"],
        title=data["title"],
        lens=data["lens"],
        difficulty=data["difficulty"],
        content_note=data["content_note"],
        article=data["article"],
        source_docs=tuple(
            SourceDoc(s["id"], s["kind"], s["title"], s["text"]) for s in data["sources"]
        ),
        annotations=tuple(
            Annotation(a["technique"], a["start"], a["end"], a["explanation"])
            for a in data["annotations"]
        ),
        summary=data.get("summary"),
        outlet=data.get("outlet"),
        group_terms=tuple(data.get("group_terms", ())),
        epithets=tuple(data.get("epithets", ())),
        pair_with=data.get("pair_with"),
        discussion=tuple(data.get("discussion", ())),
        annotation_source_ids=tuple(a.get("source") for a in data["annotations"]),
    )


def validate_case_file(path: PathLike) -> Case:
    """Load one case file, raising :class:`CaseValidationError` listing every problem found.

    Schema violations are reported first (and alone, since later checks rely on the schema);
    then offsets, recorded text, technique ids, source ids, the file name and missing sources.
    """
    entry = Path(path) if isinstance(path, (str, os.PathLike)) else path
    try:
        filename, raw = read_source(entry)
        data = parse_json(filename, raw)
    except DataFileError as error:
        raise CaseValidationError(error.problems) from None
    problems = check_data(
        filename,
        data,
        "case.schema.json",
        text=raw,
        check=lambda valid: _semantic_problems(valid, filename),
    )
    if problems:
        raise CaseValidationError(problems)
    return _case_from_data(data)


# --------------------------------------------------------------------------- shipped cases


def _cases_dir() -> Traversable:
    return packaged("data/cases")


def _case_files() -> dict[str, Traversable | Path]:
    """Case id -> file: the shipped cases, then an instructor's valid extra ``cases/*.json``
    from the ``PROPAGANDA_LAB_DATA`` folder (a shipped id is never replaced; a broken file is
    skipped with a warning, see :func:`skipped_instructor_cases`)."""
    directory = _cases_dir()
    files: dict[str, Traversable | Path] = {}
    if directory.is_dir():
        files = {
            entry.name.removesuffix(".json"): entry
            for entry in directory.iterdir()
            if entry.name.endswith(".json")
        }
    for case_id, path in _instructor_cases(set(files))[0].items():
        files.setdefault(case_id, path)
    return files


#: A case file's name: its id (the case schema's pattern) and ``.json``.
_CASE_FILE_NAME = re.compile(r"[a-z0-9_]+\.json")
#: (folder, each file's name, size and modification time) -> (valid files, problems).
_INSTRUCTOR_CASES: dict[tuple[Any, ...], tuple[dict[str, Path], tuple[Problem, ...]]] = {}


def _instructor_cases(shipped: set[str]) -> tuple[dict[str, Path], tuple[Problem, ...]]:
    """The instructor's case files that validate, and a problem for each one skipped (each
    warned about once, as an :class:`~propaganda_lab.datafiles.InstructorDataWarning`).

    A broken file must not break every widget that lists cases for every learner on a hub:
    it is left out, and ``propaganda-lab doctor`` lists it. Results are kept until a file in
    the folder changes.
    """
    try:
        folder = instructor_dir()
    except DataFileError as error:  # the variable names no folder: said once, then ignored
        key: tuple[Any, ...] = ("no folder", os.environ.get(DATA_ENV, ""))
        if key not in _INSTRUCTOR_CASES:
            _INSTRUCTOR_CASES[key] = ({}, tuple(error.problems))
            _warn(error.problems[0])
        return _INSTRUCTOR_CASES[key]
    if folder is None or not (folder / "cases").is_dir():
        return {}, ()
    entries = sorted((folder / "cases").iterdir())
    key = (str(folder), tuple((e.name, *_stamp(e)) for e in entries))
    if key in _INSTRUCTOR_CASES:
        return _INSTRUCTOR_CASES[key]
    valid: dict[str, Path] = {}
    problems: list[Problem] = []
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        if not _CASE_FILE_NAME.fullmatch(entry.name):
            problems.append(Problem(str(entry), FILE, "a case file is named <id>.json, the id "
                                    "made of lowercase letters, digits and '_'"))
        elif entry.stem in shipped:
            problems.append(Problem(str(entry), "id", "a shipped case has this id; rename the "
                                    "file and its id"))
        else:
            try:
                validate_case_file(entry)
            except DataFileError as error:
                problems.extend(Problem(str(entry), p.field, p.message, p.line)
                                for p in error.problems)
                continue
            valid[entry.stem] = entry
            continue
    for problem in problems:
        _warn(problem)
    _INSTRUCTOR_CASES[key] = (valid, tuple(problems))
    return valid, tuple(problems)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _warn(problem: Problem) -> None:
    warnings.warn(f"Skipped the instructor's case file: {problem}. `propaganda-lab doctor` "
                  "lists every problem.", InstructorDataWarning, stacklevel=4)


def skipped_instructor_cases() -> list[Problem]:
    """The instructor's case files left out, one problem each (file, field, line)."""
    shipped = {name.removesuffix(".json") for name in _shipped_case_names()}
    return list(_instructor_cases(shipped)[1])


def _shipped_case_names() -> list[str]:
    directory = _cases_dir()
    return [e.name for e in directory.iterdir() if e.name.endswith(".json")] \
        if directory.is_dir() else []


class UnknownCaseError(KeyError):
    """No shipped case has this id; the message suggests close ids."""

    def __str__(self) -> str:  # KeyError would otherwise print the message in quotes
        return str(self.args[0])


@functools.cache
def load_case(case_id: str) -> Case:
    """Load and validate a shipped case by id (cached; ``load_case.cache_clear()`` reloads)."""
    files = _case_files()
    if case_id not in files:
        skipped = [p for p in skipped_instructor_cases() if Path(p.file).stem == case_id]
        if skipped:
            raise CaseValidationError(skipped)
        close = difflib.get_close_matches(case_id, sorted(files), n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownCaseError(
            f"no case {case_id!r}.{hint} Use list_cases() to see all {len(files)} case ids."
        )
    return validate_case_file(files[case_id])


def list_cases(lens: str | None = None) -> list[str]:
    """Sorted ids of the shipped cases, optionally only those for one lens.

    A ``mixed`` case is listed under every lens.
    """
    ids = sorted(_case_files())
    if lens is None:
        return ids
    if lens not in (*LENSES, MIXED):
        raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")
    return [case_id for case_id in ids if load_case(case_id).lens in (lens, MIXED)]


def validate_all() -> list[Case]:
    """Validate every shipped case, raising one error that lists the problems of all files.

    Also checks that every ``pair_with`` names a shipped case.
    """
    cases: list[Case] = []
    problems: list[Problem] = []
    files = _case_files()
    for case_id in sorted(files):
        try:
            cases.append(validate_case_file(files[case_id]))
        except CaseValidationError as error:
            problems.extend(error.problems)
    problems.extend(skipped_instructor_cases())  # the instructor's broken files, too
    for case in cases:
        if case.pair_with is not None and case.pair_with not in files:
            name, text = read_source(files[case.id])
            message = (
                f"no case {case.pair_with!r} (did you mean {_closest(case.pair_with, files)!r}?)"
            )
            problems.append(Problem(name, "pair_with", message, line_of(text, ["pair_with"])))
    if problems:
        raise CaseValidationError(problems)
    return cases


def coverage() -> dict[str, list[str]]:
    """Technique id -> sorted ids of the shipped cases annotating it (every id, even unused)."""
    covered: dict[str, set[str]] = {technique: set() for technique in technique_ids()}
    for case_id in list_cases():
        for annotation in load_case(case_id).annotations:
            covered.setdefault(annotation.technique, set()).add(case_id)
    return {technique: sorted(covered[technique]) for technique in sorted(covered)}


def find_span(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets ``(start, end)`` of the n-th (1-based) occurrence of ``snippet`` in ``text``.

    A helper for case authors, so offsets are computed rather than counted by hand.
    """
    if not snippet:
        raise ValueError("snippet is empty")
    if occurrence < 1:
        raise ValueError(f"occurrence counts from 1, got {occurrence}")
    start = -1
    for seen in range(occurrence):
        start = text.find(snippet, start + 1)
        if start < 0:
            found = "not found" if seen == 0 else f"found only {seen} time(s)"
            raise ValueError(f"{snippet!r} {found} in the text (wanted occurrence {occurrence})")
    return start, start + len(snippet)


# --------------------------------------------------------------------------- PTC interchange


class PTCFormatError(ValueError):
    """A PTC article or labels file is malformed; the message names the file and line."""


_ARTICLE_FILE = re.compile(r"^article([A-Za-z0-9_-]+)\.txt$")
_LABELS_FILE = re.compile(r"^article([A-Za-z0-9_-]+)\..*labels$")


def _id_order(article_id: str) -> tuple[int, int | str]:
    """Numeric ids in numeric order, then any others alphabetically."""
    return (0, int(article_id)) if article_id.isdigit() else (1, article_id)


def _read_exact(path: Path) -> str:
    """Read UTF-8 text without newline translation, so offsets count ``\\r\\n`` as two."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _parse_labels_file(path: Path, texts: Mapping[str, str], spans: dict[str, list[Span]]) -> None:
    try:
        content = _read_exact(path)
    except UnicodeDecodeError as error:
        raise PTCFormatError(f"{path}: not valid UTF-8 ({error.reason})") from None
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) == 4:
            article_id, technique, start_text, end_text = fields
        elif len(fields) == 3:
            article_id, start_text, end_text = fields
            technique = PTC_UNLABELLED
        else:
            raise PTCFormatError(
                f"{path}:{number}: expected ID<TAB>technique<TAB>start<TAB>end or "
                f"ID<TAB>start<TAB>end, found {len(fields)} tab-separated field(s): {line!r}"
            )
        try:
            start, end = int(start_text), int(end_text)
        except ValueError:
            raise PTCFormatError(
                f"{path}:{number}: offsets must be integers, found {start_text!r} and {end_text!r}"
            ) from None
        if article_id not in texts:
            raise PTCFormatError(
                f"{path}:{number}: no file article{article_id}.txt for id {article_id!r}"
            )
        length = len(texts[article_id])
        if not 0 <= start < end:
            raise PTCFormatError(f"{path}:{number}: span {start}..{end} is empty or negative")
        if end > length:
            raise PTCFormatError(
                f"{path}:{number}: span {start}..{end} is beyond the end of "
                f"article{article_id}.txt ({length:,} characters)"
            )
        spans[article_id].append((technique, start, end))


def read_ptc(
    articles_dir: str | os.PathLike[str], labels_path: str | os.PathLike[str] | None = None
) -> dict[str, tuple[str, list[Span]]]:
    """Read PTC articles and (optionally) labels: article id -> (text, spans).

    ``labels_path`` is one labels file for all articles, or a directory of per-article
    ``article<ID>...labels`` files. Text is read without newline translation and never
    stripped, so offsets stay valid. Every article in ``articles_dir`` is returned, with an
    empty span list if it has no labels; spans keep file order.
    """
    directory = Path(articles_dir)
    texts: dict[str, str] = {}
    for entry in directory.iterdir():
        match = _ARTICLE_FILE.match(entry.name)
        if match and entry.is_file():
            try:
                texts[match.group(1)] = _read_exact(entry)
            except UnicodeDecodeError as error:
                raise PTCFormatError(f"{entry}: not valid UTF-8 ({error.reason})") from None
    texts = {article_id: texts[article_id] for article_id in sorted(texts, key=_id_order)}
    spans: dict[str, list[Span]] = {article_id: [] for article_id in texts}
    if labels_path is not None:
        labels = Path(labels_path)
        if labels.is_dir():
            matched = [(match.group(1), entry) for entry in labels.iterdir()
                       if (match := _LABELS_FILE.match(entry.name))]
            label_files = [entry for _, entry in sorted(matched, key=lambda m: _id_order(m[0]))]
        else:
            label_files = [labels]
        for label_file in label_files:
            _parse_labels_file(label_file, texts, spans)
    return {article_id: (texts[article_id], spans[article_id]) for article_id in texts}


def write_ptc(
    articles: Mapping[str, tuple[str, Iterable[Any]]],
    articles_dir: str | os.PathLike[str],
    labels_path: str | os.PathLike[str],
    with_technique: bool = True,
) -> None:
    """Write articles as ``article<ID>.txt`` and their spans as PTC labels.

    ``labels_path`` is a file, or an existing directory to get one ``article<ID>.labels`` per
    article. ``with_technique=False`` writes the span-identification form ``ID<TAB>start<TAB>end``.
    Text is written byte for byte, so ``read_ptc`` gives back exactly what was written.
    """
    rows: dict[str, list[str]] = {}
    for article_id, (text, spans) in articles.items():
        if not _ARTICLE_FILE.match(f"article{article_id}.txt"):
            raise ValueError(f"article id {article_id!r} cannot be a PTC file name")
        rows[article_id] = []
        for item in spans:
            technique, start, end = as_span(item)
            if not 0 <= start < end <= len(text):
                raise ValueError(
                    f"article {article_id}: span {start}..{end} is empty or outside the text "
                    f"({len(text):,} characters)"
                )
            if "\t" in technique or "\n" in technique:
                raise ValueError(f"technique {technique!r} contains a tab or newline")
            columns = [article_id, technique] if with_technique else [article_id]
            rows[article_id].append("\t".join([*columns, str(start), str(end)]))
    directory = Path(articles_dir)
    directory.mkdir(parents=True, exist_ok=True)
    for article_id, (text, _) in articles.items():
        with (directory / f"article{article_id}.txt").open("w", encoding="utf-8", newline="") as f:
            f.write(text)
    labels = Path(labels_path)
    if labels.is_dir():
        for article_id, lines in rows.items():
            _write_lines(labels / f"article{article_id}.labels", lines)
    else:
        _write_lines(labels, [line for lines in rows.values() for line in lines])


def _write_lines(path: Path, lines: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(f"{line}\n" for line in lines)


def case_to_ptc(
    case: Case, use_ptc_labels: bool = False, merged: bool = False
) -> tuple[str, list[Span]]:
    """A case as PTC ``(text, spans)``: with our technique ids, or mapped to PTC labels.

    With ``use_ptc_labels=True`` spans whose technique has no PTC counterpart are left out,
    since PTC tools reject labels outside their inventory; ``merged=True`` uses the merged
    14-class labels of the SemEval-2020 technique-classification files.
    """
    spans = case.gold_spans()
    if not use_ptc_labels:
        return case.article, spans

    mapped: list[Span] = []
    for technique, start, end in spans:
        label = id_to_ptc_label(technique, merged=merged)
        if label:
            mapped.append((label, start, end))
    return case.article, mapped


# --------------------------------------------------------------------------- spaCy Doc.spans


def to_doc_spans(doc: Doc | str, spans: Iterable[Any], key: str = "techniques") -> Doc:
    """Store character spans as the SpanGroup ``doc.spans[key]`` (replacing any there).

    ``spans`` are ``(label, start, end[, ...])`` tuples, ``Finding``s or ``Annotation``s.
    spaCy spans are made of whole tokens, so each span is built with
    ``alignment_mode="expand"``: a span starting or ending inside a token is WIDENED to that
    token's boundaries, and ``from_doc_spans`` then returns the widened offsets.
    A string is parsed with the shared pipeline first.
    """
    doc = to_doc(doc)
    built = []
    for item in spans:
        label, start, end = as_span(item)
        if end > len(doc.text):
            raise ValueError(
                f"span {label} {start}..{end} is beyond the text ({len(doc.text):,} characters)"
            )
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or len(span) == 0:
            raise ValueError(f"span {label} {start}..{end} covers no token (only whitespace?)")
        built.append(span)
    doc.spans[key] = built
    return doc


def from_doc_spans(doc: Doc, key: str = "techniques") -> list[Span]:
    """Read ``doc.spans[key]`` back as ``(label, start_char, end_char)`` tuples."""
    if key not in doc.spans:
        available = ", ".join(repr(k) for k in doc.spans) or "none"
        raise KeyError(f"doc has no span group {key!r} (groups: {available})")
    return [(span.label_, span.start_char, span.end_char) for span in doc.spans[key]]


# --------------------------------------------------------------------------- instructor data


@strictly
def validate_instructor_data(folder: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem of an instructor's data folder (default: :data:`DATA_ENV`'s), [] if fine.

    Checks each file's schema on its own, that ``lexicons/`` files extend a shipped lexicon,
    and that extra cases validate like shipped ones and do not reuse a shipped case id.
    """
    previous = os.environ.get(DATA_ENV)
    if folder is not None:
        os.environ[DATA_ENV] = os.fspath(folder)
    try:
        root = instructor_dir()
        if root is None:
            return []
        problems: list[Problem] = []
        shipped = set(data_files())
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            relative = path.relative_to(root).as_posix()
            package_path = f"data/{relative}"
            if relative.startswith("cases/") and path.suffix == ".json":
                try:
                    validate_case_file(path)
                except DataFileError as error:
                    problems.extend(error.problems)
                if package_path in shipped:
                    problems.append(Problem(str(path), "id", "a shipped case has this id; "
                                            "rename the file and its id"))
                continue
            if package_path not in shipped or not relative.startswith("lexicons/"):
                problems.append(Problem(str(path), FILE, "not a shipped lexicon or a case "
                                        "(expected cases/<id>.json or lexicons/<shipped name>)"))
                continue
            try:
                if path.suffix == ".json":
                    load_json(package_path, schema_for(package_path))
                else:
                    load_lines(package_path, schema_for(package_path))
            except DataFileError as error:
                problems.extend(error.problems)
        return problems
    except DataFileError as error:
        return list(error.problems)
    finally:
        if folder is not None:
            if previous is None:
                os.environ.pop(DATA_ENV, None)
            else:
                os.environ[DATA_ENV] = previous

