"""The author's other moves in real posts: a source belittled by a hedge, a forecast of imminent
violence or collapse, a dismissal that ends the discussion, and sweeping whataboutism.

Real partisan posts seldom use textbook stock phrases. They belittle whoever reported an
inconvenient fact ("some official, apparently ..."), forecast catastrophe as if it were news
("they are about to go into full war mode"), wave objections away ("it doesn't matter what the
ministry says") and sweep over every other country at once. Each move is one registered rule;
the word lists are the ``moves`` section of ``cue_phrases.json``.

Every rule keeps to the author's own assertion: a sentence that reports someone else's words or
forecast ("the agency said prices may rise", "officials warned of unrest") is a report, and a
past event ("the dam was about to burst") is a story, not a threat.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import filter_spans

from propaganda_lab.context import (
    DocContext,
    anchored_matches,
    pattern_anchors,
    per_vocab,
    tokenizer_for,
    tokens_of,
)
from propaganda_lab.findings import Finding
from propaganda_lab.lenses.framing._lexicons import cue_phrases
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

_VERBAL = {"VERB", "AUX"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_FIRST_PERSON = {"i", "we"}
_NEGATIONS = {"not", "n't", "never", "nt"}
#: Tenses that make a clause a story about the past ("was about to", "had been on the brink").
_PAST_TAGS = {"VBD"}


def _moves() -> dict[str, Any]:
    return cue_phrases()["moves"]  # type: ignore[no-any-return]


def _finding(doc: Doc, start: int, end: int, technique: str, evidence: str,
             rule: str) -> Finding:
    span = doc[start:end]
    return Finding(span.start_char, span.end_char, span.text, technique, evidence, rule=rule)


# --------------------------------------------------------------------------- shared facts


def _governor(token: Token) -> Token:
    """The verb a token hangs from (itself when it is one): where tense and negation sit."""
    current = token
    for _ in range(6):
        if current.pos_ in _VERBAL or current.head is current:
            return current
        current = current.head
    return current


def _is_past(verb: Token) -> bool:
    """'were about to', 'had been on the brink of', 'it was only a matter of time'."""
    return verb.tag_ in _PAST_TAGS or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in _PAST_TAGS for c in verb.children)


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in verb.children)


def _reports_someone(sent: Span) -> Token | None:
    """A verb (or 'according to') that makes the sentence a report of someone else's words or
    forecast; the author's own 'I say' or 'we predict' does not count, nor an imperative
    ('Expect riots')."""
    verbs = set(_moves()["reporting_verbs"])
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and (
                token.nbor().lower_ == "to"):
            return token
        if token.pos_ not in _VERBAL or token.lemma_.lower() not in verbs:
            continue
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects and subjects[0].lower_ in _FIRST_PERSON:
            continue
        if not subjects and token.i == sent.start:  # imperative: the author's own voice
            continue
        return token
    return None


def _is_question(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’)").endswith("?")


@per_vocab
def _phrases(vocab: Vocab) -> PhraseMatcher:
    """The phrase lists of the moves, keyed by list name (built once per vocab)."""
    nlp = tokenizer_for(vocab)
    moves = _moves()
    lists = {
        "imminence": moves["appeal_to_fear"]["imminence"],
        "threat": moves["appeal_to_fear"]["threats"],
        "aside": moves["source_derogation"]["asides"],
        "dismissal": moves["thought_terminating_cliche"]["dismissals"],
        "belittling": moves["source_derogation"]["belittling_words"],
    }
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for label, phrases in lists.items():
        matcher.add(label, [nlp.make_doc(phrase) for phrase in phrases])
    return matcher


def _phrase_spans(context: DocContext, label: str) -> list[Span]:
    doc = context.doc
    spans = context.memo("framing.moves.phrases",
                         lambda: tuple(_phrases(doc.vocab)(doc, as_spans=True)))
    return filter_spans([span for span in spans if span.label_ == label])


@functools.cache
def _pattern_table() -> dict[str, list[list[dict[str, Any]]]]:
    """Token patterns of the moves; each label is a pattern name read by one detector."""
    moves = _moves()
    places = moves["whataboutism"]["places"]
    derogation = moves["source_derogation"]
    table: dict[str, list[list[dict[str, Any]]]] = {}
    # Anchors only: what follows an anchor is checked in code (_extended), so the matcher
    # does not expand long optional runs for every token of every text.
    # "It doesn't matter what [the ministry says]", "no matter what [the experts claim]"
    table["dismiss_what_they_say"] = [
        [{"LOWER": {"IN": sorted(_NEGATIONS)}}, {"LEMMA": "matter"},
         {"LOWER": {"IN": ["what", "who", "how"]}}],
        [{"LOWER": "no"}, {"LOWER": "matter"}, {"LOWER": {"IN": ["what", "who"]}}],
        [{"LOWER": "who"}, {"LEMMA": "care"}, {"LOWER": "what"}],
    ]
    # "some official", "some random bureaucrat"
    table["some_source"] = [
        # singular only ('some officials said' is plain reporting); the tagger sometimes
        # reads 'some general' as an adjective, the parser still as the noun it is
        [{"LOWER": "some"}, {"LOWER": {"IN": derogation["vague_words"]}, "OP": "?"},
         {"LOWER": {"IN": derogation["roles"] + derogation["people"]},
          "TAG": {"IN": ["NN", "JJ"]}, "DEP": {"NOT_IN": ["amod", "compound"]}}],
    ]
    # "the supposedly independent [commission]", "the so-called neutral [fact-checkers]"
    table["mocked_credibility"] = [
        [{"LOWER": {"IN": derogation["hedge_adverbs"]}},
         {"LOWER": {"IN": derogation["credibility_words"]}}],
    ]
    # "every country where ...", "name one country where ..."
    table["every_place_where"] = [
        [{"LOWER": {"IN": ["every", "all", "any"]}},
         {"LOWER": {"IN": ["other", "single"]}, "OP": "?"},
         {"LEMMA": {"IN": places}}, {"LOWER": {"IN": ["where", "that", "which"]}}],
        [{"LOWER": {"IN": ["name", "show", "find"]}}, {"LOWER": "me", "OP": "?"},
         {"LOWER": {"IN": ["one", "a", "any"]}}, {"LOWER": "single", "OP": "?"},
         {"LEMMA": {"IN": places}}, {"LOWER": {"IN": ["where", "that"]}}],
    ]
    # "But when [the Ostrevans did it], ...", "if [a Valdoran had said that], ...", "the navy
    # did the same thing and nobody ...": the critics' own record instead of an answer
    table["double_standard"] = [
        [{"LOWER": {"IN": ["but", "yet", "and"]}}, {"LOWER": "when"}],
        [{"LOWER": "if"}, {"LOWER": {"IN": ["a", "an", "any", "the", "some"]}}],
    ]
    table["same_thing"] = [
        [{"LEMMA": "do"}, {"LOWER": "the"}, {"LOWER": {"IN": ["same", "exact"]}},
         {"LOWER": "same", "OP": "?"}, {"LOWER": "thing", "OP": "?"}],
    ]
    # "a man who calls himself [an expert]", "she claims to be [a journalist]"
    table["self_styled"] = [
        [{"LEMMA": {"IN": ["call", "style", "fancy", "bill", "describe"]}},
         {"LOWER": {"IN": ["himself", "herself", "themselves", "itself"]}}],
        [{"LEMMA": {"IN": ["claim", "pretend", "purport"]}}, {"LOWER": "to"}, {"LOWER": "be"}],
    ]
    # "whoever that general is", "whoever this expert may be"
    table["whoever_source"] = [
        [{"LOWER": "whoever"}, {"LOWER": {"IN": ["that", "this", "the"]}},
         {"LOWER": {"IN": derogation["roles"] + derogation["people"]}},
         {"LOWER": {"IN": ["may", "might"]}, "OP": "?"}, {"LEMMA": "be"}],
    ]
    table["full_x_mode"] = [
        [{"LOWER": "full"}, {"IS_ALPHA": True, "OP": "{1,2}"}, {"LOWER": "mode"}],
        [{"LOWER": "full"}, {"IS_ALPHA": True}, {"LOWER": "-"}, {"IS_ALPHA": True},
         {"LOWER": "mode"}],
    ]
    return table


@per_vocab
def _patterns(vocab: Vocab) -> Matcher:
    """The moves' Matcher (built once per vocab)."""
    matcher = Matcher(vocab)
    for label, patterns in _pattern_table().items():
        matcher.add(label, patterns)
    return matcher


