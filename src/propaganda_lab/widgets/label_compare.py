"""One fictional story, several labels for the same group: watch the profile follow the label.

The story text comes from a template (``data/label_stories.json``), so everything except the
label is identical; whatever changes in the bars was carried by the label alone. That also
means the comparison is partly circular: the detectors find the label word itself
(*illegals* is a negative evaluation, *crawlers* a vermin image, an epithet is name-calling).
:func:`label_share` says how many findings are the label's own words, and the widget can
leave them out (:func:`without_label_words`) to show what the *rest* of the text does, which
in a template is nothing: the template holds no other difference to find.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
from propaganda_lab.dehumanization.profile import GroupProfile, profile_from_findings
from propaganda_lab.masking import Masker
from propaganda_lab.nlp import to_doc
from propaganda_lab.render import highlight_html
from propaganda_lab.widgets._base import ChartImage, LabWidget, reveal_button, safe_callback

#: Label kinds that are masked on screen like epithets (an invented slur, or a vermin name).
MASKED_KINDS = frozenset({"dehumanizing", "epithet"})


def labels_to_mask(stories: Iterable[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """Every story label whose kind is dehumanizing or an epithet (e.g. "Kessin crawlers"):
    shown masked by default, like the shipped epithets."""
    chosen = label_stories() if stories is None else stories
    return tuple(sorted({item["label"] for story in chosen for item in story["labels"]
                         if item.get("kind") in MASKED_KINDS}))


def label_masker(stories: Iterable[dict[str, Any]] | None = None) -> Masker:
    """A Masker for the shipped epithets plus the stories' dehumanizing labels."""
    return Masker(extra_terms=labels_to_mask(stories))


def label_spans(text: str, label: str) -> list[tuple[int, int]]:
    """Where the label stands in the text (any capitalisation, whole words only)."""
    pattern = re.compile(rf"(?<!\w){re.escape(label)}(?!\w)", re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(low <= start and end <= high for low, high in spans)


def label_share(profile: GroupProfile) -> tuple[int, int]:
    """(findings that lie wholly inside the label's own words, all findings) of a profile."""
    spans = label_spans(profile.text, profile.label)
    found = profile.findings
    return sum(_inside(f.start, f.end, spans) for f in found), len(found)


def without_label_words(profile: GroupProfile) -> GroupProfile:
    """The same profile with every finding that is only the label itself left out, so what
    remains is what the text around the label does."""
    spans = label_spans(profile.text, profile.label)
    kept = [f for f in profile.findings if not _inside(f.start, f.end, spans)]
    return profile_from_findings(to_doc(profile.text), profile.group_terms, kept)


def circularity_note(profile: GroupProfile, masker: Masker) -> str:
    """One sentence saying how much of this label's score is the label word itself."""
    inside, total = label_share(profile)
    label = masker(profile.label)
    if total == 0:
        return f"Nothing is flagged for “{label}”."
    if inside == total:
        return (f"All {total} findings for “{label}” are the label's own words: the rest of the "
                "story is identical under every label, so the bars show that the detector "
                "recognises this label, not that the label changed the text around it.")
    return (f"{inside} of {total} findings for “{label}” are the label's own words; the other "
            f"{total - inside} come from the text around it.")


class LabelCompare(LabWidget):
    """Switch the label; the bars, the table and the highlighted story follow."""

    def __init__(self, story_id: str = "merrow_harvest", **kwargs: Any) -> None:
        self.stories = {story["id"]: story for story in label_stories()}
        self.masker = label_masker(self.stories.values())
        self.content_note = widgets.HTML(content_note_html("mild"))
        self.story = widgets.Dropdown(
            options=[(story["title"], sid) for sid, story in self.stories.items()],
            value=story_id, description="Story:", layout=widgets.Layout(width="30em"))
        self.label = widgets.Dropdown(description="Label:", layout=widgets.Layout(width="30em"))
        self.reveal = reveal_button()
        self.exclude_label = widgets.Checkbox(
            value=False, description="Leave out the label's own words", indent=False,
            tooltip="Count only findings outside the label itself (what the rest of the text "
                    "does)")
        self.exclude_label.add_class("pl-exclude-label")
        self.note = widgets.HTML()
        self.circularity = widgets.HTML()
        self.circularity.add_class("pl-label-circularity")
        self.bars = ChartImage(max_width="640px")
        self.bars_text = widgets.HTML()
        self.bars_text.add_class("pl-label-summary")
        self.table = widgets.HTML()
        self.text_view = widgets.HTML()
        super().__init__([self.content_note, self.story,
                          widgets.HBox([self.label, self.reveal, self.exclude_label]),
                          self.note, self.circularity, self.bars, self.bars_text, self.table,
                          self.text_view], **kwargs)
        self.add_class("pl-label-compare")
        self._profiles: list[GroupProfile] = []
        self._variants: list[str] = []
        self._filling = False
        self.story.observe(lambda _c: self._story_changed(), names="value")
        self.label.observe(lambda _c: self.render(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        self.exclude_label.observe(lambda _c: self.render(), names="value")
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

    def shown_profiles(self) -> list[GroupProfile]:
        """The profiles as displayed: with or without the label's own words."""
        if self.exclude_label.value:
            return [without_label_words(profile) for profile in self._profiles]
        return list(self._profiles)

    @safe_callback
    def render(self) -> None:
        if self._filling or self.label.value is None or not self._profiles:
            return
        self.clear_message()  # an earlier error must not linger over fresh output

        number = self.label.value
        profiles = self.shown_profiles()
        profile = profiles[number]
        item = self._labels()[number]
        self.note.value = (f"<p style='margin:0.2em 0'><strong>{escape(self.masker(item['label']))}"
                           f"</strong>: {escape(self.masker(item.get('note', '')))}</p>")
        note = circularity_note(self._profiles[number], self.masker)
        if self.exclude_label.value:
            note += " Shown now: only the findings outside the label."
        self.circularity.value = f"<p style='margin:0.2em 0'><em>{escape(note)}</em></p>"
        figure = profile_figure(profile, f"Label: {profile.label}", self.masker)
        self.bars.show_figure(figure)
        self.bars_text.value = (f"<p style='margin:0.2em 0'>"
                                f"{escape(bars_summary(profile, self.masker))}</p>")
        self.table.value = comparison_table_html(profiles, self.masker)
        self.text_view.value = highlight_html(self._variants[number], profile.findings,
                                              masker=self.masker)
