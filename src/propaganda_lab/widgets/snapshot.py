"""A static HTML picture of a widget, saved beside it in the notebook (issue 16).

A widget needs a running kernel. Before one runs (a notebook opened in JupyterLab, on GitHub,
on nbviewer, in an HTML export) a reader would see a text repr such as
``WhoDoesWhat(children=(Textarea(...``. Every course widget therefore displays with a
``text/html`` snapshot of what it shows at that moment, and a ``text/plain`` line saying what
it is; a live front end still draws the real widget (its MIME type ranks higher), and
``tools/execute_notebooks.py`` keeps only the snapshot in committed outputs.

Everything a learner could have typed is escaped and masked (``masking.mask_text``); HTML the
widgets build themselves is already escaped and masked by the library.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from propaganda_lab.masking import mask_text
from propaganda_lab.render import escape

__all__ = ["SNAPSHOT_NOTE", "plain_label", "snapshot_html"]

SNAPSHOT_NOTE = "Static snapshot of this widget as it was saved: run the cell to interact."

_FIELD = ("<div class='pl-snap-field' style='margin:4px 0'><span style='font-weight:600'>"
          "{label}</span> <span style='display:inline-block;border:1px solid #999;"
          "border-radius:3px;padding:2px 6px;white-space:pre-wrap;max-height:12em;"
          "overflow:auto;vertical-align:top;max-width:48em'>{value}</span></div>")


def plain_label(widget: Any) -> str:
    """The text/plain line for a course widget: what it is and that it needs a kernel."""
    return f"{type(widget).__name__}: an interactive widget (run the cell to use it)."


def _hidden(widget: Any) -> bool:
    layout = getattr(widget, "layout", None)
    return bool(layout is not None and (layout.display == "none"
                                        or layout.visibility == "hidden"))


def _field(description: str, value: str) -> str:
    label = escape(description) if description else ""
    return _FIELD.format(label=label, value=escape(mask_text(value)) or "&nbsp;")


def _choice_label(widget: Any) -> str:
    label = getattr(widget, "label", None)
    if isinstance(label, str):
        return label
    labels = getattr(widget, "label", None) or ()
    return ", ".join(str(item) for item in labels)


def _parts(widget: Any) -> list[str]:
    """HTML for one widget and its children, in display order."""
    if _hidden(widget):
        return []
    description = getattr(widget, "description", "") or ""
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        return [widget.value] if widget.value else []
    if isinstance(widget, widgets.Label):
        return [f"<p>{escape(mask_text(widget.value))}</p>"] if widget.value else []
    if isinstance(widget, widgets.Text | widgets.Textarea | widgets.Combobox):
        return [_field(description, widget.value)]
    if isinstance(widget, widgets.Button):
        return [f"<span class='pl-snap-button' style='display:inline-block;border:1px solid "
                f"#777;border-radius:3px;padding:1px 8px;margin:2px;background:#eee'>"
                f"{escape(description)}</span>"]
    if isinstance(widget, widgets.Checkbox | widgets.ToggleButton):
        mark = "☑" if widget.value else "☐"
        return [f"<span style='margin:2px 6px'>{mark} {escape(description)}</span>"]
    if isinstance(widget, widgets.TagsInput):
        return [_field(description, ", ".join(str(tag) for tag in widget.value))]
    if isinstance(widget, widgets.widget_selection._Selection
                  | widgets.widget_selection._MultipleSelection):
        return [_field(description, _choice_label(widget))]
    if isinstance(widget, widgets.Image):
        return []  # charts in this course are HTML images with alt text (ChartImage)
    if isinstance(widget, widgets.Output):
        return [_output_html(output) for output in widget.outputs]
    if type(widget).__name__ == "SelectableText":
        return [f"<div style='white-space:pre-wrap;line-height:1.6'>"
                f"{escape(mask_text(widget.text))}</div>"]
    children = list(getattr(widget, "children", ()) or ())
    if isinstance(widget, widgets.Tab | widgets.Accordion):
        titles = list(getattr(widget, "titles", ()) or ())
        out = []
        for i, child in enumerate(children):
            title = titles[i] if i < len(titles) and titles[i] else f"Part {i + 1}"
            out.append(f"<h4 style='margin:8px 0 2px'>{escape(title)}</h4>")
            out += _parts(child)
        return out
    inner = [part for child in children for part in _parts(child)]
    if isinstance(widget, widgets.HBox) and inner:
        return ["<div style='display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start'>"
                + "".join(f"<div>{part}</div>" for part in inner) + "</div>"]
    return inner


def _output_html(output: dict[str, Any]) -> str:
    data = output.get("data", {})
    if "text/html" in data:
        return str(data["text/html"])
    text = data.get("text/plain") or output.get("text") or ""
    return f"<pre>{escape(mask_text(str(text)))}</pre>" if text else ""


def snapshot_html(widget: Any, extra_html: str = "") -> str:
    """The widget's current view as static HTML, with a note that it needs a kernel
    (``extra_html``, already escaped, is added after the view)."""
    body = "".join(_parts(widget)) + extra_html
    return ("<div class='pl-snapshot' style='border:1px dashed #8a8a8a;border-radius:6px;"
            "padding:6px 10px;color:#1a1a1a;background:#fff;font-family:system-ui,sans-serif'>"
            f"<p class='pl-snapshot-note' style='margin:0 0 4px;color:#4a4a4a'><em>"
            f"{escape(SNAPSHOT_NOTE)}</em></p>{body}</div>")
