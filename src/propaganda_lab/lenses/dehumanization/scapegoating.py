"""Conspiracy scapegoating: a named group cast as the hidden power steering events.

A finding needs both a cue (``data/lexicons/conspiracy_cues.json``: hidden control such as
"pulling the strings" or "they control the media", a veto such as "would never allow",
collective blame such as "are to blame", a say over another people's affairs such as "decides
whether our troops come home") and a group where the cue says it must be: in the same
sentence, as the subject of the cue's verb, right before it ("X-controlled"), as the 'by'
object ("controlled by X"), as the owner of the puppets ("X's puppets") or as the one the
puppet-master noun is said of ("X are the puppet masters"). The cue alone is ordinary politics
talk, the group alone is ordinary reporting; together they blame a hidden enemy with no
evidence shown. Each explanation names the group, the move and the evidence words.

The accused is the group the sentence makes the hidden power, never the one it casts as the
tool: in "the Circle uses the Teskari as pawns" the Circle is accused, not the Teskari. When no
group is named by the learner, plotter nouns ("the cabal", "a secret group"), peoples and
organisations the group lexicon does not know, and ambiguous code words ("globalists") can be
the accused. Coded words that are never innocent ("ZOG", the triple-parentheses echo) are
findings of their own (``coded_terms.json``, with the published descriptions they rest on).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher, PhraseMatcher

from propaganda_lab.context import (
    DocContext,
    anchored_matches,
    context_for,
    pattern_anchors,
    per_vocab,
    tokenizer_for,
    tokens_of,
)
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.lenses.dehumanization._links import chunk_bounds as chunk_of
from propaganda_lab.lenses.dehumanization.groups import group_index, sentence_range
from propaganda_lab.lenses.dehumanization.lexicons import coded_terms
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from propaganda_lab.lenses.dehumanization.groups import GroupIndex

CODED_RULE = "conspiracy_scapegoating.coded_term"
ECHO_RULE = "conspiracy_scapegoating.echo"
#: The echo symbol (((name))), as the masking of every display matches it.
_ECHO = re.compile(r"\(\s*\(\s*\(\s*([^()\n]{1,60}?)\s*\)\s*\)\s*\)")
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
_CLEFT_HEADS = {"who", "that", "which"}


@lru_cache(maxsize=1)
def conspiracy_cues() -> dict[str, Any]:
    """The cue lexicon, validated against its schema (errors name file, line and field)."""
    return load_json("data/lexicons/conspiracy_cues.json", "conspiracy_cues.schema.json")


@lru_cache(maxsize=1)
def _plot_anchors() -> frozenset[str] | None:
    """Words one of which every cue needs: sentences without any are not searched."""
    return pattern_anchors(p for cue in conspiracy_cues()["cues"] for p in cue["patterns"])


@per_vocab
def _plot_matcher(vocab: Vocab) -> Matcher:
    """Built once per vocab."""
    matcher = Matcher(vocab)
    for cue in conspiracy_cues()["cues"]:
        matcher.add(cue["name"], cue["patterns"])
    return matcher


@per_vocab
def _code_matcher(vocab: Vocab) -> PhraseMatcher:
    """Every coded form, matched case-insensitively (built once per vocab)."""
    nlp = tokenizer_for(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for form in coded_terms().forms:
        matcher.add(form, [nlp.make_doc(form)])
    return matcher


def _cue_rule(name: str) -> str:
    return "conspiracy_scapegoating." + name.replace(" ", "_").replace("-", "_")


def _cue_rules() -> dict[str, str]:
    rules = {_cue_rule(cue["name"]):
             f"Cue ({cue['name']}) that {cue.get('move', 'casts a group as a hidden power')}, "
             f"with the group {_ROLE_WORDS[cue.get('group_role', 'sentence')]}."
             for cue in conspiracy_cues()["cues"]}
    rules[CODED_RULE] = ("A code word of antisemitic or white-supremacist conspiracy talk that "
                         "is never innocent ('ZOG'), with what it stands for and its sources.")
    rules[ECHO_RULE] = ("The triple-parentheses 'echo' around a name, which marks its bearer "
                        "as Jewish to suggest a hidden Jewish hand.")
    return rules


_ROLE_WORDS = {"sentence": "in the same sentence",
               "nearby": ("in the same sentence, the one before it, or the one after it that "
                          "says the group did it"),
               "subject": "as the subject of its verb",
               "modifier": "named right before it",
               "agent": "as the 'by' object of its verb",
               "owner": "as the owner of the puppets or pawns",
               "accused": "as the one the cue's noun is said of",
               "tool": "as the tool (or, when none is named, as its user)"}


@detector("dehumanization.scapegoating", techniques=["conspiracy_scapegoating"],
          rules=_cue_rules)
def _scapegoating_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """A plotting, control or blame cue tied to a group mention; coded conspiracy words."""
    return scapegoating_in(context.doc, options.group_terms or (),
                           group_index(context, options.group_terms))


# --------------------------------------------------------------------------- who can be accused


@dataclass(frozen=True)
class Accused:
    """A group that can be the accused: a group mention (``kind`` its mention kind), an entity
    the group lexicon does not know (``named``, with its ``entity_label``), a plotter noun
    phrase (``plotter``: 'the cabal') or an ambiguous code word (``code``: 'globalists')."""

    start: int
    end: int
    display: str
    label: str
    tokens: frozenset[int]
    kind: str
    entity_label: str = ""
    code: str = ""


class _Candidates:
    """Everything in a Doc that can be the accused, by token."""

    def __init__(self, items: Iterable[Accused], doc: Doc | None = None,
                 named: bool = False) -> None:
        self.doc = doc
        #: The learner named the group: only its mentions can be accused.
        self.named = named
        self.items = list(items)
        self.by_token: dict[int, Accused] = {}
        for item in sorted(self.items, key=lambda a: a.end - a.start):
            for i in item.tokens:
                self.by_token.setdefault(i, item)

    def at(self, token: Token | None) -> Accused | None:
        """The candidate a token belongs to, looking through 'of' and 'who'."""
        if token is None:
            return None
        found = self.by_token.get(token.i)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in self.by_token:
                        return self.by_token[pobj.i]
        if token.lower_ in _CLEFT_HEADS and token.head.dep_ == "relcl":
            return self.at(token.head.head)
        if token.dep_ == "appos" and token.head is not token:
            return self.by_token.get(token.head.i)  # 'X, the same small club that ...'
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in {
                "NOUN", "PROPN"}:
            return self.at(token.head.head)  # 'the club of fixers that ...'
        return None


def _span_tokens(doc: Doc, start: int, end: int) -> frozenset[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return frozenset(range(span.start, span.end)) if span is not None else frozenset()


def _candidates(doc: Doc, index: GroupIndex, untold: bool) -> _Candidates:
    lexicon = conspiracy_cues()
    kinds = set(lexicon["scapegoat_mention_kinds"])
    codes = coded_terms().forms
    items = [Accused(m.start, m.end, m.display, m.label, _span_tokens(doc, m.start, m.end),
                     m.kind, code=codes[m.text.lower()]["term"] if m.text.lower() in codes else "")
             for m in index.mentions if m.kind in kinds and not m.attributive]
    if not untold:
        return _Candidates(items, doc, named=True)
    labels = set(lexicon["group_entity_labels"]) | set(lexicon["foreign_entity_labels"])
    taken = {i for item in items for i in item.tokens}
    items += [Accused(e.start_char, e.end_char, e.text, e.text, frozenset(range(e.start, e.end)),
                      "named", e.label_) for e in doc.ents
              if e.label_ in labels and not taken & set(range(e.start, e.end))]
    items += _plotters(doc)
    items += _ambiguous_codes(doc)
    return _Candidates(items, doc)


def _plotters(doc: Doc) -> list[Accused]:
    """'the cabal', 'the elites', 'a secret group', 'a small circle of bankers'."""
    lexicon = conspiracy_cues()
    plotters, collective = set(lexicon["plotter_nouns"]), set(lexicon["collective_nouns"])
    secret = set(lexicon["secret_adjectives"])
    found = []
    for token in tokens_of(doc):
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        lemma = token.lemma_.lower()
        named = token.lower_ in plotters or lemma in plotters or (
            (lemma in collective or token.lower_ in collective)
            and any(c.dep_ in {"amod", "compound"} and c.lower_ in secret for c in token.children))
        if named:
            first = min([token.i] + [c.i for c in token.children
                                     if c.dep_ in {"amod", "compound", "det", "nmod"}
                                     and c.i < token.i])
            span = doc[first : token.i + 1]
            found.append(Accused(span.start_char, span.end_char, span.text, span.text,
                                 frozenset(range(span.start, span.end)), "plotter"))
    return found


def _ambiguous_codes(doc: Doc) -> list[Accused]:
    """Code words with an ordinary sense ('globalists'): candidates, never findings alone."""
    forms = coded_terms().forms
    found = []
    for key, start, end in _code_matcher(doc.vocab)(doc):
        entry = forms[doc.vocab.strings[key]]
        if entry["ambiguous"]:
            span = doc[start:end]
            found.append(Accused(span.start_char, span.end_char, span.text, span.text,
                                 frozenset(range(start, end)), "code", code=entry["term"]))
    return found


# --------------------------------------------------------------------------- where the cue puts it


def _tool(token: Token) -> bool:
    """A token the sentence casts as a tool, never the accused: the object of 'use',
    'control', 'manipulate' ('X use the Y as pawns'), or what 'as' / 'like' compares to a tool."""
    verbs = set(conspiracy_cues()["control_verbs"])
    tools = set(conspiracy_cues()["tool_nouns"])
    if token.dep_ in {"dobj", "nsubjpass"} and token.head.lemma_.lower() in verbs:
        return True
    if token.dep_ == "pobj" and token.head.lower_ in {"as", "like"}:
        return True
    if token.dep_ in {"compound", "amod"} and token.head.dep_ in {"nsubj", "nsubjpass"}:
        token = token.head  # 'the Teskari workers are its pawns'
    if token.dep_ == "nsubj" and token.head.lemma_ == "be":
        return any(c.dep_ == "attr" and c.lemma_.lower() in tools for c in token.head.children)
    return False


def _own_subject(span: Span, candidates: _Candidates, labels: set[str]) -> Accused | None:
    """The subject of the cue's own verb (not of a verb it hangs on: 'X say the banks ...');
    'it is X who decides' gives X."""
    for token in span:
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                found = candidates.at(_cleft(child))
                if found is not None and _allowed(found, labels):
                    return found
        if token.dep_ in {"aux", "auxpass"}:
            return _own_subject(token.doc[token.head.i : token.head.i + 1], candidates, labels)
    root = span.root
    if root.dep_ in {"prep", "advmod", "npadvmod"} and root.head is not root and \
            root.head.pos_ in {"VERB", "AUX"}:  # 'the X work behind the scenes'
        return _own_subject(span.doc[root.head.i : root.head.i + 1], candidates, labels)
    return None


def _named_first(found: Accused | None, candidates: _Candidates) -> Accused | None:
    """'the Gallow Circle, the same small club that ...': a plotter phrase set beside a named
    group stands for it."""
    if found is None or found.kind != "plotter":
        return found
    for i in found.tokens:
        token = candidates_doc(candidates, i)
        if token is not None and token.dep_ == "appos":
            named = candidates.at(token.head) or _named_phrase(token.head)
            if named is not None and named is not found:
                return named
    return found


def candidates_doc(candidates: _Candidates, i: int) -> Token | None:
    return candidates.doc[i] if candidates.doc is not None else None


def _named_phrase(token: Token | None) -> Accused | None:
    """A proper-noun phrase in the plotter's place that no lexicon knows ('the Gallow
    Circle'): the accused, unless it names one person or a place."""
    if token is None or token.pos_ != "PROPN" or token.ent_type_ not in {"", "ORG", "NORP"}:
        return None  # a person, or a state (states are the foreign-hand cues' business)
    first, end = chunk_of(token)
    span = token.doc[first:end]
    return Accused(span.start_char, span.end_char, span.text, span.text,
                   frozenset(range(first, end)), "plotter")


