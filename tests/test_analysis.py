"""Whole-article analysis: all three lenses on one parse, the Report and its exports.

The texts here are written for these tests (fictional, not from the case corpus), except the
end-to-end test on the flagship case ``fake_news_alert``, which the issue asks for.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propaganda_lab.analysis import (
    Report,
    analyze,
    analyze_many,
    looks_like_headline,
)
from propaganda_lab.dehumanization import conspiracy_scapegoating
from propaganda_lab.nlp import load_nlp
from propaganda_lab.techniques import LENSES, technique_ids

ARTICLE = (
    "Border town swamped, residents say\n\n"
    "Teskari workers are vermin swarming over the border, a TruthWatch Daily columnist wrote. "
    'Mayor Ilse Marren said the town "will cope with new arrivals". The "experts" in Sarnet '
    "stayed silent.\n"
)
SOURCE = (
    "MAYOR ILSE MARREN: We will cope with new arrivals, as we always have, if Sarnet sends "
    "the money it promised. Nobody should panic."
)
HOSTILE = '<script>alert("x")</script> The rabble <b>stormed</b> the square & "won".'


@pytest.fixture(scope="module")
def report() -> Report:
    return analyze(ARTICLE, source=SOURCE, group_terms=["Teskari"])


def _techniques(report: Report, lens: str) -> set[str]:
    return {f.technique for f in report.by_lens(lens)}


def test_one_article_gets_findings_from_all_three_lenses(report: Report) -> None:
    assert "loaded_language" in _techniques(report, "framing")  # "swamped"
    assert "animal_metaphor" in _techniques(report, "dehumanization")  # "... are vermin"
    quoting = _techniques(report, "quoting")
    assert "dropped_qualifier" in quoting  # "as we always have, if Sarnet sends the money" cut
    assert "scare_quotes" in quoting  # "experts"
    for finding in report.findings:
        assert report.text[finding.start:finding.end] == finding.text
        assert finding.technique in technique_ids()
        assert finding.evidence and finding.rule


def test_quotes_are_traced_to_the_source_they_came_from(report: Report) -> None:
    assert len(report.quotes) == len(report.quote_sources) == 1
    check = report.quotes[0]
    assert check.found and report.quote_sources == (0,)
    assert "dropped_qualifier" in check.flags
    assert report.sources == (SOURCE,)


def test_best_source_wins_among_several() -> None:
    unrelated = "GENERAL TOMAS BRENNER: The review of the harbour continues next spring."
    report = analyze(ARTICLE, source=[unrelated, SOURCE], group_terms="Teskari")
    assert report.quote_sources == (1,)


def test_each_text_is_parsed_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_nlp()
    analyze(ARTICLE, source=[SOURCE, SOURCE + " Again."], group_terms=["Teskari"])  # warm caches
    parsed: list[str] = []
    original = nlp._ensure_doc

    def counting(doc_like: object) -> object:  # a string, or a tokenized Doc with presets
        parsed.append(doc_like if isinstance(doc_like, str) else doc_like.text)  # type: ignore[attr-defined]
        return original(doc_like)

    monkeypatch.setattr(nlp, "_ensure_doc", counting)
    other = SOURCE.replace("panic", "worry")  # a new string: no cache can hide a re-parse
    analyze(ARTICLE + " More.", source=[other, "A second, short source."],
            group_terms=["Teskari"])
    assert sorted(parsed) == sorted([ARTICLE + " More.", other, "A second, short source."])


def test_summary_counts_every_finding_per_lens_and_technique(report: Report) -> None:
    summary = report.summary(include_weak=True)
    assert list(summary) == list(LENSES)
    assert sum(sum(counts.values()) for counts in summary.values()) == len(report.findings)
    shown = report.summary()
    assert sum(sum(counts.values()) for counts in shown.values()) == len(report.shown)
    for lens, counts in summary.items():
        for technique, count in counts.items():
            assert count == sum(1 for f in report.by_lens(lens) if f.technique == technique)
    with pytest.raises(ValueError, match="unknown lens"):
        report.by_lens("tone")


def test_to_spans_maps_to_ptc_labels_and_drops_ids_without_one(report: Report) -> None:
    assert report.to_spans() == [f.span for f in report.findings]
    ptc = report.to_spans(ptc=True)
    assert ("Loaded_Language", *report.by_lens("framing")[0].span[1:]) in ptc
    assert all(label not in technique_ids() for label, _, _ in ptc)
    # quoting techniques (clipping, scare quotes...) have no PTC label: they are left out
    quoting_only = {f.span[1:] for f in report.by_lens("quoting")} - {
        f.span[1:] for f in report.findings if f.lens != "quoting"}
    assert not quoting_only & {span[1:] for span in ptc}


def test_to_json_round_trips_findings_and_quotes(report: Report) -> None:
    data = json.loads(report.to_json())
    assert data["text"] == report.text
    assert [(f["technique"], f["start"], f["end"]) for f in data["findings"]] == report.to_spans()
    assert data["quotes"][0]["source"] == 0 and "dropped_qualifier" in data["quotes"][0]["flags"]
    assert data["summary"] == report.summary()
    assert data["groups"]["label"] == "Teskari" and data["groups"]["mentions"] >= 1
    assert data["headline"] == "Border town swamped, residents say"


def test_to_html_is_one_escaped_self_contained_page() -> None:
    report = analyze("Square taken\n\n" + HOSTILE, source=SOURCE)
    page = report.to_html(title="<i>Handout</i>")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page.lower() and "<b>stormed" not in page
    assert "&lt;script&gt;" in page and "&lt;i&gt;Handout&lt;/i&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched
    assert "<style>" in page


def test_html_embeds_charts_as_png_with_alt_text(report: Report) -> None:
    page = report.to_html()
    images = re.findall(r"<img src='data:image/png;base64,([A-Za-z0-9+/=]+)' alt='([^']+)'", page)
    assert len(images) == 2  # frame profile and the group's components
    assert all(alt.strip() for _, alt in images)
    assert "Teskari" in page and "Quotes traced to the source" in page


def test_masker_hides_epithets_in_the_html() -> None:
    from propaganda_lab.masking import Masker

    report = analyze("Leaflet\n\nThe tesks are rats, and tesks steal our jobs.",
                     group_terms=["Teskari"])
    page = report.to_html(masker=Masker(("tesks",)))
    assert "tesks" not in page.lower()


def test_separate_headline_goes_in_front_and_offsets_index_it() -> None:
    body = "The rabble stormed the square. Police said nobody was hurt."
    report = analyze(body, headline="  Chaos   in Sarnet ")
    assert report.text == "Chaos in Sarnet\n\n" + body
    assert report.headline == "Chaos in Sarnet"
    assert report.frames.headline is not None and report.frames.body is not None
    for finding in report.findings:
        assert report.text[finding.start:finding.end] == finding.text


def test_headline_detection() -> None:
    assert looks_like_headline("Short title\n\nBody text here.")
    assert not looks_like_headline("A first sentence ends here.\n\nAnother one.")
    assert not looks_like_headline("One line only")
    assert not looks_like_headline("Title\nno blank line after it")
    assert not looks_like_headline(" ".join(["word"] * 30) + "\n\nBody.")


def test_bad_input_gives_clear_errors() -> None:
    with pytest.raises(TypeError, match="string or a spaCy Doc"):
        analyze(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source"):
        analyze("Text.", source=42)
    with pytest.raises(ValueError, match="cannot get a headline"):
        analyze(load_nlp()("Body text."), headline="New headline")
    with pytest.raises(ValueError, match="limit"):
        analyze("x" * 1_000_001)


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "🙂🙂 🔥", "שלום עולם, זה טקסט", "\x00\x07 bell\x1b[31m red",
    "Le gouvernement a « menti », dit-il.", "\u202eevil\u202c text", "a" * 5000,
])
def test_odd_input_never_raises(text: str) -> None:
    report = analyze(text, source=text or None)
    for finding in report.findings:
        assert report.text[finding.start:finding.end] == finding.text
    assert report.to_html() and json.loads(report.to_json())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_findings_offsets_always_match_the_text(text: str) -> None:
    report = analyze(text)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(report.text)
        assert report.text[finding.start:finding.end] == finding.text


def test_analyze_many_matches_analyze_and_keeps_order(capsys: pytest.CaptureFixture) -> None:
    texts = [ARTICLE, "", HOSTILE, load_nlp()("The swarm of hillrats is a plague.")]
    reports = analyze_many(texts, group_terms=["Teskari"], progress=True)
    assert [r.text for r in reports] == [*texts[:3], "The swarm of hillrats is a plague."]
    single = analyze(ARTICLE, group_terms=["Teskari"])
    assert reports[0].findings == single.findings
    assert "4/4" in capsys.readouterr().err  # the tqdm bar, on stderr off a notebook
    with pytest.raises(TypeError, match="string or a spaCy Doc"):
        analyze_many(["ok", 3])  # type: ignore[list-item]


def test_case_source_documents_are_accepted_like_texts() -> None:
    from propaganda_lab.corpus import SourceDoc

    doc = SourceDoc("mayor", "transcript", "Council meeting", SOURCE)
    report = analyze(ARTICLE, source=(doc,), group_terms=["Teskari"])
    assert report.sources == (SOURCE,) and report.quote_sources == (0,)


def test_scapegoating_needs_a_plot_cue_and_a_group_in_one_sentence() -> None:
    text = ("The Orrin Brotherhood secretly controls the grain market. The Pellani farmers "
            "harvested the grain. The minister pulled the strings of the puppet show. "
            "The Teskari Builders Union engineered the new bridge at Kerrow.")
    found = conspiracy_scapegoating(text)
    assert [f.text for f in found] == ["The Orrin Brotherhood secretly controls the grain market"]
    assert found[0].lens == "dehumanization" and "secretly controls" in found[0].evidence
    named = conspiracy_scapegoating(
        "Whatever happens, the Gallow Circle is behind it all. They planted a fake story.",
        group_terms=["Gallow Circle"])
    assert [f.rule for f in named] == [
        "conspiracy_scapegoating.behind_it_all", "conspiracy_scapegoating.planted_fakes"]


def test_flagship_case_end_to_end() -> None:
    from propaganda_lab.corpus import load_case
    from propaganda_lab.metrics import span_scores

    case = load_case("fake_news_alert")
    report = analyze(case.article, source=case.sources, group_terms=case.group_terms)
    assert report.headline == case.headline
    assert {"loaded_language", "whataboutism", "slogans"} <= _techniques(report, "framing")
    assert {"clipping", "splicing", "misattribution", "scare_quotes"} <= _techniques(
        report, "quoting")
    scapegoating = [f for f in report.by_lens("dehumanization")
                    if f.technique == "conspiracy_scapegoating"]
    assert any("Gallow Circle" in f.text for f in scapegoating)
    assert len(report.quotes) >= 5 and all(i is not None for i in report.quote_sources)
    assert {0, 1} == set(report.quote_sources)  # the wire and the transcript are both used
    scores = span_scores(report.findings, case.gold_spans())
    assert scores.recall > 0.5  # a floor, not a target: see benchmarks/RESULTS.md
