"""The install paths outside the checkout: the Colab first cell and the course copy helper."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from propaganda_lab import colab, course
from propaganda_lab.nlp import MODEL_NAME, MODEL_URL

ROOT = Path(__file__).resolve().parents[1]


def test_colab_setup_is_a_no_op_outside_colab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    calls: list[Sequence[str]] = []
    assert colab.on_colab() is False
    assert colab.setup(run=calls.append) == []
    assert calls == []


def test_colab_setup_installs_the_model_only_when_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    assert colab.on_colab() is True
    calls: list[Sequence[str]] = []
    monkeypatch.setattr(colab, "_model_installed", lambda: False)
    assert colab.setup(run=calls.append) == [MODEL_NAME]
    assert calls == [[MODEL_URL]]
    calls.clear()
    monkeypatch.setattr(colab, "_model_installed", lambda: True)
    assert colab.setup(run=calls.append) == [] and calls == []


def test_colab_pip_runs_this_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(colab.subprocess, "run", lambda command, check: seen.append(command))
    colab._pip(["x.whl"])
    assert seen == [[sys.executable, "-m", "pip", "install", "-q", "x.whl"]]


def test_course_files_are_every_notebook_and_exercise() -> None:
    files = {str(path) for path in course.course_files()}
    expected = {f"{folder}/{path.name}" for folder in course.FOLDERS
                for path in (ROOT / folder).glob("*.ipynb")}
    assert files == expected and "notebooks/00_start_here.ipynb" in files


def test_copy_course_refuses_an_unwritable_target(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(course.CourseError, match="cannot copy the course"):
        course.copy_course(locked / "inside")


def test_course_root_without_any_course(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "site-packages" / "propaganda_lab" / "course.py"
    fake.parent.mkdir(parents=True)
    monkeypatch.setattr(course, "__file__", str(fake))
    monkeypatch.setattr(course.resources, "files", lambda name: fake.parent)
    with pytest.raises(course.CourseError, match="not installed"):
        course.course_root()


# --------------------------------------------------------------------------- instructor data


def _instructor_folder(tmp_path: Path) -> Path:
    import json

    folder = tmp_path / "course-data"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "cases").mkdir()
    (folder / "lexicons" / "moral_disgust.json").write_text(json.dumps({
        "version": 1, "description": "Our seminar's additions.",
        "words": ["scummish", "filth"]}), encoding="utf-8")
    (folder / "lexicons" / "epithets.txt").write_text("# extra\nmudlanders\n", encoding="utf-8")
    shipped = json.loads((ROOT / "src/propaganda_lab/data/cases/trade_deal_wire.json")
                         .read_text(encoding="utf-8"))
    shipped["id"] = "seminar_trade_wire"
    (folder / "cases" / "seminar_trade_wire.json").write_text(json.dumps(shipped),
                                                             encoding="utf-8")
    return folder


def test_instructor_folder_adds_lexicon_entries_and_cases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import corpus, datafiles

    folder = _instructor_folder(tmp_path)
    shipped_words = datafiles.load_json("data/lexicons/moral_disgust.json",
                                        "moral_disgust.schema.json")["words"]
    shipped_cases = corpus.list_cases()
    assert "scummish" not in shipped_words and "seminar_trade_wire" not in shipped_cases
    monkeypatch.setenv(datafiles.DATA_ENV, str(folder))
    words = datafiles.load_json("data/lexicons/moral_disgust.json",
                                "moral_disgust.schema.json")["words"]
    assert words == [*shipped_words, "scummish"]  # 'filth' is shipped already: not repeated
    terms = [r["term"] for r in datafiles.load_lines("data/lexicons/epithets.txt",
                                                     "epithets.schema.json")]
    assert terms[-1] == "mudlanders" and terms.count("mudlanders") == 1
    assert corpus.list_cases() == sorted([*shipped_cases, "seminar_trade_wire"])
    corpus.load_case.cache_clear()
    try:
        assert corpus.load_case("seminar_trade_wire").title
    finally:
        corpus.load_case.cache_clear()
    assert corpus.validate_instructor_data() == []


def test_instructor_files_are_validated_with_the_shipped_schemas(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from propaganda_lab import corpus, datafiles

    folder = _instructor_folder(tmp_path)
    bad = folder / "lexicons" / "moral_disgust.json"
    bad.write_text(json.dumps({"version": 1, "description": "x", "words": ["Slimy!"]}),
                   encoding="utf-8")
    (folder / "cases" / "trade_deal_wire.json").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    monkeypatch.setenv(datafiles.DATA_ENV, str(folder))
    shipped = datafiles.load_json(datafiles._Shipped("data/lexicons/moral_disgust.json"),
                                  "moral_disgust.schema.json")
    with pytest.warns(datafiles.InstructorDataWarning) as warned:  # skipped, not fatal
        words = datafiles.load_json("data/lexicons/moral_disgust.json",
                                    "moral_disgust.schema.json")
    assert words == shipped
    assert str(bad) in str(warned[0].message) and "words[0]" in str(warned[0].message)
    problems = "\n".join(corpus.validate_instructor_data())
    assert "words[0]" in problems
    assert "a shipped case has this id" in problems
    assert "notes.txt" in problems and "not a shipped lexicon or a case" in problems
    monkeypatch.setenv(datafiles.DATA_ENV, str(tmp_path / "typo"))
    with pytest.raises(datafiles.DataFileError, match="names no folder"):
        datafiles.instructor_dir()
    monkeypatch.setenv(datafiles.DATA_ENV, "")
    assert datafiles.instructor_dir() is None


def test_merge_rules() -> None:
    from propaganda_lab.datafiles import _merge

    shipped = {"a": [1, 2], "b": {"x": 1}, "c": "old"}
    assert _merge(shipped, {"a": [2, 3], "b": {"y": 2}, "c": "new", "d": 4}) == {
        "a": [1, 2, 3], "b": {"x": 1, "y": 2}, "c": "new", "d": 4}
    assert shipped == {"a": [1, 2], "b": {"x": 1}, "c": "old"}  # not modified


def test_doctor_checks_the_instructor_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import doctor
    from propaganda_lab.datafiles import DATA_ENV

    monkeypatch.delenv(DATA_ENV, raising=False)
    assert doctor.check_instructor_data() is None
    folder = _instructor_folder(tmp_path)
    monkeypatch.setenv(DATA_ENV, str(folder))
    check = doctor.check_instructor_data()
    assert check is not None and check.ok
    (folder / "lexicons" / "frames.json").write_text("{", encoding="utf-8")
    check = doctor.check_instructor_data()
    assert check is not None and not check.ok and "frames.json" in check.line()


def test_first_cell_runs_as_a_no_op_outside_colab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    ran: list[object] = []
    monkeypatch.setattr(colab.subprocess, "run", lambda *a, **k: ran.append(a))
    exec(compile(colab.FIRST_CELL, "<first cell>", "exec"), {})  # the cell as notebooks hold it
    assert ran == []
    assert colab.PACKAGE.startswith("propaganda_lab @ ") and colab.PACKAGE in colab.FIRST_CELL


def test_first_cell_on_colab_installs_the_package_when_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    ran: list[list[str]] = []
    monkeypatch.setattr(colab.subprocess, "run", lambda command, check: ran.append(command))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None
                        if name in ("propaganda_lab", MODEL_NAME) else real_find_spec(name, *a))
    exec(compile(colab.FIRST_CELL, "<first cell>", "exec"), {})
    assert ran[0][-1] == colab.PACKAGE and ran[1][-1] == MODEL_URL


def test_the_docs_never_install_a_package_name_that_is_not_published() -> None:
    """`pip install propaganda_lab` names nothing on PyPI yet: every pip line of the README and
    the hub guide installs from the repository (git URL), a built wheel or a checkout."""
    root = Path(__file__).resolve().parents[1]
    bare = re.compile(
        r"pip install\s+[\"']?propaganda_lab(?:\[[^\]]*\])?[\"']?(?!\s*@)(?=\s|$|`)")
    for name in ("README.md", "docs/hub.md", "docs/instructor_guide.md"):
        text = (root / name).read_text(encoding="utf-8")
        assert not bare.findall(text), f"{name}: {bare.findall(text)}"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "git+https://github.com/propaganda-lab/propaganda_lab@main" in readme
    assert "python3 -m build --wheel" in readme
    assert bare.search("pip install propaganda_lab\n")  # the check sees the bare forms
    assert bare.search('pip install "propaganda_lab[lab]"')