def _cleft(subject: Token) -> Token:
    """'It is X that decides': the subject 'that' stands for X."""
    verb = subject.head
    if subject.lower_ in _CLEFT_HEADS and verb.dep_ in {"ccomp", "relcl"} and \
            verb.head.lemma_ == "be":
        attr = next((c for c in verb.head.children if c.dep_ == "attr"), None)
        if attr is not None:
            return attr
    return subject


def _allowed(candidate: Accused, labels: set[str]) -> bool:
    """A group mention or plotter always; an entity the group lexicon does not know only with
    one of the cue's entity labels."""
    return candidate.kind != "named" or candidate.entity_label in labels


def _modifier(span: Span, candidates: _Candidates, labels: set[str]) -> Accused | None:
    """'X-controlled media', 'the Circle's plan': named right before the cue or as its first
    word."""
    for i in (span.start - 1, span.start - 2, span.start):
        found = candidates.by_token.get(i) if i >= 0 else None
        if found is not None and _allowed(found, labels):
            if i == span.start - 2 and span.doc[span.start - 1].text != "-":
                continue
            return found
    return None


def _agent(span: Span, candidates: _Candidates, labels: set[str]) -> Accused | None:
    """'the media are controlled by X', 'media owned by X', 'our leaders take orders from X':
    the 'by' (or 'from') object, when what is controlled is an institution (not 'a shop owned
    by X')."""
    institutions = set(conspiracy_cues()["institution_nouns"])
    verb = span[0]
    controlled = [c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj"}]
    if verb.dep_ == "acl":
        controlled.append(verb.head)
    if not any(t.lemma_.lower() in institutions or t.lower_ in institutions for t in controlled):
        return None
    doc = span.doc
    for child in (*verb.children, *doc[span.end - 1 : span.end]):
        if child.lower_ not in {"by", "from"}:
            continue
        for pobj in child.children:
            found = candidates.at(pobj)
            if found is not None and _allowed(found, labels):
                return found
    if span.end < len(doc):
        found = candidates.at(doc[span.end])
        if found is not None and _allowed(found, labels):
            return found
    return None


def _owner(span: Span, candidates: _Candidates, labels: set[str]) -> Accused | None:
    """'X's puppets', 'the X puppets', 'puppets of X', 'in the pocket of X': whoever owns
    the puppets is the hidden power."""
    noun = span[0] if span[0].lower_ != "in" else None
    doc = span.doc
    if noun is not None:
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "nmod", "amod"} and child.i < noun.i:
                found = candidates.at(child)
                if found is not None and _allowed(found, labels):
                    return found
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                for pobj in child.children:
                    found = candidates.at(pobj) or _named_phrase(pobj)
                    if found is not None and _allowed(found, labels):
                        return found
        return None
    if span.end < len(doc):
        for i in range(span.end, min(span.end + 3, len(doc))):
            found = candidates.by_token.get(i)
            if found is not None and _allowed(found, labels):
                return found
    return None


