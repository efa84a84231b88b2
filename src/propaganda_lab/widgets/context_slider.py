"""Widen the context around one quote, step by step, and watch its meaning change."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import load_case
from propaganda_lab.quotes import QuoteCheck, parse_source, traced_checks
from propaganda_lab.quotes.display import CONTEXT_LEVELS, context_html, legend_html
from propaganda_lab.render import escape
from propaganda_lab.widgets._base import LabWidget, check_text, safe_callback
from propaganda_lab.widgets.quote_audit import SOURCE_SEPARATOR, quote_label, split_sources


def level_note(check: QuoteCheck, level: int) -> str:
    """What the learner can now see that the article did not show."""
    if level == 0:
        return "This is all the article lets you see."
    if not check.found:
        return "The quote could not be traced in the source."
    if level == 1:
        cut = [" ".join(piece.text.split()) for piece in check.omitted]
        if not cut:
            return "The quote is the whole sentence: nothing was cut from it."
        dropped = ", ".join(f"'{d.phrase}'" for d in check.dropped)
        extra = f" The cut words include {dropped}." if dropped else ""
        listed = " / ".join(f"'{c}'" for c in cut)
        return f"Cut from the same sentence: {listed}.{extra}"
    if level == 2:
        reversed_note = check.explanations.get("context_reversed")
        return reversed_note or "The sentences around it, as the speaker said them."
    return "The speaker's whole answer, with the question it answered (if any)."


class ContextSlider(LabWidget):
    """One quote; a slider from 'just the quote' to the speaker's full answer."""

    def __init__(self, article: str = "", source: str = "", quote: int | str = 0,
                 **kwargs: Any) -> None:
        self.checks: list[tuple[QuoteCheck, int | None]] = []
        self.sources: list[str] = []
        self.article_box = widgets.Textarea(value=article, description="Article:",
                                            layout=widgets.Layout(width="98%", height="8em"))
        self.source_box = widgets.Textarea(
            value=source, description="Source(s):",
            placeholder="Paste the transcript or report; separate several with a line -----",
            layout=widgets.Layout(width="98%", height="8em"))
        self.load_button = widgets.Button(description="Use these texts", icon="refresh")
        editor = widgets.Accordion(children=[widgets.VBox(
            [self.article_box, self.source_box, self.load_button])])
        editor.set_title(0, "Texts (paste your own article and source here)")
        editor.selected_index = None if article else 0
        self.quote_choice = widgets.Dropdown(options=[], description="Quote:",
                                             layout=widgets.Layout(width="98%"))
        self.quote_choice.add_class("pl-context-quote")
        # The slider's own readout is a fixed-width box that cut the longer steps off ("the
        # speaker's full ans..."): it is switched off and the step is written out beside it.
        self.level = widgets.SelectionSlider(options=list(CONTEXT_LEVELS), description="Context:",
                                             continuous_update=True, readout=False,
                                             layout=widgets.Layout(width="22em"),
                                             style={"description_width": "initial"})
        self.level.add_class("pl-context-level")
        self.step = widgets.HTML()
        self.step.add_class("pl-context-step")
        self.view = widgets.HTML()
        self.view.add_class("pl-context-view")
        self.note = widgets.HTML()
        self.note.add_class("pl-context-note")
        super().__init__([editor, self.quote_choice, widgets.HBox([self.level, self.step]),
                          self.view, self.note, widgets.HTML(legend_html())], **kwargs)
        self.add_class("pl-context-slider")
        self.load_button.on_click(lambda _b: self.load())
        self.quote_choice.observe(lambda _c: self.draw(), names="value")
        self.level.observe(lambda _c: self.draw(), names="value")
        self._show_step()
        if article:
            self.load(quote)

    @classmethod
    def from_case(cls, case_id: str, quote: int | str = 0, **kwargs: Any) -> ContextSlider:
        """The slider for one quote of a teaching case (by number or by its words)."""
        case = load_case(case_id)
        return cls(case.article, SOURCE_SEPARATOR.join(case.sources), quote, **kwargs)

    def __repr__(self) -> str:
        return f"ContextSlider(quotes={len(self.checks)}, level={self.level.index})"

    def _index_of(self, quote: int | str) -> int:
        if isinstance(quote, int):
            return quote if 0 <= quote < len(self.checks) else 0
        wanted = " ".join(quote.split()).lower()
        for i, (check, _) in enumerate(self.checks):
            if wanted in " ".join(check.quote.text.split()).lower():
                return i
        return 0

    @safe_callback
    def load(self, quote: int | str = 0) -> None:
        """Trace the quotes of the texts in the boxes and show the chosen one."""
        problem = check_text(self.article_box.value, what="article") or check_text(
            self.source_box.value, what="source")
        if problem:
            self.show_message(problem, "hint")
            return
        self.sources = split_sources(self.source_box.value)
        self.checks = traced_checks(self.article_box.value, self.sources)
        if not self.checks:
            self.quote_choice.options = []
            self.view.value = self.note.value = ""
            self.show_message("No reported speech found in the article.", "hint")
            return
        self.clear_message()
        self.quote_choice.options = [(quote_label(n, c), n - 1)
                                     for n, (c, _) in enumerate(self.checks, start=1)]
        self.quote_choice.value = self._index_of(quote)
        self.level.index = 0
        self.draw()

    @safe_callback
    def draw(self) -> None:
        """Show the chosen quote at the chosen context level."""
        index = self.quote_choice.value
        if index is None or not self.checks:
            return
        check, source_index = self.checks[index]
        source = parse_source(self.sources[source_index if source_index is not None else 0])
        level = self.level.index or 0
        self._show_step()
        self.view.value = context_html(source, check, level)
        self.note.value = (f"<p style='margin:0.3em 0;color:#1a1a1a'>"
                           f"<strong>{escape(CONTEXT_LEVELS[level].capitalize())}.</strong> "
                           f"{escape(level_note(check, level))}</p>")

    def _show_step(self) -> None:
        """The chosen step in full words, beside the slider."""
        level = self.level.index or 0
        self.step.value = (f"<span style='color:#1a1a1a;white-space:nowrap'>step {level + 1} of "
                           f"{len(CONTEXT_LEVELS)}: <strong>{escape(CONTEXT_LEVELS[level])}"
                           "</strong></span>")
