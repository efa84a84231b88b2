"""Find the groups of people a text talks about, including the 'they' that stands for them.

Every other component of the lens asks one question of the parse: *is this word about the
group?* This module answers it once per text with a token -> mention index, so the metaphor,
agency, othering, disgust and evaluation rules all link cues to the same mentions.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from propaganda_lab.context import DocContext, context_for, per_vocab, tokenizer_for, tokens_of
from propaganda_lab.context import sentence_range as sentence_range
from propaganda_lab.lenses.dehumanization.lexicons import (
    NAME_IMAGES,
    epithet_targets,
    group_words,
    metaphor_lexicon,
)
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import clean_group_terms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
#: How far back (in sentences) a 'they' may look for the group it stands for.
_PRONOUN_WINDOW_SENTENCES = 6
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}


@dataclass(frozen=True)
class GroupMention:
    """One reference to a group of people.

    ``kind`` says how it was found: ``term`` (one of the given group terms), ``entity`` (spaCy
    NORP entity), ``demonym`` (a group name from our list: 'liberals', 'Muslims'),
    ``nationality_noun`` (a capitalised demonym used as a noun: 'the Teskari', 'the French'),
    ``people_noun`` (plural noun for people from our list), ``epithet`` (a shipped epithet),
    ``deictic`` ("these people") or ``pronoun`` ("they" resolved to a group).
    ``attributive`` marks a name used as a modifier of a non-person noun ("Pellan villages").
    """

    text: str
    start: int
    end: int
    kind: str
    label: str
    head: int
    antecedent: str | None = None
    attributive: bool = False

    @property
    def display(self) -> str:
        """The mention as a learner should read it: "they (= the Pellani)" for pronouns."""
        if self.antecedent:
            return f"{self.text} (= {self.antecedent})"
        return self.text


@dataclass(frozen=True, eq=False)  # identity hash: a per-text index, used as a cache key
class GroupIndex:
    """The mentions of one text, and which token belongs to which mention."""

    mentions: tuple[GroupMention, ...]
    by_token: dict[int, GroupMention]

    def at(self, token: Token | None) -> GroupMention | None:
        """The mention a token is part of, looking through 'busloads of X' and 'who'."""
        if token is None:
            return None
        found = self.by_token.get(token.i)
        if found is not None:
            return found
        for child in token.children:  # "a flood of Teskari", "busloads of tesks"
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in self.by_token:
                        return self.by_token[pobj.i]
        if token.lower_ in {"who", "that", "which"} and token.head.dep_ == "relcl":
            return self.at(token.head.head)
        return None

    def __bool__(self) -> bool:
        return bool(self.mentions)


def _variants(term: str) -> set[str]:
    term = " ".join(term.split())
    forms = {term, term + "s"}
    if term.lower().endswith("s") and len(term) > 4:
        forms.add(term[:-1])
    return forms


@lru_cache(maxsize=64)
def _term_matcher(terms: tuple[str, ...], vocab: Vocab) -> PhraseMatcher:
    """One PhraseMatcher per set of group terms and vocab (built once)."""
    nlp = tokenizer_for(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    patterns = sorted({form for term in terms for form in _variants(term) if form.strip()})
    if patterns:
        matcher.add("GROUP", [nlp.make_doc(form) for form in patterns])
    return matcher


@per_vocab
def _deictic_matcher(vocab: Vocab) -> PhraseMatcher:
    nlp = tokenizer_for(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("DEICTIC", [nlp.make_doc(p) for p in group_words().deictic_phrases])
    return matcher


def _epithets_for(terms: Sequence[str] | None) -> dict[str, str]:
    """Shipped epithets (epithet -> label); with group terms, only those aimed at that group."""
    targets = epithet_targets()
    if terms is None:
        return {epithet: target or epithet for epithet, target in targets.items()}
    wanted = {t.lower() for t in terms}
    return {
        epithet: target
        for epithet, target in targets.items()
        if target is not None and target.lower() in wanted and epithet not in wanted
    }


def _chunk_of(token: Token) -> Span | None:

    bounds = context_for(token.doc).chunk_by_token.get(token.i)
    return token.doc[bounds[0] : bounds[1]] if bounds else None


def _mention_from_span(span: Span, kind: str, label: str) -> GroupMention:
    """Widen a matched name to its noun phrase head: "Teskari" -> "Teskari workers"."""
    doc = span.doc
    last = span[-1]
    start, end, head = span.start, span.end, last
    attributive = False
    if last.dep_ in _MODIFIER_DEPS and last.head.i >= span.end and last.head.pos_ in {
        "NOUN", "PROPN"
    }:
        noun = last.head
        if noun.lower_ in group_words().people_nouns or noun.lemma_.lower() in {"people", "family"}:
            end, head = noun.i + 1, noun
        else:
            attributive = True  # "Pellan villages", "the Teskari flood": a modifier, not people
    piece = doc[start:end]
    return GroupMention(piece.text, piece.start_char, piece.end_char, kind, label, head.i,
                        attributive=attributive)


def _named_mentions(doc: Doc, terms: Sequence[str] | None) -> list[GroupMention]:
    found: list[tuple[Span, str, str]] = []
    if terms:
        for _, start, end in _term_matcher(tuple(sorted(set(terms))), doc.vocab)(doc):
            found.append((doc[start:end], "term", doc[start:end].text))
    else:
        peoples = [ent for ent in doc.ents if ent.label_ == "NORP"]
        names = {ent.text for ent in peoples if plausible_group_name(ent)}
        for ent in peoples:  # a name opening a sentence counts if it stands as one elsewhere
            if ent.text in names:
                found.append((ent, "entity", ent.text))
        found += _demonym_mentions(doc)
        people = group_words().people_nouns
        for token in tokens_of(doc):
            if token.pos_ in {"NOUN", "PROPN"} and token.lower_ in people and \
                    not _everyone(token):
                chunk = _chunk_of(token)
                if chunk is not None and chunk.root.i == token.i:
                    first = next((t for t in chunk if t.dep_ not in {"det", "predet"}), token)
                    found.append((doc[first.i : token.i + 1], "people_noun", token.lemma_.lower()))
                else:
                    found.append((doc[token.i : token.i + 1], "people_noun", token.lemma_.lower()))
    epithets = _epithets_for(terms)
    for token in tokens_of(doc):
        if token.lower_ in epithets:
            found.append((doc[token.i : token.i + 1], "epithet", epithets[token.lower_]))
    kinds = {(span.start, span.end): (kind, label) for span, kind, label in found}
    kept = filter_spans([span for span, _, _ in found])
    return [_mention_from_span(span, *kinds[(span.start, span.end)]) for span in kept]


#: Endings of a people's name used as a plural noun or an adjective ('Somalis', 'Kurdish').
_PLURAL_ENDINGS = ("ans", "ians", "ese", "ish", "ch", "i", "is", "ites", "ists", "ers", "ics")
_ADJECTIVE_ENDINGS = ("an", "ian", "ic", "ish", "ese", "i", "ist")
#: Determiners that make one member stand for the whole people ('every Sarnian').
_EVERY = {"every", "each", "any"}


def _common(token: Token) -> bool:
    """A singular demonym used as a common noun ('a Muslim', 'the Jew', 'jew'), not as a
    person's name ('Dane Orvell')."""
    return token.pos_ == "NOUN" or token.text.islower() or any(
        c.dep_ == "det" for c in token.children)


