"""Every data file has a schema and loads; a broken one fails with file, line and field."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import jsonschema
import pytest

from propaganda_lab import datafiles
from propaganda_lab.corpus import CaseValidationError, PTCFormatError, read_ptc, validate_case_file
from propaganda_lab.datafiles import (
    FILE,
    DataFileError,
    Problem,
    check_json_file,
    data_files,
    field_path,
    line_of,
    load_data_file,
    load_json,
    load_lines,
    packaged,
    parse_field_path,
    schema_for,
)

#: Schemas whose data file is optional (written by a benchmark when measurements exist).
OPTIONAL_FILES: set[str] = set()


def _packaged_json(package_path: str) -> dict:
    return json.loads(packaged(package_path).read_text(encoding="utf-8"))


def _line_containing(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def _schemas() -> set[str]:
    return {entry.name for entry in packaged("data/schemas").iterdir()}


# --------------------------------------------------------------------------- every file


def test_every_data_file_has_a_schema_and_loads() -> None:
    files = data_files()
    assert "data/techniques.json" in files and "data/lexicons/epithets.txt" in files
    assert not [f for f in files if f.startswith("data/schemas/")]
    schemas = _schemas()
    for package_path in files:
        schema = schema_for(package_path)
        assert schema in schemas, f"{package_path} has no schema (expected data/schemas/{schema})"
        assert load_data_file(package_path) is not None, package_path


def test_every_schema_is_valid_and_belongs_to_a_data_file() -> None:
    used = {schema_for(package_path) for package_path in data_files()}
    for name in sorted(_schemas()):
        jsonschema.Draft202012Validator.check_schema(_packaged_json(f"data/schemas/{name}"))
        assert name in used or name in OPTIONAL_FILES, f"schema {name} has no data file"


def test_the_lens_loaders_accept_the_shipped_files() -> None:
    """Beyond the schemas: each loader's own rules (duplicates, catalogue ids, offsets)."""
    from propaganda_lab.corpus import validate_all
    from propaganda_lab.dehumanization.profile import label_stories
    from propaganda_lab.lenses.dehumanization.lexicons import (
        disgust_words,
        group_words,
        metaphor_lexicon,
        negative_valence,
    )
    from propaganda_lab.lenses.framing._lexicons import cue_phrases, frames, loaded_terms
    from propaganda_lab.lenses.quotes._lexicons import lexicons
    from propaganda_lab.masking import default_terms
    from propaganda_lab.quiz import quiz_items
    from propaganda_lab.roles import event_nominals
    from propaganda_lab.techniques import validate_catalogue

    validate_all()
    validate_catalogue()
    assert quiz_items() and lexicons() and metaphor_lexicon() and group_words()
    assert disgust_words() and negative_valence() and label_stories() and event_nominals()
    assert loaded_terms() and frames() and cue_phrases() and default_terms()


def test_category_tables_come_from_the_data_files() -> None:
    from propaganda_lab.lenses.dehumanization.lexicons import CATEGORIES, CATEGORY_TECHNIQUE
    from propaganda_lab.lenses.framing._lexicons import loaded_terms

    metaphors = _packaged_json("data/lexicons/dehumanizing_metaphors.json")["categories"]
    assert dict(CATEGORY_TECHNIQUE) == {c: e["technique"] for c, e in metaphors.items()}
    assert tuple(CATEGORIES) == tuple(metaphors)
    assert list(metaphors) == list(CATEGORIES)  # a sequence like the tuple it used to be
    reasons = _packaged_json("data/lexicons/loaded_terms.json")["categories"]
    assert {(t.category, t.reason) for t in loaded_terms()} <= {
        (c, e["reason"]) for c, e in reasons.items()
    }


