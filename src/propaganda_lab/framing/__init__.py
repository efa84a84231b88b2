"""The framing lens: word choice, frames, hidden agency and persuasion cues.

Framing is how the same event is made to mean different things. Every function takes a string or
a parsed spaCy Doc, parses at most once, and returns results that say why (lexicon entry or
rule), so a learner can check the machine's reasoning on any text, including their own.

This package is the lens's public face (functions through the pipeline, ``compare``,
``display``); the detectors themselves live in ``propaganda_lab.lenses.framing``.
"""

from __future__ import annotations

from propaganda_lab.framing.api import (
    analyze_framing,
    appeal_to_fear,
    bandwagon,
    black_and_white,
    causal_oversimplification,
    doubt,
    exaggeration,
    flag_waving,
    hidden_agency,
    loaded_language,
    persuasion_cues,
    repetition,
    slogans,
    source_derogation,
    thought_terminating_cliches,
    whataboutism,
)
from propaganda_lab.framing.compare import FramingComparison, WordChoice, compare_framing
from propaganda_lab.lenses.framing._lexicons import (
    LexiconError,
    cue_phrases,
    loaded_terms,
    referent_groups,
)
from propaganda_lab.lenses.framing._lexicons import frames as frame_lexicon
from propaganda_lab.lenses.framing.agency import agency, show_hidden_agents
from propaganda_lab.lenses.framing.frames import (
    FrameCue,
    FrameProfile,
    frame_labels,
    frame_profile,
)
from propaganda_lab.lenses.framing.loaded import literal_or_negated, neutral_rewrite

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
    "literal_or_negated",
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

