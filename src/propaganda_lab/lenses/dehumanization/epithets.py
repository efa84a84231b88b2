"""Epithets: a contemptuous nickname (invented or real) in place of a group's name.

The epithets come from the lens's lexicon (``lexicons.epithet_targets``: the invented ones of
``epithets.txt`` and the documented real-world ones of ``real_epithets.json``); the group index
already marks every epithet mention, so this detector only explains them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext
from propaganda_lab.lenses.dehumanization._links import finding, quote
from propaganda_lab.lenses.dehumanization.groups import GroupIndex, group_index
from propaganda_lab.lenses.dehumanization.lexicons import epithet_targets, real_epithets
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.findings import Finding


def _epithet_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    epithets = set(epithet_targets())
    real = real_epithets()
    found = []
    for mention in index.mentions:
        if mention.kind == "epithet" or mention.text.lower() in epithets:
            head = doc[mention.head]
            entry = real.get(head.lower_)
            why = (f"{quote(mention.text)} is a real-world epithet for {entry['target']} "
                   f"({entry['status']} according to {entry['source'].split(' (')[0]}): a "
                   "slur in place of the group's name." if entry else
                   f"{quote(mention.text)} is an invented epithet for the group: a "
                   "contemptuous nickname in place of its name.")
            found.append(finding(doc, head.i, head.i, "name_calling", why, category=None,
                                 target=mention.display, rule="name_calling.group_epithet"))
    return found


@detector("dehumanization.epithet", techniques=["name_calling"], rules={
    "name_calling.group_epithet": "A shipped epithet (invented or real) used for the group.",
})
def _epithet_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Epithets for the group: a contemptuous nickname in place of its name."""
    return _epithet_findings(context.doc, group_index(context, options.group_terms))

