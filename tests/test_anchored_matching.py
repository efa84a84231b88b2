"""Matchers searched only in the sentences holding a word they need find exactly what a
whole-Doc search finds (the speed-up must not lose or shift a match)."""

from __future__ import annotations

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc

from propaganda_lab.context import (
    anchored_dependency_matches,
    anchored_matches,
    context_for,
    pattern_anchors,
)
from propaganda_lab.lenses.framing import cues
from propaganda_lab.nlp import load_nlp, to_doc

TEXT = (
    "The harbour reopened on Monday. Most people agree that the plan failed. "
    "It was the worst decision in the history of Valdora. Nobody asked the fishermen. "
    "Everyone knows the truth, and millions believe it. What about the Sarnet council? "
    "Opposing the wall is un-Valdoran. Our great nation deserves better."
)


def test_sentences_with_finds_a_word_as_written_and_as_lemma():
    context = context_for(to_doc(TEXT))
    assert [s.text for s in context.sentences_with({"agree"})] == [
        "Most people agree that the plan failed."]
    assert [s.text for s in context.sentences_with({"believe"})] == [
        "Everyone knows the truth, and millions believe it."]
    assert [s.text for s in context.sentences_with({"know"})] == [
        "Everyone knows the truth, and millions believe it."]  # lemma of 'knows'
    assert context.sentences_with({"absent", "words"}) == []
    assert context_for(to_doc("")).sentences_with({"a"}) == []


def test_anchored_token_matches_equal_the_whole_doc_search():
    doc = to_doc(TEXT)
    anchored, _ = cues._shape_matchers(doc.vocab)
    whole = Matcher(doc.vocab)
    for label, patterns in cues._shape_split()[0].items():
        whole.add(label, patterns)
    found = anchored_matches(context_for(doc), anchored, cues._shape_split()[2])
    assert sorted(found) == sorted(whole(doc))
    labels = {doc.vocab.strings[key] for key, _, _ in found}
    assert {"exaggeration_minimisation.superlative_in_history", "whataboutism.what_about",
            "flag_waving.our_nation"} <= labels


def test_one_token_un_demonym_is_read_off_the_entities():
    """'unValdoran' as one token the model calls a people (NORP): no REGEX pattern walks
    every token for it; a word that is no people's name is not an appeal."""
    vocab = load_nlp().vocab

    def flag_waving(words: list[str], ents: list[str]) -> list[str]:
        doc = Doc(vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1),
                  ents=ents)
        return [span.text for span, rule in cues._shape_spans(context_for(doc), "flag_waving")
                if rule == "flag_waving.identity_appeal"]

    assert flag_waving(["That", "is", "unValdoran", "."], ["O", "O", "B-NORP", "O"]) == [
        "unValdoran"]
    assert flag_waving(["That", "is", "unValdoran", "."], ["O", "O", "O", "O"]) == []
    assert flag_waving(["That", "is", "unwise", "."], ["O", "O", "B-NORP", "O"]) == []


def test_anchored_dependency_matches_equal_the_whole_doc_search():
    doc = to_doc(TEXT)
    matcher = cues._dependency_matcher(doc.vocab)
    anchors = frozenset(cues._ALL_QUANTIFIERS + cues._CROWD_SUBJECTS)
    found = anchored_dependency_matches(context_for(doc), matcher, anchors)
    assert sorted((key, ids) for key, ids in found) == sorted(
        (key, ids) for key, ids in matcher(doc))
    assert len(found) >= 2  # 'Most people agree', 'Everyone knows'


def test_a_pattern_that_needs_no_word_makes_the_search_whole():
    assert pattern_anchors([[{"POS": "ADJ"}, {"LOWER": "history"}]]) == {"history"}
    assert pattern_anchors([[{"POS": "ADJ"}], [{"LOWER": "history"}]]) is None
    vocab = load_nlp().vocab
    matcher = Matcher(vocab)
    matcher.add("ADJ", [[{"POS": "ADJ"}]])
    doc = to_doc(TEXT)
    assert anchored_matches(context_for(doc), matcher, None) == [
        tuple(m) for m in matcher(doc)]
    assert isinstance(cues._dependency_matcher(vocab), DependencyMatcher)
