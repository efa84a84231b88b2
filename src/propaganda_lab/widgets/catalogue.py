"""The technique catalogue as a readable, searchable list (notebook 01).

A six-column table of 36 techniques ran to six screens with a squeezed definition column.
Here each technique is one line (its name and what it is, in short), grouped by lens; a
click opens its card (definition, cues, questions, example, research labels), and a search
box and a lens menu narrow the list as the learner types.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.masking import Masker
from propaganda_lab.render import escape
from propaganda_lab.techniques import Technique, search_techniques
from propaganda_lab.widgets._base import LabWidget, safe_callback
from propaganda_lab.widgets.technique_explorer import _LENS_LABELS, technique_card_html

#: The lens menu's "every lens" choice (a Dropdown shows None as an empty box).
ALL = "all"


def in_short(technique: Technique) -> str:
    """The first sentence of the definition."""
    first = technique.definition.split(". ")[0].rstrip(".")
    return first + "."


def catalogue_html(found: list[Technique], total: int, query: str = "",
                   masker: Masker | None = None) -> str:
    """The techniques, grouped by lens, each a one-line summary that opens its card (examples
    masked: a card may quote an invented epithet)."""
    masker = masker or Masker()
    if not found:
        return (f"<p class='pl-catalogue-count'>No technique matches “{escape(query)}”. Try "
                "fewer or shorter words (the search looks at names, definitions, cues and "
                "the research labels).</p>")
    count = (f"All {total} techniques" if len(found) == total
             else f"{len(found)} of {total} techniques match “{escape(query)}”")
    parts = [f"<p class='pl-catalogue-count' role='status' style='margin:0.3em 0'>{count}. "
             "Click a technique to read its card.</p>"]
    for lens, label in _LENS_LABELS.items():
        group = [t for t in found if t.lens == lens]
        if not group:
            continue
        parts.append(f"<h4 style='margin:0.7em 0 0.2em'>{escape(label)} ({len(group)})</h4>")
        for technique in group:
            parts.append(
                "<details class='pl-catalogue-entry' style='margin:0.15em 0'>"
                "<summary style='cursor:pointer;line-height:1.5'>"
                f"<strong>{escape(technique.name)}</strong> — "
                f"{escape(masker(in_short(technique)))}"
                f"</summary><div style='margin:0.3em 0 0.6em 1.2em'>"
                f"{technique_card_html(technique, masker, show_id=False)}</div></details>")
    return ("<div class='pl-catalogue' style='color:#1a1a1a;font-family:system-ui,sans-serif;"
            "max-width:60em'>" + "".join(parts) + "</div>")


class CatalogueBrowser(LabWidget):
    """Search box and lens menu over the catalogue; one line per technique, a click opens it."""

    def __init__(self, query: str = "", lens: str | None = None, **kwargs: Any) -> None:
        self.search = widgets.Text(value=query, description="Search:",
                                   placeholder="a word, e.g. flood, quote, fear, passive",
                                   layout=widgets.Layout(width="26em"))
        self.search.add_class("pl-catalogue-search")
        self.lens = widgets.Dropdown(
            options=[("All lenses", ALL), *[(label, key) for key, label in
                                             _LENS_LABELS.items()]],
            value=lens or ALL, description="Lens:")
        self.listing = widgets.HTML()
        super().__init__([widgets.HBox([self.search, self.lens]), self.listing], **kwargs)
        self.add_class("pl-catalogue-browser")
        self.search.observe(lambda _c: self.update(), names="value")
        self.lens.observe(lambda _c: self.update(), names="value")
        self.update()

    def __repr__(self) -> str:
        return f"CatalogueBrowser(query={self.search.value!r}, lens={self.lens.value!r})"

    @safe_callback
    def update(self) -> None:
        """Show the techniques matching the search words and the lens."""
        lens = None if self.lens.value == ALL else self.lens.value
        found = search_techniques(self.search.value, lens)
        self.clear_message()  # an earlier error must not linger over fresh output
        total = len(search_techniques("", lens))
        self.listing.value = catalogue_html(found, total, self.search.value)
