"""The course's benchmark suite: plain Python, public tools only.

Every time is also given as a ratio to plain spaCy parsing (``load_nlp()(text)``) of the same
text in the same run, so the figures mean something on any machine:

1. ``analyze`` on generated fictional articles of 250, 1,000, 4,000 and 16,000 words, with
   the slope of a least-squares line (ms per word) and R²: the cost must grow linearly;
2. quote alignment against 10k- and 100k-word sources (functions of quote_alignment.py);
3. the latency of each widget's main update callback on a 300-word text (p50 and p95;
   the goal is p95 < 100 ms);
4. cold start: ``import propaganda_lab`` + model load, in a fresh interpreter;
5. wall time of the whole nbval run (``pytest --nbval notebooks exercises``).

Run: ``python benchmarks/run.py`` (add ``--skip-nbval`` for a quick run). The figures go to
stdout and to the ``benchmarks/run.py`` section of benchmarks/RESULTS.md; other sections of
that file (written by other scripts) are kept.
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
WIDGET_RUNS = 20

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


def _best_of(function: Callable[[], Any], repeats: int) -> float:
    return min(_timed(function) for _ in range(repeats))


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
    nlp = load_nlp()
    lines = ["| words | plain spaCy parse | analyze (incl. parse) | ratio | findings |",
             "|---:|---:|---:|---:|---:|"]
    words, seconds = [], []
    for size in ARTICLE_SIZES:
        text = generated_article(size)
        repeats = 3 if size <= 4_000 else 1
        parse = _best_of(lambda t=text: nlp(t), repeats)
        report = analyze(text)
        full = _best_of(lambda t=text: analyze(t), repeats)
        n_words = len(text.split())
        words.append(n_words)
        seconds.append(full)
        lines.append(f"| {n_words:,} | {parse * 1000:,.0f} ms | {full * 1000:,.0f} ms | "
                     f"{full / parse:.2f} | {len(report.findings):,} |")
        print(lines[-1], flush=True)
    slope, intercept, r2 = _fit(words, seconds)
    per_word_small = seconds[1] / words[1]
    per_word_large = seconds[-1] / words[-1]
    lines += ["", f"Linear fit of analyze time vs words: **{slope * 1000:.3f} ms per word** "
              f"(intercept {intercept * 1000:.0f} ms, R² = {r2:.4f}). Cost per word at "
              f"{words[-1]:,} words is {per_word_large / per_word_small:.2f}× the cost per "
              f"word at {words[1]:,} words (1.00 = perfectly linear)."]
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
        plain = _timed(lambda t=source_text: nlp(t))
        parse = _timed(lambda t=source_text: parse_source(t))
        source = parse_source(source_text)
        quote = next(q for q in extract_quotes(article) if q.kind == "speech")
        per_quote = statistics.median(
            _timed(lambda q=quote, s=source: check_quote(q, s)) for _ in range(30))
        article_parse = statistics.median(_timed(lambda a=article: nlp(a)) for _ in range(10))
        lines.append(f"| {len(source.words):,} | {plain:,.1f} s | {parse:,.1f} s | "
                     f"{parse / plain:.2f} | {per_quote * 1000:.2f} ms | "
                     f"{per_quote / article_parse:.2f} |")
        print(lines[-1], flush=True)
    return lines


# --------------------------------------------------------------------------- 3. widgets


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _marked(widget: Any) -> Any:
    """A SpotTheTechnique with one learner mark, so checking has something to grade."""
    widget.words.value = "Tear gas was used"
    widget.words_button.click()
    return widget


def _widget_cases(text: str, tmp: Path) -> dict[str, tuple[Callable[[], Any], Callable]]:
    """Widget -> (build, update(widget, i)): the learner action that runs the main callback."""
    from propaganda_lab import widgets as w

    source = "ILSE VARN: " + text
    quoted = f'Ilse Varn said "{" ".join(text.split()[20:32])}". ' + text

    def typed(attribute: str, body: str, button: str | None = None) -> Callable:
        def update(widget: Any, i: int) -> None:
            target = widget
            for part in attribute.split("."):
                target = getattr(target, part)
            target.value = f"{body} Update {i}."
            if button:
                getattr(widget, button).click()
        return update

    def toggle(attribute: str) -> Callable:
        def update(widget: Any, i: int) -> None:
            control = getattr(widget, attribute)
            options = [value for _label, value in control.options]
            control.value = options[i % len(options)]
        return update

    def dehumanization(widget: Any, i: int) -> None:
        widget.text_choice.value = "__own__"
        widget.own_text.value = f"{text} Update {i}."

    cases: dict[str, tuple[Callable[[], Any], Callable]] = {
        "WhoDoesWhat.update": (w.WhoDoesWhat, typed("text", text)),
        "AgencyView.update": (w.AgencyView, typed("text", text)),
        "FrameCompare.update": (w.FrameCompare, typed("side_a.text", text, "compare_button")),
        "ReframeSandbox._rebase": (w.ReframeSandbox, typed("text", text)),
        "QuoteAudit.run": (lambda: w.QuoteAudit(sources=[source]),
                           typed("article_box", quoted, "check_button")),
        "ContextSlider.load": (lambda: w.ContextSlider(source=source),
                               typed("article_box", quoted, "load_button")),
        "DehumanizationLens.update": (w.DehumanizationLens, dehumanization),
        "LabelCompare.render": (w.LabelCompare, toggle("label")),
        "TechniqueExplorer.update": (w.TechniqueExplorer, toggle("technique")),
        "SpotTheTechnique.check": (
            lambda: _marked(w.SpotTheTechnique("harbor_protest_ledger",
                                               answers_path=tmp / "a.json")),
            lambda widget, _i: widget.check_button.click()),
    }
    try:
        from propaganda_lab.widgets.your_text import AnalyzeYourText

        cases["AnalyzeYourText.analyze"] = (
            AnalyzeYourText, typed("article_box", text, "analyze_button"))
    except ImportError:
        pass
    return cases


def bench_widgets() -> list[str]:
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    nlp = load_nlp()
    text = " ".join(generated_article(300).split()[:300])
    parse = statistics.median(_timed(lambda i=i: nlp(f"{text} Update {i}."))
                              for i in range(WIDGET_RUNS))
    lines = [f"Text: a generated 300-word article; plain spaCy parse of it: "
             f"{parse * 1000:.0f} ms (median).", "",
             "| widget callback | p50 | p95 | p95 / parse | p95 < 100 ms? |",
             "|---|---:|---:|---:|:---:|"]
    with tempfile.TemporaryDirectory() as folder:
        for name, (build, update) in _widget_cases(text, Path(folder)).items():
            widget = build()
            update(widget, -1)  # warm up (first-call caches, matplotlib fonts)
            times = [_timed(lambda i=i, u=update, w=widget: u(w, i)) for i in range(WIDGET_RUNS)]
            if "Something went wrong" in widget.message.value:
                raise RuntimeError(f"{name}: the widget reported an error: {widget.message.value}")
            p50, p95 = _percentile(times, 0.5), _percentile(times, 0.95)
            lines.append(f"| {name} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
                         f"{p95 / parse:.1f} | {'yes' if p95 < 0.1 else '**no**'} |")
            print(lines[-1], flush=True)
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
    import spacy

    return [f"Machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}), "
            f"{memory} RAM, {cpu}; Python {platform.python_version()}, spaCy "
            f"{spacy.__version__}, en_core_web_sm {load_nlp().meta['version']}."]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-nbval", action="store_true", help="do not time the nbval run")
    options = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = "python benchmarks/run.py" + (" --skip-nbval" if options.skip_nbval else "")
    body = [f"Measured {started} with `{command}`.", "", *machine(), ""]
    steps: list[tuple[str, Callable[[], list[str]]]] = [
        ("analyze: cost vs article length", bench_analyze),
        ("Quote alignment against long sources", bench_quotes),
        ("Widget callback latency (300-word text)", bench_widgets),
        ("Cold start", bench_cold_start),
    ]
    if not options.skip_nbval:
        steps.append(("Whole nbval run", bench_nbval))
    for title, step in steps:
        print(f"\n### {title}", flush=True)
        body += [f"### {title}", "", *step(), ""]
    write_results(body)
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