@functools.cache
def _pattern_anchors() -> frozenset[str] | None:
    """Words one of which every move pattern needs: other sentences are not searched."""
    return pattern_anchors(p for patterns in _pattern_table().values() for p in patterns)


def _pattern_spans(context: DocContext, label: str) -> list[Span]:
    """The matches of one pattern, each run on to what completes it (``_COMPLETIONS``)."""
    doc = context.doc
    matches = context.memo("framing.moves.patterns", lambda: tuple(
        anchored_matches(context, _patterns(doc.vocab), _pattern_anchors())))
    wanted = doc.vocab.strings[label]
    complete = _COMPLETIONS.get(label)
    spans = []
    for match_id, start, end in matches:
        if match_id != wanted:
            continue
        span: Span | None = doc[start:end]
        if complete is not None:
            span = complete(context, doc[start:end])
        if span is not None:
            spans.append(span)
    return filter_spans(spans)


def _run_on(context: DocContext, span: Span, within: int,
            accept: Callable[[Token], bool], *, through: Callable[[Token], bool]
            ) -> Span | None:
    """``span`` run on to the first token (at most ``within`` tokens on, in its sentence)
    that ``accept`` takes, over tokens that ``through`` lets pass; None if there is none."""
    doc = context.doc
    sentence_end = context.sentence_range(span.start)[1]
    for index in range(span.end, min(span.end + within, sentence_end)):
        token = doc[index]
        if accept(token):
            return doc[span.start:index + 1]
        if not through(token):
            return None
    return None


