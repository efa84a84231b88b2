"""Metaphors that cast people as vermin, disease, floods, cargo, machines or invaders.

A cue word alone proves nothing ("a flood warning", "rats in the warehouse"). A finding needs
a link in the dependency parse between the cue and a mention of a group of people:

* modifier    "a flood of Teskari", "the Teskari flood", "hordes of families"
* copula      "The Pellani are a cancer", "they are parasitic", "they are nothing but vermin",
              "they are [expletive] animals", "like the rats they are"
* comparison  "breed like rats", "shipped in like cargo", "no better than animals", "in packs"
* verb        the group does it ("they infest the valleys") or has it done to it
              ("they are programmed", "tesks ... dumped on our towns")
* with        the group is what a place is full of: "infested with X", "flooding us with X"
* compound    a group name joined to the image by a hyphen: "X-infested"
* adjective   "verminous Pellani"; apposition "the Orrin, a plague on the town"
* name        the image word itself names people: "Pellani scum", "those animals voted",
              "you rats", "the Orrin and other vermin", "savages"
* epithet     an invented name with the image built in ("hillrats")

The target is a group of people or a member standing for it, never a victim and never a
literal use: what is done *to* a group under a violent image ("were herded like cattle",
"were exterminated") reports the victims' treatment unless the text calls for it ("should be
exterminated"); idioms with a human sense ("drug mule", "party animal") and praise in sport
("a beast on the pitch") are not images of a group; an animal word under a national adjective
("Asian carp") is a species unless something shows it names people.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext, doc_text, tokens_of
from propaganda_lab.lenses.dehumanization._links import (
    FIRST_PERSON,
    calls_for,
    chunk_bounds,
    copula_subject,
    finding,
    group_roles,
    hyphen_word,
    is_negated,
    quote,
)
from propaganda_lab.lenses.dehumanization.groups import (
    GroupIndex,
    GroupMention,
    group_index,
    known_demonym,
    sentence_range,
)
from propaganda_lab.lenses.dehumanization.lexicons import (
    CATEGORY_TECHNIQUE,
    NAME_IMAGES,
    Cue,
    LinkWords,
    epithet_targets,
    group_words,
    link_words,
    metaphor_lexicon,
)
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from propaganda_lab.findings import Finding

_COMPARISON_PREPS = {"like", "as"}
#: Images of violence or restraint done to a group: done to it, they report the victims'
#: treatment ('were rounded up', 'are held back') unless the text calls for it.
_VIOLENT_IMAGES = {"vermin", "animal", "subhuman", "disease", "contamination", "parasite",
                   "natural_disaster"}
#: Images whose nouns are also species names ('Asian carp', 'African apes').
_SPECIES_IMAGES = {"vermin", "animal", "parasite"}
#: Of those, the pests and parasites (species of them are named after real places only).
_PEST_IMAGES = {"vermin", "parasite"}
#: Mention kinds a learner or the lexicon asserts to be a group ('term', 'epithet').
_ASSERTED = {"term", "epithet"}
_COPULAS = {"be", "become", "remain", "seem", "stay"}
_NEGATIONS = {"not", "n't", "never"}
#: How many words may stand between 'are' and the image noun ('are just a bunch of animals').
_CHAIN_MAX = 7


def _why(cue: Cue, word: str, mention: GroupMention, how: str) -> str:
    kind = metaphor_lexicon().dehumanization_kind[cue.category]
    noun = metaphor_lexicon().images[cue.category]
    article = "an" if noun[0] in "aeiou" else "a"
    return (
        f"{quote(word)} is {article} {noun} word (lexicon entry "
        f"{quote(cue.lemma)}, {kind} dehumanization) and the parse links it to the group "
        f"{quote(mention.display)}: {how}."
    )


#: Where the small parser tags a bare predicate noun as an adjective ('they are vermin' comes
#: out as ADJ/acomp): read the word as the noun it is.
_PREDICATE_DEPS = {"acomp", "attr", "oprd"}


def _predicate_adjective(token: Token) -> bool:
    if token.pos_ != "ADJ":
        return False
    if token.dep_ == "conj":
        token = token.head
    return token.dep_ in _PREDICATE_DEPS


def _noun_cue(token: Token) -> Cue | None:
    if token.dep_ == "compound" or (
            token.pos_ not in {"NOUN", "PROPN"} and not _predicate_adjective(token)):
        return None
    nouns = metaphor_lexicon().nouns
    joined = hyphen_word(token, _links().spaced_prefixes) or ""
    return (nouns.get(joined) or nouns.get(joined.rstrip("s")) or nouns.get(token.lemma_.lower())
            or nouns.get(token.lower_))


def _adjective_cue(token: Token) -> Cue | None:
    adjectives = metaphor_lexicon().adjectives
    joined = hyphen_word(token)
    if joined is not None and joined in adjectives:
        return adjectives[joined]  # 'rat-infested', 'ape-like': any tag on the last piece
    if token.pos_ not in {"ADJ", "VERB"}:
        return None
    return adjectives.get(token.lower_) or adjectives.get(token.lemma_.lower())


def _verb_cues(verb: Token) -> list[Cue]:
    """Cues for a verb; 'live off' needs an 'off' particle or preposition under the verb."""
    lexicon = metaphor_lexicon()
    lemma = verb.lemma_.lower()
    cues = lexicon.verbs.get(lemma, ())
    deps = {c.dep_ for c in verb.children}
    if lemma in lexicon.motion_only and "dobj" in deps and "prt" not in deps:
        return []  # "poured the coffee", "spilled the beans": the literal liquid sense
    if lemma in lexicon.intransitive_only and "dobj" in deps:
        return []  # "they breed sheep": the farming sense
    particles = {child.lower_ for child in verb.children
                 if child.dep_ in {"prt", "prep", "advmod", "acomp", "oprd", "ccomp", "xcomp"}}
    return [c for c in cues if " " not in c.lemma or c.lemma.split(" ", 1)[1] in particles]


def _links() -> LinkWords:
    return link_words()


def _idiomatic(token: Token) -> bool:
    """'drug mule', 'party animal', 'a new breed of': the animal word has a human sense."""
    idioms = _links().idioms
    doc = token.doc
    words = {token.lower_, token.lemma_.lower()}
    before = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
    if token.i > 0:
        before.append(doc[token.i - 1])
    after = " ".join(t.lower_ for t in doc[token.i + 1 : token.i + 3])
    lead = " ".join(t.lemma_.lower() for t in doc[max(0, token.i - 2) : token.i])
    return any(f"{b.lower_} {w}" in idioms or f"{b.lemma_.lower()} {w}" in idioms
               for b in before for w in words) or any(
        f"{w} {after}" in idioms or f"{lead} {w}" in idioms  # 'a waste of time',
        for w in words)  # 'run with the pack'



def _praise(token: Token) -> bool:
    """'a beast on the pitch', 'our forwards are animals': praise in sport and work."""
    links = _links()
    if token.lemma_.lower() not in links.praise_nouns and token.lower_ not in links.praise_nouns:
        return False
    first, last = sentence_range(token)
    return any(t.lower_ in links.praise_context or t.lemma_.lower() in links.praise_context
               for t in token.doc[first:last])


def _own(token: Token) -> bool:
    """'our dogs', 'my animals': the speaker's own animals (or side) are not an out-group."""
    return any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in token.children)


