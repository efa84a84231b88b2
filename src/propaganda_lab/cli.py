"""The ``propaganda-lab`` command: analyse an article, or measure the detectors on a corpus.

``propaganda-lab analyze ARTICLE.txt --source WIRE.txt --html report.html`` prints a summary
and writes a hand-out; ``propaganda-lab evaluate ARTICLES_DIR LABELS.tsv`` scores the detectors
on a corpus in the SemEval-2020 Task 11 (PTC) format, so anyone holding the real corpus can
check how well (or badly) the rules transfer. Input problems (missing, unreadable, empty or
non-UTF-8 files) end with one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from propaganda_lab.metrics import Scores

PROG = "propaganda-lab"
#: Label sets ``evaluate`` can score in (see ``choose_label_set``).
LABEL_SETS = ("auto", "merged", "fine")

Span = tuple[str, int, int]


class CliError(Exception):
    """A problem the user can fix (a bad path, an empty file): printed as one line."""


# --------------------------------------------------------------------------- reading files


def read_text(path: str | Path, what: str = "file") -> str:
    """Read a UTF-8 text file exactly (no newline translation, so offsets stay valid).

    Raises CliError with a one-line reason for a missing, unreadable, binary, non-UTF-8,
    empty or too long file.
    """
    from propaganda_lab.nlp import MAX_CHARS

    file = Path(path)
    if not file.exists():
        raise CliError(f"{what} {file}: no such file")
    if file.is_dir():
        raise CliError(f"{what} {file}: is a folder, not a text file")
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise CliError(f"{what} {file}: not UTF-8 text (byte {error.object[error.start]:#04x} "
                       f"at position {error.start}); save it as UTF-8") from None
    except OSError as error:
        raise CliError(f"{what} {file}: cannot read it ({error.strerror or error})") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise CliError(f"{what} {file}: looks like a binary file, not text")
    if not text.strip():
        raise CliError(f"{what} {file}: is empty")
    if len(text) > MAX_CHARS:
        raise CliError(f"{what} {file}: {len(text):,} characters; the limit is {MAX_CHARS:,} "
                       "(split it into parts)")
    return text


def write_text(path: str | Path, content: str, what: str) -> None:
    """Write UTF-8 output, turning any OS error into a one-line CliError."""
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    except OSError as error:
        raise CliError(f"cannot write the {what} to {path}: {error.strerror or error}") from None


# --------------------------------------------------------------------------- analyze


def run_analyze(args: argparse.Namespace) -> int:
    from propaganda_lab.analysis import analyze

    article = read_text(args.article, "article")
    sources = [read_text(path, "source") for path in args.source or []]
    report = analyze(article, source=sources or None, headline=args.headline,
                     group_terms=args.group or None)
    print(report.describe(include_weak=args.all))
    if args.findings:
        print(findings_listing(report.findings if args.all else report.shown))
    if args.html:
        write_text(args.html, report.to_html(include_weak=args.all), "HTML report")
        print(f"Wrote {args.html}")
    if args.json:
        write_text(args.json, report.to_json(), "JSON report")
        print(f"Wrote {args.json}")
    return 0


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
    from propaganda_lab.techniques import ptc_label_sets

    merged, dropped = ptc_label_sets()
    fine_only = set(dropped)
    for parts in merged.values():
        fine_only.update(parts)
    if gold_labels & set(merged):
        return "merged"
    return "fine" if gold_labels & fine_only else "merged"


def to_ptc_spans(spans: Sequence[Span], merged: bool) -> list[Span]:
    """Our technique ids -> PTC labels via the catalogue; ids without a label are dropped."""
    from propaganda_lab.techniques import id_to_ptc_label

    mapped = []
    for technique, start, end in spans:
        label = id_to_ptc_label(technique, merged=merged)
        if label is not None:
            mapped.append((label, start, end))
    return mapped


def predict_ids(texts: list[str], progress: bool) -> list[list[Span]]:
    """Our detectors' spans (technique ids) for each text: ``analyze_many`` over the corpus."""
    from propaganda_lab.analysis import analyze_many

    return [report.to_spans() for report in analyze_many(texts, progress=progress)]


def producible_labels(merged: bool) -> set[str]:
    """The PTC labels some technique of ours maps to (the rest can only be missed)."""
    from propaganda_lab.techniques import id_to_ptc_label, technique_ids

    labels = {id_to_ptc_label(t, merged=merged) for t in technique_ids()}
    return {label for label in labels if label is not None}


def evaluate_corpus(articles: dict[str, tuple[str, list[Span]]], label_set: str = "auto",
                    predict: Callable[[list[str], bool], list[list[Span]]] | None = None,
                    progress: bool = False) -> tuple[Scores, Scores, str]:
    """Score the detectors on PTC articles: (scores with techniques, span-only scores, set)."""
    from propaganda_lab.metrics import span_scores

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
    from propaganda_lab.corpus import PTCFormatError, read_ptc

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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="analyse one article (all three lenses)",
                                  description="Analyse one UTF-8 article with all three lenses.")
    analyze.add_argument("article", metavar="ARTICLE.txt", help="the article (UTF-8 text)")
    analyze.add_argument("--source", action="append", metavar="FILE",
                         help="a source the article quotes (repeat for several)")
    analyze.add_argument("--headline", metavar="TEXT",
                         help="the headline, if it is not the article's first line")
    analyze.add_argument("--group", action="append", metavar="TERM",
                         help="a name of the group to profile (repeat for several)")
    analyze.add_argument("--html", metavar="OUT.html", help="write a self-contained HTML report")
    analyze.add_argument("--json", metavar="OUT.json", help="write the report as JSON")
    analyze.add_argument("--all", action="store_true",
                         help="also show weak cues (rules measured right less than the "
                              "default threshold on real text, or not measured)")
    analyze.add_argument("--findings", action="store_true",
                         help="also list every finding with its reason")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (0 ok, 1 input problem, 2 usage error)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CliError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except (ValueError, TypeError) as error:  # e.g. a text the lenses refuse, said plainly
        print(f"{PROG}: error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