def _said_by_others(context: DocContext, span: Span) -> Span | None:
    """'... what [the ministry says]': a verb of saying or thinking, no punctuation between."""
    opinion = set(_moves()["thought_terminating_cliche"]["opinion_verbs"])
    return _run_on(context, span, 7, lambda t: t.lemma_.lower() in opinion,
                   through=lambda t: not t.is_punct)


def _did_the_same(context: DocContext, span: Span) -> Span | None:
    """'but when [they did it]', 'if a [Valdoran had said that]'."""
    doc = context.doc
    if span[0].lower_ == "if":
        def accept(token: Token) -> bool:
            return token.lower_ == "had" and token.i + 2 < len(doc) and (
                doc[token.i + 1].lower_ in {"done", "said", "written", "tweeted", "posted"}
                and doc[token.i + 2].lower_ in {"this", "that", "it", "the"})
        found = _run_on(context, span, 5, accept,
                        through=lambda t: t.pos_ in {"PROPN", "NOUN", "ADJ"})
        return None if found is None else doc[found.start:found.end + 2]

    def did(token: Token) -> bool:
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        return token.lemma_ == "do" and following in {"it", "that", "this", "so", "the"}
    found = _run_on(context, span, 6, did,
                    through=lambda t: t.pos_ in {"PROPN", "PRON", "NOUN", "DET", "ADJ"})
    return None if found is None else doc[found.start:found.end + 1]


def _to_a_noun(context: DocContext, span: Span) -> Span | None:
    """'supposedly independent [Valdora Audit Office]': on to the noun it qualifies."""
    found = _run_on(context, span, 3, lambda t: t.pos_ in {"NOUN", "PROPN"},
                    through=lambda t: t.pos_ in {"ADJ", "NOUN", "PROPN"})
    if found is None:
        return None
    end = found.end
    while end < len(context.doc) and context.doc[end].pos_ == "PROPN":
        end += 1  # the whole name
    return context.doc[found.start:end]


