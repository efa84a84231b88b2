"""Conspiracy scapegoating: a named group cast as the hidden power steering events.

A finding needs both a cue (``data/lexicons/conspiracy_cues.json``: hidden control such as
"pulling the strings" or "they control the media", a veto such as "would never allow",
collective blame such as "are to blame") and a group mention where the cue says it must be:
in the same sentence, as the subject of the cue's verb, or right before it ("X-controlled").
The cue alone is ordinary politics talk, the group alone is ordinary reporting; together they
blame a hidden enemy with no evidence shown. Each explanation names the group, the move and
the evidence words.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher

from propaganda_lab.context import DocContext, per_vocab
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.lenses.dehumanization.groups import group_index
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from propaganda_lab.lenses.dehumanization.groups import GroupIndex, GroupMention


@lru_cache(maxsize=1)
def conspiracy_cues() -> dict[str, Any]:
    """The cue lexicon, validated against its schema (errors name file, line and field)."""
    return load_json("data/lexicons/conspiracy_cues.json", "conspiracy_cues.schema.json")


@per_vocab
def _plot_matcher(vocab: Vocab) -> Matcher:
    """Built once per vocab."""
    matcher = Matcher(vocab)
    for cue in conspiracy_cues()["cues"]:
        matcher.add(cue["name"], cue["patterns"])
    return matcher


def _cue_rule(name: str) -> str:
    return "conspiracy_scapegoating." + name.replace(" ", "_").replace("-", "_")


def _cue_rules() -> dict[str, str]:
    return {_cue_rule(cue["name"]):
            f"Cue ({cue['name']}) that {cue.get('move', 'casts a group as a hidden power')}, "
            f"with the group {_ROLE_WORDS[cue.get('group_role', 'sentence')]}."
            for cue in conspiracy_cues()["cues"]}


_ROLE_WORDS = {"sentence": "in the same sentence",
               "nearby": "in the same sentence or the one before it",
               "subject": "as the subject of its verb",
               "modifier": "named right before it"}


@detector("dehumanization.scapegoating", techniques=["conspiracy_scapegoating"],
          rules=_cue_rules)
def _scapegoating_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """A plotting, control or blame cue tied to a group mention."""
    return scapegoating_in(context.doc, options.group_terms or (),
                           group_index(context, options.group_terms))


def _cue_subject(span: Span) -> Token | None:
    """The subject of the cue's own verb, if the parse gives one (not a pronoun)."""
    for token in span:
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ != "PRON":
                return child
    return None


def _subject_group(span: Span, index: GroupIndex, kinds: set[str]) -> GroupMention | None:
    """The group that is the subject of the cue's verb ('they control ...', 'X are to blame')."""
    for token in span:  # the cue's own verb: not a verb it hangs on ('X say the banks ...')
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = index.at(child)
                if mention is not None and mention.kind in kinds and not mention.attributive:
                    return mention
    return None


def _modifier_group(span: Span, index: GroupIndex, kinds: set[str]) -> GroupMention | None:
    """'X-controlled media', 'the Circle's plan': the group named right before the cue (or
    as its first word)."""
    for i in (span.start - 1, span.start):
        mention = index.by_token.get(i) if i >= 0 else None
        if mention is not None and mention.kind in kinds:
            return mention
    return None


def _entity_group(span: Span, role: str, labels: set[str]) -> tuple[int, str, str] | None:
    """An organisation or people the group lexicon does not know, in the cue's group slot."""
    doc = span.doc
    if role == "modifier":
        candidates = [doc[i] for i in (span.start - 1, span.start) if i >= 0]
    else:
        candidates = [child for token in span for child in token.children
                      if child.dep_ in {"nsubj", "nsubjpass"}]
    for token in candidates:
        if token.ent_type_ in labels:
            entity = next(e for e in doc.ents if e.start <= token.i < e.end)
            return entity.start_char, entity.text, entity.text
    return None


def scapegoating_in(doc: Doc, terms: Sequence[str], index: GroupIndex) -> list[Finding]:
    """The rule on one Doc with the group mentions already found.

    A cue whose verb names the plotter as its subject (``subject_is_accused``: 'X is pulling
    the strings') accuses that subject; when the learner named a group and the subject is
    not it, the sentence is not reported for it, so naming a group never pins another's plot
    on it."""
    cues = [(doc.vocab.strings[key], doc[start:end])
            for key, start, end in _plot_matcher(doc.vocab)(doc)]
    if not cues:
        return []
    lexicon = conspiracy_cues()
    by_name = {cue["name"]: cue for cue in lexicon["cues"]}
    kinds = set(lexicon["scapegoat_mention_kinds"])
    text = doc.text
    mentions = [(m.start, m.display, m.label) for m in index.mentions
                if m.kind in kinds and not m.attributive]
    if not terms:  # organisations and peoples the group lexicon does not know by name
        labels = set(lexicon["group_entity_labels"])
        mentions += [(e.start_char, e.text, e.text) for e in doc.ents if e.label_ in labels]
    found: dict[int, Finding] = {}
    for name, cue in sorted(cues, key=lambda item: (item[1].start, -len(item[1]))):
        sentence = cue.sent
        if sentence.start in found:
            continue
        entry = by_name[name]
        role = entry.get("group_role", "sentence")
        group: tuple[int, str, str] | None
        actor = _cue_subject(cue) if entry.get("subject_is_accused") else None
        if role in {"sentence", "nearby"} and actor is not None and terms:
            # 'X is pulling the strings': the plotter is the verb's subject; when it is not
            # the named group, the named group is not the one accused.
            mention = index.at(actor)
            group = (mention.start, mention.display, mention.label) if mention else None
        elif role in {"sentence", "nearby"}:
            begin = sentence.start_char
            if role == "nearby" and sentence.start > 0:
                begin = doc[sentence.start - 1].sent.start_char
            group = min((m for m in mentions if begin <= m[0] < sentence.end_char),
                        default=None)
        else:
            mention = (_subject_group if role == "subject" else _modifier_group)(
                cue, index, kinds)
            group = (mention.start, mention.display, mention.label) if mention else None
            if group is None and not terms:
                group = _entity_group(cue, role, set(lexicon["group_entity_labels"]))
        if group is None:
            continue
        move = entry.get("move", "casts the group as a hidden power steering events")
        found[sentence.start] = finding_at(
            text, sentence.start_char, sentence.end_char, "conspiracy_scapegoating",
            f"Group: {group[1]}. Move: the sentence {move} ({name}). Evidence: the words "
            f"'{cue.text}', {_ROLE_WORDS[role].replace('as the', 'with the group as the')} "
            "and no evidence offered.",
            category="conspiracy", target=group[2], rule=_cue_rule(name),
        )
    return [found[key] for key in sorted(found)]
