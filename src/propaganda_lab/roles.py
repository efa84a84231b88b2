"""Who does what to whom: semantic roles read off spaCy's dependency parse.

Shared core for the framing lens (hidden agency) and the dehumanization lens (who is shown
acting, who is only acted upon). Rules, not a trained role labeller, so that every event can be
explained by pointing at the parse: "agent = the nsubj of 'fired'".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext, context_for, tokens_of
from propaganda_lab.datafiles import load_json
from propaganda_lab.nlp import to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_RELATIVE_PRONOUNS = {"who", "whom", "which", "that"}
_SUBJECT_DEPS = {"nsubj", "csubj"}
_PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
_OBJECT_DEPS = {"dobj", "dative", "obj"}


@dataclass(frozen=True)
class Phrase:
    """A participant in an event, with its character offsets in the analysed text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One action in the text and its participants.

    ``agentless`` marks a passive with no "by ..." agent ("Shots were fired") or an event noun
    with no actor ("the killing of three protesters"): the doer is hidden from the reader.
    """

    action: str
    verb: Phrase
    agent: Phrase | None
    patient: Phrase | None
    sentence: str
    passive: bool
    agentless: bool
    negated: bool = False
    nominalisation: bool = False
    rule: str = ""

    @property
    def summary(self) -> str:
        """"agent -> action -> patient", with "[who?]" for a hidden agent."""
        agent = self.agent.text if self.agent else ("[who?]" if self.agentless else "—")
        patient = self.patient.text if self.patient else "—"
        return f"{agent} → {self.action} → {patient}"


@lru_cache(maxsize=1)
def event_nominals() -> frozenset[str]:
    """Nouns that name an action done by someone ("arrest", "killing"): our own word list."""
    data = load_json("data/lexicons/event_nominals.json", "event_nominals.schema.json")
    return frozenset(w.lower() for w in data["nominals"])


class _DocIndex:
    """Noun chunks and sentences of one Doc, computed once: looking them up per phrase made
    long texts quadratic (``doc.noun_chunks`` and ``Token.sent`` walk the Doc each time)."""

    def __init__(self, doc: Doc) -> None:
        context = context_for(doc)  # the Doc's one chunk and sentence index
        self.chunks = context.chunk_by_root
        self.sentence_of: dict[int, str] = {}
        for sentence in context.sentences:
            text = sentence.text
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = text

    def single(self, token: Token) -> tuple[int, int]:
        return self.chunks.get(token.i, (token.i, token.i + 1))

    def phrase_tokens(self, token: Token) -> tuple[int, int]:
        """Token range for a participant: its noun chunk, widened over coordinated nouns.

        Relative clauses and long prepositional tails are left out so the phrase stays readable.
        """
        if token.i in self.chunks:
            start, end = self.chunks[token.i]
        else:
            start, end = token.i, token.i + 1
            left = [t.i for t in token.lefts
                    if t.dep_ in {"det", "amod", "compound", "poss", "nummod"}]
            if left:
                start = min(left)
        for conj in token.conjuncts:
            if conj.i > token.i:
                conj_start, conj_end = self.single(conj)
                end = max(end, conj_end)
                start = min(start, conj_start)
        return start, end

    def phrase(self, token: Token) -> Phrase:
        start, end = self.phrase_tokens(token)
        span = token.doc[start:end]
        return Phrase(span.text, span.start_char, span.end_char)


def _resolve_relative(token: Token) -> Token:
    """'who' in 'protesters who threw stones' stands for 'protesters'."""
    if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _child(token: Token, deps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _inherited_subject(verb: Token, deps: set[str]) -> Token | None:
    """A conjoined verb ('arrived and arrested') shares its first verb's subject."""
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
        found = _child(head, deps)
        if found is not None:
            return found
    return None


def _by_agent(verb: Token) -> Token | None:
    agent = _child(verb, {"agent"})
    if agent is None:
        return None
    return _child(agent, {"pobj"})


def _verb_phrase(verb: Token) -> Phrase:
    return Phrase(verb.text, verb.idx, verb.idx + len(verb.text))


