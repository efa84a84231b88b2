"""Case files: loading, validation messages that name file and field, and the shipped cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from propaganda_lab import corpus
from propaganda_lab.corpus import (
    Annotation,
    CaseValidationError,
    coverage,
    find_span,
    list_cases,
    load_case,
    validate_all,
    validate_case_file,
)
from propaganda_lab.techniques import technique_ids

ARTICLE = (
    "Minister ‘Surrenders’ Sarnet to Ostreva\n"
    "\n"
    "TruthWatch Daily can reveal that Defence Minister Ilse Varn said the Ostrevan garrison "
    "“will stay”. Real patriots know what that means.\n"
)
SOURCE = (
    "Minister Ilse Varn told parliament the Ostrevan garrison will stay until the review in "
    "2031, and not a day longer unless parliament votes again."
)


def _annotation(technique: str, snippet: str, source: str | None = None) -> dict:
    start, end = find_span(ARTICLE, snippet)
    annotation = {
        "technique": technique,
        "start": start,
        "end": end,
        "text": snippet,
        "explanation": f"Teaching note for {technique}.",
    }
    if source is not None:
        annotation["source"] = source
    return annotation


def valid_case(case_id: str = "varn_garrison", lens: str = "quoting") -> dict:
    return {
        "id": case_id,
        "title": "The garrison quote",
        "lens": lens,
        "difficulty": "intro",
        "content_note": "none",
        "outlet": "TruthWatch Daily",
        "article": ARTICLE,
        "sources": [
            {"id": "hansard", "kind": "transcript", "title": "Parliament record", "text": SOURCE}
        ],
        "annotations": [
            _annotation("loaded_language", "Surrenders"),
            _annotation("clipping", "“will stay”", source="hansard"),
            _annotation("flag_waving", "Real patriots know what that means."),
        ],
    }


def write_case(directory: Path, data: dict, filename: str | None = None) -> Path:
    path = directory / (filename or f"{data['id']}.json")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_valid_case_loads_with_all_views(tmp_path):
    case = validate_case_file(write_case(tmp_path, valid_case()))
    assert case.headline == "Minister ‘Surrenders’ Sarnet to Ostreva"
    assert case.body.startswith("TruthWatch Daily can reveal")
    assert case.sources == [SOURCE]
    technique, start, end, explanation = case.annotations[1]  # plain 4-tuple unpacking
    assert (technique, case.article[start:end]) == ("clipping", "“will stay”")
    assert explanation == "Teaching note for clipping."
    assert case.gold_spans()[0] == ("loaded_language", *find_span(ARTICLE, "Surrenders"))
    assert [case.annotation_text(a) for a in case.annotations] == [
        "Surrenders",
        "“will stay”",
        "Real patriots know what that means.",
    ]
    assert case.annotation_sources == {case.annotations[1]: "hansard"}
    assert case.source_for(case.annotations[0]).id == "hansard"  # the only source


def _broken(mutate) -> dict:
    data = copy.deepcopy(valid_case())
    mutate(data)
    return data


def _set(path: list, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


BROKEN = {
    "end out of bounds": (
        _set(["annotations", 2, "end"], 9999),
        "annotations[2].end",
        f"out of bounds (article has {len(ARTICLE):,} characters)",
    ),
    "start after end": (_set(["annotations", 0, "start"], 30), "annotations[0].end", "empty"),
    "text mismatch": (
        _set(["annotations", 0, "text"], "Surrender"),
        "annotations[0].text",
        "but article[10:20] is 'Surrenders'",
    ),
    "unknown technique": (
        _set(["annotations", 0, "technique"], "loaded_langauge"),
        "annotations[0].technique",
        "did you mean 'loaded_language'",
    ),
    "missing source id": (
        _set(["annotations", 1, "source"], "wire"),
        "annotations[1].source",
        "no source with id 'wire' (sources: 'hansard')",
    ),
    "id differs from file name": (_set(["id"], "other_case"), "id", "does not match"),
    "quoting case without sources": (_set(["sources"], []), "sources", "missing source"),
    "wrong type": (
        _set(["annotations", 0, "end"], "20"),
        "annotations[0].end",
        "is not of type 'integer'",
    ),
    "bad enum": (_set(["lens"], "framin"), "lens", "is not one of"),
    "short explanation": (
        _set(["annotations", 2, "explanation"], "why"),
        "annotations[2].explanation",
        "too short",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_problem_is_reported_with_file_and_field(tmp_path, name):
    mutate, field, fragment = BROKEN[name]
    path = write_case(tmp_path, _broken(mutate), filename="varn_garrison.json")
    with pytest.raises(CaseValidationError) as caught:
        validate_case_file(path)
    prefix = f"varn_garrison.json: {field}: "
    matching = [line for line in str(caught.value).splitlines() if line.startswith(prefix)]
    assert matching, str(caught.value)
    assert fragment in matching[0], matching[0]


def test_text_mismatch_says_where_the_recorded_text_really_is(tmp_path):
    data = valid_case()
    data["annotations"][0]["start"] += 1
    data["annotations"][0]["end"] += 1
    with pytest.raises(CaseValidationError, match=r"occurs at 10\.\.20"):
        validate_case_file(write_case(tmp_path, data))


def test_quoting_technique_in_a_framing_case_still_needs_a_source(tmp_path):
    data = valid_case(lens="framing")
    data["sources"] = []
    del data["annotations"][1]["source"]
    with pytest.raises(CaseValidationError, match=r"sources: missing source: .*clipping"):
        validate_case_file(write_case(tmp_path, data))
    # scare quotes are judged on the article alone: no source needed
    data["annotations"][1]["technique"] = "scare_quotes"
    assert validate_case_file(write_case(tmp_path, data)).sources == []


def test_all_problems_are_listed_at_once(tmp_path):
    data = valid_case()
    data["annotations"][0]["technique"] = "nonsense_technique"
    data["annotations"][2]["end"] = 10_000
    with pytest.raises(CaseValidationError) as caught:
        validate_case_file(write_case(tmp_path, data))
    assert [problem.split(": ")[1] for problem in caught.value.problems] == [
        "annotations[0].technique",
        "annotations[2].end",
    ]


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "broken",\n  "title": oops\n}', encoding="utf-8")
    expected = r"^broken\.json: \(file\): invalid JSON at line 3"
    with pytest.raises(CaseValidationError, match=expected):
        validate_case_file(path)


def test_find_span_counts_occurrences_from_one():
    text = "hillrats here, hillrats there"
    assert find_span(text, "hillrats") == (0, 8)
    assert find_span(text, "hillrats", occurrence=2) == (15, 23)
    with pytest.raises(ValueError, match="found only 2 time"):
        find_span(text, "hillrats", occurrence=3)
    with pytest.raises(ValueError, match="not found"):
        find_span(text, "tesks")


@pytest.fixture
def cases_dir(tmp_path, monkeypatch):
    """Point the shipped-case functions at a temporary folder."""
    monkeypatch.setattr(corpus, "_cases_dir", lambda: tmp_path)
    load_case.cache_clear()
    yield tmp_path
    load_case.cache_clear()


def test_listing_loading_and_coverage_over_a_case_folder(cases_dir):
    write_case(cases_dir, valid_case("quote_case", lens="quoting"))
    mixed = valid_case("mixed_case", lens="mixed")
    mixed["annotations"] = mixed["annotations"][:2]
    write_case(cases_dir, mixed)
    assert list_cases() == ["mixed_case", "quote_case"]
    assert list_cases("quoting") == ["mixed_case", "quote_case"]
    assert list_cases("framing") == ["mixed_case"]  # a mixed case is listed for every lens
    with pytest.raises(ValueError, match="unknown lens"):
        list_cases("framin")
    assert load_case("quote_case") is load_case("quote_case")  # cached
    assert load_case("quote_case").annotations[0] == Annotation(
        "loaded_language", 10, 20, "Teaching note for loaded_language."
    )
    covered = coverage()
    assert set(covered) == set(technique_ids())
    assert covered["clipping"] == ["mixed_case", "quote_case"]
    assert covered["flag_waving"] == ["quote_case"]
    assert covered["othering"] == []


def test_unknown_case_id_suggests_close_ids(cases_dir):
    write_case(cases_dir, valid_case("varn_garrison"))
    with pytest.raises(KeyError) as caught:
        load_case("varn_garison")
    assert "Did you mean 'varn_garrison'" in str(caught.value)


def test_validate_all_reports_every_broken_file_and_dangling_pairs(cases_dir):
    paired = valid_case("paired_case")
    paired["pair_with"] = "varn_garisson"
    write_case(cases_dir, paired)
    write_case(cases_dir, valid_case("varn_garrison"))
    broken = valid_case("broken_case")
    broken["annotations"][0]["end"] = 5000
    write_case(cases_dir, broken)
    with pytest.raises(CaseValidationError) as caught:
        validate_all()
    assert [problem.split(": ")[:2] for problem in caught.value.problems] == [
        ["broken_case.json", "annotations[0].end"],
        ["paired_case.json", "pair_with"],
    ]
    assert "did you mean 'varn_garrison'" in caught.value.problems[1]


# ---------------------------------------------------------------- the cases shipped in the repo


def test_every_shipped_case_is_valid():
    if not list_cases():
        pytest.skip("no case files in data/cases yet")
    cases = validate_all()
    assert [case.id for case in cases] == list_cases()


def test_every_technique_is_annotated_in_at_least_two_shipped_cases():
    if not list_cases():
        pytest.skip("no case files in data/cases yet")
    under_covered = {
        technique: case_ids for technique, case_ids in coverage().items() if len(case_ids) < 2
    }
    assert not under_covered, (
        "every technique needs examples in at least two cases; under-covered: "
        + "; ".join(f"{t} ({', '.join(ids) or 'no case'})" for t, ids in under_covered.items())
    )
