"""Browse the catalogue: definition, cues, reader's questions and every corpus example.

The examples include the fictional dehumanizing cases, so every piece of text on screen goes
through a :class:`~propaganda_lab.masking.Masker` (epithets masked by default; the reveal toggle
changes the display only, the highlights are decided on the real text).
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from propaganda_lab.examples import examples_of
from propaganda_lab.masking import Masker
from propaganda_lab.render import highlight_html
from propaganda_lab.techniques import Technique, get_technique, techniques
from propaganda_lab.widgets._base import LabWidget, reveal_button, safe_callback

_LENS_LABELS = {
    "framing": "Framing",
    "quoting": "Selective quoting",
    "dehumanization": "Dehumanizing language",
}


def _unmasked(text: str) -> str:
    return text


def technique_card_html(technique: Technique, masker: Masker | None = None,
                        show_id: bool = True) -> str:
    """The catalogue entry as an accessible card (headings and lists, all text escaped; the
    catalogue's own wording passes through ``masker`` too, in case an example quotes an
    epithet). ``show_id=False`` leaves out the id code uses (a reader's view)."""
    mask = masker or _unmasked
    lens = escape(_LENS_LABELS.get(technique.lens, technique.lens))
    ident = f" · id <code>{escape(technique.id)}</code>" if show_id else ""

    def items(values: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(mask(value))}</li>" for value in values)

    crossrefs = [
        ("SemEval-2020 PTC", technique.ptc_labels),
        ("SemEval-2023 Task 3", technique.semeval2023_labels),
        ("IPA (1937) device", technique.ipa_devices),
    ]
    refs = "".join(
        f"<li>{escape(name)}: {escape(', '.join(labels)) if labels else '<i>no counterpart</i>'}"
        "</li>"
        for name, labels in crossrefs
    )
    return (
        "<section class='pl-card' style='color:#1a1a1a;font-family:system-ui,sans-serif;"
        "border:1px solid #ccc;border-radius:6px;padding:8px 14px;max-width:60em'>"
        f"<h4 style='margin:0.2em 0'>{escape(technique.name)} "
        f"<small style='color:#4a4a4a'>({lens}{ident})</small></h4>"
        f"<p>{escape(mask(technique.definition))}</p>"
        f"<p style='margin-bottom:0'><strong>Cues to look for</strong></p>"
        f"<ul>{items(technique.cues)}</ul>"
        f"<p style='margin-bottom:0'><strong>Questions a careful reader asks</strong></p>"
        f"<ul>{items(technique.questions)}</ul>"
        f"<p style='margin-bottom:0'><strong>Example</strong></p><blockquote>"
        f"{escape(mask(technique.example))}</blockquote>"
        f"<p style='margin-bottom:0'><strong>In the research taxonomies</strong></p><ul>{refs}</ul>"
        "</section>"
    )


class TechniqueExplorer(LabWidget):
    """Pick a lens and a technique; read its card and see it highlighted in the corpus."""

    def __init__(self, technique_id: str = "loaded_language", **kwargs: Any) -> None:
        start = get_technique(technique_id)
        self.masker = Masker()
        self.lens = widgets.ToggleButtons(
            options=[(label, lens) for lens, label in _LENS_LABELS.items()], value=start.lens,
            description="Lens:", style={"button_width": "11em"},
        )
        self.technique = widgets.Dropdown(description="Technique:",
                                          layout=widgets.Layout(width="30em"))
        self.reveal = reveal_button()
        self.card = widgets.HTML()
        self.examples = widgets.HTML()
        self.examples.add_class("pl-explorer-examples")
        super().__init__([self.lens, widgets.HBox([self.technique, self.reveal]), self.card,
                          self.examples], **kwargs)
        self.add_class("pl-explorer")
        self._fill_techniques(start.id)
        self.lens.observe(lambda _c: self._fill_techniques(None), names="value")
        self.technique.observe(lambda _c: self.update(), names="value")
        self.reveal.observe(lambda _c: self._reveal_changed(), names="value")
        self.update()

    def __repr__(self) -> str:
        return "TechniqueExplorer()"

    def _fill_techniques(self, chosen: str | None) -> None:
        options = [(t.name, t.id) for t in techniques(self.lens.value)]
        self.technique.options = options  # also selects the first option
        if chosen:
            self.technique.value = chosen

    def _reveal_changed(self) -> None:
        self.masker.revealed = self.reveal.value
        self.reveal.description = "Hide epithets" if self.reveal.value else "Reveal epithets"
        self.update()

    @safe_callback
    def update(self) -> None:
        if not self.technique.value:
            return
        self.clear_message()  # an earlier error must not linger over fresh output
        technique = get_technique(self.technique.value)
        self.card.value = technique_card_html(technique, self.masker)
        found = examples_of(technique.id)
        if not found:
            self.examples.value = "<p><i>No example of this technique in the corpus yet.</i></p>"
            return
        parts = [f"<h4 style='margin:0.6em 0 0.2em'>{len(found)} example(s) in the teaching "
                 "corpus</h4>"]
        for example in found:
            parts.append(
                f"<p style='margin:0.6em 0 0.1em'><strong>From "
                f"“{escape(self.masker(example.case_title))}”</strong> "
                f"<small>(case <code>{escape(example.case_id)}</code>)</small></p>"
                + highlight_html(example.paragraph, [example.annotation], legend=False,
                                 masker=self.masker)
            )
        self.examples.value = "".join(parts)
