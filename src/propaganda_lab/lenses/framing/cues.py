"""Persuasion cues beyond single words: stock phrases and sentence shapes that push a reader.

Stock phrases come from ``cue_phrases.json``: one detector matches every family (a
PhraseMatcher on lower-case forms), so a family added to the data file is detected with no code.
Shapes (either/or, rhetorical questions, short imperatives, "most people know") are
Matcher/DependencyMatcher patterns, one registered detector per technique, so every Finding
names the rule that fired (``technique.rule_name``).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.util import filter_spans

from propaganda_lab.context import (
    DocContext,
    anchored_dependency_matches,
    anchored_matches,
    pattern_anchors,
    per_vocab,
    tokenizer_for,
    tokens_of,
)
from propaganda_lab.findings import Finding
from propaganda_lab.lenses.framing._lexicons import cue_phrases
from propaganda_lab.lenses.framing.loaded import loaded_findings
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

#: One spaCy Matcher token pattern.
Pattern = list[dict[str, Any]]

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

_AGREE_VERBS = ["know", "agree", "understand", "see", "say", "want", "believe", "support",
                "think", "realise", "realize", "feel", "back"]
_ALL_QUANTIFIERS = ["most", "every", "all"]
_CROWD_SUBJECTS = ["everyone", "everybody", "thousands", "millions", "hundreds"]


# --------------------------------------------------------------------------- shared machinery
@per_vocab
def _phrase_matcher(vocab: Vocab) -> PhraseMatcher:
    """All stock phrases of all families, keyed by family (built once per vocab)."""
    nlp = tokenizer_for(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for family, spec in cue_phrases()["families"].items():
        matcher.add(family, [nlp.make_doc(phrase) for phrase in spec["phrases"]])
    return matcher


def _phrase_spans(doc: Doc, family: str | None = None) -> list[Span]:
    """Stock-phrase matches (of one family, or all), longest first where they overlap."""
    spans = _phrase_matcher(doc.vocab)(doc, as_spans=True)
    if family is not None:
        spans = [span for span in spans if span.label_ == family]
    by_family: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_family[span.label_].append(span)
    return [kept for group in by_family.values() for kept in filter_spans(group)]


def _finding(span: Span, technique: str, evidence: str, rule: str) -> Finding:
    # span.text is doc.text[start_char:end_char]; doc.text itself is rebuilt on every access
    # (O(length)), which made many findings on a long text quadratic.
    return Finding(span.start_char, span.end_char, span.text, technique, evidence, rule=rule)


def _sentence_span(span: Span) -> Span:
    """The whole sentence of a span (``findings.normalise`` trims its edges)."""
    return span.sent


def _stock_phrase_families() -> dict[str, str]:
    return {f"{family}.stock_phrase": f"A stock phrase from cue_phrases.json: {spec['evidence']}."
            for family, spec in cue_phrases()["families"].items()}


@detector("framing.stock_phrases", techniques=lambda: cue_phrases()["families"].keys(),
          rules=_stock_phrase_families)
def _stock_phrases(context: DocContext, options: RunOptions) -> list[Finding]:
    """Every stock phrase of every family in cue_phrases.json (phrase or whole sentence)."""
    families = cue_phrases()["families"]
    found = []
    for span in _phrase_spans(context.doc):
        spec = families[span.label_]
        target = _sentence_span(span) if spec["span"] == "sentence" else span
        found.append(_finding(target, span.label_,
                              f"Stock phrase '{span.text}': {spec['evidence']}.",
                              f"{span.label_}.stock_phrase"))
    return found


def _words(sent: Span) -> list[str]:
    return [t.lower_ for t in sent if not t.is_punct and not t.is_space]


# --------------------------------------------------------------------------- structural matchers
@functools.cache
def _shape_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """Token patterns for sentence shapes; each label is a rule id ``technique.rule_name``."""
    table: dict[str, list[list[dict[str, Any]]]] = {}
    table["doubt.rhetorical_question"] = [[
        {"LOWER": {"IN": ["really", "honestly", "seriously", "actually"]}},
        {"LEMMA": {"IN": ["believe", "think", "expect", "trust", "suppose", "imagine"]}},
    ]]
    table["exaggeration_minimisation.superlative_in_history"] = [
        [{"TAG": "JJS"}, {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "*"},
         {"LOWER": "in"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "history"}],
        [{"LOWER": "most"}, {"POS": "ADJ"}, {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "*"},
         {"LOWER": "in"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "history"}],
        [{"TAG": "JJS"}, {"POS": "NOUN"}, {"LOWER": "ever"}],
    ]
    table["whataboutism.what_about"] = [[
        {"LOWER": "what"}, {"LOWER": "about"},
        {"POS": {"IN": ["PROPN", "NOUN", "DET", "ADJ", "PRON"]}, "IS_SENT_START": False},
    ]]
    table["flag_waving.belongs_to_nation"] = [
        [{"LEMMA": "belong"}, {"LOWER": "to"},
         {"LOWER": {"IN": ["the", "our", "all"]}, "OP": "?"},
         {"LOWER": {"IN": ["nation", "people", "country", "homeland", "motherland"]}}],
        # "belongs to Valdora, not to ...": the nation set against a person or group
        [{"LEMMA": "belong"}, {"LOWER": "to"}, {"POS": "PROPN"}, {"LOWER": ","},
         {"LOWER": "not"}],
    ]
    # The nation as "ours", the argument being who we are ("defend our nation", "our
    # sovereignty"): general knowledge of flag-waving, written for any country's name.
    table["flag_waving.our_nation"] = [
        [{"LOWER": "our"}, {"LOWER": {"IN": _NATION_ADJECTIVES}, "OP": "*"},
         {"LOWER": {"IN": _NATION_NOUNS}}],
        [{"LOWER": "our"}, {"ENT_TYPE": "NORP"}, {"LOWER": {"IN": _NATION_NOUNS}}],
    ]
    # Identity as the argument: "as Americans", "un-Valdoran", "true patriots".
    table["flag_waving.identity_appeal"] = [
        [{"LOWER": "as"}, {"LOWER": {"IN": ["true", "real", "proud", "loyal", "good"]},
                           "OP": "?"},
         {"ENT_TYPE": "NORP", "TAG": {"IN": ["NNPS", "NNS"]}}, {"IS_PUNCT": True}],
        [{"LOWER": "un"}, {"LOWER": "-"},
         {"IS_TITLE": True, "LOWER": {"REGEX": r"(?:an|ish|ese|i)$"}}],
        # not "Operation Faithful Patriot": a capitalised name is not an appeal
        [{"LOWER": {"IN": ["patriotic", "patriots", "patriot"]}, "IS_TITLE": False}],
    ]
    table["black_and_white.only_n_options"] = [[
        {"LOWER": "only"}, {"LOWER": {"IN": ["two", "one"]}},
        {"LOWER": {"IN": ["choices", "options", "sides", "ways", "paths", "possibilities",
                          "kinds", "choice", "option", "way"]}},
    ]]
    return table


#: What a nation's "our" claims in flag-waving (not "our readers", "our reporter").
#: ("our forefathers", "our flag", "our heritage", "our homeland" are stock phrases.)
_NATION_NOUNS = ["nation", "country", "motherland", "fatherland",
                 "sovereignty", "troops", "soldiers", "heroes",
                 "patriots", "civilization", "civilisation", "borders", "soil", "republic",
                 "constitution", "independence", "freedoms", "liberty", "nationhood"]

#: Words between "our" and the nation that keep it the nation ("our great country"; not "our
#: personal liberty").
_NATION_ADJECTIVES = ["great", "beloved", "proud", "free", "own", "glorious", "dear",
                      "sovereign", "whole", "entire", "sacred"]


@per_vocab
def _dependency_matcher(vocab: Vocab) -> DependencyMatcher:
    """Who-says-what patterns read off the parse (bandwagon: "most people know")."""
    matcher = DependencyMatcher(vocab)
    verb = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": _AGREE_VERBS}}}
    matcher.add("bandwagon.most_people_agree", [
        [verb,
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject",
          "RIGHT_ATTRS": {"DEP": "nsubj"}},
         {"LEFT_ID": "subject", "REL_OP": ">", "RIGHT_ID": "quantifier",
          "RIGHT_ATTRS": {"LOWER": {"IN": _ALL_QUANTIFIERS}}}],
        [verb,
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject",
          "RIGHT_ATTRS": {"DEP": "nsubj", "LOWER": {"IN": _CROWD_SUBJECTS}}}],
    ])
    return matcher


@functools.cache
def _shape_split() -> tuple[dict[str, list[Pattern]], dict[str, list[Pattern]], frozenset[str]]:
    """The shape patterns that need one of some words (searched only in the sentences holding
    one: a Matcher walks every token with every pattern), those that name no word they need
    (searched everywhere), and the words."""
    anchored: dict[str, list[Pattern]] = {}
    everywhere: dict[str, list[Pattern]] = {}
    words: set[str] = set()
    for label, patterns in _shape_patterns().items():
        for pattern in patterns:
            anchors = pattern_anchors([pattern])
            (everywhere if anchors is None else anchored).setdefault(label, []).append(pattern)
            words |= anchors or set()
    return anchored, everywhere, frozenset(words)


@per_vocab
def _shape_matchers(vocab: Vocab) -> tuple[Matcher, Matcher]:
    """The anchored and the everywhere shape matchers, built once per vocab."""
    anchored, everywhere, _ = _shape_split()
    matchers = Matcher(vocab), Matcher(vocab)
    for matcher, table in zip(matchers, (anchored, everywhere), strict=True):
        for label, patterns in table.items():
            matcher.add(label, patterns)
    return matchers


#: 'unValdoran', 'un-Ostrevan' as one token the model tags as a people (NORP): read off the
#: entities, since a REGEX pattern in a Matcher runs on every token of the text.
_UN_DEMONYM = re.compile(r"^un-?[a-z]+(?:an|ish|ese|i)$")


def _shape_matches(context: DocContext) -> list[tuple[int, int, int]]:
    doc = context.doc
    anchored, everywhere = _shape_matchers(doc.vocab)
    found = anchored_matches(context, anchored, _shape_split()[2])
    if _shape_split()[1]:
        found += [(key, start, end) for key, start, end in everywhere(doc)]
    identity = doc.vocab.strings["flag_waving.identity_appeal"]
    found += [(identity, token.i, token.i + 1) for entity in doc.ents
              if entity.label_ == "NORP" for token in entity if _UN_DEMONYM.match(token.lower_)]
    return sorted(found, key=lambda match: (match[1], match[2]))


def _shape_spans(context: DocContext, technique: str) -> list[tuple[Span, str]]:
    """The shape matches of one technique; the matchers run once per Doc for all of them."""
    doc = context.doc
    matches = context.memo("framing.shape_matches", lambda: _shape_matches(context))
    found = []
    for match_id, start, end in matches:
        rule = doc.vocab.strings[match_id]
        if rule.startswith(technique + "."):
            found.append((doc[start:end], rule))
    return found


# --------------------------------------------------------------------------- the shapes
@detector("framing.doubt", techniques=["doubt"], rules={
    "doubt.rhetorical_question": "A 'really/honestly believe ...?' question that mocks belief.",
    "doubt.claim_verb": "'claims that ...' instead of 'said': doubt cast without a reason.",
})
def _doubt(context: DocContext, options: RunOptions) -> list[Finding]:
    """Mocking incredulity: 'Did you really believe that?', 'claiming there is ...'."""
    doc = context.doc
    found = []
    for span, rule in _shape_spans(context, "doubt"):
        sentence = _sentence_span(span)
        if sentence.text.rstrip().endswith("?"):
            found.append(_finding(
                sentence, "doubt",
                f"A rhetorical question ('{span.text} ...?') mocks the reader for believing a "
                "claim instead of showing it is wrong.", rule))
    for token in tokens_of(doc):
        if token.lemma_ == "claim" and token.pos_ == "VERB":
            clause = [t for t in token.children if t.dep_ in {"ccomp", "xcomp"}]
            if clause:
                end = max(t.i for t in clause[0].subtree) + 1
                found.append(_finding(
                    doc[token.i:end], "doubt",
                    f"'{token.text}' (instead of 'said' or 'found') signals the writer doubts "
                    "what follows without saying why.", "doubt.claim_verb"))
    return found


@detector("framing.appeal_to_fear", techniques=["appeal_to_fear"], rules={
    "appeal_to_fear.conditional_threat":
        "'If/unless ... will' or 'keep doing X and ...' with a harm word: fear, not evidence.",
})
def _appeal_to_fear(context: DocContext, options: RunOptions) -> list[Finding]:
    """A conditional that predicts harm ('If the government caves, every depot will be next')."""
    fear_words = set(cue_phrases()["fear_words"])
    found = []
    for sent in context.sentences:
        lemmas = {t.lemma_.lower() for t in sent}
        future = any(t.lower_ in {"will", "'ll", "wo"} for t in sent)
        conditional = any(t.dep_ == "mark" and t.lower_ in {"if", "unless"} for t in sent)
        keep_doing = sent[0].lemma_ in {"keep", "let", "allow"} and "and" in _words(sent)
        harms = sorted(lemmas & fear_words)
        if future and (conditional or keep_doing) and harms:
            found.append(_finding(
                _sentence_span(sent), "appeal_to_fear",
                "A prediction of harm ('will' + " + ", ".join(f"'{w}'" for w in harms[:3])
                + ") tied to a condition: it pushes by fear rather than by evidence.",
                "appeal_to_fear.conditional_threat"))
    return found


@detector("framing.exaggeration", techniques=["exaggeration_minimisation"], rules={
    "exaggeration_minimisation.superlative_in_history":
        "'the worst ... in history', 'the biggest ... ever': a superlative over all of time.",
})
def _exaggeration(context: DocContext, options: RunOptions) -> list[Finding]:
    """'the most embarrassing blunder in the history of ...', 'the worst decision ever'."""
    return [
        _finding(span, "exaggeration_minimisation",
                 f"'{span.text}': a superlative stretched over all of history inflates the point.",
                 rule)
        for span, rule in _shape_spans(context, "exaggeration_minimisation")
    ]


@detector("framing.whataboutism", techniques=["whataboutism"], rules={
    "whataboutism.what_about": "'What about ...?' in mid-sentence: deflection to another party.",
    "whataboutism.previous_government": "Raising what a previous government did instead.",
})
def _whataboutism(context: DocContext, options: RunOptions) -> list[Finding]:
    """'What about ...?', 'the previous government also ...': deflecting to someone else."""
    doc = context.doc
    found = [
        _finding(_sentence_span(span), "whataboutism",
                 "'What about ...' turns attention to someone else instead of answering.", rule)
        for span, rule in _shape_spans(context, "whataboutism")
    ]
    for token in tokens_of(doc):
        if (token.dep_ == "nsubj" and token.lemma_ in {"government", "administration", "cabinet"}
                and any(c.lower_ in {"previous", "former", "last"} for c in token.children)
                and token.head.tag_ == "VBD"):
            found.append(_finding(
                _sentence_span(token.doc[token.i:token.i + 1]), "whataboutism",
                "Raising what a previous government did deflects from the present decision.",
                "whataboutism.previous_government"))
    return found


@detector("framing.flag_waving", techniques=["flag_waving"], rules={
    "flag_waving.belongs_to_nation": "'belongs to the nation/people', 'belongs to X, not to ...'.",
    "flag_waving.our_nation": "The nation claimed as 'ours' ('defend our nation', 'our "
                              "sovereignty'): belonging offered in place of a reason.",
    "flag_waving.identity_appeal": "National identity as the argument ('as Americans', "
                                   "'un-Valdoran', 'patriots').",
})
def _flag_waving(context: DocContext, options: RunOptions) -> list[Finding]:
    """National belonging used as the argument."""
    return [
        _finding(_sentence_span(span), "flag_waving",
                 f"'{span.text}': claims something for the nation instead of giving a reason.",
                 rule)
        for span, rule in _shape_spans(context, "flag_waving")
        if span[-1].dep_ != "compound"  # "our country correspondent" is a job title
    ]


def _is_imperative(sent: Span) -> bool:
    root = sent.root
    return (root.tag_ == "VB" and root.i == sent.start
            and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children))


def _is_contrast_slogan(sent: Span) -> bool:
    """ "Work, not riots." / "Not in our harbour." : verbless, built around "not"."""
    words = _words(sent)
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in sent)
    return not has_verb and "not" in words


@detector("framing.slogans", techniques=["slogans"], rules={
    "slogans.short_imperative": "A command of at most six words, easy to chant.",
    "slogans.not_contrast": "A short verbless contrast built around 'not' ('Work, not riots').",
})
def _slogans(context: DocContext, options: RunOptions) -> list[Finding]:
    """Short (at most 6 words) imperative or verbless 'X, not Y' sentences; stock clichés are
    left to the thought-terminating-cliché phrases."""
    cliche_starts = {span.sent.start
                     for span in _phrase_spans(context.doc, "thought_terminating_cliche")}
    found = []
    for sent in context.sentences:
        words = _words(sent)
        text = sent.text.strip()
        if not words or len(words) > 6 or text.endswith("?") or sent.start in cliche_starts:
            continue
        if any(t.like_num for t in sent):
            continue
        if _is_imperative(sent):
            rule, why = "slogans.short_imperative", "a short command, easy to chant and repeat"
        elif _is_contrast_slogan(sent):
            rule, why = "slogans.not_contrast", "a short verbless contrast built around 'not'"
        else:
            continue
        found.append(_finding(_sentence_span(sent), "slogans",
                              f"'{text}' is {why}: a slogan replaces an argument.", rule))
    return found


@detector("framing.tautology", techniques=["thought_terminating_cliche"], rules={
    "thought_terminating_cliche.tautology": "A short 'X is X' sentence that ends discussion.",
})
def _tautology(context: DocContext, options: RunOptions) -> list[Finding]:
    """'Rules are rules', 'A deal is a deal'."""
    found = []
    for sent in context.sentences:
        words = _words(sent)
        if 3 <= len(words) <= 5 and words[1] in {"is", "are"} and words[0] == words[-1]:
            found.append(_finding(
                _sentence_span(sent), "thought_terminating_cliche",
                f"'{sent.text.strip()}' says nothing ('X is X') but ends the discussion.",
                "thought_terminating_cliche.tautology"))
    return found


@detector("framing.black_and_white", techniques=["black_and_white"], rules={
    "black_and_white.only_n_options": "'only two choices', 'only one way'.",
    "black_and_white.either_or": "'Either ... or ...' offered as the only options.",
})
def _black_and_white(context: DocContext, options: RunOptions) -> list[Finding]:
    """False dilemmas: 'Either ... or ...', 'only two choices'."""
    found = [
        _finding(_sentence_span(span), "black_and_white",
                 f"'{span.text}': presents only two options when there may be more.", rule)
        for span, rule in _shape_spans(context, "black_and_white")
    ]
    for sent in context.sentences:
        words = _words(sent)
        if "either" in words and "or" in words[words.index("either") + 1:]:
            found.append(_finding(
                _sentence_span(sent), "black_and_white",
                "'Either ... or ...' offers two options as if no others existed.",
                "black_and_white.either_or"))
    return found


@detector("framing.bandwagon", techniques=["bandwagon"], rules={
    "bandwagon.most_people_agree": "'Most people know', 'everyone agrees' (read off the parse).",
})
def _bandwagon(context: DocContext, options: RunOptions) -> list[Finding]:
    """'Most Valdorans already know this', 'Everyone agrees'."""
    doc = context.doc
    found = []
    # every match has a quantifier ('most people') or a crowd ('everyone') as the subject
    anchors = frozenset(_ALL_QUANTIFIERS + _CROWD_SUBJECTS)
    matches = anchored_dependency_matches(context, _dependency_matcher(doc.vocab), anchors)
    for match_id, token_ids in matches:
        verb, subject = doc[token_ids[0]], doc[token_ids[1]]
        found.append(_finding(
            _sentence_span(doc[verb.i:verb.i + 1]), "bandwagon",
            f"'{subject.text} ... {verb.text}': says most people already agree, so the reader "
            "should too (who asked them, and how?).", doc.vocab.strings[match_id]))
    return found


@detector("framing.source_derogation", techniques=["source_derogation"], rules={
    "source_derogation.sweeping_relcl":
        "A source followed by a sweeping 'which has never/always ...' aside.",
})
def _source_derogation(context: DocContext, options: RunOptions) -> list[Finding]:
    """Attacks on the messenger ('an association which has opposed every reform')."""
    doc = context.doc
    sources = set(cue_phrases()["source_nouns"])
    found = []
    for token in tokens_of(doc):
        if token.dep_ != "relcl":
            continue
        head = token.head
        is_source = head.lemma_.lower() in sources or head.ent_type_ in {"ORG", "PERSON"}
        sweeping = any(t.lower_ in {"never", "always", "every", "repeatedly"}
                       for t in token.subtree)
        if is_source and sweeping:
            clause = doc[token.left_edge.i:token.right_edge.i + 1]
            found.append(_finding(
                clause, "source_derogation",
                f"A sweeping aside about '{head.text}' ('{clause.text[:40]}...') discredits the "
                "source instead of answering what it says.", "source_derogation.sweeping_relcl"))
    return found


def _charged_terms(context: DocContext) -> dict[str, list[Span]]:
    """Each charged term the loaded-language lexicon flags in this text, by its lemmas."""
    doc = context.doc
    groups: dict[str, list[Span]] = defaultdict(list)
    for finding in loaded_findings(context):
        span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
        if span is not None:
            groups[" ".join(t.lemma_.lower() for t in span if not t.is_punct)].append(span)
    return groups


def _repetition_candidates(context: DocContext) -> dict[str, list[Span]]:
    """Repeated short sentences (3+ words) and repeated charged terms, keyed by their wording.

    Only terms the loaded-language lexicon flags count: an article about a strike says
    'strike' twenty times and that is its topic, not a technique; 'traitors' three times is.
    """
    groups: dict[str, list[Span]] = defaultdict(list)
    for sent in context.sentences:
        words = _words(sent)
        if 3 <= len(words) <= 8:
            groups["sentence: " + " ".join(words)].append(_sentence_span(sent))
    for wording, spans in _charged_terms(context).items():
        groups[f"word: {wording}"] = spans
    return groups


@detector("framing.repetition", techniques=["repetition"], rules={
    "repetition.sentence": "The same short sentence (3 to 8 words) twice or more.",
    "repetition.charged_word": "The same charged (lexicon) word three times or more.",
})
def _repetition(context: DocContext, options: RunOptions) -> list[Finding]:
    """Repetition makes a claim feel familiar, and familiar feels true."""
    found = []
    for key, spans in _repetition_candidates(context).items():
        kind, _, wording = key.partition(": ")
        needed = 2 if kind == "sentence" else 3
        if len(spans) < needed:
            continue
        rule = "repetition.sentence" if kind == "sentence" else "repetition.charged_word"
        what = "sentence" if kind == "sentence" else "charged word"
        for span in spans:
            found.append(_finding(
                span, "repetition",
                f"The {what} '{wording}' occurs {len(spans)} times in the text.", rule))
    return found
