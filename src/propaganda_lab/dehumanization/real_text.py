"""How the dehumanization lens does on real hate speech, as the course may quote it.

The figures come from ``benchmarks/hate_text.py --write-summary`` run on a folder of real
hate speech that is never shipped (forum sentences labelled hate / not hate, Gab and Twitter
posts labelled hate speech / offensive / normal): shares of labelled items flagged, per lens
and per detector, and how often a flag covers a word annotators marked as the reason. Only
these aggregate figures ship (``data/real_text_dehumanization.json``, corpora named and sized),
so a notebook sentence that quotes one computes it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from propaganda_lab.datafiles import load_json, packaged

SUMMARY_FILE = "data/real_text_dehumanization.json"


@dataclass(frozen=True)
class RealTextMeasure:
    """The lens on real hate speech: ``forum_all[label]`` is the share of forum sentences with
    that label (``hate`` / ``noHate``) holding at least one finding, ``forum_shown`` the same
    for findings shown by default; ``posts_all`` / ``posts_shown`` the same for posts by label
    (``hatespeech`` / ``offensive`` / ``normal``); ``rationale_share`` the share of flags on
    posts with a rationale that cover a word the annotators marked as the reason."""

    date: str
    command: str
    corpora: dict[str, dict[str, Any]]
    forum_all: dict[str, float | None]
    forum_shown: dict[str, float | None]
    posts_all: dict[str, float | None]
    posts_shown: dict[str, float | None]
    rationale_share: float | None
    chance_token_share: float | None
    detectors: dict[str, dict[str, Any]]

    def summary(self) -> str:
        """One sentence a notebook can print: what the lens flags on real hate speech."""
        forum = self.corpora["forum"]
        labels = forum["labels"]

        def pct(value: float | None) -> str:
            return "–" if value is None else f"{100 * value:.1f}%"

        return (f"On {forum['items']:,} real forum sentences ({labels.get('hate', 0):,} labelled "
                f"hate by annotators), the lens flags {pct(self.forum_all.get('hate'))} of the "
                f"hateful sentences and {pct(self.forum_all.get('noHate'))} of the others "
                f"(shown by default: {pct(self.forum_shown.get('hate'))} and "
                f"{pct(self.forum_shown.get('noHate'))}); measured {self.date}.")


@lru_cache(maxsize=1)
def real_text_measure() -> RealTextMeasure | None:
    """The shipped measurement, or None when no measurement has been shipped."""
    if not packaged(SUMMARY_FILE).is_file():
        return None
    data = load_json(SUMMARY_FILE, "real_text_dehumanization.schema.json")
    lens = data["lens"]
    return RealTextMeasure(
        date=data["date"], command=data["command"], corpora=data["corpora"],
        forum_all=lens["forum_all"], forum_shown=lens["forum_shown"],
        posts_all=lens["posts_all"], posts_shown=lens["posts_shown"],
        rationale_share=lens["rationale_share"],
        chance_token_share=lens.get("chance_token_share"), detectors=data["detectors"])
