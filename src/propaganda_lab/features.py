"""Structural facts about one finding in its context: what the confidence model reads.

A rule's precision alone cannot tell "These Sarnians are a cancer" from "the cancer spread to
his liver": the rule is the same, the target is not. So each finding is described by facts the
project itself computes from the parse (never a word or a vocabulary): its rule (through the
rule's judged precision), whose voice it is in, whether it sits inside quotation marks, how many
other cues share its sentence, paragraph and document, what kind of thing it is said of (a
group of people, one person, an organisation or place, a thing), the construction ("X are a
Y", a modifier, a verb), negation, a question, first person, a headline, and whether the
lexicon word also has a literal sense.

``calibration`` turns these facts into a confidence with a small logistic model fitted on blind
hand judgments (``benchmarks/confidence_model.py``); ``FEATURE_WORDS`` says each fact in words
a learner reads, so a finding's reason can name the facts that moved it most.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext
from propaganda_lab.lenses.dehumanization.groups import GroupIndex, group_index
from propaganda_lab.lenses.dehumanization.lexicons import group_words
from propaganda_lab.lenses.framing._lexicons import loaded_terms
from propaganda_lab.lenses.quotes.facts import context_quotes

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from propaganda_lab.findings import Finding

__all__ = ["FEATURES", "FEATURE_WORDS", "TARGET_KINDS", "FindingFacts", "finding_facts"]

#: What a finding is said of. "none": nothing the parse can point at.
TARGET_KINDS = ("group", "person", "org_place", "thing", "none")
#: The model's inputs, in a fixed order (the coefficient file names them).
FEATURES = (
    "rule_prior", "quoted_voice", "inside_quote", "sentence_cues", "paragraph_cues",
    "doc_density", "target_group", "target_person", "target_org_place", "target_thing",
    "copula", "group_statement", "modifier", "verb", "negated", "question", "first_person",
    "headline", "literal_sense", "long_span",
)
#: Each feature as a learner reads it in a finding's reason (said when it moved the
#: confidence up, or its negation when it moved it down).
FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "rule_prior": ("this kind of cue is usually right", "this kind of cue is often wrong"),
    "quoted_voice": ("inside material the text quotes or pastes", "in the author's own words"),
    "inside_quote": ("inside quotation marks", "outside quotation marks"),
    "sentence_cues": ("other cues in the same sentence", "no other cue in its sentence"),
    "paragraph_cues": ("other cues in the same paragraph", "no other cue in its paragraph"),
    "doc_density": ("a text dense with cues", "a text with few other cues"),
    "target_group": ("said of a group of people", "not said of a group of people"),
    "target_person": ("said of one person", "not said of one person"),
    "target_org_place": ("said of an organisation or place", "not said of an organisation "
                         "or place"),
    "target_thing": ("said of a thing, not of people", "said of people"),
    "copula": ("an 'X is a Y' statement", "not an 'X is a Y' statement"),
    "group_statement": ("a group of people said to be something ('they are ...')",
                        "not a statement of what a group of people is"),
    "modifier": ("a word describing a noun", "not a word describing a noun"),
    "verb": ("a verb: something done", "not a verb"),
    "negated": ("negated", "not negated"),
    "question": ("in a question", "not in a question"),
    "first_person": ("the writer speaks as 'I' or 'we'", "no 'I' or 'we' in the sentence"),
    "headline": ("in the headline", "in the body"),
    "literal_sense": ("the word also has a plain, literal sense",
                      "the word has no common literal sense"),
    "long_span": ("a whole phrase", "a single word"),
}

#: The density of a text's cues is shrunk towards a typical one (cues per 100 words) as if this
#: many typical words were added: a five-word line says little about how dense a text is, so
#: 'Enough said.' alone is neither dense nor sparse.
DENSITY_PRIOR_WORDS = 100
TYPICAL_CUES_PER_100_WORDS = 1.5
#: Cues that do not count as company for another cue: they fire on plain reporting too often
#: (their own judged precision is low), so their presence says little about the sentence.
UNSUPPORTIVE_TECHNIQUES = frozenset({"hidden_agency", "repetition", "denial_of_agency"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FIRST_PERSON = frozenset({"i", "we", "us", "our", "my", "me", "ours", "myself", "ourselves"})
_COPULA = frozenset({"be", "become", "remain", "seem"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "these", "those"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_ORG_PLACE = frozenset({"ORG", "GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class FindingFacts:
    """The structural facts of one finding (the rule prior is added by ``calibration``)."""

    quoted_voice: bool
    inside_quote: bool
    sentence_cues: int
    paragraph_cues: int
    doc_density: float
    target: str
    construction: str
    negated: bool
    question: bool
    first_person: bool
    headline: bool
    literal_sense: bool
    tokens: int

    def values(self, rule_prior: float) -> dict[str, float]:
        """The model's inputs (see ``FEATURES``), counts squashed so none dominates."""
        return {
            "rule_prior": rule_prior,
            "quoted_voice": float(self.quoted_voice),
            "inside_quote": float(self.inside_quote),
            "sentence_cues": math.log1p(self.sentence_cues),
            "paragraph_cues": math.log1p(self.paragraph_cues),
            "doc_density": math.log1p(self.doc_density),
            **{f"target_{kind}": float(self.target == kind) for kind in TARGET_KINDS
               if kind != "none"},
            "copula": float(self.construction == "copula"),
            "group_statement": float(self.construction == "copula" and self.target == "group"),
            "modifier": float(self.construction == "modifier"),
            "verb": float(self.construction == "verb"),
            "negated": float(self.negated),
            "question": float(self.question),
            "first_person": float(self.first_person),
            "headline": float(self.headline),
            "literal_sense": float(self.literal_sense),
            "long_span": float(self.tokens > 3),
        }


