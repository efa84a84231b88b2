"""The lens widgets: masked by default, reveal toggles display only, bars follow the choice."""

from __future__ import annotations

from propaganda_lab.widgets.dehumanization_lens import OWN_TEXT, DehumanizationLens
from propaganda_lab.widgets.label_compare import LabelCompare


def test_lens_is_masked_by_default_and_reveal_changes_display_only():
    widget = DehumanizationLens("teskari_workers_radio")
    assert repr(widget) == "DehumanizationLens(case='teskari_workers_radio')"
    assert "Content note" in widget.content_note.value
    assert "tesks" not in widget.evidence.value and "t••••" in widget.evidence.value
    numbers = widget.bars_text.value
    findings = widget._profile.findings
    widget.reveal.value = True
    assert "tesks" in widget.evidence.value
    assert widget.bars_text.value == numbers
    assert widget._profile.findings == findings
    widget.reveal.value = False
    assert "tesks" not in widget.evidence.value


def test_lens_bars_change_with_text_and_group():
    widget = DehumanizationLens("teskari_workers_radio")
    first = widget.bars_text.value
    assert widget.bars.value  # a PNG is drawn
    widget.text_choice.value = "flood_relief_report"
    assert widget.bars_text.value != first
    options = widget.group.options
    assert len(options) >= 2
    before = widget.bars_text.value
    widget.group.value = options[-1][1]
    assert widget.bars_text.value != before


def test_lens_own_text_and_empty_text_message():
    widget = DehumanizationLens()
    widget.text_choice.value = OWN_TEXT
    assert widget.own_text.layout.display == ""
    widget.own_text.value = "   "
    assert "empty" in widget.message.value
    widget.own_text.value = "The Orrin are a plague on the town."
    assert "Dehumanizing metaphors 100.0" in widget.bars_text.value


def test_label_compare_switching_label_changes_bars_and_masks_epithet_option():
    widget = LabelCompare("merrow_harvest")
    assert repr(widget) == "LabelCompare(story='merrow_harvest')"
    neutral = widget.bars_text.value
    assert "Dehumanizing metaphors 0.0" in neutral
    widget.label.value = 2
    assert widget.bars_text.value != neutral
    labels = [text for text, _ in widget.label.options]
    assert not any("tesks" in text for text in labels)
    widget.reveal.value = True
    assert any("tesks" in text for text, _ in widget.label.options)
    assert widget.label.value == 2


def test_lens_weak_cues_are_one_click_away_and_marked():
    lens = DehumanizationLens("teskari_workers_radio")
    hidden = lens.evidence.value
    lens.weak_toggle.value = True
    shown = lens.evidence.value
    assert shown.count("<mark") > hidden.count("<mark")
    assert "(weak cue)" in shown and "weak cues are not highlighted" not in shown
    lens.weak_toggle.value = False
    assert lens.evidence.value == hidden


def test_chart_cache_reuses_a_drawn_chart_and_drops_the_oldest():
    from matplotlib.figure import Figure

    from propaganda_lab.widgets._base import ChartCache

    drawn = []

    def draw(title: str):
        drawn.append(title)
        figure = Figure(figsize=(1, 1))
        figure.add_subplot().set_title(title)
        return figure

    cache = ChartCache(size=2)
    first = cache.chart("a", lambda: draw("a"))
    assert cache.chart("a", lambda: draw("a")) == first and drawn == ["a"]
    cache.chart("b", lambda: draw("b"))
    cache.chart("c", lambda: draw("c"))  # "a" is the least recently used: dropped
    cache.chart("a", lambda: draw("a"))
    assert drawn == ["a", "b", "c", "a"]
