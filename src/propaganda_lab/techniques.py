"""The technique catalogue: what each technique is, how to spot it, and what others call it.

Every lens reports findings under the stable ids defined in ``data/techniques.json``. The
catalogue also maps each id to the labels of the research datasets learners will meet (the
PTC / SemEval-2020 Task 11 corpus, SemEval-2023 Task 3, the 1930s IPA devices), so notebook
results can be compared with, and exported to, those taxonomies.

The JSON is checked against ``data/schemas/technique.schema.json`` and a set of cross-field
rules whenever it is loaded: a typo in a curriculum edit should fail loudly, naming the
technique and field, rather than silently drop a technique from every lens.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from propaganda_lab.datafiles import (
    FILE,
    DataFileError,
    Problem,
    Traversable,
    check_data,
    duplicates,
    packaged,
    read_source,
)

__all__ = [  # plus LENS_OF, built lazily by __getattr__ below
    "LENSES",
    "CatalogueError",
    "Technique",
    "UnknownTechniqueError",
    "get_technique",
    "id_to_ptc_label",
    "lens_of",
    "ptc_label_to_ids",
    "references",
    "search_techniques",
    "technique_ids",
    "techniques",
    "validate_catalogue",
]

#: The course's three lenses; every catalogue technique belongs to one.
LENSES = ("framing", "quoting", "dehumanization")

_CATALOGUE_FILE = ("data", "techniques.json")
_SCHEMA_FILE = ("data", "schemas", "technique.schema.json")
#: Technique fields whose values must each appear in the top-level list of the same name.
_LABEL_FIELDS = ("ptc_labels", "semeval2023_labels", "ipa_devices")


@dataclass(frozen=True)
class Technique:
    """One catalogue entry. Tuples rather than lists so a Technique can be hashed and cached."""

    id: str
    name: str
    lens: str
    definition: str
    cues: tuple[str, ...]
    questions: tuple[str, ...]
    example: str
    ptc_labels: tuple[str, ...]
    semeval2023_labels: tuple[str, ...]
    ipa_devices: tuple[str, ...]
    related: tuple[str, ...]
    references: tuple[str, ...]
    #: Why a cross-reference is partial or absent; shown so learners see the mapping's limits.
    mapping_notes: str = ""
    #: Why no detector emits this technique ("" when one does): taught, not detected.
    not_detected: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CatalogueError(DataFileError):
    """The catalogue file is malformed; each problem names the file, technique, field and line."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.path = path
        super().__init__(Path(path).name, problems)

    def _message(self) -> str:
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        return (
            f"{self.path}: invalid technique catalogue ({len(self.problems)} problem(s)):\n"
            f"{listing}"
        )


class UnknownTechniqueError(KeyError):
    """A technique id or label that the catalogue does not define.

    Subclasses KeyError (a lookup by key failed) but prints its message plainly, because
    KeyError's default repr-quoting garbles the 'did you mean' hint.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- validation


def _packaged(parts: tuple[str, ...]) -> Traversable:
    return packaged("/".join(parts))


def _where(kind: str, entry: Any, index: int) -> str:
    """Name an entry by its id when it has one, by position otherwise."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"{kind} {entry['id']!r}"
    return f"{kind} #{index}"


def _location(data: Any, path: list[Any]) -> str:
    """Where a problem is, as 'technique <id>, field <name>' (how the catalogue is read)."""
    if len(path) >= 2 and path[0] in ("techniques", "references") and isinstance(path[1], int):
        kind = "technique" if path[0] == "techniques" else "reference"
        entries = data.get(path[0], []) if isinstance(data, dict) else []
        entry = entries[path[1]] if isinstance(entries, list) and path[1] < len(entries) else None
        field = str(path[2]) if len(path) > 2 else "(entry)"
        suffix = f" (item {path[3]})" if len(path) > 3 else ""
        return f"{_where(kind, entry, path[1])}, field {field!r}{suffix}"
    return f"top level, field {str(path[0]) if path else '(top level)'!r}"


