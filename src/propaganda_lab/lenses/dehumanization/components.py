"""The non-metaphor components: agency, othering, moral disgust and negative evaluation.

Each is a small set of parse rules around the group mentions found once per text
(``groups.build_index``), so a learner can see exactly which words and which link fired.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.matcher import Matcher

from propaganda_lab.context import (
    DocContext,
    anchored_matches,
    context_for,
    pattern_anchors,
    per_vocab,
    tokens_of,
)
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.lenses.dehumanization._links import (
    chunk_bounds,
    copula_subject,
    doc_text,
    finding,
    group_roles,
    is_negated,
    quote,
)
from propaganda_lab.lenses.dehumanization.groups import (
    GroupIndex,
    GroupMention,
    clean_group_terms,
    group_index,
    sentence_range,
)
from propaganda_lab.lenses.dehumanization.lexicons import (
    agency_words,
    disgust_words,
    group_words,
    metaphor_lexicon,
    negative_valence,
)
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector
from propaganda_lab.roles import Event, Phrase, events_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

_SWEEPING = {"all", "always", "never", "every", "each"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}


# --------------------------------------------------------------------------- agency


@dataclass(frozen=True)
class AgencyProfile:
    """How a group appears in the actions of a text: doing things, or having things done.

    ``as_agent`` counts actions the group does (negated ones are counted apart, in
    ``negated_agent``); ``as_patient`` actions done to it, of which ``passive`` are passives
    with the group as subject and ``agentless`` passives that never say who acted.
    """

    as_agent: int
    as_patient: int
    passive: int
    agentless: int
    negated_agent: int
    events: tuple[tuple[str, Event], ...]
    agent_verbs: tuple[tuple[str, int], ...]
    patient_verbs: tuple[tuple[str, int], ...]

    @property
    def agent_share(self) -> float | None:
        """Share of the group's roles in which it acts (None when it takes part in none)."""
        total = self.as_agent + self.as_patient
        return None if total == 0 else self.as_agent / total


def _overlaps(phrase: Phrase | None, mentions: Iterable[GroupMention]) -> GroupMention | None:
    if phrase is None:
        return None
    for mention in mentions:
        if not mention.attributive and mention.start < phrase.end and phrase.start < mention.end:
            return mention
    return None


def _conj_passives(doc: Doc, index: GroupIndex, known: set[int]) -> list[Event]:
    """'shipped in, unloaded ... and dumped on our towns': roles.events sees the first
    participle; the conjoined ones share its patient, which the lens adds here."""
    extra = []
    for token in tokens_of(doc):
        if token.i in known or token.pos_ != "VERB" or token.dep_ != "conj":
            continue
        for mention, role, _ in group_roles(token, index):
            if role == "patient" and token.tag_ == "VBN":
                extra.append(Event(
                    action=token.lemma_.lower(),
                    verb=Phrase(token.text, token.idx, token.idx + len(token.text)),
                    agent=None,
                    patient=Phrase(mention.text, mention.start, mention.end),
                    sentence=doc[slice(*sentence_range(token))].text, passive=True, agentless=True,
                    rule="conjoined passive: shares the patient of the verb it is joined to",
                ))
                break
    return extra


def _group_events(doc: Doc, index: GroupIndex) -> tuple[tuple[str, Event, GroupMention], ...]:
    """The group's roles in every event, computed once per Doc and group index."""
    # The index is stored with the result, so its id cannot be reused while the entry lives.
    key = ("group_events", id(index))
    return context_for(doc).memo(key, lambda: (_compute_group_events(doc, index), index))[0]


def _compute_group_events(doc: Doc, index: GroupIndex
                          ) -> tuple[tuple[str, Event, GroupMention], ...]:
    found = list(events_of(context_for(doc)))
    verb_spans = [doc.char_span(e.verb.start, e.verb.end, alignment_mode="expand") for e in found]
    known = {span.start for span in verb_spans if span is not None}
    found += _conj_passives(doc, index, known)
    result = []
    for event in sorted(found, key=lambda e: e.verb.start):
        agent = _overlaps(event.agent, index.mentions)
        patient = _overlaps(event.patient, index.mentions)
        if agent is not None:
            result.append(("agent", event, agent))
        if patient is not None:
            result.append(("patient", event, patient))
    return tuple(result)