def _literal(token: Token) -> bool:
    return _idiomatic(token) or _praise(token) or _own(token)


class _Collector:
    """Findings for one text; one finding per cue word, first rule wins."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.findings: list[Finding] = []
        self.used: set[int] = set()

    def add(self, cue_token: Token, first: int, last: int, cue: Cue, mention: GroupMention,
            how: str, rule: str) -> None:
        if cue_token.i in self.used:
            return
        self.used.add(cue_token.i)
        self.findings.append(finding(
            self.doc, first, last, cue.technique, _why(cue, cue_token.text, mention, how),
            category=cue.category, target=mention.display, rule=f"{cue.technique}.{rule}",
        ))


# --------------------------------------------------------------------------- who the image names


def _image_mention(token: Token) -> GroupMention:
    """The noun phrase an image word heads, as the target when no group name is given
    ('those animals', 'you rats')."""
    doc = token.doc
    first, last = chunk_bounds(token)
    first = min(first, token.i)
    while first < token.i and doc[first].pos_ in {"PUNCT", "CCONJ"}:
        first += 1
    span = doc[first : max(last, token.i + 1)]
    return GroupMention(span.text, span.start_char, span.end_char, "image",
                        span.text.lower(), token.i)


def _species_name(mention: GroupMention, modifier: Token, category: str) -> bool:
    """'Asian carp', 'African apes': a national or regional adjective before an animal word
    is how species are named; a religious or political group word never is, and a word for
    a kind of creature in general ('vermin', 'parasites') never names a species. Pests and
    parasites are named after real places ('German cockroach'), so before them only a listed
    demonym is a species name: 'Tavish lice' is the Tavish."""
    image = modifier.head
    if mention.kind in _ASSERTED or image.lemma_.lower() in _links().kind_nouns or \
            image.lower_ in _links().kind_nouns:
        return False
    if category in _PEST_IMAGES and not known_demonym(modifier.lower_):
        return False
    word = modifier.lower_.rstrip("s")
    return mention.kind in {"entity", "nationality_noun", "demonym"} and \
        word not in _links().group_modifiers and modifier.lower_ not in _links().group_modifiers


def _modifier_word(token: Token, cue: Cue, index: GroupIndex) -> tuple[GroupMention, str] | None:
    """A group name or group word before the image noun: 'Pellani scum', 'ethnic vermin'."""
    links = _links()
    for child in token.children:
        if child.dep_ not in {"compound", "amod", "nmod", "poss"} or child.i > token.i:
            continue
        mention = index.by_token.get(child.i)
        if mention is not None and mention.kind == "pronoun":
            return None  # 'their beasts': the beasts are theirs, not them
        if mention is not None and not (cue.category in _SPECIES_IMAGES
                                        and _species_name(mention, child, cue.category)):
            return mention, f"the group's name {quote(child)} is put on the image"
        word = hyphen_word(child) or child.lower_
        if word in links.group_modifiers or child.lower_ in links.group_modifiers or (
                cue.category not in _SPECIES_IMAGES and child.lower_ in links.colour_modifiers):
            return _image_mention(token), f"{quote(child)} marks people of a group"
    return None


def _named_people(token: Token, cue: Cue, index: GroupIndex) -> tuple[GroupMention, str] | None:
    """Signs that an image noun names people, not animals or dirt (see ``_name_rule``)."""
    links = _links()
    found = _modifier_word(token, cue, index)
    if found is not None:
        return found
    word = hyphen_word(token, links.spaced_prefixes) or ""
    person = token.lemma_.lower() in links.person_nouns or token.lower_ in links.person_nouns \
        or word in links.person_nouns or word.rstrip("s") in links.person_nouns
    if person and token.tag_ in {"NN", "NNP"} and \
            token.lemma_.lower() not in links.collective_nouns:
        return None  # 'the savage next door': one person, not standing for a group
    beside = [token.head] if token.dep_ in {"conj", "appos"} else []
    beside += [c for c in token.children if c.dep_ in {"conj", "appos"}]
    for other in beside:
        mention = index.at(other)
        if mention is not None and not mention.attributive and not is_negated(other):
            return mention, f"the image is set beside the group {quote(mention.text)}"
    verb = token.head
    lemma = verb.lemma_.lower()
    if token.dep_ == "nsubj" and lemma in links.human_acts and not is_negated(verb):
        return _image_mention(token), f"it {quote(verb)}, which only people do"
    if token.dep_ in {"nsubjpass", "dobj"} and lemma in links.human_patient_acts:
        return _image_mention(token), f"it is {quote(verb)}, as only people are"
    for child in token.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in links.human_acts:
            return _image_mention(token), f"it {quote(child)}, which only people do"
    if token.tag_ in {"NNS", "NNPS"} and _addressed(token):
        return _image_mention(token), "people are addressed by it ('you ...')"
    if person:
        return _image_mention(token), f"{quote(token)} names people whenever it is a noun"
    return None


def _addressed(token: Token) -> bool:
    """'you animals', 'you filthy rats': people addressed by the image."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and (doc[i].pos_ == "ADJ" or doc[i].lower_ in _links().expletives):
        i -= 1
    return i >= 0 and doc[i].lower_ in {"you", "ya", "ye", "youse"}