def known_demonym(word: str) -> bool:
    """A listed demonym, its singular or its plural ('somali', 'somalis')."""
    demonyms = group_words().demonyms
    return word in demonyms or f"{word}s" in demonyms or (
        word.endswith("s") and word[:-1] in demonyms)


def plausible_group_name(span: Span) -> bool:
    """Whether a NORP entity of spaCy's small model reads as a group's name.

    The model tags odd words as peoples ('geese', 'Congrats', a mock-dialect spelling at the
    start of a sentence). A name counts when it is a listed demonym (or its singular or
    adjective form: 'Somali', 'Kurdish'), or when it is written as a name in mid-sentence
    (capitalised, not the sentence's first word, more than three letters) with the ending of a
    people's name ('Pellani', 'Sarnians') or after 'the' ('the Orrin'). An eye-dialect spelling
    ('dem') never counts."""
    words = [t for t in span if t.is_alpha]
    if not words:
        return False
    dialect = group_words().dialect_spellings
    if any(t.lower_ in dialect for t in words):
        return False
    if any(known_demonym(t.lower_) for t in words):
        return True
    last = words[-1]
    text = last.text
    if not text[:1].isupper() or text.isupper() or len(text) <= 3:
        return False
    first, end = context_for(span.doc).sentence_range(last.i)
    if next((t.i for t in span.doc[first:end] if t.is_alpha), None) == last.i and \
            not _plural_subject(last):
        return False  # capitalised only because it opens the sentence
    word = last.lower_
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    # 'every Sarnian', 'each Pellani': one member standing for the whole people
    every = before in _EVERY and word.endswith(_ADJECTIVE_ENDINGS)
    return before == "the" or every or word.endswith(_PLURAL_ENDINGS) or (
        last.pos_ == "ADJ" and word.endswith(_ADJECTIVE_ENDINGS))