def agency_from(doc: Doc, index: GroupIndex) -> AgencyProfile:
    roles = _group_events(doc, index)
    agent = [e for role, e, _ in roles if role == "agent" and not e.negated]
    patient = [e for role, e, _ in roles if role == "patient"]
    return AgencyProfile(
        as_agent=len(agent),
        as_patient=len(patient),
        passive=sum(e.passive for e in patient),
        agentless=sum(e.agentless for e in patient),
        negated_agent=sum(1 for role, e, _ in roles if role == "agent" and e.negated),
        events=tuple((role, e) for role, e, _ in roles),
        agent_verbs=tuple(Counter(e.action for e in agent).most_common()),
        patient_verbs=tuple(Counter(e.action for e in patient).most_common()),
    )


def agency(text_or_doc: str | Doc, group_terms: Iterable[str] | None = None) -> AgencyProfile:
    """Counts of the group as agent vs patient, passives with the group as subject, verbs."""
    doc = to_doc(text_or_doc)
    return agency_from(doc, group_index(context_for(doc), clean_group_terms(group_terms)))


def _verb_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.verb.start, event.verb.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _handling_cue(verb: Token) -> str | None:
    """The cargo/livestock verb ('dumped', 'shipped in') this verb is, or None.

    A verb of care, rescue, law, administration, work or election is never one: "were treated",
    "were granted citizenship", "were evacuated" report what was done for or to people."""
    words = agency_words()
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep", "advmod"}}
    places = {g.lemma_.lower() for c in verb.children if c.dep_ in {"prep", "dative"}
              for g in c.children if g.dep_ == "pobj"}
    if places & words.care_context:
        return None  # "delivered to the hospital": care, not cargo
    for particle in words.handling.get(lemma, ()):
        if particle is None:
            return lemma
        if particle in particles:
            return f"{lemma} {particle}"
    return None


def _comparison_object(verb: Token) -> Token | None:
    """'moved like cattle', 'traded as goods': a like/as comparison to an animal or object."""
    nouns = metaphor_lexicon().nouns
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"like", "as"}:
            for pobj in prep.children:
                cue = nouns.get(pobj.lemma_.lower()) if pobj.dep_ == "pobj" else None
                if cue is not None and cue.category in _HANDLED_AS:
                    return pobj
    return None


def _livestock_place(verb: Token) -> Token | None:
    """'housed in sheds', 'kept in pens': the group put where animals or goods are kept."""
    places = agency_words().livestock_places
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "into", "inside", "onto"}:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in places:
                    return pobj
    return None


#: Metaphor categories whose 'like ...' after a passive makes people into things moved about.
_HANDLED_AS = {"animal", "object", "vermin"}


#: Classes of the agency lexicon's 'not_denial' verbs that report persecution of a group.
_PERSECUTION = {"violence", "legal"}


def _persecuted(doc: Doc, index: GroupIndex) -> set[tuple[int, str]]:
    """(sentence start, group) where the sentence reports violence or persecution done to the
    group ('were rounded up, herded onto trains and killed'): handling verbs there describe
    what was done to victims, not a text that treats them as cargo."""
    not_denial = agency_words().not_denial
    found = set()
    for role, event, mention in _group_events(doc, index):
        verb = _verb_token(doc, event)
        if role == "patient" and verb is not None and \
                not_denial.get(verb.lemma_.lower()) in _PERSECUTION:
            found.add((sentence_range(verb)[0], mention.label))
    return found