# --------------------------------------------------------------------------- the links


def _modifier_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    first, last = chunk_bounds(token)
    for child in token.children:
        if child.dep_ in {"compound", "amod", "poss", "nmod"} and child.i in index.by_token:
            mention = index.by_token[child.i]
            links = _links()
            owned = mention.kind == "pronoun" and cue.lemma not in links.dwelling_nouns
            if owned or cue.lemma in links.controlled_nouns or cue.lemma in links.military_nouns:
                # 'their illnesses' (but 'their sties' is the image), 'X puppets' (X pulls the
                # strings), 'X soldiers': not an image of the group
                return
            if cue.category in _SPECIES_IMAGES and _species_name(mention, child, cue.category) and \
                    _named_people(token, cue, index) is None:
                return
            out.add(token, first, last - 1, cue, mention,
                    f"the group's name modifies {quote(token)}", "modifier")
            return
    head_mention = index.at(token)
    if head_mention is not None and head_mention.head != token.i and (
            token.lemma_.lower() in _links().collective_nouns
            or token.lower_ in _links().collective_nouns):
        end = max(last - 1, head_mention.head)
        out.add(token, first, end, cue, head_mention,
                f"the group is what the {token.lemma_} is made of ('{token.lemma_} of ...')",
                "modifier")


def _amount_of(subject: Token | None, index: GroupIndex) -> bool:
    """The subject is the group or an amount of it ('busloads of X', 'thousands of X'), not an
    event that befell it ('the arrival of X was a turning point')."""
    if subject is None or subject.i in index.by_token:
        return True
    words = group_words()
    lemma = subject.lemma_.lower()
    return (lemma in words.quantifiers or lemma in words.collective_in
            or lemma in _links().collective_nouns or subject.pos_ in {"NUM", "PRON", "DET"}
            or subject.like_num or lemma in _AMOUNTS)


