"""The course's benchmark suite: plain Python, public tools only.

Every time is also given as a ratio to plain spaCy parsing (``load_nlp()(text)``) of the same
text in the same run, so the figures mean something on any machine:

1. ``analyze`` on generated fictional articles of 250, 1,000, 4,000 and 16,000 words, with
   the slope of a least-squares line (ms per word) and R²: the cost must grow linearly, and
   stay at most 1.25× plain parsing (the parse cache is cleared before each ``analyze``);
2. quote alignment against 10k- and 100k-word sources (functions of quote_alignment.py);
3. widget callback latency on ~300-word teaching-corpus texts, p50 and p95 per widget and per
   learner action (a new text, the same text again, each control), triggered as a learner
   triggers it (a control's value, a button click); the goal is p95 < 100 ms. Actions on a
   new text also give the p95 beyond their one spaCy parse, timed at the same moment;
4. cold start: ``import propaganda_lab`` + model load, in a fresh interpreter;
5. wall time of the whole nbval run (``pytest --nbval notebooks exercises``).

Run: ``python benchmarks/run.py`` (add ``--skip-nbval`` for a quick run). The figures go to
stdout and to the ``benchmarks/run.py`` section of benchmarks/RESULTS.md; other sections of
that file (written by other scripts) are kept. ``--only widgets`` (repeatable: ``analyze``,
``quotes``, ``widgets``, ``cold``, ``nbval``) runs some steps and only prints.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
SECTION = "## benchmarks/run.py"
sys.path.insert(0, str(HERE))  # for quote_alignment

from propaganda_lab.nlp import load_nlp  # noqa: E402

ARTICLE_SIZES = (250, 1_000, 4_000, 16_000)
SOURCE_SIZES = (10_000, 100_000)
#: Repetitions of each widget action (p50 and p95 over these).
WIDGET_RUNS = 40
#: Words (at least; whole sentences) of the teaching-corpus texts the widgets get.
WIDGET_WORDS = 300
#: Goals: each widget callback's p95 under this; analyze at most this many times a plain parse.
WIDGET_BUDGET = 0.100
ANALYZE_BUDGET = 1.25

# Fictional building blocks (the shared world of the course): people, places, groups, verbs.
PEOPLE = ["Mayor Ilse Varn", "Minister Pavel Mirk", "Nadia Oster", "the port director",
          "a Ledger reporter", "Councillor Tomas Reil", "the CPA correspondent"]
PLACES = ["Sarnet", "the hill country", "the Sarnet harbour", "Northgate", "the border"]
GROUPS = ["the Pellani", "Teskari workers", "the Orrin Brotherhood", "Ostrevan troops",
          "union members", "the protesters", "the mob"]
VERBS = ["criticised", "praised", "blocked", "defended", "questioned", "attacked", "met"]
LOADED = ["a disgraceful", "an outrageous", "a reckless", "a modest", "a long-awaited"]
NOUNS = ["plan", "decision", "budget", "strike", "curfew", "agreement", "inquiry"]
EXTRAS = ["Tear gas was used near the depot.", "Mistakes were made, officials admitted.",
          "Everyone knows the truth about {g}.", "{g} are a plague on {p}, one caller said.",
          "Three people were injured in {p} on Tuesday."]


def generated_article(n_words: int, seed: int = 11) -> str:
    """A fictional news article of about ``n_words`` words (sentences, quotes, paragraphs)."""
    rng = random.Random(seed)
    sentences: list[str] = []
    count = 0
    while count < n_words:
        roll = rng.random()
        group, place = rng.choice(GROUPS), rng.choice(PLACES)
        if roll < 0.2:
            text = (f'{rng.choice(PEOPLE)} said "{group} will not accept '
                    f'{rng.choice(LOADED)} {rng.choice(NOUNS)} in {place}."')
        elif roll < 0.35:
            text = rng.choice(EXTRAS).format(g=group, p=place)
            text = text[0].upper() + text[1:]
        else:
            text = (f"{rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(LOADED)} "
                    f"{rng.choice(NOUNS)} by {group} in {place} on Monday.")
            text = text[0].upper() + text[1:]
        sentences.append(text)
        count += len(text.split())
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    return "Unrest in Sarnet\n\n" + "\n\n".join(paragraphs)


def _timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares line: slope, intercept, R²."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, 1 - residual / total if total else 1.0


# --------------------------------------------------------------------------- 1. analyze


def bench_analyze() -> list[str]:
    try:
        from propaganda_lab.analysis import analyze
    except ImportError:
        return ["_Skipped: `propaganda_lab.analysis` is not there yet._"]
    from propaganda_lab.nlp import clear_parse_cache

    nlp = load_nlp()
    lines = ["| words | plain spaCy parse | analyze (incl. parse) | ratio | findings |",
             "|---:|---:|---:|---:|---:|"]
    words: list[float] = []
    seconds: list[float] = []
    ratios: list[float] = []

    def fresh_analyze(text: str) -> Any:
        clear_parse_cache()  # analyze must pay for its parse, as on a text never seen before
        return analyze(text)

    for size in ARTICLE_SIZES:
        text = generated_article(size)
        repeats = 7 if size <= 4_000 else 3
        report = fresh_analyze(text)  # warm: matchers, lexicons
        parse_times, full_times = [], []
        for _ in range(repeats):  # interleaved, so a busy moment hits both sides alike
            parse_times.append(_timed(partial(nlp, text)))
            full_times.append(_timed(partial(fresh_analyze, text)))
        parse, full = min(parse_times), min(full_times)
        n_words = len(text.split())
        words.append(n_words)
        seconds.append(full)
        ratios.append(full / parse)
        lines.append(f"| {n_words:,} | {parse * 1000:,.0f} ms | {full * 1000:,.0f} ms | "
                     f"{full / parse:.2f} | {len(report.findings):,} |")
        print(lines[-1], flush=True)
    clear_parse_cache()
    slope, intercept, r2 = _fit(words, seconds)
    per_word_small = seconds[1] / words[1]
    per_word_large = seconds[-1] / words[-1]
    worst = max(ratios)
    lines += ["", f"Linear fit of analyze time vs words: **{slope * 1000:.3f} ms per word** "
              f"(intercept {intercept * 1000:.0f} ms, R² = {r2:.4f}). Cost per word at "
              f"{words[-1]:,} words is {per_word_large / per_word_small:.2f}× the cost per "
              f"word at {words[1]:,} words (1.00 = perfectly linear).", "",
              f"Goal `analyze` ≤ {ANALYZE_BUDGET:.2f}× plain parsing: worst ratio "
              f"**{worst:.2f}** — {'met' if worst <= ANALYZE_BUDGET else '**not met**'} "
              "(best of 7 runs, 3 at 16k words, parse and analyze interleaved; the parse "
              "cache is cleared before every `analyze` call, so each one parses its text).",
              ""]
    print(lines[-2], flush=True)
    return lines


# --------------------------------------------------------------------------- 2. quotes


def bench_quotes() -> list[str]:
    from quote_alignment import make_article, make_transcript

    from propaganda_lab.quotes import check_quote, extract_quotes, parse_source

    nlp = load_nlp()
    lines = ["| source words | plain spaCy parse of source | parse_source | ratio | "
             "check 1 quote (median of 30) | ratio to parsing the article |",
             "|---:|---:|---:|---:|---:|---:|"]
    for size in SOURCE_SIZES:
        source_text, middle = make_transcript(size)
        article = make_article(middle)
        plain = _timed(partial(nlp, source_text))
        parse = _timed(partial(parse_source, source_text))
        source = parse_source(source_text)
        quote = next(q for q in extract_quotes(article) if q.kind == "speech")
        per_quote = statistics.median(
            _timed(partial(check_quote, quote, source)) for _ in range(30))
        article_parse = statistics.median(_timed(partial(nlp, article)) for _ in range(10))
        lines.append(f"| {len(source.words):,} | {plain:,.1f} s | {parse:,.1f} s | "
                     f"{parse / plain:.2f} | {per_quote * 1000:.2f} ms | "
                     f"{per_quote / article_parse:.2f} |")
        print(lines[-1], flush=True)
    return lines


# --------------------------------------------------------------------------- 2b. adversarial

#: Adversarial shapes (issue 18): no full stops, so spaCy would make each one sentence.
ADVERSARIAL_LINE = '- Vask called it a "betrayal" and a "disgrace" and the Pellani said no'
ADVERSARIAL_CHARS = (4_000, 8_000, 16_000, 32_000, 60_000)


def adversarial_text(shape: str, n_chars: int) -> str:
    """A bullet list of quotes, a semicolon chain of quotes, one run-on sentence, a run of
    quotation marks, or nested parentheses, about ``n_chars`` long."""
    if shape == "quotation marks":
        return '"' * n_chars
    if shape == "nested parentheses":
        return "(" * (n_chars // 2) + ")" * (n_chars - n_chars // 2)
    if shape == "bullet list":
        unit, joiner = ADVERSARIAL_LINE, "\n"
    elif shape == "semicolon chain":
        unit, joiner = 'Vask called it a "betrayal"', "; "
    else:
        unit, joiner = "and the council said the Pellani had been moved again", " "
    parts: list[str] = []
    while sum(len(part) + len(joiner) for part in parts) < n_chars:
        parts.append(unit)
    return joiner.join(parts)


def _exponent(sizes: list[float], seconds: list[float]) -> float:
    """Slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    import math

    slope, _, _ = _fit([math.log(x) for x in sizes], [math.log(y) for y in seconds])
    return slope


