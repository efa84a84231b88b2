"""Every widget survives a library error: the message shows in the widget, the next input works.

For each widget class the library function its main callback calls is monkeypatched to raise;
the callback is triggered the way a learner triggers it (typing, a dropdown, a button); the
error must appear in the widget's own message line (``.pl-message``), not as a traceback.
Then the patch is removed, the learner gives the next input, and the widget must show fresh
output for it (and no longer show the error).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import propaganda_lab.widgets as widget_package
from propaganda_lab.widgets._base import LabWidget

SENTINEL = "library exploded on purpose"
OWN = "__own__"
SOURCE = "ILSE VARN: We will stay until the depot reopens. Then we will go home."


@dataclass(frozen=True)
class Scenario:
    """How to build a widget, which function to break, and how a learner gives input."""

    module: str  # where the widget looks the function up (its own module namespace)
    function: str
    build: Callable[[Path], LabWidget]
    first: Callable[[Any], None]  # input while the library is broken
    second: Callable[[Any], None]  # the next input, library fixed
    expect: str  # text the fresh output must contain after ``second``


def _type(box: str, text: str, button: str | None = None) -> Callable[[Any], None]:
    def give(widget: Any) -> None:
        target = widget
        for part in box.split("."):
            target = getattr(target, part)
        target.value = text
        if button:
            getattr(widget, button).click()

    return give


def _set(attribute: str, value: Any, button: str | None = None) -> Callable[[Any], None]:
    def give(widget: Any) -> None:
        getattr(widget, attribute).value = value
        if button:
            getattr(widget, button).click()

    return give


def _own_text(text: str) -> Callable[[Any], None]:
    def give(widget: Any) -> None:
        widget.own_text.value = text
        widget.text_choice.value = OWN

    return give


def _quiz_answer(widget: Any) -> None:
    widget.choices[0].value = widget.choices[0].options[0][1]
    widget.score_button.click()


def _spot_words(words: str) -> Callable[[Any], None]:
    def give(widget: Any) -> None:
        widget.words.value = words
        widget.words_button.click()
        widget.check_button.click()

    return give


W = "propaganda_lab.widgets."
SCENARIOS: dict[str, Scenario] = {
    "WhoDoesWhat": Scenario(
        W + "who_does_what", "events", lambda _p: _make("WhoDoesWhat"),
        _type("text", "Borders were closed."), _type("text", "The mayor praised the nurses."),
        "praise",
    ),
    "AgencyView": Scenario(
        W + "agency_view", "agency", lambda _p: _make("AgencyView"),
        _type("text", "Shots were fired."), _type("text", "Mistakes were made by the council."),
        "council",
    ),
    "TechniqueExplorer": Scenario(
        W + "technique_explorer", "examples_of", lambda _p: _make("TechniqueExplorer"),
        _set("technique", "name_calling"), _set("technique", "whataboutism"), "Whataboutism",
    ),
    "FrameCompare": Scenario(
        W + "frame_compare", "compare_framing", lambda _p: _make("FrameCompare"),
        lambda w: w.compare_button.click(),
        _type("side_a.text", "The mob stormed the Sarnet depot.", "compare_button"), "mob",
    ),
    "ContextSlider": Scenario(
        W + "context_slider", "traced_checks", lambda _p: _make("ContextSlider", source=SOURCE),
        _type("article_box", 'Ilse Varn said "we will stay".', "load_button"),
        _type("article_box", 'Ilse Varn said "we will go home".', "load_button"),
        "go home",
    ),
    "QuoteAudit": Scenario(
        W + "quote_audit", "traced_checks", lambda _p: _make("QuoteAudit", sources=[SOURCE]),
        _type("article_box", 'Ilse Varn said "we will stay".', "check_button"),
        _type("article_box", 'Ilse Varn said "we will go home".', "check_button"),
        "go home",
    ),
    "ReframeSandbox": Scenario(
        W + "reframe_sandbox", "loaded_language", lambda _p: _make("ReframeSandbox"),
        _type("text", "The thugs marched."), _type("text", "The mob of rioters marched."), "mob",
    ),
    "SpotTheTechnique": Scenario(
        W + "spot_the_technique", "grade",
        lambda path: _make("SpotTheTechnique", "harbor_protest_ledger",
                           answers_path=path / "answers.json"),
        _spot_words("Tear gas was used"), lambda w: w.check_button.click(), "Score",
    ),
    "DehumanizationLens": Scenario(
        W + "dehumanization_lens", "analyze_group", lambda _p: _make("DehumanizationLens"),
        _own_text("The Pellani are rats who infest the hills."),
        _own_text("The Teskari workers are a plague on Sarnet."), "Teskari",
    ),
    "LabelCompare": Scenario(
        W + "label_compare", "compare_labels", lambda _p: _make("LabelCompare"),
        _set("story", "drenn_cabins"), _set("story", "merrow_harvest"), "<",
    ),
    "SelfCheckQuiz": Scenario(
        W + "quiz", "score_answers",
        lambda path: _make("SelfCheckQuiz", results_path=path / "quiz.json"),
        _quiz_answer, _quiz_answer, "Your result",
    ),
    "RewriteChallenge": Scenario(
        W + "rewrite_challenge", "score_rewrite",
        lambda path: _make("RewriteChallenge", drafts_path=path / "drafts.answers.json"),
        _type("rewrite", "The regime raised the ferry fares.", "check_button"),
        _type("rewrite", "The regime raised the Kessa ferry fares.", "check_button"), "regime",
    ),
    "ExerciseAnswer": Scenario(
        "propaganda_lab.checks.framing", "check_active_rewrite",
        lambda path: _make("ExerciseAnswer", "02_framing", "task_4",
                           answers_path=path / "exercise.answers.json"),
        _type("answer_box", "Crew members damaged stalls.", "check_button"),
        _type("answer_box", "Crew members damaged the stalls.", "check_button"), "Correct",
    ),
    "JudgmentCheck": Scenario(
        W + "judgment_check", "grade", lambda _p: _make("JudgmentCheck", "framing_port_jobs"),
        _set("choice", "fair"), _set("choice", "manipulative"), "What exactly would you flag",
    ),
    "CatalogueBrowser": Scenario(
        W + "catalogue", "search_techniques", lambda _p: _make("CatalogueBrowser"),
        _set("search", "flood"), _set("search", "scare"), "Scare quotes",
    ),
    "AnalyzeYourText": Scenario(
        "propaganda_lab.analysis", "analyze",
        lambda _p: _make("AnalyzeYourText"),
        _type("article_box", "The mob stormed the depot in Sarnet today.", "analyze_button"),
        _type("article_box", "Vermin from Teskar flood the Sarnet depot.", "analyze_button"),
        "Vermin",
    ),
}


#: Widgets that recover but leave the old error message on screen (reported to the lead; the
#: widget's file belongs to another helper). Strict: the test flips to a failure once fixed.
LINGERING_ERROR: set[str] = set()


def _widget_classes() -> dict[str, type]:
    """Every LabWidget subclass defined anywhere in propaganda_lab.widgets."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(widget_package.__path__, W):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, LabWidget) and value is not LabWidget
                    and value.__module__ == module.__name__ and not name.startswith("_")):
                found[name] = value
    return found


