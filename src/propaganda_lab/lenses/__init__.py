"""The three lenses' detectors and the analysis they do on one parsed Doc.

Each lens package (``framing``, ``quotes``, ``dehumanization``) holds its word lists, its
per-Doc facts and its ``@registry.detector`` functions. Nothing here runs the pipeline: the
public lens functions that return calibrated findings (``propaganda_lab.framing.doubt`` and
friends) live one layer up, in the packages of the same name directly under ``propaganda_lab``.
See ``docs/architecture.md``.
"""
