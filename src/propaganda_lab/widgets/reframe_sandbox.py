"""ReframeSandbox: swap loaded words for neutral ones and watch highlights and frames change.

The learner either picks replacements from dropdowns (one per loaded term that has a neutral
alternative) or edits the text freely. Typing is debounced (re-analysis waits until typing
pauses), and one update costs about one spaCy parse (~60 ms for 300 words on a laptop).
"""

from __future__ import annotations

import asyncio
from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import load_case
from propaganda_lab.findings import Finding
from propaganda_lab.framing import frame_profile, loaded_language, neutral_rewrite
from propaganda_lab.framing.display import frame_bars_html
from propaganda_lab.nlp import to_doc
from propaganda_lab.render import highlight_html
from propaganda_lab.widgets._base import LabWidget, check_text, safe_callback

#: Seconds without typing before the text is re-analysed.
DEBOUNCE_SECONDS = 0.35
_KEEP = "keep"


class ReframeSandbox(LabWidget):
    """Rewrite a loaded text towards neutral, one word at a time, with live feedback."""

    def __init__(self, text: str | None = None, case_id: str | None = None,
                 **kwargs: Any) -> None:
        if text is None:
            text = load_case(case_id).article if case_id else (
                "A mob of union thugs seized the harbour gate while spineless ministers looked "
                "away. The regime slapped new fees on every lorry.")
        self.case_id = case_id
        self.text = widgets.Textarea(value=text, continuous_update=True,
                                     layout=widgets.Layout(width="95%", height="8em"),
                                     description="Text:")
        self.swaps = widgets.VBox()
        self.swaps.add_class("pl-sandbox-swaps")
        self.all_neutral = widgets.Button(description="Swap all to neutral", icon="exchange")
        self.reset = widgets.Button(description="Reset swaps", icon="undo")
        self.status = widgets.HTML()
        self.status.add_class("pl-sandbox-status")
        self.highlight = widgets.HTML()
        self.highlight.add_class("pl-sandbox-highlight")
        self.bars = widgets.HTML()
        super().__init__([
            self.text, widgets.HTML("<b>Swap a loaded term</b> (choose a replacement):"),
            self.swaps, widgets.HBox([self.all_neutral, self.reset]), self.status,
            widgets.HBox([self.highlight, self.bars]),
        ], **kwargs)
        self.add_class("pl-reframe-sandbox")
        self._base_text = text
        self._base_findings: list[Finding] = []
        self._setting_text = False
        self._pending: asyncio.TimerHandle | None = None
        self._original_count = 0
        self.text.observe(self._on_typing, names="value")
        self.all_neutral.on_click(lambda _b: self._swap_all())
        self.reset.on_click(lambda _b: self._reset())
        self._rebase(text)

    def __repr__(self) -> str:
        source = f"case_id={self.case_id!r}" if self.case_id else "text=..."
        return f"ReframeSandbox({source})"

    # -- typing: debounced re-analysis ------------------------------------------------
    def _on_typing(self, change: dict) -> None:
        if self._setting_text:
            return
        if self._pending is not None:
            self._pending.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): update at once
            self._rebase(change["new"])
            return
        self._pending = loop.call_later(DEBOUNCE_SECONDS, self._rebase, change["new"])

    @safe_callback
    def _rebase(self, text: str) -> None:
        """The learner's edited text becomes the new starting point for swaps."""
        self._pending = None
        self._base_text = text
        problem = check_text(text, what="text")
        if problem:
            self._base_findings = []
            self.swaps.children = []
            self.highlight.value = self.bars.value = ""
            self.show_message(problem, "hint")
            return
        self.clear_message()
        doc = to_doc(text)
        self._base_findings = loaded_language(doc)
        self._original_count = len(self._base_findings)
        self.swaps.children = [self._dropdown(f) for f in self._base_findings if f.neutral]
        self._show(doc, self._base_findings)

    def _dropdown(self, finding: Finding) -> widgets.Dropdown:
        options = [(f"{finding.text} (keep)", _KEEP), (str(finding.neutral), finding.neutral)]
        dropdown = widgets.Dropdown(options=options, value=_KEEP,
                                    description=f"'{finding.text}':",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="auto"))
        dropdown.finding_start = finding.start  # type: ignore[attr-defined]
        dropdown.observe(lambda _change: self._apply_swaps(), names="value")
        return dropdown

    # -- swaps ------------------------------------------------------------------------
    def choices(self) -> dict[int, str]:
        """Base-text offset -> replacement for every dropdown not left on 'keep'."""
        return {d.finding_start: d.value for d in self.swaps.children  # type: ignore[attr-defined]
                if d.value != _KEEP}

    @safe_callback
    def _apply_swaps(self) -> None:
        new_text = neutral_rewrite(self._base_text, self._base_findings, self.choices())
        self._setting_text = True
        try:
            self.text.value = new_text
        finally:
            self._setting_text = False
        doc = to_doc(new_text)
        self._show(doc, loaded_language(doc))

    def swap(self, term: str, replacement: str | None = None) -> None:
        """Swap the first dropdown for ``term`` (by its text) — for notebooks and tests."""
        for dropdown in self.swaps.children:
            if dropdown.description == f"'{term}':":
                options = [value for _, value in dropdown.options if value != _KEEP]
                dropdown.value = replacement if replacement in options else options[0]
                return
        raise ValueError(f"No swappable loaded term {term!r} in this text.")

    def _swap_all(self) -> None:
        for dropdown in self.swaps.children:
            dropdown.value = next(v for _, v in dropdown.options if v != _KEEP)

    def _reset(self) -> None:
        for dropdown in self.swaps.children:
            dropdown.value = _KEEP

    def _show(self, doc: Any, findings: list[Finding]) -> None:
        # The sandbox is about the lexicon's words themselves (each one can be swapped), so all
        # are highlighted; weak ones carry "(weak cue)" and how often they were right.
        self.highlight.value = highlight_html(doc.text, findings, weak="mark")
        self.bars.value = frame_bars_html(frame_profile(doc))
        self.status.value = (
            f"<span class='pl-sandbox-count'>{len(findings)} loaded term(s) now; "
            f"{self._original_count} in the text before swaps.</span>"
        )
