"""One fictional story, several labels for the same group: watch the profile follow the label.

The story text comes from a template (``data/label_stories.json``), so everything except the
label is identical; whatever changes in the bars was carried by the label alone.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from propaganda_lab.dehumanization import compare_labels, label_stories, story_variants
from propaganda_lab.dehumanization.display import (
    bars_summary,
    comparison_table_html,
    content_note_html,
    profile_figure,
)
from propaganda_lab.masking import Masker
from propaganda_lab.render import highlight_html
from propaganda_lab.widgets._base import ChartImage, LabWidget, reveal_button, safe_callback


class LabelCompare(LabWidget):
    """Switch the label; the bars, the table and the highlighted story follow."""

    def __init__(self, story_id: str = "merrow_harvest", **kwargs: Any) -> None:
        self.masker = Masker()
        self.stories = {story["id"]: story for story in label_stories()}
        self.content_note = widgets.HTML(content_note_html("mild"))
        self.story = widgets.Dropdown(
            options=[(story["title"], sid) for sid, story in self.stories.items()],
            value=story_id, description="Story:", layout=widgets.Layout(width="30em"))
        self.label = widgets.Dropdown(description="Label:", layout=widgets.Layout(width="30em"))
        self.reveal = reveal_button()
        self.note = widgets.HTML()
        self.bars = ChartImage(max_width="640px")
        self.bars_text = widgets.HTML()
        self.bars_text.add_class("pl-label-summary")
        self.table = widgets.HTML()
        self.text_view = widgets.HTML()
        super().__init__([self.content_note, self.story, widgets.HBox([self.label, self.reveal]),
                          self.note, self.bars, self.bars_text, self.table, self.text_view],
                         **kwargs)
        self.add_class("pl-label-compare")
        self._profiles: list[Any] = []
        self._variants: list[str] = []
        self._filling = False
        self.story.observe(lambda _c: self._story_changed(), names="value")
        self.label.observe(lambda _c: self.render(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        self._story_changed()

    def __repr__(self) -> str:
        return f"LabelCompare(story={self.story.value!r})"

    def _labels(self) -> list[dict[str, str]]:
        return list(self.stories[self.story.value]["labels"])

    def _label_options(self) -> list[tuple[str, int]]:
        return [(f"{self.masker(item['label'])} ({item.get('kind', 'label')})", number)
                for number, item in enumerate(self._labels())]

    @safe_callback
    def _story_changed(self) -> None:
        story = self.stories[self.story.value]
        labels = [item["label"] for item in story["labels"]]
        self._variants = story_variants(story["template"], labels)
        self._profiles = compare_labels(self._variants, labels)
        self._refill_labels(0)

    def _refill_labels(self, value: int) -> None:
        self._filling = True
        try:
            self.label.options = self._label_options()
            self.label.value = value
        finally:
            self._filling = False
        self.render()

    def _reveal_changed(self) -> None:
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        self._refill_labels(self.label.value or 0)

    @safe_callback
    def render(self) -> None:
        if self._filling or self.label.value is None or not self._profiles:
            return
        self.clear_message()  # an earlier error must not linger over fresh output

        number = self.label.value
        profile = self._profiles[number]
        item = self._labels()[number]
        self.note.value = (f"<p style='margin:0.2em 0'><strong>{escape(self.masker(item['label']))}"
                           f"</strong>: {escape(self.masker(item.get('note', '')))}</p>")
        figure = profile_figure(profile, f"Label: {profile.label}", self.masker)
        self.bars.show_figure(figure)
        self.bars_text.value = (f"<p style='margin:0.2em 0'>"
                                f"{escape(bars_summary(profile, self.masker))}</p>")
        self.table.value = comparison_table_html(self._profiles, self.masker)
        self.text_view.value = highlight_html(self._variants[number], profile.findings,
                                              masker=self.masker)
