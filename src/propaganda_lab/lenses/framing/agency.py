"""Hidden agency: who does what to whom, and where the text leaves the doer out.

Built on ``propaganda_lab.roles.events`` (passives, "by" agents, event nouns). This module adds
the framing-specific case roles.py does not cover: an event noun as the subject of a verb of
happening ("clashes broke out", "violence erupted"), which reads as if nobody acted.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext, context_for
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector
from propaganda_lab.roles import Event, Phrase, events_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

HIDDEN_AGENCY_FILE = "data/lexicons/hidden_agency.json"


@functools.cache
def agency_lexicon() -> dict[str, frozenset[str]]:
    """The word lists of ``hidden_agency.json`` (consequential acts, causes, happening verbs)."""
    data = load_json(HIDDEN_AGENCY_FILE, "hidden_agency.schema.json")
    return {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}


def _names_a_cause(verb: Token) -> bool:
    """'killed in the blast', 'injured by falling debris': the sentence says what did it."""
    causes = agency_lexicon()["cause_nouns"]
    return any(
        prep.dep_ == "prep" and prep.lower_ in {"in", "by", "during", "after", "from", "when"}
        and any(obj.lemma_.lower() in causes for obj in prep.children if obj.dep_ == "pobj")
        for prep in verb.children)


def hides_doer(event: Event, doc: Doc) -> bool:
    """Whether an agentless event hides who is responsible for a consequential act.

    Policy (why each exclusion: a false flag teaches learners to suspect every passive):
    only acts someone answers for (harm, force, coercion, costly decisions, losses, 'mistakes
    were made') count, so routine, perception and reporting passives ('was seen', 'is
    expected', 'were treated in hospital') never do; a 'by' agent, a named cause ('killed in
    the blast'), a negated act or a 'no one'/'nobody' patient ('no one was injured') means
    nothing is hidden; reduced relatives ('troops stationed there') are descriptions, not
    claims about an act, so they are left alone.
    """
    if not event.agentless:
        return False
    words = agency_lexicon()
    patient = (event.patient.text.lower() if event.patient else "")
    if event.negated or any(patient.startswith(word) for word in words["negative_patients"]):
        return False
    if event.nominalisation:
        return True
    if not event.passive:  # 'clashes broke out' (see _happening_event)
        return True
    if event.rule.startswith("reduced passive"):
        return False
    verb = _token_at(doc, event.verb)
    if verb is None or _names_a_cause(verb):
        return False
    if event.action == "make":
        patient_token = _token_at(doc, event.patient) if event.patient else None
        return patient_token is not None and patient_token.lemma_.lower() in words["mistake_nouns"]
    return event.action in words["consequential_actions"]


def _particle_end(doc: Doc, verb: Phrase) -> int:
    """End offset of the verb including a particle ("broke out", "taken out")."""
    token = doc.char_span(verb.start, verb.end, alignment_mode="expand")
    if token is None:
        return verb.end
    root = token.root
    particles = [c for c in root.children if c.dep_ == "prt" and c.i == root.i + 1]
    return particles[0].idx + len(particles[0].text) if particles else verb.end


def _token_at(doc: Doc, phrase: Phrase) -> Token | None:
    span = doc.char_span(phrase.start, phrase.end, alignment_mode="expand")
    return span.root if span is not None else None


def _happening_event(event: Event, doc: Doc) -> Event:
    """'clashes broke out': the subject is itself an action, so the actors are hidden."""
    if event.passive or event.agent is None or event.patient is not None:
        return event
    verb = _token_at(doc, event.verb)
    subject = _token_at(doc, event.agent)
    if (verb is None or subject is None
            or verb.lemma_.lower() not in agency_lexicon()["happening_verbs"]):
        return event
    if subject.lemma_.lower() not in agency_lexicon()["event_subjects"]:
        return event
    return replace(
        event, agent=None, patient=event.agent, agentless=True,
        rule=f"event noun '{subject.text}' as subject of '{verb.text}': the action seems to "
        "happen by itself; who took part is not said",
    )


def agency(text_or_doc: str | Doc) -> list[Event]:
    """Every action with its agent, patient and voice; ``agentless`` marks a hidden doer
    (agentless passives, event nouns without an actor, "clashes broke out")."""
    doc = to_doc(text_or_doc)
    context = context_for(doc)
    return list(context.memo(
        "framing.agency",
        lambda: tuple(_happening_event(event, doc) for event in events_of(context))))


def _hidden_span(doc: Doc, event: Event, text: str) -> tuple[int, int]:
    verb_end = _particle_end(doc, event.verb)
    if event.nominalisation and event.patient is not None:
        return event.verb.start, max(event.patient.end, verb_end)
    if event.patient is not None and event.patient.start < event.verb.start:
        gap = text[event.patient.end:event.verb.start]
        if "." not in gap and len(gap) < 60 and "\n" not in text[event.patient.start:verb_end]:
            return event.patient.start, verb_end
    return event.verb.start, verb_end


@detector("framing.hidden_agency", techniques=["hidden_agency"], rules={
    "hidden_agency.passive":
        "An agentless passive of a consequential act ('shots were fired'): the doer is left out.",
    "hidden_agency.event_noun": "An event noun with no actor ('the killing of three protesters').",
    "hidden_agency.happening_verb": "An action noun as subject of 'happen' ('clashes broke out').",
})
def _hidden_agency(context: DocContext, options: RunOptions) -> list[Finding]:
    """Agentless events, each saying which rule hid the doer and what is missing."""
    doc = context.doc
    found = []
    text = context.text
    for event in agency(doc):
        if not hides_doer(event, doc):
            continue
        start, end = _hidden_span(doc, event, text)
        what = event.patient.text if event.patient else event.action
        found.append(finding_at(
            text, start, end, "hidden_agency",
            f"Who did it? '{text[start:end]}' does not say who {event.action} "
            f"({what}). Rule: {event.rule}.",
            rule="hidden_agency." + ("event_noun" if event.nominalisation else
                                     "passive" if event.passive else "happening_verb"),
        ))
    return found


def show_hidden_agents(text_or_doc: str | Doc) -> str:
    """The text with "[who?]" inserted where an agent is hidden: "Shots were fired [by whom?]",
    "[who?]'s killing of three protesters", "clashes [between whom?] broke out"."""
    doc = to_doc(text_or_doc)
    inserts: list[tuple[int, str]] = []
    for event in agency(doc):
        if not hides_doer(event, doc):
            continue
        if event.nominalisation:
            inserts.append((event.verb.end, " [by whom?]"))
        elif event.passive:
            inserts.append((_particle_end(doc, event.verb), " [by whom?]"))
        elif event.patient is not None:
            inserts.append((event.patient.end, " [between whom?]"))
    text = doc.text
    for position, marker in sorted(set(inserts), reverse=True):
        text = text[:position] + marker + text[position:]
    return text
