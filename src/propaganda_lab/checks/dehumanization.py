"""Checkers for exercises/04_dehumanizing_language: each runs the lens on the task's text.

The answer key is never a hard-coded list of strings: a checker asks the library what it
finds, so a learner's own rewrite is judged by the same rules the notebook teaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from propaganda_lab.checks import Feedback, checker, correct, hint, incorrect
from propaganda_lab.dehumanization import (
    CATEGORIES,
    agency,
    analyze_group,
    compare_labels,
    denial_of_agency,
    find_groups,
    label_stories,
    metaphors,
)

#: Task 1: sentence number -> sentence; the learner names each metaphor's category.
CATEGORY_SENTENCES = {
    1: "The Orrin have infested the town council like termites.",
    2: "The Pellani are a cancer that spreads through the valley.",
    3: "The Teskari workers were unloaded in the square like freight.",
    4: "A tide of Teskari pickers is sweeping over the southern border.",
    5: "The Orrin are robots who vote as they are told.",
}
CATEGORY_GROUPS = ["Orrin", "Pellani", "Teskari"]

#: Task 2: which sentences use a disaster or animal word as a metaphor *for people*?
LITERAL_OR_NOT = {
    1: "The river Askel flooded the lower streets of Vell.",
    2: "A flood of Pellani is coming down the valley into Drenn.",
    3: "Environmental officers found rats in the grain warehouse.",
    4: "The Pellani breed like rats in their cottages.",
    5: "Volunteers poured into Drenn with blankets for the Pellani.",
    6: "The Pellani are a plague on the hill country.",
}

#: Tasks 3 and 4: a short fictional radio excerpt.
AGENCY_TEXT = (
    "The Teskari pickers do not choose to come here. They are bused in by the growers, "
    "they are housed in sheds, and in December they are sent back. The growers decide everything."
)
AGENCY_GROUP = ["Teskari", "pickers"]

#: Task 6: rewrite this sentence neutrally (same facts, no dehumanizing component).
REWRITE_SOURCE = (
    "A flood of Teskari workers pours into Merrow every September, and they all keep to "
    "themselves."
)
REWRITE_GROUP = ["Teskari"]

_CATEGORY_HELP = ", ".join(CATEGORIES)


def _truth_categories() -> dict[int, set[str]]:
    return {n: {f.category for f in metaphors(s, CATEGORY_GROUPS) if f.category}
            for n, s in CATEGORY_SENTENCES.items()}


@checker("Task 1", f"Give a dict {{sentence number: 'category'}} with all five sentences. "
                   f"Categories: {_CATEGORY_HELP}.")
def check_categories(answer: Mapping[int, str]) -> Feedback:
    truth = _truth_categories()
    unknown = [str(v) for v in answer.values() if v not in CATEGORIES]
    if unknown:
        return incorrect("Task 1", f"Not a category name: {', '.join(unknown)}. "
                                   f"Use one of: {_CATEGORY_HELP}.")
    missing = sorted(set(truth) - set(answer))
    if missing:
        return hint("Task 1", f"Give a category for every sentence; missing: {missing}.")
    wrong = sorted(n for n, category in answer.items() if category not in truth.get(n, set()))
    if wrong:
        return incorrect("Task 1", f"Look again at sentence(s) {wrong}: what kind of thing is "
                                   "the group being turned into?")
    return correct("Task 1", "All five right: termites are vermin, a cancer is a disease, freight "
                             "is an object, a tide is a natural disaster and robots are machines.")


@checker("Task 2", "Give the set of sentence numbers that use a metaphor for people, e.g. "
                   "{n, m}.")
def check_literal(answer: Any) -> Feedback:
    chosen = {int(n) for n in answer}
    truth = {n for n, s in LITERAL_OR_NOT.items() if metaphors(s, ["Pellani"])}
    if chosen == truth:
        return correct("Task 2", "Right: the test is what the word is applied to. A river that "
                                 "floods and rats in a warehouse are literal; volunteers who "
                                 "'poured in' are people described warmly, not a group turned "
                                 "into a disaster.")
    extra, missed = sorted(chosen - truth), sorted(truth - chosen)
    parts = []
    if extra:
        parts.append(f"{extra} use the word literally or not about the group")
    if missed:
        parts.append(f"you missed {len(missed)} sentence(s) where the group itself becomes the "
                     "flood, the rats or the plague")
    return incorrect("Task 2", "; ".join(parts) + ".")


@checker("Task 3", "Copy the exact words of one place where the pickers are moved about by "
                   "others, e.g. 'they are ... by the growers'.")
def check_denied_agency(answer: str) -> Feedback:
    words = " ".join(str(answer).split())
    start = AGENCY_TEXT.find(words)
    if start < 0:
        return incorrect("Task 3", "Those words are not in the text exactly as written; copy and "
                                   "paste them.")
    end = start + len(words)
    found = [f for f in denial_of_agency(AGENCY_TEXT, AGENCY_GROUP)
             if f.start < end and start < f.end]
    if found:
        return correct("Task 3", f"Yes: {found[0].evidence}")
    return incorrect("Task 3", "In that part the pickers are not the ones something is done "
                               "to. Look for a passive verb ('are ...-ed') with them as subject.")


@checker("Task 4", "Give a pair (times the pickers act, times something is done to them), "
                   "e.g. (1, 2).")
def check_agency_counts(answer: tuple[int, int]) -> Feedback:
    as_agent, as_patient = (int(n) for n in answer)
    profile = agency(AGENCY_TEXT, AGENCY_GROUP)
    if (as_agent, as_patient) == (profile.as_agent, profile.as_patient):
        return correct("Task 4", f"Right: the pickers act {profile.as_agent} time(s) and are "
                                 f"acted upon {profile.as_patient} times. The only thing they "
                                 "'do' is negated: they 'do not choose'.")
    if as_agent + as_patient != profile.as_agent + profile.as_patient:
        return incorrect("Task 4", "Count every verb whose subject or object is the pickers "
                                   "('they'); a negated verb ('do not choose') does not count as "
                                   "an action they take.")
    return incorrect("Task 4", "The total is right but the split is not: in a passive ('they are "
                               "housed') the subject is the one something is done to.")


@checker("Task 5", "Name the component (e.g. 'metaphor') whose score changes between the labels "
                   "'Teskari workers' and 'Kessin crawlers'.")
def check_label_component(answer: str) -> Feedback:
    story = label_stories()[0]["template"]
    neutral, pejorative = compare_labels(story, ["Teskari workers", "Kessin crawlers"])
    changed = {name for name in neutral.components
               if neutral.per_100(name) != pejorative.per_100(name)}
    name = str(answer).strip().lower().replace(" ", "_")
    if name in changed:
        return correct("Task 5", "Yes: the story is identical; only the label changed, and the "
                                 "label 'crawlers' alone turns every mention into a vermin image.")
    if name in neutral.components:
        return incorrect("Task 5", f"The {name.replace('_', ' ')} score is the same for both "
                                   "labels: it comes from the story, not the label.")
    return incorrect("Task 5", f"Use one of: {', '.join(neutral.components)}.")


@checker("Task 6", "Write a neutral version of the sentence as a string.")
def check_rewrite(answer: str) -> Feedback:
    text = str(answer).strip()
    if not find_groups(text, REWRITE_GROUP):
        return incorrect("Task 6", "Keep naming the group (for example 'Teskari workers'): a "
                                   "neutral report still says who it is about.")
    if "september" not in text.lower() or "merrow" not in text.lower():
        return incorrect("Task 6", "Keep the facts: when (September) and where (Merrow).")
    profile = analyze_group(text, REWRITE_GROUP)
    if profile.findings:
        first = profile.findings[0]
        return incorrect("Task 6", f"The lens still finds {first.technique.replace('_', ' ')} in "
                                   f"‘{first.text}’. Try plain words for how many people arrive "
                                   "and what they do.")
    return correct("Task 6", "Neutral: the group is named, the facts are kept, and no "
                             "component of the lens fires.")