def _cpu(function: Callable[[], Any]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


#: Shapes whose plain spaCy parse is itself super-linear (spaCy's tokenizer splits a run of
#: punctuation one character at a time): only their analyze time is measured at every size.
PUNCTUATION_RUNS = ("quotation marks", "nested parentheses")

_QUOTES_SCRIPT = """
import sys, time
sys.path.insert(0, sys.argv[2])
from run import generated_article
from propaganda_lab.nlp import load_nlp
nlp = load_nlp()
nlp("Warm up.")
text = '"' * int(sys.argv[3])
start = time.process_time()
if sys.argv[1] == "plain":
    nlp(text)
elif sys.argv[1] == "prose":
    nlp(generated_article(3_000)[: len(text)])
else:
    from propaganda_lab.analysis import analyze
    analyze("Warm up.")
    start = time.process_time()
    analyze(text)
print(time.process_time() - start)
"""


def _fresh_cpu(kind: str, n_chars: int) -> float:
    done = subprocess.run([sys.executable, "-c", _QUOTES_SCRIPT, kind, str(HERE), str(n_chars)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def bench_adversarial() -> list[str]:
    from propaganda_lab.analysis import analyze
    from propaganda_lab.nlp import clear_parse_cache

    nlp = load_nlp()
    analyze(adversarial_text("bullet list", 500))  # warm: matchers and lexicons built once
    lines = ["| shape | characters | plain spaCy parse of this text | plain parse of prose this "
             "long | analyze (CPU) | ratio to prose parse |", "|---|---:|---:|---:|---:|---:|"]
    fits = []
    for shape in ("bullet list", "semicolon chain", "run-on sentence", *PUNCTUATION_RUNS):
        sizes, times = [], []
        for n_chars in ADVERSARIAL_CHARS:
            text = adversarial_text(shape, n_chars)
            prose = generated_article(n_chars // 4)[: len(text)]
            own = "—" if shape in PUNCTUATION_RUNS else f"{_cpu(partial(nlp, text)):,.2f} s"
            baseline = _cpu(partial(nlp, prose))
            clear_parse_cache()
            full = _cpu(partial(analyze, text))
            sizes.append(float(len(text)))
            times.append(full)
            lines.append(f"| {shape} | {len(text):,} | {own} | {baseline:,.2f} s | "
                         f"{full:,.2f} s | {full / baseline:.2f} |")
            print(lines[-1], flush=True)
        fits.append(f"{shape} **{_exponent(sizes, times):.2f}**")
    clear_parse_cache()
    lines += ["", "Fitted exponent of analyze CPU time against length (1.00 = linear; goal ≤ "
              "1.1): " + "; ".join(fits) + ". Long runs of non-space characters are tokenized "
              "`nlp.MAX_RUN_CHARS` at a time and stretches longer than "
              "`nlp.MAX_SENTENCE_TOKENS` get sentence starts before the first parse, so "
              "these shapes are parsed once.", ""]
    print(lines[-2], flush=True)
    plain, prose, ours = (_fresh_cpu(kind, 10_000) for kind in ("plain", "prose", "analyze"))
    lines += [f"Issue 28 repro 6, 10,000 quotation marks (10 KB), each in a fresh process, CPU "
              f"time: plain spaCy `nlp(text)` **{plain:,.1f} s**; `analyze(text)` **{ours:,.1f} "
              f"s** (goal ≤ 5 s); plain parse of 10 KB of prose {prose:,.1f} s (analyze of the "
              f"quotation marks is {ours / prose:.1f}× that).", ""]
    print(lines[-2], flush=True)
    return lines


def bench_bounded_parse() -> list[str]:
    """What bounding the parse costs on ordinary articles: ``nlp.parse`` (pieces, long runs,
    sentence starts before the parse) against plain ``nlp(text)``, CPU time, best of 7,
    interleaved."""
    from propaganda_lab.nlp import parse

    nlp = load_nlp()
    lines = ["| words | characters | plain `nlp(text)` | `nlp.parse(text)` | ratio |",
             "|---:|---:|---:|---:|---:|"]
    for n_words in (1_000, 4_000, 16_000):
        text = generated_article(n_words)
        plain, bounded = [], []
        for _ in range(7):
            plain.append(_cpu(partial(nlp, text)))
            bounded.append(_cpu(partial(parse, text)))
        lines.append(f"| {n_words:,} | {len(text):,} | {min(plain) * 1000:,.0f} ms | "
                     f"{min(bounded) * 1000:,.0f} ms | {min(bounded) / min(plain):.2f} |")
        print(lines[-1], flush=True)
    return lines


_PEAK_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[3])
from run import generated_article
from propaganda_lab.nlp import load_nlp
load_nlp()
import propaganda_lab.analysis, propaganda_lab.widgets.your_text
rss = [line for line in open('/proc/self/status') if line.startswith('VmRSS')][0]
base = int(rss.split()[1])
text = generated_article(int(sys.argv[2]))
if sys.argv[1] == 'widget':
    from propaganda_lab.widgets.your_text import (AnalyzeYourText, ARTICLE_MAX_CHARS,
                                                  SOURCES_MAX_TOTAL_CHARS)
    article = text[:ARTICLE_MAX_CHARS]
    source = generated_article(40_000, seed=5)[:SOURCES_MAX_TOTAL_CHARS // 3 - 10]
    widget = AnalyzeYourText(article=article, sources='\\n---\\n'.join([source] * 3))
    widget.analyze()
    assert widget.report is not None, widget.message.value
    chars = len(article) + 3 * len(source)
else:
    report = propaganda_lab.analysis.analyze(text)
    report.to_html()
    chars = len(text)
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big benchmark
# process would report its parent's peak.
hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0]
peak = int(hwm.split()[1])
print(chars, base, peak)
"""


_CLI_PEAK_SCRIPT = """
import sys, tempfile, os
sys.path.insert(0, sys.argv[3])
from run import adversarial_text, generated_article
n_chars = int(sys.argv[2])
text = (adversarial_text("bullet list", n_chars) if sys.argv[1] == "bullet list"
        else generated_article(n_chars // 5))[:n_chars]
folder = tempfile.mkdtemp()
article = os.path.join(folder, "article.txt")
open(article, "w", encoding="utf-8").write(text)
from propaganda_lab.cli import main
status = main(["analyze", article, "--max-chars", str(n_chars), "--html",
               os.path.join(folder, "r.html"), "--json", os.path.join(folder, "r.json")])
html = os.path.getsize(os.path.join(folder, "r.html"))
hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0]
print(status, len(text), html, int(hwm.split()[1]), file=sys.stderr)
"""


def _cli_peak(shape: str, n_chars: int) -> tuple[int, int, int, int]:
    """(exit status, characters, HTML bytes, peak KB) of ``propaganda-lab analyze --html
    --json`` on ``n_chars`` of ``shape``, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _CLI_PEAK_SCRIPT, shape, str(n_chars),
                           str(HERE)], capture_output=True, text=True, check=True)
    status, chars, html, peak = (int(v) for v in done.stderr.split()[-4:])
    return status, chars, html, peak


def bench_memory() -> list[str]:
    """Peak resident memory (VmHWM of a fresh process) of analyze + HTML report per article
    size, of the Analyze-your-text widget at its own limits, and of the CLI (``analyze --html
    --json``) at every documented limit: its default ``--max-chars`` and the library's
    ``MAX_CHARS``, on prose and on the shape that costs most (a bullet list of quotes)."""
    from propaganda_lab.cli import DEFAULT_MAX_CHARS
    from propaganda_lab.nlp import MAX_CHARS

    lines = ["| input | characters | process with model loaded | peak | added per character |",
             "|---|---:|---:|---:|---:|"]
    for kind, n_words in (("analyze + HTML", 2_000), ("analyze + HTML", 8_000),
                          ("analyze + HTML", 32_000), ("widget at its limits", 12_000)):
        mode = "widget" if kind.startswith("widget") else "analyze"
        out = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, mode, str(n_words), str(HERE)],
                             capture_output=True, text=True, check=True).stdout.split()
        chars, base, peak = (int(value) for value in out[-3:])
        lines.append(f"| {kind} | {chars:,} | {base / 1024:,.0f} MB | {peak / 1024:,.0f} MB | "
                     f"{(peak - base) * 1024 / chars:,.0f} bytes |")
        print(lines[-1], flush=True)
    lines += ["", "The CLI at each documented limit (`propaganda-lab analyze FILE --max-chars N "
              "--html OUT --json OUT`, one fresh process each; goal: peak ≤ 1.0 GB, a Binder "
              "session's memory):", "",
              "| limit | text | characters | HTML written | peak | ≤ 1.0 GB? |",
              "|---|---|---:|---:|---:|:---:|"]
    for limit_name, limit in ((f"CLI default `--max-chars` {DEFAULT_MAX_CHARS:,}",
                               DEFAULT_MAX_CHARS),
                              (f"library `MAX_CHARS` {MAX_CHARS:,}", MAX_CHARS)):
        for shape in ("prose", "bullet list"):
            status, chars, html, peak = _cli_peak(shape, limit)
            ok = "yes" if status == 0 and peak <= 1_000_000 else "**no**"
            lines.append(f"| {limit_name} | {shape} | {chars:,} | {html / 1e6:,.1f} MB | "
                         f"{peak / 1024:,.0f} MB | {ok} |")
            print(lines[-1], flush=True)
    return lines