def _to_a_role(context: DocContext, span: Span) -> Span | None:
    """'calls himself [an expert]', 'claims to be [a journalist]'."""
    return _run_on(context, span, 4, _is_source_role,
                   through=lambda t: t.pos_ in {"DET", "ADJ", "ADV"})


_COMPLETIONS: dict[str, Callable[[DocContext, Span], Span | None]] = {
    "dismiss_what_they_say": _said_by_others,
    "double_standard": _did_the_same,
    "mocked_credibility": _to_a_noun,
    "self_styled": _to_a_role,
}


# --------------------------------------------------------------------------- source derogation


def _is_source_role(token: Token) -> bool:
    """A noun for someone whose job is to know or report ('expert', 'spokesman', 'outlet')."""
    roles = _moves()["source_derogation"]["roles"]
    return token.lemma_.lower() in roles or token.lower_ in roles


def _is_person_noun(token: Token) -> bool:
    """A noun for people at large ('guy', 'activist'): a source only when they speak."""
    people = _moves()["source_derogation"]["people"]
    return token.lemma_.lower() in people or token.lower_ in people


def _is_source(token: Token) -> bool:
    """A source: a knowing or reporting role, or a person the sentence makes speak."""
    return _is_source_role(token) or (_is_person_noun(token) and _speaks(token))


def _speaks(token: Token) -> bool:
    """The noun is who a claim comes from: subject of a verb of saying or reporting, or the
    object of 'according to' / 'quoted by'."""
    verbs = set(_moves()["reporting_verbs"])
    head = token.head
    if token.dep_ in _SUBJECTS and head.lemma_.lower() in verbs:
        return True
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    return token.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in verbs


def _noun_head(token: Token) -> Token:
    while token.dep_ in {"compound", "amod"} and token.head.i > token.i:
        token = token.head
    return token


def _hedged_apposition(doc: Doc, adverb: Token) -> int | None:
    """``<source>, apparently the head of ..., said``: the source noun before the comma when
    the hedge questions who the source is, else None."""
    if adverb.i < 2 or doc[adverb.i - 1].text not in {",", "(", "—", "-"}:
        return None
    following = doc[adverb.i + 1] if adverb.i + 1 < len(doc) else None
    if following is None or following.pos_ not in {"DET", "NOUN", "PROPN", "ADJ", "PUNCT",
                                                    "NUM"}:
        return None
    source = _noun_head(doc[adverb.i - 2])
    named = source.ent_type_ in {"PERSON", "ORG", "NORP"} or source.pos_ == "PROPN"
    if not (_is_source_role(source) or _is_person_noun(source) or named) or not _speaks(source):
        return None
    return source.left_edge.i