def _denial_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    findings = []
    text = doc_text(doc)
    not_denial = agency_words().not_denial
    done: set[int] = set()
    victims = _persecuted(doc, index)
    for role, event, mention in _group_events(doc, index):
        if role != "patient" or not event.passive:
            continue
        verb = _verb_token(doc, event)
        if verb is None or (sentence_range(verb)[0], mention.label) in victims:
            continue
        for joined in verb.conjuncts:  # "shipped in ... and dumped on our towns" (VBD tag)
            if joined.i > verb.i and joined.i not in done and _handling_cue(joined) and not any(
                    c.dep_ in {"nsubj", "nsubjpass"} for c in joined.children):
                done.add(joined.i)
                findings.append(finding_at(
                    text, joined.idx, joined.idx + len(joined.text), "denial_of_agency",
                    f"{quote(joined.text)} ({quote(_handling_cue(joined) or '')}, a verb for "
                    f"moving goods) is done to {quote(mention.display)} too, joined to "
                    f"{quote(verb.text)}: people are handled like cargo, not shown acting.",
                    target=mention.display, rule="denial_of_agency.handled"))
        if verb.i in done:
            continue
        cue = _handling_cue(verb)
        like = _comparison_object(verb) if cue is None else None
        if like is not None and verb.lemma_.lower() in not_denial:
            like = None  # "treated like animals" reports what others did to them
        place = _livestock_place(verb) if cue is None and like is None else None
        if cue is None and like is None and place is None:
            continue
        done.add(verb.i)
        start = event.verb.start
        if event.patient and 0 <= event.verb.start - event.patient.end <= 40:
            start = min(event.patient.start, start)
        end = event.verb.end if like is None else like.idx + len(like.text)
        if cue is not None and " " in cue:
            end = max([end] + [c.idx + len(c.text) for c in verb.children
                               if c.lower_ == cue.split(" ", 1)[1] and c.i == verb.i + 1])
        by = (f"; the text names who does it ({quote(event.agent.text)}), yet the verb still "
              "treats the group as a load" if event.agent else
              ", and the text never says who does it")
        if cue is not None:
            why, rule = (f"{quote(event.verb.text)} ({quote(cue)}, a verb for moving goods or "
                         f"livestock) is done to {quote(mention.display)}{by}: people are "
                         "handled like cargo, not shown acting."), "denial_of_agency.handled"
        elif like is not None:
            why, rule = (f"{quote(mention.display)} {quote(event.verb.text)} "
                         f"{quote(like.head.text + ' ' + like.text)}: the group is moved about "
                         "as animals or goods are, never acting itself."
                         ), "denial_of_agency.handled_like"
        else:
            assert place is not None
            why, rule = (f"{quote(mention.display)} {quote(event.verb.text)} "
                         f"{quote(place.head.text + ' ' + place.text)}: the group is put where "
                         "animals or goods are kept, as a thing that is stored, not people "
                         "who live somewhere."), "denial_of_agency.handled_like"
        findings.append(finding_at(text, start, end, "denial_of_agency", why,
                                   target=mention.display, rule=rule))
    findings += _acted_upon_findings(doc, index, done)
    findings += _mindless_findings(doc, index)
    return findings


#: 'Always acted upon': this many passives done to one group in one sentence, none acted.
ACTED_UPON_MIN = 3


def _acted_upon_findings(doc: Doc, index: GroupIndex, done: set[int]) -> list[Finding]:
    """'They are bused in, housed in sheds and sent back': a sentence in which the group is
    only ever done to (three passives or more, no action of its own). Verbs of care, rescue,
    law, administration, work and election do not count towards the three (unless another
    denial rule already flagged them, as in 'housed in sheds')."""
    not_denial = agency_words().not_denial
    per_sentence: dict[tuple[int, str], list[tuple[Token, Event, GroupMention]]] = {}
    acting: set[tuple[int, str]] = set()
    for role, event, mention in _group_events(doc, index):
        verb = _verb_token(doc, event)
        if verb is None:
            continue
        key = (sentence_range(verb)[0], mention.label)
        if role == "agent" and not event.negated:
            acting.add(key)
        elif role == "patient" and event.passive and (
                verb.lemma_.lower() not in not_denial or verb.i in done):
            per_sentence.setdefault(key, []).append((verb, event, mention))
    text = doc_text(doc)
    findings = []
    for key, items in per_sentence.items():
        verbs = {verb.i for verb, _, _ in items}
        if key in acting or len(verbs) < ACTED_UPON_MIN:
            continue
        listed = ", ".join(quote(verb.text) for verb, _, _ in items)
        for verb, event, mention in items:
            if verb.i in done:
                continue
            done.add(verb.i)
            start = event.verb.start
            if event.patient and 0 <= event.verb.start - event.patient.end <= 40:
                start = min(event.patient.start, start)
            findings.append(finding_at(
                text, start, event.verb.end, "denial_of_agency",
                f"In this sentence {quote(mention.display)} is only ever done to ({listed}) "
                "and never does anything: the group is cast as unable to act.",
                target=mention.display, rule="denial_of_agency.always_acted_upon"))
    return findings


