"""How the detectors behave on real text: propaganda (PTC) against mainstream news.

Issue 12, item 1. For every lens, technique, detector and rule this measures

* **flags per 1,000 words** on the propaganda articles and on the mainstream reports, and
  their ratio (a rule that fires as often on wire copy as on propaganda measures style, not
  manipulation);
* the **PTC span metric** (SemEval-2020 Task 11 partial-overlap P/R/F1, see
  ``propaganda_lab.metrics``) on the 14 merged classes: micro, per class, per rule (the rule's
  spans against the gold spans of the class its technique maps to) and spans-only;
* a **hand-judged precision**: stored judgments of sampled flags from both folders
  (``benchmarks/judgments/*.jsonl``), with a 95% Wilson interval.

The corpora are never copied into the project. A judgment is stored as offsets, a verdict
and a one-line reason in the judge's own words::

    {"corpus": "ptc"|"news", "doc_id": ..., "start": ..., "end": ..., "technique": ...,
     "rule_at_judging": ..., "verdict": "right"|"wrong", "reason": ...}

Judgments are keyed on (corpus, doc_id, start, end, technique), not on the rule id, so they
survive rule renames; a judged flag whose span was trimmed a little still matches (same
technique and the same start, or an overlap with IoU >= 0.8). PTC documents are identified by
their article id; news documents by a hash of their text (so another sample simply matches no
stored judgment). A news document is analysed as ``title + "\\n\\n" + text`` (the text alone
when it already starts with its title), so its first line is its headline, as in PTC.

Parsed Docs are cached as spaCy DocBins under ``benchmarks/.cache/`` (keyed by a hash of the
text, spaCy version and model), so a rerun only pays for the detectors.

Run::

    python benchmarks/real_text.py --ptc ../shared/data/ptc-dev \\
        --news ../shared/data/news-dev/mainstream.jsonl

writes ``benchmarks/REAL_TEXT.md``. ``--blind-sample N`` writes blind-judging packets to a
scratch folder outside the repository (``benchmarks/judging.py``: the judge sees the words and
the claimed technique, never the rule or a confidence); ``--fit-confidence PATH`` fits the
confidence model on the blind judgments (``benchmarks/confidence_model.py``) and writes it
(for ``src/propaganda_lab/data/confidence_model.json``). Judgments made before blind judging
existed (no ``"blind": true``) are kept but no longer used once blind ones exist.
``--hate ../shared/data/hate-dev`` adds real hate speech: judged and fitted with the
others, and a section on the dehumanization lens there (``benchmarks/hate_text.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import platform
import random
import shlex
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT = HERE / "REAL_TEXT.md"
JUDGMENTS = HERE / "judgments"
CACHE = HERE / ".cache"
CORPORA = ("ptc", "news")
CORPUS_NAMES = {"ptc": "propaganda (PTC)", "news": "mainstream news", "hate": "hate speech"}
VERDICTS = ("right", "wrong")
#: A rule gets a calibrated precision only with at least this many judged flags.
MIN_JUDGED = 10
#: Two spans of one technique in one document this similar are taken to be the same flag.
MIN_IOU = 0.8
Span = tuple[str, int, int]


# --------------------------------------------------------------------------- data model


@dataclass
class Document:
    """One text of a corpus: its id, the analysed text and (PTC only) the gold spans."""

    corpus: str
    doc_id: str
    text: str
    gold: list[Span] = field(default_factory=list)
    words: int = 0


@dataclass(frozen=True)
class Flag:
    """One finding of the detectors on one document, with what is needed to judge it."""

    corpus: str
    doc_id: str
    start: int
    end: int
    technique: str
    rule: str
    detector: str
    lens: str
    ptc_class: str | None
    evidence: str
    shown: bool
    corroborated: bool = False
    voice: str = "author"
    #: The finding's structural facts (``features``; no rule prior) and its confidence: what
    #: the confidence model is fitted on and judged against (not part of the flag's identity).
    facts: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    confidence: float | None = field(default=None, compare=False, hash=False)
    target: str | None = field(default=None, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, int, int, str]:
        return (self.corpus, self.doc_id, self.start, self.end, self.technique)


@dataclass(frozen=True)
class Judgment:
    """One stored hand judgment (see the module docstring for the fields)."""

    corpus: str
    doc_id: str
    start: int
    end: int
    technique: str
    rule_at_judging: str
    verdict: str
    reason: str
    file: str
    #: Judged without seeing the rule or any confidence (``judging.py``), and by whom.
    blind: bool = False
    judge: str = ""

    @property
    def right(self) -> bool:
        return self.verdict == "right"


@dataclass
class Run:
    """Everything measured in one run: documents, flags and the judgments they matched."""

    documents: dict[str, list[Document]]
    flags: list[Flag]
    judged: dict[Flag, Judgment]
    stale: list[Judgment]
    gold_scores: dict[str, Any]
    seconds: dict[str, float]
    #: Flags judged blind by two judges: (first judge's verdict, second's).
    agreement: list[tuple[bool, bool]] = field(default_factory=list)
    #: How many legacy (not blind) judgments there are; the tables use the blind ones.
    legacy: int = 0


# --------------------------------------------------------------------------- reading corpora


def read_ptc_folder(folder: Path) -> list[Document]:
    """PTC articles and their task-2 labels (``articles/`` + ``labels-task2.tsv``, or the
    first ``*.tsv``/labels folder found), read with the library's own reader."""
    from propaganda_lab.corpus import read_ptc

    articles = folder / "articles" if (folder / "articles").is_dir() else folder
    labels: Path | None = folder / "labels-task2.tsv"
    if not labels.is_file():
        candidates = sorted(folder.glob("*.tsv")) + sorted(
            p for p in folder.iterdir() if p.is_dir() and p.name.startswith("labels"))
        labels = candidates[0] if candidates else None
    documents = []
    for article_id, (text, spans) in read_ptc(articles, labels).items():
        gold = [(str(s[0]), int(s[1]), int(s[2])) for s in spans]
        documents.append(Document("ptc", article_id, text, gold))
    return documents


