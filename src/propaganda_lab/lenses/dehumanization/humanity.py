"""Denial of humanity said outright: 'they are not human', 'they have no humanity'.

Haslam's animalistic dehumanization denies a group what makes people human; the metaphor
rules find it in images ('animals', 'subhumans'), this rule finds it said in plain words. The
phrases are data (``denied_humanity`` in ``dehumanizing_metaphors.json``); a match counts only
when the parse makes a group of people its subject, or the object of the 'in' after it ('not
an ounce of humanity in X'). Not about a group ('the regime showed no humanity'), negated
('they are not less than human') or reporting how others saw the group ('were treated as
less than human') is not a finding.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from spacy.matcher import Matcher

from propaganda_lab.context import (
    DocContext,
    anchored_matches,
    context_for,
    pattern_anchors,
    per_vocab,
)
from propaganda_lab.lenses.dehumanization._links import chunk_bounds, finding, quote
from propaganda_lab.lenses.dehumanization.groups import (
    GroupIndex,
    GroupMention,
    group_index,
    sentence_range,
)
from propaganda_lab.lenses.dehumanization.lexicons import metaphor_lexicon
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from propaganda_lab.findings import Finding

RULE = "animal_metaphor.denied_humanity"
_NEGATIONS = {"no", "not", "n't", "never", "zero", "without"}
#: Words after 'human' that make it a modifier, not the predicate ('not human rights').
_HUMAN_AS_MODIFIER = {"NOUN", "PROPN"}


@per_vocab
def _matcher(vocab: Vocab) -> Matcher:
    """Built once per vocab from the lexicon's ``denied_humanity`` patterns."""
    matcher = Matcher(vocab)
    for entry in metaphor_lexicon().denied_humanity:
        matcher.add(entry["name"], entry["patterns"])
    return matcher


@functools.cache
def _anchors() -> frozenset[str] | None:
    """Words one of which every phrase needs: other sentences are not searched."""
    return pattern_anchors(p for entry in metaphor_lexicon().denied_humanity
                           for p in entry["patterns"])


def _subject_group(span: Span, index: GroupIndex) -> GroupMention | None:
    """The group the phrase is said of: the subject of its verb, up to three heads up."""
    current: Token = span[0]
    for _ in range(4):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = index.at(child)
                return mention if mention is not None and not mention.attributive else None
        if current.head is current or current.dep_ in {"advcl", "ccomp", "relcl"}:
            return None
        current = current.head
    return None


def _in_group(span: Span, index: GroupIndex) -> GroupMention | None:
    """'not an ounce of humanity in X': the group is the object of the 'in'."""
    preposition = span[-1]
    for child in preposition.children:
        if child.dep_ == "pobj":
            mention = index.at(child)
            if mention is not None and not mention.attributive:
                return mention
    doc = span.doc
    if span.end < len(doc):
        mention = index.by_token.get(span.end)
        if mention is None and span.end + 1 < len(doc):
            mention = index.by_token.get(span.end + 1)  # 'in these X', 'in those X'
        if mention is not None and not mention.attributive:
            return mention
    return None


def _negated(span: Span) -> bool:
    verb = span[0]
    return any(t.lower_ in _NEGATIONS for t in span) or any(
        c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for c in verb.head.children if verb.dep_ in {"aux", "auxpass"})


def _human_is_modifier(span: Span) -> bool:
    """'they are not human rights lawyers', 'they are not people who give up'."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    after = doc[span.end]
    return (after.pos_ in _HUMAN_AS_MODIFIER and after.lower_ not in {"being", "beings"}) or \
        after.lower_ in {"who", "that", "which", "to", "of"}


def denied_humanity(doc: Doc, index: GroupIndex) -> list[Finding]:
    """Phrases that deny a group its humanity, each said of a group mention."""
    entries = {entry["name"]: entry for entry in metaphor_lexicon().denied_humanity}
    found: dict[tuple[int, int], Finding] = {}
    for key, first, last in anchored_matches(context_for(doc), _matcher(doc.vocab), _anchors()):
        name = doc.vocab.strings[key]
        entry = entries[name]
        span = doc[first:last]
        if entry["needs_negation"] and not _negated(span):
            continue
        if entry["target"] == "subject" and _human_is_modifier(span):
            continue
        mention = (_in_group if entry["target"] == "in" else _subject_group)(span, index)
        if mention is None:
            continue
        sentence = sentence_range(span[0])
        if sentence in found:
            continue
        head = doc[mention.head]
        first = span.start
        if sentence[0] <= head.i < sentence[1]:
            first = min(first, chunk_bounds(head)[0])
        last = max(span[-1].i, head.i)
        found[sentence] = finding(
            doc, first, last, "animal_metaphor",
            f"{quote(span.text)} ({name}) is said of {quote(mention.display)}: the group is "
            "denied its humanity outright, Haslam's animalistic dehumanization in plain words.",
            category="subhuman", target=mention.display, rule=RULE)
    return list(found.values())


@detector("dehumanization.denied_humanity", techniques=["animal_metaphor"], rules={
    RULE: "A group is said outright to be less than human ('are not human', 'have no "
          "humanity', 'not an ounce of humanity in X').",
})
def _humanity_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Denial of humanity said of a group in plain words."""
    return denied_humanity(context.doc, group_index(context, options.group_terms))