# --------------------------------------------------------------------------- 3. widgets


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def corpus_text(case_id: str, n_words: int = WIDGET_WORDS) -> str:
    """The opening of a teaching-corpus article: whole sentences, at least ``n_words`` words
    (cut at the first sentence end after that with every quotation mark closed)."""
    from propaganda_lab.corpus import load_case

    article = load_case(case_id).article
    for count, match in enumerate(re.finditer(r"\S+", article), start=1):
        if (count >= n_words and re.search(r"[.!?][\"”’')]*$", match.group())
                and article.count('"', 0, match.end()) % 2 == 0):
            return article[:match.end()]
    return article


def _edited(text: str, i: int) -> str:
    """A learner's edit: the same text with one more short sentence (a string never parsed).
    Every edit has the same word count and adds no cue word, so the scores are the same."""
    return f"{text} Edit {i}."


SAME_SCORES = "same scores as the last edit: chart reused"


def _set(path: str, value: Any) -> Callable[[Any], None]:
    """Set a (nested) widget attribute's ``value``: ``_set("side_a.text", ...)``."""

    def apply(widget: Any) -> None:
        target = widget
        for part in path.split("."):
            target = getattr(target, part)
        target.value = value

    return apply


def _click(widget: Any, button: str) -> None:
    getattr(widget, button).click()


