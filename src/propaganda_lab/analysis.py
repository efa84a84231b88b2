"""Whole-article analysis: all three lenses on one parse, one report to read, export or hand out.

Each lens works on its own, but a learner (or an instructor preparing a seminar) wants to see
everything an article does at once: the loaded words, the clipped quotes and the way it writes
about a group. ``analyze`` parses the article and each source exactly once and hands the same
spaCy Docs to every lens, so a whole analysis costs little more than the parse itself.
``analyze_many`` does the same for a corpus on top of ``nlp.pipe``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tqdm.auto import tqdm

from propaganda_lab import nlp
from propaganda_lab.cleaning import text_issues
from propaganda_lab.context import context_for
from propaganda_lab.dehumanization.profile import profile_from_findings
from propaganda_lab.lenses.dehumanization.groups import group_index, groups_from_mentions
from propaganda_lab.lenses.framing.frames import frame_profile
from propaganda_lab.lenses.quotes.facts import context_quotes, mock_quotes, voice_segments
from propaganda_lab.lenses.quotes.lens import context_traced
from propaganda_lab.lenses.quotes.retelling import retellings
from propaganda_lab.lenses.quotes.source import Source, parse_source
from propaganda_lab.nlp import parse_many, to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.report import Report
from propaganda_lab.spacy_component import annotate

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "Report", "analyze", "analyze_many", "looks_like_headline",
]

#: A first line longer than this is a paragraph, not a headline.
HEADLINE_MAX_WORDS = 25
_SENTENCE_END = (".", ";", ":", ",")


# --------------------------------------------------------------------------- analysis


def looks_like_headline(text: str) -> bool:
    """True when the first line reads as a headline: short, no full stop, a blank line after.

    The case files and PTC articles put the title on the first line followed by a blank line;
    an ordinary first paragraph is longer or ends in a full stop.
    """
    first, separator, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not first or not separator or not rest.strip():
        return False
    if not rest.lstrip(" \t\r").startswith("\n"):
        return False
    return len(first.split()) <= HEADLINE_MAX_WORDS and not first.endswith(_SENTENCE_END)


def _with_headline(article: str | Doc, headline: str | None) -> tuple[str | Doc, str | None]:
    """Put a separately given headline in front of the article (offsets then index both)."""
    text = article if isinstance(article, str) else getattr(article, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"expected the article as a string or a spaCy Doc, "
                        f"got {type(article).__name__}")
    if headline is None:
        first_line = text.lstrip("\ufeff").partition("\n")[0].strip()
        return article, (first_line if looks_like_headline(text) else None)
    if not isinstance(headline, str):
        raise TypeError(f"headline must be a string, got {type(headline).__name__}")
    headline = " ".join(headline.split())
    if not headline:
        return article, None
    if text.lstrip().startswith(headline):
        return article, headline
    if not isinstance(article, str):
        raise ValueError("a parsed Doc cannot get a headline added; pass the text instead, "
                         "or parse the headline and article together")
    return f"{headline}\n\n{article}", headline


def _source_inputs(source: Any) -> list[Any]:
    """None, one source or a list of them -> a list (a SourceDoc counts by its text)."""
    if source is None:
        return []
    single = isinstance(source, str) or hasattr(source, "vocab") or _is_parsed_source(source)
    if single or isinstance(getattr(source, "text", None), str):
        items = [source]
    else:
        try:
            items = list(source)
        except TypeError:
            raise TypeError(f"expected a source text, a Doc or a list of them, "
                            f"got {type(source).__name__}") from None
    return [item.text if _is_source_doc(item) else item for item in items]


def _is_parsed_source(item: Any) -> bool:
    return isinstance(item, Source)


def _is_source_doc(item: Any) -> bool:
    return (not isinstance(item, str) and not hasattr(item, "vocab")
            and not _is_parsed_source(item) and isinstance(getattr(item, "text", None), str))


def _parse_sources(items: list[Any]) -> list[Source]:
    """Each source parsed once (strings through ``nlp.pipe``, Docs and Sources as they are)."""
    texts = [item for item in items if isinstance(item, str)]
    for text in texts:
        if len(text) > nlp.MAX_CHARS:  # read at call time (tests lower it)
            to_doc(text)  # raises the shared, readable "too long" error
    parsed_texts = parse_many(texts)  # bounded: pieces, long runs, long sentences
    sources = []
    for item in items:
        if isinstance(item, str):
            sources.append(parse_source(next(parsed_texts)))
        else:
            sources.append(parse_source(item if _is_parsed_source(item) else to_doc(item)))
    return sources


def _report(doc: Doc, headline: str | None, options: RunOptions) -> Report:
    """All three lenses on one parsed article: the spaCy component's findings plus the quote
    checks, frame profile and group profile read from the same per-Doc context."""
    context = context_for(doc)
    terms = options.group_terms
    findings = annotate(doc, terms, sources=options.sources)
    traced = context_traced(context, options)
    groups = profile_from_findings(doc, terms, findings)
    frames = frame_profile(doc, headline=headline is not None)  # .words: the word count too
    # Every group the text talks about, even when the learner named one: the report lists
    # them so the learner can see what was (or could be) analysed.
    found_groups = groups_from_mentions(group_index(context, None).mentions)
    return Report(
        text=context.text, headline=headline, findings=tuple(findings),
        quotes=tuple(check for check, _ in traced),
        quote_sources=tuple(index for _, index in traced),
        sources=tuple(source.text for source in options.sources),
        frames=frames, groups=groups, group_terms=terms or (), words=frames.words,
        found_groups=tuple(found_groups), text_issues=tuple(text_issues(context.text)),
        quoted=tuple(context_quotes(context)), reproduced=tuple(voice_segments(context)),
        retold=tuple(retellings(context)),
        mocked=tuple((q.start, q.end) for q, _ in mock_quotes(context)),
    )


def analyze(article: str | Doc, source: Any = None, headline: str | None = None,
            group_terms: Iterable[str] | str | None = None) -> Report:
    """Run all three lenses over one article: one parse per text, one Report.

    ``source`` is one source text (a wire report, a transcript), a list of them, or None (then
    quotes are checked only for scare quotes). ``headline``, when given, is put in front of
    the article; otherwise a short first line followed by a blank line is taken as the
    headline. ``group_terms`` names the group the dehumanization lens profiles; when None,
    every group it finds (``dehumanization.detect_groups``: NORP entities, group nouns and
    demonyms, 'these people', a resolved 'they') is analysed. ``Report.found_groups`` lists
    the groups found either way.
    """
    article, headline = _with_headline(article, headline)
    source_items = _source_inputs(source)
    doc = to_doc(article)
    sources = _parse_sources(source_items)
    return _report(doc, headline, RunOptions.of(sources, group_terms))


# --------------------------------------------------------------------------- corpora


def analyze_many(texts: Iterable[str | Doc], n_process: int = 1,
                 group_terms: Iterable[str] | str | None = None,
                 progress: bool | None = None, batch_size: int | None = None) -> list[Report]:
    """Analyse a corpus with ``nlp.pipe`` (one parse per text) and all three lenses.

    Results are in input order. ``progress`` shows a ``tqdm`` bar (a widget in a notebook, a
    line on a terminal; None: only for more than one text). No sources here: quotes get only
    the scare-quote check; use ``analyze`` for an article with its sources.
    """
    items = list(texts)
    prepared = [_with_headline(item, None) for item in items]
    options = RunOptions.of(group_terms=group_terms)
    show = progress if progress is not None else len(items) > 1
    pairs = zip(_docs(items, n_process, batch_size), prepared, strict=True)
    return [_report(doc, headline, options)
            for doc, (_, headline) in tqdm(pairs, total=len(items), desc="Analysing",
                                           unit="text", disable=not show)]


def _docs(items: list[str | Doc], n_process: int, batch_size: int | None) -> Iterator[Doc]:
    """Docs in input order: strings through one ``nlp.pipe``, Docs passed through."""
    for item in items:
        if isinstance(item, str):
            if len(item) > nlp.MAX_CHARS:
                to_doc(item)  # the shared "too long" error, before any parsing starts
        elif not hasattr(item, "vocab"):
            raise TypeError(f"expected strings or spaCy Docs, got {type(item).__name__}")
    strings = [item for item in items if isinstance(item, str)]
    parsed = parse_many(strings, n_process=n_process, batch_size=batch_size)  # checked first
    for item in items:
        yield next(parsed) if isinstance(item, str) else item  # type: ignore[misc]


