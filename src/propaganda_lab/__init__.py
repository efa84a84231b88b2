"""propaganda_lab: take propaganda apart (framing, selective quoting, dehumanizing language).

The most used names are importable from the top level; the heavier modules behind them load
on first use, so ``import propaganda_lab`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

from propaganda_lab.findings import Finding
from propaganda_lab.nlp import (
    MAX_CHARS,
    ModelNotInstalledError,
    environment_report,
    load_nlp,
    to_doc,
)

__version__ = "0.1.0"

_LAZY = {
    "get_technique": "propaganda_lab.techniques",
    "list_cases": "propaganda_lab.corpus",
    "load_case": "propaganda_lab.corpus",
    "read_ptc": "propaganda_lab.corpus",
    "write_ptc": "propaganda_lab.corpus",
    "span_scores": "propaganda_lab.metrics",
    "highlight_html": "propaganda_lab.render",
    "events": "propaganda_lab.roles",
    "analyze": "propaganda_lab.analysis",
    "analyze_many": "propaganda_lab.analysis",
    "clean_text": "propaganda_lab.cleaning",
    "text_issues": "propaganda_lab.cleaning",
}

__all__ = [
    "MAX_CHARS",
    "Finding",
    "ModelNotInstalledError",
    "__version__",
    "analyze",
    "analyze_many",
    "clean_text",
    "environment_report",
    "events",
    "get_technique",
    "highlight_html",
    "list_cases",
    "load_case",
    "load_nlp",
    "read_ptc",
    "span_scores",
    "text_issues",
    "to_doc",
    "write_ptc",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'propaganda_lab' has no attribute {name!r}")
