"""How long does tracing one quote take in a long source, once the source is parsed?

Generates fictional hearing transcripts of about 10,000 and 100,000 words, parses each once
with ``parse_source``, then times ``check_quote`` for a quote taken (clipped and with one
word changed) from the middle. The per-quote time is also given as a ratio to plain
``load_nlp()`` parsing of the short article, measured in the same run, so the figure means
something on any machine. Run: ``python benchmarks/quote_alignment.py``.
"""

from __future__ import annotations

import random
import statistics
import time

from propaganda_lab.nlp import load_nlp
from propaganda_lab.quotes import check_quote, extract_quotes, parse_source

SPEAKERS = ["CHAIR", "NADIA OSTER", "PAVEL MIRK", "ELSA VARGA", "TOMAS REIL"]
SYLLABLES = ["har", "bour", "ves", "tal", "mir", "on", "ka", "del", "sar", "net", "lo", "ra",
             "ost", "re", "va", "ten", "dor", "fi", "gal", "low", "pel", "la", "ni", "tes"]
COMMON = ["the", "a", "of", "and", "to", "in", "we", "will", "is", "not", "that", "it", "but"]
REPEATS = 30


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in
             range(size * 2)}
    return sorted(words)[:size]


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(COMMON) if rng.random() < 0.35 else rng.choice(vocab)
             for _ in range(rng.randint(10, 22))]
    return " ".join(words).capitalize() + "."


def make_transcript(n_words: int, seed: int = 7) -> tuple[str, str]:
    """A transcript of about ``n_words`` words and one of its sentences from the middle."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    lines, count, middle = [], 0, ""
    while count < n_words:
        turn = " ".join(_sentence(rng, vocab) for _ in range(rng.randint(1, 4)))
        lines.append(f"{rng.choice(SPEAKERS)}: {turn}")
        count += len(turn.split())
        if not middle and count >= n_words // 2:
            middle = turn.split(". ")[0].rstrip(".")
    return "\n".join(lines), middle


def make_article(sentence: str) -> str:
    """A short article quoting the middle sentence clipped and with one word swapped."""
    words = sentence.split()
    kept = words[2:-2]
    kept[len(kept) // 2] = "definitely"
    quote = " ".join(kept)
    return ("Hearing ends in uproar\n\nThe committee met on Tuesday in Sarnet. Nadia Oster, "
            f'the port director, told members that "{quote}." Few were convinced, and the '
            "session ended early.")


def _median_ms(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    nlp = load_nlp()
    rows = []
    for n_words in (10_000, 100_000):
        source_text, middle = make_transcript(n_words)
        article = make_article(middle)
        start = time.perf_counter()
        source = parse_source(source_text)
        parse_source_s = time.perf_counter() - start
        quote = next(q for q in extract_quotes(article) if q.kind == "speech")
        check = check_quote(quote, source)
        per_quote = _median_ms(lambda q=quote, s=source: check_quote(q, s))
        article_parse = _median_ms(lambda a=article: nlp(a), repeats=10)
        rows.append((len(source.words), parse_source_s, per_quote, article_parse,
                     per_quote / article_parse, sorted(check.flags)))
    print(f"{'source words':>12} | {'parse source':>12} | {'check 1 quote':>13} | "
          f"{'parse article':>13} | {'ratio':>5} | flags")
    for words, parsed, per_quote, article_parse, ratio, flags in rows:
        print(f"{words:>12,} | {parsed:>10.1f} s | {per_quote:>10.2f} ms | "
              f"{article_parse:>10.2f} ms | {ratio:>5.2f} | {', '.join(flags)}")


if __name__ == "__main__":
    main()
