"""The detector registry: one place that knows every rule, and one normalisation step."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from propaganda_lab import registry, techniques
from propaganda_lab.analysis import analyze
from propaganda_lab.context import context_for
from propaganda_lab.findings import Finding, finding_at, normalise
from propaganda_lab.lenses.framing import _lexicons, cues
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import NO_OPTIONS
from propaganda_lab.pipeline import detected_techniques, detectors, findings_for, rule_docs, run
from propaganda_lab.registry import UndeclaredRuleError, detector

DOCS = Path(__file__).resolve().parents[1] / "docs" / "adding_a_technique.md"
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def test_every_catalogue_technique_is_detected_or_marked_taught_only() -> None:
    detected = detected_techniques()
    for technique in techniques.techniques():
        if technique.not_detected:
            assert technique.id not in detected, f"{technique.id} is detected: drop not_detected"
        else:
            assert technique.id in detected, (
                f"no registered detector emits {technique.id!r}: add one, or mark it "
                "'not_detected' with a reason in techniques.json")
    assert detected <= techniques.technique_ids()


def test_rule_ids_have_one_form_and_a_one_line_description() -> None:
    docs = rule_docs()
    assert len(docs) > 50
    for rule, description in docs.items():
        assert RULE_ID.match(rule), rule
        assert rule.split(".")[0] in techniques.technique_ids(), rule
        assert description.strip() and "\n" not in description, rule
    for item in detectors():
        for rule in item.rules:
            assert rule.split(".")[0] in item.techniques, (item.name, rule)


def test_every_stock_phrase_family_is_detected_from_data_alone() -> None:
    families = _lexicons.cue_phrases()["families"]
    for family, spec in families.items():
        phrase = spec["phrases"][0]
        found = findings_for(to_doc(f"They said {phrase} again."), technique=family)
        assert [f.rule for f in found] == [f"{family}.stock_phrase"], (family, phrase)


def test_a_detector_emitting_an_undeclared_rule_is_refused() -> None:
    @detector("test.rogue", techniques=["doubt"], rules={"doubt.declared": "declared"})
    def rogue(context: Any, options: Any) -> list[Finding]:
        return [finding_at(context.text, 0, 3, "doubt", "x", rule="doubt.undeclared")]

    try:
        with pytest.raises(UndeclaredRuleError, match=r"doubt\.undeclared"):
            run(context_for(to_doc("Who knows.")), NO_OPTIONS, detectors(name="test.rogue"))
    finally:
        registry._REGISTRY.pop("test.rogue")


def test_lens_comes_from_the_catalogue_not_the_emitter() -> None:
    # The epithet rule lives in the dehumanization package; name-calling is a framing technique.
    found = findings_for(to_doc("The hillrats came back."), name="dehumanization.epithet")
    assert [(f.technique, f.lens) for f in found] == [("name_calling", "framing")]
    report = analyze("The hillrats came back.")
    assert "name_calling" in report.summary(include_weak=True)["framing"]
    assert "name_calling" not in report.summary(include_weak=True)["dehumanization"]


# --------------------------------------------------------------------------- normalise


def test_normalise_trims_space_and_trailing_punctuation_but_keeps_question_marks() -> None:
    text = " Stop the tax. Really? "
    found = normalise([finding_at(text, 0, 15, "slogans", "a"),
                       finding_at(text, 15, 23, "doubt", "b")], text)
    assert [f.text for f in found] == ["Stop the tax", "Really?"]
    assert normalise([finding_at(text, 14, 15, "slogans", "only a space")], text) == []


def test_normalise_merges_overlaps_of_one_technique_and_keeps_the_first_rule() -> None:
    text = "They breed like rats in the hills."
    first = finding_at(text, 5, 10, "animal_metaphor", "breed", rule="animal_metaphor.verb_agent")
    second = finding_at(text, 5, 21, "animal_metaphor", "like rats",
                        rule="animal_metaphor.comparison")
    other = finding_at(text, 11, 21, "loaded_language", "other technique")
    found = normalise([first, second, other], text)
    assert [(f.technique, f.text, f.rule) for f in found] == [
        ("animal_metaphor", "breed like rats", "animal_metaphor.comparison"),
        ("loaded_language", "like rats", None),
    ]
    assert found[0].evidence == "like rats Also: breed"


def test_normalise_leaves_separate_findings_of_one_technique_apart() -> None:
    text = "rabble and mob"
    found = normalise([finding_at(text, 0, 6, "loaded_language", "a"),
                       finding_at(text, 11, 14, "loaded_language", "b")], text)
    assert [f.text for f in found] == ["rabble", "mob"]


# --------------------------------------------------------------------------- worked example


def _json_blocks(markdown: str) -> list[Any]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", markdown, re.S)]


@pytest.fixture
def example_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    entry, family = _json_blocks(DOCS.read_text(encoding="utf-8"))
    catalogue = json.loads(techniques._packaged(techniques._CATALOGUE_FILE).read_text("utf-8"))
    catalogue["techniques"].append(entry)
    path = tmp_path / "techniques.json"
    path.write_text(json.dumps(catalogue), encoding="utf-8")
    checked = techniques.validate_catalogue(path)  # the entry is a valid catalogue entry
    phrases = json.loads(json.dumps(_lexicons.cue_phrases()))
    phrases["families"].update(family)
    monkeypatch.setattr(techniques, "validate_catalogue", lambda path=None: checked)
    monkeypatch.setattr(cues, "cue_phrases", lambda: phrases)
    techniques._catalogue.cache_clear()
    cues._phrase_matcher.cache_clear()
    yield entry
    techniques._catalogue.cache_clear()
    cues._phrase_matcher.cache_clear()


def test_worked_example_in_docs_adds_a_detected_technique(example_data: Any) -> None:
    assert example_data["id"] == "appeal_to_time"
    report = analyze("The time has come to close the harbour.")
    found = [f for f in report.findings if f.technique == "appeal_to_time"]
    assert [(f.text, f.lens, f.rule) for f in found] == [
        ("The time has come", "framing", "appeal_to_time.stock_phrase")]
    assert "appeal_to_time" in detected_techniques()
    assert "appeal_to_time.stock_phrase" in rule_docs()
    near_miss = analyze("The time of the meeting has changed.")
    assert not [f for f in near_miss.findings if f.technique == "appeal_to_time"]