@detector("framing.source_derogation_hedge", techniques=["source_derogation"], rules={
    "source_derogation.hedged_source":
        "A source belittled by a hedge ('some official, apparently ...', 'a so-called "
        "spokesman', 'whoever that is', 'the supposedly independent ...').",
})
def _hedged_source(context: DocContext, options: RunOptions) -> list[Finding]:
    """Who reported a fact made to sound dubious before the fact is weighed."""
    doc = context.doc
    found = []
    why = ("belittles the source with a hedge, so the reader discounts what it reported "
           "without being shown anything wrong with it.")
    for span in _pattern_spans(context, "some_source"):
        speaker = span[-1]
        hedged = speaker.i + 2 < len(doc) and doc[speaker.i + 1].text in {",", "(", "—", "-"} \
            and doc[speaker.i + 2].lower_ in _moves()["source_derogation"]["hedge_adverbs"]
        if _speaks(speaker) or hedged:
            found.append(_finding(doc, span.start, span.end, "source_derogation",
                                  f"'{span.text}' {why}", "source_derogation.hedged_source"))
    for span in _phrase_spans(context, "belittling"):
        after = list(doc[span.end:min(span.end + 3, len(doc))])
        role = next((t for t in after if _is_source(t) and t.pos_ in {"NOUN", "PROPN"}), None)
        if role is not None and all(t.pos_ in {"ADJ", "NOUN", "PROPN", "PUNCT"}
                                    for t in doc[span.end:role.i]):
            found.append(_finding(doc, span.start, role.i + 1, "source_derogation",
                                  f"'{doc[span.start:role.i + 1].text}' {why}",
                                  "source_derogation.hedged_source"))
    for span in _pattern_spans(context, "self_styled"):
        found.append(_finding(doc, span.start, span.end, "source_derogation",
                              f"'{span.text}' hints that the source's standing is self-awarded, "
                              "so the reader discounts it without being shown why.",
                              "source_derogation.hedged_source"))
    for span in _pattern_spans(context, "mocked_credibility"):
        found.append(_finding(doc, span.start, span.end, "source_derogation",
                              f"'{span.text}' mocks the source's standing with a hedge, so the "
                              "reader discounts it without being shown why.",
                              "source_derogation.hedged_source"))
    hedges = set(_moves()["source_derogation"]["hedge_adverbs"])
    for token in tokens_of(doc):
        if token.lower_ in hedges and (start := _hedged_apposition(doc, token)) is not None:
            end = token.i + 1
            while end < len(doc) and doc[end].text not in {",", ")", "—"} and (
                    end - token.i < 12 and doc[end].sent.start == token.sent.start):
                end += 1
            if end < len(doc) and doc[end].text == ")" and doc[token.i - 1].text == "(":
                end += 1  # keep the parenthesis whole
            found.append(_finding(doc, start, end, "source_derogation",
                                  f"'{doc[start:end].text}' {why}",
                                  "source_derogation.hedged_source"))
    for span in _pattern_spans(context, "whoever_source"):
        found.append(_finding(doc, span.start, span.end, "source_derogation",
                              f"'{span.text}' waves the source away instead of weighing what "
                              "it said.", "source_derogation.hedged_source"))
    for span in _phrase_spans(context, "aside"):
        before = [t for t in doc[max(span.sent.start, span.start - 4):span.start]
                  if not t.is_punct]
        if before and before[-1].pos_ in {"NOUN", "PROPN"}:
            found.append(_finding(doc, before[-1].left_edge.i if before[-1].left_edge.i
                                  >= span.sent.start else before[-1].i, span.end,
                                  "source_derogation",
                                  f"'{span.text}' waves the source away instead of weighing "
                                  "what it said.", "source_derogation.hedged_source"))
    return found


# --------------------------------------------------------------------------- appeal to fear


def _harm_in(tokens: Span, skip: range) -> Token | None:
    """The first word of violence or collapse among the tokens (outside the cue itself)."""
    harms = set(_moves()["appeal_to_fear"]["harm_lemmas"])
    return next((t for t in tokens if t.i not in skip and (
        t.lemma_.lower() in harms or t.lower_ in harms) and not _is_negated(_governor(t))),
        None)


def _hedged(sent: Span) -> bool:
    hedges = set(_moves()["appeal_to_fear"]["hedges"])
    return any(t.lower_ in hedges for t in sent)


#: Cues that may follow the harm they announce ('Civil war is coming', 'they are arming as we
#: speak'); every other cue announces what comes after it ('on the brink of collapse').
_CUES_AFTER_HARM = {"as we speak", "is coming", "are coming", "mark my words", "count on it",
                    "you can bet", "is inevitable", "are inevitable", "sooner or later",
                    "before long"}


def _forecast(cue: Span) -> bool:
    """The cue is the author's own present forecast: not reported, hedged, past, negated or
    asked."""
    sent = cue.sent
    verb = _governor(cue[0])
    return not (_is_question(sent) or _hedged(sent) or _is_past(verb) or _is_negated(verb)
                or _reports_someone(sent) is not None)


_FUTURE = {"will", "'ll", "shall", "wo"}
_READER = {"us", "you", "we"}


