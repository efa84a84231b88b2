"""The dehumanization lens on real hate speech: how often it flags, where, and on what words.

Issue 26, item 3. Dehumanizing language barely occurs in news or in the PTC articles, so the
lens is measured on a folder of real hate speech (``hate-dev/``, see its README: for measuring
only, never copied into the project):

* ``stormfront.jsonl``: forum sentences labelled ``hate`` / ``noHate`` (de Gibert et al.,
  2018). Sentences are analysed *in their post* (joined in order), so 'they' can find its
  group, and each flag is counted for the sentence that holds most of its characters. For the
  lens and for every rule: the share of ``hate`` and of ``noHate`` sentences flagged, over all
  findings and over the findings shown by default. ``noHate`` sentences about a group are the
  best place to find false alarms; a ``hate`` sentence without a flag is not automatically a
  miss (hate is broader than dehumanization).
* ``hatexplain.jsonl``: Gab and Twitter posts (Mathew et al., 2021), lower-cased tokens
  without punctuation, with the label of 2 of 3 annotators and the tokens they marked as the
  reason (``rationale_tokens``). For the lens and every rule: the share of posts flagged per
  label (hatespeech / offensive / normal), and, on the posts with a rationale, how often a
  flag falls on a marked word. The rationale is aligned to the post's tokens in order (it is a
  subsequence of them; when it is not, any token with a marked form counts). For scale the
  table also gives the share of all tokens of those posts that are marked (what a flag placed
  at random would hit).

Nothing here reads a judgment or fits anything: blind hand-judged precision comes from the
judging pipeline of ``benchmarks/real_text.py``. ``--sample-for-reading N`` writes a seeded
sample of flags with their context to a scratch file *outside* the repository, for
development reading only.

Run alone (writes a Markdown section)::

    python benchmarks/hate_text.py --hate ../shared/data/hate-dev --output /tmp/hate.md

or as part of the real-text report: ``python benchmarks/real_text.py --hate ... --ptc ...``.
``--write-summary src/propaganda_lab/data/real_text_dehumanization.json`` writes the aggregate
figures the course quotes (``propaganda_lab.dehumanization.real_text``).
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
LENS = "dehumanization"
FORUM_LABELS = ("hate", "noHate")
POST_LABELS = ("hatespeech", "offensive", "normal")
#: Rows for rules that never fire on the data are left out of the tables.
Parse = Callable[[Sequence[str], int, Path], list[Any]]


# --------------------------------------------------------------------------- data model


@dataclass
class Item:
    """One labelled unit: a forum sentence or a HateXplain post, by its place in a document."""

    item_id: str
    label: str
    start: int
    end: int
    #: HateXplain: (start, end, marked) of every whitespace token of the post.
    tokens: list[tuple[int, int, bool]] = field(default_factory=list)


@dataclass
class HateDoc:
    """One analysed text: a forum post (its sentences in order) or one HateXplain post."""

    corpus: str
    doc_id: str
    text: str
    items: list[Item]


@dataclass(frozen=True)
class HateFlag:
    """One dehumanization-lens finding, with the item (sentence or post) it is counted for."""

    corpus: str
    doc_id: str
    item_id: str
    label: str
    start: int
    end: int
    rule: str
    technique: str
    detector: str
    shown: bool


@dataclass
class HateRun:
    documents: dict[str, list[HateDoc]]
    flags: list[HateFlag]


# --------------------------------------------------------------------------- reading


def _sentence_order(row: dict[str, Any]) -> tuple[int, str]:
    suffix = str(row.get("id", "")).rpartition("_")[2]
    return (int(suffix) if suffix.isdigit() else 0, str(row.get("id", "")))


def read_forum(path: Path) -> list[HateDoc]:
    """Forum sentences grouped by post, in order; each sentence one labelled item."""
    posts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                posts[str(row.get("post", row["id"]))].append(row)
    documents = []
    for post, rows in posts.items():
        pieces, items, offset = [], [], 0
        for row in sorted(rows, key=_sentence_order):
            sentence = " ".join(str(row["text"]).split())
            if not sentence:
                continue
            items.append(Item(str(row["id"]), str(row["label"]), offset, offset + len(sentence)))
            pieces.append(sentence)
            offset += len(sentence) + 1
        if items:
            documents.append(HateDoc("forum", post, " ".join(pieces), items))
    return documents


def rationale_marks(tokens: Sequence[str], rationale: Sequence[str]) -> list[bool]:
    """Which tokens the annotators marked: the rationale aligned to the tokens in order (it is
    a subsequence of them); if it is not, every token whose form was marked counts."""
    marks = [False] * len(tokens)
    position = 0
    for word in rationale:
        while position < len(tokens) and tokens[position] != word:
            position += 1
        if position == len(tokens):
            forms = set(rationale)
            return [token in forms for token in tokens]
        marks[position] = True
        position += 1
    return marks


def read_posts(path: Path) -> list[HateDoc]:
    """HateXplain posts, each one document and one item with its tokens' rationale marks."""
    documents = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            words = str(row["text"]).split()
            text = " ".join(words)
            marks = rationale_marks(words, row.get("rationale_tokens") or [])
            tokens, offset = [], 0
            for word, marked in zip(words, marks, strict=True):
                tokens.append((offset, offset + len(word), marked))
                offset += len(word) + 1
            if text:
                documents.append(HateDoc("posts", str(row["id"]), text, [
                    Item(str(row["id"]), str(row["majority"]), 0, len(text), tokens)]))
    return documents


