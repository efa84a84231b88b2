"""AgencyView: who does what to whom in a text, with hidden agents flagged and made visible."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.framing import agency, hidden_agency, show_hidden_agents
from propaganda_lab.nlp import to_doc
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.views import events_table_html
from propaganda_lab.widgets._base import LabWidget, check_text, safe_callback

OWN_TEXT = "(type your own text)"


def who_marked_html(text: str) -> str:
    """The rewritten text with each inserted '[... who?]' in bold (text escaped)."""
    parts = escape(text)
    for marker in ("[by whom?]", "[between whom?]"):
        parts = parts.replace(marker, f"<mark style='background:#fff1c1'><b>{marker}</b></mark>")
    return (
        "<div class='pl-who-text' style='font-family:system-ui,sans-serif;color:#1a1a1a;"
        f"max-width:52em;white-space:pre-wrap;line-height:1.5'>{parts}</div>"
    )


class AgencyView(LabWidget):
    """Choose a case or type a text; see every action's agent, and who is missing."""

    def __init__(self, case_id: str = "harbor_protest_ledger", **kwargs: Any) -> None:
        ids = sorted(list_cases("framing"))
        options = [(load_case(i).title, i) for i in ids] + [(OWN_TEXT, OWN_TEXT)]
        self.picker = widgets.Dropdown(options=options, value=case_id, description="Text:",
                                       layout=widgets.Layout(width="95%"))
        self.text = widgets.Textarea(layout=widgets.Layout(width="95%", height="6em"),
                                     continuous_update=False,
                                     placeholder="Type a sentence, e.g. 'Mistakes were made.'")
        self.show_who = widgets.ToggleButton(
            value=False, description="Show missing agents as [who?]", icon="user-secret",
            tooltip="Rewrite agentless passives so the hidden doer shows as [who?]",
            layout=widgets.Layout(width="auto"))
        self.only_hidden = widgets.Checkbox(value=True, description="Table: hidden agents only")
        self.text_view = widgets.HTML()
        self.text_view.add_class("pl-agency-text")
        self.table = widgets.HTML()
        self.table.add_class("pl-agency-table")
        super().__init__([self.picker, self.text, widgets.HBox([self.show_who, self.only_hidden]),
                          self.text_view, self.table], **kwargs)
        self.add_class("pl-agency-view")
        self._load_choice()
        self.picker.observe(lambda _c: self._load_choice(), names="value")
        for control in (self.text, self.show_who, self.only_hidden):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def __repr__(self) -> str:
        return f"AgencyView(case_id={self.picker.value!r})"

    def _load_choice(self) -> None:
        if self.picker.value != OWN_TEXT:
            self.text.value = load_case(self.picker.value).article

    @safe_callback
    def update(self) -> None:
        problem = check_text(self.text.value, what="text")
        if problem:
            self.text_view.value = self.table.value = ""
            self.show_message(problem, "hint")
            return
        doc = to_doc(self.text.value)
        events = agency(doc)
        if self.show_who.value:
            self.text_view.value = who_marked_html(show_hidden_agents(doc))
        else:
            self.text_view.value = highlight_html(doc.text, hidden_agency(doc))
        shown = [e for e in events if e.agentless] if self.only_hidden.value else events
        self.table.value = events_table_html(shown)
        hidden = sum(e.agentless for e in events)
        self.show_message(
            f"{len(events)} action(s), {hidden} with a hidden agent. Ask of each: who did it, "
            "and would the story read differently if the text said so?", "hint")
