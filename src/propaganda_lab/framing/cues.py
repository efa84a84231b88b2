"""Persuasion cues beyond single words: stock phrases and sentence shapes that push a reader.

Each family is one function returning Findings with a catalogue technique id. Stock phrases come
from ``cue_phrases.json`` (a PhraseMatcher on lower-case forms); shapes (either/or, rhetorical
questions, short imperatives, "most people know") are Matcher/DependencyMatcher patterns, so
every Finding can name the rule that fired.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding
from propaganda_lab.framing._lexicons import cue_phrases
from propaganda_lab.nlp import load_nlp, to_doc

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span

_AGREE_VERBS = ["know", "agree", "understand", "see", "say", "want", "believe", "support",
                "think", "realise", "realize", "feel", "back"]
_ALL_QUANTIFIERS = ["most", "every", "all"]
_CROWD_SUBJECTS = ["everyone", "everybody", "thousands", "millions", "hundreds"]


# --------------------------------------------------------------------------- shared machinery
@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    """All stock phrases of all families, keyed by family (built once per process)."""
    from spacy.matcher import PhraseMatcher

    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for family, spec in cue_phrases()["families"].items():
        matcher.add(family, [nlp.make_doc(phrase) for phrase in spec["phrases"]])
    return matcher


def _phrase_spans(doc: Doc, family: str) -> list[Span]:
    from spacy.util import filter_spans

    matcher = _phrase_matcher()
    spans = [span for span in matcher(doc, as_spans=True) if span.label_ == family]
    return filter_spans(spans)


def _family_evidence(family: str) -> str:
    return str(cue_phrases()["families"][family]["evidence"])


def _finding(doc: Doc, span: Span, technique: str, evidence: str, rule: str) -> Finding:
    # span.text is doc.text[start_char:end_char]; doc.text itself is rebuilt on every access
    # (O(length)), which made many findings on a long text quadratic.
    return Finding(span.start_char, span.end_char, span.text, technique, "framing", evidence,
                   rule=rule)


def _sentence_span(span: Span) -> Span:
    """The whole sentence without trailing whitespace (gold spans mark whole sentences)."""
    sent = span.sent
    end = sent.end
    while end > sent.start + 1 and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[sent.start:end]


def _stock_phrase_findings(doc: Doc, family: str, *, whole_sentence: bool = False) -> list[Finding]:
    evidence = _family_evidence(family)
    found = []
    for span in _phrase_spans(doc, family):
        target = _sentence_span(span) if whole_sentence else span
        found.append(_finding(doc, target, family, f"Stock phrase '{span.text}': {evidence}.",
                              f"{family}:stock_phrase"))
    return found


def _words(sent: Span) -> list[str]:
    return [t.lower_ for t in sent if not t.is_punct and not t.is_space]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One Finding per (technique, start, end); the first rule that fired explains it."""
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.technique)):
        if finding.span not in seen:
            seen.add(finding.span)
            unique.append(finding)
    return unique


# --------------------------------------------------------------------------- structural matchers
@lru_cache(maxsize=1)
def _shape_matcher() -> Matcher:
    """Token patterns for sentence shapes; each label is ``family:rule``."""
    from spacy.matcher import Matcher

    matcher = Matcher(load_nlp().vocab)
    matcher.add("doubt:rhetorical_question", [[
        {"LOWER": {"IN": ["really", "honestly", "seriously", "actually"]}},
        {"LEMMA": {"IN": ["believe", "think", "expect", "trust", "suppose", "imagine"]}},
    ]])
    matcher.add("exaggeration_minimisation:superlative_in_history", [
        [{"TAG": "JJS"}, {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "*"},
         {"LOWER": "in"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "history"}],
        [{"LOWER": "most"}, {"POS": "ADJ"}, {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "*"},
         {"LOWER": "in"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "history"}],
        [{"TAG": "JJS"}, {"POS": "NOUN"}, {"LOWER": "ever"}],
    ])
    matcher.add("whataboutism:what_about", [[
        {"LOWER": "what"}, {"LOWER": "about"},
        {"POS": {"IN": ["PROPN", "NOUN", "DET", "ADJ", "PRON"]}, "IS_SENT_START": False},
    ]])
    matcher.add("flag_waving:belongs_to_nation", [
        [{"LEMMA": "belong"}, {"LOWER": "to"},
         {"LOWER": {"IN": ["the", "our", "all"]}, "OP": "?"},
         {"LOWER": {"IN": ["nation", "people", "country", "homeland", "motherland"]}}],
        # "belongs to Valdora, not to ...": the nation set against a person or group
        [{"LEMMA": "belong"}, {"LOWER": "to"}, {"POS": "PROPN"}, {"LOWER": ","},
         {"LOWER": "not"}],
    ])
    matcher.add("black_and_white:only_n_options", [[
        {"LOWER": "only"}, {"LOWER": {"IN": ["two", "one"]}},
        {"LOWER": {"IN": ["choices", "options", "sides", "ways", "paths", "possibilities",
                          "kinds", "choice", "option", "way"]}},
    ]])
    return matcher