_AMOUNTS = {"thousand", "million", "hundred", "billion", "most", "many", "majority", "lot",
            "number", "bunch", "group", "half", "rest", "all", "some", "none", "each", "one"}


def _copula_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    subject = copula_subject(token)
    mention = index.at(subject)
    if subject is not None and mention is not None and not mention.attributive and \
            _amount_of(subject, index):
        _, last = chunk_bounds(token) if token.pos_ in {"NOUN", "PROPN"} else (0, token.i + 1)
        first = chunk_bounds(subject)[0]
        out.add(token, first, last - 1, cue, mention,
                f"the group is the subject and {quote(token)} what it is said to be", "copula")
        return
    if token.dep_ == "appos" and token.pos_ in {"NOUN", "PROPN"}:
        mention = index.at(token.head)
        if mention is not None and not mention.attributive:
            out.add(token, token.head.i, chunk_bounds(token)[1] - 1, cue, mention,
                    f"{quote(token)} is put beside the group's name as another name for it",
                    "apposition")


def _chain_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    """'they are just animals', 'are [expletive] animals', 'are nothing but vermin', 'are no
    better than animals', 'are a bunch of animals', 'like the rats they are': the parse may
    miss the copula across these words; the words themselves are read instead."""
    found = _chain_copula(token, index)
    if found is None:
        found = _relative_copula(token, index)
    if found is None:
        return
    mention, first, compared = found
    link = "comparison" if compared else "copula"
    how = (f"the group is compared to {quote(token)} ('{compared} ...')" if compared
           else f"the group is the subject and {quote(token)} what it is said to be")
    out.add(token, first, max(token.i, chunk_bounds(token)[1] - 1), cue, mention, how, link)