def _said_of(span: Span, candidates: _Candidates, labels: set[str]) -> Accused | None:
    """'X are the puppet masters', 'the X cabal', 'a cabal of X', the cabal itself."""
    noun = span.root
    itself = candidates.by_token.get(noun.i)
    if itself is not None and itself.kind == "plotter":
        return itself
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "nmod", "amod", "appos"}:
            found = candidates.at(child)
            if found is not None and _allowed(found, labels):
                return found
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                found = candidates.at(pobj)
                if found is not None and _allowed(found, labels):
                    return found
    if noun.dep_ in {"attr", "appos"}:
        head = noun.head
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                found = candidates.at(child)
                if found is not None and _allowed(found, labels):
                    return found
    return None


def _tool_or_user(span: Span, candidates: _Candidates, labels: set[str], named: bool
                  ) -> Accused | None:
    """'The Circle used the X as its tool', 'the X are the tool it uses': a named group is
    reported as the tool it is cast as; with no group named, the user is the hidden power
    (else the tool)."""
    doc = span.doc
    first, end = sentence_range(span[0])
    verb = next((t for t in span if t.lemma_.lower() == "use"), span.root)
    tool = next((candidates.at(c) for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}
                 and candidates.at(c) is not None), None)
    if tool is None:
        tool = next((candidates.by_token[t.i] for t in doc[first:end]
                     if t.i in candidates.by_token and _tool(t)), None)
    if named:
        return tool
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    user = _named_first(candidates.at(subject), candidates) or _named_phrase(subject)
    if user is None:
        user = _in_sentence(span, candidates, labels, False)
    for found in (user, tool):
        if found is not None and _allowed(found, labels):
            return found
    return None