@lru_cache(maxsize=1)
def _dependency_matcher() -> DependencyMatcher:
    """Who-says-what patterns read off the parse (bandwagon: "most people know")."""
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(load_nlp().vocab)
    verb = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": _AGREE_VERBS}}}
    matcher.add("bandwagon:most_people_agree", [
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


def _shape_spans(doc: Doc, family: str) -> list[tuple[Span, str]]:
    found = []
    for match_id, start, end in _shape_matcher()(doc):
        label = doc.vocab.strings[match_id]
        if label.startswith(family + ":"):
            found.append((doc[start:end], label))
    return found


# --------------------------------------------------------------------------- the families
def doubt(text_or_doc: str | Doc) -> list[Finding]:
    """Doubt and mocking incredulity: "so-called", "Did you really believe that?",
    "claiming there is ...", "We only have its word for that"."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "doubt")
    for span, rule in _shape_spans(doc, "doubt"):
        sentence = _sentence_span(span)
        if sentence.text.rstrip().endswith("?"):
            found.append(_finding(
                doc, sentence, "doubt",
                f"A rhetorical question ('{span.text} ...?') mocks the reader for believing a "
                "claim instead of showing it is wrong.", rule))
    for token in doc:
        if token.lemma_ == "claim" and token.pos_ == "VERB":
            clause = [t for t in token.children if t.dep_ in {"ccomp", "xcomp"}]
            if clause:
                end = max(t.i for t in clause[0].subtree) + 1
                found.append(_finding(
                    doc, doc[token.i:end], "doubt",
                    f"'{token.text}' (instead of 'said' or 'found') signals the writer doubts "
                    "what follows without saying why.", "doubt:claim_verb"))
    return _dedupe(found)


def appeal_to_fear(text_or_doc: str | Doc) -> list[Finding]:
    """Fear appeals: a stock warning, or a conditional/"keep doing X and ..." sentence that
    predicts harm ("If the government caves, every depot will be next")."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "appeal_to_fear", whole_sentence=True)
    fear_words = set(cue_phrases()["fear_words"])
    for sent in doc.sents:
        lemmas = {t.lemma_.lower() for t in sent}
        future = any(t.lower_ in {"will", "'ll", "wo"} for t in sent)
        conditional = any(t.dep_ == "mark" and t.lower_ in {"if", "unless"} for t in sent)
        keep_doing = sent[0].lemma_ in {"keep", "let", "allow"} and "and" in _words(sent)
        harms = sorted(lemmas & fear_words)
        if future and (conditional or keep_doing) and harms:
            found.append(_finding(
                doc, _sentence_span(sent), "appeal_to_fear",
                "A prediction of harm ('will' + " + ", ".join(f"'{w}'" for w in harms[:3])
                + ") tied to a condition: it pushes by fear rather than by evidence.",
                "appeal_to_fear:conditional_threat"))
    return _dedupe(found)


def exaggeration(text_or_doc: str | Doc) -> list[Finding]:
    """Exaggeration by structure: "the most embarrassing blunder in the history of ...",
    "the worst decision ever". (Single inflating/minimising words come from the lexicon.)"""
    doc = to_doc(text_or_doc)
    found = [
        _finding(doc, span, "exaggeration_minimisation",
                 f"'{span.text}': a superlative stretched over all of history inflates the point.",
                 rule)
        for span, rule in _shape_spans(doc, "exaggeration_minimisation")
    ]
    return _dedupe(found)


def whataboutism(text_or_doc: str | Doc) -> list[Finding]:
    """Whataboutism: "What about ...?", "never say a word about ...", "the previous
    government also ...": deflecting to someone else's failing."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "whataboutism", whole_sentence=True)
    found += [
        _finding(doc, _sentence_span(span), "whataboutism",
                 "'What about ...' turns attention to someone else instead of answering.", rule)
        for span, rule in _shape_spans(doc, "whataboutism")
    ]
    for token in doc:
        if (token.dep_ == "nsubj" and token.lemma_ in {"government", "administration", "cabinet"}
                and any(c.lower_ in {"previous", "former", "last"} for c in token.children)
                and token.head.tag_ == "VBD"):
            found.append(_finding(
                doc, _sentence_span(token.sent), "whataboutism",
                "Raising what a previous government did deflects from the present decision.",
                "whataboutism:previous_government"))
    return _dedupe(found)


def flag_waving(text_or_doc: str | Doc) -> list[Finding]:
    """Flag-waving: ancestors, national pride and belonging used as the argument."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "flag_waving", whole_sentence=True)
    found += [
        _finding(doc, _sentence_span(span), "flag_waving",
                 f"'{span.text}': claims something for the nation instead of giving a reason.",
                 rule)
        for span, rule in _shape_spans(doc, "flag_waving")
    ]
    return _dedupe(found)


def _is_imperative(sent: Span) -> bool:
    root = sent.root
    return (root.tag_ == "VB" and root.i == sent.start
            and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children))


def _is_contrast_slogan(sent: Span) -> bool:
    """ "Work, not riots." / "Not in our harbour." : verbless, built around "not"."""
    words = _words(sent)
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in sent)
    return not has_verb and "not" in words


