"""The framing lens: word choice, frames, hidden agency and persuasion cues.

Framing is how the same event is made to mean different things. Every function takes a string or
a parsed spaCy Doc, parses at most once, and returns results that say why (lexicon entry or
rule), so a learner can check the machine's reasoning on any text, including their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding
from propaganda_lab.framing._lexicons import (
    LexiconError,
    cue_phrases,
    loaded_terms,
    referent_groups,
)
from propaganda_lab.framing._lexicons import frames as frame_lexicon
from propaganda_lab.framing.agency import agency, hidden_agency, show_hidden_agents
from propaganda_lab.framing.compare import FramingComparison, WordChoice, compare_framing
from propaganda_lab.framing.cues import (
    appeal_to_fear,
    bandwagon,
    black_and_white,
    causal_oversimplification,
    doubt,
    exaggeration,
    flag_waving,
    persuasion_cues,
    repetition,
    slogans,
    source_derogation,
    thought_terminating_cliches,
    whataboutism,
)
from propaganda_lab.framing.frames import FrameCue, FrameProfile, frame_labels, frame_profile
from propaganda_lab.framing.loaded import loaded_language, neutral_rewrite
from propaganda_lab.nlp import to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "FrameCue",
    "FrameProfile",
    "FramingComparison",
    "LexiconError",
    "WordChoice",
    "agency",
    "analyze_framing",
    "appeal_to_fear",
    "bandwagon",
    "black_and_white",
    "causal_oversimplification",
    "compare_framing",
    "cue_phrases",
    "doubt",
    "exaggeration",
    "flag_waving",
    "frame_labels",
    "frame_lexicon",
    "frame_profile",
    "hidden_agency",
    "loaded_language",
    "loaded_terms",
    "neutral_rewrite",
    "persuasion_cues",
    "referent_groups",
    "repetition",
    "show_hidden_agents",
    "slogans",
    "source_derogation",
    "thought_terminating_cliches",
    "whataboutism",
]


def analyze_framing(text_or_doc: str | Doc) -> list[Finding]:
    """All framing-lens Findings on one parse (every registered detector whose techniques the
    catalogue puts in the framing lens), normalised, in reading order."""
    from propaganda_lab.registry import findings_for

    return findings_for(to_doc(text_or_doc), lens="framing")