#: Objects that point back at the event the sentence before called no accident ('The X
#: planned it'); a next sentence without one is about something else ('The X lost everything').
_BACK_POINTERS = {"it", "this", "that", "all"}


def _in_sentence(span: Span, candidates: _Candidates, labels: set[str], nearby: bool
                 ) -> Accused | None:
    """The accused among the groups of the sentence (and the ones either side, when ``nearby``):
    the subject of the cue's verb if it is one, else the first group that is a subject in the
    sentence, else the first group; never one the sentence casts as a tool."""
    doc = span.doc
    first, end = sentence_range(span[0])
    if nearby and first > 0:
        first = sentence_range(doc[first - 1])[0]
    if nearby and end < len(doc):  # 'It was no accident. The X planned it.'
        following = sentence_range(doc[end])
        if any(t.dep_ == "dobj" and t.lower_ in _BACK_POINTERS for t in doc[slice(*following)]):
            end = following[1]
    current = span.root
    for _ in range(3):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                found = candidates.at(child)
                if found is not None and _allowed(found, labels) and not _tool(child):
                    return found
        if current.head is current:
            break
        current = current.head
    inside = [c for c in candidates.items if doc[first].idx <= c.start < doc[end - 1].idx + 1
              and _allowed(c, labels) and not any(_tool(doc[i]) for i in c.tokens)]
    if not inside and candidates.named:
        return None
    subjects = [c for c in inside if any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in c.tokens)]
    if not subjects and not candidates.named:  # 'the Gallow Circle has used ...': no lexicon
        subjects = [phrase for t in doc[first:end] if t.dep_ == "nsubj"  # knows the name
                    and (phrase := _named_phrase(t)) is not None]
    if not subjects and not inside:
        return None
    return _named_first(min(subjects or inside, key=lambda c: c.start), candidates)


