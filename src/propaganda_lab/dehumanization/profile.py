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

from propaganda_lab.context import context_for, doc_text
from propaganda_lab.datafiles import load_json
from propaganda_lab.lenses.dehumanization.components import AgencyProfile, agency_from
from propaganda_lab.lenses.dehumanization.groups import (
    GroupMention,
    clean_group_terms,
    group_index,
)
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.pipeline import detectors, run

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.findings import Finding
    from propaganda_lab.registry import Detector

#: Component id -> title shown in bars and tables, in display order. Each component's findings
#: come from the detector registered as ``dehumanization.<component id>``.
COMPONENTS: dict[str, str] = {
    "metaphor": "Dehumanizing metaphors",
    "denial_of_agency": "Denial of agency",
    "othering": "Othering",
    "moral_disgust": "Moral disgust",
    "negative_evaluation": "Negative evaluation",
    "epithet": "Epithets (name-calling)",
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


def _component_detector(component: str) -> Detector:
    """The registered detector behind a component (named ``dehumanization.<component>``)."""
    return detectors(name=f"dehumanization.{component}")[0]


def component_findings(doc: Doc, terms: tuple[str, ...] | None) -> list[Finding]:
    """Normalised findings of every dehumanization component for one group."""
    return run(context_for(doc), RunOptions(group_terms=terms),
               [_component_detector(component) for component in COMPONENTS])


def profile_from_findings(doc: Doc, terms: tuple[str, ...] | None,
                          findings: Iterable[Finding]) -> GroupProfile:
    """The group profile built from already normalised findings (each component takes the
    findings whose rule its detector declares), so ``analyze`` computes nothing twice."""
    index = group_index(context_for(doc), terms)
    rules = {component: set(_component_detector(component).rules) for component in COMPONENTS}
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
