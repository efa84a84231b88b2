"""Checkers for exercises/04_dehumanizing_language: each runs the lens on the task's text.

The answer key is never a hard-coded list of strings: a checker asks the library what it
finds, so a learner's own rewrite is judged by the same rules the notebook teaches.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from propaganda_lab.checks import Feedback, checker, correct, hint, incorrect
from propaganda_lab.checks.answers import (
    covers_text,
    find_phrase,
    has_phrase,
    identifier,
    is_content_word,
    several,
    shown,
    word_problem,
    word_spans,
    words,
)
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


def _category(value: Any) -> str | None:
    """One category typed by a learner ('Natural disaster.' -> 'natural_disaster'), or None
    when the value names several at once."""
    if several(value) is not None:
        return None
    if isinstance(value, list | tuple) and value:
        value = value[0]
    if sum(1 for w in words(value) if w in CATEGORIES) > 1:
        return None
    return identifier(value)


def _sentence_number(key: Any) -> Any:
    found = words(key) if isinstance(key, str) else ()
    return int(found[0]) if len(found) == 1 and found[0].isdigit() else key


@checker("Task 1", f"Give a dict {{sentence number: 'category'}} with all five sentences. "
                   f"Categories: {_CATEGORY_HELP}.")
def check_categories(answer: Mapping[int, str]) -> Feedback:
    """Each value must be exactly one category id (case, spaces and punctuation do not
    matter); several categories for one sentence is every candidate at once."""
    truth = _truth_categories()
    given: dict[Any, str] = {}
    unknown = []
    for number, value in dict(answer).items():
        category = _category(value)
        if category is None:
            return incorrect("Task 1", f"Give one category for sentence {number}, not several: "
                                       "naming every option at once is not a choice.")
        given[_sentence_number(number)] = category
        if category not in CATEGORIES:
            unknown.append(shown(value))
    if unknown:
        return incorrect("Task 1", f"Not a category name: {', '.join(unknown)}. "
                                   f"Use one of: {_CATEGORY_HELP}.")
    missing = sorted(set(truth) - set(given))
    if missing:
        return hint("Task 1", f"Give a category for every sentence; missing: {missing}.")
    wrong = sorted(n for n, category in given.items() if category not in truth.get(n, set()))
    if wrong:
        return incorrect("Task 1", f"Look again at sentence(s) {wrong}: what kind of thing is "
                                   "the group being turned into?")
    return correct("Task 1", "All five right: termites are vermin, a cancer is a disease, freight "
                             "is an object, a tide is a natural disaster and robots are machines.")


def _numbers(answer: Any, allowed: Collection[int]) -> set[int] | str:
    """Sentence numbers in ``answer`` ({2, 4}, [2, 4], '2, 4'), or why it holds none."""
    if isinstance(answer, bool):
        return "Give sentence numbers, e.g. {n, m}."
    if not isinstance(answer, int | str | Iterable):
        return "Give sentence numbers, e.g. {n, m}."
    items = [answer] if isinstance(answer, int | str) else list(answer)
    chosen: set[int] = set()
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            chosen.add(item)
            continue
        found = words(item)
        if not found or not all(w.isdigit() for w in found):
            return (f"{shown(item)} is not a sentence number: give the numbers "
                    f"({min(allowed)}–{max(allowed)}), e.g. {{n, m}}.")
        chosen.update(int(w) for w in found)
    outside = sorted(chosen - set(allowed))
    if outside:
        return f"There is no sentence {outside}: they are numbered {min(allowed)}–{max(allowed)}."
    return chosen


@checker("Task 2", "Give the set of sentence numbers that use a metaphor for people, e.g. "
                   "{n, m}.")
def check_literal(answer: Any) -> Feedback:
    """Exactly the metaphor sentences: no extra number (every sentence at once is wrong)."""
    chosen = _numbers(answer, LITERAL_OR_NOT)
    if isinstance(chosen, str):
        return incorrect("Task 2", chosen)
    truth = {n for n, s in LITERAL_OR_NOT.items() if metaphors(s, ["Pellani"])}
    if chosen == truth:
        return correct("Task 2", "Right: the test is what the word is applied to. A river that "
                                 "floods and rats in a warehouse are literal; volunteers who "
                                 "'poured in' are people described warmly, not a group turned "
                                 "into a disaster.")
    if chosen == set(LITERAL_OR_NOT):
        return incorrect("Task 2", "You listed every sentence: choose only those where the word "
                                   "is a metaphor for people; each literal one you list counts "
                                   "against you.")
    extra, missed = sorted(chosen - truth), sorted(truth - chosen)
    parts = []
    if extra:
        parts.append(f"{extra} use the word literally or not about the group")
    if missed:
        parts.append(f"you missed {len(missed)} sentence(s) where the group itself becomes the "
                     "flood, the rats or the plague")
    return incorrect("Task 2", "; ".join(parts) + ".")


def _key_word(start: int, end: int, spans: list[tuple[str, int, int]]) -> int | None:
    """Index (in ``spans``) of the last content word inside [start, end): the verb of a
    finding such as 'they are housed'."""
    inside = [i for i, (w, s, e) in enumerate(spans) if start <= s and e <= end
              and is_content_word(w)]
    return inside[-1] if inside else None


@checker("Task 3", "Copy the exact words of one place where the pickers are moved about by "
                   "others, e.g. 'they are ... by the growers'.")
def check_denied_agency(answer: str) -> Feedback:
    """The answer must be whole words copied from the text (case and punctuation do not
    matter) that include the key word (the verb: 'housed') of exactly one denial-of-agency
    finding. More words around it are fine ('they are housed in sheds'); a function word
    ('are'), a single letter or a stretch covering several places is not."""
    problem = word_problem(answer)
    if problem:
        return incorrect("Task 3", f"{problem} Copy the words of one place in the text.")
    if covers_text(answer, AGENCY_TEXT, share=0.8):  # one place with context can be long
        return incorrect("Task 3", "That is most of the excerpt pasted in: copy the words of "
                                   "just one place where something is done to the pickers.")
    spans = word_spans(AGENCY_TEXT)
    text_words = tuple(w for w, _, _ in spans)
    length = len(words(answer))
    starts = find_phrase(text_words, words(answer))
    if not starts:
        return incorrect("Task 3", "Those words are not in the text exactly as written; copy and "
                                   "paste them.")
    findings = denial_of_agency(AGENCY_TEXT, AGENCY_GROUP)
    keys = [(f, _key_word(f.start, f.end, spans)) for f in findings]
    best: list[Any] = []
    for start in starts:
        covered = [f for f, key in keys if key is not None and start <= key < start + length]
        if len(covered) == 1:
            return correct("Task 3", f"Yes: {covered[0].evidence}")
        best = best or covered
    if len(best) > 1:
        return incorrect("Task 3", f"Those words cover {len(best)} places at once; copy the words "
                                   "of just one place where something is done to the pickers.")
    span_start, span_end = spans[starts[0]][1], spans[starts[0] + length - 1][2]
    if any(f.start < span_end and span_start < f.end for f in findings):
        return incorrect("Task 3", "Close: include the verb that says what is done to them.")
    return incorrect("Task 3", "In that part the pickers are not the ones something is done "
                               "to. Look for a passive verb ('are ...-ed') with them as subject.")


def _pair(answer: Any) -> tuple[int, int] | str:
    """(agent, patient) from (0, 3), [0, 3] or '0, 3', or why ``answer`` is not such a pair."""
    if isinstance(answer, str):
        numbers: list[Any] = re.findall(r"-?\d+", answer)
    elif isinstance(answer, list | tuple):
        numbers = list(answer)
    else:
        return "Give a pair of two whole numbers, e.g. (1, 2)."
    if len(numbers) > 2:
        return (f"Give a pair of exactly two numbers (agent, patient), not {len(numbers)}: "
                "listing every count at once is not an answer.")
    if len(numbers) < 2:
        return (f"{shown(answer)} is not a pair of numbers: give two whole numbers "
                "(agent, patient), e.g. (1, 2).")
    pair = []
    for number in numbers:
        if isinstance(number, bool) or not str(number).strip().lstrip("-").isdigit():
            return f"{shown(number)} is not a whole number: give a pair such as (1, 2)."
        pair.append(int(str(number).strip()))
    return pair[0], pair[1]


@checker("Task 4", "Give a pair (times the pickers act, times something is done to them), "
                   "e.g. (1, 2).")
def check_agency_counts(answer: tuple[int, int]) -> Feedback:
    pair = _pair(answer)
    if isinstance(pair, str):
        return incorrect("Task 4", pair)
    as_agent, as_patient = pair
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
    """One component name, compared as an id ('Metaphor.' is 'metaphor'); naming several
    components at once is rejected."""
    story = label_stories()[0]["template"]
    neutral, pejorative = compare_labels(story, ["Teskari workers", "Kessin crawlers"])
    changed = {name for name in neutral.components
               if neutral.per_100(name) != pejorative.per_100(name)}
    components = list(neutral.components)
    named = {c for c in components if has_phrase(answer if isinstance(answer, str)
                                                  else " ".join(map(str, answer)),
                                                  c.replace("_", " "))}
    if several(answer) is not None or len(named) > 1:
        return incorrect("Task 5", "Name one component, not several: which single score "
                                   "changes?")
    name = identifier(answer[0] if isinstance(answer, list | tuple) and answer else answer)
    if name in changed:
        return correct("Task 5", "Yes: the story is identical; only the label changed, and the "
                                 "label 'crawlers' alone turns every mention into a vermin image.")
    if name in neutral.components:
        return incorrect("Task 5", f"The {name.replace('_', ' ')} score is the same for both "
                                   "labels: it comes from the story, not the label.")
    return incorrect("Task 5", f"{shown(answer)} is not a component name. Use one of: "
                               f"{', '.join(components)}.")


@checker("Task 6", "Write a neutral version of the sentence as a string.")
def check_rewrite(answer: str) -> Feedback:
    text = str(answer).strip()
    problem = word_problem(text)
    if problem:
        return incorrect("Task 6", f"{problem} Write a whole sentence.")
    if not find_groups(text, REWRITE_GROUP):
        return incorrect("Task 6", "Keep naming the group (for example 'Teskari workers'): a "
                                   "neutral report still says who it is about.")
    given = set(words(text))
    if "september" not in given or "merrow" not in given:
        return incorrect("Task 6", "Keep the facts: when (September) and where (Merrow).")
    profile = analyze_group(text, REWRITE_GROUP)
    if profile.findings:
        first = profile.findings[0]
        return incorrect("Task 6", f"The lens still finds {first.technique.replace('_', ' ')} in "
                                   f"‘{first.text}’. Try plain words for how many people arrive "
                                   "and what they do.")
    return correct("Task 6", "Neutral: the group is named, the facts are kept, and no "
                             "component of the lens fires.")
