"""The article as its own source: an author's retelling compared with the excerpt it retells.

A partisan post often pastes a cautious report ("Here is what the agency put out: ...") and a
few lines later retells it in stronger words ("we were told they were packing up and going
home"). The reader has both in front of them, so the comparison needs no outside source:

1. **Which excerpt**: the reproduced material the voice step finds (pasted excerpts, and
   speech quotations of at least ``EXCERPT_MIN_WORDS`` words, which reproduce a passage).
2. **Which author sentence retells it**: a sentence in the author's voice that shares content
   words with one excerpt sentence, either many of them or at least one together with a phrase
   that points back at the excerpt ("we were told", "the report", the excerpt's source named).
   The sentence is matched as the quote lens matches a quote to a source sentence: word votes,
   then rapidfuzz to rank.
3. **What changed**: the excerpt sentence's hedges (attribution, uncertainty, scope) that the
   retelling drops while asserting the same thing; certainty words it adds ("confirmed",
   "definitely"); and a different or vaguer source credited for it ("spread by some general"
   when the excerpt names the outlet).

Questions and sentences that contradict the excerpt are not retellings; a retelling that keeps
the excerpt's limits is fair and gives no finding.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import finding_at
from propaganda_lab.lenses.quotes._lexicons import lexicons, phrase_regex
from propaganda_lab.lenses.quotes.align import shorten
from propaganda_lab.lenses.quotes.facts import VoiceSegment, voice_segments
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from propaganda_lab.context import DocContext
    from propaganda_lab.findings import Finding
    from propaganda_lab.options import RunOptions

__all__ = ["EXCERPT_MIN_WORDS", "RETELLING_RULES", "Retelling", "RetoldCue", "retellings"]

#: A quotation this long, run on after a colon, reproduces a passage the author can retell.
EXCERPT_MIN_WORDS = 25
#: Content words shared with an excerpt sentence that make a sentence a retelling by
#: themselves; with a phrase pointing back at the excerpt, one shared word is enough.
MIN_SHARED_ALONE = 4
#: ... and only when the wording is this close (rapidfuzz token_set_ratio): on real text,
#: looser matches paired an excerpt with any sentence on the same topic.
MIN_CLOSE_SIMILARITY = 60
#: rapidfuzz token_set_ratio below which a pointer-plus-one-word match is too loose.
MIN_POINTED_SIMILARITY = 30
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
#: Verbs that carry the telling, not the content ("we were told", "the report said").
_FRAME_LEMMAS = {"say", "tell", "report", "claim", "state", "write", "be", "have", "do",
                 "make", "get", "put", "want", "know", "think", "see", "accord"}
_NOT_NAMES = {"the", "a", "an", "and", "of", "for", "on", "in", "this", "that", "its", "his",
              "her", "their", "our", "my"}
_PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "us", "them", "who", "which", "that"}
_SPEECH_DEPS = {"nsubj", "nsubjpass"}

RETELLING_RULES = {
    "dropped_qualifier.retold_without_hedge":
        "The author retells an excerpt the article itself reproduces but drops the excerpt's "
        "hedge (who said it, how sure, how much or how soon): a cautious report comes out as "
        "a firm claim.",
    "exaggeration_minimisation.retold_stronger":
        "The author's retelling of an excerpt adds certainty words the excerpt does not have "
        "('confirmed', 'definitely').",
    "misattribution.retold_source":
        "The author credits an excerpt's claim to a different or vaguer source than the one "
        "the article itself names for it.",
}


@dataclass(frozen=True)
class RetoldCue:
    """One word or phrase that differs: in the excerpt (a dropped hedge) or the retelling."""

    phrase: str
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Retelling:
    """An author's sentence that retells one sentence of an excerpt, and what it changed."""

    start: int
    end: int
    excerpt_start: int
    excerpt_end: int
    excerpt_source: str | None
    #: The excerpt sentence it retells (character offsets into the same text).
    retold_start: int
    retold_end: int
    shared: tuple[str, ...]
    pointer: str | None
    dropped: tuple[RetoldCue, ...] = ()
    added: tuple[RetoldCue, ...] = ()
    #: Who the retelling credits, when that is not the excerpt's source.
    credited: RetoldCue | None = None

    @property
    def changed(self) -> bool:
        return bool(self.dropped or self.added or self.credited)