def _chain_copula(token: Token, index: GroupIndex) -> tuple[GroupMention, int, str] | None:
    links = _links()
    doc = token.doc
    start = sentence_range(token)[0]
    words: list[Token] = []
    i = token.i - 1
    while i >= start and len(words) <= _CHAIN_MAX:
        word = doc[i]
        if word.lemma_.lower() in _COPULAS and word.pos_ in {"AUX", "VERB"}:
            break
        allowed = (word.pos_ in {"DET", "ADJ", "ADV", "NUM", "PART"}
                   or word.lower_ in links.expletives or word.lower_ in links.comparison_words
                   or word.lower_ in links.filler_nouns or hyphen_word(word) is not None
                   or word.text == "-" or (word.lower_ == "of" and i > start
                                           and doc[i - 1].lower_ in links.filler_nouns))
        if not allowed:
            return None
        words.append(word)
        i -= 1
    else:
        return None
    if i < start:
        return None
    verb = doc[i]
    lowered = {w.lower_ for w in words}
    compared = next((w.lower_ for w in reversed(words) if w.lower_ in {"than", "like", "but",
                                                                       "as"}), "")
    if (lowered & _NEGATIONS or is_negated(verb)) and not compared:
        return None  # 'they are not animals'
    if "no" in lowered and not compared:
        return None
    subject = _copula_subject_of(verb, index)
    if subject is None:
        return None
    first = chunk_bounds(doc[subject.head])[0] if subject.kind != "image" else verb.i
    return subject, min(first, verb.i), compared


def _copula_subject_of(verb: Token, index: GroupIndex) -> GroupMention | None:
    """The group a copula is said of: its subject (or its head's, when the parse made 'are'
    an auxiliary of an expletive), else a group mention just before it."""
    candidates = [verb, verb.head] if verb.dep_ in {"aux", "auxpass"} else [verb]
    for head in candidates:
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = index.at(child)
                if mention is not None and not mention.attributive and \
                        _amount_of(child, index):
                    return mention
    doc = verb.doc
    if any(c.dep_ in {"nsubj", "nsubjpass"} for head in candidates for c in head.children):
        return None  # the copula has a subject, and it is not the group
    for j in range(verb.i - 1, max(sentence_range(verb)[0], verb.i - 3) - 1, -1):
        mention = index.by_token.get(j)
        if mention is not None and not mention.attributive:
            return mention
        if doc[j].pos_ not in {"ADV", "PART"}:
            break
    return None


def _relative_copula(token: Token, index: GroupIndex) -> tuple[GroupMention, int, str] | None:
    """'(like) the rats they are': a relative 'they are' with the image as its predicate."""
    for child in token.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in _COPULAS and not is_negated(child):
            rest = [c for c in child.children if c.dep_ in {"attr", "acomp", "dobj", "ccomp"}]
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            mention = index.at(subject)
            if not rest and mention is not None and not mention.attributive:
                compared = token.head.lower_ if token.dep_ == "pobj" and \
                    token.head.lower_ in _COMPARISON_PREPS else ""
                return mention, chunk_bounds(token)[0], compared
    return None


def _comparison_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep":
        return
    word = prep.lower_
    collective = word == "in" and token.lemma_.lower() in group_words().collective_in
    if word not in _COMPARISON_PREPS and not collective:
        return
    anchor = prep.head
    mentions: list[GroupMention] = []
    if anchor.pos_ in {"VERB", "AUX"}:
        if is_negated(anchor):
            return
        roles = group_roles(anchor, index)
        if cue.category in _VIOLENT_IMAGES and not calls_for(anchor):
            # 'were slaughtered like animals', 'treated like dogs': the victims' treatment
            report = anchor.lemma_.lower() in _links().report_verbs
            roles = [r for r in roles if r[1] == "agent" and not report]
        mentions = [m for m, _, _ in roles]
    else:
        found = index.at(anchor)
        mentions = [found] if found is not None and not found.attributive else []
    if not mentions:
        return
    first = prep.i if collective else (anchor.i if anchor.i < prep.i else prep.i)
    how = (f"the group is said to move {word} {token.lemma_}s" if collective
           else f"the group is compared to {quote(token)} ('{word} ...')")
    out.add(token, first, token.i, cue, mentions[0], how, "comparison")


