"""The rewrite challenge: scoring a slanted or neutralised rewrite, its data, and its widget."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from propaganda_lab.analysis import analyze
from propaganda_lab.datafiles import DataFileError, load_json, packaged
from propaganda_lab.rewrite import (
    HONEST_MISS,
    MAX_REWRITE_CHARS,
    _check_challenges,
    check_facts,
    get_challenge,
    rewrite_challenges,
    score_rewrite,
)
from propaganda_lab.techniques import get_technique
from propaganda_lab.widgets.rewrite_challenge import RewriteChallenge, load_drafts

FERRY = get_challenge("kessa_ferry_fares")
FEES = get_challenge("sarnet_harbour_fees")
#: The ferry report with loaded words and nothing else changed.
FERRY_LOADED = (FERRY.text.replace("will raise the fare", "will slap a brutal hike on the fare")
                .replace("most of them commuters", "most of them commuters facing an "
                         "outrageous bill"))


def _texts(findings) -> list[str]:
    return [f.text for f in findings]


# --------------------------------------------------------------------------- the data


def test_shipped_challenges_are_what_they_claim() -> None:
    slant, neutralise = rewrite_challenges("slant"), rewrite_challenges("neutralise")
    assert len(slant) >= 3 and len(neutralise) >= 3
    for challenge in slant:
        # A neutral report gives the tool nothing to flag, so every finding is the learner's.
        assert analyze(challenge.text).findings == (), challenge.id
        for pair in challenge.target_pairs:
            assert len(set(pair)) == 2
            assert all(get_technique(t).lens != "dehumanization" for t in pair), challenge.id
    for challenge in neutralise:
        found = {f.technique for f in analyze(challenge.text).findings}
        assert set(challenge.techniques) <= found, (challenge.id, found)
        assert not any(f.lens == "dehumanization" for f in analyze(challenge.text).findings)


def test_broken_challenge_file_names_every_problem(tmp_path: Path) -> None:
    data = json.loads(packaged("data/rewrite_challenges.json").read_text(encoding="utf-8"))
    data["challenges"][0]["target_pairs"][0] = ["loaded_langauge", "animal_metaphor"]
    data["challenges"][1]["id"] = data["challenges"][0]["id"]
    del data["challenges"][3]["techniques"]  # a neutralise challenge needs them
    broken = tmp_path / "rewrite_challenges.json"
    broken.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(DataFileError) as schema_error:
        load_json(broken, "rewrite_challenges.schema.json", check=_check_challenges)
    assert "challenges[3].techniques: is missing" in str(schema_error.value)
    data["challenges"][3]["techniques"] = ["loaded_language"]
    broken.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(DataFileError) as rule_error:
        load_json(broken, "rewrite_challenges.schema.json", check=_check_challenges)
    message = str(rule_error.value)
    assert "unknown technique id 'loaded_langauge' (did you mean 'loaded_language'?)" in message
    assert "'animal_metaphor' is a dehumanizing technique" in message
    assert "challenges[1].id" in message and "used twice" in message


def test_unknown_challenge_names_the_ones_there_are() -> None:
    with pytest.raises(ValueError, match="kessa_ferry_fares"):
        get_challenge("kessa_ferry_fare")


# --------------------------------------------------------------------------- slant


def test_slant_detects_a_target_the_rewrite_uses_with_its_evidence() -> None:
    result = score_rewrite(FERRY.text, FERRY_LOADED, ["loaded_language", "doubt"], "slant")
    assert result.ok and result.problem == ""
    assert [hit.technique for hit in result.detected] == ["loaded_language"]
    evidence = result.detected[0].findings
    assert {"brutal", "outrageous"} <= set(_texts(evidence))
    for finding in evidence:
        assert FERRY_LOADED[finding.start:finding.end] == finding.text
        assert finding.evidence  # why it was flagged
    assert "Found Loaded language: " in result.lines()[0]
    # The other target was not used: missed, with the catalogue's cues and the honest note.
    assert [miss.technique for miss in result.missed] == ["doubt"]
    miss = result.missed[0]
    assert miss.cues == get_technique("doubt").cues
    assert miss.note == HONEST_MISS and "you may well be right" in miss.note
    assert not result.success  # one target missed
    assert result.facts is not None and result.facts.survived


def test_slant_reports_a_miss_when_the_technique_is_not_used() -> None:
    plain = FERRY.text.replace("will raise the fare", "is going to increase the fare")
    result = score_rewrite(FERRY.text, plain, ["name_calling", "loaded_language"], "slant")
    assert result.ok and result.detected == () and result.other == ()
    assert [m.technique for m in result.missed] == ["name_calling", "loaded_language"]
    assert all("Look for:" in line for line in result.lines()[:2])


def test_a_neighbouring_technique_is_not_counted_as_the_target() -> None:
    # 'regime' is name calling in the lexicon, not loaded language: a near miss.
    labelled = FERRY.text.replace("The Kessa Ferry Company will", "The Kessa Ferry regime will")
    result = score_rewrite(FERRY.text, labelled, ["loaded_language"], "slant")
    assert [m.technique for m in result.missed] == ["loaded_language"]
    assert [(f.technique, f.text) for f in result.other] == [("name_calling", "regime")]
    assert "Also in your rewrite: Name calling" in " ".join(result.lines())


def test_findings_the_original_already_had_are_not_the_learners_work() -> None:
    original = ("The regime raised the fare on the Kessa ferry from 4.20 to 5.10 on Monday, "
                "the company said after a meeting in Sarnet.")
    rewrite = original.replace("the company said", "the ferry company announced")
    result = score_rewrite(original, rewrite, ["name_calling"], "slant")
    assert result.detected == ()
    assert _texts(result.missed[0].in_original) == ["regime"]
    assert "only where the original already had it ('regime'" in result.missed[0].note
    # Used once more, it counts: the second 'regime' is new.
    again = rewrite + " The regime did not answer questions."
    assert [h.technique for h in score_rewrite(original, again, ["name_calling"],
                                               "slant").detected] == ["name_calling"]


def test_clipping_the_originals_quote_is_caught() -> None:
    clipped = FERRY.text.replace(
        '"We will review the increase in June, and we may ask the company to lower it if fuel '
        'prices fall."', '"We will review the increase."')
    result = score_rewrite(FERRY.text, clipped, ["clipping", "loaded_language"], "slant")
    assert [h.technique for h in result.detected] == ["clipping"]
    assert _texts(result.detected[0].findings) == ["We will review the increase"]


def test_a_technique_without_a_detector_says_so() -> None:
    result = score_rewrite(FERRY.text, FERRY_LOADED, ["emphasis_omission"], "slant")
    note = result.missed[0].note
    assert "has no detector for Selective emphasis and omission" in note
    assert get_technique("emphasis_omission").not_detected in note and HONEST_MISS not in note


# --------------------------------------------------------------------------- facts


def test_dropped_and_invented_facts_are_detected() -> None:
    rewrite = (FERRY_LOADED.replace("About 2,400 passengers", "Thousands of passengers")
               .replace("Transport Minister Anna Holt said", "The minister said"))
    result = score_rewrite(FERRY.text, rewrite, ["loaded_language"], "slant")
    facts = result.facts
    assert facts is not None
    # 'Transport' starts a sentence, so it is not taken for a name; 'minister' is still there.
    assert set(facts.dropped) == {"2,400", "Anna", "Holt"}
    assert "Kessa" in facts.kept and "4.20" in facts.kept
    assert not facts.survived
    assert result.detected and not result.missed
    assert not result.success  # the technique was found, but facts were lost
    assert any(line.startswith("Facts dropped: 2,400") for line in result.lines())
    invented = FERRY_LOADED.replace("About 2,400 passengers", "About 5,000 passengers")
    added = check_facts(FERRY.text, invented)
    assert added.added_numbers == ("5,000",) and added.dropped == ("2,400",)


def test_fact_check_reads_numbers_names_and_sentence_starts() -> None:
    original = "Police said two men were arrested in Drenn. The court in Sarnet fined them 300."
    same = check_facts(original, "In Drenn, two men were arrested; Sarnet’s court fined them 300.")
    assert same.dropped == () and same.survived
    assert set(same.kept) == {"300", "two", "Drenn", "Sarnet"}  # 'Police', 'The': sentence starts
    changed = check_facts(original, "Police said dozens of men were arrested in Drenn.")
    assert set(changed.dropped) == {"300", "two", "Sarnet"}
    assert changed.added_numbers == ("dozens",)
    assert changed.content_kept < 1.0


def test_a_rewrite_about_something_else_is_warned() -> None:
    facts = check_facts(FERRY.text, "Kessa Sarnet 4.20 5.10 1 March 18 2,400 Anna Holt June. "
                        "Transport Minister Ferry Company Passengers.")
    assert facts.survived and facts.content_kept < 0.5
    assert any("content words are left" in line for line in facts.lines())


# --------------------------------------------------------------------------- neutralise


def test_neutralise_lists_what_remains_what_went_and_what_is_new() -> None:
    rewrite = ("The government has introduced new fees for every lorry that uses Sarnet "
               "harbour, and spineless ministers said nothing. From Monday each lorry pays 55 "
               "instead of 40. Mistakes were made.")
    result = score_rewrite(FEES.text, rewrite, FEES.techniques, "neutralise")
    assert result.ok
    assert [(f.technique, f.text) for f in result.remaining] == [("loaded_language", "spineless")]
    assert ("name_calling", "regime") in [(f.technique, f.text) for f in result.removed]
    assert "spineless" not in _texts(result.removed)
    assert [(f.technique, f.text) for f in result.added] == [("hidden_agency",
                                                              "Mistakes were made")]
    assert result.targets_left == ("loaded_language",)  # hidden agency was not a target
    assert not result.success
    lines = " ".join(result.lines())
    assert "Still there: Loaded language ('spineless'" in lines  # weak or not: it is there
    assert "New in your rewrite: Hidden agency" in lines


def test_a_clean_neutral_rewrite_succeeds_and_keeps_the_facts() -> None:
    rewrite = ("The government has introduced new fees for lorries that use Sarnet harbour. "
               "From Monday each lorry pays 55 instead of 40.")
    result = score_rewrite(FEES.text, rewrite, [], "neutralise")
    assert result.remaining == () and result.added == () and len(result.removed) >= 5
    assert result.facts is not None and result.facts.survived
    assert result.success
    dropped = score_rewrite(FEES.text, rewrite.replace("55 instead of 40", "more"), [],
                            "neutralise")
    assert dropped.facts is not None and set(dropped.facts.dropped) == {"55", "40"}
    assert not dropped.success


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("original", "rewrite", "targets", "direction", "expected"),
    [
        (FERRY.text, None, ["doubt"], "slant", "no rewrite yet"),
        (FERRY.text, 42, ["doubt"], "slant", "must be text, not int"),
        (FERRY.text, "", ["doubt"], "slant", "is empty"),
        (FERRY.text, " \n\t ", ["doubt"], "slant", "is empty"),
        (FERRY.text, "... !!", ["doubt"], "slant", "is empty"),
        (FERRY.text, "  " + FERRY.text.upper() + "\n", ["doubt"], "slant", "same as the original"),
        (FERRY.text, "x " * (MAX_REWRITE_CHARS // 2 + 1), ["doubt"], "slant", "5,000"),
        (FERRY.text, FERRY_LOADED, ["loaded_langauge"], "slant",
         "Did you mean 'loaded_language'?"),
        (FERRY.text, FERRY_LOADED, ["doubt", 7], "slant", "must be text, not int"),
        (FERRY.text, FERRY_LOADED, 7, "slant", "must be a list"),
        (FERRY.text, FERRY_LOADED, [], "slant", "Name at least one technique"),
        (FERRY.text, FERRY_LOADED, ["animal_metaphor", "doubt"], "slant",
         "never asks you to write dehumanizing language"),
        (FERRY.text, FERRY_LOADED, ["doubt"], "sideways", "Unknown direction 'sideways'"),
        ("", FERRY_LOADED, ["doubt"], "slant", "original text is missing"),
        (None, FERRY_LOADED, ["doubt"], "slant", "original text is missing"),
        ("Fares rose. " * 500, FERRY_LOADED, ["doubt"], "slant", "original text has 6,000"),
        (FERRY.text, FERRY_LOADED + " \ud800", ["doubt"], "slant", "broken character"),
        (FEES.text, FEES.text, [], "neutralise", "same as the original"),
    ],
)
def test_every_bad_input_gives_a_message_not_an_exception(original, rewrite, targets,
                                                          direction, expected) -> None:
    result = score_rewrite(original, rewrite, targets, direction)
    assert not result.ok and not result.success
    assert expected in result.problem
    assert result.lines() == [result.problem]
    assert result.detected == result.missed == result.findings == ()


def test_inputs_that_look_odd_but_are_fine_are_scored() -> None:
    at_limit = FERRY_LOADED + " " * (MAX_REWRITE_CHARS - len(FERRY_LOADED))
    assert len(at_limit) == MAX_REWRITE_CHARS
    assert score_rewrite(FERRY.text, at_limit, ["loaded_language"], "slant").ok
    # A name or a lone id string for a target, duplicates, US spelling of the direction.
    named = score_rewrite(FERRY.text, FERRY_LOADED, ["Loaded language", "loaded_language"],
                          "slant")
    assert named.targets == ("loaded_language",) and named.detected
    assert score_rewrite(FERRY.text, FERRY_LOADED, "loaded_language", "slant").detected
    us = score_rewrite(FEES.text, "New fees apply to lorries at Sarnet harbour.", (),
                       "neutralize")  # type: ignore[arg-type]
    assert us.ok and us.direction == "neutralise"


# --------------------------------------------------------------------------- the widget


def test_widget_builds_checks_and_restores_a_saved_draft(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts.answers.json"
    widget = RewriteChallenge(drafts_path=drafts)
    assert widget.challenge.value == FERRY.id
    assert widget.rewrite.value == FERRY.text  # starts from the text to rewrite
    assert widget.targets == FERRY.target_pairs[0]
    widget.rewrite.value = FERRY_LOADED
    result = widget.check()
    assert result.ok and [h.technique for h in result.detected] == ["loaded_language"]
    assert "Found Loaded language" in widget.result.value
    assert ">brutal<" in widget.result.value.replace("</mark>", "<")  # highlighted evidence
    assert load_drafts(drafts)[0][FERRY.id]["text"] == FERRY_LOADED
    # Another challenge gets its own draft; the first one is kept.
    widget.challenge.value = FEES.id
    assert widget.rewrite.value == FEES.text and widget.pair.layout.display == "none"
    widget.rewrite.value = "New fees apply to lorries at Sarnet harbour from Monday."
    again = RewriteChallenge(drafts_path=drafts)  # a re-run of the cell
    assert again.rewrite.value == FERRY_LOADED
    assert "Restored your draft" in again.message.value
    again.challenge.value = FEES.id
    assert again.rewrite.value.startswith("New fees apply")


def test_widget_saves_typing_later_but_never_under_the_wrong_challenge(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts.answers.json"

    async def type_then_switch() -> None:  # in a notebook an event loop runs: saves wait
        widget = RewriteChallenge(drafts_path=drafts)
        widget.rewrite.value = FERRY_LOADED
        assert widget._pending is not None and not drafts.exists()
        widget.challenge.value = FEES.id  # leaving the challenge saves its last keystrokes
        assert widget._pending is None and widget.rewrite.value == FEES.text

    asyncio.run(type_then_switch())
    saved, notes = load_drafts(drafts)
    assert notes == [] and set(saved) == {FERRY.id}
    assert saved[FERRY.id] == {"text": FERRY_LOADED, "targets": list(FERRY.target_pairs[0])}


def test_widget_restores_the_chosen_pair(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts.answers.json"
    widget = RewriteChallenge(drafts_path=drafts)
    widget.pair.value = FERRY.target_pairs[1]
    widget.rewrite.value = FERRY_LOADED
    assert RewriteChallenge(drafts_path=drafts).targets == FERRY.target_pairs[1]


def test_widget_escapes_learner_markup_and_masks_epithets(tmp_path: Path) -> None:
    widget = RewriteChallenge(FEES.id, drafts_path=tmp_path / "d.answers.json")
    widget.rewrite.value = ("The <script>alert(1)</script> regime charges the tesks 55 instead "
                            "of 40 at Sarnet harbour from Monday.")
    widget.check()
    shown = widget.result.value
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "tesks" not in shown and "t••••" in shown
    widget.reveal.value = True
    assert "tesks" in widget.result.value


def test_widget_shows_a_problem_as_a_hint_and_survives_a_damaged_draft_file(
        tmp_path: Path) -> None:
    drafts = tmp_path / "drafts.answers.json"
    drafts.write_text("{not json", encoding="utf-8")
    widget = RewriteChallenge(drafts_path=drafts)
    assert "Could not read your saved work" in widget.message.value
    result = widget.check()  # the box still holds the original text
    assert not result.ok and "same as the original" in widget.message.value
    assert widget.result.value == ""
    widget.rewrite.value = FERRY_LOADED  # the next save keeps a copy of the damaged file
    assert load_drafts(drafts)[0][FERRY.id]["text"] == FERRY_LOADED
    assert list(tmp_path.glob("drafts.answers.unreadable-*.json"))
