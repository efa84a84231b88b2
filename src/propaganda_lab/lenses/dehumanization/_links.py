"""Parse helpers shared by the lens's rules: who takes part in a verb, and building Findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from propaganda_lab.context import context_for, doc_text
from propaganda_lab.findings import Finding, finding_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from propaganda_lab.lenses.dehumanization.groups import GroupIndex, GroupMention

_AGENT_DEPS = {"nsubj", "csubj"}
_PATIENT_DEPS = {"nsubjpass", "dobj", "obj", "dative"}
_COPULAS = {"be", "become", "remain", "seem", "stay"}


def participants(verb: Token) -> list[tuple[Token, str]]:
    """(token, 'agent' | 'patient') for a verb, inheriting a shared subject ('X came and
    stole') and reading reduced clauses ('tesks shipped in', 'Teskari pouring over')."""
    found: list[tuple[Token, str]] = []
    for child in verb.children:
        if child.dep_ in _AGENT_DEPS:
            found.append((child, "agent"))
        elif child.dep_ in _PATIENT_DEPS:
            found.append((child, "patient"))
        elif child.dep_ == "agent":
            found.extend((pobj, "agent") for pobj in child.children if pobj.dep_ == "pobj")
    if verb.dep_ == "acl" and verb.head is not verb:
        found.append((verb.head, "patient" if verb.tag_ == "VBN" else "agent"))
    has_subject = any(role == "agent" or t.dep_ == "nsubjpass" for t, role in found)
    if not has_subject and verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        found.extend(_inherited(verb))
    return found


def _inherited(verb: Token) -> list[tuple[Token, str]]:
    """A conjoined or controlled verb shares its head's subject: 'shipped in, unloaded and
    dumped' are all done to the same busloads; 'came and were arrested' turns agent to patient."""
    head = verb.head
    has_aux = any(c.dep_ == "aux" for c in (*verb.children, *head.children))
    passive = any(child.dep_ == "auxpass" for child in verb.children) or (
        verb.dep_ == "conj" and verb.tag_ == "VBN" and not has_aux
    )
    inherited = []
    for token, role in participants(head):
        # subjects, and participants the head itself inherited or modifies (not its objects)
        if token.dep_ in {"nsubj", "nsubjpass"} or token.head.i != head.i:
            inherited.append((token, "patient" if passive and verb.dep_ == "conj" else role))
    return inherited


def group_roles(verb: Token, index: GroupIndex) -> list[tuple[GroupMention, str, Token]]:
    """The group mentions among a verb's participants, with their role and token."""
    result = []
    for token, role in participants(verb):
        mention = index.at(token)
        if mention is not None and not mention.attributive:
            result.append((mention, role, token))
    return result


def is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def copula_subject(predicate: Token) -> Token | None:
    """'They are a burden': the subject of the copula a predicate noun/adjective hangs on."""
    if predicate.dep_ == "conj":
        predicate = predicate.head
    if predicate.dep_ not in {"attr", "acomp", "oprd"}:
        return None
    verb = predicate.head
    if verb.lemma_.lower() not in _COPULAS or is_negated(verb):
        return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


#: Modals that make a clause a call for action ('they should be ...', 'they must be ...').
_CALL_MODALS = {"should", "must", "ought", "need", "needs", "gotta", "shall"}
#: Modals that call for action only with 'I' or 'we' as the subject ('we will ...').
_FIRST_PERSON_MODALS = {"will", "'ll", "would", "'d"}
#: Heads of a 'to' clause that call for it ('need to be ...', 'deserve to be ...').
_CALLING_HEADS = {"need", "deserve", "have", "want", "ought", "time", "wanna"}
FIRST_PERSON = {"i", "we", "us", "me", "our", "my"}


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def calls_for(verb: Token) -> bool:
    """Whether a clause calls for its act instead of reporting it: 'they should be caged',
    'must be exterminated', 'deserve to be treated like ...', an imperative ('Cage them'),
    'we will ...', 'let's ...'. A report of what was done ('were caged') does not."""
    for _ in range(3):
        auxes = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        if any(a in _CALL_MODALS for a in auxes):
            return True
        subject = _subject_of(verb)
        if any(a in _FIRST_PERSON_MODALS for a in auxes) and subject is not None \
                and subject.lower_ in FIRST_PERSON:
            return True
        if verb.tag_ == "VB" and subject is None and verb.dep_ == "ROOT" and not auxes:
            return True  # an imperative: 'Exterminate them'
        if any(c.lower_ in {"let", "let's"} for c in verb.children) or \
                (verb.head.lower_ in {"let", "let's"} and verb.head is not verb):
            return True
        if verb.dep_ in {"xcomp", "ccomp", "conj", "acl", "relcl"} and verb.head is not verb:
            if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CALLING_HEADS:
                return True
            if verb.dep_ in {"acl", "relcl"} and verb.head.lemma_.lower() == "time" and \
                    verb.head.dep_ == "attr":
                return True  # "it's time to exterminate them"
            if verb.dep_ in {"xcomp", "conj"}:
                verb = verb.head
                continue
        return False
    return False


def hyphen_word(token: Token, spaced: frozenset[str] = frozenset()) -> str | None:
    """'rat-infested', 'sub-human': the hyphenated word a token ends (spaCy splits it); with
    ``spaced`` prefixes also a word written apart ('sub humans' -> 'sub-humans')."""
    doc = token.doc
    if token.i >= 1 and doc[token.i - 1].lower_ in spaced and doc[token.i - 1].whitespace_:
        return f"{doc[token.i - 1].lower_}-{token.lower_}"
    if token.i < 2 or doc[token.i - 1].text not in {"-", "‐", "–"}:
        return None
    before, dash = doc[token.i - 2], doc[token.i - 1]
    if before.whitespace_ or dash.whitespace_:
        return None
    return f"{before.lower_}-{token.lower_}"


def chunk_bounds(token: Token) -> tuple[int, int]:
    """Token range of the noun phrase a token heads (left modifiers included)."""
    found = context_for(token.doc).chunk_by_root.get(token.i)
    if found is not None:
        return found
    return token.left_edge.i if token.left_edge.i >= token.i - 3 else token.i, token.i + 1


def finding(
    doc: Doc, first: int, last: int, technique: str, evidence: str, *, category: str | None,
    target: str, rule: str,
) -> Finding:
    """A Finding over tokens ``first..last`` (inclusive); ``findings.normalise`` trims it."""
    first, last = min(first, last), max(first, last)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return finding_at(doc_text(doc), start, end, technique, evidence, category=category,
                      target=target, rule=rule)


def quote(token_or_text: Token | str) -> str:
    text = token_or_text if isinstance(token_or_text, str) else token_or_text.text
    return f"‘{text}’"
