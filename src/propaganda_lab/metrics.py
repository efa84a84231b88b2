"""The SemEval-2020 Task 11 span metric, so learners can grade their annotations against ours.

Reimplemented from its published definition (Da San Martino et al., "Fine-Grained Analysis
of Propaganda in News Article", EMNLP 2019; "SemEval-2020 Task 11: Detection of Propaganda
Techniques in News Articles", SemEval 2020). The organisers' GPL scorer was not copied.

Spans are ``(technique, start, end)`` character offsets, end exclusive. For a predicted span
``s`` and a gold span ``t``::

    C(s, t, h) = |s ∩ t| / h   if the techniques match (always, when labels are ignored)
                 0             otherwise

    P = 1/|S| · Σ_s Σ_t C(s, t, |s|)        R = 1/|T| · Σ_t Σ_s C(s, t, |t|)
    F1 = 2PR / (P + R)

Partial overlaps earn partial credit: a prediction covering half a gold span earns half its
recall, and a prediction twice as long as its gold span earns half its precision.

Choices where the definition is silent (each tested in tests/test_metrics.py):

* **Overlapping spans of one technique are merged first, on both sides.** The formula credits
  every pair, so two overlapping gold spans of one technique would let one prediction collect
  credit twice and push precision above 1. The organisers' scorers avoid this the same way:
  they merge overlapping gold spans and refuse overlapping submitted spans of one technique
  unless told to merge them; in span identification (``labels=False``) all overlapping spans
  are merged whatever their label. Spans that merely touch (``end == start``) share no
  character and stay separate. ``n_predicted``/``n_gold`` count spans after merging: they are
  the denominators actually used.
* **Zero-length spans are ignored**: they cover no character, so they earn nothing, and they
  are not counted in ``|S|`` or ``|T|`` either.
* **Empty sides**: P = 0 when there are no predictions, R = 0 when there is no gold, and
  F1 = 0 whenever P + R = 0, including when both sides are empty. (The organisers' scorer
  reports F1 = 1 when both sides are empty; here "nothing found, nothing to find" is not
  presented to a learner as a perfect score.)
* **Several articles** (dicts of article id -> spans): spans only meet spans of the same
  article; credits and counts are summed over all articles (micro-average).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

Span = tuple[str, int, int]
#: Label given to merged spans when techniques are ignored (the SemEval SI task's label).
UNLABELLED = "propaganda"

#: The values ``Match.kind`` takes.
MATCH_KINDS = ("exact", "partial", "wrong_technique", "miss", "false_alarm")


def as_span(item: Any) -> Span:
    """Turn a tuple, ``Finding`` or ``Annotation`` into a ``(technique, start, end)`` tuple.

    Anything with ``.technique/.start/.end`` attributes is read by name; other sequences by
    position, so extra tuple items (explanations, scores) are ignored.
    """
    if all(hasattr(item, name) for name in ("technique", "start", "end")):
        technique, start, end = item.technique, item.start, item.end
    elif isinstance(item, (tuple, list)) and len(item) >= 3:
        technique, start, end = item[0], item[1], item[2]
    else:
        raise TypeError(f"expected (technique, start, end) or a Finding, got {item!r}")
    for offset in (start, end):
        if not isinstance(offset, Integral) or isinstance(offset, bool):
            raise TypeError(f"span offsets must be integers, got {item!r}")
    if start < 0 or end < start:
        raise ValueError(f"bad span offsets {start}..{end} in {item!r}")
    return (str(technique), int(start), int(end))


def merge_overlapping(spans: Iterable[Span], labels: bool = True) -> list[Span]:
    """Merge spans that share at least one character (per technique when ``labels``).

    Zero-length spans are dropped. With ``labels=False`` the merged spans are labelled
    ``"propaganda"``, as in the SemEval span-identification task.
    """
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for technique, start, end in spans:
        if end > start:
            groups[technique if labels else UNLABELLED].append((start, end))
    merged: list[Span] = []
    for technique, intervals in groups.items():
        intervals.sort()
        current_start, current_end = intervals[0]
        for start, end in intervals[1:]:
            if start < current_end:  # shares a character with the current run
                current_end = max(current_end, end)
            else:
                merged.append((technique, current_start, current_end))
                current_start, current_end = start, end
        merged.append((technique, current_start, current_end))
    return sorted(merged, key=lambda span: (span[1], span[2], span[0]))


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[2], b[2]) - max(a[1], b[1]))


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one comparison, plus the same per technique."""

    precision: float
    recall: float
    f1: float
    n_predicted: int
    n_gold: int
    per_technique: dict[str, Scores] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"({self.n_predicted} predicted, {self.n_gold} gold)"
        )