def _cycle(path: str) -> Callable[[Any, int], None]:
    """Step through a selection control's options (a different value at every step)."""

    def step(widget: Any, i: int) -> None:
        control = widget
        for part in path.split("."):
            control = getattr(control, part)
        values = [option[1] if isinstance(option, tuple) else option
                  for option in control.options]
        control.value = values[i % len(values)]

    return step


def _typed(path: str, text: str, button: str | None = None) -> Callable[[Any, int], None]:
    """Type a new version of ``text`` into a box (and press ``button``): a new text."""

    def step(widget: Any, i: int) -> None:
        _set(path, _edited(text, i))(widget)
        if button:
            _click(widget, button)

    return step


def _pressed(button: str) -> Callable[[Any, int], None]:
    return lambda widget, _i: _click(widget, button)


class Action:
    """One learner action on one widget: untimed ``setup`` once, ``warm`` untimed warm-up
    steps, then per repetition an untimed ``before(widget, i)`` and the timed ``step``.

    ``parses(i)``, for an action on a new text, is the text step ``i`` has to parse: it is
    parsed with plain spaCy just before the step (untimed for the widget), so the table can
    give the widget's own time beyond that one parse, measured at the same moment.
    """

    def __init__(self, label: str, step: Callable[[Any, int], None],
                 setup: Callable[[Any], None] | None = None,
                 before: Callable[[Any, int], None] | None = None, warm: int = 2,
                 parses: Callable[[int], str] | None = None) -> None:
        self.label, self.step, self.setup, self.before = label, step, setup, before
        self.warm, self.parses = warm, parses


def _forget_charts(module: str) -> Callable[[Any, int], None]:
    """An untimed ``before``: empty a widget module's chart cache (if it has one), so the
    step draws its chart as it would the first time."""

    def forget(_widget: Any, _i: int) -> None:
        import importlib

        charts = getattr(importlib.import_module(module), "_CHARTS", None)
        if charts is not None:
            charts.clear()

    return forget


def _frame_compare(texts: dict[str, str]) -> tuple[Callable[[], Any], list[Action]]:
    from propaganda_lab.corpus import list_cases
    from propaganda_lab.widgets.frame_compare import OWN_TEXT, FrameCompare

    a, b = texts["harbor_protest_ledger"], texts["harbor_protest_truthwatch"]

    def build() -> Any:
        widget = FrameCompare()
        for side, text in ((widget.side_a, a), (widget.side_b, b)):
            side.picker.value = OWN_TEXT
            side.text.value = text
        widget.compare_button.click()
        return widget

    def own_a(widget: Any) -> None:
        widget.side_a.text.value = a
        widget.compare_button.click()

    def own_b(widget: Any) -> None:
        widget.side_b.picker.value = OWN_TEXT
        widget.side_b.text.value = b
        widget.compare_button.click()

    cases = sorted(set(list_cases("framing")) | set(list_cases("mixed")))

    def pick_b(widget: Any, i: int) -> None:
        widget.side_b.picker.value = cases[i % len(cases)]
        widget.compare_button.click()

    pick = f"pick text B from the {len(cases)} cases, press Compare (whole case article"
    return build, [
        Action("edit text A, press Compare (new text; chart not drawn before)",
               _typed("side_a.text", a, "compare_button"), parses=lambda i: _edited(a, i),
               before=_forget_charts(FrameCompare.__module__)),
        Action(f"edit text A, press Compare (new text, {SAME_SCORES})",
               _typed("side_a.text", a, "compare_button"), parses=lambda i: _edited(a, i)),
        Action("press Compare again (same texts)", _pressed("compare_button"), setup=own_a),
        Action(f"{pick}, parsed before; chart not drawn before)", pick_b, setup=own_b,
               warm=len(cases) + 1, before=_forget_charts(FrameCompare.__module__)),
        Action(f"{pick}; this pair compared before)", pick_b, setup=own_b, warm=len(cases) + 1),
    ]


def _quote_audit(texts: dict[str, str]) -> tuple[Callable[[], Any], list[Action]]:
    from propaganda_lab.corpus import load_case
    from propaganda_lab.widgets.quote_audit import SOURCE_SEPARATOR, QuoteAudit

    case = load_case("mayor_interview_clipped")
    article, sources = texts[case.id], SOURCE_SEPARATOR.join(case.sources)
    source_words = len(sources.split())

    def select(widget: Any, i: int) -> None:
        widget.quote_list.value = i % len(widget.checks)

    def reset(widget: Any) -> None:
        widget.article_box.value, widget.sources_box.value = article, sources
        widget.check_button.click()

    return (lambda: QuoteAudit(article, case.sources)), [
        Action("edit the article, press Check (new text)",
               _typed("article_box", article, "check_button"),
               parses=lambda i: _edited(article, i)),
        Action("press Check again (same texts)", _pressed("check_button"), setup=reset),
        Action("select a quote in the list", select, setup=reset),
        Action(f"edit the source ({source_words} words), press Check (new source text)",
               _typed("sources_box", sources, "check_button"), setup=reset,
               parses=lambda i: _edited(sources, i)),
    ]