def _over_others(span: Span, accused: Accused, other_states: bool) -> bool:
    """Whether a decision or veto is cast as a hand over another people's affairs: what is
    decided or allowed has its own subject or object that is ours ('whether our troops come
    home', 'never allow our soldiers to ...') or, with ``other_states``, another state's
    ('whether Y's troops come home'), or the sentence stresses who really decides ('it is X
    that decides', 'only X decides'); never the decider's own next step ('decide whether to
    extend its mission')."""
    doc = span.doc
    verb = next((t for t in span if t.lemma_ in _DECIDING), span[0])
    parties = _decided_parties(verb)
    if not parties:
        return False
    for party in parties:
        owners = [party, *(c for c in party.children if c.dep_ in {"poss", "compound", "amod"})]
        for owner in owners:
            if owner.lower_ in _FIRST_PLURAL and owner.text != "US":
                return True
            if owner.i in accused.tokens:
                continue
            if other_states and (owner.ent_type_ in {"GPE", "NORP"} or owner.text == "US" or (
                    owner.dep_ == "poss" and owner.pos_ == "PROPN")):
                return True
    emphasis = set(conspiracy_cues()["emphasis_words"])
    first = sentence_range(verb)[0]
    before = doc[first : verb.i]
    return any(t.lower_ in emphasis for t in before if t.i not in accused.tokens) or any(
        t.lower_ == "it" and t.i + 1 < verb.i and doc[t.i + 1].lemma_ == "be" for t in before)


_DECIDING = {"decide", "dictate", "determine", "choose", "control", "call", "allow", "let",
             "permit", "tolerate"}


def _decided_parties(verb: Token) -> list[Token]:
    """Who or what a decision or veto is about: the subject of the clause decided ('whether
    our troops come home'), the object allowed ('allow our soldiers to ...'); none for the
    decider's own infinitive ('decide whether to extend')."""
    parties: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"ccomp", "advcl", "xcomp", "acomp"}:
            parties += [c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}]
        elif child.dep_ in {"dobj", "attr"} and child.lower_ not in {"what", "who", "which"}:
            parties.append(child)
    return parties


# --------------------------------------------------------------------------- the findings


def scapegoating_in(doc: Doc, terms: Sequence[str], index: GroupIndex) -> list[Finding]:
    """The rule on one Doc with the group mentions already found.

    A cue whose verb names the plotter as its subject (``subject_is_accused``: 'X is pulling
    the strings') accuses that subject; when the learner named a group and the subject is
    not it, the sentence is not reported for it, so naming a group never pins another's plot
    on it."""
    untold = not terms
    found: dict[int, Finding] = {}
    matches = anchored_matches(context_for(doc), _plot_matcher(doc.vocab), _plot_anchors())
    cues = [(doc.vocab.strings[key], doc[start:end]) for key, start, end in matches]
    candidates = _candidates(doc, index, untold) if cues or untold else _Candidates(())
    lexicon = conspiracy_cues()
    by_name = {cue["name"]: cue for cue in lexicon["cues"]}
    default_labels = set(lexicon["group_entity_labels"])
    for name, cue in sorted(cues, key=lambda item: (item[1].start, -len(item[1]))):
        sentence = cue.sent
        if sentence.start in found:
            continue
        entry = by_name[name]
        accused = _accused(cue, entry, candidates, terms, index, default_labels)
        if accused is None:
            continue
        state = accused.kind == "named" and accused.entity_label in set(
            lexicon["foreign_entity_labels"])
        if entry.get("foreign_hand") and (name == "decides for others" or state) and \
                not _over_others(cue, accused, other_states=not state
                                 and name == "decides for others"):
            continue
        found[sentence.start] = finding_at(
            doc.text, sentence.start_char, sentence.end_char, "conspiracy_scapegoating",
            _evidence(accused, entry, cue), category="conspiracy", target=accused.label,
            rule=_cue_rule(name))
    results = [found[key] for key in sorted(found)]
    if untold:
        results += _coded_findings(doc)
    return sorted(results, key=lambda f: (f.start, f.end))