def news_text(row: dict[str, Any]) -> str:
    """The analysed text of one news report: its title as the first line, then its text."""
    title = " ".join(str(row.get("title") or "").split())
    text = str(row.get("text") or "")
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}"


def read_news(path: Path) -> list[Document]:
    """Mainstream reports from a JSON-lines file of ``{"url", "title", "text"}`` objects.

    A report's id is a hash of its analysed text; an exact duplicate text is read once.
    """
    documents, seen = [], set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            text = news_text(json.loads(line))
            doc_id = "n" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            if doc_id not in seen and text.strip():
                seen.add(doc_id)
                documents.append(Document("news", doc_id, text))
    return documents


def read_hate_documents(folder: Path) -> list[Document]:
    """Real hate speech as documents for judging and fitting: each Stormfront post (its
    sentences in order) and each HateXplain post. Labels are read by ``hate_text.py``."""
    documents = []
    posts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (folder / "stormfront.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                posts[str(row["post"])].append((str(row["id"]), str(row["text"])))
    for post, sentences in sorted(posts.items()):
        ordered = sorted(sentences, key=lambda s: int(s[0].rsplit("_", 1)[-1]))
        text = " ".join(t for _, t in ordered)
        # The forum sentences come tokenised, quotes as `` and '': read them as quote marks.
        text = text.replace("``", '"').replace("''", '"')
        documents.append(Document("hate", f"sf{post}", text))
    with (folder / "hatexplain.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                documents.append(Document("hate", f"hx{row['id']}", str(row["text"])))
    return documents


# --------------------------------------------------------------------------- parsing (cached)


def _cache_key(text: str, stamp: str) -> str:
    return hashlib.sha1(f"{stamp}\n{text}".encode()).hexdigest()


def parsed_docs(texts: Sequence[str], n_process: int, cache: Path) -> list[Any]:
    """spaCy Docs for ``texts`` in order, parsed once and then read from the DocBin cache."""
    import spacy
    from spacy.tokens import DocBin

    from propaganda_lab.nlp import load_nlp

    nlp = load_nlp()
    stamp = f"spacy {spacy.__version__} {nlp.meta['name']} {nlp.meta['version']}"
    folder = cache / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    keys = [_cache_key(text, stamp) for text in texts]
    docs: list[Any] = [None] * len(texts)
    missing = []
    for index, key in enumerate(keys):
        path = folder / f"{key}.spacy"
        if path.is_file():
            docs[index] = next(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
        else:
            missing.append(index)
    if missing:
        print(f"parsing {len(missing)} texts (cached for next time)", file=sys.stderr)
        fresh = nlp.pipe((texts[i] for i in missing), n_process=n_process, batch_size=16)
        for index, doc in zip(missing, fresh, strict=True):
            (folder / f"{keys[index]}.spacy").write_bytes(DocBin(docs=[doc]).to_bytes())
            docs[index] = doc
    return docs


# --------------------------------------------------------------------------- analysing


def rule_detectors() -> dict[str, str]:
    """Rule id -> name of the registered detector that declares it."""
    from propaganda_lab.pipeline import detectors

    return {rule: item.name for item in detectors() for rule in item.rules}


def _ptc_class(technique: str) -> str | None:
    from propaganda_lab.techniques import id_to_ptc_label

    try:
        return id_to_ptc_label(technique, merged=True)
    except (KeyError, ValueError):
        return None


def analyse(documents: Sequence[Document], n_process: int, cache: Path
            ) -> tuple[list[Flag], dict[str, list[Span]]]:
    """Run every detector on every document: the flags (``shown`` is the report's default
    view, ``Finding.weak`` inverted) and each PTC article's predicted PTC spans."""
    from propaganda_lab.analysis import analyze_many
    from propaganda_lab.context import context_for
    from propaganda_lab.features import finding_facts

    docs = parsed_docs([d.text for d in documents], n_process, cache)
    reports = analyze_many(docs, progress=False)
    detectors_of = rule_detectors()
    flags: list[Flag] = []
    predicted: dict[str, list[Span]] = {}
    for document, doc, report in zip(documents, docs, reports, strict=True):
        document.words = report.words
        facts = finding_facts(context_for(doc), report.findings)
        for finding, fact in zip(report.findings, facts, strict=True):
            rule = finding.rule or f"{finding.technique}.?"
            values = fact.values(0.0)
            del values["rule_prior"]
            flags.append(Flag(
                document.corpus, document.doc_id, finding.start, finding.end, finding.technique,
                rule, detectors_of.get(rule, "?"), finding.lens or "?",
                _ptc_class(finding.technique), finding.evidence, not finding.weak,
                finding.corroborated, finding.voice, values, finding.confidence,
                finding.target))
        if document.corpus == "ptc":
            predicted[document.doc_id] = [tuple(s) for s in report.to_spans(ptc=True, merged=True)]
    return flags, predicted


# --------------------------------------------------------------------------- judgments


def load_judgments(folder: Path) -> list[Judgment]:
    """Every stored judgment in ``folder/*.jsonl`` (a malformed line is an error)."""
    judgments = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("verdict") not in VERDICTS:
                raise ValueError(f"{path}:{number}: verdict must be one of {VERDICTS}")
            judgments.append(Judgment(
                data["corpus"], str(data["doc_id"]), int(data["start"]), int(data["end"]),
                data["technique"], data.get("rule_at_judging", ""), data["verdict"],
                data.get("reason", ""), path.name, bool(data.get("blind", False)),
                str(data.get("judge", ""))))
    return judgments


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared / union if union else 0.0


def match_judgments(flags: Sequence[Flag], judgments: Sequence[Judgment]
                    ) -> tuple[dict[Flag, Judgment], list[Judgment]]:
    """Pair current flags with stored judgments: exact key first, then the same technique in
    the same document with the same start or IoU >= 0.8. Returns the pairs and the judgments
    that matched no current flag (stale: the rule no longer fires there)."""
    by_key = {(j.corpus, j.doc_id, j.start, j.end, j.technique): j for j in judgments}
    matched: dict[Flag, Judgment] = {}
    used: set[int] = set()
    for flag in flags:
        judgment = by_key.get(flag.key)
        if judgment is not None and id(judgment) not in used:
            matched[flag] = judgment
            used.add(id(judgment))
    loose: dict[tuple[str, str, str], list[Judgment]] = defaultdict(list)
    for judgment in judgments:
        if id(judgment) not in used:
            loose[(judgment.corpus, judgment.doc_id, judgment.technique)].append(judgment)
    for flag in flags:
        if flag in matched:
            continue
        for judgment in loose.get((flag.corpus, flag.doc_id, flag.technique), ()):
            if id(judgment) in used:
                continue
            if judgment.start == flag.start or _iou((judgment.start, judgment.end),
                                                    (flag.start, flag.end)) >= MIN_IOU:
                matched[flag] = judgment
                used.add(id(judgment))
                break
    return matched, [j for j in judgments if id(j) not in used]


# --------------------------------------------------------------------------- statistics


def wilson(right: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion ``right / judged`` ((0, 1) when nothing)."""
    if judged == 0:
        return (0.0, 1.0)
    p = right / judged
    denominator = 1 + z * z / judged
    centre = (p + z * z / (2 * judged)) / denominator
    half = z * math.sqrt(p * (1 - p) / judged + z * z / (4 * judged * judged)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def per_1000(count: int, words: int) -> float:
    return 1000 * count / words if words else 0.0


def _ratio(a: float, b: float) -> str:
    if b == 0:
        return "∞" if a else "–"
    return f"{a / b:.2f}"


def _judged_cell(flags: Iterable[Flag], judged: dict[Flag, Judgment]) -> tuple[int, int]:
    pairs = [judged[f] for f in flags if f in judged]
    return sum(j.right for j in pairs), len(pairs)


def _precision_cells(right: int, n: int) -> list[str]:
    if not n:
        return ["–", "–", "–"]
    low, high = wilson(right, n)
    return [f"{right}/{n}", f"{right / n:.2f}", f"{low:.2f}–{high:.2f}"]


def weighted_precision(flags: Sequence[Flag], judged: dict[Flag, Judgment]
                       ) -> tuple[float | None, float]:
    """Precision of a group of flags estimated rule by rule (each rule's judged precision
    weighted by how often it fires), and the share of the group's flags whose rule was judged.

    Samples are stratified per rule, so pooling judgments of a lens or technique would
    over-weight rare rules; this re-weights them by frequency.
    """
    by_rule: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        by_rule[flag.rule].append(flag)
    total = covered = 0.0
    for rule_flags in by_rule.values():
        right, n = _judged_cell(rule_flags, judged)
        if n:
            total += len(rule_flags) * right / n
            covered += len(rule_flags)
    if not covered:
        return None, 0.0
    return total / covered, covered / len(flags)


# --------------------------------------------------------------------------- PTC span metric


def gold_scores(documents: Sequence[Document], predicted: dict[str, list[Span]],
                flags: Sequence[Flag]) -> dict[str, Any]:
    """SemEval span scores on PTC: all findings, shown findings, spans-only, and per rule."""
    from propaganda_lab.metrics import span_scores

    gold = {d.doc_id: d.gold for d in documents}
    shown: dict[str, list[Span]] = defaultdict(list)
    by_rule: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for flag in flags:
        if flag.corpus != "ptc" or flag.ptc_class is None:
            continue
        span = (flag.ptc_class, flag.start, flag.end)
        if flag.shown:
            shown[flag.doc_id].append(span)
        by_rule[flag.rule][flag.doc_id].append(span)
    result = {
        "all": span_scores(predicted, gold),
        "all_spans": span_scores(predicted, gold, labels=False),
        "shown": span_scores(dict(shown), gold),
        "shown_spans": span_scores(dict(shown), gold, labels=False),
        "rules": {},
        "any_gold": {},
    }
    for rule, spans in by_rule.items():
        ptc_class = next(iter(spans.values()))[0][0]
        class_gold = {doc: [s for s in g if s[0] == ptc_class] for doc, g in gold.items()}
        result["rules"][rule] = span_scores(dict(spans), class_gold)
    for rule in {f.rule for f in flags if f.corpus == "ptc"}:
        spans_any = defaultdict(list)
        for flag in flags:
            if flag.corpus == "ptc" and flag.rule == rule:
                spans_any[flag.doc_id].append((flag.technique, flag.start, flag.end))
        result["any_gold"][rule] = span_scores(dict(spans_any), gold, labels=False).precision
    return result


# --------------------------------------------------------------------------- the report


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _words(run: Run, corpus: str) -> int:
    return sum(d.words for d in run.documents[corpus])


def _group_rows(run: Run, key: Callable[[Flag], str], extra: Callable[[str], list[str]]
                | None = None) -> list[list[Any]]:
    """One row per group of flags: counts, rates per 1,000 words, ratio, judged precision."""
    words = {c: _words(run, c) for c in CORPORA}
    groups: dict[str, list[Flag]] = defaultdict(list)
    for flag in run.flags:
        if flag.corpus in CORPORA:
            groups[key(flag)].append(flag)
    rows = []
    for name, flags in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        counts = Counter(f.corpus for f in flags)
        rates = [per_1000(counts[c], words[c]) for c in CORPORA]
        right, n = _judged_cell(flags, run.judged)
        estimate, coverage = weighted_precision(flags, run.judged)
        row = [f"`{name}`", counts["ptc"], f"{rates[0]:.2f}", counts["news"], f"{rates[1]:.2f}",
               _ratio(*rates), *_precision_cells(right, n)[:2],
               "–" if estimate is None else f"{estimate:.2f} ({coverage:.0%})"]
        rows.append(row + (extra(name) if extra else []))
    return rows


_GROUP_HEADER = ["", "PTC flags", "per 1k", "news flags", "per 1k", "ratio", "judged right",
                 "pooled", "est. precision (flags covered)"]


def _rule_rows(run: Run) -> list[list[Any]]:
    words = {c: _words(run, c) for c in CORPORA}
    by_rule: dict[str, list[Flag]] = defaultdict(list)
    for flag in run.flags:
        if flag.corpus in CORPORA:
            by_rule[flag.rule].append(flag)
    rows = []
    for rule, flags in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0])):
        counts = Counter(f.corpus for f in flags)
        rates = [per_1000(counts[c], words[c]) for c in CORPORA]
        right, n = _judged_cell(flags, run.judged)
        per_corpus = []
        for corpus in CORPORA:
            r, k = _judged_cell((f for f in flags if f.corpus == corpus), run.judged)
            per_corpus.append(f"{r}/{k}" if k else "–")
        scores = run.gold_scores["rules"].get(rule)
        any_gold = run.gold_scores["any_gold"].get(rule)
        span_cells = ([f"{scores.precision:.2f}", f"{scores.recall:.3f}"] if scores
                      else ["–", "–"])
        rows.append([f"`{rule}`", flags[0].detector, counts["ptc"], f"{rates[0]:.2f}",
                     counts["news"], f"{rates[1]:.2f}", _ratio(*rates),
                     flags[0].ptc_class or "–", *span_cells,
                     "–" if any_gold is None else f"{any_gold:.2f}",
                     *_precision_cells(right, n), *per_corpus])
    return rows


def headline_rows(run: Run) -> list[list[Any]]:
    """The issue's table: findings per 1,000 words, ratio, micro P/R/F1, Loaded_Language F1,
    spans-only P/R/F1 (for all findings and for the shown ones)."""
    words = {c: _words(run, c) for c in CORPORA}
    rows = []
    variants = [("all findings", "all", lambda f: True), ("shown", "shown", lambda f: f.shown)]
    for label, name, keep in variants:
        counts = Counter(f.corpus for f in run.flags if keep(f))
        rates = [per_1000(counts[c], words[c]) for c in CORPORA]
        micro, spans = run.gold_scores[name], run.gold_scores[f"{name}_spans"]
        loaded = micro.per_technique.get("Loaded_Language")
        rows.append([label, f"{rates[0]:.2f}", f"{rates[1]:.2f}", _ratio(*rates),
                     f"{micro.precision:.3f}", f"{micro.recall:.3f}", f"{micro.f1:.3f}",
                     f"{loaded.f1:.3f}" if loaded else "–",
                     f"{spans.precision:.3f}", f"{spans.recall:.3f}", f"{spans.f1:.3f}"])
    return rows


def _class_rows(run: Run) -> list[list[Any]]:
    scores = run.gold_scores["all"]
    mapped = {f.ptc_class for f in run.flags if f.ptc_class}
    gold_classes = {s[0] for d in run.documents["ptc"] for s in d.gold}
    rows = []
    for name in sorted(gold_classes | mapped):
        item = scores.per_technique.get(name)
        if item is None:
            continue
        rows.append([name, "yes" if name in mapped else "no", item.n_gold, item.n_predicted,
                     f"{item.precision:.3f}", f"{item.recall:.3f}", f"{item.f1:.3f}"])
    return rows


def render(run: Run, command: str) -> str:
    """REAL_TEXT.md: sizes, the headline table, then lens/technique/detector/rule tables."""
    import spacy

    from propaganda_lab.nlp import load_nlp

    meta = load_nlp().meta
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    words = {c: _words(run, c) for c in CORPORA}
    total_judged = len(run.judged) + len(run.stale)
    lines = [
        "# Detectors on real text: propaganda vs mainstream news",
        "",
        f"Generated {now} by `{command}` (do not edit by hand).",
        "",
        f"Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"{meta['lang']}_{meta['name']} {meta['version']}. Run time: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in run.seconds.items()) + ".",
        "",
        "Corpora (development data; never copied into the project):",
        "",
        *_table(["corpus", "documents", "words", "findings", "per 1,000 words"], [
            [CORPUS_NAMES[c], len(run.documents[c]), f"{words[c]:,}",
             sum(f.corpus == c for f in run.flags),
             f"{per_1000(sum(f.corpus == c for f in run.flags), words[c]):.2f}"]
            for c in CORPORA], "lrrrr"),
        "## Headline",
        "",
        "Findings per 1,000 words on each corpus and their ratio (propaganda / mainstream; the "
        "higher, the more a finding says about the text rather than about news style); the "
        "SemEval-2020 span metric on PTC (micro over the 14 merged classes), the "
        "Loaded_Language class alone, and spans only (labels ignored).",
        "",
        *_table(["", "PTC /1k", "news /1k", "ratio", "micro P", "micro R", "micro F1",
                 "Loaded_Language F1", "spans P", "spans R", "spans F1"],
                headline_rows(run), "lrrrrrrrrrr"),
        f"Hand judgments: {total_judged} stored, {len(run.judged)} match a current flag "
        f"({sum(j.right for j in run.judged.values())} right), {len(run.stale)} match no "
        "current flag (the rule no longer fires there, or fires with another span).",
        "",
        "Precision columns: *judged right* is k/n over the stored judgments matching the "
        "group's flags, *pooled* is k/n, the 95% interval is Wilson's. Samples are drawn per "
        "rule, so for a lens, technique or detector *est. precision* weights each judged "
        "rule's precision by how often it fires (in brackets: the share of the group's flags "
        "whose rule has judgments).",
        "",
        "## Per lens",
        "",
        *_table(_GROUP_HEADER, _group_rows(run, lambda f: f.lens), "lrrrrrrrr"),
        "## Per voice",
        "",
        "*author*: the text's own words; *quoted*: inside a speech quotation or a pasted "
        "excerpt (``propaganda_lab.voice``). Judged right counts a technique used by a quoted "
        "speaker as right, so the split shows where findings sit, not who is to blame.",
        "",
        *_table(_GROUP_HEADER, _group_rows(run, lambda f: f.voice), "lrrrrrrrr"),
        "## Per technique",
        "",
        *_table([*_GROUP_HEADER, "PTC class"], _group_rows(
            run, lambda f: f.technique,
            lambda name: [next((f.ptc_class or "–" for f in run.flags if f.technique == name),
                               "–")]), "lrrrrrrrrl"),
        "## Per detector",
        "",
        *_table(_GROUP_HEADER, _group_rows(run, lambda f: f.detector), "lrrrrrrrr"),
        "## Per rule",
        "",
        "*span P / R*: the rule's PTC spans scored alone against the gold spans of the class "
        "its technique maps to; *in any gold*: the share of its flagged characters inside a "
        "gold span of any class (a rough ceiling of how often PTC annotators marked something "
        "there). Judged columns: k/n, precision, Wilson 95% interval, then k/n per corpus.",
        "",
        *_table(["rule", "detector", "PTC", "per 1k", "news", "per 1k", "ratio", "PTC class",
                 "span P", "span R", "in any gold", "judged", "precision", "95% CI",
                 "PTC judged", "news judged"], _rule_rows(run), "llrrrrrlrrrrrrrr"),
        *confidence_section(run),
        "## PTC span metric per class",
        "",
        "All findings, exported with `report.to_spans(ptc=True, merged=True)`; *mapped*: some "
        "technique we detect maps to the class.",
        "",
        *_table(["class", "mapped", "gold spans", "predicted", "P", "R", "F1"],
                _class_rows(run), "llrrrrr"),
    ]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- confidence model


def model_rows(run: Run) -> list[Any]:
    """The blind-judged flags as the confidence model's rows."""
    from confidence_model import Row

    return [Row(f.corpus, f.doc_id, f.rule, f.technique, f.lens, dict(f.facts), j.right,
                f.detector) for f, j in run.judged.items() if j.blind and f.facts]


def fit_confidence(run: Run, corpus_names: dict[str, str], threshold: float) -> dict[str, Any]:
    """The confidence model file (``data/confidence_model.json``) fitted on the blind
    judgments of this run's flags (see ``benchmarks/confidence_model.py``)."""
    from confidence_model import fit

    rows = model_rows(run)
    if len(rows) < 50:
        raise SystemExit(f"only {len(rows)} blind judgments match a current flag: judge more "
                         "(--blind-sample) before fitting")
    per_corpus = Counter(r.corpus for r in rows)
    meta = {
        "description": "Confidence of a finding from its structural facts (propaganda_lab."
                       "features), a logistic model fitted on blind hand judgments of flags on "
                       "real text by benchmarks/real_text.py --fit-confidence. Aggregate "
                       "figures only: no corpus text, no word features.",
        "date": dt.date.today().isoformat(),
        "corpora": {corpus_names[c]: {"documents": len(docs), "words": _words(run, c)}
                    for c, docs in run.documents.items()},
        "judgments": {"total": len(rows), "per_corpus": dict(sorted(per_corpus.items())),
                      "protocol": "judged blind: context and claimed technique only, no rule "
                                  "and no confidence (benchmarks/judging.py); one verdict per "
                                  "flag, the first judge's where two judged it"},
    }
    return fit(rows, threshold, meta)


def shown_precision_rows(run: Run) -> list[list[Any]]:
    """Per corpus: the shown flags that were judged blind, their judged precision (Wilson
    interval) and the mean confidence the tool claims for them."""
    rows = []
    for corpus in run.documents:
        pairs = [(f.confidence or 0.0, j.right) for f, j in run.judged.items()
                 if f.corpus == corpus and f.shown and j.blind and f.confidence is not None]
        if not pairs:
            rows.append([CORPUS_NAMES.get(corpus, corpus), 0, "–", "–", "–", "–"])
            continue
        right = sum(y for _, y in pairs)
        low, high = wilson(right, len(pairs))
        claimed = sum(p for p, _ in pairs) / len(pairs)
        rows.append([CORPUS_NAMES.get(corpus, corpus), len(pairs), f"{right}/{len(pairs)}",
                     f"{right / len(pairs):.2f} ({low:.2f}–{high:.2f})", f"{claimed:.2f}",
                     f"{claimed - right / len(pairs):+.2f}"])
    return rows


def confidence_section(run: Run) -> list[str]:
    """The report's section on the confidence model: agreement, calibration, honesty."""
    from confidence_model import HONESTY_MARGIN
    from judging import cohen_kappa

    from propaganda_lab.calibration import model

    data = model()
    validation = data["validation"]
    kappa = cohen_kappa(run.agreement)
    agreement = sum(a == b for a, b in run.agreement)
    lines = [
        "## Confidence model",
        "",
        f"Fitted {data['date']} on {data['judgments']['total']} blind judgments "
        f"({', '.join(f'{c} {n}' for c, n in data['judgments']['per_corpus'].items())}): "
        f"{data['judgments']['protocol']}. Threshold for the default view: "
        f"{data['threshold']:.2f}. Coefficients: `src/propaganda_lab/data/confidence_model.json`.",
        "",
        f"Second judge: {len(run.agreement)} flags judged by two judges independently, "
        f"{agreement} agreements"
        + (f", Cohen's kappa {kappa:.2f}." if kappa is not None else "."),
        "",
        f"Out-of-fold calibration ({validation['folds']} folds by document): expected "
        f"calibration error {validation['ece']:.3f}, Brier {validation['brier']:.3f}"
        + (f", AUC {validation['auc']:.2f}" if validation.get("auc") is not None else "")
        + ".",
        "",
        *_table(["confidence", "judged flags", "mean confidence", "judged precision"], [
            [f"{b['low']:.1f}–{b['high']:.1f}", b["count"],
             "–" if b["mean_confidence"] is None else f"{b['mean_confidence']:.2f}",
             "–" if b["precision"] is None else f"{b['precision']:.2f}"]
            for b in validation["reliability"]], "lrrr"),
        "Out of fold, the flags the model would show (confidence ≥ threshold), per corpus:",
        "",
        *_table(["corpus", "judged", "shown", "judged precision", "claimed"], [
            [c, v["judged"], v["shown"],
             "–" if v["precision"] is None else f"{v['precision']:.2f}",
             "–" if v["claimed"] is None else f"{v['claimed']:.2f}"]
            for c, v in validation.get("shown", {}).items()], "lrrrr"),
        "In this run (the shipped model on the current flags; judgments fitted on included), "
        f"the shown flags judged blind; claimed should sit within {HONESTY_MARGIN:.2f} of "
        "judged:",
        "",
        *_table(["corpus", "judged shown flags", "right", "precision (95% CI)",
                 "claimed (mean confidence)", "claimed − judged"],
                shown_precision_rows(run), "lrrrrr"),
    ]
    return lines


def blind_sample(run: Run, per_rule: int, per_corpus: int, shown_per_corpus: int,
                 seed: int) -> list[Flag]:
    """Flags not yet judged blind: up to ``per_rule`` per rule and corpus (so every rule is
    seen where it fires), ``per_corpus`` more at random per corpus (the natural mix), and
    ``shown_per_corpus`` at random among the shown flags (to measure the default view)."""
    rng = random.Random(seed)
    pending = [f for f in run.flags if f not in run.judged or not run.judged[f].blind]
    chosen: dict[Flag, None] = {}
    by_stratum: dict[tuple[str, str], list[Flag]] = defaultdict(list)
    for flag in pending:
        by_stratum[(flag.rule, flag.corpus)].append(flag)
    for _, flags in sorted(by_stratum.items()):
        for flag in rng.sample(flags, min(per_rule, len(flags))):
            chosen[flag] = None
    for corpus in run.documents:
        pool = [f for f in pending if f.corpus == corpus and f not in chosen]
        for flag in rng.sample(pool, min(per_corpus, len(pool))):
            chosen[flag] = None
        shown = [f for f in pending if f.corpus == corpus and f.shown and f not in chosen]
        for flag in rng.sample(shown, min(shown_per_corpus, len(shown))):
            chosen[flag] = None
    return list(chosen)


def packet_items(run: Run, sample: Sequence[Flag]) -> list[dict[str, Any]]:
    texts = {(d.corpus, d.doc_id): d.text for docs in run.documents.values() for d in docs}
    return [{"corpus": f.corpus, "doc_id": f.doc_id, "start": f.start, "end": f.end,
             "technique": f.technique, "rule": f.rule, "target": f.target,
             "text": texts[(f.corpus, f.doc_id)]} for f in sample]


# --------------------------------------------------------------------------- main


def measure(ptc: Path, news: Path, n_process: int, cache: Path, judgments: Path,
            hate: Path | None = None) -> Run:
    """Read the corpora, run the detectors, score against PTC and match stored judgments."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    documents = {"ptc": read_ptc_folder(ptc), "news": read_news(news)}
    if hate is not None:
        documents["hate"] = read_hate_documents(hate)
    flags: list[Flag] = []
    predicted: dict[str, list[Span]] = {}
    for corpus in documents:
        found, spans = analyse(documents[corpus], n_process, cache)
        flags += found
        predicted.update(spans)
    seconds["analysis"] = time.perf_counter() - started
    started = time.perf_counter()
    scores = gold_scores(documents["ptc"], predicted, flags)
    stored = load_judgments(judgments)
    blind = [j for j in stored if j.blind]
    legacy = len(stored) - len(blind)
    if not blind:  # before the first blind round: the old, rule-aware judgments
        judged, stale = match_judgments(flags, stored)
        seconds["scoring"] = time.perf_counter() - started
        return Run(documents, flags, judged, stale, scores, seconds, [], 0)
    primary, second = split_judges(blind)
    judged, stale = match_judgments(flags, primary)
    seconds_judged, _ = match_judgments(flags, second)
    agreement = [(judged[f].right, j.right) for f, j in seconds_judged.items() if f in judged]
    seconds["scoring"] = time.perf_counter() - started
    return Run(documents, flags, judged, stale, scores, seconds, agreement, legacy)


def split_judges(judgments: Sequence[Judgment]) -> tuple[list[Judgment], list[Judgment]]:
    """One judgment per flag for fitting and measuring (the first judge's, by name), and the
    other judges' judgments of the same flags (for Cohen's kappa)."""
    first: dict[tuple[str, str, int, int, str], Judgment] = {}
    others = []
    for judgment in sorted(judgments, key=lambda j: j.judge):
        key = (judgment.corpus, judgment.doc_id, judgment.start, judgment.end, judgment.technique)
        if key in first:
            others.append(judgment)
        else:
            first[key] = judgment
    return list(first.values()), others


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ptc", type=Path, required=True,
                        help="PTC folder: articles/ and labels-task2.tsv")
    parser.add_argument("--news", type=Path, required=True,
                        help='mainstream news, JSON lines of {"url", "title", "text"}')
    parser.add_argument("--hate", type=Path,
                        help="hate-dev folder (stormfront.jsonl, hatexplain.jsonl): real hate "
                             "speech, measured and judged with the others")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the Markdown report")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS,
                        help="folder of stored judgments (*.jsonl)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="DocBin cache folder")
    parser.add_argument("--jobs", type=int, default=2, help="processes for parsing")
    parser.add_argument("--fit-confidence", type=Path, metavar="PATH",
                        help="fit the confidence model on the blind judgments and write it "
                             "(src/propaganda_lab/data/confidence_model.json)")
    parser.add_argument("--threshold", type=float, default=0.6,
                        help="confidence a finding needs to be shown by default (written to "
                             "the model file)")
    parser.add_argument("--blind-sample", type=int, metavar="N",
                        help="write blind-judging packets (N flags per rule and corpus) to "
                             "--packets instead of writing the report")
    parser.add_argument("--random-per-corpus", type=int, default=60,
                        help="with --blind-sample: this many more flags per corpus at random")
    parser.add_argument("--shown-per-corpus", type=int, default=40,
                        help="with --blind-sample: this many shown flags per corpus at random")
    parser.add_argument("--packets", type=Path, default=Path("/tmp/judging"))
    parser.add_argument("--judges", nargs="+", default=["a", "b"])
    parser.add_argument("--shared", type=int, default=120,
                        help="items the first two judges both judge (for Cohen's kappa)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    run = measure(args.ptc, args.news, args.jobs, args.cache, args.judgments, args.hate)
    if args.blind_sample is not None:
        from judging import write_packets

        sample = blind_sample(run, args.blind_sample, args.random_per_corpus,
                              args.shown_per_corpus, args.seed)
        write_packets(packet_items(run, sample), args.packets, args.judges, args.shared,
                      args.seed)
        return
    if args.fit_confidence:
        names = {"ptc": "propaganda articles (PTC, SemEval-2020 Task 11)",
                 "news": "mainstream news reports (WikinewsSum sources)",
                 "hate": "hate speech (Stormfront forum sentences, Gab and Twitter posts)"}
        data = fit_confidence(run, names, args.threshold)
        args.fit_confidence.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
        print(f"wrote {args.fit_confidence}: out-of-fold ECE {data['validation']['ece']}, "
              f"shown {data['validation']['shown']}", file=sys.stderr)
        return
    command = "python benchmarks/real_text.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    report = render(run, command)
    if args.hate is not None:
        from hate_text import measure as measure_hate  # this folder (run as a script)
        from hate_text import render_section

        hate = measure_hate(args.hate, args.jobs, args.cache, parse=parsed_docs)
        report += "\n" + render_section(hate, args.hate.name)
    args.output.write_text(report, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
