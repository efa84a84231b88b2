"""Put an article next to its sources and audit every quote: what was kept, cut, changed."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import load_case
from propaganda_lab.masking import Masker
from propaganda_lab.quotes import QuoteCheck, parse_source, quote_findings, traced_checks
from propaganda_lab.quotes.display import (
    excerpt_panel_html,
    flags_text,
    legend_html,
    source_panel_html,
)
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.widgets._base import LabWidget, check_text, reveal_button, safe_callback

#: A line of three or more dashes separates several sources pasted into one box.
SOURCE_SEPARATOR = "\n-----\n"
_SEPARATOR_LINE = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)


def split_sources(text: str) -> list[str]:
    """Sources pasted into one box, separated by a line of dashes."""
    return [part.strip("\n") for part in _SEPARATOR_LINE.split(text) if part.strip()]


def quote_label(number: int, check: QuoteCheck) -> str:
    """'3. “released by mistake” — clipped, dropped qualifier' (for the quote list)."""
    words = " ".join(check.quote.text.split())
    words = words if len(words) <= 60 else words[:59].rstrip() + "…"
    return f"{number}. “{words}” — {flags_text(check.flags)}"


def details_html(check: QuoteCheck) -> str:
    """The flags of one quote, each with its one-line reason."""
    quote = check.quote
    lines = "".join(f"<li>{escape(line)}</li>" for line in check.explain())
    in_source = f"; in the source it was {escape(check.source_speaker)}" if (
        check.source_speaker) else ""
    return (
        '<div class="pl-quote-details" style="color:#1a1a1a;font-family:system-ui,sans-serif">'
        f"<p style='margin:0.3em 0'><strong>“{escape(quote.text.strip())}”</strong> — the "
        f"article says {escape(quote.speaker or 'nobody in particular')} said it"
        f"{in_source}.</p><ul style='margin:0.2em 0'>{lines}</ul></div>"
    )


class QuoteAudit(LabWidget):
    """Article and source side by side; pick a quote to see its source words marked."""

    def __init__(self, article: str = "", sources: list[str] | tuple[str, ...] = (),
                 source_titles: list[str] | None = None, **kwargs: Any) -> None:
        self.checks: list[tuple[QuoteCheck, int | None]] = []
        self.source_texts: list[str] = list(sources)
        self.source_titles = list(source_titles or [])
        self.article_box = widgets.Textarea(value=article, description="Article:",
                                            layout=widgets.Layout(width="98%", height="10em"))
        self.sources_box = widgets.Textarea(
            value=SOURCE_SEPARATOR.join(sources), description="Source(s):",
            placeholder="Paste the transcript or report; separate several with a line -----",
            layout=widgets.Layout(width="98%", height="10em"))
        self.check_button = widgets.Button(description="Check the quotes", icon="search",
                                           button_style="primary")
        editor = widgets.Accordion(children=[widgets.VBox(
            [self.article_box, self.sources_box, self.check_button])])
        editor.set_title(0, "Texts (paste your own article and source here)")
        editor.selected_index = None if article else 0
        self.quote_list = widgets.Select(options=[], rows=6, description="Quotes:",
                                         layout=widgets.Layout(width="98%"))
        self.quote_list.add_class("pl-quote-list")
        self.article_view = widgets.HTML(layout=widgets.Layout(width="50%"))
        self.article_view.add_class("pl-quote-article")
        self.source_view = widgets.HTML(layout=widgets.Layout(width="50%"))
        self.source_view.add_class("pl-quote-source-view")
        self.details = widgets.HTML()
        self.masker = Masker()
        self.reveal = reveal_button()
        #: What each view shows before masking, so the reveal toggle can repaint it.
        self._raw: dict[str, str] = {}
        intro = widgets.HTML(
            "<p style='margin:0.2em 0'>Every quotation in the article is listed with what "
            "tracing it in the source found. <b>Click a quote</b> to see, in the source, the "
            "words the article kept, the words it cut, and any qualifier it dropped.</p>"
            + legend_html())
        super().__init__([intro, editor, widgets.HBox([self.quote_list, self.reveal]),
                          self.details,
                          widgets.HBox([self.article_view, self.source_view])], **kwargs)
        self.add_class("pl-quote-audit")
        self.check_button.on_click(lambda _b: self.run())
        self.quote_list.observe(lambda change: self.show(change["new"]), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        if article:
            self.run()

    @classmethod
    def from_case(cls, case_id: str, **kwargs: Any) -> QuoteAudit:
        """The audit for a teaching case, with all its source documents."""
        case = load_case(case_id)
        return cls(case.article, case.sources, [s.title for s in case.source_docs], **kwargs)

    def __repr__(self) -> str:
        return f"QuoteAudit(quotes={len(self.checks)}, sources={len(self.source_texts)})"

    @safe_callback
    def run(self) -> None:
        """Trace every quote of the texts in the boxes."""
        article = self.article_box.value
        problem = check_text(article, what="article") or check_text(
            self.sources_box.value, what="source")
        if problem:
            self.show_message(problem, "hint")
            return
        sources = split_sources(self.sources_box.value)
        if sources != self.source_texts:
            self.source_titles = []
        self.source_texts = sources
        self.checks = traced_checks(article, sources)
        self._paint("article_view", (
            '<div style="max-height:36em;overflow:auto">'
            + highlight_html(article, quote_findings(article, sources), explanations=False,
                             title="Article")
            + "</div>"))
        self._set_quote_options()
        if not self.checks:
            self.show_message("No reported speech found in the article: look for quotation "
                              "marks with a speaker ('..., she said').", "hint")
            self._paint("source_view", source_panel_html(sources[0], None))
            self._paint("details", "")
            return
        self.clear_message()
        self.quote_list.value = 0
        self.show(0)

    def _title(self, index: int | None) -> str:
        if index is None:
            return "Source"
        if index < len(self.source_titles):
            return f"Source: {self.source_titles[index]}"
        return f"Source {index + 1}"

    @safe_callback
    def show(self, index: int | None) -> None:
        """Mark the selected quote's words in the source it traces to."""
        if index is None or not 0 <= index < len(self.checks):
            return
        check, source_index = self.checks[index]
        shown = source_index if source_index is not None else 0
        self._paint("details", details_html(check))
        self._paint("source_view", excerpt_panel_html(
            parse_source(self.source_texts[shown]), check, self._title(source_index)))

    def _paint(self, view: str, html: str) -> None:
        """Show ``html`` in one of the views, epithets masked unless revealed."""
        self._raw[view] = html
        getattr(self, view).value = self.masker(html)

    def _set_quote_options(self) -> None:
        chosen = self.quote_list.value
        self.quote_list.options = [(self.masker(quote_label(n, c)), n - 1)
                                   for n, (c, _) in enumerate(self.checks, start=1)]
        if chosen is not None and chosen < len(self.checks):
            self.quote_list.value = chosen

    @safe_callback
    def _reveal_changed(self) -> None:
        """Show or hide epithets in every view (display only)."""
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        for view, html in self._raw.items():
            getattr(self, view).value = self.masker(html)
        self._set_quote_options()
