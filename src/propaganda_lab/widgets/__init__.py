"""Interactive widgets: thin ipywidgets front-ends over the library's pure functions."""

from propaganda_lab.widgets.spot_the_technique import SpotTheTechnique
from propaganda_lab.widgets.technique_explorer import TechniqueExplorer
from propaganda_lab.widgets.who_does_what import WhoDoesWhat

__all__ = ["SpotTheTechnique", "TechniqueExplorer", "WhoDoesWhat"]
