"""The start notebook's first taste of analysis: type a sentence, see who does what to whom."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.roles import events
from propaganda_lab.views import events_table_html
from propaganda_lab.widgets._base import LabWidget, check_text, safe_callback


class WhoDoesWhat(LabWidget):
    """A text box and a live table of the actions, agents and patients spaCy's parse finds."""

    def __init__(self, text: str = "Shots were fired at the crowd after police arrived.",
                 **kwargs: Any) -> None:
        self.text = widgets.Textarea(
            value=text,
            description="Sentence:",
            placeholder="Type a sentence, e.g. 'Mistakes were made.'",
            continuous_update=False,
            layout=widgets.Layout(width="95%", height="4em"),
        )
        self.analyse_button = widgets.Button(
            description="Who does what?", button_style="primary", icon="search",
            tooltip="Parse the sentence and list its actions",
        )
        self.result = widgets.HTML()
        self.result.add_class("pl-events-result")
        super().__init__([self.text, self.analyse_button, self.result], **kwargs)
        self.text.observe(lambda _change: self.update(), names="value")
        self.analyse_button.on_click(lambda _button: self.update())
        self.update()

    @safe_callback
    def update(self) -> None:
        problem = check_text(self.text.value, what="sentence")
        if problem:
            self.result.value = ""
            self.show_message(problem, "hint")
            return
        found = events(self.text.value)
        self.result.value = events_table_html(found)
        hidden = sum(event.agentless for event in found)
        if hidden:
            self.show_message(
                f"{hidden} action(s) with a hidden agent: the sentence does not say who did it.",
                "hint",
            )
        else:
            self.clear_message()
