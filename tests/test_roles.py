"""Who does what to whom, on sentences written for these tests (not taken from the corpus)."""

from __future__ import annotations

import pytest

from propaganda_lab.roles import events


def _only(text: str, action: str):
    matches = [event for event in events(text) if event.action == action]
    assert len(matches) == 1, [event.summary for event in events(text)]
    return matches[0]


def test_active_sentence_names_agent_and_patient() -> None:
    event = _only("The harbour guards detained two fishermen near the pier.", "detain")
    assert event.agent is not None and event.agent.text == "The harbour guards"
    assert event.patient is not None and event.patient.text == "two fishermen"
    assert not event.passive and not event.agentless


def test_agentless_passive_is_flagged() -> None:
    event = _only("Several homes were demolished overnight.", "demolish")
    assert event.passive and event.agentless and event.agent is None
    assert event.patient is not None and event.patient.text == "Several homes"


def test_passive_with_by_agent_is_not_agentless() -> None:
    event = _only("Several homes were demolished by the city council.", "demolish")
    assert event.passive and not event.agentless
    assert event.agent is not None and event.agent.text == "the city council"


def test_reduced_passive_and_relative_clause() -> None:
    event = _only("Four miners trapped underground were rescued on Friday.", "trap")
    assert event.agentless and event.patient is not None and event.patient.text == "Four miners"
    relative = _only("The clerks who leaked the memo resigned.", "leak")
    assert relative.agent is not None and relative.agent.text == "The clerks"


def test_event_noun_hides_the_actor_unless_one_is_named() -> None:
    text = "The detention of six journalists angered readers."
    hidden = [e for e in events(text) if e.nominalisation]
    assert [(e.action, e.patient.text if e.patient else None) for e in hidden] == [
        ("detention", "six journalists")
    ]
    named = events("The army's detention of six journalists angered readers.")
    assert not [e for e in named if e.nominalisation]


def test_offsets_point_into_the_text() -> None:
    text = "Yesterday the committee rejected the proposal."
    for event in events(text):
        assert text[event.verb.start : event.verb.end] == event.verb.text
        for phrase in (event.agent, event.patient):
            if phrase is not None:
                assert text[phrase.start : phrase.end] == phrase.text


@pytest.mark.parametrize("text", ["", "   \n\t", "¿Dónde está la biblioteca?", "!!!", "😀" * 50])
def test_odd_input_never_raises(text: str) -> None:
    assert isinstance(events(text), list)


def test_events_are_shared_per_doc_without_breaking_serialisation() -> None:
    from propaganda_lab.nlp import to_doc

    doc = to_doc("The committee rejected the proposal. Mistakes were made.")
    first, second = events(doc), events(doc)
    assert first == second and first is not second  # callers get their own list
    doc.to_bytes()  # the cache must not live in doc.user_data (msgpack cannot store Events)
