"""The selective quoting lens: find every quote, trace it to its source, show what was cut.

``extract_quotes`` finds quotations and their speakers; ``parse_source`` reads a transcript
or prose source; ``check_quotes`` traces each quote and flags clipping, splicing, dropped
qualifiers, reversed context, misattribution, alteration and fabrication; ``quote_findings``
turns that into catalogue Findings; ``sourcing`` counts who gets quoted at all.

This package is the lens's public face; the detector and the checks themselves live in
``propaganda_lab.lenses.quotes``.
"""

from propaganda_lab.lenses.quotes.align import (
    FLAGS,
    DroppedQualifier,
    QuoteCheck,
    Segment,
    check_quote,
    same_speaker,
)
from propaganda_lab.lenses.quotes.extract import KINDS, Quote, extract_quotes, quote_spans
from propaganda_lab.lenses.quotes.lens import (
    FLAG_TECHNIQUES,
    UNATTRIBUTED,
    best_checks,
    check_quotes,
    finding_span,
    findings_from_checks,
    sourcing,
    trace_quotes,
    traced_checks,
)
from propaganda_lab.lenses.quotes.source import Source, SourceSentence, parse_source
from propaganda_lab.quotes.api import quote_findings

__all__ = [
    "FLAGS",
    "FLAG_TECHNIQUES",
    "KINDS",
    "UNATTRIBUTED",
    "DroppedQualifier",
    "Quote",
    "QuoteCheck",
    "Segment",
    "Source",
    "SourceSentence",
    "best_checks",
    "check_quote",
    "check_quotes",
    "extract_quotes",
    "finding_span",
    "findings_from_checks",
    "parse_source",
    "quote_findings",
    "quote_spans",
    "same_speaker",
    "sourcing",
    "trace_quotes",
    "traced_checks",
]
