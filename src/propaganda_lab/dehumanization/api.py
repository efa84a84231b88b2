"""The dehumanization lens's public functions: one component at a time, through the pipeline.

Each takes a string or a parsed spaCy Doc and the group to look at (``group_terms``; None:
every group the text talks about), and returns normalised findings with their lens, voice and
measured confidence, exactly as ``analyze()`` gives them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.pipeline import findings_for

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _component(text_or_doc: str | Doc, name: str,
               group_terms: Iterable[str] | str | None) -> list[Finding]:
    return findings_for(to_doc(text_or_doc), name=name,
                        options=RunOptions.of(group_terms=group_terms))


def denial_of_agency(text_or_doc: str | Doc,
                     group_terms: Iterable[str] | None = None) -> list[Finding]:
    """Cargo and livestock handling of the group, always being done to, denied a mind of its
    own (never care, rescue, legal, administrative, work, election or violence verbs)."""
    return _component(text_or_doc, "dehumanization.denial_of_agency", group_terms)


def othering(text_or_doc: str | Doc, group_terms: Iterable[str] | None = None) -> list[Finding]:
    """Essentialising generics, 'they all', us/them contrasts, 'these people', 'hordes of'."""
    return _component(text_or_doc, "dehumanization.othering", group_terms)


def moral_disgust(text_or_doc: str | Doc,
                  group_terms: Iterable[str] | None = None) -> list[Finding]:
    """Words of revulsion (filth, stench, vile, repellent) linked by the parse to the group."""
    return _component(text_or_doc, "dehumanization.moral_disgust", group_terms)


def negative_evaluation(text_or_doc: str | Doc,
                        group_terms: Iterable[str] | None = None) -> list[Finding]:
    """Negative traits, labels and bad acts attributed to the group (our own valence list)."""
    return _component(text_or_doc, "dehumanization.negative_evaluation", group_terms)


def metaphors(text_or_doc: str | Doc, group_terms: Iterable[str] | None = None) -> list[Finding]:
    """Metaphors that cast a group of people as something non-human.

    With ``group_terms`` only that group counts as a target (its terms, its shipped epithets,
    and 'they'/'these people' that stand for it); without, every group ``find_groups`` sees.
    Each Finding carries ``category``, ``target`` (the group mention) and ``evidence``.
    """
    return _component(text_or_doc, "dehumanization.metaphor", group_terms)


def conspiracy_scapegoating(text_or_doc: str | Doc,
                            group_terms: Iterable[str] | str | None = None) -> list[Finding]:
    """Sentences that cast a named group as secretly steering events (the cues and their
    links: ``lenses.dehumanization.scapegoating``)."""
    return _component(text_or_doc, "dehumanization.scapegoating", group_terms)

