"""Malformed data files fail with errors that name the file, the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propaganda_lab.corpus import CaseValidationError, PTCFormatError, read_ptc, validate_case_file
from propaganda_lab.datafiles import (
    DataFileError,
    check_json_file,
    field_path,
    line_of,
    load_json,
    packaged,
    parse_field_path,
)


def _packaged_json(package_path: str) -> dict:
    return json.loads(packaged(package_path).read_text(encoding="utf-8"))


def _line_containing(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_line_of_finds_nested_values_and_falls_back_to_the_parent() -> None:
    text = '{\n  "a": [\n    {"b": 1},\n    {"b": 2,\n     "c": "x"}\n  ]\n}'
    assert line_of(text, ["a", 1, "c"]) == 5
    assert line_of(text, ["a", 0]) == 3
    assert line_of(text, ["a", 1, "missing"]) == 4  # the entry the field should be in
    assert line_of(text, []) == 1
    assert line_of("not json", ["a"]) is None


def test_field_paths_round_trip() -> None:
    parts = ["annotations", 3, "end"]
    assert field_path(parts) == "annotations[3].end"
    assert parse_field_path(field_path(parts)) == parts
    assert parse_field_path("(top level)") == []


def test_broken_case_file_names_file_field_and_line(tmp_path: Path) -> None:
    data = _packaged_json("data/cases/harbor_protest_ledger.json")
    data["annotations"][1]["end"] = "forty"
    path = tmp_path / "harbor_protest_ledger.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CaseValidationError) as caught:
        validate_case_file(path)
    [problem] = caught.value.problems
    line = _line_containing(path, '"end": "forty"')
    assert problem.startswith("harbor_protest_ledger.json: annotations[1].end: ")
    assert "'forty' is not of type 'integer'" in problem
    assert problem.endswith(f"(line {line})")


def test_semantic_case_problem_also_names_the_line(tmp_path: Path) -> None:
    data = _packaged_json("data/cases/harbor_protest_ledger.json")
    data["annotations"][0]["technique"] = "loaded_langauge"
    path = tmp_path / "harbor_protest_ledger.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(CaseValidationError) as caught:
        validate_case_file(path)
    line = _line_containing(path, '"loaded_langauge"')
    [problem] = caught.value.problems
    assert "annotations[0].technique" in problem and "did you mean 'loaded_language'" in problem
    assert problem.endswith(f"(line {line})")


def test_broken_lexicon_copy_names_file_line_and_field(tmp_path: Path) -> None:
    data = _packaged_json("data/lexicons/frames.json")
    data["frames"][2]["cues"] = "economy"  # a string where a list belongs
    del data["frames"][4]["label"]
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        check_json_file(path, "frames.schema.json")
    error = caught.value
    assert error.file == "frames.json"
    cues_line = _line_containing(path, '"cues": "economy"')
    assert f"frames.json: line {cues_line}: frames[2].cues: 'economy' is not of type" in str(error)
    assert any(
        problem.startswith("frames.json: line ") and "frames[4].label: is missing" in problem
        for problem in error.problems
    ), error.problems


def test_lexicon_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "loaded_terms.json"
    path.write_text('{\n  "entries": [\n    {"term": "mob",}\n  ]\n}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^loaded_terms\.json: line 3, column \d+: invalid"):
        check_json_file(path, "loaded_terms.schema.json")


def test_every_packaged_lexicon_with_a_schema_loads_cleanly() -> None:
    schemas = {entry.name for entry in packaged("data/schemas").iterdir()}
    checked = 0
    for entry in packaged("data/lexicons").iterdir():
        schema = entry.name.replace(".json", ".schema.json")
        if entry.name.endswith(".json") and schema in schemas:
            assert load_json(f"data/lexicons/{entry.name}", schema) is not None
            checked += 1
    assert checked >= 5


def test_malformed_ptc_labels_file_names_file_and_line(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article7.txt").write_text("Valdora First Radio called them vermin.", "utf-8")
    labels = tmp_path / "labels.txt"
    labels.write_text("7\tLoaded_Language\t32\t38\n7\tName_Calling\tthirty\t38\n", "utf-8")
    with pytest.raises(PTCFormatError, match=r"labels\.txt:2: offsets must be integers"):
        read_ptc(articles, labels)
    labels.write_text("7\tLoaded_Language\t32\t380\n", "utf-8")
    with pytest.raises(PTCFormatError, match=r"labels\.txt:1: span 32\.\.380 is beyond the end"):
        read_ptc(articles, labels)