def read_hate_folder(folder: Path) -> dict[str, list[HateDoc]]:
    """Both files of a ``hate-dev``-style folder (either may be missing)."""
    documents: dict[str, list[HateDoc]] = {}
    if (folder / "stormfront.jsonl").is_file():
        documents["forum"] = read_forum(folder / "stormfront.jsonl")
    if (folder / "hatexplain.jsonl").is_file():
        documents["posts"] = read_posts(folder / "hatexplain.jsonl")
    if not documents:
        raise SystemExit(f"{folder}: no stormfront.jsonl or hatexplain.jsonl")
    return documents


# --------------------------------------------------------------------------- analysing


def _item_of(document: HateDoc, start: int, end: int) -> Item:
    """The item holding most of a flag's characters (a flag may cross a sentence edge)."""
    return max(document.items,
               key=lambda item: (min(end, item.end) - max(start, item.start), -item.start))


def analyse(documents: Sequence[HateDoc], n_process: int, cache: Path, parse: Parse
            ) -> list[HateFlag]:
    """Every dehumanization-lens finding on every document, with the item it counts for."""
    from propaganda_lab.analysis import analyze_many
    from propaganda_lab.pipeline import detectors

    detector_of = {rule: item.name for item in detectors() for rule in item.rules}
    docs = parse([d.text for d in documents], n_process, cache)
    reports = analyze_many(docs, progress=False)
    flags = []
    for document, report in zip(documents, reports, strict=True):
        for finding in report.findings:
            if finding.lens != LENS:
                continue
            item = _item_of(document, finding.start, finding.end)
            rule = finding.rule or f"{finding.technique}.?"
            flags.append(HateFlag(document.corpus, document.doc_id, item.item_id, item.label,
                                  finding.start, finding.end, rule, finding.technique,
                                  detector_of.get(rule, "?"), not finding.weak))
    return flags


def measure(folder: Path, n_process: int, cache: Path, parse: Parse | None = None) -> HateRun:
    """Read the folder and run the analysis (``parse``: how to get cached spaCy Docs)."""
    if parse is None:
        from real_text import parsed_docs  # the same DocBin cache as the real-text report

        parse = parsed_docs
    documents = read_hate_folder(folder)
    flags = []
    for corpus_documents in documents.values():
        flags += analyse(corpus_documents, n_process, cache, parse)
    return HateRun(documents, flags)


# --------------------------------------------------------------------------- figures


def _items(run: HateRun, corpus: str) -> list[Item]:
    return [item for document in run.documents.get(corpus, ()) for item in document.items]


def flagged_share(run: HateRun, corpus: str, labels: Sequence[str],
                  keep: Callable[[HateFlag], bool]) -> dict[str, tuple[int, int]]:
    """Per label: (items with at least one kept flag, items)."""
    totals: dict[str, int] = defaultdict(int)
    for item in _items(run, corpus):
        totals[item.label] += 1
    hit: dict[str, set[str]] = defaultdict(set)
    for flag in run.flags:
        if flag.corpus == corpus and keep(flag):
            hit[flag.label].add(flag.item_id)
    return {label: (len(hit[label]), totals[label]) for label in labels}


