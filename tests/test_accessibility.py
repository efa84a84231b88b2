"""Accessibility without a browser: figures have a title and a text alternative, and every text
our HTML builders colour meets WCAG AA contrast (4.5:1) against the background it sits on.

(The highlight palette itself is checked for every technique id in tests/test_render.py;
the browser suite runs axe-core on the rendered notebooks.)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from matplotlib.figure import Figure

import propaganda_lab
from propaganda_lab.checks import correct, hint, incorrect
from propaganda_lab.corpus import load_case
from propaganda_lab.framing import frame_profile
from propaganda_lab.framing.display import frame_bars_html, frame_profile_table_html
from propaganda_lab.quotes import best_checks, parse_source
from propaganda_lab.quotes.display import checks_table_html, context_html, legend_html
from propaganda_lab.render import contrast_ratio, findings_table_html, highlight_html
from propaganda_lab.roles import events
from propaganda_lab.views import events_table_html, notice_html

ARTICLE = (
    "Sarnet mob storms depot\n\nThe mob of thugs stormed the Sarnet depot, and tear gas was "
    "used. Everyone knows the Pellani are vermin, one caller claimed. Mayor Ilse Varn said "
    '"we will reopen the depot only if the strike ends".'
)
SOURCE = "ILSE VARN: We will reopen the depot only if the strike ends. Nobody wants more anger."
PAGE_TEXT, PAGE_BACKGROUND = "#000000", "#ffffff"  # JupyterLab's light theme defaults


def _figure_builders() -> dict[str, object]:
    """Every library function annotated to return a matplotlib Figure."""
    found = {}
    for info in pkgutil.walk_packages(propaganda_lab.__path__, "propaganda_lab."):
        if info.name.endswith("__main__"):
            continue  # running it would start the command line
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (inspect.isfunction(function) and function.__module__ == module.__name__
                    and "Figure" in str(inspect.signature(function).return_annotation)):
                found[f"{info.name}.{name}"] = function
    return found


def _framing_figure() -> tuple[Figure, str]:
    from propaganda_lab.framing.display import frame_profile_figure

    profiles = {"A": frame_profile(ARTICLE), "B": frame_profile("Taxes and wages rose in Sarnet.")}
    return frame_profile_figure(profiles, "Frames"), frame_profile_table_html(profiles, "Frames")


def _dehumanization_figure() -> tuple[Figure, str]:
    from propaganda_lab.dehumanization import analyze_group
    from propaganda_lab.dehumanization.display import bars_summary, profile_figure

    profile = analyze_group(ARTICLE, ["Pellani"])
    return profile_figure(profile, "Pellani"), bars_summary(profile)


#: Figure builder -> (figure, the text alternative the course shows next to it).
FIGURES = {
    "propaganda_lab.framing.display.frame_profile_figure": _framing_figure,
    "propaganda_lab.dehumanization.display.profile_figure": _dehumanization_figure,
}


def test_every_figure_builder_is_checked() -> None:
    assert set(_figure_builders()) == set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_has_title_and_text_alternative(name: str) -> None:
    figure, alternative = FIGURES[name]()
    titles = [axes.get_title() for axes in figure.axes] + [
        figure._suptitle.get_text() if figure._suptitle else ""]
    assert any(title.strip() for title in titles), f"{name}: figure without a title"
    # The text alternative must name every bar the figure draws, so nothing is picture-only.
    for axes in figure.axes:
        labels = [tick.get_text() for tick in axes.get_yticklabels() if tick.get_text()]
        assert labels
        for label in labels:
            assert label in alternative.replace("&amp;", "&"), f"{label!r} only in the picture"


# --------------------------------------------------------------------------- contrast

_COLOR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6})")


class _ContrastAudit(HTMLParser):
    """Follows inline ``color``/``background`` down the tree; records each text's contrast."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str]] = [("root", PAGE_TEXT, PAGE_BACKGROUND)]
        self.worst: list[tuple[float, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = dict(attrs).get("style") or ""
        _, colour, background = self.stack[-1]
        colour = (_COLOR.findall(style) or [colour])[-1]
        background = (_BACKGROUND.findall(style) or [background])[-1]
        if tag not in self.VOID:
            self.stack.append((tag, colour, background))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1 and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            _, colour, background = self.stack[-1]
            ratio = contrast_ratio(colour, background)
            self.worst.append((ratio, colour, background, data.strip()[:40]))


def _low_contrast(markup: str) -> list[tuple[float, str, str, str]]:
    audit = _ContrastAudit()
    audit.feed(markup)
    return [entry for entry in audit.worst if entry[0] < 4.5]


def _outputs() -> dict[str, str]:
    case = load_case("harbor_protest_ledger")
    checks = best_checks(ARTICLE, SOURCE)
    source = parse_source(SOURCE)
    return {
        "highlight_html (every technique of a case)": highlight_html(
            case.article, case.annotations),
        "findings_table_html": findings_table_html(case.article, case.annotations),
        "notice_html": "".join(notice_html("m", kind)
                               for kind in ("info", "hint", "warning", "error")),
        "check feedback": "".join(f._repr_html_() for f in (
            correct("t", "m"), incorrect("t", "m"), hint("t", "m"))),
        "events_table_html": events_table_html(events(ARTICLE)),
        "frame tables": frame_profile_table_html({"A": frame_profile(ARTICLE)}, "c")
        + frame_bars_html(frame_profile(ARTICLE)),
        "quote html": legend_html() + checks_table_html(checks)
        + "".join(context_html(source, check, level) for check in checks for level in range(3)),
    }


@pytest.mark.parametrize("name", sorted(_outputs()))
def test_coloured_text_meets_wcag_aa(name: str) -> None:
    markup = _outputs()[name]
    assert len(markup) > 50
    assert _low_contrast(markup) == []


def test_the_contrast_audit_catches_grey_on_white() -> None:
    """The audit itself must be able to fail."""
    bad = '<div style="background:#ffffff"><span style="color:#999999">faint</span></div>'
    assert _low_contrast(bad) == [(pytest.approx(2.85, abs=0.01), "#999999", "#ffffff", "faint")]


def test_every_chart_in_a_widget_has_its_numbers_in_text_beside_it() -> None:
    """Every chart a widget draws has an alt text and is followed, in the same box, by a text
    version of what it shows (for readers who cannot see the bars at all)."""
    import ipywidgets as widgets

    from propaganda_lab.widgets._base import ChartImage
    from tests.test_widgets_survive_errors import CLASSES

    def charts(widget: widgets.Widget) -> list[tuple[ChartImage, list[widgets.Widget]]]:
        children = list(getattr(widget, "children", ()))
        found = [(child, children[index + 1:]) for index, child in enumerate(children)
                 if isinstance(child, ChartImage) and child.png]
        for child in children:
            found += charts(child)
        return found

    drawn = 0
    for name, cls in sorted(CLASSES.items()):
        try:
            widget = cls()
        except TypeError:  # needs arguments (e.g. a case id): no chart at construction
            continue
        for chart, after in charts(widget):
            drawn += 1
            assert 'alt="' in chart.value and 'alt=""' not in chart.value, name
            texts = [w.value for w in after if isinstance(w, widgets.HTML)]
            assert any(len(text) > 40 for text in texts), f"{name}: a chart without its text"
    assert drawn >= 3
