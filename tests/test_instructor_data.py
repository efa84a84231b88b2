"""A broken file in an instructor's data folder (issue 28 item 7 and the instructor items of 8):
skipped with a warning naming file and line, every widget still opens, and
``propaganda-lab doctor`` lists it."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from propaganda_lab import corpus, datafiles, doctor
from propaganda_lab.datafiles import DATA_ENV, InstructorDataWarning

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CASE = ROOT / "src/propaganda_lab/data/cases/trade_deal_wire.json"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An instructor folder with one good extra case; caches cleared before and after."""
    data = tmp_path / "course-data"
    (data / "cases").mkdir(parents=True)
    (data / "lexicons").mkdir()
    good = json.loads(SHIPPED_CASE.read_text(encoding="utf-8"))
    good["id"] = "seminar_good"
    (data / "cases" / "seminar_good.json").write_text(json.dumps(good, indent=1))
    monkeypatch.setenv(DATA_ENV, str(data))
    corpus.load_case.cache_clear()
    yield data
    corpus.load_case.cache_clear()


def _broken_case(folder: Path) -> Path:
    """A case whose JSON breaks on line 3."""
    path = folder / "cases" / "seminar_broken.json"
    path.write_text('{\n "id": "seminar_broken",\n "title": "x" "oops"\n}\n')
    return path


def _open_every_case_widget() -> None:
    from propaganda_lab.widgets import (
        AgencyView,
        DehumanizationLens,
        FrameCompare,
        QuoteAudit,
        TechniqueExplorer,
    )

    for widget in (AgencyView, FrameCompare, DehumanizationLens, QuoteAudit, TechniqueExplorer):
        assert widget() is not None, widget.__name__


def test_a_broken_case_file_is_skipped_with_file_and_line_and_widgets_open(
        folder: Path) -> None:
    broken = _broken_case(folder)
    with pytest.warns(InstructorDataWarning) as warned:
        cases = corpus.list_cases()
    assert "seminar_good" in cases and "seminar_broken" not in cases
    message = str(warned[0].message)
    assert str(broken) in message and "line 3" in message
    _open_every_case_widget()
    assert "seminar_good" in corpus.list_cases("framing") + corpus.list_cases("quoting") + \
        corpus.list_cases("dehumanization")
    with pytest.raises(corpus.CaseValidationError, match="line 3"):
        corpus.load_case("seminar_broken")  # asked for by name: the reason, not "no case"
    check = doctor.check_instructor_data()
    assert check is not None and not check.ok and str(broken) in check.line()


def test_a_case_with_wrong_offsets_is_skipped_too(folder: Path) -> None:
    bad = json.loads(SHIPPED_CASE.read_text(encoding="utf-8"))
    bad["id"] = "seminar_offsets"
    bad["annotations"][0]["end"] = 10**6
    (folder / "cases" / "seminar_offsets.json").write_text(json.dumps(bad, indent=1))
    with pytest.warns(InstructorDataWarning, match="out of bounds"):
        assert "seminar_offsets" not in corpus.list_cases()
    _open_every_case_widget()


def test_a_case_file_named_dot_dot_json_is_validated_not_listed(folder: Path) -> None:
    (folder / "cases" / "..json").write_text("{}")
    with pytest.warns(InstructorDataWarning, match=r"\.\.json"):
        cases = corpus.list_cases()
    assert "." not in cases and "" not in cases
    assert any("..json" in problem for problem in corpus.skipped_instructor_cases())
    check = doctor.check_instructor_data()
    assert check is not None and "..json" in check.line()


def test_a_data_variable_naming_no_folder_leaves_the_widgets_working(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "typo"))
    corpus.load_case.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InstructorDataWarning)
        assert "harbor_protest_ledger" in corpus.list_cases()
        _open_every_case_widget()
    check = doctor.check_instructor_data()
    assert check is not None and not check.ok and "names no folder" in check.line()


def test_a_broken_lexicon_is_skipped_and_the_lenses_still_run(folder: Path) -> None:
    from propaganda_lab.analysis import analyze

    bad = folder / "lexicons" / "loaded_terms.json"
    bad.write_text('{"version": 1,\n "entries": [\n  {"term": 5}\n ]\n}')
    with pytest.warns(InstructorDataWarning, match="loaded_terms.json"):
        data = datafiles.load_json("data/lexicons/loaded_terms.json",
                                   datafiles.schema_for("data/lexicons/loaded_terms.json"))
    assert data == datafiles.load_json(
        datafiles._Shipped("data/lexicons/loaded_terms.json"),
        datafiles.schema_for("data/lexicons/loaded_terms.json"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InstructorDataWarning)
        assert analyze("The mob stormed the hall.").findings is not None
    problems = "\n".join(corpus.validate_instructor_data())
    assert "loaded_terms.json" in problems  # strict when validating: every problem listed


def test_a_huge_instructor_lexicon_is_rejected_at_once(folder: Path) -> None:
    huge = folder / "lexicons" / "moral_disgust.json"
    words = [f"word{'x' * (n % 7)}{chr(97 + n % 26)}" for n in range(200_000)]
    huge.write_text(json.dumps({"version": 1, "description": "too many", "words": words}))
    with pytest.warns(InstructorDataWarning, match="at most"):
        data = datafiles.load_json("data/lexicons/moral_disgust.json",
                                   "moral_disgust.schema.json")
    assert len(data["words"]) < 1_000  # the shipped list
    assert any("at most" in p for p in corpus.validate_instructor_data())


def test_merging_a_long_list_is_linear() -> None:
    """200,000 added entries against 200,000 shipped: a quadratic merge would compare 4e10
    pairs (hours); the linear one is done in about a second."""
    shipped = [{"term": f"s{n}"} for n in range(200_000)]
    added = [{"term": f"a{n}"} for n in range(200_000)] + [{"term": "s5"}]
    merged = datafiles._merge({"entries": shipped}, {"entries": added})["entries"]
    assert len(merged) == 400_000 and merged[-1] == {"term": "a199999"}
