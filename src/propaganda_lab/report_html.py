"""The report as one self-contained HTML page (inline CSS, charts as PNG with alt text).

Its parts (summary table, frames, groups, quotes) are public so the widgets show the same
markup as the downloadable page.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from propaganda_lab import __version__
from propaganda_lab.calibration import shown_threshold
from propaganda_lab.cleaning import issues_note
from propaganda_lab.dehumanization.display import bars_summary, profile_figure
from propaganda_lab.framing.display import frame_profile_figure
from propaganda_lab.lenses.quotes.align import shorten
from propaganda_lab.quotes.display import checks_table_html, legend_html
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.techniques import get_technique
from propaganda_lab.views import figure_png, table_html

if TYPE_CHECKING:
    from propaganda_lab.masking import Masker
    from propaganda_lab.report import Report

__all__ = ["PAGE_CSS", "frames_html", "groups_found_html", "groups_html", "png_figure_html",
           "quotes_found_html", "quotes_html", "report_html", "sources_used_html",
           "summary_table_html", "text_issues_html", "voice_html"]

PAGE_CSS = """
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


def summary_table_html(report: Report) -> str:
    """Counts per lens and technique of the shown findings, as a captioned table (names, not
    just ids), with the weak cues per lens counted apart."""
    rows = []
    every = report.summary(include_weak=True)
    quoted = report.summary(voice="quoted")
    for lens, counts in report.summary(voice="author").items():
        names = ", ".join(f"{escape(get_technique(t).name)} ({n})" for t, n in counts.items())
        shown = sum(counts.values())
        in_quotes = sum(quoted[lens].values())
        rows.append([escape(lens), str(shown), names or "—", str(in_quotes),
                     str(sum(every[lens].values()) - shown - in_quotes)])
    return table_html("Findings per lens (the author's own words)",
                      ["Lens", "Findings", "Techniques (count)", "In quoted material",
                       "Weak cues"], rows)


def voice_html(report: Report, masker: Masker | None = None) -> str:
    """Whose words are these? The material the text reproduces (speech quotations and pasted
    excerpts), who it is credited to, how many findings lie inside it, and the author's
    sentences that retell it (compared with what they retell)."""
    mask = masker or (lambda value: value)
    if not report.reproduced:
        return ("<p class='pl-voice'>Everything here is in the author's own voice: the text "
                "quotes nobody and pastes no report.</p>")
    kinds = {"quotation": "quotation", "excerpt": "pasted excerpt"}
    rows = []
    for segment in report.reproduced:
        words = " ".join(report.text[segment.start:segment.end].split())
        words = words if len(words) <= 90 else words[:87] + "…"
        inside = sum(1 for f in report.findings if segment.start <= f.start
                     and f.end <= segment.end and f.voice == "quoted")
        rows.append([escape(mask(segment.speaker or "no speaker named")),
                     escape(kinds.get(segment.kind, segment.kind)),
                     f"“{escape(mask(words))}”", str(inside)])
    author = sum(1 for f in report.shown if f.voice == "author")
    quoted = sum(1 for f in report.shown if f.voice == "quoted")
    return (f"<p class='pl-voice'>Findings shown in the author's own words: {author}; in "
            f"material the text reproduces: {quoted}. A technique inside a quotation or a "
            "pasted report belongs to whoever is quoted; what the author does with it (cutting, "
            "retelling, framing it) is the author's.</p>"
            + table_html("Whose words: reproduced material",
                         ["Credited to", "Kind", "Words", "Findings inside (all)"], rows)
            + retold_html(report, masker))


def retold_html(report: Report, masker: Masker | None = None) -> str:
    """The author's retellings of excerpts the text reproduces, beside the excerpt sentence
    they retell, with what changed (empty when the author retells nothing)."""
    if not report.retold:
        return ""
    mask = masker or (lambda value: value)
    rows = []
    for item in report.retold:
        changes = [f"drops '{c.phrase}'" for c in item.dropped]
        changes += [f"adds '{c.phrase}'" for c in item.added]
        if item.credited is not None:
            changes.append(f"credits '{item.credited.phrase}'")
        author = shorten(report.text[item.start:item.end], 140)
        retold = shorten(report.text[item.retold_start:item.retold_end], 140)
        rows.append([f"“{escape(mask(author))}”", f"“{escape(mask(retold))}”"
                     f" ({escape(mask(item.excerpt_source or 'no source named'))})",
                     escape("; ".join(changes) or "nothing: a fair retelling")])
    return table_html("The author retells the excerpt",
                      ["The author's words", "What the excerpt says", "What changed"], rows)