def _semantic_problems(data: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """Cross-field rules a JSON schema cannot express, as ``(path, message)``."""
    ptc = set(data["ptc_labels"])
    for merged, parts in data["ptc_merged_labels"].items():
        for part in parts:
            if part not in ptc:
                yield (
                    ["ptc_merged_labels", merged],
                    f"{merged!r} names {part!r}, which is not in ptc_labels",
                )
    for index, dropped in enumerate(data.get("ptc_task2_dropped_labels", [])):
        if dropped not in ptc:
            yield ["ptc_task2_dropped_labels", index], f"{dropped!r} is not in ptc_labels"
    reference_ids = [reference["id"] for reference in data["references"]]
    for index, _duplicate in duplicates(reference_ids):
        yield ["references", index, "id"], "duplicate reference id"
    entries = data["techniques"]
    technique_ids = [entry["id"] for entry in entries]
    for index, _duplicate in duplicates(technique_ids):
        yield ["techniques", index, "id"], "duplicate technique id"
    known_ids, known_references = set(technique_ids), set(reference_ids)
    for index, entry in enumerate(entries):
        if entry["lens"] not in LENSES:
            yield (
                ["techniques", index, "lens"],
                f"{entry['lens']!r} is not one of {', '.join(LENSES)}",
            )
        for field in _LABEL_FIELDS:
            valid = set(data[field])
            for position, label in enumerate(entry[field]):
                if label not in valid:
                    hint = _did_you_mean(label, valid)
                    yield (
                        ["techniques", index, field, position],
                        f"{label!r} is not listed in the top-level {field}{hint}",
                    )
        for position, related in enumerate(entry["related"]):
            if related == entry["id"]:
                yield (
                    ["techniques", index, "related", position],
                    "a technique cannot be related to itself",
                )
            elif related not in known_ids:
                hint = _did_you_mean(related, known_ids)
                yield (
                    ["techniques", index, "related", position],
                    f"unknown technique id {related!r}{hint}",
                )
        for position, reference in enumerate(entry["references"]):
            if reference not in known_references:
                hint = _did_you_mean(reference, known_references)
                yield (
                    ["techniques", index, "references", position],
                    f"unknown reference id {reference!r}{hint}",
                )


def validate_catalogue(path: str | Path | None = None) -> dict[str, Any]:
    """Load a catalogue JSON file, check it fully, and return the parsed data.

    ``path=None`` checks the packaged catalogue. Raises CatalogueError listing every problem
    found (schema first; cross-field rules only once the shape is right), each with its line.
    """
    source: Path | Traversable = Path(path) if path is not None else _packaged(_CATALOGUE_FILE)
    label = str(source)
    try:
        name, raw = read_source(source)
    except DataFileError as error:
        raise CatalogueError(label, error.problems) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        problem = Problem(name, FILE, f"not valid JSON: {error}", error.lineno)
        raise CatalogueError(label, [problem]) from None
    problems = check_data(
        name, data, _SCHEMA_FILE[-1], text=raw, check=_semantic_problems, where=_location
    )
    if problems:
        raise CatalogueError(label, problems)
    return data  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Catalogue:
    techniques: tuple[Technique, ...]
    by_id: dict[str, Technique]
    ptc_labels: tuple[str, ...]
    ptc_merged_labels: dict[str, tuple[str, ...]]
    ptc_task2_dropped_labels: frozenset[str]
    references: tuple[dict[str, Any], ...]


def _technique_from_entry(entry: dict[str, Any]) -> Technique:
    return Technique(
        id=entry["id"],
        name=entry["name"],
        lens=entry["lens"],
        definition=entry["definition"],
        cues=tuple(entry["cues"]),
        questions=tuple(entry["questions"]),
        example=entry["example"],
        ptc_labels=tuple(entry["ptc_labels"]),
        semeval2023_labels=tuple(entry["semeval2023_labels"]),
        ipa_devices=tuple(entry["ipa_devices"]),
        related=tuple(entry["related"]),
        references=tuple(entry["references"]),
        mapping_notes=entry.get("mapping_notes", ""),
        not_detected=entry.get("not_detected", ""),
    )


@functools.lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data = validate_catalogue()
    loaded = tuple(_technique_from_entry(entry) for entry in data["techniques"])
    return _Catalogue(
        techniques=loaded,
        by_id={technique.id: technique for technique in loaded},
        ptc_labels=tuple(data["ptc_labels"]),
        ptc_merged_labels={k: tuple(v) for k, v in data["ptc_merged_labels"].items()},
        ptc_task2_dropped_labels=frozenset(data.get("ptc_task2_dropped_labels", [])),
        references=tuple(data["references"]),
    )


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _did_you_mean(wanted: str, candidates: Iterable[str]) -> str:
    """' (did you mean ...?)' built with difflib, or '' when nothing is close."""
    candidates = sorted(candidates)
    by_normal = {_normalise(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(_normalise(wanted), list(by_normal), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(by_normal[match]) for match in close) + "?)"


# --------------------------------------------------------------------------- public API


def techniques(lens: str | None = None) -> list[Technique]:
    """All techniques in catalogue order, or those of one lens."""
    everything = _catalogue().techniques
    if lens is None:
        return list(everything)
    if lens not in LENSES:
        raise ValueError(f"unknown lens {lens!r}; valid lenses are {', '.join(LENSES)}")
    return [technique for technique in everything if technique.lens == lens]


def search_techniques(query: str = "", lens: str | None = None) -> list[Technique]:
    """The catalogue's techniques (of ``lens``) whose name, definition, cues, questions,
    example or research labels contain every word of ``query`` (case-insensitive; word
    beginnings, so "exagg" finds "exaggeration"). An empty query gives them all."""
    wanted = re.findall(r"\w+", query.casefold())
    found = []
    for technique in techniques(lens):
        text = " ".join([technique.name, technique.id.replace("_", " "), technique.definition,
                         *technique.cues, *technique.questions, technique.example,
                         *technique.ptc_labels, *technique.semeval2023_labels,
                         *technique.ipa_devices]).casefold()
        if all(re.search(rf"\b{re.escape(word)}", text) for word in wanted):
            found.append(technique)
    return found


def get_technique(technique_id: str) -> Technique:
    """The catalogue entry for an id; an unknown id raises a KeyError suggesting close ids."""
    by_id = _catalogue().by_id
    try:
        return by_id[technique_id]
    except (KeyError, TypeError):
        hint = _did_you_mean(str(technique_id), by_id)
        raise UnknownTechniqueError(f"unknown technique id {technique_id!r}{hint}") from None


def technique_ids() -> frozenset[str]:
    """Every stable technique id the lenses may report."""
    return frozenset(_catalogue().by_id)


def lens_of(technique_id: str) -> str:
    """The lens ("framing", "quoting" or "dehumanization") a technique belongs to."""
    return get_technique(technique_id).lens


def ptc_label_to_ids(label: str) -> list[str]:
    """Our technique ids that correspond to a PTC label, in catalogue order.

    Accepts the 18 fine-grained labels and the merged task-2 classes. Merged classes are
    expanded through the catalogue's table, never by splitting on commas, because single
    labels such as "Exaggeration,Minimisation" contain commas too. A known label with no
    counterpart here (e.g. "Straw_Men") returns [].
    """
    catalogue = _catalogue()
    if label in catalogue.ptc_merged_labels:
        parts = set(catalogue.ptc_merged_labels[label])
    elif label in catalogue.ptc_labels:
        parts = {label}
    else:
        known = [*catalogue.ptc_labels, *catalogue.ptc_merged_labels]
        hint = _did_you_mean(label, known)
        raise UnknownTechniqueError(f"unknown PTC label {label!r}{hint}")
    return [t.id for t in catalogue.techniques if parts.intersection(t.ptc_labels)]


def id_to_ptc_label(technique_id: str, *, merged: bool = False) -> str | None:
    """The PTC label to write when exporting a prediction in PTC format, or None.

    This is the technique's first listed PTC label. With ``merged=True`` the answer is a
    class of the 14-class task-2 label files instead: a label folded into a merged class
    (e.g. "Bandwagon") becomes that class ("Bandwagon,Reductio_ad_hitlerum"), and a label
    that task 2 dropped (Obfuscation,Intentional_Vagueness,Confusion) gives None, so exports
    only ever use classes the gold files contain.
    """
    technique = get_technique(technique_id)
    if not technique.ptc_labels:
        return None
    label = technique.ptc_labels[0]
    if merged:
        if label in _catalogue().ptc_task2_dropped_labels:
            return None
        for merged_label, parts in _catalogue().ptc_merged_labels.items():
            if label in parts:
                return merged_label
    return label


def _citation(reference: dict[str, Any]) -> str:
    text = (
        f"{reference['authors']} ({reference['year']}). {reference['title']}. {reference['venue']}."
    )
    if "doi" in reference:
        text += f" https://doi.org/{reference['doi']}"
    elif "url" in reference:
        text += f" {reference['url']}"
    return text


def references() -> list[dict[str, Any]]:
    """The catalogue's sources, each with a ready-made ``citation`` string for notebooks.

    Returns copies, so a notebook that edits one cannot change what other cells see.
    """
    return [
        {**copy.deepcopy(reference), "citation": _citation(reference)}
        for reference in _catalogue().references
    ]


def ptc_label_sets() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The PTC label families: merged task-2 classes (class -> its fine labels) and the fine
    labels the 14-class task-2 files leave out."""
    catalogue = _catalogue()
    return dict(catalogue.ptc_merged_labels), catalogue.ptc_task2_dropped_labels


def __getattr__(name: str) -> Any:
    """Build ``LENS_OF`` (id -> lens) on first use, so importing this module stays cheap."""
    if name == "LENS_OF":
        return {technique.id: technique.lens for technique in _catalogue().techniques}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