def _harm_to_reader(context: DocContext) -> list[Span]:
    """'They will destroy our country', 'we will be overrun', 'you will starve', 'they will
    wipe out Valdora': a harm forecast for the reader, their own, or a whole people."""
    harms = set(_moves()["appeal_to_fear"]["reader_harm_verbs"])
    shared = set(_moves()["appeal_to_fear"]["shared_targets"])
    found = []
    for verb in context.tokens:
        if verb.lemma_.lower() not in harms and verb.lower_ not in harms:
            continue  # the tagger reads 'overrun' in 'we will be overrun' as a noun
        future = any(c.lower_ in _FUTURE for c in verb.children) or (
            verb.dep_ == "xcomp" and verb.head.lower_ == "going")
        if not future:
            continue
        for child in verb.children:
            ours = (child.lower_ in _READER or child.lemma_.lower() in shared
                    or child.ent_type_ in {"GPE", "NORP"}
                    or any(c.dep_ == "poss" and c.lower_ in {"our", "your"}
                           for c in child.children))
            if (child.dep_ in {"dobj", "nsubjpass"} and ours) or (
                    child.dep_ == "nsubj" and child.lower_ in {"we", "you"}
                    and not any(c.dep_ == "dobj" for c in verb.children)):
                found.append(verb.doc[verb.i:verb.i + 1])
                break
    return found


@detector("framing.imminent_harm", techniques=["appeal_to_fear"], rules={
    "appeal_to_fear.imminent_harm":
        "The author's own forecast of imminent violence or collapse ('about to go into full "
        "war mode', 'only a matter of time before ...', 'as we speak'): fear, not evidence.",
})
def _imminent_harm(context: DocContext, options: RunOptions) -> list[Finding]:
    """Catastrophe forecast as certain and near, in the author's voice (not a reported
    forecast, not a hedged one, not a past event, not a question)."""
    doc = context.doc
    modes = {span.sent.start: span for span in _pattern_spans(context, "full_x_mode")}
    found, seen = [], set()
    candidates: list[tuple[Span, Span]] = [
        (cue, cue) for cue in _phrase_spans(context, "threat")]
    for cue in _phrase_spans(context, "imminence"):
        sent = cue.sent
        mode = modes.get(sent.start)
        if mode is not None:  # 'full war mode any day now', 'about to go full war mode'
            candidates.append((cue, mode))
            continue
        either_side = " ".join(cue.text.lower().split()) in _CUES_AFTER_HARM
        region = sent if either_side else doc[cue.end:sent.end]
        word = _harm_in(region, range(cue.start, cue.end))
        if word is not None:
            candidates.append((cue, doc[word.i:word.i + 1]))
    candidates += [(verb, verb) for verb in _harm_to_reader(context)]
    for cue, harm in sorted(candidates, key=lambda pair: pair[0].start):
        sent = cue.sent
        if sent.start in seen or not _forecast(cue):
            continue
        seen.add(sent.start)
        said = f"'{cue.text}'" if harm is cue else f"'{cue.text}' ... '{harm.text}'"
        found.append(_finding(
            doc, sent.start, sent.end, "appeal_to_fear",
            f"{said}: the author forecasts violence or collapse as near and certain, without "
            "evidence; the fear does the persuading.", "appeal_to_fear.imminent_harm"))
    return found


# --------------------------------------------------------------------------- dismissals


def _ends_clause(span: Span) -> bool:
    """The phrase stands alone: punctuation or the end of the sentence follows it."""
    return span.end >= span.sent.end or span.doc[span.end].is_punct


def _closing_word(sent: Span) -> Span | None:
    """'Period.' / 'Full stop.' / 'End of.' said after a claim, or a claim ending ', period.'"""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    lowered = [t.lower_ for t in words]
    if lowered in (["period"], ["full", "stop"], ["end", "of"]) and sent.start > 0:
        return sent.doc[words[0].i:words[-1].i + 1]
    if len(words) > 3 and lowered[-1] == "period":
        before = sent.doc[words[-1].i - 1]
        if before.text in {",", "-", "—", "–", "...", "…"}:
            return sent.doc[words[-1].i:words[-1].i + 1]
    return None


