"""The one detector table: every rule that can produce a Finding is registered here once.

A detector is a function ``(context, options) -> list[Finding]``, registered with the technique
ids it may emit and its rule ids (``technique.rule_name``, each with a one-line description).
This module is only the table and its decorator: it depends on ``findings`` alone. The table is
filled by ``registrations`` (which imports every module of ``propaganda_lab.lenses``) and read
by ``pipeline``, which runs the detectors; so adding a rule is a one-place change, and a rule
that fires but was never declared is an error, not a silent surprise.

Data-driven detectors (lexicons, stock phrases) declare their rules with a callable, so a
family added to a data file is a declared rule the moment it is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from propaganda_lab.findings import Finding

if TYPE_CHECKING:
    from propaganda_lab.context import DocContext
    from propaganda_lab.options import RunOptions

DetectorFunction = Callable[["DocContext", "RunOptions"], list[Finding]]
RuleTable = Mapping[str, str] | Callable[[], Mapping[str, str]]


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

    @property
    def module(self) -> str:
        """The module that defines the detector (lens functions select their own by it)."""
        return self.function.__module__

    def run(self, context: DocContext, options: RunOptions) -> list[Finding]:
        """The detector's raw findings, checked against what it declared."""
        found = self.function(context, options)
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
    """Register ``function(context, options) -> list[Finding]`` under ``name``
    (e.g. ``framing.doubt``).

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


def registered() -> list[Detector]:
    """Every detector registered so far, in registration order (``pipeline.detectors`` makes
    sure every lens module has registered its own first)."""
    return list(_REGISTRY.values())

