"""Whole-article analysis: all three lenses on one parse, one report to read, export or hand out.

Each lens works on its own, but a learner (or an instructor preparing a seminar) wants to see
everything an article does at once: the loaded words, the clipped quotes and the way it writes
about a group. ``analyze`` parses the article and each source exactly once and hands the same
spaCy Docs to every lens, so a whole analysis costs little more than the parse itself.
``analyze_many`` does the same for a corpus on top of ``nlp.pipe``.
"""

from __future__ import annotations

import base64
import html
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from propaganda_lab.findings import LENSES, Finding
from propaganda_lab.nlp import load_nlp, to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.dehumanization import GroupProfile
    from propaganda_lab.framing import FrameProfile
    from propaganda_lab.masking import Masker
    from propaganda_lab.quotes import Quote, QuoteCheck, Source

__all__ = [
    "Report", "analyze", "analyze_many", "looks_like_headline",
]

#: A first line longer than this is a paragraph, not a headline.
HEADLINE_MAX_WORDS = 25
_SENTENCE_END = (".", ";", ":", ",")


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Report:
    """Everything the three lenses found in one article.

    ``text`` is the analysed text (headline first, when one was given separately); every
    Finding's offsets index it. ``quotes[i]`` is the best check of the i-th speech quote and
    ``quote_sources[i]`` the index of the source it traces to (None: found in no source).
    ``frames`` is the frame profile (with headline and body parts when there is a headline);
    ``groups`` the dehumanization profile of the chosen group (all groups when none is chosen).
    """

    text: str
    headline: str | None
    findings: tuple[Finding, ...]
    quotes: tuple[QuoteCheck, ...]
    quote_sources: tuple[int | None, ...]
    sources: tuple[str, ...]
    frames: FrameProfile
    groups: GroupProfile
    group_terms: tuple[str, ...]
    words: int

    def by_lens(self, lens: str) -> list[Finding]:
        """The findings of one lens, in reading order."""
        if lens not in LENSES:
            raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")
        return [f for f in self.findings if f.lens == lens]

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per lens, then per technique (most frequent first; every lens present)."""
        counts: dict[str, Counter[str]] = {lens: Counter() for lens in LENSES}
        for finding in self.findings:
            counts.setdefault(finding.lens, Counter())[finding.technique] += 1
        return {
            lens: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
            for lens, counter in counts.items()
        }

    def to_spans(self, *, ptc: bool = False, merged: bool = False) -> list[tuple[str, int, int]]:
        """PTC-style ``(technique, start, end)`` tuples, in reading order.

        With ``ptc=True`` our ids become PTC labels (``merged=True``: the 14 classes of the
        SemEval-2020 label files); findings of techniques PTC has no label for are left out.
        """
        if not ptc:
            return [f.span for f in self.findings]
        from propaganda_lab.techniques import id_to_ptc_label

        spans = []
        for finding in self.findings:
            label = id_to_ptc_label(finding.technique, merged=merged)
            if label is not None:
                spans.append((label, finding.start, finding.end))
        return spans

    def describe(self) -> str:
        """A readable plain-text summary (what the command line prints)."""
        from propaganda_lab.techniques import get_technique

        lines = [f"{self.words} words, {len(self.findings)} findings"
                 + (f"; headline: {self.headline}" if self.headline else "")]
        for lens, counts in self.summary().items():
            total = sum(counts.values())
            lines.append(f"{lens}: {total} finding{'s' if total != 1 else ''}")
            for technique, count in counts.items():
                lines.append(f"  {get_technique(technique).name} ({technique}): {count}")
        lines.append(self._quotes_line())
        lines.append(f"Frames: {self.frames.summary()}")
        lines.append(f"Groups: {self.groups.summary()}")
        return "\n".join(lines)

    def _quotes_line(self) -> str:
        if not self.sources:
            return "Quotes: no source given, so no quote was traced."
        found = sum(1 for check in self.quotes if check.found)
        flagged = sum(1 for check in self.quotes if check.flags)
        return (f"Quotes: {len(self.quotes)} traced against {len(self.sources)} source(s); "
                f"{found} found, {flagged} flagged.")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): findings, summary, quote checks, frames, group profile."""
        return {
            "text": self.text,
            "headline": self.headline,
            "words": self.words,
            "group_terms": list(self.group_terms),
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "quotes": [_check_dict(check, index)
                       for check, index in zip(self.quotes, self.quote_sources, strict=True)],
            "sources": [{"index": i, "characters": len(s)} for i, s in enumerate(self.sources)],
            "frames": _frames_dict(self.frames),
            "groups": _groups_dict(self.groups),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (UTF-8 text, keys in a stable order)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_html(self, title: str | None = None, masker: Masker | None = None) -> str:
        """One self-contained HTML page (inline CSS, charts as embedded PNG with alt text).

        Every piece of text from the article or sources is escaped; ``masker`` (see
        ``propaganda_lab.masking``) hides epithets in the highlighted text and the tables.
        """
        return _report_html(self, title, masker)


def _check_dict(check: QuoteCheck, source_index: int | None) -> dict[str, Any]:
    quote = check.quote
    return {
        "quote": quote.text, "start": quote.start, "end": quote.end, "speaker": quote.speaker,
        "found": check.found, "source": source_index, "source_speaker": check.source_speaker,
        "source_start": check.source_start, "source_end": check.source_end,
        "similarity": round(check.similarity, 3), "flags": sorted(check.flags),
        "explanations": check.explain(),
    }


def _frames_dict(frames: FrameProfile) -> dict[str, Any]:
    data: dict[str, Any] = {"words": frames.words, "dominant": frames.dominant,
                            "top": [{"frame": f, "score": s} for f, s in frames.top(5)]}
    for part in ("headline", "body"):
        profile = getattr(frames, part)
        if profile is not None:
            data[part] = {"dominant": profile.dominant, "words": profile.words}
    return data


def _groups_dict(groups: GroupProfile) -> dict[str, Any]:
    return {
        "label": groups.label,
        "mentions": groups.mention_count,
        "components": {name: {"count": score.count, "per_100_mentions": score.per_100}
                       for name, score in groups.components.items()},
        "agent_of": groups.agency.as_agent,
        "patient_of": groups.agency.as_patient,
        "metaphor_categories": dict(sorted(groups.metaphor_categories.items())),
    }


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
    from propaganda_lab.quotes import Source

    return isinstance(item, Source)


def _is_source_doc(item: Any) -> bool:
    return (not isinstance(item, str) and not hasattr(item, "vocab")
            and not _is_parsed_source(item) and isinstance(getattr(item, "text", None), str))


def _parse_sources(items: list[Any]) -> list[Source]:
    """Each source parsed once (strings through ``nlp.pipe``, Docs and Sources as they are)."""
    from propaganda_lab.quotes import parse_source

    texts = [item for item in items if isinstance(item, str)]
    for text in texts:
        if len(text) > _max_chars():
            to_doc(text)  # raises the shared, readable "too long" error
    parsed_texts = iter(load_nlp().pipe(texts)) if texts else iter(())
    sources = []
    for item in items:
        if isinstance(item, str):
            sources.append(parse_source(next(parsed_texts)))
        else:
            sources.append(parse_source(item if _is_parsed_source(item) else to_doc(item)))
    return sources


def _max_chars() -> int:
    from propaganda_lab.nlp import MAX_CHARS

    return MAX_CHARS


def _trace(quotes: list[Quote], sources: Sequence[Source]
           ) -> tuple[list[QuoteCheck], list[int | None]]:
    """Best check of each speech quote over all sources, and the source it traces to."""
    from propaganda_lab.quotes import trace_quotes

    traced = trace_quotes(quotes, sources)
    return [check for check, _ in traced], [index for _, index in traced]


def _clean_terms(group_terms: Iterable[str] | str | None) -> tuple[str, ...]:
    from propaganda_lab.dehumanization.groups import clean_group_terms

    return clean_group_terms(group_terms) or ()


def _report(doc: Doc, headline: str | None, sources: Sequence[Source],
            source_texts: Sequence[str], terms: tuple[str, ...]) -> Report:
    """All three lenses on one parsed article (the one place that calls them)."""
    from propaganda_lab.dehumanization import analyze_group
    from propaganda_lab.dehumanization.scapegoating import scapegoating_in
    from propaganda_lab.framing import analyze_framing, frame_profile
    from propaganda_lab.quotes import extract_quotes, findings_from_checks

    text = doc.text
    quotes = extract_quotes(doc)
    checks, where = _trace(quotes, sources)
    groups = analyze_group(doc, terms or None)
    frames = frame_profile(doc, headline=headline is not None)  # .words: the word count too
    findings = (analyze_framing(doc) + findings_from_checks(text, quotes, checks) + groups.findings
                + scapegoating_in(doc, terms, lambda: groups.mentions))
    findings = sorted(set(findings), key=lambda f: (f.start, f.end, f.lens, f.technique, f.rule
                                                    or "", f.evidence))
    return Report(
        text=text, headline=headline, findings=tuple(findings), quotes=tuple(checks),
        quote_sources=tuple(where), sources=tuple(source_texts),
        frames=frames, groups=groups,
        group_terms=terms, words=frames.words,
    )


def analyze(article: str | Doc, source: Any = None, headline: str | None = None,
            group_terms: Iterable[str] | str | None = None) -> Report:
    """Run all three lenses over one article: one parse per text, one Report.

    ``source`` is one source text (a wire report, a transcript), a list of them, or None (then
    quotes are checked only for scare quotes). ``headline``, when given, is put in front of
    the article; otherwise a short first line followed by a blank line is taken as the
    headline. ``group_terms`` names the group the dehumanization lens profiles (all groups
    it can find when None).
    """
    article, headline = _with_headline(article, headline)
    source_items = _source_inputs(source)
    doc = to_doc(article)
    sources = _parse_sources(source_items)
    return _report(doc, headline, sources, [s.text for s in sources], _clean_terms(group_terms))


# --------------------------------------------------------------------------- corpora


class Progress:
    """A tiny progress reporter: an ipywidgets bar in a notebook, a line on a terminal's stderr.

    No dependency beyond what the kit already has; off a terminal (CI logs, pipes) it writes
    one closing line instead of a stream of carriage returns.
    """

    def __init__(self, total: int, label: str = "Analysing", stream: TextIO | None = None,
                 widget: bool | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.perf_counter()
        self._bar = self._label = None
        if widget if widget is not None else _in_notebook():
            self._show_widget()

    def _show_widget(self) -> None:
        import ipywidgets as widgets
        from IPython.display import display

        self._bar = widgets.IntProgress(value=0, min=0, max=max(self.total, 1),
                                        description=self.label)
        self._label = widgets.Label(value=f"0 / {self.total}")
        display(widgets.HBox([self._bar, self._label]))

    def _interactive(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def update(self, done: int) -> None:
        self.done = done
        if self._bar is not None and self._label is not None:
            self._bar.value = done
            self._label.value = f"{done} / {self.total}"
        elif self._interactive():
            self.stream.write(f"\r{self.label}: {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        seconds = time.perf_counter() - self.started
        line = f"{self.label}: {self.done}/{self.total} texts in {seconds:.1f} s"
        if self._label is not None:
            self._label.value = line
        elif self._interactive():
            self.stream.write(f"\r{line}\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where a widget bar is shown instead of stderr text)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def analyze_many(texts: Iterable[str | Doc], n_process: int = 1,
                 group_terms: Iterable[str] | str | None = None,
                 progress: bool | None = None, batch_size: int | None = None) -> list[Report]:
    """Analyse a corpus with ``nlp.pipe`` (one parse per text) and all three lenses.

    Results are in input order. ``progress`` shows a bar in a notebook or on stderr (None:
    only for more than one text). No sources here: quotes get only the scare-quote check;
    use ``analyze`` for an article with its sources.
    """
    items = list(texts)
    prepared = [_with_headline(item, None) for item in items]
    terms = _clean_terms(group_terms)
    show = progress if progress is not None else len(items) > 1
    reporter = Progress(len(items)) if show else None
    reports = []
    for number, (doc, (_, headline)) in enumerate(zip(_docs(items, n_process, batch_size),
                                                      prepared, strict=True), start=1):
        reports.append(_report(doc, headline, [], [], terms))
        if reporter is not None:
            reporter.update(number)
    if reporter is not None:
        reporter.close()
    return reports


def _docs(items: list[str | Doc], n_process: int, batch_size: int | None) -> Iterator[Doc]:
    """Docs in input order: strings through one ``nlp.pipe``, Docs passed through."""
    for item in items:
        if isinstance(item, str):
            if len(item) > _max_chars():
                to_doc(item)  # the shared "too long" error, before any parsing starts
        elif not hasattr(item, "vocab"):
            raise TypeError(f"expected strings or spaCy Docs, got {type(item).__name__}")
    strings = [item for item in items if isinstance(item, str)]
    parsed = iter(load_nlp().pipe(strings, n_process=n_process, batch_size=batch_size))
    for item in items:
        yield next(parsed) if isinstance(item, str) else item  # type: ignore[misc]


# --------------------------------------------------------------------------- HTML


_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;
background:#fff;margin:0 auto;max-width:60em;padding:1.5em;line-height:1.5}
h1{font-size:1.6em;margin:0 0 .2em} h2{font-size:1.25em;margin:1.6em 0 .4em;
border-bottom:2px solid #d8dee4;padding-bottom:.2em}
.pl-meta{color:#4a4a4a;font-size:.95em}
table.pl-summary{border-collapse:collapse;margin:.5em 0}
table.pl-summary th,table.pl-summary td{border:1px solid #c8c8c8;padding:4px 8px;text-align:left;
vertical-align:top}
table.pl-summary th{background:#f0f0f0}
figure{margin:.8em 0} figure img{max-width:100%;height:auto;border:1px solid #e0e0e0}
figcaption{font-size:.9em;color:#333}
@media print{body{max-width:none} h2{page-break-after:avoid}}
"""


def _summary_table_html(report: Report) -> str:
    from propaganda_lab.techniques import get_technique

    rows = []
    for lens, counts in report.summary().items():
        total = sum(counts.values())
        detail = ", ".join(f"{html.escape(get_technique(t).name)} ({n})" for t, n in counts.items())
        rows.append(f"<tr><th scope='row'>{html.escape(lens)}</th><td>{total}</td>"
                    f"<td>{detail or '—'}</td></tr>")
    return ("<table class='pl-summary'><caption style='text-align:left;font-weight:600'>"
            "Findings per lens</caption><thead><tr><th scope='col'>Lens</th>"
            "<th scope='col'>Findings</th><th scope='col'>Techniques (count)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _png_figure_html(png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _frames_html(report: Report) -> str:
    from propaganda_lab.framing.views import figure_png, frame_profile_figure

    frames = report.frames
    profiles = {"whole text": frames}
    if frames.headline is not None and frames.body is not None:
        profiles = {"headline": frames.headline, "body": frames.body}
    if not frames.top(1):
        return f"<p>{html.escape(frames.summary())}</p>"
    figure = frame_profile_figure(profiles, "Frame profile")
    png = figure_png(figure)
    parts = [f"{name}: {profile.summary()}" for name, profile in profiles.items()]
    text = "; ".join(parts)
    return _png_figure_html(png, "Bar chart of frame cue words per 100 words. " + text, text)


def _groups_html(report: Report, masker: Masker | None) -> str:
    from propaganda_lab.dehumanization.display import bars_summary, figure_png, profile_figure

    profile = report.groups
    mask = masker or (lambda value: value)
    summary = mask(profile.summary())
    if not profile.mention_count:
        return f"<p>{html.escape(summary)}</p>" + _scapegoating_note(report)
    figure = profile_figure(profile, "Dehumanization components", masker=masker)
    chart = _png_figure_html(figure_png(figure), bars_summary(profile, masker=masker), summary)
    return chart + _scapegoating_note(report)


def _scapegoating_note(report: Report) -> str:
    """The scapegoating rule works on sentences, not on the profile's components: say so."""
    count = sum(1 for f in report.findings if f.technique == "conspiracy_scapegoating")
    if not count:
        return ""
    return (f"<p>Not in the chart: {count} sentence(s) cast a group as a hidden power behind "
            "events (conspiracy scapegoating); they are highlighted in the article above.</p>")


def _quotes_html(report: Report, masker: Masker | None) -> str:
    from propaganda_lab.quotes.html import checks_table_html

    if not report.sources:
        return "<p>No source was given, so the quotes were not traced.</p>"
    if not report.quotes:
        return "<p>The article quotes nobody by name, so there was nothing to trace.</p>"
    names = {i: f"source {index + 1}" for i, index in enumerate(report.quote_sources)
             if index is not None}
    table = checks_table_html(report.quotes, source_names=names)
    # The masker only rewrites epithet words, which never occur in the table's markup.
    return table if masker is None else masker(table)


def _report_html(report: Report, title: str | None, masker: Masker | None) -> str:
    from propaganda_lab import __version__
    from propaganda_lab.render import highlight_html

    heading = title or report.headline or "Propaganda analysis"
    group = ", ".join(report.group_terms) or "all groups found"
    sections = [
        f"<h1>{html.escape(heading)}</h1>",
        f"<p class='pl-meta'>{report.words} words · {len(report.findings)} findings · "
        f"{len(report.sources)} source(s) · group: {html.escape(group)}</p>",
        "<p class='pl-meta'>Each highlight is a cue for discussion, found by a transparent "
        "rule; read the reason given and decide whether you agree.</p>",
        "<h2>Summary</h2>", _summary_table_html(report),
        "<h2>The article, highlighted</h2>",
        highlight_html(report.text, list(report.findings), masker=masker),
        "<h2>Quotes traced to the sources</h2>", _quotes_html(report, masker),
        "<h2>Frames</h2>", _frames_html(report),
        "<h2>How the group is written about</h2>", _groups_html(report, masker),
        f"<p class='pl-meta'>Made with propaganda_lab {html.escape(__version__)}.</p>",
    ]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(heading)}</title><style>{_PAGE_CSS}</style></head>"
            f"<body><main>{''.join(sections)}</main></body></html>\n")
