"""The non-coding learner's first hour (issue 27): the small things that misled or stalled.

Each test pins one of them: a cut-off label, a chosen answer drawn like an unchosen one, a
check mark beside nothing found, Enter doing nothing, a catalogue to scroll through, documents
as print() dumps, code names in what a learner reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from propaganda_lab.corpus import load_case
from propaganda_lab.quotes.display import CONTEXT_LEVELS
from propaganda_lab.spotting import grade, mark_words
from propaganda_lab.views import document_html, scores_words
from propaganda_lab.widgets.catalogue import CatalogueBrowser
from propaganda_lab.widgets.context_slider import ContextSlider
from propaganda_lab.widgets.judgment_check import JudgmentCheck
from propaganda_lab.widgets.quiz import FAIR, MANIPULATIVE, SelfCheckQuiz
from propaganda_lab.widgets.spot_the_technique import SpotTheTechnique, grade_html

ROOT = Path(__file__).resolve().parents[1]


def _enter(box) -> None:
    """What the browser sends when the learner presses Enter in a one-line box."""
    box._handle_custom_msg({"event": "submit"}, [])


def test_context_slider_writes_every_step_out_in_full() -> None:
    slider = ContextSlider.from_case("fake_news_alert", quote="will stay where they are")
    assert slider.level.readout is False  # the fixed-width readout cut the long steps off
    for index, level in enumerate(CONTEXT_LEVELS):
        slider.level.index = index
        assert f"step {index + 1} of {len(CONTEXT_LEVELS)}" in slider.step.value
        assert level.replace("'", "&#x27;") in slider.step.value


def test_a_chosen_answer_carries_a_check_mark_and_only_it(tmp_path: Path) -> None:
    quiz = SelfCheckQuiz("pre", results_path=tmp_path / "quiz.json", seed=3)
    choice = quiz.choices[0]
    assert list(choice.icons) == ["", ""]
    choice.value = FAIR
    assert list(choice.icons) == ["", "check"]
    choice.value = MANIPULATIVE
    assert list(choice.icons) == ["check", ""]
    quiz.reset()
    assert list(choice.icons) == ["", ""]
    check = JudgmentCheck("framing_port_jobs")
    check.choice.value = "fair"
    marked = [label for (label, _value), icon in zip(check.choice.options, check.choice.icons,
                                                      strict=True) if icon]
    assert len(marked) == 1 and "fair" in marked[0].lower()


def test_no_check_mark_beside_nothing_found() -> None:
    case = load_case("harbor_protest_truthwatch")
    nothing = grade(case, [mark_words(case.article, "Sarnet", "flag_waving")], lens="framing")
    shown = grade_html(nothing, "counts")
    assert "0 of the key" in shown and "✔" not in shown
    found = grade(case, [mark_words(case.article, "thugs", "name_calling")], lens="framing")
    if found.count("exact"):
        assert "✔ Found" in grade_html(found, "counts")


def test_enter_in_one_line_boxes_does_what_the_button_beside_does(tmp_path: Path) -> None:
    from propaganda_lab.widgets.exercise_answer import ExerciseAnswer

    spot = SpotTheTechnique("harbor_protest_ledger", lens="framing",
                            answers_path=tmp_path / "spot.json")
    spot.words.value = "Tear gas was used"
    _enter(spot.words)
    assert [m.text for m in spot.marks] == ["Tear gas was used"] and spot.words.value == ""
    answer = ExerciseAnswer("02_framing", "task_1", answers_path=tmp_path / "answers.json")
    answer.phrase_box.value = "rabble"
    _enter(answer.phrase_box)
    assert [p.text for p in answer.phrases] == ["rabble"]


def test_catalogue_is_one_line_per_technique_and_searchable() -> None:
    browser = CatalogueBrowser()
    assert browser.lens.label == "All lenses"  # not an empty menu
    listing = browser.listing.value
    assert "All 36 techniques" in listing
    assert listing.count("<details class='pl-catalogue-entry'") == 36
    assert "<table" not in listing.split("<details", 1)[0]  # no six-column table first
    browser.search.value = "flood"
    assert "1 of 36 techniques match" in browser.listing.value
    assert "Natural-disaster metaphor" in browser.listing.value
    browser.search.value = "exagg"  # the start of a word is enough
    assert "Exaggeration" in browser.listing.value
    browser.search.value = "zzzz"
    assert "No technique matches" in browser.listing.value
    browser.search.value = ""
    browser.lens.value = "quoting"
    assert browser.listing.value.count("pl-catalogue-entry") == 10
    assert "<code>" not in browser.listing.value  # a reader's view: no ids


def test_documents_are_readable_text_not_print_dumps() -> None:
    case = load_case("fake_news_alert")
    wire, transcript = case.source_docs
    shown = document_html(transcript.text, transcript.title)
    assert shown.count("<strong>TOMAS BRENNER:</strong>") >= 3
    assert "<strong>" not in document_html(wire.text, wire.title)  # a report has no turns
    assert "<h4" in shown and "<pre" not in shown
    article = document_html(case.article, note="TruthWatch Daily")
    assert "<strong>FAKE NEWS ALERT:</strong>" not in article  # a headline, not a speaker
    assert article.count("<p style='margin:0.5em 0'>") == len(
        [block for block in re.split(r"\n\s*\n", case.article.strip()) if block.strip()])
    assert "&lt;b&gt;" in document_html("<b>bold</b>")  # escaped


def test_scores_in_words() -> None:
    from propaganda_lab.metrics import span_scores

    scores = span_scores([("loaded_language", 0, 5)], [("loaded_language", 0, 5)])
    assert scores_words(scores) == ("precision 1.00, recall 1.00, F1 1.00 (1 flagged by the "
                                    "tool, 1 in the answer key)")


# --------------------------------------------------------------------------- code names

#: An identifier as code writes it: LOADED_PARAGRAPH, PASSIVE_REPORT, WORD_CHOICE_A.
CODE_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def _learner_strings(widget) -> list[str]:
    """What the widget shows, without the Python its "Show as code" view prints (code there
    is the point)."""
    from tests.test_widget_masking import screen_texts

    return [re.sub(r"<pre\b.*?</pre>", "", text, flags=re.S) for text in screen_texts(widget)]


def test_the_code_name_pattern() -> None:
    assert CODE_NAME.findall("Words of LOADED_PARAGRAPH and WORD_CHOICE_A") == [
        "LOADED_PARAGRAPH", "WORD_CHOICE_A"]
    assert not CODE_NAME.findall("FAKE NEWS ALERT: No, CPA says")


@pytest.mark.parametrize("exercise", ["02_framing", "03_selective_quoting",
                                      "04_dehumanizing_language"])
def test_no_code_name_in_what_an_exercise_shows_or_answers(exercise: str,
                                                           tmp_path: Path) -> None:
    """The answer-without-code widgets, every checker's start hint and its answer to a wrong
    answer name the texts in words, never by their Python names."""
    from propaganda_lab.widgets.exercise_answer import ANSWER_FORMS, ExerciseAnswer

    seen = []
    for (name, task), form in sorted(ANSWER_FORMS.items()):
        if name != exercise:
            continue
        widget = ExerciseAnswer(name, task, answers_path=tmp_path / "answers.json")
        widget.check()  # nothing given yet: the start hint
        seen += [text for text in _learner_strings(widget) if CODE_NAME.search(text)]
        check = widget.checker()
        for answer in (..., "banana", ["banana"], {"1": "banana"}, ("banana", "apple"), 7):
            message = str(check(answer))
            seen += [f"{task} {answer!r}: {message}"] if CODE_NAME.search(message) else []
        del form
    assert seen == []


def test_exercise_instructions_and_worksheets_name_texts_in_words() -> None:
    import json

    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text())["cells"]):
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                assert not CODE_NAME.search(text), f"{path.name} cell {number}: {text[:120]}"
