"""propaganda_lab: take propaganda apart (framing, selective quoting, dehumanizing language)."""

from __future__ import annotations

from propaganda_lab.findings import Finding
from propaganda_lab.nlp import (
    MAX_CHARS,
    ModelNotInstalledError,
    environment_report,
    load_nlp,
    to_doc,
)

__version__ = "0.1.0"

__all__ = [
    "MAX_CHARS",
    "Finding",
    "ModelNotInstalledError",
    "__version__",
    "environment_report",
    "load_nlp",
    "to_doc",
]
