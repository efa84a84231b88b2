"""Conspiracy scapegoating: a named group cast as the hidden power steering events.

A finding needs both a plotting cue ("pulling the strings", "secretly controls", "planting a
fake ...", from ``data/lexicons/conspiracy_cues.json``) and a group mention in the same
sentence: the cue alone is ordinary politics talk, the group alone is ordinary reporting;
together they blame a hidden enemy with no evidence shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from propaganda_lab.datafiles import load_json
from propaganda_lab.dehumanization.groups import clean_group_terms, find_groups
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.nlp import load_nlp, to_doc

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from propaganda_lab.dehumanization.groups import GroupMention


@lru_cache(maxsize=1)
def conspiracy_cues() -> dict[str, Any]:
    """The cue lexicon, validated against its schema (errors name file, line and field)."""
    return load_json("data/lexicons/conspiracy_cues.json", "conspiracy_cues.schema.json")


@lru_cache(maxsize=1)
def _plot_matcher() -> Matcher:
    """Built once per process on the shared vocab."""
    from spacy.matcher import Matcher

    matcher = Matcher(load_nlp().vocab)
    for cue in conspiracy_cues()["cues"]:
        matcher.add(cue["name"], cue["patterns"])
    return matcher


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def conspiracy_scapegoating(text_or_doc: str | Doc,
                            group_terms: Iterable[str] | str | None = None) -> list[Finding]:
    """Sentences that cast a named group as secretly steering events (see module docstring)."""
    doc = to_doc(text_or_doc)
    terms = clean_group_terms(group_terms) or ()
    return scapegoating_in(doc, terms, lambda: find_groups(doc, terms or None))


def scapegoating_in(doc: Doc, terms: Sequence[str],
                    group_mentions: Callable[[], Sequence[GroupMention]]) -> list[Finding]:
    """The rule on one Doc; ``group_mentions`` is only called when a cue matched (``analyze``
    passes the mentions its group profile already found, so nothing is computed twice)."""
    cues = [(doc.vocab.strings[key], doc[start:end]) for key, start, end in _plot_matcher()(doc)]
    if not cues:
        return []
    lexicon = conspiracy_cues()
    kinds = set(lexicon["scapegoat_mention_kinds"])
    text = doc.text
    mentions = [(m.start, m.display, m.label) for m in group_mentions()
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
        start, end = _trimmed(text, sentence.start_char, sentence.end_char)
        found[sentence.start] = finding_at(
            text, start, end, "conspiracy_scapegoating", "dehumanization",
            f"Plot cue '{cue.text}' ({name}) in a sentence about {group[1]}: the group is "
            "cast as a hidden power steering events, and no evidence is offered.",
            category="conspiracy", target=group[2],
            rule="scapegoating." + name.replace(" ", "_"),
        )
    return [found[key] for key in sorted(found)]
