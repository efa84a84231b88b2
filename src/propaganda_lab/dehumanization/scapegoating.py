"""Conspiracy scapegoating: a named group cast as the hidden power steering events.

A finding needs both a plotting cue ("pulling the strings", "secretly controls", "planting a
fake ...", from ``data/lexicons/conspiracy_cues.json``) and a group mention in the same
sentence: the cue alone is ordinary politics talk, the group alone is ordinary reporting;
together they blame a hidden enemy with no evidence shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from propaganda_lab.context import DocContext, per_vocab
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.nlp import to_doc
from propaganda_lab.registry import detector, findings_for

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from propaganda_lab.dehumanization.groups import GroupMention


@lru_cache(maxsize=1)
def conspiracy_cues() -> dict[str, Any]:
    """The cue lexicon, validated against its schema (errors name file, line and field)."""
    return load_json("data/lexicons/conspiracy_cues.json", "conspiracy_cues.schema.json")


@per_vocab
def _plot_matcher(vocab: Vocab) -> Matcher:
    """Built once per vocab."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for cue in conspiracy_cues()["cues"]:
        matcher.add(cue["name"], cue["patterns"])
    return matcher


def _cue_rule(name: str) -> str:
    return "conspiracy_scapegoating." + name.replace(" ", "_")


def _cue_rules() -> dict[str, str]:
    return {_cue_rule(cue["name"]): f"Plot cue ({cue['name']}) in a sentence naming a group."
            for cue in conspiracy_cues()["cues"]}


def conspiracy_scapegoating(text_or_doc: str | Doc,
                            group_terms: Iterable[str] | str | None = None) -> list[Finding]:
    """Sentences that cast a named group as secretly steering events (see module docstring)."""
    return findings_for(to_doc(text_or_doc), name="dehumanization.scapegoating",
                        group_terms=group_terms)


@detector("dehumanization.scapegoating", techniques=["conspiracy_scapegoating"],
          rules=_cue_rules)
def _scapegoating_detector(context: DocContext) -> list[Finding]:
    """A plotting cue and a group mention in the same sentence."""
    terms = context.group_terms or ()
    return scapegoating_in(context.doc, terms,
                           list(context.group_index(context.group_terms).mentions))


def scapegoating_in(doc: Doc, terms: Sequence[str],
                    group_mentions: Sequence[GroupMention]) -> list[Finding]:
    """The rule on one Doc with the group mentions already found."""
    cues = [(doc.vocab.strings[key], doc[start:end])
            for key, start, end in _plot_matcher(doc.vocab)(doc)]
    if not cues:
        return []
    lexicon = conspiracy_cues()
    kinds = set(lexicon["scapegoat_mention_kinds"])
    text = doc.text
    mentions = [(m.start, m.display, m.label) for m in group_mentions
                if m.kind in kinds and not m.attributive]
    if not terms:  # organisations and peoples the group lexicon does not know by name
        labels = set(lexicon["group_entity_labels"])
        mentions += [(e.start_char, e.text, e.text) for e in doc.ents if e.label_ in labels]
    found: dict[int, Finding] = {}
    for name, cue in cues:
        sentence = cue.sent
        group = min((m for m in mentions if sentence.start_char <= m[0] < sentence.end_char),
                    default=None)
        if group is None or sentence.start in found:
            continue
        found[sentence.start] = finding_at(
            text, sentence.start_char, sentence.end_char, "conspiracy_scapegoating",
            f"Plot cue '{cue.text}' ({name}) in a sentence about {group[1]}: the group is "
            "cast as a hidden power steering events, and no evidence is offered.",
            category="conspiracy", target=group[2], rule=_cue_rule(name),
        )
    return [found[key] for key in sorted(found)]