def slogans(text_or_doc: str | Doc) -> list[Finding]:
    """Slogans: short (at most 6 words) imperative or verbless "X, not Y" sentences.

    Sentences that are stock clichés are left to thought_terminating_cliches."""
    doc = to_doc(text_or_doc)
    cliche_starts = {span.sent.start for span in _phrase_spans(doc, "thought_terminating_cliche")}
    found = []
    for sent in doc.sents:
        words = _words(sent)
        text = sent.text.strip()
        if not words or len(words) > 6 or text.endswith("?") or sent.start in cliche_starts:
            continue
        if any(t.like_num for t in sent):
            continue
        if _is_imperative(sent):
            rule, why = "slogans:short_imperative", "a short command, easy to chant and repeat"
        elif _is_contrast_slogan(sent):
            rule, why = "slogans:not_contrast", "a short verbless contrast built around 'not'"
        else:
            continue
        found.append(_finding(doc, _sentence_span(sent), "slogans",
                              f"'{text}' is {why}: a slogan replaces an argument.", rule))
    return _dedupe(found)


def thought_terminating_cliches(text_or_doc: str | Doc) -> list[Finding]:
    """Thought-terminating clichés: "Enough is enough", "Case closed", "X is X"."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "thought_terminating_cliche")
    for sent in doc.sents:
        words = _words(sent)
        if 3 <= len(words) <= 5 and words[1] in {"is", "are"} and words[0] == words[-1]:
            found.append(_finding(
                doc, _sentence_span(sent), "thought_terminating_cliche",
                f"'{sent.text.strip()}' says nothing ('X is X') but ends the discussion.",
                "thought_terminating_cliche:tautology"))
    return _dedupe(found)


def black_and_white(text_or_doc: str | Doc) -> list[Finding]:
    """False dilemmas: "Either ... or ...", "only two choices", "no third option"."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "black_and_white", whole_sentence=True)
    found += [
        _finding(doc, _sentence_span(span), "black_and_white",
                 f"'{span.text}': presents only two options when there may be more.", rule)
        for span, rule in _shape_spans(doc, "black_and_white")
    ]
    for sent in doc.sents:
        words = _words(sent)
        if "either" in words and "or" in words[words.index("either") + 1:]:
            found.append(_finding(
                doc, _sentence_span(sent), "black_and_white",
                "'Either ... or ...' offers two options as if no others existed.",
                "black_and_white:either_or"))
    return _dedupe(found)