@dataclass(frozen=True)
class Overlap:
    """Flags on posts with a rationale: how many touch a marked token, and token shares."""

    flags: int
    on_rationale: int
    flagged_tokens: int
    marked_flagged_tokens: int

    @property
    def share(self) -> float | None:
        return self.on_rationale / self.flags if self.flags else None

    @property
    def token_share(self) -> float | None:
        return self.marked_flagged_tokens / self.flagged_tokens if self.flagged_tokens else None


def rationale_overlap(run: HateRun, keep: Callable[[HateFlag], bool]) -> Overlap:
    """How often a kept flag on a post with a rationale covers a word the annotators marked."""
    items = {item.item_id: item for item in _items(run, "posts")}
    flags = on = tokens = marked = 0
    for flag in run.flags:
        item = items.get(flag.item_id) if flag.corpus == "posts" else None
        if item is None or not any(m for _, _, m in item.tokens) or not keep(flag):
            continue
        covered = [m for s, e, m in item.tokens if s < flag.end and flag.start < e]
        flags += 1
        on += any(covered)
        tokens += len(covered)
        marked += sum(covered)
    return Overlap(flags, on, tokens, marked)


def chance_token_share(run: HateRun) -> float | None:
    """Share of all tokens of the posts with a rationale that are marked."""
    marks = [m for item in _items(run, "posts") if any(m for _, _, m in item.tokens)
             for _, _, m in item.tokens]
    return sum(marks) / len(marks) if marks else None


# --------------------------------------------------------------------------- the report


def _pct(pair: tuple[int, int]) -> str:
    hit, total = pair
    return f"{100 * hit / total:.1f}% ({hit})" if total else "–"


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|---|" + "|".join("---:" for _ in header[1:]) + "|"]
    return [*lines, *("| " + " | ".join(str(c) for c in row) + " |" for row in rows), ""]


def _row_keys(run: HateRun) -> list[tuple[str, Callable[[HateFlag], bool]]]:
    """The lens, then every detector, then every rule that fired (most frequent first)."""
    counts: dict[str, int] = defaultdict(int)
    detectors: dict[str, int] = defaultdict(int)
    for flag in run.flags:
        counts[flag.rule] += 1
        detectors[flag.detector] += 1
    rows: list[tuple[str, Callable[[HateFlag], bool]]] = [("**lens**", lambda f: True)]
    for name in sorted(detectors, key=lambda n: (-detectors[n], n)):
        rows.append((f"detector `{name}`", lambda f, n=name: f.detector == n))
    for rule in sorted(counts, key=lambda r: (-counts[r], r)):
        rows.append((f"`{rule}`", lambda f, r=rule: f.rule == r))
    return rows


def forum_rows(run: HateRun) -> list[list[str]]:
    rows = []
    for name, keep in _row_keys(run):
        every = flagged_share(run, "forum", FORUM_LABELS, keep)
        shown = flagged_share(run, "forum", FORUM_LABELS, lambda f, k=keep: k(f) and f.shown)
        if not every["hate"][0] and not every["noHate"][0]:
            continue
        rows.append([name, _pct(every["hate"]), _pct(every["noHate"]),
                     _pct(shown["hate"]), _pct(shown["noHate"])])
    return rows


def post_rows(run: HateRun) -> list[list[str]]:
    rows = []
    for name, keep in _row_keys(run):
        every = flagged_share(run, "posts", POST_LABELS, keep)
        if not any(hit for hit, _ in every.values()):
            continue
        shown = flagged_share(run, "posts", POST_LABELS, lambda f, k=keep: k(f) and f.shown)
        overlap = rationale_overlap(run, keep)
        rows.append([name, *(_pct(every[label]) for label in POST_LABELS),
                     *(_pct(shown[label]) for label in POST_LABELS),
                     "–" if overlap.share is None else
                     f"{overlap.share:.2f} ({overlap.on_rationale}/{overlap.flags})",
                     "–" if overlap.token_share is None else f"{overlap.token_share:.2f}"])
    return rows


