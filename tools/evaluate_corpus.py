"""Score each lens's detectors against the teaching corpus gold with the SemEval span metric.

Usage: python tools/evaluate_corpus.py
Each detector is scored only on the techniques it can output (gold restricted to those), over
the cases of its lens plus the mixed flagship. The rules were written by people who had read
these cases, so treat the figures as optimistic (see the closing notes and notebook sections).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from propaganda_lab import dehumanization as dh
from propaganda_lab import framing, load_nlp, quotes
from propaganda_lab.corpus import SOURCE_CHECKED_TECHNIQUES, Case, list_cases, load_case
from propaganda_lab.metrics import span_scores

METAPHOR_TECHNIQUES = {
    "animal_metaphor",
    "disease_metaphor",
    "natural_disaster_metaphor",
    "object_metaphor",
    "invasion_metaphor",
}
QUOTE_TECHNIQUES = SOURCE_CHECKED_TECHNIQUES | {"scare_quotes"}


def evaluate(
    name: str,
    lens: str,
    detector: Callable[[Case], Iterable],
    techniques: set[str] | None = None,
) -> None:
    cases = [load_case(case_id) for case_id in list_cases(lens)]
    predicted = {case.id: list(detector(case)) for case in cases}
    wanted = techniques or {f.technique for found in predicted.values() for f in found}
    predicted = {
        cid: [f for f in found if f.technique in wanted] for cid, found in predicted.items()
    }
    gold = {case.id: [g for g in case.gold_spans() if g[0] in wanted] for case in cases}
    scores = span_scores(predicted, gold)
    print(f"\n{name} ({len(cases)} cases of lens {lens!r}; techniques: {len(wanted)})")
    print(
        f"  micro  P {scores.precision:.2f}  R {scores.recall:.2f}  F1 {scores.f1:.2f}"
        f"  (predicted {scores.n_predicted}, gold {scores.n_gold})"
    )
    for technique, per in sorted(scores.per_technique.items()):
        print(
            f"  {technique:<28} P {per.precision:.2f}  R {per.recall:.2f}  F1 {per.f1:.2f}"
            f"  ({per.n_predicted}/{per.n_gold})"
        )


def main() -> None:
    nlp = load_nlp()
    docs: dict[str, object] = {}

    def doc(case: Case):
        if case.id not in docs:
            docs[case.id] = nlp(case.article)
        return docs[case.id]

    evaluate("framing.loaded_language", "framing", lambda c: framing.loaded_language(doc(c)))
    evaluate("framing.persuasion_cues", "framing", lambda c: framing.persuasion_cues(doc(c)))
    evaluate("framing.hidden_agency", "framing", lambda c: framing.hidden_agency(doc(c)))
    evaluate(
        "quotes.quote_findings",
        "quoting",
        lambda c: quotes.quote_findings(doc(c), c.sources),
        QUOTE_TECHNIQUES,
    )

    def group_terms(case: Case) -> list[str]:
        return [*case.group_terms, *case.epithets] or None

    evaluate(
        "dehumanization.metaphors",
        "dehumanization",
        lambda c: dh.metaphors(doc(c), group_terms(c)),
        METAPHOR_TECHNIQUES,
    )
    evaluate(
        "dehumanization.othering+disgust+evaluation",
        "dehumanization",
        lambda c: [
            *dh.othering(doc(c), group_terms(c)),
            *dh.moral_disgust(doc(c), group_terms(c)),
            *dh.negative_evaluation(doc(c), group_terms(c)),
        ],
        {"othering", "moral_disgust", "negative_evaluation"},
    )


if __name__ == "__main__":
    main()