def _by_article(predicted: Any, gold: Any) -> dict[str, tuple[list[Span], list[Span]]]:
    """Normalise both inputs to article id -> (predicted spans, gold spans)."""
    if isinstance(predicted, Mapping) != isinstance(gold, Mapping):
        raise TypeError("pass both predicted and gold as lists, or both as dicts by article id")
    if not isinstance(predicted, Mapping):
        predicted, gold = {"": predicted}, {"": gold}
    articles: dict[str, tuple[list[Span], list[Span]]] = {}
    for article_id in sorted(set(predicted) | set(gold), key=str):
        articles[str(article_id)] = (
            [as_span(item) for item in predicted.get(article_id, ())],
            [as_span(item) for item in gold.get(article_id, ())],
        )
    return articles


def _credits(predicted: list[Span], gold: list[Span], labels: bool) -> tuple[float, float]:
    """Sum of precision credits and of recall credits for one article (spans already merged)."""
    precision_credit = recall_credit = 0.0
    for s in predicted:
        for t in gold:
            if labels and s[0] != t[0]:
                continue
            shared = _overlap(s, t)
            if shared:
                precision_credit += shared / (s[2] - s[1])
                recall_credit += shared / (t[2] - t[1])
    return precision_credit, recall_credit


def _scores(
    articles: dict[str, tuple[list[Span], list[Span]]], labels: bool
) -> tuple[float, float, float, int, int]:
    precision_credit = recall_credit = 0.0
    n_predicted = n_gold = 0
    for predicted, gold in articles.values():
        merged_predicted = merge_overlapping(predicted, labels)
        merged_gold = merge_overlapping(gold, labels)
        p_credit, r_credit = _credits(merged_predicted, merged_gold, labels)
        precision_credit += p_credit
        recall_credit += r_credit
        n_predicted += len(merged_predicted)
        n_gold += len(merged_gold)
    precision = precision_credit / n_predicted if n_predicted else 0.0
    recall = recall_credit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, n_predicted, n_gold


def span_scores(predicted: Any, gold: Any, labels: bool = True) -> Scores:
    """Score predicted spans against gold spans with the SemEval-2020 partial-overlap metric.

    ``predicted`` and ``gold`` are lists of ``(technique, start, end)`` tuples, ``Finding``s or
    ``Annotation``s, or dicts mapping article ids to such lists. ``labels=False`` ignores
    techniques (span identification only). ``per_technique`` holds, for every technique on
    either side, the scores computed on that technique's spans alone; it is empty when
    ``labels=False``. See the module docstring for merging and empty-input rules.
    """
    articles = _by_article(predicted, gold)
    precision, recall, f1, n_predicted, n_gold = _scores(articles, labels)
    per_technique: dict[str, Scores] = {}
    if labels:
        techniques = {span[0] for pair in articles.values() for side in pair for span in side}
        for technique in sorted(techniques):
            only_this = {
                article_id: (
                    [span for span in predicted_spans if span[0] == technique],
                    [span for span in gold_spans if span[0] == technique],
                )
                for article_id, (predicted_spans, gold_spans) in articles.items()
            }
            per_technique[technique] = Scores(*_scores(only_this, labels=True))
    return Scores(precision, recall, f1, n_predicted, n_gold, per_technique)


