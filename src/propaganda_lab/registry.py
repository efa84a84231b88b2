"""The one detector registry: every rule that can produce a Finding is registered here once.

A detector is a function from a :class:`~propaganda_lab.context.DocContext` to Findings,
registered with the technique ids it may emit and its rule ids (``technique.rule_name``, each
with a one-line description). ``analyze``, the spaCy component, the lens functions and the
calibration and benchmark tools all iterate this registry, so adding a rule is a one-place
change, and a rule that fires but was never declared is an error, not a silent surprise.

Data-driven detectors (lexicons, stock phrases) declare their rules with a callable, so a
family added to a data file is a declared rule the moment it is loaded.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.context import DocContext

DetectorFunction = Callable[["DocContext"], list[Finding]]
RuleTable = Mapping[str, str] | Callable[[], Mapping[str, str]]

#: Modules that register detectors when imported (in the order their findings are listed).
DETECTOR_MODULES = (
    "propaganda_lab.framing.loaded",
    "propaganda_lab.framing.cues",
    "propaganda_lab.framing.agency",
    "propaganda_lab.quotes.lens",
    "propaganda_lab.quotes.retelling",
    "propaganda_lab.dehumanization.metaphor_rules",
    "propaganda_lab.dehumanization.components",
    "propaganda_lab.dehumanization.profile",
    "propaganda_lab.dehumanization.scapegoating",
)


class UndeclaredRuleError(RuntimeError):
    """A detector emitted a technique or rule it did not declare when registered."""


@dataclass(frozen=True)
class Detector:
    """One registered detector: its name, the techniques and rules it may emit, its function."""

    name: str
    function: DetectorFunction
    _techniques: Iterable[str] | Callable[[], Iterable[str]]
    _rules: RuleTable
    doc: str

    @property
    def techniques(self) -> frozenset[str]:
        value = self._techniques() if callable(self._techniques) else self._techniques
        return frozenset(value)

    @property
    def rules(self) -> dict[str, str]:
        """Rule id -> one-line description."""
        value = self._rules() if callable(self._rules) else self._rules
        return dict(value)

    def run(self, context: DocContext) -> list[Finding]:
        """The detector's raw findings, checked against what it declared."""
        found = self.function(context)
        techniques, rules = self.techniques, self.rules
        for finding in found:
            if finding.technique not in techniques or finding.rule not in rules:
                raise UndeclaredRuleError(
                    f"detector {self.name!r} emitted technique {finding.technique!r} with rule "
                    f"{finding.rule!r}; declared techniques: {sorted(techniques)}, rules: "
                    f"{sorted(rules)}")
        return found


_REGISTRY: dict[str, Detector] = {}


def detector(name: str, *, techniques: Iterable[str] | Callable[[], Iterable[str]],
             rules: RuleTable) -> Callable[[DetectorFunction], DetectorFunction]:
    """Register ``function(context) -> list[Finding]`` under ``name`` (e.g. ``framing.doubt``).

    ``rules`` maps each rule id the function can emit (``technique.rule_name``) to a one-line
    description; either may be a callable for rules read from a data file.
    """
    def register(function: DetectorFunction) -> DetectorFunction:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"a detector named {name!r} is already registered")
        fixed_techniques = techniques if callable(techniques) else tuple(techniques)
        _REGISTRY[name] = Detector(name, function, fixed_techniques, rules,
                                   (function.__doc__ or "").strip().split("\n")[0])
        return function
    return register


def detectors(*, lens: str | None = None, technique: str | None = None,
              name: str | None = None) -> list[Detector]:
    """Every registered detector (optionally only those that can emit a lens or technique,
    or the one with ``name``)."""
    for module in DETECTOR_MODULES:
        importlib.import_module(module)
    found = list(_REGISTRY.values())
    if name is not None:
        found = [d for d in found if d.name == name]
        if not found:
            raise KeyError(f"no detector named {name!r}")
    if technique is not None:
        found = [d for d in found if technique in d.techniques]
    if lens is not None:
        from propaganda_lab.techniques import lens_of

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


def run_detectors(context: DocContext, selected: Iterable[Detector] | None = None
                  ) -> list[Finding]:
    """Run detectors on one context and pass their findings through the one normalisation
    step (``findings.normalise``), mark the voice each was found in (``voice``: the author's
    or quoted material's), mark the corroborated ones and attach the measured confidence of
    each rule (in that stratum).

    Corroboration is judged among the findings of the detectors run, so a lens function run
    alone can give a finding less support than the full ``analyze``; ``analyze`` and the spaCy
    component run every detector.
    """
    from propaganda_lab.calibration import corroborate, with_confidence
    from propaganda_lab.voice import attribute_voice

    chosen = list(selected) if selected is not None else detectors()
    raw = [finding for item in chosen for finding in item.run(context)]
    found = attribute_voice(normalise(raw, context.text), context)
    return with_confidence(corroborate(found, context))


def findings_for(doc: Doc, *, lens: str | None = None, technique: str | None = None,
                 name: str | None = None, group_terms: Iterable[str] | None = None
                 ) -> list[Finding]:
    """Normalised findings of one lens or technique on a Doc (what the lens functions return).

    Only the findings of the requested lens/technique are kept, even when a detector can emit
    several techniques.
    """
    from propaganda_lab.context import context_for
    from propaganda_lab.dehumanization.groups import clean_group_terms

    context = context_for(doc)
    terms = clean_group_terms(group_terms)
    previous = context.group_terms
    context.group_terms = terms
    try:
        found = run_detectors(context, detectors(lens=lens, technique=technique, name=name))
    finally:
        context.group_terms = previous
    if technique is not None:
        found = [f for f in found if f.technique == technique]
    if lens is not None:
        found = [f for f in found if f.lens == lens]
    return found
