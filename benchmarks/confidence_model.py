"""Fit the confidence model on blind hand judgments and measure how honest it is.

The model (read at run time by ``propaganda_lab.calibration``) is a logistic regression over a
finding's structural facts (``propaganda_lab.features.FEATURES``): the first feature is the
log-odds of the finding's rule's judged precision, shrunk towards its technique's and lens's
(``calibration.smoothed_precision``), the others are facts of its context. Tens of
coefficients, no word features, fitted with L2-regularised Newton steps in NumPy.

Honesty is measured out of sample: folds are drawn by document (a document's flags are never
split between fitting and testing), the rule priors of each fold come from its training
judgments only, and the out-of-fold probabilities give the reliability table, the expected
calibration error (ECE), the Brier score and, per corpus, the blind-judged precision of the
findings the model would show against the confidence it claims for them.

A logistic fit on a few hundred flags over-claims at the top (its out-of-fold confidence of
0.8 was right about 0.7 of the time), so the fitted log-odds are rescaled once (Platt
scaling: two numbers fitted on the out-of-fold log-odds) and folded into the shipped
coefficients; the validation figures rescale each fold with a scaling fitted on the others.

Used by ``benchmarks/real_text.py --fit-confidence``; the rows it takes come from there.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from propaganda_lab.calibration import smoothed_precision
from propaganda_lab.features import FEATURES

#: Pseudo-judgments a rule's precision is shrunk towards its technique's with (and so on):
#: with fewer, a rule judged a handful of times dominated and the fit over-claimed out of fold.
PRIOR_STRENGTH = 15.0
#: L2 penalty on the coefficients (not the intercept).
L2 = 1.0
FOLDS = 5
BINS = 10
#: Claimed confidence of the shown findings must sit within this of their judged precision.
HONESTY_MARGIN = 0.10


@dataclass(frozen=True)
class Row:
    """One blind-judged flag: where it is, its rule, its facts (no prior yet), the verdict."""

    corpus: str
    doc_id: str
    rule: str
    technique: str
    lens: str
    facts: dict[str, float]
    right: bool
    detector: str = ""


def counts(rows: Iterable[Row]) -> dict[str, dict[str, dict[str, int]]]:
    """Judged and right flags per rule, technique, detector and lens."""
    tables: dict[str, dict[str, dict[str, int]]] = {
        "rules": {}, "techniques": {}, "detectors": {}, "lenses": {}}
    for row in rows:
        for table, key in (("rules", row.rule), ("techniques", row.technique),
                           ("detectors", row.detector), ("lenses", row.lens)):
            if not key:
                continue
            entry = tables[table].setdefault(key, {"right": 0, "judged": 0})
            entry["judged"] += 1
            entry["right"] += int(row.right)
    return tables


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def design(rows: Sequence[Row], table: dict[str, Any], overall: float) -> np.ndarray:
    """The feature matrix: the rule prior from ``table``, then the facts, in FEATURES order."""
    matrix = np.zeros((len(rows), len(FEATURES)))
    for i, row in enumerate(rows):
        prior = smoothed_precision(table, PRIOR_STRENGTH, overall, row.rule, row.technique,
                                   row.detector, row.lens)
        values = {**row.facts, "rule_prior": _logit(prior)}
        matrix[i] = [values[name] for name in FEATURES]
    return matrix


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2,
                 steps: int = 50) -> tuple[np.ndarray, float]:
    """Coefficients and intercept of an L2-regularised logistic regression (Newton steps)."""
    n, k = x.shape
    design_matrix = np.hstack([np.ones((n, 1)), x])
    beta = np.zeros(k + 1)
    penalty = np.full(k + 1, l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design_matrix @ beta))
        gradient = design_matrix.T @ (y - p) - penalty * beta
        weight = p * (1 - p)
        hessian = design_matrix.T @ (design_matrix * weight[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(k + 1), gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta[1:], float(beta[0])


def predict(x: np.ndarray, weights: np.ndarray, intercept: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + intercept)))


def _fit_rows(rows: Sequence[Row]) -> tuple[np.ndarray, float, dict[str, Any], float]:
    table = counts(rows)
    overall = sum(r.right for r in rows) / len(rows)
    x = design(rows, table, overall)
    y = np.array([float(r.right) for r in rows])
    weights, intercept = fit_logistic(x, y)
    return weights, intercept, table, overall


def _folds(rows: Sequence[Row], folds: int, seed: int) -> list[int]:
    """Each row's fold, drawn by document."""
    documents = sorted({(r.corpus, r.doc_id) for r in rows})
    random.Random(seed).shuffle(documents)
    fold_of = {doc: i % folds for i, doc in enumerate(documents)}
    return [fold_of[(r.corpus, r.doc_id)] for r in rows]


