"""A browser-side text view the learner marks by selecting words with the mouse (anywidget).

The text is inserted with DOM text nodes (never innerHTML), so learner or case text cannot
inject markup. Offsets are counted in Unicode code points, as Python counts them.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = r"""
function codePoints(s) { return Array.from(s).length; }

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "pl-selectable";
  box.setAttribute("role", "document");
  box.setAttribute("aria-label", "Case text. Select words with the mouse to mark them.");
  // A scrolling box must be reachable by keyboard, or keyboard users cannot scroll it (WCAG 2.1.1).
  box.tabIndex = 0;
  box.style.cssText = "white-space:pre-wrap;line-height:1.7;font-size:1.02em;max-height:32em;" +
    "overflow:auto;border:1px solid #bbb;border-radius:4px;padding:10px 14px;background:#fff;" +
    "color:#1a1a1a;font-family:Georgia,'DejaVu Serif',serif;user-select:text;cursor:text";

  function draw() {
    const chars = Array.from(model.get("text"));
    const marks = model.get("marks") || [];
    const cut = new Set([0, chars.length]);
    for (const m of marks) {
      cut.add(Math.max(0, Math.min(chars.length, m.start)));
      cut.add(Math.max(0, Math.min(chars.length, m.end)));
    }
    const points = [...cut].sort((a, b) => a - b);
    box.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = chars.slice(a, b).join("");
      const covering = marks.filter((m) => m.start <= a && m.end >= b);
      if (covering.length === 0) { box.append(document.createTextNode(piece)); continue; }
      const mark = document.createElement("mark");
      mark.textContent = piece;
      const first = covering[0];
      mark.className = "pl-learner-mark";
      mark.style.cssText = `background:${first.background};color:#1a1a1a;` +
        `text-decoration:underline ${first.line_style} ${first.line};` +
        "text-decoration-thickness:2px;text-underline-offset:3px;padding:0";
      mark.title = covering.map((m) => m.label).join(" + ");
      mark.dataset.techniques = covering.map((m) => m.technique).join(" ");
      box.append(mark);
    }
  }

  box.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    const start = codePoints(before.toString());
    const end = start + codePoints(range.toString());
    model.set("selection", { start, end });
    model.save_changes();
  });

  model.on("change:text", draw);
  model.on("change:marks", draw);
  draw();
  el.append(box);
}
export default { render };
"""


class SelectableText(anywidget.AnyWidget):
    """Shows ``text`` with ``marks`` highlighted; a mouse selection sets ``selection``."""

    _esm = _ESM
    text = traitlets.Unicode("").tag(sync=True)
    #: dicts with start, end, technique, label, background, line, line_style
    marks = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: the learner's latest selection as {"start": int, "end": int} (code point offsets)
    selection = traitlets.Dict().tag(sync=True)
