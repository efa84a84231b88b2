"""HTML views of quote checks: the source with what was kept, cut and reversed marked.

Marks are told apart by more than colour (a learner may not see colour): kept words are a
``<mark>`` with a solid underline, cut words are struck through (``<del>``), a dropped
qualifier is bold, and the reversing sentence has a dashed underline. Everything from the
texts is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from propaganda_lab.lenses.quotes.align import FLAGS, QuoteCheck
from propaganda_lab.lenses.quotes.source import Source
from propaganda_lab.render import escape

#: Short labels for the flags, as the widgets and tables show them.
FLAG_LABELS = {
    "exact": "exact",
    "altered": "altered",
    "clipped": "clipped",
    "spliced": "spliced",
    "dropped_qualifier": "dropped qualifier",
    "context_reversed": "context reversed",
    "misattributed": "misattributed",
    "not_found": "not found",
}
#: The context levels of the ContextSlider, narrowest first.
CONTEXT_LEVELS = ("just the quote", "the full sentence", "neighbouring sentences",
                  "the speaker's full answer")

_CELL = "border:1px solid #c8c8c8;padding:4px 8px;text-align:left;vertical-align:top"
_TABLE = ("border-collapse:collapse;font-size:0.95em;margin:0.4em 0;color:#1a1a1a;"
          "font-family:system-ui,-apple-system,'Segoe UI',sans-serif")
_STYLES = {
    "reversal": ('<span class="pl-q-reversal" title="the same speaker reverses the quote" '
                 'style="border-bottom:2px dashed #8a1111">', "</span>"),
    "cut": ('<del class="pl-q-cut" title="cut from the quote" style="color:#4a4a4a">',
            "</del>"),
    "match": ('<mark class="pl-q-match" title="quoted in the article" style="background:'
              '#fff1a8;color:#1a1a1a;border-bottom:2px solid #7a5c00">', "</mark>"),
    "qualifier": ('<strong class="pl-q-qualifier" title="a qualifier the quote dropped">',
                  "</strong>"),
}
_ORDER = ("reversal", "cut", "match", "qualifier")
_BOX = ("font-family:Georgia,'Times New Roman',serif;line-height:1.6;color:#1a1a1a;"
        "background:#ffffff;border:1px solid #d0d0d0;padding:8px 12px;white-space:pre-wrap")


def flags_text(flags: Iterable[str]) -> str:
    """Flags in reading order, as words: 'clipped, dropped qualifier'."""
    present = set(flags)
    return ", ".join(FLAG_LABELS[f] for f in FLAGS if f in present) or "—"


def _intervals(check: QuoteCheck) -> list[tuple[int, int, str]]:
    found = [(s.start, s.end, "match") for s in check.segments]
    found += [(s.start, s.end, "cut") for s in check.omitted]
    found += [(d.start, d.end, "qualifier") for d in check.dropped]
    if check.reversal is not None:
        found.append((check.reversal.start, check.reversal.end, "reversal"))
    return found


def marked_source_html(text: str, check: QuoteCheck | None, start: int = 0,
                       end: int | None = None) -> str:
    """``text[start:end]`` with the check's kept, cut, qualifier and reversal marks."""
    end = len(text) if end is None else end
    intervals = [iv for iv in (_intervals(check) if check else []) if iv[0] < end and iv[1] > start]
    cuts = sorted({start, end, *(max(start, min(end, p)) for s, e, _ in intervals for p in (s, e))})
    parts = []
    for a, b in itertools.pairwise(cuts):
        active = {kind for s, e, kind in intervals if s <= a and b <= e}
        piece = escape(text[a:b])
        for kind in reversed(_ORDER):
            if kind in active:
                piece = _STYLES[kind][0] + piece + _STYLES[kind][1]
        parts.append(piece)
    return "".join(parts)


def legend_html() -> str:
    """What the marks mean, in words."""
    sample = {kind: _STYLES[kind][0] + escape(word) + _STYLES[kind][1] for kind, word in
              (("match", "quoted"), ("cut", "cut"), ("qualifier", "qualifier"),
               ("reversal", "reversal"))}
    return (
        '<p class="pl-q-legend" style="font-size:0.9em;color:#1a1a1a;margin:0.3em 0">'
        f"{sample['match']} words the article quotes · {sample['cut']} words cut from the same "
        f"sentence · {sample['qualifier']} a qualifier that was cut (bold) · "
        f"{sample['reversal']} the same speaker's next words reverse the quote</p>"
    )


def source_panel_html(source_text: str, check: QuoteCheck | None, title: str = "Source") -> str:
    """The whole source with one check's marks, in a scrollable box."""
    return (
        f'<div class="pl-quote-source"><div style="font-weight:600;margin:0.2em 0">'
        f"{escape(title)}</div>"
        f'<div style="{_BOX};max-height:32em;overflow:auto">'
        f"{marked_source_html(source_text, check)}</div></div>"
    )


EXCERPT_NOTE = "An excerpt: the whole source is in the Texts box above."