def headline(run: HateRun) -> dict[str, Any]:
    """The lens's figures as data (for a caller that wants numbers, not Markdown)."""
    every = flagged_share(run, "forum", FORUM_LABELS, lambda f: True)
    shown = flagged_share(run, "forum", FORUM_LABELS, lambda f: f.shown)
    posts = flagged_share(run, "posts", POST_LABELS, lambda f: True)
    posts_shown = flagged_share(run, "posts", POST_LABELS, lambda f: f.shown)
    overlap = rationale_overlap(run, lambda f: True)

    def share(pair: tuple[int, int]) -> float | None:
        return pair[0] / pair[1] if pair[1] else None

    return {
        "forum_all": {label: share(pair) for label, pair in every.items()},
        "forum_shown": {label: share(pair) for label, pair in shown.items()},
        "posts_all": {label: share(pair) for label, pair in posts.items()},
        "posts_shown": {label: share(pair) for label, pair in posts_shown.items()},
        "rationale_share": overlap.share,
        "rationale_token_share": overlap.token_share,
        "chance_token_share": chance_token_share(run),
    }


def summary(run: HateRun, folder: str, command: str) -> dict[str, Any]:
    """Aggregate figures only (shares and counts, no text), for
    ``src/propaganda_lab/data/real_text_dehumanization.json``: what the notebooks and the app
    may say about how the lens does on real hate speech, with the corpora named and sized."""
    import datetime as dt

    def shares(counts: dict[str, tuple[int, int]]) -> dict[str, float | None]:
        return {label: (round(hit / total, 4) if total else None)
                for label, (hit, total) in counts.items()}

    def figures(keep: Callable[[HateFlag], bool]) -> dict[str, Any]:
        overlap = rationale_overlap(run, keep)
        return {
            "forum_all": shares(flagged_share(run, "forum", FORUM_LABELS, keep)),
            "forum_shown": shares(flagged_share(run, "forum", FORUM_LABELS,
                                                lambda f: keep(f) and f.shown)),
            "posts_all": shares(flagged_share(run, "posts", POST_LABELS, keep)),
            "posts_shown": shares(flagged_share(run, "posts", POST_LABELS,
                                                lambda f: keep(f) and f.shown)),
            "rationale_share": None if overlap.share is None else round(overlap.share, 4),
            "flags_on_posts_with_rationale": overlap.flags,
        }

    forum, posts = _items(run, "forum"), _items(run, "posts")
    detectors = sorted({f.detector for f in run.flags})
    chance = chance_token_share(run)
    return {
        "version": 1,
        "description": ("How the dehumanization lens does on real hate speech: shares of "
                        "labelled items flagged, measured by benchmarks/hate_text.py. Aggregate "
                        "figures only; the texts are never shipped. 'shown' counts findings "
                        "shown by default when the figures were written."),
        "date": dt.date.today().isoformat(),
        "command": command,
        "corpora": {
            "forum": {"name": f"{folder}/stormfront.jsonl: sentences from a white-supremacist "
                              "web forum (de Gibert et al., 2018), development half",
                      "items": len(forum),
                      "labels": {label: sum(i.label == label for i in forum)
                                 for label in FORUM_LABELS}},
            "posts": {"name": f"{folder}/hatexplain.jsonl: Gab and Twitter posts (HateXplain, "
                              "Mathew et al., 2021), validation split",
                      "items": len(posts),
                      "labels": {label: sum(i.label == label for i in posts)
                                 for label in POST_LABELS}},
        },
        "lens": {**figures(lambda f: True),
                 "chance_token_share": None if chance is None else round(chance, 4)},
        "detectors": {name: figures(lambda f, n=name: f.detector == n) for name in detectors},
    }


