"""FrameCompare: two reports of one event side by side — loaded words, frames, word choices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.framing import compare_framing
from propaganda_lab.framing.display import (
    comparison_summary_html,
    frame_profile_figure,
    frame_profile_table_html,
    word_choices_html,
)
from propaganda_lab.lenses.framing.frames import FrameProfile, frame_labels
from propaganda_lab.nlp import to_doc
from propaganda_lab.render import highlight_html
from propaganda_lab.widgets._base import (
    ChartCache,
    ChartImage,
    LabWidget,
    check_text,
    safe_callback,
)

OWN_TEXT = "(type your own text)"
CHART_TITLE = "Frame profiles of the two texts"
#: Charts already drawn, keyed by everything the figure shows: pressing Compare again (or going
#: back to a pair of texts) must not redraw.
_CHARTS = ChartCache()


def frame_chart(profiles: Mapping[str, FrameProfile], title: str = CHART_TITLE
                ) -> tuple[bytes, str]:
    """PNG bytes and alt text of ``frame_profile_figure(profiles, title)``, drawn once."""
    key = (title, tuple(frame_labels().items()),
           tuple((name, tuple(sorted(profile.scores.items())))
                 for name, profile in profiles.items()))
    return _CHARTS.chart(key, lambda: frame_profile_figure(profiles, title))


def _case_options() -> list[tuple[str, str]]:
    ids = sorted(set(list_cases("framing")) | set(list_cases("mixed")))
    return [(load_case(case_id).title, case_id) for case_id in ids] + [(OWN_TEXT, OWN_TEXT)]


class _Side(widgets.VBox):
    """One column: a case picker and a text box (editable when 'type your own' is chosen)."""

    def __init__(self, label: str, choice: str) -> None:
        self.picker = widgets.Dropdown(options=_case_options(), value=choice,
                                       description=f"Text {label}:",
                                       layout=widgets.Layout(width="95%"))
        self.text = widgets.Textarea(layout=widgets.Layout(width="95%", height="6em"),
                                     placeholder="Paste or type a news report here")
        super().__init__([self.picker, self.text], layout=widgets.Layout(width="50%"))
        self._load_choice()
        self.picker.observe(lambda _change: self._load_choice(), names="value")

    def _load_choice(self) -> None:
        if self.picker.value != OWN_TEXT:
            self.text.value = load_case(self.picker.value).article

    @property
    def name(self) -> str:
        return "your text" if self.picker.value == OWN_TEXT else self.picker.value


class FrameCompare(LabWidget):
    """Pick (or type) two texts; press Compare to see frame bars and highlighted loaded terms."""

    def __init__(self, a: str = "harbor_protest_ledger", b: str = "harbor_protest_truthwatch",
                 **kwargs: Any) -> None:
        self.side_a, self.side_b = _Side("A", a), _Side("B", b)
        self.compare_button = widgets.Button(description="Compare", button_style="primary",
                                             icon="columns", tooltip="Analyse both texts")
        self.summary = widgets.HTML()
        self.summary.add_class("pl-compare-summary")
        self.chart = ChartImage(max_width="640px")
        self.chart.add_class("pl-compare-chart")
        self.chart_caption = widgets.HTML()
        self.highlights = widgets.HTML()
        self.highlights.add_class("pl-compare-highlights")
        super().__init__([
            widgets.HBox([self.side_a, self.side_b]), self.compare_button, self.summary,
            self.chart, self.chart_caption, self.highlights,
        ], **kwargs)
        self.add_class("pl-frame-compare")
        self.compare_button.on_click(lambda _button: self.update())
        self.update()

    def __repr__(self) -> str:
        return f"FrameCompare(a={self.side_a.picker.value!r}, b={self.side_b.picker.value!r})"

    @safe_callback
    def update(self) -> None:
        for side, label in ((self.side_a, "A"), (self.side_b, "B")):
            problem = check_text(side.text.value, what=f"text {label}")
            if problem:
                self.show_message(problem, "hint")
                return
        self.clear_message()
        doc_a, doc_b = to_doc(self.side_a.text.value), to_doc(self.side_b.text.value)
        comparison = compare_framing(doc_a, doc_b)
        name_a, name_b = f"A: {self.side_a.name}", f"B: {self.side_b.name}"
        profiles = {name_a: comparison.profile_a, name_b: comparison.profile_b}
        self.summary.value = (comparison_summary_html(comparison, name_a, name_b)
                              + word_choices_html(comparison, name_a, name_b))
        self._draw(profiles)
        self.chart_caption.value = frame_profile_table_html(
            profiles, "Frame scores and the cue words behind them (text version of the chart)")
        self.highlights.value = (
            "<div style='display:flex;gap:12px;align-items:flex-start'>"
            f"<div style='flex:1'>{highlight_html(doc_a.text, comparison.loaded_a, title=name_a)}"
            f"</div><div style='flex:1'>"
            f"{highlight_html(doc_b.text, comparison.loaded_b, title=name_b)}</div></div>"
        )

    def _draw(self, profiles: dict) -> None:
        """Render the bars to PNG bytes in an Image widget (no Output-capture side effects);
        the table below the chart carries the same numbers as text. Unchanged scores reuse
        the PNG already drawn."""
        self.chart.show(*frame_chart(profiles))
