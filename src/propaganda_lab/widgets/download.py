"""A download button that builds its file only when clicked (anywidget).

A ``data:`` link has to carry the whole file before anyone clicks it, so a report with charts
was drawn on every Analyze although most learners never download it. This button asks the
kernel for the file on click and saves what comes back (a Blob), so the work happens only for
the learner who wants the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  const wrap = document.createElement("div");
  wrap.className = "pl-download-wrap";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pl-download";
  button.style.cssText = "display:inline-block;margin:4px 0;padding:4px 10px;cursor:pointer;" +
    "border:1px solid #0b4f8a;border-radius:4px;color:#0b4f8a;background:#fff;font:inherit";
  const status = document.createElement("span");
  status.className = "pl-download-status";
  status.setAttribute("role", "status");
  status.style.cssText = "margin-left:0.6em;color:#4a4a4a;font-size:0.9em";

  function draw() {
    button.textContent = "\u2B07 " + model.get("label");
    wrap.replaceChildren();
    if (model.get("available")) wrap.append(button, status);
  }
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = "Preparing the file\u2026";
    model.send({ event: "build" });
  });
  model.on("msg:custom", (msg) => {
    button.disabled = false;
    if (msg.event === "error") { status.textContent = msg.message; return; }
    if (msg.event !== "file") return;
    const blob = new Blob([msg.content], { type: msg.mime });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = msg.name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = "Saved as " + msg.name + " (see your downloads).";
  });
  model.on("change:available", draw);
  model.on("change:label", draw);
  draw();
  el.append(wrap);
}
export default { render };
"""


class DownloadButton(anywidget.AnyWidget):
    """A button that saves ``build()``'s text as ``file_name``; shown while ``available``."""

    _esm = _ESM
    label = traitlets.Unicode("Download").tag(sync=True)
    available = traitlets.Bool(False).tag(sync=True)
    file_name = traitlets.Unicode("download.html").tag(sync=True)
    mime = traitlets.Unicode("text/html;charset=utf-8").tag(sync=True)

    def __init__(self, build: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.build = build
        self.add_class("pl-download-button")
        self.on_msg(self._on_message)

    def content(self) -> str:
        """The file as it would be saved now (built on each call, nothing kept)."""
        if self.build is None or not self.available:
            raise ValueError("There is nothing to download yet: press Analyze first.")
        return self.build()

    def _on_message(self, _widget: Any, message: Any, _buffers: Any) -> None:
        if not isinstance(message, dict) or message.get("event") != "build":
            return
        try:
            text = self.content()
        except Exception as error:  # the button must answer, never hang on "Preparing"
            self.send({"event": "error", "message": f"The file could not be made: {error}"})
            return
        self.send({"event": "file", "name": self.file_name, "mime": self.mime,
                   "content": text})