def render_section(run: HateRun, folder: str) -> str:
    """The Markdown section: sizes, the forum table, the posts table with rationale overlap."""
    forum, posts = _items(run, "forum"), _items(run, "posts")
    label_counts = {label: sum(item.label == label for item in forum + posts)
                    for label in FORUM_LABELS + POST_LABELS}
    chance = chance_token_share(run)
    lines = [
        "## Dehumanization lens on real hate speech",
        "",
        f"Folder `{folder}` (development data, never copied into the project): "
        f"{len(forum):,} forum sentences in {len(run.documents.get('forum', ())):,} posts "
        f"({label_counts['hate']} `hate`, {label_counts['noHate']} `noHate`; de Gibert et al. "
        f"2018) and {len(posts):,} Gab/Twitter posts ({label_counts['hatespeech']} "
        f"hatespeech, {label_counts['offensive']} offensive, {label_counts['normal']} normal; "
        "HateXplain, Mathew et al. 2021). Hate is broader than dehumanization: an unflagged "
        "`hate` sentence is not automatically a miss; a flagged `noHate` one is worth reading.",
        "",
        "### Forum sentences flagged",
        "",
        "Share of sentences with at least one finding of the lens / detector / rule (count in "
        "brackets); sentences are analysed in their post and a flag counts for the sentence "
        "holding most of its characters. *Shown*: findings shown by default.",
        "",
        *_table(["", "hate (all)", "noHate (all)", "hate (shown)", "noHate (shown)"],
                forum_rows(run)),
        "### HateXplain posts flagged, and flags on the annotators' reasons",
        "",
        "Share of posts flagged by majority label. *On rationale*: of the flags on posts with "
        "a rationale (hatespeech and offensive), the share that covers at least one token the "
        "annotators marked as the reason; *token share*: the share of flagged tokens that are "
        f"marked (all tokens of those posts: {chance:.2f} marked, what a flag at random would "
        "hit)." if chance is not None else "Share of posts flagged by majority label.",
        "",
        *_table(["", *(f"{label} (all)" for label in POST_LABELS),
                 *(f"{label} (shown)" for label in POST_LABELS), "on rationale",
                 "token share"], post_rows(run)),
    ]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- reading sample


def write_reading_sample(run: HateRun, size: int, seed: int, path: Path,
                         rules: Sequence[str] | None = None) -> None:
    """A seeded sample of flags with context, for development reading, to a scratch file
    outside the repository (the sample quotes the corpus)."""
    if path.resolve().is_relative_to(ROOT):
        raise SystemExit(f"{path} is inside the repository; write the sample to a scratch "
                         "folder (e.g. /tmp/hate_sample.jsonl)")
    texts = {(d.corpus, d.doc_id): d for docs in run.documents.values() for d in docs}
    pool = [f for f in run.flags if not rules or any(f.rule.startswith(r) for r in rules)]
    sample = random.Random(seed).sample(pool, min(size, len(pool)))
    with path.open("w", encoding="utf-8") as handle:
        for flag in sample:
            document = texts[(flag.corpus, flag.doc_id)]
            item = next(i for i in document.items if i.item_id == flag.item_id)
            text = document.text
            handle.write(json.dumps({
                "corpus": flag.corpus, "item": flag.item_id, "label": flag.label,
                "rule": flag.rule, "shown": flag.shown, "flag": text[flag.start:flag.end],
                "sentence": text[item.start:item.end],
            }, ensure_ascii=False) + "\n")
    print(f"wrote {len(sample)} flags to {path}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hate", type=Path, required=True,
                        help="folder with stormfront.jsonl and/or hatexplain.jsonl")
    parser.add_argument("--output", type=Path, help="write the Markdown section here")
    parser.add_argument("--json", type=Path, help="write the lens's headline figures here")
    parser.add_argument("--write-summary", type=Path, metavar="PATH",
                        help="write the aggregate figures the course quotes (for "
                             "src/propaganda_lab/data/real_text_dehumanization.json)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="DocBin cache folder")
    parser.add_argument("--jobs", type=int, default=1, help="processes for parsing")
    parser.add_argument("--sample-for-reading", type=int, metavar="N",
                        help="write N random flags with context to --sample-out")
    parser.add_argument("--sample-out", type=Path, default=Path("/tmp/hate_sample.jsonl"))
    parser.add_argument("--rules", nargs="*", help="only sample rules starting with these")
    parser.add_argument("--seed", type=int, default=26)
    args = parser.parse_args(argv)
    run = measure(args.hate, args.jobs, args.cache)
    if args.sample_for_reading is not None:
        write_reading_sample(run, args.sample_for_reading, args.seed, args.sample_out,
                             args.rules)
    section = render_section(run, args.hate.name)
    if args.output:
        args.output.write_text(section, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(section)
    if args.json:
        args.json.write_text(json.dumps(headline(run), indent=2) + "\n", encoding="utf-8")
    if args.write_summary:
        command = "python benchmarks/hate_text.py " + " ".join(
            shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
        data = summary(run, args.hate.name, command)
        args.write_summary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write_summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
