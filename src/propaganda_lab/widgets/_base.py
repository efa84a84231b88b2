"""What every propaganda_lab widget shares: a message area and callbacks that cannot kill it.

A learner's odd input must produce a readable message inside the widget, never a traceback
wall in the log and never a widget that stops responding.
"""

from __future__ import annotations

import base64
import functools
import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable
from html import escape
from typing import Any, TypeVar

import ipywidgets as widgets

from propaganda_lab.views import figure_alt, figure_png, notice_html
from propaganda_lab.widgets.snapshot import plain_label, snapshot_html

_log = logging.getLogger("propaganda_lab.widgets")
F = TypeVar("F", bound=Callable[..., Any])

#: Longest text a widget analyses live; the library itself accepts much more.
WIDGET_MAX_CHARS = 60_000


class LabWidget(widgets.VBox):
    """A VBox with a message line; subclasses put their controls above and results below."""

    def __init__(self, children: list[widgets.Widget], **kwargs: Any) -> None:
        self.message = widgets.HTML(value="", layout=widgets.Layout(min_height="0"))
        self.message.add_class("pl-message")
        super().__init__(children=[*children, self.message], **kwargs)
        self.add_class("pl-widget")

    def show_message(self, text: str, kind: str = "info") -> None:
        self.message.value = notice_html(text, kind) if text else ""

    def clear_message(self) -> None:
        self.message.value = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        """The live widget, plus a static HTML snapshot and a one-line text for readers
        without a kernel (GitHub, nbviewer, a notebook not yet run)."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if not isinstance(bundle, dict):
            return bundle
        bundle["text/plain"] = plain_label(self)
        bundle["text/html"] = self.static_snapshot()
        return bundle

    def static_snapshot(self) -> str:
        """The HTML saved beside the widget; a widget whose view differs on every run (a
        quiz in a random order) overrides it with what stays the same."""
        return snapshot_html(self)


def safe_callback(method: F) -> F:
    """Run a widget callback; on any error show a one-line message in the widget instead.

    ValueError/TypeError from the library carry learner-facing messages and are shown as is;
    anything else is logged for the instructor and summarised for the learner.
    """

    @functools.wraps(method)
    def wrapper(self: LabWidget, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except KeyboardInterrupt:  # Kernel > Interrupt: the learner stopped a long run
            self.show_message("Stopped: the run was interrupted. Your text is still in the box; "
                              "try a shorter passage.", "hint")
        except (ValueError, TypeError) as error:
            self.show_message(str(error), "warning")
        except Exception as error:  # a widget must survive anything the library raises
            _log.exception("widget callback failed")
            self.show_message(
                f"Something went wrong while analysing this input ({type(error).__name__}: "
                f"{error}). Try another text; the widget still works.",
                "error",
            )
        return None

    return wrapper  # type: ignore[return-value]


def check_text(text: str, *, what: str = "text", max_chars: int = WIDGET_MAX_CHARS) -> str | None:
    """A learner-facing reason why ``text`` cannot be analysed, or None if it is fine."""
    if not text or not text.strip():
        return f"The {what} is empty: type or paste some text first."
    if len(text) > max_chars:
        return (
            f"The {what} has {len(text):,} characters; this widget analyses up to {max_chars:,} "
            "at a time. Paste a shorter passage (or use propaganda_lab.analyze in code)."
        )
    return None


def on_enter(box: widgets.Text, action: Callable[[], Any]) -> None:
    """Run ``action`` when the learner presses Enter in a single-line box.

    The browser side of ``widgets.Text`` sends a ``submit`` event on Enter; ipywidgets 8 marks
    ``on_submit`` deprecated (in favour of ``continuous_update=False``, which would also fire
    when the box merely loses focus), so the event is read here with the public ``on_msg``.
    """

    def handle(_widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            action()

    box.on_msg(handle)


def mark_chosen(choice: widgets.ToggleButtons) -> widgets.ToggleButtons:
    """Put a check mark on the chosen button of ``choice`` (and on it only).

    JupyterLab draws a pressed toggle button a shade darker than the others, which many
    learners cannot tell apart; the icon says which answer is theirs without colour.
    """

    def show(_change: Any = None) -> None:
        values = [value for _label, value in choice.options]
        choice.icons = ["check" if value == choice.value and choice.value is not None else ""
                        for value in values]

    choice.observe(show, names="value")
    show()
    return choice


class ChartImage(widgets.HTML):
    """A chart as ``<img alt=...>`` (ipywidgets' Image widget cannot carry a text alternative)."""

    def __init__(self, max_width: str = "640px", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_width = max_width
        self.png = b""
        self.add_class("pl-chart")

    def show(self, png: bytes, alt: str) -> None:
        self.png = png
        data = base64.b64encode(png).decode("ascii")
        self.value = (
            f'<img src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}" '
            f'style="max-width:{self.max_width};width:100%;height:auto">'
        )

    def show_figure(self, figure: Any) -> None:
        """Draw a matplotlib figure, with its titles as the alt text."""
        self.show(figure_png(figure), figure_alt(figure))

    def clear(self) -> None:
        self.png = b""
        self.value = ""


def reveal_button() -> widgets.ToggleButton:
    """The toggle that shows masked epithets (display only; analysis always sees the text)."""
    button = widgets.ToggleButton(value=False, description="Reveal epithets", icon="eye",
                                  tooltip="Show the masked epithets (display only)")
    button.add_class("pl-reveal")
    return button


def weak_cues_toggle() -> Any:
    """The 'Show weak cues' switch every findings view shares (off: precision-first view)."""
    toggle = widgets.Checkbox(value=False, description="Show weak cues", indent=False,
                              tooltip="Also highlight cues whose rules were right less often "
                              "than the default threshold when checked on real text")
    toggle.add_class("pl-weak-toggle")
    return toggle


class ChartCache:
    """Finished charts as (PNG bytes, alt text), keyed by everything a figure shows.

    Drawing a matplotlib chart costs more than the analysis behind it, so a re-render with the
    same scores (Compare pressed again, the reveal toggle, going back to a group) reuses the
    PNG. Least recently used charts are dropped beyond ``size`` (a PNG is ~30 kB).
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._charts: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()

    def chart(self, key: Hashable, draw: Callable[[], Any]) -> tuple[bytes, str]:
        """The cached chart for ``key``, or ``draw()``'s figure rendered and stored."""
        chart = self._charts.get(key)
        if chart is None:
            figure = draw()
            chart = self._charts[key] = (figure_png(figure), figure_alt(figure))
            while len(self._charts) > self.size:
                self._charts.popitem(last=False)
        else:
            self._charts.move_to_end(key)
        return chart

    def clear(self) -> None:
        self._charts.clear()