CLASSES = _widget_classes()


def _make(name: str, *args: Any, **kwargs: Any) -> LabWidget:
    return CLASSES[name](*args, **kwargs)


def _output(widget: widgets.Widget, message: widgets.Widget) -> str:
    """All HTML the widget shows, except its message line."""
    if widget is message:
        return ""
    parts = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        parts.append(_output(child, message))
    if isinstance(widget, widgets.Image):
        parts.append(f"<img {len(widget.value)} bytes>")
    return "".join(parts)


def test_every_widget_class_has_a_scenario() -> None:
    """A new widget must be added here, so no widget escapes the error-survival test."""
    assert set(CLASSES) - set(SCENARIOS) == set(), "add a Scenario for the new widget(s)"


@pytest.mark.parametrize("name", sorted(set(SCENARIOS) & set(CLASSES)))
def test_widget_survives_a_library_error(name: str, tmp_path: Path, monkeypatch) -> None:
    scenario = SCENARIOS[name]
    widget = scenario.build(tmp_path)
    module = importlib.import_module(scenario.module)
    assert callable(getattr(module, scenario.function)), "the patched function must exist"

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(SENTINEL)

    monkeypatch.setattr(module, scenario.function, broken)
    scenario.first(widget)
    assert SENTINEL in widget.message.value, f"{name} did not show the error in its message line"
    assert "pl-notice" in widget.message.value or "role=" in widget.message.value

    monkeypatch.undo()
    scenario.second(widget)
    assert scenario.expect in _output(widget, widget.message), f"{name} did not recover"
    if name in LINGERING_ERROR:
        assert SENTINEL in widget.message.value, f"{name} is fixed: remove it from LINGERING_ERROR"
        pytest.xfail(f"{name} recovers but does not clear the old error message")
    assert SENTINEL not in widget.message.value, f"{name} still shows the old error"
