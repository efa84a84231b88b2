"""The ``propaganda-lab`` command: analyse an article, or measure the detectors on a corpus.

``propaganda-lab analyze ARTICLE.txt --source WIRE.txt --html report.html`` prints a summary
and writes a hand-out; ``propaganda-lab evaluate ARTICLES_DIR LABELS.tsv`` scores the detectors
on a corpus in the SemEval-2020 Task 11 (PTC) format, so anyone holding the real corpus can
check how well (or badly) the rules transfer; ``propaganda-lab course DIR`` copies the course
notebooks into a folder and ``propaganda-lab doctor`` checks the environment. Input problems
(missing, unreadable, non-regular, empty, too long or undecodable files) end with one line on
stderr and exit status 1, never a traceback; so do a missing model, Ctrl-C and a closed pipe.
Text printed to the terminal has control characters shown as escapes, never obeyed.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from propaganda_lab import __version__, nlp
from propaganda_lab.cleaning import clean_text, issues_note
from propaganda_lab.corpus import PTCFormatError, read_ptc
from propaganda_lab.course import CourseError, copy_course
from propaganda_lab.doctor import run_checks
from propaganda_lab.metrics import span_scores
from propaganda_lab.nlp import ModelNotInstalledError
from propaganda_lab.techniques import id_to_ptc_label, ptc_label_sets, technique_ids

if TYPE_CHECKING:
    from propaganda_lab.metrics import Scores

PROG = "propaganda-lab"
#: Label sets ``evaluate`` can score in (see ``choose_label_set``).
LABEL_SETS = ("auto", "merged", "fine")

Span = tuple[str, int, int]


#: Default limit of ``analyze``, in characters of the article and its sources together. Peak
#: memory of a full analysis with its HTML and JSON reports, in a fresh process (VmHWM):
#: 0.52 GB at 200,000 characters of the costliest shape (a bullet list of quotes), 0.38 GB of
#: prose; ``--max-chars`` raises it up to the lenses' own limit (``propaganda_lab.MAX_CHARS``,
#: 400,000: 0.85 GB). Both fit a 1 GB Binder session (benchmarks/RESULTS.md).
DEFAULT_MAX_CHARS = 200_000
#: UTF-8 needs at most 4 bytes a character: a file larger than this cannot be within the limit.
_BYTES_PER_CHAR = 4
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: C0/C1 control characters (but tab and newline) and bidirectional overrides: printed as
#: ``\x1b``-style escapes so an article cannot move the cursor, recolour or retitle a terminal.
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class CliError(Exception):
    """A problem the user can fix (a bad path, an empty file): printed as one line."""


def terminal_safe(text: str) -> str:
    """``text`` with control and bidi-override characters shown as escapes, not obeyed."""
    return _UNSAFE_FOR_TERMINAL.sub(lambda match: match.group().encode("unicode_escape")
                                    .decode("ascii"), text)


# --------------------------------------------------------------------------- reading files


def _looks_like_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 text (mostly ASCII: every other byte NUL)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _read_bytes(path: str, what: str, max_chars: int) -> tuple[bytes, str]:
    """The raw bytes of a regular file or standard input (``-``), size checked first.

    Reads at most the most bytes ``max_chars`` characters can take plus one, so ``/dev/zero``
    or a huge file costs nothing; non-regular files (a named pipe, a device) are refused
    before they are opened, so the command never blocks on them.
    """
    limit = max_chars * _BYTES_PER_CHAR + len(_BOMS[0][0])
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        name = "standard input"
    else:
        if not path:
            raise CliError(f"{what}: the file name is empty")
        name = path
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise CliError(f"{what} {path}: no such file") from None
        except OSError as error:
            raise CliError(f"{what} {path}: cannot read it ({error.strerror or error})") from None
        if stat.S_ISDIR(info.st_mode):
            raise CliError(f"{what} {path}: is a folder, not a text file")
        if not stat.S_ISREG(info.st_mode):
            raise CliError(f"{what} {path}: not a regular file (a pipe or device?); "
                           "save the text to a file, or pipe it in as '-'")
        if info.st_size > limit:
            raise CliError(f"{what} {path}: {info.st_size:,} bytes, more than the limit of "
                           f"{max_chars:,} characters can take (--max-chars raises it)")
        try:
            with Path(path).open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise CliError(f"{what} {path}: cannot read it ({error.strerror or error})") from None
    if len(data) > limit:
        raise CliError(f"{what} {name}: more than the limit of {max_chars:,} characters "
                       "(--max-chars raises it)")
    return data, name


def decode_text(data: bytes, name: str, what: str = "file") -> str:
    """Bytes -> text exactly (no newline translation), as the corpus reader decodes them.

    A UTF-8 BOM is kept as the character U+FEFF, like ``read_ptc`` keeps it, so offsets in
    both count it; UTF-16 (with a BOM, or mostly-ASCII without one) is recognised and decoded.
    """
    encoding = next((codec for bom, codec in _BOMS[1:] if data.startswith(bom)), None)
    encoding = encoding or _looks_like_utf16(data) or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            raise CliError(f"{what} {name}: looks like UTF-16 but does not decode "
                           f"({error.reason}); save it as UTF-8") from None
        raise CliError(f"{what} {name}: not UTF-8 text (byte {data[error.start]:#04x} "
                       f"at position {error.start}); save it as UTF-8") from None
    if "\x00" in text:
        raise CliError(f"{what} {name}: looks like a binary file, not text")
    return text


def read_text(path: str | Path, what: str = "file", max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Read a text file (or ``-``: standard input) exactly, so offsets stay valid.

    Raises CliError with a one-line reason for a missing, unreadable, non-regular, binary,
    undecodable, empty or too long file.
    """
    data, name = _read_bytes(str(path), what, max_chars)
    text = decode_text(data, name, what)
    if not text.strip("\ufeff \t\r\n"):
        raise CliError(f"{what} {name}: is empty")
    if len(text) > max_chars:
        raise CliError(f"{what} {name}: {len(text):,} characters; the limit is {max_chars:,} "
                       "(split it into parts, or raise it with --max-chars)")
    return text