def test_the_lens_errors_are_the_one_data_file_error() -> None:
    from propaganda_lab.corpus import CaseValidationError
    from propaganda_lab.dehumanization import LexiconError as DehumanizationError
    from propaganda_lab.framing import LexiconError as FramingError
    from propaganda_lab.lenses.quotes._lexicons import LexiconError as QuotingError
    from propaganda_lab.quiz import QuizError
    from propaganda_lab.techniques import CatalogueError

    assert FramingError is QuotingError is DehumanizationError is DataFileError
    for error in (CaseValidationError, CatalogueError, QuizError):
        assert issubclass(error, DataFileError)


# --------------------------------------------------------------------------- broken copies


def test_broken_lexicon_copy_reports_every_problem_with_file_line_and_field(
    tmp_path: Path,
) -> None:
    data = _packaged_json("data/lexicons/frames.json")
    data["frames"][2]["cues"] = "economy"  # a string where a list belongs
    del data["frames"][4]["label"]
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        check_json_file(path, "frames.schema.json")
    error = caught.value
    assert error.file == "frames.json"
    assert [(p.file, p.field) for p in error.problems] == [
        ("frames.json", "frames[2].cues"),
        ("frames.json", "frames[4].label"),
    ]
    cues, label = error.problems
    assert cues.line == _line_containing(path, '"cues": "economy"')
    expected = f"frames.json: frames[2].cues: 'economy' is not of type 'array' (line {cues.line})"
    assert cues == expected
    assert label.message == "is missing" and label.line is not None
    assert str(error) == f"{cues}\n{label}"


def test_one_problem_gives_one_error_with_one_problem(tmp_path: Path) -> None:
    data = _packaged_json("data/lexicons/event_nominals.json")
    data["nominals"].append(data["nominals"][0])
    path = tmp_path / "event_nominals.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_json(path, "event_nominals.schema.json")
    [problem] = caught.value.problems
    last = len(data["nominals"]) - 1
    assert problem.field == f"nominals[{last}]"
    assert problem.line == len(path.read_text(encoding="utf-8").splitlines()) - 2
    assert "is listed twice (also at nominals[0])" in problem


def test_lexicon_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "loaded_terms.json"
    path.write_text('{\n  "entries": [\n    {"term": "mob",}\n  ]\n}', encoding="utf-8")
    expected = r"^loaded_terms\.json: \(file\): invalid JSON at line 3, column \d+"
    with pytest.raises(DataFileError, match=expected) as caught:
        check_json_file(path, "loaded_terms.schema.json")
    [problem] = caught.value.problems
    assert (problem.field, problem.line) == (FILE, 3)


def test_unreadable_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"^missing\.json: \(file\): cannot read"):
        load_json(tmp_path / "missing.json", "frames.schema.json")


def test_packaged_loader_reads_a_patched_path(tmp_path: Path, monkeypatch) -> None:
    from propaganda_lab.lenses.dehumanization import lexicons

    data = _packaged_json("data/lexicons/dehumanizing_metaphors.json")
    data["categories"]["vermin"]["technique"] = "loaded_language"  # a framing technique
    data["categories"]["animal"]["nouns"].append("rat")  # already a vermin noun
    path = tmp_path / "dehumanizing_metaphors.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    monkeypatch.setattr(lexicons, "METAPHOR_FILE", path)
    lexicons.metaphor_lexicon.cache_clear()
    try:
        with pytest.raises(lexicons.LexiconError) as caught:
            lexicons.metaphor_lexicon()
    finally:
        lexicons.metaphor_lexicon.cache_clear()
    technique, duplicate = caught.value.problems
    assert technique.field == "categories.vermin.technique"
    assert "framing lens, not dehumanization" in technique.message
    assert technique.line == _line_containing(path, '"loaded_language"')
    assert duplicate.field.startswith("categories.animal.nouns[")
    assert "(entry 'rat')" in duplicate
    assert "already listed under categories.vermin.nouns" in duplicate
    lines = path.read_text(encoding="utf-8").splitlines()
    rats = [number for number, line in enumerate(lines, 1) if line.strip(" ,") == '"rat"']
    assert duplicate.line == rats[-1]  # the second "rat", not the vermin one


