"""The course's first screen: one quote, traced, before any prose (issue 16).

A visitor who opens notebook 00 (or its static copy on GitHub) should see the point of the
course in seconds: a fictional post puts words in one official's mouth that another said,
and cuts the condition that made them true. Everything here is computed by the quote lens
from a teaching case and its source; nothing is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from propaganda_lab.corpus import load_case
from propaganda_lab.nlp import to_doc
from propaganda_lab.quotes import QuoteCheck, parse_source, traced_checks
from propaganda_lab.quotes.display import excerpt_panel_html, flags_text, legend_html
from propaganda_lab.render import escape

__all__ = ["FIRST_LOOK_CASE", "FirstLook", "first_look", "first_look_html"]

FIRST_LOOK_CASE = "fake_news_alert"
#: What makes a trace striking, most first: words moved to someone else, a condition cut.
_STRIKING = ("misattributed", "dropped_qualifier", "context_reversed", "spliced", "altered",
             "clipped")


@dataclass(frozen=True)
class FirstLook:
    """The most striking traced quote of a case: what the article printed, what was said."""

    case_title: str
    outlet: str
    check: QuoteCheck
    source_text: str
    source_title: str
    article_sentence: str


def _score(check: QuoteCheck) -> tuple[int, ...]:
    return tuple(int(flag in check.flags) for flag in _STRIKING)


def first_look(case_id: str = FIRST_LOOK_CASE) -> FirstLook:
    """Trace the case's quotes in its sources and keep the most striking one."""
    case = load_case(case_id)
    traced = [(check, index) for check, index in traced_checks(case.article, case.sources)
              if check.found and index is not None]
    if not traced:
        raise ValueError(f"case {case_id!r} has no quote traced to a source")
    check, index = max(traced, key=lambda pair: _score(pair[0]))
    doc = to_doc(case.article)
    sentence = next((s.text for s in doc.sents
                     if s.start_char <= check.quote.start < s.end_char), check.quote.text)
    titles = [doc.title for doc in case.source_docs]
    return FirstLook(case.title, case.outlet or "a fictional outlet", check, case.sources[index],
                     titles[index] if index < len(titles) else f"Source {index + 1}",
                     sentence.strip())


def first_look_html(case_id: str = FIRST_LOOK_CASE) -> str:
    """Article sentence beside the source passage, the cut words struck through, and the
    verdict in words."""
    look = first_look(case_id)
    check = look.check
    quote = escape(check.quote.text.strip())
    sentence = escape(look.article_sentence).replace(
        quote, f"<mark style='background:#fff1a8;color:#1a1a1a'>{quote}</mark>", 1)
    said_by = check.source_speaker or "someone else"
    told = check.quote.speaker or "nobody in particular"
    lines = "".join(f"<li>{escape(line)}</li>" for line in check.explain())
    article_box = ("<div style='flex:1 1 22em;min-width:18em'><div style='font-weight:600'>"
                   f"What the post printed ({escape(look.outlet)})</div><div style='font-family:"
                   "Georgia,serif;line-height:1.6;border:1px solid #d0d0d0;padding:8px 12px;"
                   f"background:#fff;color:#1a1a1a'>{sentence}</div></div>")
    source_box = ("<div style='flex:1 1 22em;min-width:18em'>"
                  + excerpt_panel_html(parse_source(look.source_text), check,
                                       f"What was said ({look.source_title})",
                                       note="An excerpt of the source, marked by the library.")
                  + "</div>")
    return (
        "<section class='pl-first-look' style='color:#1a1a1a;font-family:system-ui,sans-serif;"
        "max-width:64em'>"
        f"<p style='font-size:1.15em;margin:0.2em 0'><b>One quote, traced.</b> The post says "
        f"{escape(told)} said it. The source shows <b>{escape(said_by)}</b> did, and what the "
        f"post left out.</p>"
        f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{article_box}{source_box}</div>"
        + legend_html()
        + f"<p style='margin:0.3em 0'><b>The quote lens found:</b> "
        f"{escape(flags_text(check.flags))}.</p><ul style='margin:0.2em 0'>{lines}</ul>"
        "<p style='margin:0.3em 0;color:#4a4a4a'>Computed just now by the library from a "
        "fictional teaching case and its source. Every other highlight in the course is made "
        "the same way, with its evidence: a question to ask, not a verdict.</p></section>")
