"""TechniqueExplorer and SpotTheTechnique without a browser: state, saving, messages."""

from __future__ import annotations

import json
from pathlib import Path

from propaganda_lab.corpus import load_case
from propaganda_lab.techniques import get_technique, techniques
from propaganda_lab.widgets import SpotTheTechnique, TechniqueExplorer


def test_explorer_follows_lens_and_technique() -> None:
    explorer = TechniqueExplorer("loaded_language")
    assert get_technique("loaded_language").definition[:40] in explorer.card.value.replace(
        "&#x27;", "'"
    )
    explorer.lens.value = "dehumanization"
    assert [value for _, value in explorer.technique.options] == [
        t.id for t in techniques("dehumanization")
    ]
    explorer.technique.value = "disease_metaphor"
    assert get_technique("disease_metaphor").name in explorer.card.value
    assert "example(s) in the teaching corpus" in explorer.examples.value
    assert explorer.message.value == ""


def _spot(tmp_path: Path) -> SpotTheTechnique:
    return SpotTheTechnique("harbor_protest_ledger", lens="framing",
                            answers_path=tmp_path / "answers.json")


def test_selection_mark_save_and_restore_after_restart(tmp_path: Path) -> None:
    widget = _spot(tmp_path)
    gold = widget.case.annotations[0]
    assert widget.mark_button.disabled
    widget.text_view.selection = {"start": gold.start, "end": gold.end}
    assert not widget.mark_button.disabled
    assert widget.case.article[gold.start : gold.end] in widget.selected.value
    widget.technique.value = gold.technique
    widget.add_selection()
    assert len(widget.text_view.marks) == 1
    saved = json.loads((tmp_path / "answers.json").read_text())
    assert saved["marks"][0]["start"] == gold.start

    restarted = _spot(tmp_path)  # a new kernel builds the widget again
    assert [m.span for m in restarted.marks] == [(gold.technique, gold.start, gold.end)]
    assert "Restored 1 saved mark" in restarted.message.value

    restarted.mark_list.value = 0
    restarted.remove_selected()
    assert restarted.marks == []
    assert json.loads((tmp_path / "answers.json").read_text())["marks"] == []


def test_check_reports_score_and_explanations(tmp_path: Path) -> None:
    widget = _spot(tmp_path)
    widget.check()
    assert "precision 0%" in widget.result.value and "not marked anything" in widget.message.value
    case = load_case("harbor_protest_ledger")
    gold = case.annotations[-1]
    widget.technique.value = gold.technique
    widget.words.value = case.article[gold.start : gold.end]
    widget.add_words()
    widget.check()
    assert "precision 100%" in widget.result.value
    widget.show_key.value = True
    assert "Answer key" in widget.key_view.value


def test_bad_typed_words_give_a_message_and_the_widget_keeps_working(tmp_path: Path) -> None:
    widget = _spot(tmp_path)
    widget.words.value = "<script>alert(1)</script> words nowhere in the text"
    widget.add_words()
    assert "does not appear" in widget.message.value
    assert "<script>" not in widget.message.value
    widget.words.value = ""
    widget.add_words()
    assert "Type the exact words" in widget.message.value
    gold = widget.case.annotations[0]
    widget.words.value = widget.case.article[gold.start : gold.end]
    widget.add_words()
    assert len(widget.marks) == 1


def test_unwritable_answers_file_keeps_marks_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("")
    widget = SpotTheTechnique("harbor_protest_ledger", answers_path=blocker / "answers.json")
    gold = widget.case.annotations[0]
    widget.technique.value = gold.technique
    widget.words.value = widget.case.article[gold.start : gold.end]
    widget.add_words()
    assert len(widget.marks) == 1 and "Could not save" in widget.message.value
