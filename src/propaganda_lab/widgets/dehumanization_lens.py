"""Pick a text and a group; see the dehumanization profile as bars, evidence and roles.

Epithets are masked on screen by default behind a visible content note; the reveal toggle only
changes the display, never the analysis (which always reads the unmasked text).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.dehumanization import analyze_group, find_groups, group_labels
from propaganda_lab.dehumanization.display import (
    agency_table_html,
    bars_summary,
    content_note_html,
    profile_figure,
    profile_table_html,
)
from propaganda_lab.dehumanization.profile import COMPONENTS, GroupProfile
from propaganda_lab.lenses.dehumanization.groups import groups_from_mentions
from propaganda_lab.masking import Masker
from propaganda_lab.nlp import to_doc
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.widgets._base import (
    ChartCache,
    ChartImage,
    LabWidget,
    check_text,
    reveal_button,
    safe_callback,
    weak_cues_toggle,
)

OWN_TEXT = "__own__"
#: Group-menu value meaning "the groups in the editable list below".
CHOSEN_GROUPS = ("__chosen__",)
_EXAMPLE = (
    "The Teskari came for the harvest. They are a burden, shipped in like cargo, and they all "
    "keep to themselves."
)
#: Charts already drawn, keyed by everything the figure shows (masked title, masked label,
#: the component scores): the reveal toggle or going back to a group must not redraw.
_CHARTS = ChartCache()


def profile_chart(profile: GroupProfile, title: str, masker: Masker) -> tuple[bytes, str]:
    """PNG bytes and alt text of ``profile_figure(profile, title, masker)``, drawn once."""
    key = (masker(title), masker(profile.label), tuple(COMPONENTS.items()),
           tuple(profile.components[name].per_100 for name in COMPONENTS))
    return _CHARTS.chart(key, lambda: profile_figure(profile, title, masker))


class DehumanizationLens(LabWidget):
    """Component bars, highlighted evidence by category and agent/patient counts for a group."""

    def __init__(self, case_id: str = "teskari_workers_radio", **kwargs: Any) -> None:
        self.masker = Masker()
        cases = [load_case(c) for c in list_cases("dehumanization")]
        self.content_note = widgets.HTML(content_note_html("strong"))
        self.text_choice = widgets.Dropdown(
            options=[(case.title, case.id) for case in cases] + [("Your own text", OWN_TEXT)],
            value=case_id, description="Text:", layout=widgets.Layout(width="36em"))
        self.own_text = widgets.Textarea(value=_EXAMPLE, description="Your text:",
                                         continuous_update=False,
                                         layout=widgets.Layout(width="95%", height="6em",
                                                               display="none"))
        self.group = widgets.Dropdown(description="Group:", layout=widgets.Layout(width="36em"))
        self.groups_label = widgets.HTML(
            "<span>Groups found in the text (remove one with its ×, type a word and press "
            "Enter to add one; choose <i>the groups listed below</i> above to analyse them):"
            "</span>")
        self.groups_edit = widgets.TagsInput(value=[], allow_duplicates=False)
        self.reveal = reveal_button()
        self.weak_toggle = weak_cues_toggle()
        self.bars = ChartImage(max_width="640px")
        self.bars_text = widgets.HTML()
        self.bars_text.add_class("pl-dehum-summary")
        self.tables = widgets.HTML()
        self.evidence = widgets.HTML()
        self.evidence.add_class("pl-dehum-evidence")
        controls = widgets.HBox([self.group, self.reveal, self.weak_toggle])
        super().__init__([self.content_note, self.text_choice, self.own_text, controls,
                          self.groups_label, self.groups_edit, self.bars, self.bars_text,
                          self.tables, self.evidence], **kwargs)
        self.add_class("pl-dehumanization-lens")
        self._profile: GroupProfile | None = None
        self._filling = False
        self.text_choice.observe(lambda _c: self._text_changed(), names="value")
        self.own_text.observe(lambda _c: self._text_changed(), names="value")
        self.group.observe(lambda _c: self.update(), names="value")
        self.groups_edit.observe(lambda _c: self._groups_edited(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        self.weak_toggle.observe(lambda _c: self.render(), names="value")
        self._text_changed()

    def __repr__(self) -> str:
        return f"DehumanizationLens(case={self.text_choice.value!r})"

    def current_text(self) -> str:
        if self.text_choice.value == OWN_TEXT:
            return self.own_text.value
        return load_case(self.text_choice.value).article

    def _group_options(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        options: list[tuple[str, tuple[str, ...]]] = []
        if self.text_choice.value != OWN_TEXT:
            case = load_case(self.text_choice.value)
            terms = (*case.group_terms, *case.epithets)
            options.append((f"{case.group_terms[0]} (the case's group terms)", terms))
        doc = to_doc(text)
        for label, count in group_labels(find_groups(doc))[:8]:
            noun = "mention" if count == 1 else "mentions"
            options.append((f"{self.masker(label)} ({count} {noun}, detected)", (label,)))
        options.append(("The groups listed below (add or remove)", CHOSEN_GROUPS))
        return options

    def _detected_labels(self, text: str) -> list[str]:
        """Labels of the groups found, surest first; an unmasked epithet is never a tag."""
        labels = [g.label for g in groups_from_mentions(find_groups(to_doc(text)))]
        return [label for label in labels[:8] if self.masker(label) == label]

    @safe_callback
    def _groups_edited(self) -> None:
        if self._filling:
            return
        if self.group.value != CHOSEN_GROUPS:
            self.group.value = CHOSEN_GROUPS  # triggers update()
        else:
            self.update()

    def chosen_terms(self) -> tuple[str, ...]:
        """The group terms the profile is computed for (from the menu or the edited list)."""
        if self.group.value == CHOSEN_GROUPS:
            return tuple(t.strip() for t in self.groups_edit.value if t.strip())
        return tuple(self.group.value or ())

    @safe_callback
    def _text_changed(self) -> None:
        own = self.text_choice.value == OWN_TEXT
        self.own_text.layout.display = "" if own else "none"
        text = self.current_text()
        problem = check_text(text, what="text")
        if problem:
            self._clear(problem)
            return
        self._filling = True
        try:
            options = self._group_options(text)
            self.group.options = options
            self.group.value = options[0][1] if options else None
            self.groups_edit.value = self._detected_labels(text)
        finally:
            self._filling = False
        self.update()

    def _clear(self, message: str) -> None:
        self._profile = None
        self.bars.clear()
        self.bars_text.value = self.tables.value = self.evidence.value = ""
        self.show_message(message, "hint")

    def _reveal_changed(self) -> None:
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        self.render()

    @safe_callback
    def update(self) -> None:
        if self._filling:
            return
        text = self.current_text()
        terms = self.chosen_terms()
        if check_text(text, what="text") or not terms:
            self._clear("No group chosen: add a group to the list, choose another text, or "
                        "name the group in the text.")
            return
        self._profile = analyze_group(to_doc(text), list(terms))
        self.clear_message()
        self.render()

    @safe_callback
    def render(self) -> None:
        """Redraw from the stored profile (masking changes the display, not the numbers)."""
        profile = self._profile
        if profile is None:
            return

        self.bars.show(*profile_chart(profile, f"Dehumanization profile: {profile.label}",
                                      self.masker))
        summary = escape(bars_summary(profile, self.masker))
        self.bars_text.value = f"<p style='margin:0.2em 0'>{summary}</p>"
        self.tables.value = (profile_table_html(profile, self.masker)
                             + agency_table_html(profile, self.masker))
        masked = self.masker.count(profile.text) if not self.masker.revealed else 0
        note = f"{masked} epithet(s) masked. " if masked else ""
        self.evidence.value = (
            f"<p style='margin:0.3em 0'>{escape(note)}Evidence, highlighted by technique:</p>"
            + highlight_html(profile.text, profile.findings, masker=self.masker,
                             weak="mark" if self.weak_toggle.value else "hide",
                             weak_switch=True)
        )