def _accused(cue: Span, entry: dict[str, Any], candidates: _Candidates,
             terms: Sequence[str], index: GroupIndex, default: set[str]) -> Accused | None:
    role = entry.get("group_role", "sentence")
    labels = set(entry.get("entity_labels", default))
    actor = next((child for token in cue for child in token.children
                  if child.dep_ in {"nsubj", "nsubjpass"} and (
                      child.pos_ != "PRON" or child.lower_ in _CLEFT_HEADS)), None)
    if role in {"sentence", "nearby"} and entry.get("subject_is_accused") and actor is not None:
        # 'X is pulling the strings': the plotter is the verb's subject; when it is not the
        # named group, the named group is not the one accused.
        found = _named_first(candidates.at(actor), candidates)
        if found is not None or terms:
            return found
        found = _named_phrase(actor)  # 'the Gallow Circle is pulling the strings'
        if found is not None:
            return found

    if role in {"sentence", "nearby"}:
        return _in_sentence(cue, candidates, labels, role == "nearby")
    if role == "subject":
        return _own_subject(cue, candidates, labels)
    if role == "modifier":
        return _modifier(cue, candidates, labels)
    if role == "agent":
        return _agent(cue, candidates, labels)
    if role == "owner":
        return _owner(cue, candidates, labels)
    if role == "tool":
        return _tool_or_user(cue, candidates, labels, bool(terms))
    found = _said_of(cue, candidates, labels)
    return found if found is not None else _in_sentence(cue, candidates, labels, False)


def _evidence(accused: Accused, entry: dict[str, Any], cue: Span) -> str:
    move = entry.get("move", "casts the group as a hidden power steering events")
    role = entry.get("group_role", "sentence")
    code = ""
    if accused.code:
        coded = coded_terms().forms[accused.code]
        code = (f" {_quote(accused.display)} is a code word in conspiracy talk: it stands for "
                f"{coded['stands_for']} ({coded_terms().cite(coded)}).")
    where = _ROLE_WORDS[role].replace("as the", "with the group as the")
    return (f"Group: {accused.display}. Move: the sentence {move} ({entry['name']}). Evidence: "
            f"the words '{cue.text}', {where} and no evidence offered.{code}")


def _quote(text: str) -> str:
    return f"‘{text}’"


def _coded_findings(doc: Doc) -> list[Finding]:
    """Code words that are never innocent ('ZOG', 'Khazarian mafia') and the echo symbol."""
    terms = coded_terms()
    found = []
    for key, start, end in _code_matcher(doc.vocab)(doc):
        entry = terms.forms[doc.vocab.strings[key]]
        if entry["ambiguous"] or entry["kind"] == "in_group":
            continue
        span = doc[start:end]
        found.append(finding_at(
            doc.text, span.start_char, span.end_char, "conspiracy_scapegoating",
            f"{_quote(span.text)} is a code of conspiracy talk for {entry['stands_for']}: "
            f"{entry['trope'][0].lower()}{entry['trope'][1:]} (described by "
            f"{terms.cite(entry)}).", category="conspiracy", target=entry["stands_for"],
            rule=CODED_RULE))
    echo = terms.echo
    for match in _ECHO.finditer(doc.text):
        found.append(finding_at(
            doc.text, match.start(), match.end(), "conspiracy_scapegoating",
            f"The triple parentheses around {_quote(match.group(1))} are the 'echo': "
            f"{echo['trope'][0].lower()}{echo['trope'][1:]} (described by {terms.cite(echo)}).",
            category="conspiracy", target=echo["stands_for"], rule=ECHO_RULE))
    return found