#: Verb forms that make their subject plural ('Pellani are', 'Teskari multiply').
_PLURAL_VERB_TAGS = {"VBP"}
_PLURAL_AUXILIARIES = {"are", "were", "have", "do", "'re", "’re"}


def _plural_subject(token: Token) -> bool:
    """A sentence-opening name that is the subject of a plural verb ('Sarnians are not
    people', 'Teskari multiply'): a people spoken of as a whole, not a name that is only
    capitalised because it opens the sentence ('Congrats', a surname that says something)."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    return verb.tag_ in _PLURAL_VERB_TAGS or verb.lower_ in _PLURAL_AUXILIARIES or any(
        child.dep_ in {"aux", "auxpass"} and (
            child.tag_ in _PLURAL_VERB_TAGS or child.lower_ in _PLURAL_AUXILIARIES)
        for child in verb.children)


def _everyone(token: Token) -> bool:
    """'people always forget', 'the people want change': 'people' with nothing that says
    which people is everyone (or the speaker's own side), not a group the text singles out."""
    if token.lower_ != "people":
        return False
    return not any(c.dep_ in {"amod", "compound", "nmod", "poss", "prep", "relcl", "acl", "nummod"}
                   for c in token.children)


#: Dependencies of a word standing as a noun phrase of its own (not modifying another noun).
_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative"}


#: Entity types spaCy's small model gives invented peoples' names ('the Vossari' as GPE,
#: 'the Kelmites' as PERSON): a name read from how it is used may carry any of them.
_NAME_ENTITY_TYPES = {"", "NORP", "ORG", "PERSON", "GPE"}


def _demonym_mentions(doc: Doc) -> list[tuple[Span, str, str]]:
    """Group names spaCy's NORP entities miss: listed demonyms ('liberals', 'globalists'), a
    capitalised word with a demonym ending used as a noun after 'the' ('the Teskari'), any
    capitalised name after 'the' that is the subject of a plural verb ('the Hask are', 'the
    Vossari own'), and every other use of a name found so (its modifier use included:
    'Vossari roaches')."""
    words = group_words()
    found = []
    names: set[str] = set()
    for token in tokens_of(doc):
        if token.pos_ in {"NOUN", "PROPN"} and (token.lower_ in words.demonyms or (
                f"{token.lower_}s" in words.demonyms and len(token) > 3 and _common(token))):
            found.append((doc[token.i : token.i + 1], "demonym", token.text))
        elif _read_as_name(token, words.demonym_suffixes) or _name_as_modifier(token):
            found.append((doc[token.i : token.i + 1], "nationality_noun", token.text))
            names.add(token.text)
    if names:
        taken = {span.start for span, _, _ in found}
        for token in tokens_of(doc):
            if token.i not in taken and token.text in names and token.pos_ != "VERB":
                found.append((doc[token.i : token.i + 1], "nationality_noun", token.text))
    return found


#: Endings of a people's name used before a noun ('Drunaian rats', 'Vossari traders'); not
#: '-ch' ('March rally') nor '-s' (a plural is no modifier).
_MODIFIER_NAME_ENDINGS = ("ian", "ani", "ari", "ese", "ish", "ite", "lander")


def _names_creatures_or_people(noun: Token) -> bool:
    """A noun for people or for the creatures people are likened to ('parasites', 'rats',
    'workers'), not for things ('those Apple products')."""
    lemma = noun.lemma_.lower()
    cue = metaphor_lexicon().nouns.get(lemma) or metaphor_lexicon().nouns.get(noun.lower_)
    return (cue is not None and cue.category in NAME_IMAGES) or \
        noun.lower_ in group_words().people_nouns or lemma in group_words().people_nouns


def _name_as_modifier(token: Token) -> bool:
    """A capitalised word with a people's-name ending put before a noun ('Drunaian rats',
    'Quellander engineers'), or after 'these'/'those' ('these Hask parasites'): an invented
    people's name often comes only in this use, whatever entity type the model guesses."""
    if not (token.dep_ in {"compound", "amod"} and token.head.pos_ == "NOUN"
            and token.head.i == token.i + 1 and token.text[:1].isupper()
            and not token.is_upper and len(token) > 3 and token.is_alpha):
        return False
    # 'these Hask parasites': a demonstrative before a name and a noun points at people
    pointed = token.i > 0 and token.doc[token.i - 1].lower_ in {"these", "those"} and \
        _names_creatures_or_people(token.head)
    return (token.lower_.endswith(_MODIFIER_NAME_ENDINGS) or pointed) and (
        token.ent_type_ in _NAME_ENTITY_TYPES) and not known_demonym(token.lower_)


#: Plural and singular endings that make a capitalised word a people's name wherever it
#: stands ('Kelmites', 'Drunaians'; 'a Kelmite'), not '-i' or '-ese' alone ('a Ferrari').
_PEOPLES_PLURALS = ("ites", "ians", "landers")
_PEOPLES_SINGULARS = ("ite", "ian", "lander")


def _read_as_name(token: Token, suffixes: tuple[str, ...]) -> bool:
    """A capitalised noun read as a people's name from its use: after 'the' with a demonym
    ending, or after 'the' (or opening the sentence, with a demonym ending) as the subject of
    a plural verb; or a plural with a people's ending in mid-sentence, or one after 'a'."""
    if not (token.text[:1].isupper() and not token.is_upper and len(token) > 3
            and token.pos_ in {"ADJ", "PROPN", "NOUN"} and token.dep_ in _NOMINAL_DEPS
            and token.ent_type_ in _NAME_ENTITY_TYPES
            and not any(c.dep_ in {"compound", "amod", "prep"} for c in token.children)):
        return False
    after_the = any(c.dep_ == "det" and c.lower_ == "the" and c.i == token.i - 1
                    for c in token.children)
    plural_people = token.tag_ in {"NNPS", "NNS"} and token.lower_.endswith(_PLURAL_ENDINGS)
    if after_the and _plural_subject(token):
        return True
    if (after_the or _plural_subject(token)) and (
            token.lower_.endswith(suffixes) or plural_people):
        return True
    opening = context_for(token.doc).sentence_range(token.i)[0] == token.i
    # mid-sentence, a capitalised plural with a people's ending ('cleansed of Kelmites'), or
    # one member after 'a' ('find a Kelmite behind it')
    plural_name = token.lower_.endswith(_PEOPLES_PLURALS) and not opening
    one_member = token.lower_.endswith(_PEOPLES_SINGULARS) and token.i > 0 and \
        token.doc[token.i - 1].lower_ in {"a", "an"}
    return plural_name or one_member


def _antecedent(token: Token, heads: dict[int, GroupMention]) -> GroupMention | None:
    """The group a 'they' or 'these people' stands for, when the text leaves no doubt: the
    nearest earlier group mention, unless a plural subject that is not a group comes first
    (then 'they' is probably that), or another group is named as near (from the start of the
    nearest mention's sentence: 'The Pellani met the Orrin. They ...' has no antecedent)."""
    doc = token.doc
    starts = context_for(doc).sentence_starts
    index = bisect.bisect_right(starts, token.i) - 1
    window_start = starts[max(0, index - _PRONOUN_WINDOW_SENTENCES)]
    for i in range(token.i - 1, window_start - 1, -1):
        if i in heads and not heads[i].attributive:
            return _unambiguous(heads[i], token, heads)
        other = doc[i]
        if other.tag_ in {"NNS", "NNPS"} and other.dep_ in {"nsubj", "nsubjpass"}:
            return None
    return None


def _unambiguous(nearest: GroupMention, token: Token, heads: dict[int, GroupMention]
                 ) -> GroupMention | None:
    doc = token.doc
    first = context_for(doc).sentence_range(nearest.head)[0]
    rivals = [heads[i] for i in range(first, token.i) if i in heads
              and not heads[i].attributive and heads[i].label != nearest.label]
    return None if rivals else nearest


def build_index(doc: Doc, group_terms: Sequence[str] | None = None) -> GroupIndex:
    """All group mentions in reading order, pronouns and 'these people' resolved."""
    deictic_spans = {start: end for _, start, end in _deictic_matcher(doc.vocab)(doc)}
    in_deictic = {j for start, end in deictic_spans.items() for j in range(start, end)}
    named = [m for m in _named_mentions(doc, group_terms) if m.head not in in_deictic]
    heads: dict[int, GroupMention] = {m.head: m for m in named}
    taken = {i for m in named for i in range(*_token_range(doc, m))}
    mentions = list(named)
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken:
            i += 1
            continue
        end = deictic_spans.get(i)
        if end is not None or token.lower_ in _PRONOUNS:
            end = end if end is not None else i + 1
            span = doc[i:end]
            head = span.root
            source = _antecedent(token, heads)
            if source is not None or (end - i > 1 and group_terms is None):
                mention = GroupMention(
                    span.text, span.start_char, span.end_char,
                    "deictic" if end - i > 1 else "pronoun",
                    source.label if source else span.text.lower(), head.i,
                    antecedent=(source.antecedent or source.text) if source else None,
                )
                mentions.append(mention)
                heads[head.i] = mention
            i = end
            continue
        i += 1
    mentions.sort(key=lambda m: (m.start, m.end))
    by_token: dict[int, GroupMention] = {}
    for mention in mentions:
        first, last = _token_range(doc, mention)
        for j in range(first, last):
            by_token.setdefault(j, mention)
        by_token[mention.head] = mention
    return GroupIndex(tuple(mentions), by_token)


def group_index(context: DocContext, terms: Sequence[str] | None = None) -> GroupIndex:
    """Group mentions of a Doc for ``terms`` (None: every group found), built once per term
    set and Doc."""
    key = tuple(terms) if terms else None
    return context.memo(("group_index", key), lambda: build_index(context.doc, key))


def _token_range(doc: Doc, mention: GroupMention) -> tuple[int, int]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (mention.head, mention.head + 1)


def find_groups(
    text_or_doc: str | Doc, group_terms: Iterable[str] | None = None
) -> list[GroupMention]:
    """References to groups of people, in reading order.

    Without ``group_terms`` it finds NORP entities (nationalities, religious and political
    groups), listed demonyms and group names ('liberals'), capitalised demonyms used as nouns
    ('the Teskari'), plural nouns for people from our list, the shipped epithets (invented
    and real), distancing phrases ("these people") and a 'they' whose nearest candidate
    antecedent is one of those. :func:`detect_groups` gathers them by group. With
    ``group_terms`` it finds only that group (its terms, its epithets, and pronouns for it).
    """
    doc = to_doc(text_or_doc)
    terms = clean_group_terms(group_terms)
    return list(build_index(doc, terms).mentions)


def group_labels(mentions: Iterable[GroupMention]) -> list[tuple[str, int]]:
    """Detected groups by how often they are mentioned (for a 'pick a group' menu)."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.kind != "pronoun":
            counts[mention.label] = counts.get(mention.label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))


#: How sure the finder is that a mention of each kind names a group of people (a fixed,
#: documented heuristic for ranking and for the report, not a measured probability).
KIND_CONFIDENCE = {
    "term": 1.0, "epithet": 0.9, "entity": 0.8, "demonym": 0.8, "nationality_noun": 0.6,
    "people_noun": 0.5, "deictic": 0.4, "pronoun": 0.0,
}


@dataclass(frozen=True)
class DetectedGroup:
    """One group a text talks about: its label, every mention (pronouns included) and how sure
    the finder is (``confidence``: the best kind's score, plus 0.05 per further named mention,
    at most 0.99; see ``KIND_CONFIDENCE``)."""

    label: str
    mentions: tuple[GroupMention, ...]
    confidence: float

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({m.kind for m in self.mentions}))

    @property
    def named_mentions(self) -> int:
        """Mentions by name (not 'they' or 'these people')."""
        return sum(1 for m in self.mentions if m.kind not in {"pronoun", "deictic"})


def _group_key(label: str) -> str:
    key = label.lower()
    return key[:-1] if key.endswith("s") and len(key) > 4 else key


def groups_from_mentions(mentions: Iterable[GroupMention]) -> list[DetectedGroup]:
    """Mentions gathered by group (pronouns under their antecedent's group), surest first."""
    gathered: dict[str, list[GroupMention]] = {}
    labels: dict[str, str] = {}
    for mention in mentions:
        if mention.attributive:  # "the British government", "Pellan villages": not the people
            continue
        key = _group_key(mention.label)
        gathered.setdefault(key, []).append(mention)
        if mention.kind != "pronoun":
            labels.setdefault(key, mention.label)
    groups = []
    for key, items in gathered.items():
        named = [m for m in items if m.kind != "pronoun"]
        if not named:
            continue
        best = max(KIND_CONFIDENCE.get(m.kind, 0.5) for m in named)
        confidence = min(0.99, best + 0.05 * (len(named) - 1))
        groups.append(DetectedGroup(labels[key], tuple(items), round(confidence, 2)))
    return sorted(groups, key=lambda g: (-g.confidence, -len(g.mentions), g.label.lower()))


def detect_groups(text_or_doc: str | Doc,
                  group_terms: Iterable[str] | None = None) -> list[DetectedGroup]:
    """The groups a text talks about, each with its mentions and a confidence.

    With no ``group_terms`` (the usual case for a pasted article) every kind of mention counts
    (see :class:`GroupMention`); with terms, only that group. Surest and most mentioned first.
    """
    return groups_from_mentions(find_groups(text_or_doc, group_terms))

