"""The article as its own source: the author's retelling of an excerpt the article reproduces
is compared with the excerpt (dropped hedges, added certainty, a vaguer or different source);
fair retellings, denials, questions and topic sentences are near misses. Mock quoting is
scare quoting. All texts are fictional."""

from __future__ import annotations

import pytest

from propaganda_lab import analyze
from propaganda_lab.context import context_for
from propaganda_lab.corpus import load_case
from propaganda_lab.lenses.quotes.retelling import retellings
from propaganda_lab.nlp import to_doc

EXCERPT = (
    "According to the Harrow Gazette:\n\n"
    "Ferry services from the old pier may be suspended for some weeks while engineers "
    "inspect the pilings, according to a harbour notice seen by the Gazette.\n\n"
)
RETELLING_RULES = {"dropped_qualifier.retold_without_hedge",
                   "exaggeration_minimisation.retold_stronger", "misattribution.retold_source"}


def retold(text: str) -> dict[str, list[str]]:
    """Rule id -> the flagged words, for the retelling rules only."""
    found: dict[str, list[str]] = {}
    for finding in analyze(text).findings:
        if finding.rule in RETELLING_RULES:
            found.setdefault(finding.rule, []).append(finding.text)
    return found


def test_a_hardened_retelling_is_flagged_three_ways() -> None:
    text = EXCERPT + ("So there you have it. It was confirmed that the ferry is definitely "
                      "finished, a story spread by some blogger who wants you scared.")
    found = retold(text)
    assert found["exaggeration_minimisation.retold_stronger"] == ["confirmed", "definitely"]
    assert found["misattribution.retold_source"] == ["some blogger"]
    (sentence,) = found["dropped_qualifier.retold_without_hedge"]
    assert sentence.startswith("It was confirmed that the ferry")
    finding = next(f for f in analyze(text).findings
                   if f.rule == "dropped_qualifier.retold_without_hedge")
    assert "'may'" in finding.evidence and "Harrow Gazette" in finding.evidence
    assert finding.voice == "author"


def test_a_fair_retelling_that_keeps_the_hedges_is_not_flagged() -> None:
    text = EXCERPT + ("The Gazette reported that ferry services may be suspended for some "
                      "weeks. Engineers will publish their findings in spring.")
    (item,) = retellings(context_for(to_doc(text)))
    assert not item.changed
    assert retold(text) == {}


@pytest.mark.parametrize("ending", [
    # a denial contradicts the excerpt; it does not retell it without its hedge
    "We were told otherwise, but ferry services will not be suspended at all.",
    # a question is not a claim
    "Do you really believe ferry services will be suspended, as we were told?",
    # a sentence on the same topic with nothing pointing back at the excerpt
    "Ferry services are a lifeline for the island and its schools.",
    # who confirmed is attribution, not the author's certainty
    "The harbour master has confirmed that ferry services may be suspended for some weeks.",
])
def test_near_misses_give_no_retelling_finding(ending: str) -> None:
    assert retold(EXCERPT + ending) == {}


def test_an_inline_quotation_in_a_news_sentence_is_not_an_excerpt_to_retell() -> None:
    """Near miss: a reporter's long quotation (no colon before it) is evidence, not a pasted
    excerpt; the report's own summary sentence is not compared with it."""
    text = ('"Ferry services from the old pier may be suspended for some weeks while the '
            'engineers inspect the pilings and the harbour board reviews every safety report '
            'it has received this winter," the harbour master said on Monday. '
            "Ferry services from the old pier are suspended while engineers inspect it.")
    assert retellings(context_for(to_doc(text))) == []


def test_the_flagship_case_flags_the_authors_retelling_of_the_pasted_wire() -> None:
    """Acceptance: without its source files, the fake-news case's own retelling ('we were
    told, was packing up its bases and going home') of the wire excerpt it quotes ('will
    begin leaving ... in the coming weeks') is flagged, in the author's voice."""
    article = load_case("fake_news_alert").article
    report = analyze(article)
    (finding,) = [f for f in report.findings
                  if f.rule == "dropped_qualifier.retold_without_hedge"]
    assert finding.text == "Ostreva, we were told, was packing up its bases and going home"
    assert "'begin'" in finding.evidence and "'in the coming weeks'" in finding.evidence
    assert "Continental Press Agency" in finding.evidence
    assert finding.voice == "author"
    wire = article.index("Ostrevan forces stationed")
    assert not any(f.rule in RETELLING_RULES and f.start >= wire and f.end <= wire + 400
                   for f in report.findings)


def test_every_other_case_has_no_retelling_finding() -> None:
    """The fair cases reproduce no excerpt they then distort: nothing to flag."""
    from propaganda_lab.corpus import list_cases

    for case_id in list_cases():
        if case_id == "fake_news_alert":
            continue
        assert retold(load_case(case_id).article) == {}, case_id


# --------------------------------------------------------------------------- mock quoting


def mock(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.voice) for f in analyze(text).findings
            if f.rule == "scare_quotes.mock_speech"]


@pytest.mark.parametrize(("text", "words"), [
    ('The council hired a panel of quote-unquote "experts" to tell us the bridge is safe.',
     "experts"),
    ('Then the Orlani mob turned up at the gates, yelling "git out, dis is our land!" at '
     "every farmer.", "git out, dis is our land"),
    ('Every time they lose a vote the Orlani bleated "we are the victims" to anyone near.',
     "we are the victims"),
])
def test_mock_quoting_is_scare_quoting_in_the_authors_voice(text: str, words: str) -> None:
    assert mock(text) == [(words, "author")]
    # the invented speech is the author's, so it is not counted as someone else's words
    assert all(f.voice == "author" for f in analyze(text).findings)


@pytest.mark.parametrize("text", [
    'Protesters chanted "No more closures" outside the council on Friday.',
    '"Get out of the water," the lifeguard shouted as the storm came in.',
    'Residents said "we are frightened" after the flood reached the square.',
    'The "Dem Caucus Weekly" newsletter, a party bulletin, went out on Friday.',
    '"We will publish the report," she said, and the crowd howled with laughter later.',
])
def test_ordinary_quotes_are_not_mock_quotes(text: str) -> None:
    assert mock(text) == []


def test_a_chanted_slogan_is_speech_not_scare_quotes() -> None:
    report = analyze('Protesters chanted "No more closures" outside the council on Friday.')
    assert not [f for f in report.findings if f.technique == "scare_quotes"]


def test_the_plain_text_report_counts_quotes_voices_and_retellings() -> None:
    report = analyze(load_case("fake_news_alert").article)
    lines = report.describe().splitlines()
    assert "Quotes: 11 in the text (7 speech, 4 scare); no source given, so none was traced." \
        in lines
    voice = next(line for line in lines if line.startswith("Voice:"))
    assert "the author retells it in 1 sentence, 1 with a hedge dropped" in voice
    assert analyze("Nobody quoted anything here today.").voice_line().startswith(
        "Voice: all the author's own")


def test_mock_quotes_are_listed_as_mock_in_the_report() -> None:
    report = analyze('The council hired quote-unquote "experts" to tell us the bridge is safe.')
    assert [q["kind"] for q in report.to_dict()["quotes_found"]] == ["mock"]
    assert report.reproduced == ()