@per_vocab
def _mindless_matcher(vocab: Vocab) -> Matcher:
    """Built once per vocab from ``agency_denial.json``."""
    matcher = Matcher(vocab)
    for entry in agency_words().mindless:
        matcher.add(entry["name"], entry["patterns"])
    return matcher


@functools.cache
def _mindless_anchors() -> frozenset[str] | None:
    """Words one of which every phrase needs: other sentences are not searched."""
    return pattern_anchors(p for entry in agency_words().mindless for p in entry["patterns"])


def _governing_subject(token: Token, index: GroupIndex) -> tuple[GroupMention, Token] | None:
    """Up to three heads up from a matched phrase: a verb whose subject is a group mention."""
    current = token
    for _ in range(4):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = index.at(child)
                if mention is not None and not mention.attributive:
                    return mention, current
        if current.head is current:
            return None
        current = current.head
    return None


def _mindless_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    """'They do not think for themselves', 'told what to vote': the group denied a mind."""
    negation_needed = {e["name"]: e["needs_negation"] for e in agency_words().mindless}
    text = doc_text(doc)
    found: dict[tuple[int, int], Finding] = {}
    matches = anchored_matches(context_for(doc), _mindless_matcher(doc.vocab), _mindless_anchors())
    for key, first, last in matches:
        name = doc.vocab.strings[key]
        span = doc[first:last]
        subject = _governing_subject(span.root, index)
        if subject is None:
            continue
        mention, verb = subject
        denied = is_negated(verb) or is_negated(span.root) or any(
            t.lower_ in {"never", "cannot", "no", "nothing"} for t in doc[verb.left_edge.i:last])
        if negation_needed[name] and not denied:
            continue
        sentence = sentence_range(span[0])
        if sentence in found:
            continue
        begin = min(mention.start, span.start_char) if mention.start >= doc[sentence[0]].idx \
            else span.start_char
        found[sentence] = finding_at(
            text, begin, span.end_char, "denial_of_agency",
            f"{quote(span.text)} ({name}) is said of {quote(mention.display)}: the group is "
            "denied a mind and a will of its own, as if its members only did as they were told.",
            target=mention.display, rule="denial_of_agency.mindless")
    return list(found.values())


# --------------------------------------------------------------------------- othering


def _clause_end(verb: Token) -> int:
    """Last token of a verb's own clause (objects, complements), not of joined clauses."""
    last = verb.i
    for child in verb.children:
        if child.i > verb.i and child.dep_ not in {"punct", "cc", "conj", "advcl", "parataxis"}:
            last = max(last, child.right_edge.i)
    return min(last, sentence_range(verb)[1] - 1)


def _subject_mention(verb: Token, index: GroupIndex) -> tuple[GroupMention, Token] | None:
    for mention, role, token in group_roles(verb, index):
        if role == "agent" and token.dep_ == "nsubj" and token.head.i == verb.i:
            return mention, token
    for child in verb.children:
        if child.dep_ == "nsubj":
            subject = index.at(child)
            if subject is not None and not subject.attributive:
                return subject, child
    return None


#: 'after all', 'at all', 'every where': a sweeping word inside an idiom sweeps nothing.
_NOT_SWEEPING_BEFORE = {"after", "at", "above", "for", "of"}
_NOT_SWEEPING_AFTER = {"where", "time", "once", "day"}


def _sweeping(verb: Token, subject: Token) -> str | None:
    doc = verb.doc
    for token in (*verb.children, *subject.children):
        if token.lower_ in _SWEEPING and token.dep_ in {"det", "predet", "advmod", "appos",
                                                        "nsubj", "dep", "quantmod"}:
            before = doc[token.i - 1].lower_ if token.i > 0 else ""
            after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            if before in _NOT_SWEEPING_BEFORE or after in _NOT_SWEEPING_AFTER or \
                    before in {"not", "n't", "never"}:  # 'not every X ...' denies the sweep
                continue
            return token.lower_
    return None


