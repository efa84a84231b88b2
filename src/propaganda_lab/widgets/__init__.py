"""Interactive widgets: thin ipywidgets front-ends over the library's pure functions.

The widget classes are imported on first use (PEP 562), so a notebook that needs one widget
(the Voilà app needs only ``your_text``) does not pay for importing all of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from propaganda_lab.widgets.agency_view import AgencyView
    from propaganda_lab.widgets.catalogue import CatalogueBrowser
    from propaganda_lab.widgets.context_slider import ContextSlider
    from propaganda_lab.widgets.dehumanization_lens import DehumanizationLens
    from propaganda_lab.widgets.exercise_answer import ExerciseAnswer
    from propaganda_lab.widgets.frame_compare import FrameCompare
    from propaganda_lab.widgets.judgment_check import JudgmentCheck
    from propaganda_lab.widgets.label_compare import LabelCompare
    from propaganda_lab.widgets.quote_audit import QuoteAudit
    from propaganda_lab.widgets.reframe_sandbox import ReframeSandbox
    from propaganda_lab.widgets.rewrite_challenge import RewriteChallenge
    from propaganda_lab.widgets.spot_the_technique import SpotTheTechnique
    from propaganda_lab.widgets.technique_explorer import TechniqueExplorer
    from propaganda_lab.widgets.who_does_what import WhoDoesWhat

#: Each public widget and the module that defines it.
_MODULES = {
    "AgencyView": "agency_view",
    "CatalogueBrowser": "catalogue",
    "ContextSlider": "context_slider",
    "DehumanizationLens": "dehumanization_lens",
    "ExerciseAnswer": "exercise_answer",
    "FrameCompare": "frame_compare",
    "JudgmentCheck": "judgment_check",
    "LabelCompare": "label_compare",
    "QuoteAudit": "quote_audit",
    "ReframeSandbox": "reframe_sandbox",
    "RewriteChallenge": "rewrite_challenge",
    "SpotTheTechnique": "spot_the_technique",
    "TechniqueExplorer": "technique_explorer",
    "WhoDoesWhat": "who_does_what",
}

__all__ = [
    "AgencyView",
    "CatalogueBrowser",
    "ContextSlider",
    "DehumanizationLens",
    "ExerciseAnswer",
    "FrameCompare",
    "JudgmentCheck",
    "LabelCompare",
    "QuoteAudit",
    "ReframeSandbox",
    "RewriteChallenge",
    "SpotTheTechnique",
    "TechniqueExplorer",
    "WhoDoesWhat",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])
