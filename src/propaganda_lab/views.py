"""HTML views of analysis results that are not text highlights (tables, notices).

Everything that reaches the page passes through ``html.escape``: learners paste arbitrary text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.render import escape
from propaganda_lab.roles import Event
from propaganda_lab.techniques import techniques

_TABLE_STYLE = (
    "border-collapse:collapse;font-size:0.95em;margin:0.4em 0;"
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a1a1a"
)
_CELL = "border:1px solid #c8c8c8;padding:4px 8px;text-align:left;vertical-align:top"
_HIDDEN = "background:#fff1c1;font-weight:600"


def notice_html(
    message: str, kind: str = "info", heading: str | None = None, css_class: str | None = None
) -> str:
    """A message box; its kind (info, hint, warning, error, correct, incorrect) is said in
    text (the heading), not colour alone."""
    colours = {
        "info": ("#e8f1fb", "#0b4f8a"),
        "hint": ("#eef7ee", "#1d5e20"),
        "correct": ("#eef7ee", "#1d5e20"),
        "warning": ("#fff4e0", "#7a4600"),
        "incorrect": ("#fff4e0", "#7a4600"),
        "error": ("#fdecec", "#8a1111"),
    }
    background, border = colours.get(kind, colours["info"])
    classes = css_class or f"pl-notice pl-notice-{kind}"
    return (
        f'<div class="{escape(classes)}" role="status" '
        f'style="background:{background};border-left:4px solid {border};color:#1a1a1a;'
        f'padding:6px 10px;margin:4px 0;font-family:system-ui,sans-serif">'
        f"<strong>{escape(heading or kind.capitalize())}:</strong> "
        f"{escape(message)}</div>"
    )


def events_table_html(events: Iterable[Event], show_hidden_agent: bool = True) -> str:
    """Who does what to whom, a row per event; hidden agents marked in words, not colour only."""
    rows = []
    for number, event in enumerate(events, start=1):
        if event.agent is not None:
            agent = escape(event.agent.text)
            style = _CELL
        elif event.agentless and show_hidden_agent:
            agent = "[who?] <small>(hidden agent)</small>"
            style = f"{_CELL};{_HIDDEN}"
        else:
            agent = "—"
            style = _CELL
        voice = "passive" if event.passive else ("event noun" if event.nominalisation else "active")
        action = escape(event.action) + (" <small>(negated)</small>" if event.negated else "")
        patient = escape(event.patient.text) if event.patient else "—"
        rows.append(
            f'<tr><td style="{_CELL}">{number}</td><td style="{style}">{agent}</td>'
            f'<td style="{_CELL}">{action}</td><td style="{_CELL}">{patient}</td>'
            f'<td style="{_CELL}">{voice}</td>'
            f'<td style="{_CELL}"><small>{escape(event.rule)}</small></td></tr>'
        )
    if not rows:
        return notice_html("No actions found: try a full sentence with a verb.", "hint")
    header = "".join(
        f'<th scope="col" style="{_CELL};background:#f0f0f0">{name}</th>'
        for name in ("#", "Who (agent)", "does what", "to whom (patient)", "voice", "why (rule)")
    )
    return (
        f'<table class="pl-events" style="{_TABLE_STYLE}">'
        "<caption style='text-align:left;font-weight:600;padding-bottom:4px'>"
        "Who does what to whom</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def table_html(caption: str, header: list[str], rows: list[list[str]]) -> str:
    """A captioned table; cells are given already escaped."""
    head = "".join(
        f'<th scope="col" style="{_CELL};background:#f0f0f0">{escape(name)}</th>' for name in header
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="pl-table" style="{_TABLE_STYLE}">'
        f'<caption style="text-align:left;font-weight:600;padding-bottom:4px">{escape(caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def catalogue_table_html(lens: str | None = None) -> str:
    """The technique catalogue with its cross-references to the research taxonomies."""
    def labels(values: tuple[str, ...]) -> str:
        return escape(", ".join(values)) if values else "—"

    rows = [
        [
            escape(t.lens),
            f"<strong>{escape(t.name)}</strong><br><code>{escape(t.id)}</code>",
            escape(t.definition.split(". ")[0].rstrip(".") + "."),
            labels(t.ptc_labels),
            labels(t.semeval2023_labels),
            labels(t.ipa_devices),
        ]
        for t in techniques(lens)
    ]
    header = ["Lens", "Technique", "In short", "SemEval-2020 PTC", "SemEval-2023", "IPA 1937"]
    return table_html(f"{len(rows)} techniques", header, rows)


_SPEAKER_TURN = re.compile(r"^([A-Z][A-Z .'’-]{1,40}):\s+(.*)$")
_DOCUMENT_STYLE = (
    "color:#1a1a1a;background:#fff;border:1px solid #d8dee4;border-radius:8px;"
    "padding:10px 18px;max-width:46em;font-family:Georgia,'DejaVu Serif',serif;line-height:1.55"
)


def document_html(text: str, title: str | None = None, note: str | None = None,
                  masker: Any = None) -> str:
    """A document (article, wire report, transcript) as readable text: a heading, one
    paragraph per blank-line block, and a transcript's ``SPEAKER: words`` turns with the
    speaker in bold. Everything is escaped (and masked, with ``masker``)."""
    mask = masker or (lambda value: value)
    parts = []
    if title:
        parts.append(f"<h4 style='margin:0.3em 0 0.2em;font-family:system-ui,sans-serif'>"
                     f"{escape(mask(title))}</h4>")
    if note:
        parts.append(f"<p style='margin:0 0 0.6em;color:#4a4a4a;font-size:0.9em;"
                     f"font-family:system-ui,sans-serif'>{escape(note)}</p>")
    every = [line for line in text.splitlines() if line.strip()]
    # A transcript: most lines are "SPEAKER: words" (one such line is a headline, not a turn).
    transcript = sum(bool(_SPEAKER_TURN.match(line.strip())) for line in every) >= max(
        2, len(every) // 2)
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        turns = [_SPEAKER_TURN.match(line) for line in lines]
        if transcript and lines and all(turns):
            parts += [f"<p style='margin:0.35em 0'><strong>{escape(mask(turn[1]))}:</strong> "
                      f"{escape(mask(turn[2]))}</p>" for turn in turns if turn]
        elif lines:
            parts.append(f"<p style='margin:0.5em 0'>{escape(mask(' '.join(lines)))}</p>")
    return (f"<article class='pl-document' lang='en' style=\"{_DOCUMENT_STYLE}\">"
            f"{''.join(parts)}</article>")


def scores_words(scores: Any) -> str:
    """Span scores in words a learner reads (not ``P=0.74 R=0.47``)."""
    return (f"precision {scores.precision:.2f}, recall {scores.recall:.2f}, F1 {scores.f1:.2f} "
            f"({scores.n_predicted} flagged by the tool, {scores.n_gold} in the answer key)")


def corpus_table_html() -> str:
    """One row per teaching case: lens, level, content note, size and what it annotates."""
    rows = []
    for case_id in list_cases():
        case = load_case(case_id)
        kinds = sorted({a.technique for a in case.annotations})
        rows.append(
            [
                f"<code>{escape(case.id)}</code>",
                escape(case.title),
                escape(case.lens),
                escape(case.difficulty),
                escape(case.content_note),
                str(len(case.article.split())),
                str(len(case.source_docs)),
                f"{len(case.annotations)} spans, {len(kinds)} techniques",
            ]
        )
    header = ["Case", "Title", "Lens", "Level", "Content note", "Words", "Sources", "Gold"]
    return table_html(f"{len(rows)} fictional teaching cases", header, rows)


def literal_text(figure: Any) -> Any:
    """Turn mathtext off for every text in ``figure`` and return it.

    Chart labels carry learner words (group names, titles); matplotlib would read '$5 and $6'
    or '$Teskari' as mathematics, drawing it wrongly or failing to draw at all.
    """
    from matplotlib.text import Text  # deferred: matplotlib loads only when a chart is drawn

    for text in figure.findobj(Text):
        text.set_parse_math(False)
    return figure


def figure_png(figure: Any) -> bytes:
    """PNG bytes of a matplotlib figure, independent of the kernel's active backend."""
    literal_text(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def figure_alt(figure: Any) -> str:
    """A text alternative for a figure: its titles, and where the numbers are."""
    titles = []
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        titles.append(suptitle.get_text())
    titles += [axes.get_title() for axes in figure.axes if axes.get_title()]
    return (" — ".join(titles) or "Chart") + ". The same numbers are listed as text beside it."