def _is_negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _verb_event(verb: Token, index: _DocIndex) -> Event | None:
    sentence = index.sentence_of[verb.i]
    subject = _child(verb, _SUBJECT_DEPS)
    passive_subject = _child(verb, _PASSIVE_SUBJECT_DEPS)
    has_auxpass = any(child.dep_ == "auxpass" for child in verb.children)
    obj = _child(verb, _OBJECT_DEPS)
    negated = _is_negated(verb)

    if passive_subject is not None or has_auxpass:
        patient = passive_subject or _inherited_subject(verb, _PASSIVE_SUBJECT_DEPS)
        agent = _by_agent(verb)
        return Event(
            action=verb.lemma_.lower(),
            verb=_verb_phrase(verb),
            agent=index.phrase(agent) if agent is not None else None,
            patient=index.phrase(_resolve_relative(patient)) if patient is not None else None,
            sentence=sentence,
            passive=True,
            agentless=agent is None,
            negated=negated,
            rule="passive: patient = nsubjpass, agent = 'by' object"
            + ("" if agent is not None else " (none: agentless passive)"),
        )

    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "three people killed in the clash": a reduced passive modifying its patient.
        agent = _by_agent(verb)
        return Event(
            action=verb.lemma_.lower(),
            verb=_verb_phrase(verb),
            agent=index.phrase(agent) if agent is not None else None,
            patient=index.phrase(verb.head),
            sentence=sentence,
            passive=True,
            agentless=agent is None,
            negated=negated,
            rule="reduced passive: past participle modifying its patient"
            + ("" if agent is not None else " (no agent given)"),
        )

    subject = subject or _inherited_subject(verb, _SUBJECT_DEPS)
    if subject is None and obj is None:
        return None
    return Event(
        action=verb.lemma_.lower(),
        verb=_verb_phrase(verb),
        agent=index.phrase(_resolve_relative(subject)) if subject is not None else None,
        patient=index.phrase(obj) if obj is not None else None,
        sentence=sentence,
        passive=False,
        agentless=False,
        negated=negated,
        rule="active: agent = nsubj, patient = dobj",
    )


def _nominal_event(noun: Token, index: _DocIndex) -> Event | None:
    """'the killing of three protesters' names an action but hides who did it."""
    if noun.lemma_.lower() not in event_nominals() and noun.lower_ not in event_nominals():
        return None
    has_actor = any(child.dep_ == "poss" for child in noun.children) or any(
        child.dep_ == "prep" and child.lower_ == "by" for child in noun.children
    )
    of_object = None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            of_object = _child(child, {"pobj"})
    if has_actor or of_object is None:
        return None
    return Event(
        action=noun.lemma_.lower(),
        verb=_verb_phrase(noun),
        agent=None,
        patient=index.phrase(of_object),
        sentence=index.sentence_of[noun.i],
        passive=False,
        agentless=True,
        nominalisation=True,
        rule="event noun with an 'of' object and no actor (no possessive, no 'by')",
    )


def events(text_or_doc: str | Doc) -> list[Event]:
    """Every action in the text with its agent and patient, in reading order.

    Kept in the Doc's context (``context.context_for``), so the lenses that all ask "who does
    what to whom" of the same parsed article (framing, dehumanization) share one pass.
    """
    return list(events_of(context_for(to_doc(text_or_doc))))


def events_of(context: DocContext) -> tuple[Event, ...]:
    """The events of a Doc's context, computed once per Doc."""
    return context.memo("events", lambda: tuple(find_events(context.doc)))


def find_events(doc: Doc) -> list[Event]:
    """Compute the events of a Doc (use ``events``, which caches them per Doc)."""
    index = _DocIndex(doc)
    found: list[Event] = []
    for token in tokens_of(doc):
        event = None
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT" and _child(
            token, _OBJECT_DEPS
        )):
            event = _verb_event(token, index)
        elif token.pos_ == "NOUN":
            event = _nominal_event(token, index)
        if event is not None:
            found.append(event)
    return found
