"""The quoting lens's public function that returns calibrated findings, through the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding
from propaganda_lab.lenses.quotes.lens import as_source_list
from propaganda_lab.lenses.quotes.source import Source, parse_source
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.pipeline import findings_for

if TYPE_CHECKING:
    from spacy.tokens import Doc


def quote_findings(article: str | Doc,
                   sources: str | Doc | Source | Iterable[str | Doc | Source] = ()
                   ) -> list[Finding]:
    """Catalogue Findings for the article's quotes: scare quotes from the text alone, and
    clipping, splicing, ... from tracing each speech quote in the sources (if any given)."""
    options = RunOptions(sources=tuple(parse_source(s) for s in as_source_list(sources)))
    return findings_for(to_doc(article), name="quoting.quotes", options=options)