def _mentions_us(verb: Token) -> bool:
    """'us', 'we', 'our' after the verb (not 'US', the country)."""
    return any(t.lower_ in _FIRST_PLURAL and t.text != "US" for t in verb.subtree
               if t.i > verb.i)


def _asked(verb: Token) -> bool:
    """A question asks; it does not state a trait of the group."""
    last = sentence_range(verb)[1] - 1
    return any(t.text == "?" for t in verb.doc[verb.i : last + 1])


def _identity(verb: Token, index: GroupIndex) -> bool:
    """'X are not Y' with Y another people or a people's adjective ('are not Arabs', 'are not
    Slavic'): which people someone belongs to, not a trait pinned on the group."""
    for child in verb.children:
        if child.dep_ in {"attr", "acomp"}:
            if index.at(child) is not None or child.ent_type_ == "NORP":
                return True
            word = child.lower_
            if word.endswith(("ic", "ish", "ian", "an", "ese")) and child.pos_ in {"ADJ",
                                                                              "PROPN"}:
                return True
    return False


def _othering_clause(verb: Token, index: GroupIndex, doc: Doc) -> Finding | None:
    found = _subject_mention(verb, index)
    if found is None:
        return None
    mention, subject = found
    first, last = chunk_bounds(subject)[0], _clause_end(verb)
    word = _sweeping(verb, subject)
    negated = is_negated(verb)
    present = verb.tag_ in {"VBP", "VBZ"} or any(
        c.dep_ == "aux" and c.tag_ in {"VBP", "VBZ"} for c in verb.children)
    if negated and _mentions_us(verb):
        why, rule = ("sets the group against 'us' (we, us, our) and says what they will not do "
                     "or share", "othering.us_them")
    elif word and present:
        why, rule = (f"a sweeping generalisation ({quote(word)}) about the whole group, as if "
                     "its members were all the same", "othering.sweeping")
    elif negated and present and mention.kind not in {"pronoun", "people_noun"} \
            and mention.text[:1].isupper() and subject.tag_ in {"NNPS", "NNS", "NNP"} \
            and not any(c.dep_ == "det" for c in subject.children) \
            and not _asked(verb) and not _identity(verb, index):
        why, rule = ("a generic statement about the group as such ('X do not ...'): one trait "
                     "for everyone in it", "othering.generic")
    else:
        return None
    evidence = f"{quote(mention.display)}: {why}."
    return finding(doc, first, last, "othering", evidence, category=None,
                   target=mention.display, rule=rule)


#: People nouns that name a whole collective ('the population is high'), not one figure.
_COLLECTIVES = {"population", "community", "minority", "congregation", "tribe", "clan", "folk",
                "masses", "crowds"}


def _collective_singular(token: Token, index: GroupIndex, doc: Doc) -> Finding | None:
    """'The migrant wants only our money': one typical figure stands for the whole group."""
    people = group_words().people_nouns
    if token.dep_ != "nsubj" or token.tag_ != "NN" or token.lower_ not in people or \
            token.lower_ in _COLLECTIVES:
        return None
    mention = index.at(token)
    if mention is None or mention.attributive:
        return None
    has_the = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    named = any(c.dep_ in {"appos", "npadvmod"} or (c.pos_ == "PROPN" and c.i > token.i)
                for c in token.children)
    verb = token.head
    present = verb.tag_ == "VBZ" or any(c.dep_ == "aux" and c.tag_ == "VBZ"
                                        for c in verb.children)
    if not (has_the and present and not named):
        return None
    first = chunk_bounds(token)[0]
    return finding(doc, first, _clause_end(verb), "othering",
                   f"{quote(mention.text)}: a collective singular, one typical figure standing "
                   "for the whole group as if every member were the same.",
                   category=None, target=mention.display, rule="othering.collective_singular")


#: Words that make a clause about 'these people' a verdict on them ('never change', 'have no
#: manners'), beside the valence, disgust and image lexicons.
_VERDICT_WORDS = {"never", "always", "all", "every", "no", "not", "n't", "nothing", "none"}