def excerpt_panel_html(source: Source, check: QuoteCheck, title: str = "Source",
                       note: str = EXCERPT_NOTE) -> str:
    """The passage a quote came from (the speaker's answer, the question before it and the
    next sentence), marked, so the learner does not have to hunt through a long source."""
    if not check.found:
        return source_panel_html(source.text, None, title)
    start, end = context_range(source, check, 3)
    following = max(check.sentence_indices) + 1
    if following < len(source.sentences):
        end = max(end, source.sentences[following].end)
    before = "… " if start > 0 else ""
    after = " …" if end < len(source.text.rstrip()) else ""
    return (
        f'<div class="pl-quote-source"><div style="font-weight:600;margin:0.2em 0">'
        f"{escape(title)}</div>"
        f'<div style="{_BOX};max-height:32em;overflow:auto">{before}'
        f"{marked_source_html(source.text, check, start, end)}{after}</div>"
        f'<p style="font-size:0.85em;color:#4a4a4a;margin:0.2em 0">{escape(note)}</p></div>'
    )


def checks_table_html(checks: Iterable[QuoteCheck], caption: str = "Quotes traced to the source",
                      source_names: Mapping[int, str] | None = None) -> str:
    """One row per quote: the quoted words, who the article says spoke, who did, the flags."""
    rows = []
    for number, check in enumerate(checks, start=1):
        quote = check.quote
        explanations = "<br>".join(escape(line) for line in check.explain())
        where = escape(source_names.get(number - 1, "")) if source_names else ""
        rows.append(
            f'<tr><td style="{_CELL}">{number}</td>'
            f'<td style="{_CELL}">“{escape(quote.text.strip())}”</td>'
            f'<td style="{_CELL}">{escape(quote.speaker or "—")}</td>'
            f'<td style="{_CELL}">{escape(check.source_speaker or "—")}'
            f'{"<br><small>" + where + "</small>" if where else ""}</td>'
            f'<td style="{_CELL}"><strong>{escape(flags_text(check.flags))}</strong>'
            f"<br><small>{explanations}</small></td></tr>"
        )
    header = "".join(f'<th scope="col" style="{_CELL};background:#f0f0f0">{name}</th>'
                     for name in ("#", "Quote in the article", "Article says", "Source says",
                                  "Flags and why"))
    return (f'<table class="pl-quote-table" style="{_TABLE}"><caption style="text-align:left;'
            f'font-weight:600;padding-bottom:4px">{escape(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def sourcing_table_html(counts: Mapping[str, int], sides: Mapping[str, str] | None = None,
                        caption: str = "Who gets quoted") -> str:
    """Quotes per speaker (and side, if given), with a text bar so it reads without colour."""
    total = sum(counts.values()) or 1
    rows = []
    for speaker, count in counts.items():
        side = escape(sides.get(speaker, "?")) if sides else ""
        bar = "█" * count
        rows.append(
            f'<tr><td style="{_CELL}">{escape(speaker)}</td>'
            + (f'<td style="{_CELL}">{side}</td>' if sides else "")
            + f'<td style="{_CELL}">{count}</td><td style="{_CELL}">{count / total:.0%}</td>'
            f'<td style="{_CELL}" aria-hidden="true">{bar}</td></tr>'
        )
    names = ["Speaker", *(["Side"] if sides else []), "Quotes", "Share", ""]
    header = "".join(f'<th scope="col" style="{_CELL};background:#f0f0f0">{n}</th>' for n in names)
    return (f'<table class="pl-sourcing" style="{_TABLE}"><caption style="text-align:left;'
            f'font-weight:600;padding-bottom:4px">{escape(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


# --------------------------------------------------------------------------- context levels


def context_range(source: Source, check: QuoteCheck, level: int) -> tuple[int, int]:
    """Character range of the source shown at a context level (1 = sentence, 2 = with the
    neighbouring sentences, 3 = the speaker's whole answer and the question before it)."""
    touched = check.sentence_indices
    sentences = source.sentences
    if level <= 1:
        first, last = touched[0], touched[-1]
    elif level == 2:
        first, last = max(0, touched[0] - 1), min(len(sentences) - 1, touched[-1] + 1)
    else:
        turns = {sentences[i].turn for i in touched}
        members = [s.index for s in sentences if s.turn in turns]
        first, last = members[0], members[-1]
        if first > 0 and sentences[first - 1].speaker != sentences[first].speaker:
            question_turn = sentences[first - 1].turn
            first = next(s.index for s in sentences if s.turn == question_turn)
        last = max(last, touched[-1])
    return _with_label(source, sentences[first].start), sentences[last].end


def _with_label(source: Source, start: int) -> int:
    """Start a transcript excerpt at its 'SPEAKER:' label so the reader sees who speaks."""
    line_start = source.text.rfind("\n", 0, start) + 1
    prefix = source.text[line_start:start]
    return line_start if source.kind == "transcript" and prefix.rstrip().endswith(":") else start


def context_html(source: Source, check: QuoteCheck, level: int) -> str:
    """The quote at one context level, marked; level 0 is the quote as the article gives it."""
    quote = check.quote
    said = escape(quote.speaker or "an unnamed speaker")
    if level <= 0 or not check.found:
        note = "" if check.found else (
            "<p><em>This quote could not be traced in the source, so there is no wider "
            "context to show.</em></p>")
        return (f'<div class="pl-context" style="{_BOX}">“{escape(quote.text.strip())}”'
                f" — as the article attributes it to {said}</div>{note}")
    start, end = context_range(source, check, level)
    return (f'<div class="pl-context" style="{_BOX}">'
            f"{marked_source_html(source.text, check, start, end)}</div>")