def _adjective_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    if token.dep_ == "amod":
        mention = index.at(token.head)
        if mention is not None and not mention.attributive:
            out.add(token, token.i, token.head.i, cue, mention,
                    f"{quote(token)} describes the group directly", "adjective")
            return
    _copula_rule(token, cue, index, out)


def _verb_rule(verb: Token, index: GroupIndex, out: _Collector) -> None:
    if is_negated(verb):
        return
    roles = group_roles(verb, index)
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
    literal = bool(objects & _links().literal_objects)
    for cue in _verb_cues(verb):
        wanted = "agent" if cue.kind == "verb_agent" else "patient"
        if literal and cue.category in {"disease", "contamination"}:
            continue  # 'contaminating the evidence', 'polluted the river'

        if wanted == "patient" and cue.category in _VIOLENT_IMAGES and not calls_for(verb):
            continue  # 'the Pellani were rounded up': what was done to victims
        for mention, role, token in roles:
            if role != wanted:
                continue
            first, last = verb.i, verb.i
            if token.head.i == verb.i and token.dep_ in {"nsubj", "nsubjpass"}:
                first = chunk_bounds(token)[0]
            last = max(last, _phrase_end(verb, cue))
            how = (f"the group is the one who does it ({quote(verb)})" if wanted == "agent"
                   else f"it is done to the group, as to a thing ({quote(verb)})")
            out.add(verb, first, last, cue, mention, how, f"verb_{wanted}")
            return


def _of_rule(verb: Token, index: GroupIndex, out: _Collector) -> None:
    """'Merrow must be cleansed of X', 'purge the valley of X': the group is the dirt or
    vermin a place is to be rid of. Only a call for it counts ('the city was purged of X in
    1943' reports what was done to victims)."""
    cues = [c for c in _verb_cues(verb) if c.kind == "verb_patient"]
    if not cues or is_negated(verb) or not calls_for(verb):
        return
    found = _group_object(verb, index, {"of"})
    if found is not None:
        _, pobj, mention = found
        out.add(verb, verb.i, max(pobj.i, mention.head), cues[0], mention,
                f"the group is what a place is to be {quote(verb)} of", "of")


def _group_object(verb: Token, index: GroupIndex, prepositions: set[str]
                  ) -> tuple[Token, Token, GroupMention] | None:
    """The first group that is the object of one of ``prepositions`` under ``verb`` ('with X',
    'by X', 'of X'), with the preposition and its object."""
    for prep in verb.children:
        if prep.dep_ not in {"prep", "agent"} or prep.lower_ not in prepositions:
            continue
        for pobj in prep.children:
            mention = index.at(pobj) if pobj.dep_ == "pobj" else None
            if mention is not None and not mention.attributive:
                return prep, pobj, mention
    return None