@dataclass(frozen=True)
class Match:
    """One line of feedback: what happened to a gold span, or to a prediction that earned nothing.

    ``kind`` is one of ``exact``, ``partial`` (found, boundaries differ), ``wrong_technique``
    (the text was marked, but with another technique), ``miss`` (nothing marked there) or
    ``false_alarm`` (a prediction overlapping no gold span of its technique).
    ``credit`` is the recall credit for a gold span (the share of it covered by predictions
    of its technique) and 0 for a false alarm. ``predicted`` is the best-overlapping
    prediction, if any.
    """

    kind: str
    gold: Span | None
    predicted: Span | None
    credit: float
    message: str
    article: str = ""


def _covered(span: Span, others: list[Span]) -> int:
    """Characters of ``span`` covered by the union of ``others``."""
    covered = 0
    for _, start, end in merge_overlapping([(UNLABELLED, s, e) for _, s, e in others], False):
        covered += _overlap(span, (UNLABELLED, start, end))
    return covered


def _describe(span: Span) -> str:
    return f"{span[0]} {span[1]}..{span[2]}"


def _explain_article(
    predicted: list[Span], gold: list[Span], labels: bool, article: str
) -> list[Match]:
    matches: list[Match] = []
    gold = [span for span in gold if span[2] > span[1]]
    predicted = [span for span in predicted if span[2] > span[1]]
    for t in sorted(set(gold), key=lambda span: (span[1], span[2], span[0])):
        same = [s for s in predicted if _overlap(s, t) and (not labels or s[0] == t[0])]
        other = [s for s in predicted if _overlap(s, t) and labels and s[0] != t[0]]
        length = t[2] - t[1]
        if same:
            best = max(same, key=lambda s: (_overlap(s, t), -abs((s[2] - s[1]) - length)))
            credit = _covered(t, same) / length
            exact = any(s[1:] == t[1:] for s in same)
            kind = "exact" if exact else "partial"
            message = (
                f"Found {_describe(t)} exactly."
                if exact
                else f"Found {_describe(t)} in part ({credit:.0%} of it covered); "
                f"your span was {best[1]}..{best[2]}."
            )
            matches.append(Match(kind, t, best, credit, message, article))
        elif other:
            best = max(other, key=lambda s: _overlap(s, t))
            message = f"You marked {t[1]}..{t[2]} but as {best[0]}; the answer key says {t[0]}."
            matches.append(Match("wrong_technique", t, best, 0.0, message, article))
        else:
            matches.append(
                Match("miss", t, None, 0.0, f"Missed {_describe(t)}: nothing marked.", article)
            )
    for s in sorted(set(predicted), key=lambda span: (span[1], span[2], span[0])):
        if any(_overlap(s, t) and (not labels or s[0] == t[0]) for t in gold):
            continue
        clash = [t for t in gold if _overlap(s, t)]
        message = (
            f"False alarm {_describe(s)}: the answer key marks this text as "
            f"{', '.join(sorted({t[0] for t in clash}))}."
            if clash
            else f"False alarm {_describe(s)}: the answer key marks nothing there."
        )
        matches.append(Match("false_alarm", None, s, 0.0, message, article))
    return matches


def explain_scores(predicted: Any, gold: Any, labels: bool = True) -> list[Match]:
    """Explain a score span by span: what became of each gold span, and each false alarm.

    Accepts the same inputs as :func:`span_scores`. Gold spans come in text order, followed
    by false alarms in text order; for dict input ``Match.article`` says which article.
    """
    matches: list[Match] = []
    for article_id, (predicted_spans, gold_spans) in _by_article(predicted, gold).items():
        matches.extend(_explain_article(predicted_spans, gold_spans, labels, article_id))
    return matches
