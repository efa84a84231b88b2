"""How much does a whole-article analysis cost on top of parsing?

Goal (issue 7): ``analyze`` of a 1,000-word article with a 3,000-word source takes at most
1.3x the time of plain ``nlp()`` parsing of the same two texts, and ``analyze_many`` keeps at
least 80% of plain ``nlp.pipe`` throughput, both measured in the same run so the ratio means
something on any machine.

Texts: the article is built from the teaching corpus's own (fictional) articles, cut at a
paragraph to about 1,000 words; the source from the corpus's wire reports and transcripts, to
about 3,000 words, so quotes really trace and every lens has work to do. Timings are medians
of interleaved runs after one warm-up (matchers and lexicons are built once per process; the
cold first call is reported separately).

Run: ``python benchmarks/analyze_speed.py`` (add ``--profile`` for the top functions).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import platform
import pstats
import statistics
import time

from propaganda_lab.analysis import analyze, analyze_many
from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.nlp import load_nlp

REPEATS = 7
CORPUS_COPIES = 4


def _words(text: str) -> int:
    return len(text.split())


def _cut(paragraphs: list[str], target: int) -> str:
    """Whole paragraphs, in order (repeating if needed), until about ``target`` words."""
    chosen: list[str] = []
    index = 0
    while sum(_words(p) for p in chosen) < target:
        chosen.append(paragraphs[index % len(paragraphs)])
        index += 1
    return "\n\n".join(chosen)


def make_texts() -> tuple[str, str]:
    """A ~1,000-word article and a ~3,000-word source from the teaching corpus."""
    cases = [load_case(case_id) for case_id in list_cases()]
    with_sources = [case for case in cases if case.sources] or cases
    first = with_sources[0]
    paragraphs = [first.headline]
    for case in with_sources:
        paragraphs += [p for p in case.body.split("\n\n") if p.strip()]
    source_paragraphs = [p for case in with_sources for s in case.sources
                         for p in s.split("\n\n") if p.strip()]
    return _cut(paragraphs, 1000), _cut(source_paragraphs, 3000)


def _time(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def single_article(article: str, source: str) -> dict[str, float]:
    nlp = load_nlp()
    cold = _time(analyze, article, source=source)
    plain, full = [], []
    for _ in range(REPEATS):  # interleaved, so drift affects both alike
        plain.append(_time(lambda: (nlp(article), nlp(source))))
        full.append(_time(analyze, article, source=source))
    return {"cold": cold, "plain": statistics.median(plain), "analyze": statistics.median(full),
            "plain_min": min(plain), "analyze_min": min(full)}


def corpus_throughput() -> dict[str, float]:
    nlp = load_nlp()
    texts = [load_case(case_id).article for case_id in list_cases()] * CORPUS_COPIES
    plain, full = [], []
    for _ in range(3):
        plain.append(_time(lambda: list(nlp.pipe(texts))))
        full.append(_time(analyze_many, texts, progress=False))
    words = sum(_words(t) for t in texts)
    return {"texts": len(texts), "words": words, "plain": statistics.median(plain),
            "analyze_many": statistics.median(full), "plain_min": min(plain),
            "analyze_many_min": min(full)}


def profile(article: str, source: str, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    analyze(article, source=source)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()
    article, source = make_texts()
    print(f"machine: {platform.machine()} {platform.processor() or ''} "
          f"python {platform.python_version()}")
    print(f"article {_words(article)} words, source {_words(source)} words")
    single = single_article(article, source)
    ratio = single["analyze"] / single["plain"]
    print(f"plain nlp() of both texts: {single['plain'] * 1000:.0f} ms (median of {REPEATS})")
    print(f"analyze(article, source):  {single['analyze'] * 1000:.0f} ms -> {ratio:.2f}x "
          f"(goal <= 1.30x); cold first call {single['cold'] * 1000:.0f} ms")
    print(f"  fastest runs: plain {single['plain_min'] * 1000:.0f} ms, analyze "
          f"{single['analyze_min'] * 1000:.0f} ms -> "
          f"{single['analyze_min'] / single['plain_min']:.2f}x")
    corpus = corpus_throughput()
    plain_rate = corpus["words"] / corpus["plain"]
    full_rate = corpus["words"] / corpus["analyze_many"]
    print(f"corpus: {corpus['texts']:.0f} texts, {corpus['words']:.0f} words")
    print(f"nlp.pipe:     {plain_rate:,.0f} words/s")
    print(f"analyze_many: {full_rate:,.0f} words/s -> {full_rate / plain_rate:.0%} of nlp.pipe "
          "(goal >= 80%)")
    best = corpus["plain_min"] / corpus["analyze_many_min"]
    print(f"  fastest runs: analyze_many at {best:.0%} of nlp.pipe")
    if args.profile:
        print(profile(article, source))


if __name__ == "__main__":
    main()