@detector("framing.dismissal", techniques=["thought_terminating_cliche"], rules={
    "thought_terminating_cliche.dismissal":
        "A dismissal that ends the discussion ('it doesn't matter what X says', 'nothing "
        "more to say', 'Period.').",
})
def _dismissal(context: DocContext, options: RunOptions) -> list[Finding]:
    """Objections waved away in advance, so the reader stops weighing them."""
    doc = context.doc
    found = []
    for span in _pattern_spans(context, "dismiss_what_they_say"):
        if span[0].lower_ == "no" and any(not t.is_punct and t.lower_ not in {"but", "and"}
                                          for t in doc[span.sent.start:span.start]):
            continue  # 'obey him no matter what he says' describes; a fronted one dismisses
        start = span.start
        while start > span.sent.start and doc[start - 1].lower_ in {"it", "does", "do", "did",
                                                                     "will", "wo", "would"}:
            start -= 1
        span = doc[start:span.end]
        found.append(_finding(doc, span.start, span.end, "thought_terminating_cliche",
                              f"'{span.text}' dismisses what others say before it is heard: "
                              "the reader is told to stop weighing it.",
                              "thought_terminating_cliche.dismissal"))
    for span in _phrase_spans(context, "dismissal"):
        if not _ends_clause(span):
            continue  # 'and that is that there is a war' goes on: no dismissal
        if span[0].pos_ == "VERB" and any(
                not t.is_punct for t in doc[span.sent.start:span.start]):
            continue  # 'how to deal with it' is not the retort 'Deal with it.'

        found.append(_finding(doc, span.start, span.end, "thought_terminating_cliche",
                              f"'{span.text}' closes the discussion instead of answering it.",
                              "thought_terminating_cliche.dismissal"))
    for sent in context.sentences:
        closing = _closing_word(sent)
        if closing is not None:
            found.append(_finding(doc, closing.start, closing.end, "thought_terminating_cliche",
                                  f"'{closing.text}' after a claim forbids any reply to it.",
                                  "thought_terminating_cliche.dismissal"))
    return found


# --------------------------------------------------------------------------- whataboutism


#: Words that may open a sentence before its sweep ('In every country where ...', 'Just look
#: at every country where ...'); anything else makes 'every country where' a description.
_SWEEP_OPENERS = {"in", "look", "at", "just", "but", "and", "yet", "so", "virtually", "nearly",
                  "almost", "practically", "literally", "name", "show", "me", "find", "now",
                  "'", '"', "“", "-", "—", ","}


#: Words that, after 'did the same thing', say the other party was spared ('... and nobody
#: said a word', '... but was never charged').
_SPARED = {"nobody", "no-one", "never", "nothing", "n't", "not", "yet", "but", "while",
           "whereas"}


def _same_but_spared(span: Span) -> bool:
    """'They did the same thing and nobody complained': the comparison is a double standard
    only when the sentence goes on to say the other party was spared."""
    rest = span.doc[span.end:span.sent.end]
    return any(t.lower_ in _SPARED for t in rest) or any(
        t.lower_ == "one" and t.i > 0 and t.nbor(-1).lower_ == "no" for t in rest)


#: What 'you' are said never to do in a silence claim ('you never hear about ...').
_YOU_HEAR = {"hear", "read"}

#: Openers that set a silence claim against what came before ('But nobody talks about ...').
_CONTRAST_OPENERS = {"but", "yet", "still", "meanwhile", "funny", "strange", "odd", "curiously",
                     "interestingly", "notice", "why", "however", "instead", "somehow"}


def _set_against(verb: Token) -> bool:
    """'But nobody talks about ...', 'nobody ever mentions ...', 'Why does nobody ask ...?':
    the silence is set against something else; 'No one has mentioned his name' is not."""
    sent = verb.sent
    opener = next((t for t in sent if not t.is_punct and not t.is_quote), None)
    if opener is not None and opener.lower_ in _CONTRAST_OPENERS:
        return True
    if any(c.lower_ == "ever" for c in verb.children) or _is_question(sent):
        return True
    return any(t.lower_ in {"but", "yet", "while", "whereas"} for t in sent[:verb.i - sent.start])