def _with_rule(token: Token, index: GroupIndex, out: _Collector) -> None:
    """'infested with X', 'overrun by X', 'flooding us with X': the group is what a place is
    said to be full of (the one flooded in, not whoever floods)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma.endswith("ing"):
        lemma = lemma[:-3]  # 'the breeding with X', 'the flooding of ... with X'
    if lemma not in _links().with_verbs and token.lower_ not in _links().with_verbs:
        return
    cues = [c for c in metaphor_lexicon().verbs.get(lemma, metaphor_lexicon().verbs.get(
        token.lower_, ())) if c.kind == "verb_agent"]
    if not cues or is_negated(token):
        return
    found = _group_object(token, index, {"with", "by"})
    if found is not None:
        prep, pobj, mention = found
        out.add(token, token.i, max(pobj.i, mention.head), cues[0], mention,
                f"the group is what it is {quote(token)} {prep.lower_}", "with")


def _hyphen_rule(token: Token, index: GroupIndex, out: _Collector) -> None:
    """'X-infested', 'X-ridden', 'X infested areas': a group name made into the image."""
    suffixes = _links().hyphen_suffixes
    category = suffixes.get(token.lower_)
    if category is None or token.i == 0:
        return
    doc = token.doc
    before = doc[token.i - 2] if hyphen_word(token) is not None else doc[token.i - 1]
    if hyphen_word(token) is None and before.head.i != token.i:
        return
    mention = index.by_token.get(before.i)
    if mention is None or mention.kind == "pronoun":
        return
    cue = Cue(token.lower_, category, "adjective")
    out.add(token, before.i, token.i, cue, mention,
            f"the group's name is joined to {quote(token)}, as pests infest a place",
            "compound")


def _name_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector,
               named: bool) -> None:
    """The image word itself names people: 'Pellani scum', 'those animals voted', 'you rats',
    'the Orrin and other vermin', 'savages'. Without such a sign an animal word is an animal.
    When the learner named a group, only images put on that group count."""
    if cue.category not in NAME_IMAGES or token.i in index.by_token:
        return
    found = _named_people(token, cue, index)
    if found is None or (named and found[0].kind == "image"):
        return
    mention, how = found
    first, last = chunk_bounds(token)
    out.add(token, min(first, token.i), max(last - 1, token.i), cue, mention, how, "name")


def _phrase_end(verb: Token, cue: Cue) -> int:
    """Last token of the verb phrase to show: its particle, object, or 'off the rest of us'."""
    last = verb.i
    particle = cue.lemma.split(" ", 1)[1] if " " in cue.lemma else None
    for child in verb.children:
        if child.dep_ == "prt":
            last = max(last, child.i)
        elif child.dep_ == "dobj":
            last = max(last, chunk_bounds(child)[1] - 1)
        elif child.dep_ == "prep" and child.lower_ == particle:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            last = max(last, chunk_bounds(objects[0])[1] - 1 if objects else child.i)
    return last


def _merge(findings: list[Finding], source: str) -> list[Finding]:
    """One highlight per image: findings of the same technique on the same target that touch
    ("breed" + "like rats" -> "breed like rats") become one span, keeping both reasons and the
    first rule (overlaps in general are merged by ``findings.normalise``)."""
    merged: list[Finding] = []
    for item in sorted(findings, key=lambda f: (f.technique, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.technique == item.technique and (
            item.start < last.end or (item.start <= last.end + 1 and item.target == last.target)
        ):
            end = max(last.end, item.end)
            text = source[last.start : end]
            merged[-1] = replace(last, end=end, text=text,
                                 evidence=f"{last.evidence} Also: {item.evidence}")
        else:
            merged.append(item)
    return sorted(merged, key=lambda f: (f.start, f.end, f.technique))


def _noun_ranks(words: set[str]) -> list[tuple[str, Cue]]:
    """The noun cues among ``words``, in the lexicon's longest-first order."""
    rank = metaphor_lexicon().noun_rank
    nouns = metaphor_lexicon().nouns
    return [(word, nouns[word]) for word in sorted(
        (w for w in words if w in rank), key=rank.__getitem__)]