def _dehumanization_lens(texts: dict[str, str]) -> tuple[Callable[[], Any], list[Action]]:
    from propaganda_lab.corpus import list_cases
    from propaganda_lab.widgets.dehumanization_lens import OWN_TEXT, DehumanizationLens

    text = texts["teskari_workers_radio"]
    forget = _forget_charts(DehumanizationLens.__module__)

    def own(widget: Any) -> None:
        widget.own_text.value = text
        widget.text_choice.value = OWN_TEXT

    def build() -> Any:
        widget = DehumanizationLens()
        own(widget)
        return widget

    def other_group(widget: Any, _i: int) -> None:
        values = [value for _label, value in widget.group.options]
        widget.group.value = values[1] if widget.group.value == values[0] else values[0]

    def drawn(widget: Any, i: int) -> None:  # the chart on screen is the one just drawn
        forget(widget, i)
        widget.render()

    def toggle(widget: Any, _i: int) -> None:
        widget.reveal.value = not widget.reveal.value

    cases = list_cases("dehumanization")
    pick = f"pick a text from the {len(cases) + 1} in the dropdown (whole case article"
    return build, [
        Action("edit your own text (new text; chart not drawn before)", _typed("own_text", text),
               before=forget, parses=lambda i: _edited(text, i)),
        Action(f"edit your own text (new text, {SAME_SCORES})", _typed("own_text", text),
               parses=lambda i: _edited(text, i)),
        Action("re-render the same text (what the text observers run)",
               lambda widget, _i: widget._text_changed(), setup=own),
        Action("pick another group (chart not drawn before)", other_group, setup=own,
               before=forget),
        Action("pick another group (viewed before)", _cycle("group"), setup=own, warm=10),
        Action("toggle Reveal epithets", toggle, setup=own, before=drawn),
        Action(f"{pick}, parsed before; chart not drawn before)", _cycle("text_choice"),
               setup=lambda w: setattr(w.text_choice, "value", cases[0]),
               warm=len(cases) + 2, before=forget),
        Action(f"{pick}; viewed before)", _cycle("text_choice"), warm=len(cases) + 2),
    ]


def _marked(widget: Any) -> Any:
    """A SpotTheTechnique with one learner mark, so checking has something to grade."""
    widget.words.value = "Tear gas was used"
    widget.words_button.click()
    return widget


def _other_widgets(texts: dict[str, str], tmp: Path
                   ) -> dict[str, tuple[Callable[[], Any], list[Action]]]:
    """The other widgets: their main callback, on a new text where they take one."""
    from propaganda_lab import widgets as w
    from propaganda_lab.corpus import load_case

    framing = texts["harbor_protest_ledger"]
    case = load_case("mayor_interview_clipped")
    article, source = texts[case.id], case.sources[0]

    def new_text(path: str, text: str, label: str = "type a new text",
                 button: str | None = None) -> Action:
        return Action(f"{label} (new text)", _typed(path, text, button),
                      parses=lambda i: _edited(text, i))

    found: dict[str, tuple[Callable[[], Any], list[Action]]] = {
        "WhoDoesWhat": (w.WhoDoesWhat, [new_text("text", framing)]),
        "AgencyView": (w.AgencyView, [new_text("text", framing)]),
        "ReframeSandbox": (w.ReframeSandbox, [new_text("text", framing)]),
        "ContextSlider": (lambda: w.ContextSlider(article=article, source=source), [
            new_text("article_box", article, "edit the article, press Use these texts",
                     "load_button"),
            Action("move the context slider", _cycle("level")),
        ]),
        "LabelCompare": (w.LabelCompare, [Action("pick another label", _cycle("label"))]),
        "TechniqueExplorer": (w.TechniqueExplorer,
                              [Action("pick another technique", _cycle("technique"))]),
        "SpotTheTechnique": (
            lambda: _marked(w.SpotTheTechnique("harbor_protest_ledger",
                                               answers_path=tmp / "a.json")),
            [Action("press Check", _pressed("check_button"))]),
    }
    try:
        from propaganda_lab.widgets.your_text import AnalyzeYourText

        found["AnalyzeYourText"] = (AnalyzeYourText, [
            new_text("article_box", framing, "paste a text, press Analyze", "analyze_button")])
    except ImportError:
        pass
    return found


def _time_action(widget: Any, action: Action, nlp: Any, runs: int
                 ) -> tuple[list[float], list[float]]:
    """Times of the step, and (for an action on a new text) of plain-parsing that text."""
    if action.setup:
        action.setup(widget)
    times, parses = [], []
    for i in range(-action.warm, runs):  # negative i: warm-up (first-call caches, fonts)
        if action.before:
            action.before(widget, i)
        parse = _timed(partial(nlp, action.parses(i))) if action.parses else 0.0
        elapsed = _timed(partial(action.step, widget, i))
        if i >= 0:
            times.append(elapsed)
            parses.append(parse)
    return times, parses