def _silence_claim(verb: Token) -> Token | None:
    """The subject of 'nobody talks about ...', 'the media never mention ...', 'you never
    hear about ...' (None when the verb is not such a claim)."""
    moves = _moves()["whataboutism"]
    lemma = verb.lemma_.lower()
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None or verb.tag_ in _PAST_TAGS:
        return None
    has_object = any(c.dep_ in {"prep", "dobj", "ccomp", "xcomp", "pobj"} for c in verb.children)
    if not has_object:
        return None
    nobody = subject.lower_ in moves["silent_subjects"] or (
        subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children))
    says_nothing = lemma == "say" and any(
        c.dep_ == "dobj" and c.lower_ in {"word", "anything", "peep", "thing"}
        for c in verb.children)
    hears = subject.lower_ == "you" and lemma in _YOU_HEAR
    if not (lemma in moves["silence_verbs"] or says_nothing or hears):
        return None
    if not (nobody or hears or subject.lower_ in moves["media_subjects"]
            or any(c.dep_ == "compound" for c in subject.children)):
        return None
    if not _set_against(verb):
        return None
    if nobody:
        return subject
    denied = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
    if subject.lower_ == "you":  # 'But you never hear about ...' (not 'Did you not read it?')
        return subject if denied and lemma in _YOU_HEAR and not _is_question(verb.sent) else None
    media = subject.lower_ in moves["media_subjects"] or any(
        c.lower_ in moves["media_subjects"] for c in subject.children if c.dep_ == "compound")
    if not (denied and media):
        return None
    return subject


@detector("framing.sweeping_whataboutism", techniques=["whataboutism"], rules={
    "whataboutism.nobody_talks_about":
        "'But nobody talks about ...', 'the media never mention ...': attention turned to "
        "what others are said to ignore, instead of the point at hand.",
    "whataboutism.double_standard":
        "'But when they did it ...', 'if a Valdoran had said that ...', 'they did the same "
        "and nobody ...': the critics' own record raised instead of an answer.",
    "whataboutism.every_place_where":
        "A sweep over 'every country where ...' or a challenge to 'name one country where "
        "...': a sweeping comparison in place of the case at hand.",
})
def _sweeping_whataboutism(context: DocContext, options: RunOptions) -> list[Finding]:
    """Deflection by silence claims and by sweeping comparisons, in the author's voice."""
    doc = context.doc
    found = []
    for token in tokens_of(doc):
        if token.pos_ != "VERB":
            continue
        subject = _silence_claim(token)
        if subject is None or _reports_someone(token.sent) is not None:
            continue
        found.append(_finding(
            doc, token.sent.start, token.sent.end, "whataboutism",
            f"'{subject.text} ... {token.text}': says others ignore something, turning "
            "attention away from the point at hand.", "whataboutism.nobody_talks_about"))
    spans = _pattern_spans(context, "double_standard") + [
        span for span in _pattern_spans(context, "same_thing") if _same_but_spared(span)]
    for span in sorted(spans, key=lambda s: s.start):
        sent = span.sent
        if _reports_someone(sent) is not None:
            continue
        found.append(_finding(
            doc, sent.start, sent.end, "whataboutism",
            f"'{span.text} ...': answers by pointing at what someone else did, not at the "
            "point at hand.", "whataboutism.double_standard"))
    for span in _pattern_spans(context, "every_place_where"):
        sent = span.sent
        if _reports_someone(sent) is not None or _is_past(sent.root):
            continue
        if any(t.lower_ not in _SWEEP_OPENERS for t in doc[sent.start:span.start]):
            continue  # 'the firm operates in every country where ...' is a description
        if any(t.like_num or t.ent_type_ in {"CARDINAL", "PERCENT", "MONEY"}
               for t in sent if not span.start <= t.i < span.end):
            continue  # a counted finding ('in every country where it was tested, 12 %')
        found.append(_finding(
            doc, sent.start, sent.end, "whataboutism",
            f"'{span.text} ...': sweeps over every other case at once instead of answering "
            "about this one.", "whataboutism.every_place_where"))
    return found
