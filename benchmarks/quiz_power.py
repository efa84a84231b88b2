"""Can the self-check quiz see a learner improve from d' 1.0 to 2.0? A simulation.

A simulated learner answers each quiz form with a true discrimination d' and a lean c
(drawn around 0, sd 0.3): a manipulative passage is called manipulative with probability
Phi(d'/2 - c), a fair one with Phi(-d'/2 - c). Each stage uses one form of the item pool
(``n_per_kind`` manipulative + ``n_per_kind`` fair passages). The quiz's own scoring
(:class:`propaganda_lab.quiz.QuizScore`, log-linear corrected) and its two verdicts are
applied:

* ``better_message``: the widget says "better than before" (change in d' of at least 0.3);
* ``clear``: the 95% range of the change it shows lies above zero.

Both are also reported for a learner who does not change (d' 1.0 -> 1.0), which is the rate
of wrong "you improved" verdicts. ``class_of_20``: how often a class of 20 such learners shows
a mean change whose 95% interval is above zero (a teacher's view of the same data).

Run: ``.venv/bin/python benchmarks/quiz_power.py``
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path
from statistics import NormalDist, fmean, stdev

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from propaganda_lab.quiz import QuizScore, quiz_items

_PHI = NormalDist().cdf


def _answer(rng: random.Random, d_prime: float, lean: float, n: int) -> QuizScore:
    hit, false_alarm = _PHI(d_prime / 2 - lean), _PHI(-d_prime / 2 - lean)
    hits = sum(rng.random() < hit for _ in range(n))
    alarms = sum(rng.random() < false_alarm for _ in range(n))
    return QuizScore(hits, n - hits, alarms, n - alarms)


def simulate(pre: float, post: float, n_per_kind: int, learners: int = 2000,
             seed: int = 0) -> dict[str, float]:
    """Share of simulated learners for whom each verdict fires (see the module docstring)."""
    rng = random.Random(seed)
    better = clear = 0
    changes = []
    for _ in range(learners):
        lean = rng.gauss(0, 0.3)
        before = _answer(rng, pre, lean, n_per_kind)
        after = _answer(rng, post, lean, n_per_kind)
        change = after.d_prime - before.d_prime
        spread = 1.96 * math.hypot(before.d_prime_se, after.d_prime_se)
        better += change >= 0.3
        clear += change - spread > 0
        changes.append(change)
    classes = [changes[i:i + 20] for i in range(0, len(changes) - 19, 20)]
    class_clear = sum(fmean(c) - 1.96 * stdev(c) / math.sqrt(len(c)) > 0 for c in classes)
    return {"better_message": better / learners, "clear": clear / learners,
            "class_of_20": class_clear / max(1, len(classes)),
            "mean_change": fmean(changes)}


def main() -> None:
    per_kind = sum(item.is_manipulative for item in quiz_items("A"))
    print(f"Items per stage: {per_kind} manipulative + {per_kind} fair (one form).")
    for n in (per_kind, 20):
        for label, (pre, post) in (("improves 1.0 -> 2.0", (1.0, 2.0)),
                                   ("no change 1.0 -> 1.0", (1.0, 1.0))):
            result = simulate(pre, post, n, learners=4000, seed=n)
            print(f"n={n:>2} per kind, {label}: 'better' message {result['better_message']:.0%}, "
                  f"clearly above zero {result['clear']:.0%}, class of 20 detects "
                  f"{result['class_of_20']:.0%}, mean change {result['mean_change']:+.2f}")


if __name__ == "__main__":
    main()