def _epithet_rule(mention: GroupMention, doc: Doc, out: _Collector) -> None:
    """An invented name with the image built in: 'hillrats' (epithet containing 'rat') or a
    label whose head noun is an animal word ('Kessin crawlers')."""
    words = mention.text.lower().split()
    stem = words[-1].rstrip("s")
    animalistic = {"vermin", "animal", "parasite"}
    is_epithet = mention.kind == "epithet" or mention.text.lower() in epithet_targets()
    if (not is_epithet and len(words) < 2) or _idiomatic(doc[mention.head]):
        return  # one plain word: no image inside it, no head noun or label word to read
    candidates = metaphor_lexicon().nouns_longest_first
    if not is_epithet:  # only whole words can be the image: look those up, not every cue
        wanted = {stem, f"{stem}s", *words[:-1]}
        candidates = tuple(item for item in _noun_ranks(wanted) if item[0] in wanted)
    for lemma, cue in candidates:
        if cue.category not in NAME_IMAGES or len(lemma) < 3:
            continue
        inside = is_epithet and stem.endswith(lemma) and (
            stem != lemma or cue.category not in animalistic)  # 'hillrats'; 'muds'
        head_word = cue.category in animalistic and len(words) > 1 and \
            stem in {lemma, lemma.rstrip("s")}
        label_image = mention.kind == "people_noun" and lemma in words[:-1]  # 'mud people'
        if inside or head_word or label_image:
            token = doc[mention.head]
            how = (f"the epithet has {quote(lemma)} built into the group's name" if inside
                   else f"the label names the group with the image word {quote(lemma)}")
            out.add(token, token.i, token.i, cue, mention, how, "epithet")
            return


def metaphor_findings(doc: Doc, index: GroupIndex, named: bool = False) -> list[Finding]:
    """All metaphor findings for an already parsed text and its group index (``named``: the
    learner named the group, so images of people the text does not name as it do not count).
    """
    out = _Collector(doc)
    for mention in index.mentions:
        if mention.kind in {"epithet", "term", "people_noun"}:
            _epithet_rule(mention, doc, out)
    for token in tokens_of(doc):
        cue = _noun_cue(token)
        if cue is not None:
            if _literal(token):
                continue
            _modifier_rule(token, cue, index, out)
            _copula_rule(token, cue, index, out)
            _chain_rule(token, cue, index, out)
            _comparison_rule(token, cue, index, out)
            _name_rule(token, cue, index, out, named)
            continue
        _hyphen_rule(token, index, out)
        _with_rule(token, index, out)
        adjective = _adjective_cue(token)
        if adjective is not None:
            _adjective_rule(token, adjective, index, out)
        if token.pos_ in {"VERB", "AUX"}:
            _verb_rule(token, index, out)
            _of_rule(token, index, out)
    return _merge(out.findings, doc_text(doc))


#: Parse links a metaphor finding can rest on (the rule name after the technique).
METAPHOR_LINKS = {
    "modifier": "the group's name modifies the cue word ('a flood of X')",
    "copula": "the group is said to be the cue ('X are a cancer', 'X are nothing but vermin')",
    "apposition": "the cue is set beside the group's name as another name for it "
                  "('the X, a plague on the valley')",
    "comparison": "the group is compared to the cue ('breed like rats', 'no better than "
                  "animals')",
    "adjective": "the cue adjective describes the group ('verminous X')",
    "verb_agent": "the group does the cue verb ('they infest the valleys')",
    "verb_patient": "the cue verb is done to the group, as a call when the image is violent "
                    "('they should be exterminated', 'they were dumped on our towns')",
    "with": "the group is what a place is full of ('infested with X', 'flooding us with X')",
    "of": "a call to rid a place of the group ('Merrow must be cleansed of X')",
    "compound": "the group's name is joined to the image ('X-infested')",
    "name": "the image word itself names people ('X scum', 'those animals voted', 'you rats')",
    "epithet": "the group's name has the image built in",
}


def _metaphor_rules() -> dict[str, str]:
    return {f"{technique}.{link}": f"Metaphor cue linked to a group: {why}."
            for technique in sorted(set(CATEGORY_TECHNIQUE.values()))
            for link, why in METAPHOR_LINKS.items()}


@detector("dehumanization.metaphor", techniques=lambda: set(CATEGORY_TECHNIQUE.values()),
          rules=_metaphor_rules)
def _metaphor_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Metaphor cues linked by the parse to a group mention."""
    return metaphor_findings(context.doc, group_index(context, options.group_terms),
                             named=bool(options.group_terms))
