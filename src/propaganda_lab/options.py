"""What one analysis run is asked to do, kept apart from the facts of the Doc it runs on.

A Doc's facts (its text, sentences, chunks, quotations) are the same whoever asks, so
``context.DocContext`` caches them for every caller. The sources a learner pasted and the
group they named belong to one *call*: storing them on the shared per-Doc cache let one call's
source leak into the next call on the same Doc. So every run gets a frozen ``RunOptions`` and
detectors receive it beside the context; results that depend on options are memoised through
:meth:`RunOptions.memo`, whose key always includes the options.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext
    from propaganda_lab.lenses.quotes.source import Source

T = TypeVar("T")


def clean_group_terms(group_terms: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """Group terms as given by a learner (one string or several), stripped; None if none."""
    if group_terms is None:
        return None
    if isinstance(group_terms, str):
        group_terms = [group_terms]
    terms = tuple(t.strip() for t in group_terms if isinstance(t, str) and t.strip())
    return terms or None


@dataclass(frozen=True)
class RunOptions:
    """The inputs of one run besides the Doc: parsed sources for the quote checks (none: quotes
    are judged from the text alone) and the group a learner named (None: every group found)."""

    sources: tuple[Source, ...] = ()
    group_terms: tuple[str, ...] | None = None

    @classmethod
    def of(cls, sources: Iterable[Source] = (),
           group_terms: Iterable[str] | str | None = None) -> RunOptions:
        """Options from loosely given inputs (a list of sources, one term or several)."""
        return cls(tuple(sources), clean_group_terms(group_terms))

    @property
    def key(self) -> Hashable:
        """What the options are, as a memo key: sources by their text, terms as given."""
        return (tuple(source.text for source in self.sources), self.group_terms)

    def memo(self, context: DocContext, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per Doc, ``key`` and these options (results that depend on the
        options never leak into a run with other options)."""
        return context.memo((key, self.key), compute)


#: The options of a run that was given nothing: no sources, every group.
NO_OPTIONS = RunOptions()


def describe(options: RunOptions) -> dict[str, Any]:
    """The options in plain data (for reports and error messages)."""
    return {"sources": len(options.sources), "group_terms": options.group_terms}
