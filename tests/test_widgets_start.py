"""The start notebook's widget: clear messages for bad input, escaped output, still alive after."""

from __future__ import annotations

from propaganda_lab.widgets import WhoDoesWhat


def test_typing_a_sentence_updates_the_table() -> None:
    widget = WhoDoesWhat(text="The council closed the library.")
    assert "The council" in widget.result.value and "close" in widget.result.value
    widget.text.value = "Mistakes were made."
    assert "[who?]" in widget.result.value
    assert "hidden agent" in widget.message.value


def test_empty_input_gives_a_hint_not_an_error() -> None:
    widget = WhoDoesWhat()
    widget.text.value = "   "
    assert "empty" in widget.message.value
    assert widget.result.value == ""


def test_learner_html_is_escaped() -> None:
    widget = WhoDoesWhat(text='The <img src=x onerror="alert(1)"> guards <b>arrested</b> Mo.')
    assert "<img" not in widget.result.value
    assert "<b>" not in widget.result.value


def test_library_failure_shows_message_and_widget_keeps_working(monkeypatch) -> None:
    import propaganda_lab.widgets.who_does_what as module

    widget = WhoDoesWhat()

    def broken(_text):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(module, "events", broken)
    widget.text.value = "The guards arrested Mo."
    assert "parser exploded" in widget.message.value and "still works" in widget.message.value
    monkeypatch.undo()
    widget.text.value = "The guards arrested Mo."
    widget.update()
    assert "The guards" in widget.result.value


def test_too_long_input_is_refused_politely() -> None:
    widget = WhoDoesWhat()
    widget.text.value = "word " * 20_000
    assert "analyses up to" in widget.message.value
