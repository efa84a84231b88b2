"""propaganda_lab inside a spaCy user's own pipeline: same findings as analyze(), in doc.spans."""

from __future__ import annotations

import pytest
import spacy
from spacy import displacy
from spacy.tokens import Doc

from propaganda_lab.analysis import analyze
from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.dehumanization import metaphors
from propaganda_lab.framing import analyze_framing, loaded_language
from propaganda_lab.nlp import load_nlp
from propaganda_lab.spacy_component import LENS_KEYS, SPANS_KEY, read_findings

TEXT = ("The rabble stormed the quay. Shots were fired. So-called experts stayed silent. "
        "The Pellani breed like rats, a columnist wrote.")


@pytest.fixture(scope="module")
def user_nlp() -> spacy.language.Language:
    """A pipeline the user loads themselves: a different Vocab from ``load_nlp()``."""
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("propaganda_lab")
    assert nlp.vocab is not load_nlp().vocab
    return nlp


def test_user_pipeline_gives_the_same_findings_as_analyze_on_the_teaching_corpus(
        user_nlp: spacy.language.Language) -> None:
    compared = 0
    for case_id in list_cases():
        article = load_case(case_id).article
        doc = user_nlp(article)
        from_spans = read_findings(doc)
        assert from_spans == list(analyze(article).findings), case_id
        assert {span._.finding for span in doc.spans[SPANS_KEY]} <= set(from_spans)
        compared += len(from_spans)
    assert compared > 100


def test_spans_carry_technique_rule_evidence_and_lens(user_nlp: spacy.language.Language) -> None:
    doc = user_nlp(TEXT)
    spans = list(doc.spans[SPANS_KEY])
    assert spans
    for span in spans:
        assert span.label_ == span._.technique
        assert span._.rule.startswith(span._.technique + ".")
        assert span._.evidence
        assert span in doc.spans[LENS_KEYS[span._.lens]]
    labels = {span.label_ for span in spans}
    assert {"loaded_language", "hidden_agency", "animal_metaphor"} <= labels


def test_displacy_renders_the_spans(user_nlp: spacy.language.Language) -> None:
    html = displacy.render(user_nlp(TEXT), style="span", options={"spans_key": SPANS_KEY})
    assert "hidden_agency" in html and "stormed" in html


def test_findings_survive_doc_serialisation(user_nlp: spacy.language.Language) -> None:
    doc = user_nlp(TEXT)
    restored = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
    assert read_findings(restored) == read_findings(doc)


def test_lens_functions_accept_a_doc_from_another_pipeline(
        user_nlp: spacy.language.Language) -> None:
    plain = spacy.load("en_core_web_sm")  # no component: only the lens functions
    doc = plain(TEXT)
    assert [f.text for f in loaded_language(doc)] == [f.text for f in loaded_language(TEXT)]
    assert analyze_framing(doc) == analyze_framing(TEXT)
    assert metaphors(doc, ["Pellani"]) == metaphors(TEXT, ["Pellani"])


SOURCE_CHECKED = {"fabricated_quote.not_found", "clipping.clipped",
                  "dropped_qualifier.dropped_qualifier", "altered_quote.altered",
                  "splicing.spliced", "misattribution.misattributed",
                  "context_stripping.context_reversed"}


def test_a_source_given_to_one_call_never_leaks_into_the_next_call_on_the_same_doc() -> None:
    """Sources and group terms are the call's, not the Doc's: an earlier ``analyze`` with a
    source must not make a later ``annotate`` without one check quotes against it."""
    from propaganda_lab.nlp import to_doc
    from propaganda_lab.spacy_component import annotate

    doc = to_doc('Minister Vask said the plan "will never be changed by anyone" and that it '
                 '"protects jobs".')
    with_source = analyze(doc, source="VASK: The plan protects jobs for now. "
                                      "We will review it next year.")
    assert {f.rule for f in with_source.findings} & SOURCE_CHECKED  # the checks did run
    without = annotate(doc)
    assert not {f.rule for f in without} & SOURCE_CHECKED
    assert {f.rule for f in analyze(doc).findings}.isdisjoint(SOURCE_CHECKED)


def test_a_group_named_for_one_call_does_not_narrow_the_next() -> None:
    from propaganda_lab.nlp import to_doc
    from propaganda_lab.spacy_component import annotate

    doc = to_doc("The Pellani are rats. The Teskari are decent people.")
    narrowed = {f.target for f in annotate(doc, ["Teskari"]) if f.lens == "dehumanization"}
    everyone = {f.target for f in annotate(doc) if f.lens == "dehumanization"}
    assert "Pellani" not in narrowed  # only the named group was looked at
    assert "Pellani" in everyone  # ... in that call only
