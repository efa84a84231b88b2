"""One group's profile across all components, and the same story under different labels.

Mendelsohn, Tsvetkov & Jurafsky (2020) compare how the same group is written about under
different labels and find that the label travels with the dehumanization. ``compare_labels``
lets learners try this on a controlled case: one fictional story, only the label changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from propaganda_lab.context import DocContext, context_for, doc_text
from propaganda_lab.datafiles import load_json
from propaganda_lab.dehumanization._links import finding, quote
from propaganda_lab.dehumanization.components import AgencyProfile, agency_from
from propaganda_lab.dehumanization.groups import GroupIndex, GroupMention, clean_group_terms
from propaganda_lab.nlp import to_doc
from propaganda_lab.registry import detector, detectors, run_detectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.findings import Finding

#: Component id -> title shown in bars and tables, in display order.
COMPONENTS: dict[str, str] = {
    "metaphor": "Dehumanizing metaphors",
    "denial_of_agency": "Denial of agency",
    "othering": "Othering",
    "moral_disgust": "Moral disgust",
    "negative_evaluation": "Negative evaluation",
    "epithet": "Epithets (name-calling)",
}
#: The registered detector behind each component.
COMPONENT_DETECTORS: dict[str, str] = {
    "metaphor": "dehumanization.metaphor",
    "denial_of_agency": "dehumanization.denial_of_agency",
    "othering": "dehumanization.othering",
    "moral_disgust": "dehumanization.moral_disgust",
    "negative_evaluation": "dehumanization.negative_evaluation",
    "epithet": "dehumanization.epithet",
}


@dataclass(frozen=True)
class ComponentScore:
    """One component for one group: how many findings, and how many per 100 mentions."""

    name: str
    title: str
    count: int
    per_100: float
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class GroupProfile:
    """Everything the lens found about one group in one text."""

    group_terms: tuple[str, ...]
    mentions: tuple[GroupMention, ...]
    components: dict[str, ComponentScore]
    agency: AgencyProfile
    metaphor_categories: dict[str, int] = field(default_factory=dict)
    text: str = ""

    @property
    def label(self) -> str:
        return self.group_terms[0] if self.group_terms else "(all groups)"

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def findings(self) -> list[Finding]:
        """All findings of all components, in reading order (for highlighting)."""
        found = [f for score in self.components.values() for f in score.findings]
        return sorted(found, key=lambda f: (f.start, f.end, f.technique))

    def per_100(self, component: str) -> float:
        return self.components[component].per_100

    def summary(self) -> str:
        """A one-paragraph text summary (what the bar chart shows, for screen readers)."""
        parts = [f"{s.title}: {s.count} ({s.per_100:.1f} per 100 mentions)"
                 for s in self.components.values()]
        agency = self.agency
        return (
            f"Group {self.label!r}: {self.mention_count} mentions. " + "; ".join(parts)
            + f". Agent of {agency.as_agent} action(s), patient of {agency.as_patient} "
            f"({agency.passive} passive)."
        )


def _epithet_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    from propaganda_lab.masking import default_terms, real_epithets

    epithets = set(default_terms())
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
def _epithet_detector(context: DocContext) -> list[Finding]:
    """Epithets for the group: a contemptuous nickname in place of its name."""
    return _epithet_findings(context.doc, context.group_index(context.group_terms))


def component_findings(doc: Doc, terms: tuple[str, ...] | None) -> list[Finding]:
    """Normalised findings of every dehumanization component for one group."""
    context = context_for(doc)
    previous, context.group_terms = context.group_terms, terms
    try:
        chosen = [d for d in detectors() if d.name in COMPONENT_DETECTORS.values()]
        return run_detectors(context, chosen)
    finally:
        context.group_terms = previous


def profile_from_findings(doc: Doc, terms: tuple[str, ...] | None,
                          findings: Iterable[Finding]) -> GroupProfile:
    """The group profile built from already normalised findings (each component takes the
    findings whose rule its detector declares), so ``analyze`` computes nothing twice."""
    index = context_for(doc).group_index(terms)
    rules = {component: set(detectors(name=name)[0].rules)
             for component, name in COMPONENT_DETECTORS.items()}
    found: dict[str, list[Finding]] = {component: [] for component in COMPONENTS}
    for item in findings:
        for component, component_rules in rules.items():
            if item.rule in component_rules:
                found[component].append(item)
                break
    mentions = len(index.mentions)
    components = {
        name: ComponentScore(name, COMPONENTS[name], len(items),
                             round(100 * len(items) / mentions, 1) if mentions else 0.0,
                             tuple(items))
        for name, items in found.items()
    }
    categories = Counter(f.category for f in found["metaphor"] if f.category)
    return GroupProfile(terms or (), index.mentions, components, agency_from(doc, index),
                        dict(categories), doc_text(doc))


def analyze_group(text_or_doc: str | Doc,
                  group_terms: Iterable[str] | None = None) -> GroupProfile:
    """All components for one group: counts, scores per 100 mentions, and the evidence."""
    doc = to_doc(text_or_doc)
    terms = clean_group_terms(group_terms)
    return profile_from_findings(doc, terms, component_findings(doc, terms))


def story_variants(template: str, labels: Sequence[str]) -> list[str]:
    """Fill ``{label}`` / ``{Label}`` in a story template with each label in turn."""
    if "{label}" not in template and "{Label}" not in template:
        raise ValueError("the story template needs a {label} or {Label} placeholder")
    variants = []
    for label in labels:
        capital = label[:1].upper() + label[1:]
        variants.append(template.replace("{Label}", capital).replace("{label}", label))
    return variants


def compare_labels(texts: str | Sequence[str | Doc], labels: Sequence[str]) -> list[GroupProfile]:
    """Profile the same group under different labels, one profile per label.

    ``texts`` is either one story template with a ``{label}`` placeholder (each label is
    filled in, so only the label differs) or one text per label.
    """
    labels = [label for label in labels if isinstance(label, str) and label.strip()]
    if not labels:
        raise ValueError("give at least one label, e.g. ['Teskari workers', 'tesks']")
    if isinstance(texts, str):
        texts = story_variants(texts, labels)
    if len(texts) != len(labels):
        raise ValueError(f"got {len(texts)} texts for {len(labels)} labels: give one per label")
    return [analyze_group(text, [label]) for text, label in zip(texts, labels, strict=True)]


@lru_cache(maxsize=1)
def _stories() -> tuple[dict[str, Any], ...]:
    data = load_json("data/label_stories.json", "label_stories.schema.json")
    return tuple(data["stories"])


def label_stories() -> list[dict[str, Any]]:
    """The packaged fictional stories with their labels (id, title, template, labels)."""
    return [dict(story) for story in _stories()]
