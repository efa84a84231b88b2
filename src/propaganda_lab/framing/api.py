"""The framing lens's public functions: one kind of finding at a time, through the pipeline.

Each takes a string or a parsed spaCy Doc, parses at most once, and returns normalised findings
with their lens, voice and measured confidence, exactly as ``analyze()`` gives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from propaganda_lab.context import context_for
from propaganda_lab.findings import Finding
from propaganda_lab.lenses.framing import cues, moves
from propaganda_lab.nlp import to_doc
from propaganda_lab.pipeline import detectors, findings_for, run

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Where the persuasion-cue detectors live: every cue that is not a single lexicon word.
PERSUASION_MODULE = cues.__name__
#: ... together with the author's other moves in real posts (hedged sources, forecasts of
#: imminent harm, dismissals, sweeping whataboutism).
PERSUASION_MODULES = (cues.__name__, moves.__name__)


def loaded_language(text_or_doc: str | Doc) -> list[Finding]:
    """Emotive, labeling and intensifying terms, each with the lexicon entry that flagged it.

    Technique is the entry's catalogue id (loaded_language, name_calling or
    exaggeration_minimisation); ``neutral`` is a plainer alternative where the lexicon has one.
    """
    return findings_for(to_doc(text_or_doc), name="framing.loaded_language")


def hidden_agency(text_or_doc: str | Doc) -> list[Finding]:
    """Agentless events as Findings, each saying which rule hid the doer and what is missing."""
    return findings_for(to_doc(text_or_doc), name="framing.hidden_agency")


def _persuasion(text_or_doc: str | Doc, technique: str | None = None) -> list[Finding]:
    """The persuasion-cue detectors (of one technique, or all) run together on one parse, so
    overlapping findings of one technique merge as they do in ``analyze()``."""
    chosen = [item for module in PERSUASION_MODULES
              for item in detectors(technique=technique, module=module)]
    found = run(context_for(to_doc(text_or_doc)), selected=chosen)
    return [f for f in found if technique is None or f.technique == technique]


def _technique_cues(text_or_doc: str | Doc, technique: str) -> list[Finding]:
    """Stock phrases and shapes of one technique (single lexicon words not included)."""
    return _persuasion(text_or_doc, technique)


def doubt(text_or_doc: str | Doc) -> list[Finding]:
    """Doubt and mocking incredulity: "so-called", "Did you really believe that?"."""
    return _technique_cues(text_or_doc, "doubt")


def appeal_to_fear(text_or_doc: str | Doc) -> list[Finding]:
    """Fear appeals: a stock warning, or a conditional that predicts harm."""
    return _technique_cues(text_or_doc, "appeal_to_fear")


def exaggeration(text_or_doc: str | Doc) -> list[Finding]:
    """Exaggeration by structure ("the worst decision ever"); single words: the lexicon."""
    return _technique_cues(text_or_doc, "exaggeration_minimisation")


def whataboutism(text_or_doc: str | Doc) -> list[Finding]:
    """Whataboutism: "What about ...?", "never say a word about ..."."""
    return _technique_cues(text_or_doc, "whataboutism")


def flag_waving(text_or_doc: str | Doc) -> list[Finding]:
    """Flag-waving: ancestors, national pride and belonging used as the argument."""
    return _technique_cues(text_or_doc, "flag_waving")


def causal_oversimplification(text_or_doc: str | Doc) -> list[Finding]:
    """One cause named for an outcome with many ('the only reason ...', 'it's that simple')."""
    return _technique_cues(text_or_doc, "causal_oversimplification")


def slogans(text_or_doc: str | Doc) -> list[Finding]:
    """Slogans: short imperative or verbless "X, not Y" sentences."""
    return _technique_cues(text_or_doc, "slogans")


def thought_terminating_cliches(text_or_doc: str | Doc) -> list[Finding]:
    """Thought-terminating clichés: "Enough is enough", "Case closed", "X is X"."""
    return _technique_cues(text_or_doc, "thought_terminating_cliche")


def black_and_white(text_or_doc: str | Doc) -> list[Finding]:
    """False dilemmas: "Either ... or ...", "only two choices", "no third option"."""
    return _technique_cues(text_or_doc, "black_and_white")


def bandwagon(text_or_doc: str | Doc) -> list[Finding]:
    """Bandwagon: "Most Valdorans already know this", "Everyone agrees"."""
    return _technique_cues(text_or_doc, "bandwagon")


def source_derogation(text_or_doc: str | Doc) -> list[Finding]:
    """Attacks on the messenger: funding, motives, competence."""
    return _technique_cues(text_or_doc, "source_derogation")


def repetition(text_or_doc: str | Doc) -> list[Finding]:
    """Repetition: the same short sentence twice, or the same charged word three times."""
    return _technique_cues(text_or_doc, "repetition")


def persuasion_cues(text_or_doc: str | Doc) -> list[Finding]:
    """Every persuasion-cue detector on one parse, normalised, in reading order."""
    return _persuasion(text_or_doc)


def analyze_framing(text_or_doc: str | Doc) -> list[Finding]:
    """All framing-lens Findings on one parse (every registered detector whose techniques the
    catalogue puts in the framing lens), normalised, in reading order."""
    return findings_for(to_doc(text_or_doc), lens="framing")