def bandwagon(text_or_doc: str | Doc) -> list[Finding]:
    """Bandwagon: "Most Valdorans already know this", "Everyone agrees", "poll after poll"."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "bandwagon", whole_sentence=True)
    for match_id, token_ids in _dependency_matcher()(doc):
        verb, subject = doc[token_ids[0]], doc[token_ids[1]]
        found.append(_finding(
            doc, _sentence_span(verb.doc[verb.i:verb.i + 1]), "bandwagon",
            f"'{subject.text} ... {verb.text}': says most people already agree, so the reader "
            "should too (who asked them, and how?).", doc.vocab.strings[match_id]))
    return _dedupe(found)


def source_derogation(text_or_doc: str | Doc) -> list[Finding]:
    """Attacks on the messenger: funding, motives, competence ("paid for by ...", "an
    association which has opposed every reform")."""
    doc = to_doc(text_or_doc)
    found = _stock_phrase_findings(doc, "source_derogation")
    sources = set(cue_phrases()["source_nouns"])
    for token in doc:
        if token.dep_ != "relcl":
            continue
        head = token.head
        is_source = head.lemma_.lower() in sources or head.ent_type_ in {"ORG", "PERSON"}
        sweeping = any(t.lower_ in {"never", "always", "every", "repeatedly"}
                       for t in token.subtree)
        if is_source and sweeping:
            clause = doc[token.left_edge.i:token.right_edge.i + 1]
            found.append(_finding(
                doc, clause, "source_derogation",
                f"A sweeping aside about '{head.text}' ('{clause.text[:40]}...') discredits the "
                "source instead of answering what it says.", "source_derogation:sweeping_relcl"))
    return _dedupe(found)


def _repetition_candidates(doc: Doc) -> dict[str, list[Span]]:
    """Repeated short sentences and repeated content-word pairs, keyed by their wording."""
    groups: dict[str, list[Span]] = defaultdict(list)
    for sent in doc.sents:
        words = _words(sent)
        if 1 <= len(words) <= 8:
            groups["sentence: " + " ".join(words)].append(_sentence_span(sent))
    content = [t for t in doc if t.is_alpha and not t.is_stop and t.pos_ in {"NOUN", "ADJ", "VERB"}]
    for first, second in pairwise(content):
        if second.i == first.i + 1:
            key = f"phrase: {first.lemma_.lower()} {second.lemma_.lower()}"
            groups[key].append(doc[first.i:second.i + 1])
    return groups


def repetition(text_or_doc: str | Doc) -> list[Finding]:
    """Repetition: the same short sentence twice or more, or the same two content words three
    times or more: repetition makes a claim feel familiar, and familiar feels true."""
    doc = to_doc(text_or_doc)
    found = []
    for key, spans in _repetition_candidates(doc).items():
        kind, _, wording = key.partition(": ")
        needed = 2 if kind == "sentence" else 3
        if len(spans) < needed:
            continue
        for span in spans:
            found.append(_finding(
                doc, span, "repetition",
                f"The {kind} '{wording}' occurs {len(spans)} times in the text.",
                f"repetition:{kind}"))
    return _dedupe(found)


_FAMILIES = (doubt, appeal_to_fear, exaggeration, whataboutism, flag_waving, slogans,
             thought_terminating_cliches, black_and_white, bandwagon, source_derogation,
             repetition)


def persuasion_cues(text_or_doc: str | Doc) -> list[Finding]:
    """Every persuasion-cue family on one parse, in reading order."""
    doc = to_doc(text_or_doc)
    found = [finding for family in _FAMILIES for finding in family(doc)]
    return sorted(found, key=lambda f: (f.start, f.end, f.technique))

