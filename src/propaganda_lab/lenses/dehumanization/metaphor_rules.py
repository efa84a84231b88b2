"""Metaphors that cast people as vermin, disease, floods, cargo, machines or invaders.

A cue word alone proves nothing ("a flood warning", "rats in the warehouse"). A finding needs
a link in the dependency parse between the cue and a mention of a group of people:

* modifier    "a flood of Teskari", "the Teskari flood", "hordes of families"
* copula      "The Pellani are a cancer", "they are parasitic"
* comparison  "breed like rats", "shipped in like cargo", "used them as its instrument",
              "in packs"
* verb        the group does it ("they infest the valleys") or has it done to it
              ("they are programmed", "tesks ... dumped on our towns")
* adjective   "verminous Pellani"; apposition "the Orrin, a plague on the town"
* epithet     an invented name with the image built in ("hillrats")
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext, doc_text
from propaganda_lab.lenses.dehumanization._links import (
    chunk_bounds,
    copula_subject,
    finding,
    group_roles,
    is_negated,
    quote,
)
from propaganda_lab.lenses.dehumanization.groups import GroupIndex, GroupMention, group_index
from propaganda_lab.lenses.dehumanization.lexicons import (
    CATEGORY_TECHNIQUE,
    Cue,
    epithet_targets,
    group_words,
    metaphor_lexicon,
)
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from propaganda_lab.findings import Finding

_COMPARISON_PREPS = {"like", "as"}


def _why(cue: Cue, word: str, mention: GroupMention, how: str) -> str:
    kind = metaphor_lexicon().dehumanization_kind[cue.category]
    noun = metaphor_lexicon().images[cue.category]
    article = "an" if noun[0] in "aeiou" else "a"
    return (
        f"{quote(word)} is {article} {noun} word (lexicon entry "
        f"{quote(cue.lemma)}, {kind} dehumanization) and the parse links it to the group "
        f"{quote(mention.display)}: {how}."
    )


def _noun_cue(token: Token) -> Cue | None:
    if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ == "compound":
        return None
    nouns = metaphor_lexicon().nouns
    return nouns.get(token.lemma_.lower()) or nouns.get(token.lower_)


def _adjective_cue(token: Token) -> Cue | None:
    if token.pos_ not in {"ADJ", "VERB"}:
        return None
    adjectives = metaphor_lexicon().adjectives
    return adjectives.get(token.lower_) or adjectives.get(token.lemma_.lower())


def _verb_cues(verb: Token) -> list[Cue]:
    """Cues for a verb; 'live off' needs an 'off' particle or preposition under the verb."""
    lexicon = metaphor_lexicon()
    lemma = verb.lemma_.lower()
    cues = lexicon.verbs.get(lemma, ())
    deps = {c.dep_ for c in verb.children}
    if lemma in lexicon.motion_only and "dobj" in deps and "prt" not in deps:
        return []  # "poured the coffee", "spilled the beans": the literal liquid sense
    particles = {child.lower_ for child in verb.children
                 if child.dep_ in {"prt", "prep", "advmod", "acomp", "oprd", "ccomp", "xcomp"}}
    return [c for c in cues if " " not in c.lemma or c.lemma.split(" ", 1)[1] in particles]


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


def _modifier_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    first, last = chunk_bounds(token)
    for child in token.children:
        if child.dep_ in {"compound", "amod", "poss", "nmod"} and child.i in index.by_token:
            mention = index.by_token[child.i]
            out.add(token, first, last - 1, cue, mention,
                    f"the group's name modifies {quote(token)}", "modifier")
            return
    head_mention = index.at(token)
    if head_mention is not None and head_mention.head != token.i:
        end = max(last - 1, head_mention.head)
        out.add(token, first, end, cue, head_mention,
                f"the group is what the {token.lemma_} is made of ('{token.lemma_} of ...')",
                "modifier")


def _copula_rule(token: Token, cue: Cue, index: GroupIndex, out: _Collector) -> None:
    subject = copula_subject(token)
    mention = index.at(subject)
    if subject is not None and mention is not None and not mention.attributive:
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
        mentions = [m for m, _, _ in group_roles(anchor, index)]
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
    for cue in _verb_cues(verb):
        wanted = "agent" if cue.kind == "verb_agent" else "patient"
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


def _epithet_rule(mention: GroupMention, doc: Doc, out: _Collector) -> None:
    """An invented name with the image built in: 'hillrats' (epithet containing 'rat') or a
    label whose head noun is an animal word ('Kessin crawlers')."""
    words = mention.text.lower().split()
    stem = words[-1].rstrip("s")
    nouns = metaphor_lexicon().nouns
    animalistic = {"vermin", "animal", "parasite"}
    is_epithet = mention.kind == "epithet" or mention.text.lower() in epithet_targets()
    for lemma, cue in sorted(nouns.items(), key=lambda item: -len(item[0])):
        if cue.category not in animalistic or len(lemma) < 3:
            continue
        inside = is_epithet and stem.endswith(lemma) and stem != lemma
        head_word = len(words) > 1 and stem in {lemma, lemma.rstrip("s")}
        if inside or head_word:
            token = doc[mention.head]
            how = (f"the epithet has {quote(lemma)} built into the group's name" if inside
                   else f"the label names the group with the animal word {quote(lemma)}")
            out.add(token, token.i, token.i, cue, mention, how, "epithet")
            return


def metaphor_findings(doc: Doc, index: GroupIndex) -> list[Finding]:
    """All metaphor findings for an already parsed text and its group index."""
    out = _Collector(doc)
    if not index:
        return []
    for mention in index.mentions:
        if mention.kind in {"epithet", "term"}:
            _epithet_rule(mention, doc, out)
    for token in doc:
        cue = _noun_cue(token)
        if cue is not None:
            _modifier_rule(token, cue, index, out)
            _copula_rule(token, cue, index, out)
            _comparison_rule(token, cue, index, out)
            continue
        adjective = _adjective_cue(token)
        if adjective is not None:
            _adjective_rule(token, adjective, index, out)
        if token.pos_ in {"VERB", "AUX"}:
            _verb_rule(token, index, out)
    return _merge(out.findings, doc_text(doc))


#: Parse links a metaphor finding can rest on (the rule name after the technique).
METAPHOR_LINKS = {
    "modifier": "the group's name modifies the cue word ('a flood of X')",
    "copula": "the group is said to be the cue ('X are a cancer')",
    "apposition": "the cue is set beside the group's name as another name for it "
                  "('the X, a plague on the valley')",
    "comparison": "the group is compared to the cue ('breed like rats')",
    "adjective": "the cue adjective describes the group ('verminous X')",
    "verb_agent": "the group does the cue verb ('they infest the valleys')",
    "verb_patient": "the cue verb is done to the group ('they were dumped on our towns')",
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
    return metaphor_findings(context.doc, group_index(context, options.group_terms))
