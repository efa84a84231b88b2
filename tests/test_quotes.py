"""The quoting lens on article/source pairs written for these tests (not the teaching cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from propaganda_lab.lenses.quotes._lexicons import LexiconError, lexicons, validate_lexicon
from propaganda_lab.quotes import (
    FLAG_TECHNIQUES,
    FLAGS,
    best_checks,
    check_quotes,
    extract_quotes,
    parse_source,
    quote_findings,
    sourcing,
)

DATA = Path(__file__).parent / "data" / "quotes"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def harbour() -> dict[str, object]:
    """Checks of the harbour article against the committee transcript, keyed by quote start."""
    checks = check_quotes(read("harbour_article.txt"), read("harbour_transcript.txt"))
    return {check.quote.text[:25]: check for check in checks}


@pytest.fixture(scope="module")
def clinic() -> dict[str, object]:
    checks = check_quotes(read("clinic_article.txt"), read("clinic_wire.txt"))
    return {check.quote.text[:25]: check for check in checks}


def flags_of(checks: dict, prefix: str) -> frozenset[str]:
    matches = [c for key, c in checks.items() if key.startswith(prefix)]
    assert len(matches) == 1, f"no single quote starting {prefix!r} in {list(checks)}"
    return matches[0].flags


# --------------------------------------------------------------------------- flags


def test_faithful_full_sentence_quote_is_exact_and_nothing_else(harbour):
    assert flags_of(harbour, "The fishing fleet") == {"exact"}


def test_faithful_quote_from_prose_source_is_exact(clinic):
    assert flags_of(clinic, "This clinic") == {"exact"}


def test_clipped_quote_that_drops_a_condition(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("the harbour will close"))
    assert {"clipped", "dropped_qualifier", "exact"} == check.flags
    dropped = {d.phrase.lower() for d in check.dropped}
    assert {"only if", "but", "not"} <= dropped
    assert "only if the dredging contract is not renewed" in check.context_after
    assert all(check.quote.text not in piece.text for piece in check.omitted)


def test_hypothetical_question_counts_as_reversed_context(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("The old town"))
    assert "context_reversed" in check.flags
    assert "hypothetical" in check.explanations["context_reversed"]
    assert "clipped" not in check.flags


def test_following_denial_reverses_the_quote(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("the harbour is finished"))
    assert {"clipped", "context_reversed"} <= check.flags
    assert check.reversal is not None and check.reversal.text == "That is not true."


def test_misattributed_transcript_quote(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("I want the inspection"))
    assert check.flags == {"exact", "misattributed"}
    assert check.source_speaker == "Pavel Mirk"


def test_misattributed_prose_quote_and_curly_marks(clinic):
    check = next(c for k, c in clinic.items() if k.startswith("We are not there"))
    assert {"misattributed", "clipped", "dropped_qualifier"} <= check.flags
    assert check.source_speaker == "Elsa Varga"


def test_altered_wording_inside_the_marks(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("The harbour is definitely"))
    assert "altered" in check.flags and "exact" not in check.flags
    assert "definitely" in check.inserted and "not" in check.deleted


def test_spliced_sentences_from_two_answers(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("Nobody is asking"))
    assert check.flags == {"spliced"}
    assert len(check.segments) == 2
    assert check.segments[0].end < check.segments[1].start


def test_spliced_with_ellipsis_is_found_in_prose():
    source = ('"We will build the bridge next year. The budget is tight, and we may need '
              'more time," said engineer Mara Holt.')
    article = 'Mara Holt said "we will build the bridge ... we may need more time".'
    (check,) = check_quotes(article, source)
    assert check.flags == {"spliced"}  # starts and ends where the sentences do: not clipped
    assert check.found and len(check.segments) == 2
    assert check.segments[0].text == "We will build the bridge"


def test_fabricated_quote_is_not_found(harbour):
    check = next(c for k, c in harbour.items() if k.startswith("We will sell"))
    assert check.flags == {"not_found"} and not check.found
    assert check.source_start is None


def test_every_flag_is_a_known_name_and_explained(harbour, clinic):
    for check in [*harbour.values(), *clinic.values()]:
        assert check.flags <= set(FLAGS)
        assert set(check.explanations) == set(check.flags)
        assert all(line.strip() for line in check.explain())


def test_offsets_point_at_the_matched_source_words(harbour):
    source = read("harbour_transcript.txt")
    for check in harbour.values():
        for segment in check.segments:
            assert source[segment.start : segment.end] == segment.text
        if check.found:
            assert check.source_start == check.segments[0].start


# --------------------------------------------------------------------------- extraction


def test_speakers_cues_and_pronouns():
    text = (
        'Mayor Ilse Brun opened the meeting. "We will listen to everyone," she said. '
        '"No comment," said Lena Dorr. The plan is "fully funded and ready", according to '
        'finance minister Oren Kast. Pavel Grim told reporters the vote was "a farce from '
        'start to finish".'
    )
    quotes = extract_quotes(text)
    found = {q.text.strip(",. "): (q.speaker, q.cue, q.kind) for q in quotes}
    assert "Brun" in found["We will listen to everyone"][0]
    assert found["We will listen to everyone"][1] == "said"
    assert found["No comment"][0] == "Lena Dorr"
    assert "Oren Kast" in found["fully funded and ready"][0]
    assert found["fully funded and ready"][1] == "according to"
    assert found["a farce from start to finish"][:2] == ("Pavel Grim", "told")


def test_quote_split_by_attribution_keeps_the_speaker():
    text = '"The bridge is safe," said engineer Mara Holt, "and it will reopen on Monday."'
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["The bridge is safe,", "and it will reopen on Monday."]
    assert all(q.speaker and "Mara Holt" in q.speaker for q in quotes)


def test_scare_title_and_term_quotes():
    text = ('The so-called "experts" met again. Her book, titled "Rivers of Salt", sold well. '
            'She used the word "resilience" nine times. The "reform" failed.')
    kinds = {q.text.strip(", "): q.kind for q in extract_quotes(text)}
    assert kinds == {"experts": "scare", "Rivers of Salt": "title", "resilience": "term",
                     "reform": "scare"}


def test_single_quotes_are_told_from_apostrophes():
    text = ("The minister's 'reform' was called 'a disaster for farmers' by the union's "
            "leader. Farmers' groups weren't consulted.")
    assert [q.text for q in extract_quotes(text)] == ["reform", "a disaster for farmers"]


def test_guillemets_curly_and_multi_paragraph_quotes():
    text = ("«We are leaving», the envoy said.\n\n"
            '"The first part of the statement.\n\n"The second part," she said.\n\n'
            "“A curly quote,” he said.")
    quotes = [q.text for q in extract_quotes(text)]
    assert quotes[0] == "We are leaving"
    assert quotes[1].startswith("The first part") and quotes[1].endswith("The second part,")
    assert quotes[2] == "A curly quote,"


def test_unbalanced_marks_never_raise_and_stay_local():
    text = ('He said "this never ends.\n\nA "proper" quote here. A stray ” mark and a '
            "lone ' apostrophe.")
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["proper"]
    for q in quotes:
        assert text[q.start : q.end] == q.text


# --------------------------------------------------------------------------- sources


def test_transcript_source_sentences_know_their_speakers():
    source = parse_source(read("harbour_transcript.txt"))
    assert source.kind == "transcript"
    assert source.speakers[:3] == ("Chair", "Nadia Oster", "Pavel Mirk")
    said = {s.text: s.speaker for s in source.sentences}
    assert said["It never was."] == "Nadia Oster"
    assert said["We were told the whole harbour is being sold."] == "Pavel Mirk"
    assert not any(s.text.startswith("NADIA") for s in source.sentences)


def test_prose_source_speakers_come_from_its_own_quotes():
    source = parse_source(read("clinic_wire.txt"))
    assert source.kind == "prose" and source.default_speaker == "CPA"
    said = {s.text: s.speaker for s in source.sentences}
    assert said["We are not there yet, but we are close."] == "Elsa Varga"
    assert said["This clinic is long overdue,"] == "Reil"
    assert "general" not in source.aliases["Elsa Varga"]
    assert {"board", "chair"} & source.aliases["Elsa Varga"]


def test_unnamed_speaker_matched_by_title():
    source = ("HOST: Welcome. With me is General Ana Kovacs, Chief of the Army.\n"
              "ANA KOVACS: The border stays open. We will review it in spring.\n"
              "HOST: Thank you.")
    right = 'The army chief, a general, said "the border stays open".'
    wrong = 'The host said "the border stays open".'
    assert "misattributed" not in check_quotes(right, source)[0].flags
    assert "misattributed" in check_quotes(wrong, source)[0].flags


# --------------------------------------------------------------------------- findings


def test_quote_findings_map_flags_to_catalogue_techniques():
    article = read("harbour_article.txt")
    findings = quote_findings(article, [read("harbour_transcript.txt")])
    by_technique = {f.technique for f in findings}
    assert {"clipping", "dropped_qualifier", "context_stripping", "misattribution",
            "altered_quote", "splicing", "fabricated_quote", "scare_quotes"} <= by_technique
    for finding in findings:
        assert article[finding.start : finding.end] == finding.text
        assert finding.lens == "quoting" and finding.rule and finding.evidence
        assert finding.text == finding.text.strip(" .,;:!?")
    scare = next(f for f in findings if f.technique == "scare_quotes")
    assert scare.text == "repairs"
    assert set(FLAG_TECHNIQUES.values()) <= by_technique


def test_findings_without_sources_are_scare_quotes_and_weak_fragment_cues_only():
    findings = quote_findings(read("harbour_article.txt"))
    assert sorted(f.rule for f in findings) == ["clipping.fragment", "scare_quotes.scare_marks"]
    fragment = next(f for f in findings if f.rule == "clipping.fragment")
    assert fragment.weak and "check the full remarks" in fragment.evidence  # no verdict


def test_best_checks_picks_the_source_that_traces_the_quote():
    article = read("clinic_article.txt")
    checks = best_checks(article, [read("harbour_transcript.txt"), read("clinic_wire.txt")])
    assert all(c.found for c in checks)


def test_sourcing_counts_quotes_per_speaker():
    counts = sourcing(read("harbour_article.txt"))
    assert counts == {"Nadia Oster": 8}
    clinic = sourcing(read("clinic_article.txt"))
    assert clinic["Councillor Tomas Reil"] == 2 and clinic["Elsa Varga"] == 1


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "😀 \"🙂\" 😀", "«»\"\"''", "שלום \"עולם\" مرحبا", "a\x00b\x07\"c\"",
     "Der Minister sagte: „Wir bleiben“."],
)
def test_odd_input_never_raises(text):
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text
    for check in check_quotes(text, text):
        assert check.flags <= set(FLAGS)


def test_lexicon_errors_name_file_entry_and_field():
    assert lexicons().qualifier("only if").category == "condition"
    with pytest.raises(LexiconError, match=r"qualifiers.json: categories\.x\.cues\[0\] \(entry"):
        validate_lexicon("qualifiers", {
            "version": 1, "description": "d", "reversal": {
                "explanation": "e", "sentence_openers": ["but"], "denials": ["not true"]},
            "categories": {"x": {"explanation": "e", "cues": ["Not OK!"]}},
        })


def test_single_turn_transcript_keeps_its_speaker() -> None:
    one_turn = parse_source("BORIS ADLER: The ferry will run on Sundays only if the pier holds.")
    assert one_turn.kind == "transcript"
    assert {unit.speaker for unit in one_turn.sentences} == {"Boris Adler"}
    prose = parse_source("Note: the ferry timetable changes in May.")
    assert prose.kind == "prose"


def test_inside_quote_sees_every_nested_quote_not_only_neighbours():
    """The binary search over quote spans must find a position inside an outer quotation even
    when several single-quoted phrases nest inside it (a scan of neighbours would miss it)."""
    from propaganda_lab.lenses.quotes.extract import _inside_quote, _merged

    spans = _merged([(10, 100), (20, 30), (40, 45), (60, 65)])
    assert spans == [(10, 100)]
    assert _inside_quote(70, spans, 0)
    assert not _inside_quote(100, spans, 0)
    assert _inside_quote(100, spans, 1)  # the closing mark itself
    assert not _inside_quote(5, spans, 1)


def test_a_bullet_list_of_quotes_keeps_every_speaker():
    """Bounding the cue search window (for linear time on quote lists) must not lose speakers."""
    from propaganda_lab.lenses.quotes.extract import extract_quotes

    names = ["Vask", "Orrin", "Petrik", "Marta", "Lenk", "Doran"] * 5
    text = " ".join(f'"The port deal is a betrayal," {name} said.' for name in names)
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == names


def test_a_short_next_sentence_with_its_own_quote_does_not_take_the_speaker():
    quotes = extract_quotes('Lena Orsk said: "The quay will reopen." Critics call it "progress".')
    assert quotes[0].speaker == "Lena Orsk"
    said = extract_quotes('"The quay will reopen." Orsk said.')  # the split-off 'she said.'
    assert said[0].speaker == "Orsk"