def test_broken_line_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "epithets.txt"
    path.write_text(
        "# comment line\n\nhillrats\tPellani  # trailing comment\n!!!\ntesks\tTeskari\textra\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        load_lines(path, "epithets.schema.json")
    bad_term, extra = caught.value.problems
    assert (bad_term.file, bad_term.line, bad_term.field) == ("epithets.txt", 4, "term")
    assert bad_term.startswith("epithets.txt: term: '!!!' does not match")
    assert (extra.line, extra.field) == (5, "target")
    assert "3 TAB-separated fields" in extra
    path.write_text("# only comments\nhillrats\tPellani # aimed at\ntesk\n", encoding="utf-8")
    assert load_lines(path, "epithets.schema.json") == [
        {"term": "hillrats", "target": "Pellani"},
        {"term": "tesk"},
    ]


def test_quiz_and_catalogue_report_every_problem(tmp_path: Path) -> None:
    from propaganda_lab.quiz import QuizError, validate_quiz
    from propaganda_lab.techniques import CatalogueError, validate_catalogue

    quiz = _packaged_json("data/quiz.json")
    quiz["items"][1]["id"] = quiz["items"][0]["id"]
    quiz["items"][2]["techniques"] = quiz["items"][2]["techniques"] + ["made_up"]
    quiz["items"][2]["is_manipulative"] = True
    with pytest.raises(QuizError) as caught:
        validate_quiz(quiz, "quiz.json")
    assert [p.field for p in caught.value.problems] == ["items[1].id", "items[2].techniques"]

    catalogue = _packaged_json("data/techniques.json")
    catalogue["techniques"][0]["lens"] = "colour"
    del catalogue["techniques"][1]["definition"]
    path = tmp_path / "techniques.json"
    path.write_text(json.dumps(catalogue, indent=2), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        validate_catalogue(path)
    lens, definition = error.value.problems
    assert (lens.field, lens.line) == ("techniques[0].lens", _line_containing(path, '"colour"'))
    assert definition.field == "techniques[1].definition" and definition.line is not None
    assert str(path) in str(error.value)


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
    assert isinstance(caught.value, DataFileError) and caught.value.file == path.name


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
    assert problem.endswith(f"(line {line})") and problem.line == line


# --------------------------------------------------------------------------- helpers


def test_line_of_finds_nested_values_and_falls_back_to_the_parent() -> None:
    text = '{\n  "a": [\n    {"b": 1},\n    {"b": 2,\n     "c": "x"}\n  ]\n}'
    assert line_of(text, ["a", 1, "c"]) == 5
    assert line_of(text, ["a", 0]) == 3
    assert line_of(text, ["a", 1, "missing"]) == 4  # the entry the field should be in
    assert line_of(text, []) == 1
    assert line_of("not json", ["a"]) is None


def test_field_paths_round_trip() -> None:
    for parts in (["annotations", 3, "end"], ["rules", "framing.loaded", "judged"], ["a b", 0]):
        assert parse_field_path(field_path(parts)) == parts
    assert field_path(["rules", "x.y"]) == 'rules["x.y"]'
    assert parse_field_path("(top level)") == []


def test_schema_for_names_the_shared_schemas() -> None:
    assert schema_for("data/cases/anything.json") == "case.schema.json"
    assert schema_for("data/techniques.json") == "technique.schema.json"
    assert schema_for("data/lexicons/epithets.txt") == "epithets.schema.json"
    assert schema_for("data/confidence_model.json") == "confidence_model.schema.json"


def test_errors_and_problems_survive_pickling() -> None:
    problem = Problem("a.json", "x[1]", "is missing", 4)
    error = DataFileError("a.json", [problem, "a plain message"])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is DataFileError and copy.problems == error.problems
    assert copy.problems[0].line == 4 and str(copy) == str(error)
    assert datafiles.Traversable is not None  # importlib.resources.abc, or importlib.abc (3.10)


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