@lru_cache(maxsize=1)
def _literal_terms() -> frozenset[str]:
    """Lexicon words that also have a plain sense (the lexicon lists literal contexts)."""
    return frozenset(term.term.lower() for term in loaded_terms() if term.literal_context)


def _span(context: DocContext, finding: Finding) -> Span | None:
    span = context.doc.char_span(finding.start, max(finding.end, finding.start + 1),
                                 alignment_mode="expand")
    return span if span is not None and len(span) else None


def _anchor(span: Span) -> Token:
    """The word a finding is said of: the noun an adjective describes, the subject of an
    'X is Y' statement or of a verb, or the span's own head noun."""
    root = span.root
    if root.dep_ in {"amod", "compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    if root.dep_ in {"attr", "acomp", "oprd"} or root.pos_ in {"VERB", "AUX"}:
        verb = root if root.pos_ in {"VERB", "AUX"} else root.head
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return subject
    if root.dep_ == "appos":
        return root.head
    return root


def _target_kind(anchor: Token, groups: GroupIndex, target: str | None) -> str:
    if groups.at(anchor) is not None:
        return "group"
    if target and any(m.text == target or m.label == target for m in groups.mentions):
        return "group"
    lower = anchor.lower_
    if anchor.ent_type_ == "PERSON" or lower in _PERSON_PRONOUNS:
        return "person"
    if anchor.ent_type_ == "NORP" or lower in _GROUP_PRONOUNS or (
            anchor.tag_ in {"NNS", "NNPS"} and anchor.lemma_.lower() in group_words().people_nouns):
        return "group"
    if anchor.ent_type_ in _ORG_PLACE:
        return "org_place"
    if anchor.pos_ in {"NOUN", "PROPN"}:
        return "thing"
    return "none"


def _construction(span: Span) -> str:
    root = span.root
    if root.dep_ in {"attr", "acomp", "oprd"} and root.head.lemma_.lower() in _COPULA:
        return "copula"  # the predicate itself: 'a cancer'
    if root.lemma_.lower() in _COPULA and any(c.dep_ in {"attr", "acomp"} for c in root.children):
        return "copula"  # the whole statement: 'These Sarnians are a cancer'

    if root.dep_ in {"amod", "compound", "nmod", "appos"}:
        return "modifier"
    if root.pos_ == "VERB":
        return "verb"
    return "other"


def _negated(span: Span) -> bool:
    root = span.root
    heads = (root, root.head)
    return any(child.dep_ == "neg" for head in heads for child in head.children)


@dataclass(frozen=True)
class _DocIndex:
    """Per-Doc look-ups shared by every finding of one run."""

    paragraph_starts: list[int]
    quote_spans: list[tuple[int, int]]
    groups: GroupIndex
    words: int


def _doc_index(context: DocContext) -> _DocIndex:
    def build() -> _DocIndex:
        text = context.text
        starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
        quotes = sorted((q.start, q.end) for q in context_quotes(context))
        words = sum(1 for t in context.doc if not t.is_punct and not t.is_space)
        return _DocIndex(starts, quotes, group_index(context, None), max(words, 1))
    return context.memo("finding_features", build)


def _company(findings: Sequence[Finding], unit_of: Sequence[int]) -> list[int]:
    """For each finding, the supportive cues of another rule at other words in its unit
    (sentence or paragraph), counted within each unit only."""
    members: dict[int, list[int]] = {}
    for i, unit in enumerate(unit_of):
        members.setdefault(unit, []).append(i)
    found = [0] * len(findings)
    for group in members.values():
        for i in group:
            finding = findings[i]
            found[i] = sum(
                1 for j in group if j != i and findings[j].rule != finding.rule
                and findings[j].technique not in UNSUPPORTIVE_TECHNIQUES
                and (findings[j].end <= finding.start or findings[j].start >= finding.end))
    return found


def finding_facts(context: DocContext, findings: Sequence[Finding]) -> list[FindingFacts]:
    """The facts of each finding of one run (the others are its company)."""
    index = _doc_index(context)
    doc = context.doc
    first_line_end = context.text.find("\n")
    spans = [_span(context, f) for f in findings]
    sentence_of = [context.sentence_range(s.start)[0] if s is not None else -1 for s in spans]
    paragraph_of = [bisect.bisect_right(index.paragraph_starts, f.start) for f in findings]
    density = 100 * (len(findings) + TYPICAL_CUES_PER_100_WORDS * DENSITY_PRIOR_WORDS / 100) / (
        index.words + DENSITY_PRIOR_WORDS)
    sentence_cues = _company(findings, sentence_of)
    paragraph_cues = _company(findings, paragraph_of)
    facts = []
    for i, (finding, span) in enumerate(zip(findings, spans, strict=True)):
        in_sentence = sentence_cues[i]
        in_paragraph = paragraph_cues[i] - in_sentence
        inside = any(start <= finding.start and finding.end <= end
                     for start, end in index.quote_spans)
        if span is None:
            facts.append(FindingFacts(finding.voice == "quoted", inside, in_sentence,
                                      in_paragraph, density, "none", "other", False, False,
                                      False, False, False, 0))
            continue
        sentence = doc[slice(*context.sentence_range(span.start))]
        lowered = {t.lower_ for t in sentence}
        facts.append(FindingFacts(
            quoted_voice=finding.voice == "quoted",
            inside_quote=inside,
            sentence_cues=in_sentence,
            paragraph_cues=max(in_paragraph, 0),
            doc_density=density,
            target=_target_kind(_anchor(span), index.groups, finding.target),
            construction=_construction(span),
            negated=_negated(span),
            question=sentence.text.rstrip().endswith("?"),
            first_person=bool(lowered & _FIRST_PERSON),
            headline=first_line_end > 0 and finding.start < first_line_end,
            literal_sense=finding.text.lower() in _literal_terms(),
            tokens=len(span),
        ))
    return facts
