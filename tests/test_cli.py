"""The ``propaganda-lab`` command line: real files in a temporary folder, every error path.

Scores of ``evaluate`` are checked against the hand computation in
``tests/data/ptc_eval/README.md``, with a fixed stand-in for the detectors so the expected
numbers test the scoring path (reading, id -> PTC mapping, merging, the metric), not a lexicon.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from propaganda_lab import cli

PTC_EVAL = Path(__file__).parent / "data" / "ptc_eval"
ARTICLE = (
    "Harbour chaos\n\n"
    "The rabble stormed the harbour office on Monday. Mayor Ilse Marren said the town "
    '"will cope with new arrivals". Everyone knows the Gallow Circle is behind it all.\n'
)
SOURCE = (
    "MAYOR ILSE MARREN: We will cope with new arrivals, as we always have, if Sarnet sends "
    "the money it promised.\n"
)

#: Stand-in detector output (our technique ids), as in the README's hand computation.
STAND_IN = {
    "101": [("loaded_language", 10, 20), ("doubt", 30, 40), ("source_derogation", 35, 50),
            ("hidden_agency", 60, 70), ("clipping", 80, 90), ("whataboutism", 100, 120)],
    "102": [("flag_waving", 0, 10)],
}


def stand_in(texts: list[str], progress: bool) -> list[list[tuple[str, int, int]]]:
    articles = {path.read_text(encoding="utf-8"): path.stem.removeprefix("article")
                for path in (PTC_EVAL / "articles").glob("article*.txt")}
    return [STAND_IN[articles[text]] for text in texts]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"article": tmp_path / "article.txt", "source": tmp_path / "source.txt"}
    paths["article"].write_text(ARTICLE, encoding="utf-8")
    paths["source"].write_text(SOURCE, encoding="utf-8")
    return paths


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, *fragments: str) -> None:
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("propaganda-lab: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# --------------------------------------------------------------------------- analyze


def test_analyze_prints_a_summary_and_writes_html_and_json(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    html_out, json_out = tmp_path / "report.html", tmp_path / "report.json"
    status, out, err = run(["analyze", str(files["article"]), "--source", str(files["source"]),
                            "--group", "Gallow Circle", "--html", str(html_out),
                            "--json", str(json_out), "--findings", "--all"], capsys)
    assert status == 0, err
    assert "headline: Harbour chaos" in out
    assert "Loaded language (loaded_language)" in out
    assert "Dropped qualifier (dropped_qualifier)" in out
    assert "Conspiracy scapegoating (conspiracy_scapegoating)" in out
    assert "Quotes: 1 traced against 1 source(s); 1 found, 1 flagged." in out
    assert '"rabble"' in out  # --findings lists the words
    data = json.loads(json_out.read_text(encoding="utf-8"))
    assert data["text"] == ARTICLE and data["group_terms"] == ["Gallow Circle"]
    assert {f["lens"] for f in data["findings"]} == {"framing", "quoting", "dehumanization"}
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Harbour chaos" in page


def test_analyze_default_view_hides_weak_cues_and_says_how_many(
        files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(["analyze", str(files["article"]), "--source", str(files["source"]),
                            "--findings"], capsys)
    assert status == 0, err
    # The source check of a quote is a fact shown by default; unmeasured cues are not.
    assert "Dropped qualifier (dropped_qualifier)" in out
    assert "weak cues" in out and "--all shows them" in out
    listed = out.split("Findings:")[1]
    assert "(weak cue)" not in listed


def test_analyze_headline_option(files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    body = files["article"].parent / "body.txt"
    body.write_text("The rabble stormed the harbour office.", encoding="utf-8")
    status, out, _ = run(["analyze", str(body), "--headline", "Chaos at the harbour"], capsys)
    assert status == 0 and "headline: Chaos at the harbour" in out


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\t\r\n ", "is empty"),
    ("latin1.txt", "Caf\u00e9 \u00e0 Sarnet".encode("latin-1"), "not UTF-8 text"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file"),
])
def test_analyze_rejects_bad_article_files(tmp_path: Path, capsys: pytest.CaptureFixture,
                                           name: str, content: bytes | None,
                                           fragment: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(["analyze", str(path)], capsys)
    assert_one_line_error(status, err, "article", name, fragment)
    assert out == ""


def test_analyze_rejects_a_folder_and_a_too_long_file(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, _, err = run(["analyze", str(tmp_path)], capsys)
    assert_one_line_error(status, err, "is a folder")
    huge = tmp_path / "huge.txt"
    huge.write_text("a " * 100_001, encoding="utf-8")
    status, _, err = run(["analyze", str(huge)], capsys)
    assert_one_line_error(status, err, "the limit is 200,000", "--max-chars")
    status, _, err = run(["analyze", str(huge), "--max-chars", "1000001"], capsys)
    assert_one_line_error(status, err, "--max-chars must be between 1 and 400,000")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_analyze_rejects_an_unreadable_file(files: dict[str, Path],
                                            capsys: pytest.CaptureFixture) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    files["article"].chmod(0)
    try:
        status, _, err = run(["analyze", str(files["article"])], capsys)
    finally:
        files["article"].chmod(0o644)
    assert_one_line_error(status, err, "cannot read it")


def test_unreadable_file_message_via_oserror(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    status, _, err = run(["analyze", str(files["article"])], capsys)
    assert_one_line_error(status, err, "cannot read it (Permission denied)")


def test_analyze_rejects_bad_sources_and_unwritable_outputs(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    article = str(files["article"])
    status, _, err = run(["analyze", article, "--source", str(tmp_path / "nope.txt")], capsys)
    assert_one_line_error(status, err, "source", "no such file")
    bad = tmp_path / "bad_source.txt"
    bad.write_bytes(b"ok \xff\xfe\x00w")
    status, _, err = run(["analyze", article, "--source", str(bad)], capsys)
    assert_one_line_error(status, err, "source", "bad_source.txt", "not UTF-8")
    target = tmp_path / "no" / "such" / "folder" / "out.html"
    status, _, err = run(["analyze", article, "--html", str(target)], capsys)
    assert_one_line_error(status, err, "cannot write the HTML report")
    status, _, err = run(["analyze", article, "--json", str(tmp_path)], capsys)
    assert_one_line_error(status, err, "cannot write the JSON report")


def test_usage_errors_exit_with_status_2(capsys: pytest.CaptureFixture) -> None:
    for argv in ([], ["analyze"], ["frobnicate"], ["evaluate", "only-one"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        assert exit_info.value.code == 2
    capsys.readouterr()


# --------------------------------------------------------------------------- evaluate


def test_evaluate_scores_match_the_hand_computation(
        capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "predict_ids", stand_in)
    status, out, err = run(["evaluate", str(PTC_EVAL / "articles"),
                            str(PTC_EVAL / "labels.tsv"), "--quiet"], capsys)
    assert status == 0, err
    assert "2 articles, 6 gold spans, 4 predicted spans; label set: merged" in out
    rows = {parts[0]: parts[1:] for parts in (line.rsplit(maxsplit=5) for line in
                                             out.splitlines()[2:]) if len(parts) == 6}
    assert rows["micro-average"] == ["0.500", "0.417", "0.455", "4", "6"]
    assert rows["spans only (any technique)"] == ["0.750", "0.583", "0.656", "4", "6"]
    assert rows["Loaded_Language"] == ["1.000", "0.500", "0.667", "1", "2"]
    assert rows["Doubt"] == ["0.500", "1.000", "0.667", "1", "1"]
    assert rows["Whataboutism,Straw_Men,Red_Herring"] == ["0.500", "0.500", "0.500", "1", "1"]
    assert rows["Flag-Waving"] == ["0.000", "0.000", "0.000", "1", "0"]
    assert rows["Slogans"] == ["0.000", "0.000", "0.000", "0", "1"]
    assert "no counterpart" not in out  # every gold label here maps to some technique of ours


def test_evaluate_corpus_exact_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab.corpus import read_ptc

    articles = read_ptc(PTC_EVAL / "articles", PTC_EVAL / "labels.tsv")
    scores, span_only, chosen = cli.evaluate_corpus(articles, predict=stand_in)
    assert chosen == "merged"
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(2.5 / 6)
    assert scores.f1 == pytest.approx(2 * 0.5 * (2.5 / 6) / (0.5 + 2.5 / 6))
    assert span_only.precision == pytest.approx(0.75)
    assert span_only.recall == pytest.approx(3.5 / 6)


def test_label_set_choice_and_mapping() -> None:
    assert cli.choose_label_set({"Loaded_Language", "Whataboutism,Straw_Men,Red_Herring"}) \
        == "merged"
    assert cli.choose_label_set({"Loaded_Language", "Straw_Men"}) == "fine"
    assert cli.choose_label_set({"Loaded_Language"}) == "merged"
    assert cli.choose_label_set({"Straw_Men"}, "merged") == "merged"
    spans = [("bandwagon", 0, 5), ("hidden_agency", 5, 9), ("clipping", 1, 2)]
    assert cli.to_ptc_spans(spans, merged=True) == [("Bandwagon,Reductio_ad_hitlerum", 0, 5)]
    assert cli.to_ptc_spans(spans, merged=False) == [
        ("Bandwagon", 0, 5), ("Obfuscation,Intentional_Vagueness,Confusion", 5, 9)]


def test_evaluate_with_the_real_detectors(capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(["evaluate", str(PTC_EVAL / "articles"),
                            str(PTC_EVAL / "labels.tsv")], capsys)
    assert status == 0, err
    assert "micro-average" in out and "label set: merged" in out
    assert "2/2" in err  # the progress bar
    table = [line.split() for line in out.splitlines() if line.startswith(("Slogans", "micro"))]
    assert [row[0] for row in table] == ["Slogans", "micro-average"]
    assert all(0.0 <= float(value) <= 1.0 for row in table for value in row[1:4])
    fine = cli.producible_labels(merged=False)
    assert "Straw_Men" not in fine and "Obfuscation,Intentional_Vagueness,Confusion" in fine
    assert "Obfuscation,Intentional_Vagueness,Confusion" not in cli.producible_labels(merged=True)


def test_evaluate_error_paths(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    articles, labels = PTC_EVAL / "articles", PTC_EVAL / "labels.tsv"
    status, _, err = run(["evaluate", str(tmp_path / "none"), str(labels)], capsys)
    assert_one_line_error(status, err, "no such folder")
    status, _, err = run(["evaluate", str(labels), str(labels)], capsys)
    assert_one_line_error(status, err, "is a file, not a folder")
    status, _, err = run(["evaluate", str(articles), str(tmp_path / "none.tsv")], capsys)
    assert_one_line_error(status, err, "labels file", "no such file")
    status, _, err = run(["evaluate", str(tmp_path), str(labels)], capsys)
    assert_one_line_error(status, err)  # labels name ids with no article in an empty folder
    empty_labels = tmp_path / "empty.tsv"
    empty_labels.write_text("", encoding="utf-8")
    status, _, err = run(["evaluate", str(tmp_path), str(empty_labels)], capsys)
    assert_one_line_error(status, err, "no article<ID>.txt files")
    corpus = tmp_path / "corpus"
    shutil.copytree(articles, corpus)
    broken = tmp_path / "broken.tsv"
    broken.write_text("101\tLoaded_Language\tten\t20\n", encoding="utf-8")
    status, _, err = run(["evaluate", str(corpus), str(broken)], capsys)
    assert_one_line_error(status, err, "broken.tsv:1", "integers")
    (corpus / "article103.txt").write_bytes(b"\xff\xfe latin")
    status, _, err = run(["evaluate", str(corpus), str(labels)], capsys)
    assert_one_line_error(status, err, "article103.txt", "not valid UTF-8")


# --------------------------------------------------------------------------- as a process


def test_runs_as_a_separate_process(files: dict[str, Path], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "propaganda_lab.cli", "analyze", str(files["article"]),
         "--source", str(files["source"])],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "quoting:" in done.stdout and "dehumanization:" in done.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "propaganda_lab.cli", "analyze", str(tmp_path / "gone.txt")],
        capture_output=True, text=True, timeout=120, check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"propaganda-lab: error: article {tmp_path / 'gone.txt'}: no such file"]


# --------------------------------------------------------------------------- issue 17 / 18


def test_version_option(capsys: pytest.CaptureFixture) -> None:
    from propaganda_lab import __version__

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"propaganda-lab {__version__}"


def test_dash_reads_standard_input(capsys: pytest.CaptureFixture,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run(["analyze", "-"], capsys)
    assert status == 0, err
    assert "headline: Harbour chaos" in out
    status, _, err = run(["analyze", "-", "--source", "-"], capsys)
    assert_one_line_error(status, err, "only once")


def test_empty_standard_input_is_refused(capsys: pytest.CaptureFixture,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n"), encoding="utf-8"))
    status, _, err = run(["analyze", "-"], capsys)
    assert_one_line_error(status, err, "standard input", "is empty")


def test_closed_pipe_ends_quietly(files: dict[str, Path]) -> None:
    """``propaganda-lab ... | head -1``: no BrokenPipeError traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "propaganda_lab", "analyze", str(files["article"]),
         "--source", str(files["source"]), "--findings", "--all"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away before any output was written
    err = process.stderr.read().decode()
    process.wait(timeout=300)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode == 141