@dataclass(frozen=True)
class _Cues:
    hedges: tuple[tuple[str, str], ...]  # (phrase, category)
    hedge_pattern: re.Pattern[str]
    category_words: dict[str, str]
    certainty: re.Pattern[str]
    hearsay: re.Pattern[str]
    pointers: re.Pattern[str]
    vague: re.Pattern[str]
    spread: frozenset[str]


@functools.cache
def _cues() -> _Cues:
    data = load_json("data/lexicons/retelling.json", "retelling.schema.json")
    hedges = tuple((cue, name) for name, entry in data["hedges"].items() for cue in entry["cues"])
    return _Cues(
        hedges=hedges,
        hedge_pattern=phrase_regex([cue for cue, _ in hedges]),
        category_words={name: entry["explanation"] for name, entry in data["hedges"].items()},
        certainty=phrase_regex(data["certainty"]["cues"]),
        hearsay=phrase_regex(data["hearsay_frames"]),
        pointers=phrase_regex(data["pointer_phrases"]),
        vague=phrase_regex(data["vague_sources"]),
        spread=frozenset(data["spread_verbs"]),
    )


def _category(phrase: str) -> str:
    lowered = " ".join(phrase.lower().split())
    return next(name for cue, name in _cues().hedges if cue == lowered)


# --------------------------------------------------------------------------- excerpts


def _excerpts(context: DocContext) -> list[VoiceSegment]:
    """Pasted excerpts, and long quotations run on after a colon ('Here is what the agency
    put out, word for word: "..."'): material reproduced so the reader can read it. An
    ordinary quotation inside a news sentence is the reporter's evidence, not an excerpt the
    rest of the article retells (on real news, treating it as one was mostly wrong)."""
    text = context.text
    return [s for s in voice_segments(context)
            if s.kind == "excerpt" or (len(text[s.start:s.end].split()) >= EXCERPT_MIN_WORDS
                                       and text[:s.start].rstrip(" \"'“‘\n").endswith(":"))]


def _key(token: Token) -> str | None:
    """A content word as a comparable key: its lemma's first five letters ('Ostrevan' and
    'Ostreva' agree), or None for function words and the verbs of telling."""
    lemma = token.lemma_.lower()
    if (token.pos_ not in _CONTENT_POS or token.is_stop or not token.is_alpha or len(lemma) < 3
            or lemma in _FRAME_LEMMAS):
        return None
    return lemma[:5]


def _keys(tokens: list[Token]) -> set[str]:
    return {k for k in map(_key, tokens) if k}


def _excerpt_sentences(context: DocContext, segment: VoiceSegment
                       ) -> list[tuple[int, int, set[str], set[str]]]:
    """Each sentence of an excerpt: its offsets, content keys, and claim keys (no names)."""
    span = context.doc.char_span(segment.start, segment.end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    index = span.start
    while index < span.end:  # the sentences the excerpt touches, clipped to it
        first, last = context.sentence_range(index)
        index = last
        tokens = [t for t in context.doc[first:last] if segment.start <= t.idx < segment.end
                  and not t.is_space]
        if tokens:
            found.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1]), _keys(tokens),
                          _claim_keys(tokens)))
    return found


# --------------------------------------------------------------------------- comparing


def _cues_in(pattern: re.Pattern[str], text: str, offset: int, category: str | None = None
             ) -> list[RetoldCue]:
    return [RetoldCue(m.group(), category or _category(m.group()), offset + m.start(),
                      offset + m.end()) for m in pattern.finditer(text)]


