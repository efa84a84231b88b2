"""Interactive widgets: thin ipywidgets front-ends over the library's pure functions."""

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