def bench_widgets(runs: int = WIDGET_RUNS) -> list[str]:
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    nlp = load_nlp()
    cases = ("harbor_protest_ledger", "harbor_protest_truthwatch", "mayor_interview_clipped",
             "teskari_workers_radio")
    texts = {case: corpus_text(case) for case in cases}
    reference = texts["harbor_protest_ledger"]
    samples: list[float] = []

    def measure_parse() -> None:  # sampled before every widget: the machine's pace right now
        samples.extend(_timed(partial(nlp, _edited(reference, 1000 + i))) for i in range(5))

    rows: list[tuple[str, str, float, float, float | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        widgets = {"FrameCompare": _frame_compare(texts), "QuoteAudit": _quote_audit(texts),
                   "DehumanizationLens": _dehumanization_lens(texts),
                   **_other_widgets(texts, Path(folder))}
        for name, (build, actions) in widgets.items():
            measure_parse()
            widget = build()
            for action in actions:
                times, parses = _time_action(widget, action, nlp, runs)
                if "Something went wrong" in widget.message.value:
                    raise RuntimeError(f"{name} ({action.label}): the widget reported an "
                                       f"error: {widget.message.value}")
                beyond = (_percentile([t - p for t, p in zip(times, parses, strict=True)], 0.95)
                          if action.parses else None)
                rows.append((name, action.label, _percentile(times, 0.5),
                             _percentile(times, 0.95), beyond))
                print(f"{name:20s} {action.label[:64]:64s} p50 {rows[-1][2] * 1000:5.0f} ms  "
                      f"p95 {rows[-1][3] * 1000:5.0f} ms"
                      + (f"  beyond parse {beyond * 1000:5.0f} ms" if beyond is not None else ""),
                      flush=True)
    parse = statistics.median(samples)
    print(f"plain parse: median {parse * 1000:.0f} ms ({min(samples) * 1000:.0f}-"
          f"{max(samples) * 1000:.0f} ms)", flush=True)
    sizes = ", ".join(f"`{case}` {len(text.split())}" for case, text in texts.items())
    lines = [f"Texts: the opening of teaching-corpus articles, whole sentences, at least "
             f"{WIDGET_WORDS} words ({sizes} words). Each action is repeated {runs} times "
             "after untimed warm-up runs; an action is triggered as a learner triggers it "
             "(setting the control's value, or clicking its button). \"New text\" is a string "
             "never parsed before (a learner's edit), so its time includes one spaCy parse; "
             "*beyond its parse* is the p95 of (callback time − plain `nlp()` of the same text, "
             "timed just before it). \"Chart not drawn before\": the widget's chart cache "
             "was emptied before each step.", "",
             f"Plain spaCy parse of a {len(reference.split())}-word text, sampled before each "
             f"widget: median **{parse * 1000:.0f} ms** (range {min(samples) * 1000:.0f}-"
             f"{max(samples) * 1000:.0f} ms); the {WIDGET_BUDGET * 1000:.0f} ms goal is "
             f"{WIDGET_BUDGET / parse:.2f}× that. A callback on a new text cannot be faster "
             "than its parse, so on a slow or shared machine compare *p95 / parse* and "
             "*beyond its parse* rather than the milliseconds.", "",
             "| widget | learner action | p50 | p95 | p95 / parse | p95 beyond its parse | "
             "p95 < 100 ms? |",
             "|---|---|---:|---:|---:|---:|:---:|"]
    over = []
    for name, label, p50, p95, beyond in rows:
        extra = f"{beyond * 1000:.0f} ms" if beyond is not None else "—"
        lines.append(f"| {name} | {label} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
                     f"{p95 / parse:.2f} | {extra} | "
                     f"{'yes' if p95 < WIDGET_BUDGET else '**no**'} |")
        if p95 >= WIDGET_BUDGET:
            over.append(f"{name} ({label})")
    lines += ["", f"Over {WIDGET_BUDGET * 1000:.0f} ms at p95: "
              + ("; ".join(over) if over else "none") + "."]
    print(lines[-1], flush=True)
    return lines


# --------------------------------------------------------------------------- first minute

#: The first-minute goals of issue 27.
FIRST_TAB_BUDGET = 1.5
APP_FIRST_RENDER_BUDGET = 10.0
FIRST_MINUTE_WORDS = 600
FIRST_MINUTE_RUNS = 9


def bench_first_minute() -> list[str]:
    """AnalyzeYourText on a ~600-word article pasted by a learner: the Analyze click until the
    first tab is filled (the callback returns; charts wait for their tab, the report page for
    the Download click), against a plain parse of the same text; then what is deferred."""
    import matplotlib

    matplotlib.use("Agg")
    from propaganda_lab.nlp import clear_parse_cache
    from propaganda_lab.widgets.your_text import FRAMES_TAB, GROUP_TAB, AnalyzeYourText

    nlp = load_nlp()
    base = generated_article(FIRST_MINUTE_WORDS, seed=27)
    widget = AnalyzeYourText()
    widget.load_example()  # as the app opens (warms lexicons and matchers)
    clicks, parses, tabs, downloads = [], [], [], []
    for i in range(-2, FIRST_MINUTE_RUNS):  # two untimed warm-up runs
        text = _edited(base, 5000 + i)
        clear_parse_cache()
        parse = _timed(partial(nlp, text))
        clear_parse_cache()
        widget.article_box.value = text  # pasted over the example: its source goes
        widget.tabs.selected_index = 0
        click = _timed(widget.analyze_button.click)
        if widget.report is None or widget.charts_pending() != [FRAMES_TAB, GROUP_TAB]:
            raise RuntimeError(f"AnalyzeYourText did not analyse: {widget.message.value}")
        charts = _timed(lambda: (setattr(widget.tabs, "selected_index", FRAMES_TAB),
                                 setattr(widget.tabs, "selected_index", GROUP_TAB)))
        download = _timed(widget.download.content)
        if i >= 0:
            clicks.append(click)
            parses.append(parse)
            tabs.append(charts)
            downloads.append(download)
    ratios = sorted(c / p for c, p in zip(clicks, parses, strict=True))
    eager = statistics.median(c + t + d for c, t, d in zip(clicks, tabs, downloads, strict=True))
    median_ratio = statistics.median(ratios)
    words = len(base.split())
    lines = [f"A generated fictional article of {words} words (plus a short edit per run, so "
             "each run parses a new string), pasted into the app after its example, the parse "
             f"cache cleared; {FIRST_MINUTE_RUNS} runs after 2 warm-up runs. *Analyze → first "
             "tab* is the whole Analyze callback: analysis, highlights, summary, quotes and the "
             "group tables; the charts are drawn when their tab is opened and the report page "
             "when Download is clicked, so they are timed apart.", "",
             "| step | median | ratio to plain parse (median of per-run ratios) |",
             "|---|---:|---:|",
             f"| plain spaCy parse | {statistics.median(parses) * 1000:.0f} ms | 1.00 |",
             f"| Analyze → first tab shown | {statistics.median(clicks) * 1000:.0f} ms | "
             f"**{median_ratio:.2f}** (worst {ratios[-1]:.2f}) |",
             f"| opening Frames and Group (two charts drawn) | "
             f"{statistics.median(tabs) * 1000:.0f} ms | "
             f"{statistics.median(tabs) / statistics.median(parses):.2f} |",
             f"| Download clicked (report page built) | "
             f"{statistics.median(downloads) * 1000:.0f} ms | "
             f"{statistics.median(downloads) / statistics.median(parses):.2f} |", "",
             f"Goal: Analyze → first tab ≤ {FIRST_TAB_BUDGET:.1f}× a plain parse: "
             + ("met" if median_ratio <= FIRST_TAB_BUDGET else "**not met**")
             + f" (median {median_ratio:.2f}). Before charts and report page waited for "
             "their tab and the Download click, the Analyze callback did all three steps: "
             f"{eager * 1000:.0f} ms here, {eager / statistics.median(parses):.2f}× the parse."]
    for line in lines[-7:]:
        print(line, flush=True)
    return lines


_KERNEL_STEPS = """
import time
_t = [time.perf_counter()]
def _lap(_t=_t):
    now = time.perf_counter(); spent = now - _t[0]; _t[0] = now; return spent
_times = {}
import spacy, ipywidgets
_times["import spaCy and ipywidgets"] = _lap()
from propaganda_lab.widgets.your_text import AnalyzeYourText
_times["import the app (propaganda_lab)"] = _lap()
from propaganda_lab.nlp import load_nlp
load_nlp()
_times["load the spaCy model"] = _lap()
app = AnalyzeYourText()
app.load_example()
_times["first analysis of the example, first tab filled"] = _lap()
print(repr(_times))
"""
_KERNEL_PLAIN = """
import time
_t0 = time.perf_counter()
import spacy
nlp = spacy.load("en_core_web_sm")
nlp("Sarnet caves in to Ostreva again. The government's so-called compromise is a betrayal.")
print(repr(time.perf_counter() - _t0))
"""


def _in_a_fresh_kernel(code: str) -> tuple[float, Any]:
    """(seconds to start a kernel, the repr the code printed) in a fresh python3 kernel."""
    import ast

    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter() - start
        client.execute_cell(notebook.cells[0], 0)
    printed = "".join(o.get("text", "") for o in notebook.cells[0].outputs)
    return started, ast.literal_eval(printed.strip().splitlines()[-1])


def _browser_first_render(url_of: Callable[[], Any], runs: int) -> list[float]:
    """Seconds from opening the app's URL to its highlights on screen, per run."""
    from playwright.sync_api import sync_playwright

    from tests.browser.jupyter import CHROMIUM_ARGS, chromium_executable

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(),
                                             headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(url_of(), timeout=180_000)
                page.locator(".pl-your-highlights").get_by_text("Your text").first.wait_for(
                    timeout=180_000)
                times.append(time.perf_counter() - start)
                page.close()
        finally:
            browser.close()
    return times


def bench_app() -> list[str]:
    """The Voilà app's first render: where its time goes in a fresh kernel, against a fresh
    kernel that only loads spaCy; then in Chromium, standalone and on a JupyterLab server."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    plain_start, plain = _in_a_fresh_kernel(_KERNEL_PLAIN)
    app_start, steps = _in_a_fresh_kernel(_KERNEL_STEPS)
    ours = app_start + sum(steps.values())
    baseline = plain_start + plain
    lines = ["In a fresh Jupyter kernel (nbclient), the steps of notebook 06's app cell, against "
             "a fresh kernel that only imports spaCy, loads the model and parses one sentence:",
             "", "| step | seconds |", "|---|---:|",
             f"| start the kernel | {app_start:.2f} |"]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in steps.items()]
    lines += [f"| **total** | **{ours:.2f}** |", "",
              f"Plain kernel + `spacy.load` + one parse: {baseline:.2f} s; the app's kernel "
              f"side is **{ours / baseline:.2f}×** that.", ""]
    print("\n".join(lines), flush=True)
    from tests.browser.jupyter import (
        chromium_executable,
        free_port,
        running_lab,
        stop_process,
        wait_until_serving,
    )

    if chromium_executable() is None:
        return [*lines, "_Browser timings skipped: Debian's chromium is not installed._"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log_path = Path(tmp) / "voila.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "voila", "notebooks/06_your_own_text.ipynb",
                 "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"], cwd=ROOT,
                stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime")})
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_serving(f"{url}api/status", process, log_path, "Voilà")
            rows.append(("standalone `voila notebooks/06_your_own_text.ipynb`",
                         _browser_first_render(lambda: url, 3)))
        finally:
            stop_process(process)
        with running_lab(Path(tmp) / "lab", learner=True) as server:
            lab_url = (f"{server.url}/voila/render/notebooks/06_your_own_text.ipynb"
                       f"?token={server.token}")
            rows.append(("`/voila/render/notebooks/06_your_own_text.ipynb` on `jupyter lab`",
                         _browser_first_render(lambda: lab_url, 3)))
    lines += ["In Debian's Chromium (headless), from opening the URL to the app's highlights on "
              "screen, 3 visits per server (the first right after the server started):", "",
              "| server | 1st visit | 2nd | 3rd | ≤ 10 s? |", "|---|---:|---:|---:|:---:|"]
    for name, times in rows:
        lines.append(f"| {name} | " + " | ".join(f"{t:.1f} s" for t in times)
                     + f" | {'yes' if max(times) <= APP_FIRST_RENDER_BUDGET else '**no**'} |")
    print("\n".join(lines[-len(rows) - 2:]), flush=True)
    if BASELINE is not None:
        lines += ["", *_before_and_after(BASELINE)]
    return lines


#: ``--baseline DIR``: a copy of an earlier commit (``git archive COMMIT | tar -x -C DIR``)
#: whose standalone app the app step times too, interleaved with this checkout's.
BASELINE: Path | None = None
BASELINE_ROUNDS = 4


def _standalone_first_visit(root: Path, tmp: Path) -> float:
    """One visit to a freshly started standalone Voilà serving ``root``'s notebook 06, with
    ``root/src`` first on the path (kernel included)."""
    from tests.browser.jupyter import free_port, stop_process, wait_until_serving

    port = free_port()
    log_path = tmp / "voila.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "PYTHONPATH": str(root / "src")}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", "notebooks/06_your_own_text.ipynb", "--no-browser",
             f"--port={port}", "--Voila.ip=127.0.0.1"], cwd=root, env=env, stdout=log,
            stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(f"{url}api/status", process, log_path, "Voilà")
        return _browser_first_render(lambda: url, 1)[0]
    finally:
        stop_process(process)


def _before_and_after(baseline: Path) -> list[str]:
    import tempfile

    variants = {f"`{baseline.name}` (baseline)": baseline, "this checkout": ROOT}
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for round_number in range(BASELINE_ROUNDS):
            for index, (name, root) in enumerate(variants.items()):
                folder = Path(tmp) / f"{round_number}-{index}"
                folder.mkdir()
                times[name].append(_standalone_first_visit(root, folder))
                print(f"{name}: {times[name][-1]:.1f} s", flush=True)
    lines = [f"Before and after: the standalone app's first visit, a fresh server each time, "
             f"{BASELINE_ROUNDS} rounds alternating the two checkouts (so a busy moment hits "
             "both):", "", "| checkout | median | runs |", "|---|---:|---|"]
    for name, values in times.items():
        lines.append(f"| {name} | **{statistics.median(values):.1f} s** | "
                     + ", ".join(f"{t:.1f}" for t in values) + " |")
    print("\n".join(lines[-2:]), flush=True)
    return lines


# --------------------------------------------------------------------------- 4. cold start


def bench_cold_start() -> list[str]:
    def run(code: str) -> float:
        return min(_timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))
                   for _ in range(3))

    ours = run("import propaganda_lab; propaganda_lab.load_nlp()")
    plain = run("import spacy; spacy.load('en_core_web_sm')")
    import_only = run("import propaganda_lab")
    line = (f"`import propaganda_lab; propaganda_lab.load_nlp()` in a fresh interpreter: "
            f"**{ours:.2f} s** (best of 3); plain `spacy.load('en_core_web_sm')`: {plain:.2f} s "
            f"(ratio {ours / plain:.2f}); `import propaganda_lab` alone: {import_only:.2f} s.")
    print(line, flush=True)
    return [line]


# --------------------------------------------------------------------------- 5. nbval


def bench_nbval() -> list[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "notebooks", "exercises"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    notebooks = len(list(ROOT.glob("notebooks/*.ipynb")) + list(ROOT.glob("exercises/*.ipynb")))
    line = (f"`python -m pytest -q notebooks exercises` (nbval strict, {notebooks} notebooks): "
            f"**{wall:.0f} s** wall; result: `{summary}`.")
    print(line, flush=True)
    return [line]


# --------------------------------------------------------------------------- report


def machine() -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1) if match else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else memory
    import matplotlib
    import spacy

    return [f"Machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}), "
            f"{memory} RAM, {cpu}; Python {platform.python_version()}, spaCy "
            f"{spacy.__version__}, en_core_web_sm {load_nlp().meta['version']}, matplotlib "
            f"{matplotlib.__version__}. {_load()} at the start."]


def _load() -> str:
    """The load average: the machine may be shared, which slows every figure alike."""
    one, five, _ = os.getloadavg()
    return f"Load average {one:.2f} (1 min), {five:.2f} (5 min)"


def write_results(body: list[str]) -> None:
    """Replace this script's section of RESULTS.md, keeping every other section."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    header = ("# Benchmark results\n\nOne section per benchmark script; each script rewrites "
              "only its own section.\n")
    parts = re.split(r"(?m)^(?=## )", existing)
    head = parts[0] if parts[0].strip() else header
    sections = [p for p in parts[1:] if not p.startswith(SECTION)]
    ours = SECTION + "\n\n" + "\n".join(body).rstrip() + "\n\n"
    RESULTS.write_text(head.rstrip() + "\n\n" + ours + "".join(sections), encoding="utf-8")


def write_step(title: str, lines: list[str]) -> None:
    """Replace (or add) one step's subsection of this script's section of RESULTS.md."""
    existing = RESULTS.read_text(encoding="utf-8")
    start = existing.index(SECTION)
    end = existing.find("\n## ", start + len(SECTION))
    end = len(existing) if end < 0 else end + 1
    section = existing[start:end]
    block = f"### {title}\n\n" + "\n".join(lines).rstrip() + "\n\n"
    found = re.search(rf"(?m)^### {re.escape(title)}\n.*?(?=^### |\Z)", section, re.S)
    if found:
        section = section[:found.start()] + block + section[found.end():]
    else:
        section = section.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(existing[:start] + section + existing[end:], encoding="utf-8")


STEPS: dict[str, tuple[str, Callable[[], list[str]]]] = {
    "analyze": ("analyze: cost vs article length", bench_analyze),
    "quotes": ("Quote alignment against long sources", bench_quotes),
    "adversarial": ("Adversarial shapes: quote lists and run-on text", bench_adversarial),
    "memory": ("Peak memory per character", bench_memory),
    "bounded": ("Bounded parsing on ordinary articles", bench_bounded_parse),
    "widgets": (f"Widget callback latency ({WIDGET_WORDS}-word texts)", bench_widgets),
    "first_minute": (f"First minute: AnalyzeYourText on a {FIRST_MINUTE_WORDS}-word article",
                     bench_first_minute),
    "app": ("First minute: the Voilà app's first render", bench_app),
    "cold": ("Cold start", bench_cold_start),
    "nbval": ("Whole nbval run", bench_nbval),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-nbval", action="store_true", help="do not time the nbval run")
    parser.add_argument("--only", metavar="STEP", action="append", choices=list(STEPS),
                        help="run only this step (repeatable); prints, does not write "
                             "RESULTS.md unless --write")
    parser.add_argument("--write", action="store_true",
                        help="with --only: replace just these steps' parts of RESULTS.md")
    parser.add_argument("--baseline", metavar="DIR", type=Path,
                        help="the app step also times this copy of another commit "
                             "(git archive COMMIT | tar -x -C DIR), interleaved")
    options = parser.parse_args()
    global BASELINE
    BASELINE = options.baseline.resolve() if options.baseline else None
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = "python benchmarks/run.py" + (" --skip-nbval" if options.skip_nbval else "")
    body = [f"Measured {started} with `{command}`.", "", *machine(), ""]
    chosen = options.only or [name for name in STEPS
                              if not (name == "nbval" and options.skip_nbval)]
    print(body[2], flush=True)
    for name in chosen:
        title, step = STEPS[name]
        print(f"\n### {title}", flush=True)
        body += [f"### {title}", "", *step(), ""]
    body += [f"{_load()} at the end.", ""]
    print(body[-2], flush=True)
    if options.only and options.write:
        command = " ".join(["python benchmarks/run.py",
                            *(f"--only {name}" for name in chosen), "--write",
                            *([f"--baseline {options.baseline}"] if options.baseline else [])])
        for name in chosen:
            title, _step = STEPS[name]
            part = body[body.index(f"### {title}") + 2:]
            part = part[:next((i for i, line in enumerate(part) if line.startswith("### ")),
                              len(part))]
            write_step(title, [f"Measured {started} with `{command}`; {_load()}.", "",
                               *[line for line in part if not line.startswith("Load average")]])
        print(f"\nwritten to {RESULTS} (only: {', '.join(chosen)})")
        return
    if options.only:
        print("\n(--only: RESULTS.md not written)")
        return
    write_results(body)
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