def out_of_fold_log_odds(rows: Sequence[Row], folds: int = FOLDS, seed: int = 7) -> np.ndarray:
    """Each row's log-odds from a model fitted without its document's fold."""
    fold_of = _folds(rows, folds, seed)
    log_odds = np.zeros(len(rows))
    for fold in range(folds):
        train = [r for r, f in zip(rows, fold_of, strict=True) if f != fold]
        test = [i for i, f in enumerate(fold_of) if f == fold]
        if not test or not train:
            continue
        weights, intercept, table, overall = _fit_rows(train)
        x = design([rows[i] for i in test], table, overall)
        log_odds[test] = x @ weights + intercept
    return log_odds


def platt(log_odds: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Scale and shift of log-odds that make them calibrated (fitted by the same Newton
    steps, unpenalised)."""
    weights, intercept = fit_logistic(log_odds[:, None], labels, l2=0.0)
    return float(weights[0]), intercept


def out_of_fold(rows: Sequence[Row], folds: int = FOLDS, seed: int = 7) -> np.ndarray:
    """Each row's calibrated probability, with nothing of its fold in either the model or the
    scaling: out-of-fold log-odds, rescaled by a Platt scaling fitted on the other folds."""
    log_odds = out_of_fold_log_odds(rows, folds, seed)
    labels = np.array([float(r.right) for r in rows])
    fold_of = np.array(_folds(rows, folds, seed))
    probabilities = np.zeros(len(rows))
    for fold in range(folds):
        test = fold_of == fold
        if not test.any() or test.all():
            continue
        scale, shift = platt(log_odds[~test], labels[~test])
        probabilities[test] = 1 / (1 + np.exp(-(scale * log_odds[test] + shift)))
    return probabilities


def reliability(probabilities: Sequence[float], labels: Sequence[bool],
                bins: int = BINS) -> list[dict[str, Any]]:
    """Judged precision against mean confidence in equal-width confidence bins."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [(p, y) for p, y in zip(probabilities, labels, strict=True)
                   if low <= p < high or (b == bins - 1 and p == 1.0)]
        table.append({
            "low": low, "high": high, "count": len(members),
            "mean_confidence": round(float(sum(p for p, _ in members) / len(members)), 3)
            if members else None,
            "precision": round(sum(y for _, y in members) / len(members), 3) if members else None,
        })
    return table


def expected_calibration_error(table: Sequence[dict[str, Any]]) -> float:
    """Bin-weighted mean gap between claimed confidence and judged precision."""
    total = sum(b["count"] for b in table)
    if not total:
        return 0.0
    return sum(b["count"] * abs(b["mean_confidence"] - b["precision"])
               for b in table if b["count"]) / total


def auc(probabilities: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve (the chance a right flag outranks a wrong one)."""
    positives = [p for p, y in zip(probabilities, labels, strict=True) if y]
    negatives = [p for p, y in zip(probabilities, labels, strict=True) if not y]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def shown_honesty(rows: Sequence[Row], probabilities: Sequence[float], threshold: float
                  ) -> dict[str, dict[str, Any]]:
    """Per corpus: how many judged flags the model would show, their blind-judged precision
    and the mean confidence it claims for them."""
    result: dict[str, dict[str, Any]] = {}
    by_corpus: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for row, p in zip(rows, probabilities, strict=True):
        by_corpus[row.corpus].append((p, row.right))
    for corpus, pairs in sorted(by_corpus.items()):
        shown = [(p, y) for p, y in pairs if p >= threshold]
        result[corpus] = {
            "judged": len(pairs), "shown": len(shown),
            "precision": round(sum(y for _, y in shown) / len(shown), 3) if shown else None,
            "claimed": round(float(sum(p for p, _ in shown) / len(shown)), 3) if shown else None,
        }
    return result


def fit(rows: Sequence[Row], threshold: float, meta: dict[str, Any]) -> dict[str, Any]:
    """The model file's content: the fit on every row, validated out of fold."""
    weights, intercept, table, overall = _fit_rows(rows)
    labels = [r.right for r in rows]
    scale, shift = platt(out_of_fold_log_odds(rows), np.array(labels, dtype=float))
    weights, intercept = scale * weights, scale * intercept + shift
    oof = out_of_fold(rows)
    table_rel = reliability(oof, labels)
    x_all = design(rows, table, overall)
    brier = float(np.mean((oof - np.array(labels, dtype=float)) ** 2))
    area = auc(list(oof), labels)
    return {
        **meta,
        "threshold": threshold,
        "intercept": round(intercept, 5),
        "coefficients": {name: round(float(w), 5) for name, w in zip(FEATURES, weights,
                                                                        strict=True)},
        "feature_means": {name: round(float(m), 5)
                          for name, m in zip(FEATURES, x_all.mean(axis=0), strict=True)},
        "prior_strength": PRIOR_STRENGTH,
        "overall_precision": round(overall, 5),
        "counts": {name: dict(sorted(t.items())) for name, t in table.items()},
        "validation": {
            "folds": FOLDS, "platt": {"scale": round(scale, 4), "shift": round(shift, 4)},
            "ece": round(expected_calibration_error(table_rel), 4),
            "brier": round(brier, 4), "auc": None if area is None else round(area, 4),
            "reliability": table_rel,
            "shown": shown_honesty(rows, oof, threshold),
        },
    }