def test_html_equal_to_an_input_or_empty_is_refused(
        files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    article, source = str(files["article"]), str(files["source"])
    for option, target in (("--html", article), ("--json", source), ("--html", "")):
        status, _, err = run(["analyze", article, "--source", source, option, target], capsys)
        assert_one_line_error(status, err, option)
    assert files["article"].read_text(encoding="utf-8") == ARTICLE  # not overwritten
    relative = Path(article).parent / "." / Path(article).name
    status, _, err = run(["analyze", article, "--html", str(relative)], capsys)
    assert_one_line_error(status, err, "is an input file")


def test_devices_and_named_pipes_are_refused_without_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    opened: list[object] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self)
                        or real_open(self, *a, **k))
    status, _, err = run(["analyze", "/dev/zero"], capsys)
    assert_one_line_error(status, err, "/dev/zero", "not a regular file")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block until a writer comes: it must not be opened
    status, _, err = run(["analyze", str(fifo)], capsys)
    assert_one_line_error(status, err, "pipe.txt", "not a regular file")
    assert opened == []


def test_size_is_checked_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2 * 1024**3)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    status, _, err = run(["analyze", str(big)], capsys)
    assert_one_line_error(status, err, "2,147,483,648 bytes", "--max-chars")


def test_standard_input_reads_at_most_the_limit(capsys: pytest.CaptureFixture,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    requested: list[int] = []

    class Endless:
        def read(self, size: int = -1) -> bytes:
            assert size > 0, "read everything of an endless stream"
            requested.append(size)
            return b"a" * size

    class Stdin:
        buffer = Endless()

    monkeypatch.setattr(sys, "stdin", Stdin())
    status, _, err = run(["analyze", "-", "--max-chars", "10"], capsys)
    assert_one_line_error(status, err, "standard input", "limit of 10 characters")
    assert requested == [10 * 4 + 3 + 1]


def test_total_of_article_and_sources_is_limited(
        files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    limit = len(ARTICLE) + 10
    status, _, err = run(["analyze", str(files["article"]), "--source", str(files["source"]),
                          "--max-chars", str(limit)], capsys)
    assert_one_line_error(status, err, "together", f"{limit:,}")


def test_missing_model_prints_only_the_good_message(
        files: dict[str, Path], capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import analysis
    from propaganda_lab.nlp import ModelNotInstalledError

    def missing(*args: object, **kwargs: object) -> None:
        raise ModelNotInstalledError("spacy.load could not find it")

    monkeypatch.setattr(analysis, "analyze", missing)
    status, out, err = run(["analyze", str(files["article"])], capsys)
    assert status == 1 and out == ""
    assert err.startswith("propaganda-lab: error: The spaCy model en_core_web_sm")
    assert "pip install" in err and "Traceback" not in err


def test_ctrl_c_is_one_line(files: dict[str, Path], capsys: pytest.CaptureFixture,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import analysis

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis, "analyze", interrupted)
    status, _, err = run(["analyze", str(files["article"])], capsys)
    assert status == 130
    assert err.strip().splitlines() == ["propaganda-lab: interrupted"]


def test_terminal_escapes_in_the_article_are_neutralised(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Harbour \x1b]0;owned\x07chaos\n\nThe \x1b[2Jrabble\u202e stormed the "
                       "harbour office on Monday.\n", encoding="utf-8")
    status, out, err = run(["analyze", str(hostile), "--findings", "--all"], capsys)
    assert status == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;owned\\x07" in out  # shown, not obeyed
    assert cli.terminal_safe("tab\tand\nnewline") == "tab\tand\nnewline"
    assert cli.terminal_safe("\x9b31m") == "\\x9b31m"


def test_bom_offsets_match_the_corpus_reader(tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    from propaganda_lab.corpus import read_ptc

    folder = tmp_path / "ptc"
    folder.mkdir()
    article = folder / "article1.txt"
    article.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    out_json = tmp_path / "r.json"
    status, out, err = run(["analyze", str(article), "--json", str(out_json)], capsys)
    assert status == 0, err
    assert "headline: Harbour chaos" in out
    text = read_ptc(folder)["1"][0]
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["text"] == text and text.startswith("\ufeff")
    rabble = next(f for f in data["findings"] if f["text"] == "rabble")
    assert text[rabble["start"]:rabble["end"]] == "rabble"


def test_cr_only_file_keeps_its_headline(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    old_mac = tmp_path / "mac.txt"
    old_mac.write_bytes(ARTICLE.replace("\n", "\r").encode("utf-8"))
    out_json = tmp_path / "r.json"
    status, out, err = run(["analyze", str(old_mac), "--json", str(out_json)], capsys)
    assert status == 0, err
    assert "headline: Harbour chaos" in out
    assert json.loads(out_json.read_text(encoding="utf-8"))["text"] == ARTICLE.replace("\n", "\r")
    prose = tmp_path / "prose.txt"  # a first line that is a sentence is no headline
    prose.write_bytes(b"The rabble stormed the harbour office on Monday.\rIt was loud.\r")
    status, out, _ = run(["analyze", str(prose)], capsys)
    assert status == 0 and "headline: The rabble" not in out


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_upload_is_decoded(tmp_path: Path, capsys: pytest.CaptureFixture,
                                 encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    status, out, err = run(["analyze", str(path)], capsys)
    assert status == 0, err
    assert "headline: Harbour chaos" in out


def test_broken_utf16_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "broken16.txt"
    path.write_bytes(b"\xff\xfe" + "Harbour".encode("utf-16-le") + b"\x00\xd8")
    status, _, err = run(["analyze", str(path)], capsys)
    assert_one_line_error(status, err, "broken16.txt", "UTF-16")


def test_group_term_with_broken_bytes_is_named(files: dict[str, Path],
                                               capsys: pytest.CaptureFixture) -> None:
    broken = b"Pell\xe9ni".decode("utf-8", "surrogateescape")  # how argv carries Latin-1
    status, _, err = run(["analyze", str(files["article"]), "--group", broken], capsys)
    assert_one_line_error(status, err, "--group", "not UTF-8")


def test_evaluate_errors_name_the_article(tmp_path: Path, capsys: pytest.CaptureFixture,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import nlp

    corpus = tmp_path / "corpus"
    shutil.copytree(PTC_EVAL / "articles", corpus)
    monkeypatch.setattr(nlp, "MAX_CHARS", 20)
    status, _, err = run(["evaluate", str(corpus), str(PTC_EVAL / "labels.tsv"), "--quiet"],
                         capsys)
    assert_one_line_error(status, err, "article101.txt", "the limit is 20")


def test_course_command_copies_and_keeps_existing_work(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "my course"
    status, out, err = run(["course", str(target)], capsys)
    assert status == 0, err
    assert (target / "notebooks" / "00_start_here.ipynb").is_file()
    assert (target / "exercises" / "02_framing.ipynb").is_file()
    mine = target / "notebooks" / "02_framing.ipynb"
    mine.write_text("my work", encoding="utf-8")
    status, out, _ = run(["course", str(target)], capsys)
    assert status == 0 and "already there, kept" in out
    assert mine.read_text(encoding="utf-8") == "my work"
    status, _, _ = run(["course", str(target), "--force"], capsys)
    assert mine.read_text(encoding="utf-8") != "my work"
    status, _, err = run(["course", str(mine)], capsys)
    assert_one_line_error(status, err, "is a file, not a folder")


def test_doctor_reports_each_check_and_how_to_fix(
        capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from propaganda_lab import doctor

    status, out, _ = run(["doctor"], capsys)
    assert "spaCy model" in out and "widget frontend" in out and "python" in out
    assert status == (0 if "All checks passed." in out else 1)
    real_version = doctor._version
    monkeypatch.setattr(doctor, "_version", lambda name: None if name in (
        "en_core_web_sm", "jupyterlab_widgets") else real_version(name))
    status, out, _ = run(["doctor"], capsys)
    assert status == 1
    assert "FIX  spaCy model: en_core_web_sm is not installed" in out
    assert "fix: pip install https://" in out
    assert "FIX  widget frontend" in out and "restart" in out


# --------------------------------------------------------------------------- issue 28, item 8


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_an_unwritable_output_is_refused_before_the_analysis(
        files: dict[str, Path], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, where: str) -> None:
    import propaganda_lab.analysis

    def no_analysis(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the analysis ran before the output path was checked")

    monkeypatch.setattr(propaganda_lab.analysis, "analyze", no_analysis)
    target = tmp_path / "nowhere" / "r.html" if where == "missing folder" else tmp_path
    status, _, err = run(["analyze", str(files["article"]), "--html", str(target)], capsys)
    assert_one_line_error(status, err, "--html", "cannot write the HTML report",
                          "does not exist" if where == "missing folder" else "is a folder")


@pytest.mark.parametrize("name", ["", "   "])
def test_course_with_an_empty_folder_name_copies_nothing(
        name: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(["course", name], capsys)
    assert_one_line_error(status, err, "folder name is empty")
    assert list(tmp_path.iterdir()) == []  # not copied into the current folder
