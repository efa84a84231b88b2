"""The framing lens: its detectors, word lists and per-Doc analysis.

See ``propaganda_lab.lenses`` and ``docs/architecture.md``.
"""