def png_figure_html(png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(alt)}'>"
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def frames_html(report: Report) -> str:
    frames = report.frames
    profiles = {"whole text": frames}
    if frames.headline is not None and frames.body is not None:
        profiles = {"headline": frames.headline, "body": frames.body}
    if not frames.top(1):
        return f"<p>{escape(frames.summary())}</p>"
    figure = frame_profile_figure(profiles, "Frame profile")
    png = figure_png(figure)
    parts = [f"{name}: {profile.summary()}" for name, profile in profiles.items()]
    text = "; ".join(parts)
    return png_figure_html(png, "Bar chart of frame cue words per 100 words. " + text, text)


def groups_html(report: Report, masker: Masker | None) -> str:
    profile = report.groups
    mask = masker or (lambda value: value)
    summary = mask(profile.summary())
    if not profile.mention_count:
        return f"<p>{escape(summary)}</p>" + _scapegoating_note(report)
    figure = profile_figure(profile, "Dehumanization components", masker=masker)
    chart = png_figure_html(figure_png(figure), bars_summary(profile, masker=masker), summary)
    return chart + _scapegoating_note(report)


def groups_found_html(report: Report, masker: Masker | None = None) -> str:
    """The groups the text talks about, found without being told: label, mentions (as the
    text words them, 'they' with what it stands for), confidence. Masked and escaped."""
    mask = masker or (lambda value: value)
    if not report.found_groups:
        return ("<p class='pl-groups-found'>No group of people was found in the text. Name one "
                "(group terms) to follow it.</p>")
    analysed = ("All of them are analysed below." if not report.group_terms else
                "Analysed below: " + escape(mask(", ".join(report.group_terms))) + ".")
    rows = []
    for group in report.found_groups:
        shown = ", ".join(dict.fromkeys(m.display for m in group.mentions[:6]))
        more = len(group.mentions) - min(len(group.mentions), 6)
        rows.append(
            f"<tr><td>{escape(mask(group.label))}</td><td>{len(group.mentions)}</td>"
            f"<td>{group.confidence:.2f}</td><td>{escape(mask(shown))}"
            + (f" (+{more})" if more > 0 else "") + "</td></tr>")
    return ("<div class='pl-groups-found'><p>Groups the text talks about, found without being "
            f"told (confidence: how sure the group finder is, not a finding). {analysed}</p>"
            "<table><caption>Groups found</caption><thead><tr><th scope='col'>Group</th>"
            "<th scope='col'>Mentions</th><th scope='col'>Confidence</th>"
            "<th scope='col'>How the text names it</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _scapegoating_note(report: Report) -> str:
    """The scapegoating rule works on sentences, not on the profile's components: say so."""
    count = sum(1 for f in report.shown if f.technique == "conspiracy_scapegoating")
    if not count:
        return ""
    return (f"<p>Not in the chart: {count} sentence(s) cast a group as a hidden power behind "
            "events (conspiracy scapegoating); they are highlighted in the article above.</p>")


def sources_used_html(report: Report, masker: Masker | None = None) -> str:
    """Which sources the quotes were checked against, each named by its opening words and
    size, or that none was given (so no finding rests on a source the reader did not give)."""
    if not report.sources:
        return ("<p class='pl-sources-used'><strong>Sources used:</strong> none given, so no "
                "quote was checked against a source.</p>")
    mask = masker or (lambda value: value)
    items = []
    for number, source in enumerate(report.sources, start=1):
        words = mask(source).split()
        opening = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
        items.append(f"<li>source {number} ({len(words):,} words): “{escape(opening)}”</li>")
    return ("<div class='pl-sources-used'><p style='margin:0.3em 0 0'><strong>Sources "
            f"used:</strong> the quotes were checked against {len(report.sources)} source(s) "
            "you gave:</p><ul style='margin:0.2em 0 0.5em'>" + "".join(items) + "</ul></div>")


def quotes_html(report: Report, masker: Masker | None = None) -> str:
    """The quote audit: every traced quote with what the source shows (legend first)."""
    if not report.sources:
        return ("<p>No source was given, so the quotes were not traced: give the transcript "
                "or report the article quotes as a source to trace them. The quotes in the "
                "text:</p>" + quotes_found_html(report, masker))
    if not report.quotes:
        return "<p>The article quotes nobody by name, so there was nothing to trace.</p>"
    names = {i: f"source {index + 1}" for i, index in enumerate(report.quote_sources)
             if index is not None}
    table = legend_html() + checks_table_html(report.quotes, source_names=names)
    # The masker only rewrites epithet words, which never occur in the table's markup.
    return table if masker is None else masker(table)


_KIND_WORDS = {"speech": "speech", "scare": "scare quotes (nobody is quoted)",
               "mock": "mock quoting (speech made up or ridiculed)"}


def quotes_found_html(report: Report, masker: Masker | None = None) -> str:
    """Every quotation in the text with its speaker (or 'no speaker named') and kind."""
    if not report.quoted:
        return "<p>The text contains no quotations.</p>"
    mask = masker or (lambda value: value)
    rows = []
    for quote in report.quoted:
        words = " ".join(quote.text.split())
        words = words if len(words) <= 160 else words[:157] + "…"
        speaker = quote.speaker or ("no speaker named" if quote.kind == "speech" else "—")
        rows.append(f"<tr><td>{escape(mask(speaker))}</td>"
                    f"<td>{escape(_KIND_WORDS.get(report.quote_kind(quote), quote.kind))}</td>"
                    f"<td>“{escape(mask(words))}”</td></tr>")
    return ("<table class='pl-summary pl-quotes-found'><caption>Quotes in the text"
            "</caption><thead><tr><th scope='col'>Who is quoted</th><th scope='col'>Kind</th>"
            "<th scope='col'>Words</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def findings_section_html(report: Report, masker: Masker | None,
                          include_weak: bool = False) -> str:
    """The highlighted article: shown findings, then the weak cues one click away (a
    collapsed section) or, with ``include_weak``, everything in one view, weak ones marked."""
    if include_weak:
        return highlight_html(report.text, list(report.findings), masker=masker, weak="mark")
    main = highlight_html(report.text, list(report.shown), masker=masker)
    if not report.weak:
        return main
    return main + (
        f"<details class='pl-weak-cues'><summary>Show weak cues ({len(report.weak)}): rules "
        f"right less than {shown_threshold():.0%} of the time on real text</summary>"
        + highlight_html(report.text, list(report.weak), masker=masker, weak="mark",
                         legend=False)
        + "</details>")


def text_issues_html(report: Report, cleaned: bool = False) -> str:
    """A note when the text holds characters that hide words (empty when it holds none)."""
    if not report.text_issues:
        return ""
    return (f"<p class='pl-meta pl-text-issues' role='note'>"
            f"{escape(issues_note(report.text_issues, cleaned))}</p>")


def report_html(report: Report, title: str | None, masker: Masker | None,
                include_weak: bool = False) -> str:
    heading = title or report.headline or "Propaganda analysis"
    group = ", ".join(report.group_terms) or "all groups found"
    sections = [
        f"<h1>{escape(heading)}</h1>",
        f"<p class='pl-meta'>{report.words} words · {len(report.shown)} findings shown, "
        f"{len(report.weak)} weak cues · "
        f"{len(report.sources)} source(s) · group: {escape(group)}</p>",
        "<p class='pl-meta'>Each highlight is a cue for discussion, found by a transparent "
        "rule; read the reason given and decide whether you agree.</p>",
        text_issues_html(report), sources_used_html(report, masker),
        "<h2>Summary</h2>", summary_table_html(report),
        "<h2>Whose words</h2>", voice_html(report, masker),
        "<h2>The article, highlighted</h2>",
        findings_section_html(report, masker, include_weak),
        "<h2>Quotes traced to the sources</h2>", quotes_html(report, masker),
        "<h2>Frames</h2>", frames_html(report),
        "<h2>Groups found in the text</h2>", groups_found_html(report, masker),
        "<h2>How the group is written about</h2>", groups_html(report, masker),
        f"<p class='pl-meta'>Made with propaganda_lab {escape(__version__)}.</p>",
    ]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(heading)}</title><style>{PAGE_CSS}</style></head>"
            f"<body><main>{''.join(sections)}</main></body></html>\n")
