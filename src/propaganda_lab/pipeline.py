"""The pipeline: run detectors on one Doc and turn their raw findings into what a learner sees.

One call, in this order (``run``):

1. **detect**: every chosen detector of the registry, on the Doc's shared context and this
   call's ``RunOptions`` (sources, group);
2. **normalise**: the one trimming and overlap convention (``findings.normalise``);
3. **lens**: each finding gets its technique's lens from the catalogue;
4. **voice**: findings inside reproduced material are the quoted party's (``voice``);
5. **confidence**: the structural facts of each finding in its context (``features``), the
   confidence a model fitted on blind hand judgments gives them, the facts that moved it, and
   whether the finding is a weak cue (``calibration``).

``analyze()``, the spaCy component and every public lens function run through here, so the same
text gives the same findings whichever way a learner asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from propaganda_lab import registrations
from propaganda_lab.calibration import with_confidence
from propaganda_lab.context import DocContext, context_for
from propaganda_lab.findings import Finding, normalise
from propaganda_lab.options import NO_OPTIONS, RunOptions
from propaganda_lab.registry import Detector, registered
from propaganda_lab.techniques import lens_of
from propaganda_lab.voice import attribute_voice

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["detected_techniques", "detectors", "findings_for", "rule_docs", "run"]

#: Every lens module has registered its detectors once this module is imported.
LENS_MODULES = registrations.LENS_MODULES


def detectors(*, lens: str | None = None, technique: str | None = None,
              name: str | None = None, module: str | None = None) -> list[Detector]:
    """Every registered detector, or those that can emit a lens or technique, the one named
    ``name``, or those defined in ``module``."""
    found = registered()
    if name is not None:
        found = [d for d in found if d.name == name]
        if not found:
            raise KeyError(f"no detector named {name!r}")
    if module is not None:
        found = [d for d in found if d.module == module]
    if technique is not None:
        found = [d for d in found if technique in d.techniques]
    if lens is not None:
        found = [d for d in found if any(lens_of(t) == lens for t in d.techniques)]
    return found


def rule_docs() -> dict[str, str]:
    """Every rule id of every detector with its one-line description, sorted by id."""
    table: dict[str, str] = {}
    for item in detectors():
        table.update(item.rules)
    return dict(sorted(table.items()))


def detected_techniques() -> frozenset[str]:
    """Technique ids at least one registered detector can emit."""
    return frozenset(t for item in detectors() for t in item.techniques)


def run(context: DocContext, options: RunOptions = NO_OPTIONS,
        selected: Iterable[Detector] | None = None) -> list[Finding]:
    """Run detectors (all, or ``selected``) on one context with one call's options, and pass
    their findings through normalisation, lens, voice, corroboration and confidence.

    Corroboration is judged among the findings of the detectors run, so a lens function run
    alone can give a finding less support than the full ``analyze``; ``analyze`` and the spaCy
    component run every detector.
    """
    chosen = list(selected) if selected is not None else detectors()
    raw = [finding for item in chosen for finding in item.run(context, options)]
    found = [replace(f, lens=lens_of(f.technique)) for f in normalise(raw, context.text)]
    return with_confidence(attribute_voice(found, context), context)


def findings_for(doc: Doc, *, lens: str | None = None, technique: str | None = None,
                 name: str | None = None, module: str | None = None,
                 options: RunOptions = NO_OPTIONS) -> list[Finding]:
    """Findings of one lens, technique, detector or module on a Doc (what the public lens
    functions return). Only the findings of the requested lens or technique are kept, even
    when a detector can emit several techniques."""
    found = run(context_for(doc), options,
                detectors(lens=lens, technique=technique, name=name, module=module))
    if technique is not None:
        found = [f for f in found if f.technique == technique]
    if lens is not None:
        found = [f for f in found if f.lens == lens]
    return found
