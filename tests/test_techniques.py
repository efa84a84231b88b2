"""The technique catalogue is the contract every lens reports against, so it is tested hard."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from propaganda_lab import techniques as catalogue
from propaganda_lab.techniques import LENSES

DATA = resources.files("propaganda_lab").joinpath("data")

# PTC labels with no counterpart in our catalogue. A deliberate mapping decision: change it
# here and in techniques.json together.
PTC_LABELS_WITHOUT_COUNTERPART = {"Red_Herring", "Straw_Men", "Reductio_ad_hitlerum"}

FICTIONAL_WORLD = (
    "Valdora", "Sarnet", "Ostreva", "Teskar", "Lumeria", "CPA", "Continental Press Agency",
    "Ledger", "Northgate", "TruthWatch", "Valdora First", "Pellani", "Orrin", "Gallow Circle",
    "hillrats", "tesks", "orrlings", "Sarn river",
)  # fmt: skip
FICTIONAL_TARGETS = (
    "Pellani", "Teskari", "Orrin", "Gallow Circle", "hillrats", "tesks", "orrlings",
)  # fmt: skip


@pytest.fixture
def raw_catalogue() -> dict[str, Any]:
    return json.loads(DATA.joinpath("techniques.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- contents


def test_catalogue_defines_exactly_the_contract_ids_and_lenses() -> None:
    loaded = catalogue.techniques()
    assert len(loaded) == 36
    assert catalogue.technique_ids() == {t.id for t in loaded}
    assert {t.id: t.lens for t in loaded} == catalogue.LENS_OF
    counts = {lens: len(catalogue.techniques(lens)) for lens in ("framing", "quoting",
                                                                  "dehumanization")}
    assert counts == {"framing": 16, "quoting": 10, "dehumanization": 10}


def test_every_lens_has_techniques_and_lens_filter_partitions_the_catalogue() -> None:
    by_lens = {lens: catalogue.techniques(lens) for lens in LENSES}
    assert all(by_lens.values())
    assert sum(len(group) for group in by_lens.values()) == len(catalogue.techniques())
    for lens, group in by_lens.items():
        assert {t.lens for t in group} == {lens}
        assert all(catalogue.lens_of(t.id) == lens for t in group)


def test_unknown_lens_error_names_the_valid_lenses() -> None:
    with pytest.raises(ValueError, match="framing, quoting, dehumanization"):
        catalogue.techniques("dehumanisation")


def test_schema_lens_enum_matches_findings_lenses() -> None:
    schema = json.loads(
        DATA.joinpath("schemas").joinpath("technique.schema.json").read_text("utf-8")
    )
    lens_enum = schema["properties"]["techniques"]["items"]["properties"]["lens"]["enum"]
    assert tuple(lens_enum) == LENSES


def test_entries_are_hashable_and_callers_cannot_mutate_the_cache() -> None:
    first = catalogue.techniques()
    assert len(set(first)) == len(first)
    first.clear()
    catalogue.LENS_OF.clear()
    catalogue.references()[0]["title"] = "scribbled over"
    assert len(catalogue.techniques()) == 36
    assert len(catalogue.LENS_OF) == 36
    assert catalogue.references()[0]["title"] != "scribbled over"


def test_examples_are_set_in_the_fictional_world() -> None:
    for technique in catalogue.techniques():
        assert any(name in technique.example for name in FICTIONAL_WORLD), technique.id
    for technique in catalogue.techniques("dehumanization"):
        assert any(group in technique.example for group in FICTIONAL_TARGETS), technique.id


def test_top_level_label_lists_have_the_published_sizes(raw_catalogue: dict[str, Any]) -> None:
    assert len(set(raw_catalogue["ptc_labels"])) == 18
    assert len(set(raw_catalogue["semeval2023_labels"])) == 23
    assert len(set(raw_catalogue["ipa_devices"])) == 7
    fine = set(raw_catalogue["ptc_labels"])
    merged_parts = {p for parts in raw_catalogue["ptc_merged_labels"].values() for p in parts}
    dropped = set(raw_catalogue["ptc_task2_dropped_labels"])
    # the 18 fine-grained labels become the 14 classes of the task-2 label files
    assert len(fine - merged_parts - dropped) + len(raw_catalogue["ptc_merged_labels"]) == 14


# --------------------------------------------------------------------------- lookups


def test_unknown_technique_id_suggests_the_closest_id() -> None:
    with pytest.raises(KeyError) as caught:
        catalogue.get_technique("loaded_langauge")
    assert "did you mean 'loaded_language'" in str(caught.value)
    with pytest.raises(KeyError, match="name_calling"):
        catalogue.lens_of("Name Calling")


def test_references_resolve_and_carry_citations() -> None:
    references = {ref["id"]: ref for ref in catalogue.references()}
    for technique in catalogue.techniques():
        for reference_id in technique.references:
            assert reference_id in references
    mendelsohn = references["mendelsohn2020"]
    assert "Frontiers in Artificial Intelligence" in mendelsohn["citation"]
    assert mendelsohn["citation"].endswith("https://doi.org/10.3389/frai.2020.00055")


# --------------------------------------------------------------------------- PTC mapping


def test_merged_ptc_classes_expand_to_our_ids() -> None:
    assert "whataboutism" in catalogue.ptc_label_to_ids("Whataboutism,Straw_Men,Red_Herring")
    assert catalogue.ptc_label_to_ids("Bandwagon,Reductio_ad_hitlerum") == ["bandwagon"]


def test_labels_containing_commas_are_not_split() -> None:
    # "Exaggeration,Minimisation" is ONE label; splitting on commas would find nothing.
    assert catalogue.ptc_label_to_ids("Exaggeration,Minimisation") == ["exaggeration_minimisation"]
    assert catalogue.ptc_label_to_ids("Name_Calling,Labeling") == ["name_calling"]


def test_unknown_ptc_label_raises_with_hint_but_unmapped_known_label_is_empty() -> None:
    with pytest.raises(KeyError, match="did you mean 'Loaded_Language'"):
        catalogue.ptc_label_to_ids("Loaded Language")
    assert catalogue.ptc_label_to_ids("Straw_Men") == []


def test_export_labels() -> None:
    assert catalogue.id_to_ptc_label("loaded_language") == "Loaded_Language"
    assert catalogue.id_to_ptc_label("clipping") is None
    assert catalogue.id_to_ptc_label("bandwagon") == "Bandwagon"
    assert catalogue.id_to_ptc_label("bandwagon", merged=True) == "Bandwagon,Reductio_ad_hitlerum"
    assert catalogue.id_to_ptc_label("doubt", merged=True) == "Doubt"
    # task 2 dropped the vagueness label, so there is nothing valid to export
    assert (
        catalogue.id_to_ptc_label("hidden_agency") == "Obfuscation,Intentional_Vagueness,Confusion"
    )
    assert catalogue.id_to_ptc_label("hidden_agency", merged=True) is None


@pytest.mark.parametrize(
    "label",
    json.loads(DATA.joinpath("techniques.json").read_text(encoding="utf-8"))["ptc_labels"],
)
def test_every_ptc_label_round_trips_or_is_a_known_gap(label: str) -> None:
    ids = catalogue.ptc_label_to_ids(label)
    if label in PTC_LABELS_WITHOUT_COUNTERPART:
        assert ids == []
        return
    assert ids, f"{label} has no technique"
    assert label in {catalogue.id_to_ptc_label(technique_id) for technique_id in ids}


def test_merged_exports_are_valid_task2_classes(raw_catalogue: dict[str, Any]) -> None:
    merged = raw_catalogue["ptc_merged_labels"]
    parts = {p for group in merged.values() for p in group}
    dropped = set(raw_catalogue["ptc_task2_dropped_labels"])
    task2_classes = (set(raw_catalogue["ptc_labels"]) - parts - dropped) | set(merged)
    assert len(task2_classes) == 14
    exported = {catalogue.id_to_ptc_label(t, merged=True) for t in catalogue.technique_ids()}
    exported.discard(None)
    assert exported <= task2_classes
    assert len(exported) >= 12


# --------------------------------------------------------------------------- validator

Mutation = Callable[[dict[str, Any]], None]


def _set_lens(data: dict[str, Any]) -> None:
    data["techniques"][3]["lens"] = "colour"


def _duplicate_id(data: dict[str, Any]) -> None:
    data["techniques"].append(copy.deepcopy(data["techniques"][3]))


def _unknown_related(data: dict[str, Any]) -> None:
    data["techniques"][3]["related"].append("emphasis_omision")


def _unknown_ptc_label(data: dict[str, Any]) -> None:
    data["techniques"][3]["ptc_labels"].append("Straw_Man")


def _unknown_reference(data: dict[str, Any]) -> None:
    data["techniques"][3]["references"].append("entman1994")


def _missing_field(data: dict[str, Any]) -> None:
    del data["techniques"][3]["definition"]


@pytest.mark.parametrize(
    ("mutate", "field", "detail"),
    [
        (_set_lens, "lens", "colour"),
        (_duplicate_id, "id", "duplicate"),
        (_unknown_related, "related", "did you mean 'emphasis_omission'"),
        (_unknown_ptc_label, "ptc_labels", "Straw_Man"),
        (_unknown_reference, "references", "entman1994"),
        (_missing_field, "definition", "missing"),
    ],
)
def test_validator_names_file_technique_and_field(
    tmp_path: Path, raw_catalogue: dict[str, Any], mutate: Mutation, field: str, detail: str
) -> None:
    technique_id = raw_catalogue["techniques"][3]["id"]
    mutate(raw_catalogue)
    broken = tmp_path / "broken_techniques.json"
    broken.write_text(json.dumps(raw_catalogue), encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError) as caught:
        catalogue.validate_catalogue(broken)
    message = str(caught.value)
    assert str(broken) in message
    problem = next(p for p in caught.value.problems if detail in p)
    assert f"technique {technique_id!r}" in problem
    assert f"field {field!r}" in problem


def test_validator_rejects_invalid_json(tmp_path: Path) -> None:
    broken = tmp_path / "techniques.json"
    broken.write_text('{"version": 1,', encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="not valid JSON"):
        catalogue.validate_catalogue(broken)


def test_packaged_catalogue_is_valid_and_unmodified_copy_passes(
    tmp_path: Path, raw_catalogue: dict[str, Any]
) -> None:
    assert len(catalogue.validate_catalogue()["techniques"]) == 36
    copy_path = tmp_path / "techniques.json"
    copy_path.write_text(json.dumps(raw_catalogue), encoding="utf-8")
    assert catalogue.validate_catalogue(copy_path) == raw_catalogue
