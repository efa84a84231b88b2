"""Two reports of the same event side by side: words, frames and who is shown acting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding
from propaganda_lab.framing.api import loaded_language
from propaganda_lab.lenses.framing._lexicons import referent_groups
from propaganda_lab.lenses.framing.agency import agency
from propaganda_lab.lenses.framing.frames import FrameProfile, frame_profile
from propaganda_lab.nlp import load_nlp, to_doc
from propaganda_lab.roles import Event

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class WordChoice:
    """The same kind of referent named differently in the two texts."""

    referent: str
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.referent}: {', '.join(self.words_a)} vs {', '.join(self.words_b)}"


@dataclass(frozen=True)
class FramingComparison:
    """Everything ``compare_framing`` found, for tables, widgets and exercise checks."""

    loaded_a: list[Finding]
    loaded_b: list[Finding]
    profile_a: FrameProfile
    profile_b: FrameProfile
    events_a: list[Event]
    events_b: list[Event]
    word_choices: list[WordChoice]

    @property
    def hidden_agents(self) -> tuple[int, int]:
        """Number of agentless events in A and in B."""
        return (sum(e.agentless for e in self.events_a), sum(e.agentless for e in self.events_b))

    def loaded_per_100_words(self) -> tuple[float, float]:
        """Loaded-language density, so texts of different length compare fairly."""

        def density(findings: list[Finding], profile: FrameProfile) -> float:
            return round(100.0 * len(findings) / profile.words, 2) if profile.words else 0.0

        return density(self.loaded_a, self.profile_a), density(self.loaded_b, self.profile_b)

    def summary(self) -> str:
        density_a, density_b = self.loaded_per_100_words()
        hidden_a, hidden_b = self.hidden_agents
        lines = [
            f"Loaded terms: A {len(self.loaded_a)} ({density_a}/100 words), "
            f"B {len(self.loaded_b)} ({density_b}/100 words)",
            f"Dominant frame: A {self.profile_a.dominant or '—'}, "
            f"B {self.profile_b.dominant or '—'}",
            f"Hidden agents: A {hidden_a}, B {hidden_b}",
        ]
        lines += [f"Word choice — {choice}" for choice in self.word_choices]
        return "\n".join(lines)


def _term_sequence(term: str) -> str:
    return " " + " ".join(t.lower_ for t in load_nlp().make_doc(term)) + " "


def _words_used(doc: Doc, terms: frozenset[str]) -> tuple[str, ...]:
    """Which of ``terms`` the text uses, by lemma or surface form (multi-word aware)."""
    lemmas = " " + " ".join(t.lemma_.lower() for t in doc) + " "
    lowers = " " + " ".join(t.lower_ for t in doc) + " "
    used = [term for term in terms
            if _term_sequence(term) in lemmas or _term_sequence(term) in lowers]
    return tuple(sorted(used))


def word_choices(doc_a: Doc, doc_b: Doc) -> list[WordChoice]:
    """Referent groups both texts name, but with different words ("protester" vs "rioter")."""
    choices = []
    for referent, terms in referent_groups():
        in_a, in_b = _words_used(doc_a, terms), _words_used(doc_b, terms)
        if in_a and in_b and set(in_a) != set(in_b):
            only_a = tuple(w for w in in_a if w not in in_b) or in_a
            only_b = tuple(w for w in in_b if w not in in_a) or in_b
            choices.append(WordChoice(referent, only_a, only_b))
    return choices


def compare_framing(a: str | Doc, b: str | Doc) -> FramingComparison:
    """Compare two reports of one event (each parsed once): loaded terms, frame profiles,
    agency and word-choice pairs."""
    doc_a, doc_b = to_doc(a), to_doc(b)
    return FramingComparison(
        loaded_a=loaded_language(doc_a),
        loaded_b=loaded_language(doc_b),
        profile_a=frame_profile(doc_a, headline=True),
        profile_b=frame_profile(doc_b, headline=True),
        events_a=agency(doc_a),
        events_b=agency(doc_b),
        word_choices=word_choices(doc_a, doc_b),
    )