def _held_apart(head: Token) -> bool:
    """'these people' held at arm's length: the subject of a clause that passes a verdict on
    them ('these people never change', 'these people are filthy', 'these people live off us').
    Not 'those people who lost their homes' (a relative clause picks out particular people),
    'send food to these people', 'tell those people' or 'these people sang at the fair'."""
    if head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if any(c.dep_ in {"relcl", "acl"} for c in head.children):
        return False
    verb = head.head
    first = verb.left_edge.i if verb.left_edge.i > head.i else head.i
    clause = verb.doc[first : _clause_end(verb) + 1]
    valence, disgust = negative_valence(), disgust_words()
    images = metaphor_lexicon()
    return any(t.lower_ in _VERDICT_WORDS or t.lower_ in valence or t.lemma_.lower() in valence
               or t.lower_ in disgust or t.lemma_.lower() in images.nouns
               or t.lower_ in images.adjectives or t.lemma_.lower() in images.verbs
               for t in clause if t.i not in range(
                   head.left_edge.i, head.right_edge.i + 1))


def _othering_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    findings: list[Finding] = []
    quantifiers = group_words().quantifiers
    for mention in index.mentions:
        if mention.kind == "deictic" and _held_apart(doc[mention.head]):
            findings.append(finding_at(
                doc_text(doc), mention.start, mention.end, "othering",
                f"{quote(mention.text)} holds the group at arm's length as 'them'.",
                target=mention.display, rule="othering.distancing"))
    for token in tokens_of(doc):
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass"}:
            found = _othering_clause(token, index, doc)
            if found is not None:
                findings.append(found)
        elif (singular := _collective_singular(token, index, doc)) is not None:
            findings.append(singular)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in quantifiers:
            counted = index.at(token)
            if counted is not None and counted.head != token.i and not counted.attributive:
                first, _ = chunk_bounds(token)
                findings.append(finding(
                    doc, first, max(token.i, counted.head), "othering",
                    f"{quote(token)} counts people as a faceless mass, not as individuals.",
                    category=None, target=counted.display, rule="othering.quantifier"))
    return findings


# --------------------------------------------------------------------------- disgust, evaluation


def _np_head(token: Token) -> Token:
    return token.head if token.dep_ in {"amod", "compound"} else token


def _linked_mention(token: Token, index: GroupIndex) -> tuple[GroupMention, str] | None:
    """The group a cue word is said of: in its own phrase, or as its clause's subject."""
    head = _np_head(token)
    if head.dep_ == "attr" and is_negated(head.head):
        return None  # 'the X are not a burden'
    if head is not token:
        mention = index.at(head)
        if mention is not None and not mention.attributive:
            return mention, "describes the group directly"
    for inner in head.subtree:
        mention = index.by_token.get(inner.i)
        if mention is not None and not mention.attributive and inner.i != token.i and not (
                mention.kind == "pronoun" and inner.dep_ == "poss" and head is not token):
            return mention, "belongs to the group in the same phrase"  # not 'their old cars'

    subject = copula_subject(token)
    if subject is not None:
        mention = index.at(subject)
        if mention is not None and not mention.attributive:
            return mention, "is said of the group (subject and predicate)"
    verb = token if token.pos_ == "VERB" else None
    if verb is not None and not is_negated(verb):
        for mention, role, _ in group_roles(verb, index):
            if role == "agent":
                return mention, f"is what the group does or has ({quote(verb)})"
    return None


def _cue_span(token: Token, mention: GroupMention, doc: Doc) -> tuple[int, int]:
    head = _np_head(token)
    first = min(chunk_bounds(head)[0], token.i)
    last = min(max(head.right_edge.i, token.i), sentence_range(head)[1] - 1)
    if last - first > 40:
        last = max(token.i, head.i)
    mention_span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if mention_span is not None and len(mention_span) > 0:
        same_sentence = sentence_range(mention_span[0]) == sentence_range(token)
        if same_sentence and 0 <= first - mention_span.start <= 8:
            first = mention_span.start
    return first, last


def _disgust_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    words = disgust_words()
    findings = []
    for token in tokens_of(doc):
        if token.lower_ not in words and token.lemma_.lower() not in words:
            continue
        linked = _linked_mention(token, index)
        if linked is None:
            continue
        mention, how = linked
        first, last = _cue_span(token, mention, doc)
        findings.append(finding(
            doc, first, last, "moral_disgust",
            f"{quote(token)} is a disgust word (moral-disgust list) and {how} "
            f"{quote(mention.display)}: it invites the reader to feel revulsion at people.",
            category=None, target=mention.display, rule="moral_disgust.linked_cue"))
    return findings


