"""Interactive widgets: thin ipywidgets front-ends over the library's pure functions."""

from propaganda_lab.widgets.who_does_what import WhoDoesWhat

__all__ = ["WhoDoesWhat"]