def write_text(path: str | Path, content: str, what: str) -> None:
    """Write UTF-8 output, turning any OS error into a one-line CliError."""
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    except OSError as error:
        raise CliError(f"cannot write the {what} to {path}: {error.strerror or error}") from None


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.abspath(first) == os.path.abspath(second)


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse an empty output name, an output that would overwrite an input, and one that
    cannot be written (no such folder, a folder, no permission): all before the analysis,
    which can take minutes, rather than after it."""
    inputs = [args.article, *(args.source or [])]
    for option, target in (("--html", args.html), ("--json", args.json)):
        if target is None:
            continue
        if not target.strip():
            raise CliError(f"{option}: the file name is empty")
        for given in inputs:
            if given != "-" and _same_file(target, given):
                raise CliError(f"{option} {target}: is an input file; "
                               "choose another name so it is not overwritten")
        _check_writable(option, Path(target))
    if args.html and args.json and _same_file(args.html, args.json):
        raise CliError("--html and --json name the same file")


def _check_writable(option: str, target: Path) -> None:
    what = f"{option} {target}: cannot write the {option.removeprefix('--').upper()} report"
    folder = target.parent
    if target.is_dir():
        raise CliError(f"{what}: it is a folder; give a file name")
    if not folder.is_dir():
        raise CliError(f"{what}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise CliError(f"{what}: permission denied")


def _cr_only_headline(text: str) -> str | None:
    """The headline of a file with old Mac line ends (``\r`` only), which the lenses,
    reading ``\n`` lines, would not see; offsets are unchanged."""
    if "\n" in text or "\r" not in text:
        return None
    from propaganda_lab.analysis import looks_like_headline  # deferred: loads spaCy

    if not looks_like_headline(text.replace("\r", "\n")):
        return None
    return text.lstrip("\ufeff").split("\r", 1)[0].strip() or None


def _group_terms(terms: Sequence[str] | None) -> list[str] | None:
    """``--group`` terms; one with a broken character (bytes that are not UTF-8) is named."""
    for term in terms or []:
        try:
            term.encode("utf-8")
        except UnicodeEncodeError:
            shown = term.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            raise CliError(f"--group {shown}: contains bytes that are not UTF-8 text") from None
    return list(terms) if terms else None


# --------------------------------------------------------------------------- analyze


def run_analyze(args: argparse.Namespace) -> int:
    from propaganda_lab.analysis import analyze  # deferred: loads spaCy (--help stays instant)

    if not 1 <= args.max_chars <= nlp.MAX_CHARS:
        raise CliError(f"--max-chars must be between 1 and {nlp.MAX_CHARS:,}")
    check_outputs(args)
    if [args.article, *(args.source or [])].count("-") > 1:
        raise CliError("standard input ('-') can be read only once")
    groups = _group_terms(args.group)
    article = read_text(args.article, "article", args.max_chars)
    sources = [read_text(path, "source", args.max_chars) for path in args.source or []]
    total = len(article) + sum(len(source) for source in sources)
    if total > args.max_chars:
        raise CliError(f"the article and its sources have {total:,} characters together; the "
                       f"limit is {args.max_chars:,} (--max-chars raises it, up to "
                       f"{nlp.MAX_CHARS:,})")
    headline = args.headline if args.headline is not None else _cr_only_headline(article)
    if args.clean:
        article, sources, headline = _cleaned(article, sources, headline)
    report = analyze(article, source=sources or None, headline=headline, group_terms=groups)
    if report.text_issues:
        print(terminal_safe(issues_note(report.text_issues, cleaned=False)), file=sys.stderr)
    print(terminal_safe(report.describe(include_weak=args.all)))
    if args.findings:
        print(terminal_safe(findings_listing(report.findings if args.all else report.shown)))
    if args.html:
        write_text(args.html, report.to_html(include_weak=args.all), "HTML report")
        print(terminal_safe(f"Wrote {args.html}"))
    if args.json:
        write_text(args.json, report.to_json(), "JSON report")
        print(terminal_safe(f"Wrote {args.json}"))
    return 0


def _cleaned(article: str, sources: list[str],
             headline: str | None) -> tuple[str, list[str], str | None]:
    """``--clean``: the texts without characters that hide words, and a line saying so (the
    JSON offsets then index the cleaned text, which the report's "text" field holds)."""
    parts = [clean_text(text) for text in (article, *sources, headline or "")]
    issues = [issue for part in parts for issue in part.issues]
    if issues:
        print(terminal_safe(issues_note(issues, cleaned=True)), file=sys.stderr)
    texts = [part.text for part in parts]
    return texts[0], texts[1:-1], (texts[-1] if headline is not None else None)


def findings_listing(findings: Sequence[Any]) -> str:
    """One line per finding: where, which technique, the words and the reason."""
    lines = ["Findings:"]
    for finding in findings:
        words = " ".join(finding.text.split())
        words = words if len(words) <= 70 else words[:67] + "..."
        weak = " (weak cue)" if finding.weak else ""
        lines.append(f"  {finding.start}-{finding.end} [{finding.lens}] {finding.technique}"
                     f"{weak}: \"{words}\" - {finding.evidence}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- evaluate


def choose_label_set(gold_labels: set[str], requested: str = "auto") -> str:
    """``merged`` or ``fine``: which PTC label inventory the gold file uses.

    The SemEval-2020 Task 11 label files use 14 classes, three of them merged
    ("Bandwagon,Reductio_ad_hitlerum", "Whataboutism,Straw_Men,Red_Herring") and without
    "Obfuscation,Intentional_Vagueness,Confusion"; the original PTC release uses all 18.
    ``auto`` picks ``fine`` only if the gold file holds a label that exists only in the
    18-label set, and ``merged`` otherwise (the format the issue names, and the default).
    """
    if requested != "auto":
        return requested
    merged, dropped = ptc_label_sets()
    fine_only = set(dropped)
    for parts in merged.values():
        fine_only.update(parts)
    if gold_labels & set(merged):
        return "merged"
    return "fine" if gold_labels & fine_only else "merged"


def to_ptc_spans(spans: Sequence[Span], merged: bool) -> list[Span]:
    """Our technique ids -> PTC labels via the catalogue; ids without a label are dropped."""
    mapped = []
    for technique, start, end in spans:
        label = id_to_ptc_label(technique, merged=merged)
        if label is not None:
            mapped.append((label, start, end))
    return mapped


def predict_ids(texts: list[str], progress: bool) -> list[list[Span]]:
    """Our detectors' spans (technique ids) for each text: ``analyze_many`` over the corpus."""
    from propaganda_lab.analysis import analyze_many  # deferred: loads spaCy

    return [report.to_spans() for report in analyze_many(texts, progress=progress)]


def producible_labels(merged: bool) -> set[str]:
    """The PTC labels some technique of ours maps to (the rest can only be missed)."""
    labels = {id_to_ptc_label(t, merged=merged) for t in technique_ids()}
    return {label for label in labels if label is not None}


def check_articles(articles: dict[str, tuple[str, list[Span]]]) -> None:
    """Refuse, naming the article, any text the lenses would refuse in the middle of a run."""

    for article_id, (text, _) in articles.items():
        name = f"article{article_id}.txt"
        if len(text) > nlp.MAX_CHARS:
            raise CliError(f"{name}: {len(text):,} characters; the limit is {nlp.MAX_CHARS:,}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise CliError(f"{name}: a broken character at position {error.start}") from None


def evaluate_corpus(articles: dict[str, tuple[str, list[Span]]], label_set: str = "auto",
                    predict: Callable[[list[str], bool], list[list[Span]]] | None = None,
                    progress: bool = False) -> tuple[Scores, Scores, str]:
    """Score the detectors on PTC articles: (scores with techniques, span-only scores, set)."""
    check_articles(articles)
    gold = {article_id: spans for article_id, (_, spans) in articles.items()}
    chosen = choose_label_set({span[0] for spans in gold.values() for span in spans}, label_set)
    ids = list(articles)
    predictions = (predict or predict_ids)([articles[i][0] for i in ids], progress)
    predicted = {article_id: to_ptc_spans(spans, chosen == "merged")
                 for article_id, spans in zip(ids, predictions, strict=True)}
    return (span_scores(predicted, gold), span_scores(predicted, gold, labels=False), chosen)


def scores_table(scores: Scores, span_only: Scores) -> str:
    """Per-technique and micro-averaged precision, recall and F1 as aligned text."""
    names = [*scores.per_technique, "micro-average", "spans only (any technique)"]
    width = max(len(name) for name in names)
    header = f"{'technique':<{width}}  {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}"
    lines = [header, "-" * len(header)]

    def row(name: str, s: Scores) -> str:
        return (f"{name:<{width}}  {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.n_predicted:5d} {s.n_gold:5d}")

    lines += [row(name, s) for name, s in scores.per_technique.items()]
    lines += ["-" * len(header), row("micro-average", scores),
              row("spans only (any technique)", span_only)]
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    directory, labels = Path(args.articles_dir), Path(args.labels)
    if not directory.is_dir():
        raise CliError(f"articles folder {directory}: "
                       + ("is a file, not a folder" if directory.exists() else "no such folder"))
    if not labels.exists():
        raise CliError(f"labels file {labels}: no such file")
    try:
        articles = read_ptc(directory, labels)
    except PTCFormatError as error:
        raise CliError(str(error).splitlines()[0]) from None
    except OSError as error:
        raise CliError(f"cannot read the corpus: {error.strerror or error}") from None
    if not articles:
        raise CliError(f"articles folder {directory}: no article<ID>.txt files in it")
    scores, span_only, chosen = evaluate_corpus(articles, args.label_set,
                                                progress=not args.quiet)
    gold_labels = {span[0] for _, spans in articles.values() for span in spans}
    print(f"{len(articles)} articles, {scores.n_gold} gold spans, "
          f"{scores.n_predicted} predicted spans; label set: {chosen} "
          f"({'14 SemEval-2020 classes' if chosen == 'merged' else '18 PTC labels'})")
    print(scores_table(scores, span_only))
    missing = sorted(gold_labels - producible_labels(chosen == "merged"))
    if missing:
        print("Gold labels with no counterpart in our catalogue (recall 0 by design): "
              + ", ".join(missing))
    return 0


# --------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Take propaganda apart: framing, selective quoting and "
        "dehumanizing language, with a reason for every finding.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="analyse one article (all three lenses)",
                                  description="Analyse one article with all three lenses. "
                                  "Offsets (--findings, --json) count characters of the file "
                                  "as read, a UTF-8 BOM included, like read_ptc.")
    analyze.add_argument("article", metavar="ARTICLE.txt",
                         help="the article (UTF-8 or UTF-16 text; '-' reads standard input)")
    analyze.add_argument("--source", action="append", metavar="FILE",
                         help="a source the article quotes (repeat for several)")
    analyze.add_argument("--headline", metavar="TEXT",
                         help="the headline, if it is not the article's first line; unless the "
                         "article already starts with it, it is put in front as "
                         "'HEADLINE\\n\\n', so offsets then count from the headline")
    analyze.add_argument("--group", action="append", metavar="TERM",
                         help="a name of the group to profile (repeat for several)")
    analyze.add_argument("--html", metavar="OUT.html", help="write a self-contained HTML report")
    analyze.add_argument("--json", metavar="OUT.json", help="write the report as JSON")
    analyze.add_argument("--all", action="store_true",
                         help="also show weak cues (findings whose confidence, measured on "
                              "blind-judged real text, is below the default threshold)")
    analyze.add_argument("--findings", action="store_true",
                         help="also list every finding with its reason")
    analyze.add_argument("--clean", action="store_true",
                         help="remove invisible characters (zero-width spaces, soft hyphens), "
                              "direction overrides and look-alike letters before analysing; "
                              "offsets then index the cleaned text")
    analyze.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                         help=f"longest article plus sources, in characters (default "
                         f"{DEFAULT_MAX_CHARS:,}, about 0.5 GB of memory at most)")
    analyze.set_defaults(run=run_analyze)

    evaluate = commands.add_parser(
        "evaluate", help="score the detectors on a SemEval-2020 Task 11 (PTC) corpus",
        description="Score the detectors on articles in PTC format (article<ID>.txt files and "
        "a labels file ID<TAB>technique<TAB>start<TAB>end) with the SemEval-2020 span metric.")
    evaluate.add_argument("articles_dir", metavar="ARTICLES_DIR")
    evaluate.add_argument("labels", metavar="LABELS.tsv",
                          help="labels file, or a folder of article<ID>...labels files")
    evaluate.add_argument("--label-set", choices=LABEL_SETS, default="auto",
                          help="PTC labels to score in: 14 merged SemEval-2020 classes, the 18 "
                          "fine labels, or auto (detected from the gold file; default)")
    evaluate.add_argument("--quiet", action="store_true", help="no progress line")
    evaluate.set_defaults(run=run_evaluate)

    course = commands.add_parser(
        "course", help="copy the course notebooks and exercises into a folder",
        description="Copy the notebooks and exercises shipped with the package into DIR "
        "(created if needed; existing files are kept unless --force).")
    course.add_argument("directory", metavar="DIR")
    course.add_argument("--force", action="store_true", help="overwrite files already there")
    course.set_defaults(run=run_course)

    doctor = commands.add_parser(
        "doctor", help="check the model, package versions and widget frontend",
        description="Check that this environment can run the course; say how to fix each "
        "problem. Exit status 1 if something must be fixed.")
    doctor.set_defaults(run=run_doctor)
    return parser


def run_course(args: argparse.Namespace) -> int:
    if not args.directory.strip():
        raise CliError("course: the folder name is empty (give one, e.g. "
                       "`propaganda-lab course my-course`)")
    try:
        copied, kept = copy_course(args.directory, overwrite=args.force)
    except CourseError as error:
        raise CliError(str(error)) from None
    print(terminal_safe(f"Copied {len(copied)} notebooks into {args.directory}"
                        + (f" ({len(kept)} already there, kept; --force replaces them)"
                           if kept else "")))
    start = Path(args.directory) / "notebooks" / "00_start_here.ipynb"
    print(terminal_safe(f"Start with: jupyter lab {start}"))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    checks = run_checks()
    for check in checks:
        print(terminal_safe(check.line()))
    failed = [check for check in checks if not check.ok]
    print("All checks passed." if not failed else f"{len(failed)} problem(s) to fix.")
    return 1 if failed else 0


def _quiet_closed_pipe() -> None:
    """After a closed pipe (``| head``): send further output to /dev/null, no traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (0 ok, 1 input problem, 2 usage error,
    130 interrupted, 141 output pipe closed)."""
    try:
        args = build_parser().parse_args(argv)
        status = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        return status
    except CliError as error:
        print(f"{PROG}: error: {terminal_safe(str(error))}", file=sys.stderr)
        return 1
    except ModelNotInstalledError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except (ValueError, TypeError) as error:  # e.g. a text the lenses refuse, said plainly
        print(f"{PROG}: error: {terminal_safe(str(error).splitlines()[0])}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_closed_pipe()
        return 141
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