def _negated(tokens: list[Token] | Span) -> bool:
    """A clause negated by 'not', "n't" or 'never' ('no buyer' negates a noun, not the claim)."""
    return any(t.dep_ == "neg" for t in tokens)


def _name_words(name: str | None) -> set[str]:
    """A source's name as comparable words, with its acronym ('Continental Press Agency' ->
    'cpa') so either form counts as the same source."""
    if not name:
        return set()
    words = re.findall(r"[A-Za-z]+", name)
    capitals = [w for w in words if w[0].isupper() and w.lower() not in _NOT_NAMES]
    found = {w.lower() for w in capitals if len(w) > 2}
    if len(capitals) > 1:
        found.add("".join(w[0] for w in capitals).lower())
    return found


def _phrase_of(head: Token) -> tuple[int, int]:
    """Character range of a noun phrase without its relative clause ('some blogger who ...'
    -> 'some blogger')."""
    skip = {t.i for c in head.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    tokens = []
    for token in head.subtree:
        if token.i in skip:
            break
        tokens.append(token)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _credited(tokens: list[Token], context: DocContext, excerpt_names: set[str],
              same_claim: bool) -> RetoldCue | None:
    """Who the sentence says the claim came from ('according to X', 'spread by X', 'X said')
    when that is a vague stand-in, or (for a sentence restating the same claim) a different
    named source than the excerpt's."""
    speech = lexicons().speech_verbs
    cues = _cues()
    for token in tokens:
        head: Token | None = None
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            head = next((c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"), None)
        elif token.pos_ == "VERB" and (token.lemma_.lower() in speech
                                       or token.lower_ in cues.spread
                                       or token.lemma_.lower() in cues.spread):
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            if agent is not None:
                head = next((c for c in agent.children if c.dep_ == "pobj"), None)
            else:
                head = next((c for c in token.children if c.dep_ in _SPEECH_DEPS), None)
        if head is None or head.lower_ in _PRONOUNS:
            continue
        start, end = _phrase_of(head)
        phrase = context.text[start:end]
        if cues.vague.search(phrase):
            return RetoldCue(phrase, "vague", start, end)
        names = _name_words(phrase)
        if same_claim and names and excerpt_names and not names & excerpt_names:
            return RetoldCue(phrase, "different", start, end)
    return None


def _reports_who(context: DocContext, cue: RetoldCue) -> bool:
    """'the agency has confirmed' reports who confirmed (attribution, not the author's
    certainty); 'it was confirmed' and 'definitely' are the author's own."""
    token = next((t for t in context.tokens if t.idx == cue.start), None)
    return token is not None and token.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "agent"} and c.lower_ not in {"it", "this", "that"}
        for c in token.children)


def _compare(context: DocContext, tokens: list[Token], segments: list[VoiceSegment],
             match: _Match) -> Retelling:
    """What the retelling (the author's ``tokens``) dropped from, added to, or re-credited
    in the excerpt sentence it retells."""
    cues = _cues()
    excerpt = match.excerpt
    author_text = " ".join(t.text for t in tokens)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    excerpt_text = context.text[excerpt.start:excerpt.end]
    retold_text = context.text[match.retold[0]:match.retold[1]]
    own = {_category(m.group()) for m in cues.hedge_pattern.finditer(author_text)}
    dropped: list[RetoldCue] = []
    retold_span = context.doc.char_span(*match.retold, alignment_mode="expand")
    if retold_span is not None and _negated(tokens) == _negated(retold_span):
        # a denial, or a reversal, is not a retelling
        dropped = [cue for cue in _cues_in(cues.hedge_pattern, retold_text, match.retold[0])
                   if cue.category != "attribution" and cue.category not in own]
    present = {m.group().lower() for m in cues.certainty.finditer(excerpt_text)}
    added = [cue for cue in _cues_in(cues.certainty, context.text[start:end], start,
                                     "certainty")
             if cue.phrase.lower() not in present and not _reports_who(context, cue)
             and not any(s.start <= cue.start < s.end for s in segments)]
    excerpt_names = _name_words(excerpt.speaker) | _name_words(excerpt_text)
    credited = _credited(tokens, context, excerpt_names, match.same_claim)
    return Retelling(start, end, excerpt.start, excerpt.end, excerpt.speaker,
                     match.retold[0], match.retold[1], tuple(sorted(match.shared)),
                     match.pointer, tuple(dropped), tuple(added), credited)


def _units(context: DocContext, segments: list[VoiceSegment]) -> list[list[Token]]:
    """The author's sentences as token lists: spaCy's sentences, cut at line breaks (a
    headline or byline is not part of the next sentence), without reproduced material."""
    units: list[list[Token]] = []
    for sentence in context.doc.sents:
        current: list[Token] = []
        for token in sentence:
            if "\n" in token.text or (token.is_space and "\n" in token.whitespace_):
                if current:
                    units.append(current)
                current = []
                continue
            if not token.is_space and not any(s.start <= token.idx < s.end for s in segments):
                current.append(token)
        if current:
            units.append(current)
    return units


@dataclass(frozen=True)
class _Match:
    excerpt: VoiceSegment
    retold: tuple[int, int]
    shared: set[str]
    pointer: str | None
    #: Enough of the claim's own words (not names) are shared to call it the same claim.
    same_claim: bool


def retellings(context: DocContext) -> list[Retelling]:
    """Every author sentence that retells an excerpt the text reproduces (fair ones too:
    ``Retelling.changed`` says whether anything was dropped, added or re-credited)."""
    def compute() -> tuple[Retelling, ...]:
        excerpts = _excerpts(context)
        if not excerpts:
            return ()
        segments = voice_segments(context)
        excerpt_sents = {(e.start, e.end): _excerpt_sentences(context, e) for e in excerpts}
        found: list[Retelling] = []
        for tokens in _units(context, segments):
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if len(tokens) < 4 or context.text[end - 1] == "?" or any(
                    _touches(context.text, start, end, e) for e in excerpts):
                continue  # too short, a question, or the line that introduces the excerpt
            author_text = " ".join(t.text for t in tokens)
            hearsay = _cues().hearsay.search(author_text)
            pointer = _cues().pointers.search(author_text)
            match = _best_match(context, excerpts, excerpt_sents, tokens, author_text,
                                hearsay.group() if hearsay else None,
                                pointer.group() if pointer else None)
            if match is not None:
                found.append(_compare(context, _clause(tokens, match.shared, hearsay),
                                      segments, match))
        return tuple(found)

    return list(context.memo("retellings", compute))


def _clause(tokens: list[Token], shared: set[str], hearsay: re.Match[str] | None
            ) -> list[Token]:
    """The part of the sentence (between colons, semicolons and dashes) that does the
    retelling: the one with the hearsay frame, else the most shared words."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token.text in {":", ";", "—", "–"}:
            parts.append([])
        else:
            parts[-1].append(token)
    parts = [p for p in parts if len(p) >= 3]
    if len(parts) <= 1:
        return tokens

    def weight(part: list[Token]) -> tuple[bool, int]:
        words = " ".join(t.text for t in part)
        return (bool(hearsay and hearsay.group() in words), len(_keys(part) & shared))

    return max(parts, key=weight)


def _touches(text: str, start: int, end: int, excerpt: VoiceSegment) -> bool:
    """The sentence overlaps the excerpt or runs straight into it ('NBC News:', '... put
    out, word for word: "...'): it introduces the excerpt, it does not retell it."""
    if start < excerpt.end and excerpt.start < end:
        return True
    if end <= excerpt.start:
        return not text[end:excerpt.start].strip(" \t\r\n\"'“”‘’:>")
    gap = text[excerpt.end:start]  # '"...," she said.' frames it; a new paragraph does not
    return "\n" not in gap and not gap.strip(" \t\"'“”‘’,.")


def _claim_keys(tokens: list[Token]) -> set[str]:
    """Content keys that are not proper names: what is claimed, not who or where."""
    return _keys([t for t in tokens if t.pos_ != "PROPN"])


def _best_match(context: DocContext, excerpts: list[VoiceSegment],
                excerpt_sents: dict[tuple[int, int], list[tuple[int, int, set[str], set[str]]]],
                tokens: list[Token], author_text: str, hearsay: str | None,
                pointer: str | None) -> _Match | None:
    """The excerpt sentence this author sentence retells, if any. Three ways in, from
    strongest pointer to none: a hearsay frame ('we were told') and one shared content word;
    a pointer ('the report') or the excerpt's source named, and two shared claim words; or a
    close paraphrase (``MIN_SHARED_ALONE`` claim words, similar wording)."""
    keys, claims = _keys(tokens), _claim_keys(tokens)
    best: tuple[float, _Match] | None = None
    for excerpt in excerpts:
        source_names = _name_words(excerpt.speaker)
        named = excerpt.speaker if source_names & _name_words(author_text) else None
        for start, end, their_keys, their_claims in excerpt_sents[(excerpt.start, excerpt.end)]:
            shared = {k for k in keys & their_keys if k not in source_names
                      and not any(n.startswith(k) for n in source_names)}
            shared_claims = claims & their_claims
            similarity = fuzz.token_set_ratio(author_text, context.text[start:end])
            paraphrase = (len(shared_claims) >= MIN_SHARED_ALONE
                          and similarity >= MIN_CLOSE_SIMILARITY)
            via = hearsay if hearsay and shared else (
                (pointer or named) if len(shared_claims) >= 2 else None)
            if not paraphrase and not (via and similarity >= MIN_POINTED_SIMILARITY):
                continue
            score = len(shared) + similarity / 100
            if best is None or score > best[0]:
                best = (score, _Match(excerpt, (start, end), shared, via, paraphrase))
    return None if best is None else best[1]


# --------------------------------------------------------------------------- findings


def _source_words(retelling: Retelling) -> str:
    return f"the excerpt from {retelling.excerpt_source}" if retelling.excerpt_source \
        else "the excerpt the article reproduces"


def retelling_findings(text: str, found: list[Retelling]) -> list[Finding]:
    """Catalogue findings for the retellings that changed something."""
    cues = _cues()
    findings: list[Finding] = []
    for item in (r for r in found if r.changed):
        retold = shorten(text[item.retold_start:item.retold_end])
        where = _source_words(item)
        if item.dropped:
            cut = "; ".join(f"'{c.phrase}' ({cues.category_words[c.category]})"
                            for c in item.dropped[:3])
            findings.append(finding_at(
                text, item.start, item.end, "dropped_qualifier",
                f"This retells {where} ('{retold}') but drops its limits: {cut}. Compare the "
                "two: the article's own excerpt is more careful than the author's retelling.",
                rule="dropped_qualifier.retold_without_hedge", target=item.excerpt_source))
        for cue in item.added[:2]:
            findings.append(finding_at(
                text, cue.start, cue.end, "exaggeration_minimisation",
                f"'{cue.phrase}' is the author's word: {where} ('{retold}') does not say it.",
                rule="exaggeration_minimisation.retold_stronger", target=item.excerpt_source))
        if item.credited is not None:
            kind = ("a vague stand-in" if item.credited.category == "vague"
                    else "a different source")
            findings.append(finding_at(
                text, item.credited.start, item.credited.end, "misattribution",
                f"The author credits this to '{item.credited.phrase}', {kind}; the article "
                f"itself gives {where} as where it came from ('{retold}').",
                rule="misattribution.retold_source", target=item.excerpt_source))
    return findings


@detector("quoting.retelling",
          techniques=["dropped_qualifier", "exaggeration_minimisation", "misattribution"],
          rules=RETELLING_RULES)
def _retelling_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """The author's retelling of an excerpt the article reproduces, compared with it."""
    return retelling_findings(context.text, retellings(context))