def _valence(token: Token) -> float | None:
    scores = negative_valence()
    if token.pos_ not in {"ADJ", "NOUN", "VERB", "PROPN"}:
        return None
    return scores.get(token.lower_, scores.get(token.lemma_.lower()))


def _evaluation_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    findings = []
    for mention in index.mentions:  # the label itself: "illegals", "squatters"
        head = doc[mention.head]
        score = _valence(head)
        if score is not None and mention.kind != "pronoun":
            findings.append(finding(
                doc, head.i, head.i, "negative_evaluation",
                f"The label {quote(mention.text)} itself judges the group ({quote(head)}: "
                f"{score:g} on our negative-evaluation list).",
                category=None, target=mention.display, rule="negative_evaluation.label"))
    for token in tokens_of(doc):
        score = _valence(token)
        if score is None or token.i in index.by_token:
            continue
        if token.pos_ == "VERB" and token.dep_ not in {"ROOT", "conj", "relcl", "ccomp", "xcomp",
                                                       "advcl"}:
            continue
        linked = _linked_mention(token, index)
        if linked is None:
            continue
        mention, how = linked
        first, last = _cue_span(token, mention, doc)
        if token.pos_ == "VERB":
            last = _clause_end(token)
        findings.append(finding(
            doc, first, last, "negative_evaluation",
            f"{quote(token)} ({score:g} on our negative-evaluation list) {how} "
            f"{quote(mention.display)}: a bad trait pinned on the whole group.",
            category=None, target=mention.display, rule="negative_evaluation.linked_cue"))
    return findings


# --------------------------------------------------------------------------- registered


def _index(context: DocContext, options: RunOptions) -> GroupIndex:
    return group_index(context, options.group_terms)


@detector("dehumanization.denial_of_agency", techniques=["denial_of_agency"], rules={
    "denial_of_agency.handled": "The group is the load of a verb for moving goods or livestock "
                                "('were dumped', 'shipped in'); care, rescue, legal, "
                                "administrative, work and election verbs never count.",
    "denial_of_agency.handled_like": "A passive compares the group's handling to animals or "
                                     "goods ('are moved like cattle') or puts it where they "
                                     "are kept ('housed in sheds').",
    "denial_of_agency.always_acted_upon": "In one sentence the group is done to three times or "
                                          "more (care, legal and similar verbs not counted) "
                                          "and does nothing itself.",
    "denial_of_agency.mindless": "The group, as subject, is denied a mind of its own "
                                 "('do not think for themselves', 'told what to vote').",
})
def _denial_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """The group handled as cargo, only ever done to, or denied a mind of its own."""
    return _denial_findings(context.doc, _index(context, options))


@detector("dehumanization.othering", techniques=["othering"], rules={
    "othering.us_them": "The group set against 'us' and what it will not do or share.",
    "othering.sweeping": "'They all/always ...': one trait for every member of the group.",
    "othering.generic": "A generic 'X do not ...' statement about the group as such.",
    "othering.collective_singular": "'The migrant wants ...': one figure for the whole group.",
    "othering.distancing": "'these people', 'that lot': the group held at arm's length.",
    "othering.quantifier": "'hordes of', 'swarms of': people counted as a faceless mass.",
})
def _othering_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Essentialising generics, 'they all', us/them contrasts, 'these people', 'hordes of'."""
    return _othering_findings(context.doc, _index(context, options))


@detector("dehumanization.moral_disgust", techniques=["moral_disgust"], rules={
    "moral_disgust.linked_cue": "A disgust word linked by the parse to a group mention.",
})
def _disgust_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Words of revulsion linked by the parse to the group."""
    return _disgust_findings(context.doc, _index(context, options))


@detector("dehumanization.negative_evaluation", techniques=["negative_evaluation"], rules={
    "negative_evaluation.label": "The group's label itself is on the negative-evaluation list.",
    "negative_evaluation.linked_cue": "A negative trait or act linked by the parse to the group.",
})
def _evaluation_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Negative traits, labels and bad acts attributed to the group."""
    return _evaluation_findings(context.doc, _index(context, options))
