"""Checkers for exercises/04_dehumanizing_language.

What each task expects comes from the hand-authored key (``data/exercise_keys.json``,
exercise ``04_dehumanizing_language``), never from the lens's findings, so a detector's slip
(filing termites under 'vermin' only, say) never rejects a right answer. The lens judges only
what the learner writes (Task 6's rewrite). ``TOOLS`` names the detector
:func:`propaganda_lab.checks.key_vs_tool` sets against the key.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

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
from propaganda_lab.checks.feedback import Feedback, correct, hint, incorrect
from propaganda_lab.checks.keys import Expected, TaskKey, fair_text_phrases, task_key
from propaganda_lab.checks.tasks import Option, count_options, exercise_task
from propaganda_lab.dehumanization import (
    CATEGORIES,
    COMPONENTS,
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

#: Task 7: a fair report about the Pellani, with literal floods and rats in it.
FAIR_PASSAGE = (
    "The river Askel flooded the lower streets of Drenn on Tuesday. Pellani families from the "
    "hill farms drove down with pumps and blankets, and the Pellani council opened its hall to "
    "forty households. Pest officers caught rats in the flooded grain store."
)
FAIR_GROUP = ["Pellani"]

EXERCISE = "04_dehumanizing_language"


#: The exercise texts as a learner reads their names (the key names them as code does).
TEXT_NAMES = {
    "AGENCY_TEXT": "the radio excerpt",
    "REWRITE_SOURCE": "the sentence to rewrite",
    "FAIR_PASSAGE": "the Drenn report",
}


def _key(task: str) -> TaskKey:
    return task_key(EXERCISE, task)


# ----------------------------------------------------------------------- menus of the widget
def _category_options(_item: Any) -> list[Option]:
    return [(category.replace("_", " "), category) for category in CATEGORIES]


def _component_options(_item: Any) -> list[Option]:
    return [(f"{label} ({name})", name) for name, label in COMPONENTS.items()]

_CATEGORY_HELP = ", ".join(CATEGORIES)


def _truth_categories() -> dict[int, set[str]]:
    """Sentence number -> every category the key accepts (its answer and alternatives)."""
    return {int(item): set(entry.forms) for item, entry in _key("task_1").by_item().items()}


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


@exercise_task(
    EXERCISE, "task_1",
    f"Give a dict {{sentence number: 'category'}} with all five sentences. "
                   f"Categories: {_CATEGORY_HELP}.",
    variable="answer_1", shape="mapping",
    items=lambda: list(CATEGORY_SENTENCES.items()), options=_category_options,
    tool=("metaphors", lambda: [
        f"{n}: {f.category}" for n, sentence in CATEGORY_SENTENCES.items()
        for f in metaphors(sentence, CATEGORY_GROUPS) if f.category]))
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
    return correct("Task 1", "All five right: termites are vermin (an animal image), a cancer "
                             "is a disease, freight is an object, a tide is a natural disaster "
                             "and robots are machines.")


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


@exercise_task(
    EXERCISE, "task_2",
    "Give the set of sentence numbers that use a metaphor for people, e.g. "
                   "{n, m}.",
    variable="answer_2", shape="number_set",
    items=lambda: [(n, f"{n}. {s}") for n, s in LITERAL_OR_NOT.items()],
    tool=("metaphors", lambda: [
        str(n) for n, sentence in LITERAL_OR_NOT.items() if metaphors(sentence, ["Pellani"])]))
def check_literal(answer: Any) -> Feedback:
    """Exactly the metaphor sentences: no extra number (every sentence at once is wrong)."""
    chosen = _numbers(answer, LITERAL_OR_NOT)
    if isinstance(chosen, str):
        return incorrect("Task 2", chosen)
    key = _key("task_2")
    truth = {int(answer) for answer in key.answers}
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
        miss = key.near_miss(str(extra[0]))
        why = f" (sentence {extra[0]}: {miss.reason.rstrip('.')})" if miss is not None else ""
        parts.append(f"{extra} use the word literally or not about the group{why}")
    if missed:
        parts.append(f"you missed {len(missed)} sentence(s) where the group itself becomes the "
                     "flood, the rats or the plague")
    return incorrect("Task 2", "; ".join(parts) + ".")


def _key_places(key: TaskKey, text_words: tuple[str, ...]) -> list[tuple[Expected, int]]:
    """Each place of the key in the text: (expected answer, word index of its key word, the
    last content word of the answer's shortest form: 'housed' of 'they are housed')."""
    places: list[tuple[Expected, int]] = []
    for entry in key.expected:
        phrase = words(entry.answer)
        last = max(i for i, w in enumerate(phrase) if is_content_word(w))
        places.extend((entry, start + last) for start in find_phrase(text_words, phrase))
    return places


@exercise_task(
    EXERCISE, "task_3",
    "Copy the exact words of one place where the pickers are moved about by "
                   "others, e.g. 'they are ... by the growers'.",
    variable="answer_3", shape="string",
    tool=("denial_of_agency", lambda: [
        f.text for f in denial_of_agency(AGENCY_TEXT, AGENCY_GROUP)]))
def check_denied_agency(answer: str) -> Feedback:
    """The answer must be whole words copied from the text (case and punctuation do not
    matter) that include the key word (the verb: 'housed') of exactly one place the key
    lists. More words around it are fine ('they are housed in sheds'); a function word
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
    key = _key("task_3")
    places = _key_places(key, text_words)
    best: list[Any] = []
    for start in starts:
        covered = [entry for entry, index in places if start <= index < start + length]
        if len(covered) == 1:
            return correct("Task 3", f"Yes: {covered[0].reason}")
        best = best or covered
    if len(best) > 1:
        return incorrect("Task 3", f"Those words cover {len(best)} places at once; copy the words "
                                   "of just one place where something is done to the pickers.")
    if any(has_phrase(form, answer) for entry in key.expected for form in entry.forms):
        return incorrect("Task 3", "Close: include the verb that says what is done to them.")
    miss = key.near_miss(answer, loose=True)
    why = f"{miss.reason} " if miss is not None else (
        "In that part the pickers are not the ones something is done to. ")
    return incorrect("Task 3", f"{why}Look for a passive verb ('are ...-ed') with the pickers "
                               "as subject.")


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


@exercise_task(
    EXERCISE, "task_4",
    "Give a pair (times the pickers act, times something is done to them), "
                   "e.g. (1, 2).",
    variable="answer_4", shape="tuple",
    items=lambda: [("agent", "Times the pickers act (agent)"),
                   ("patient", "Times something is done to them (patient)")],
    options=count_options,
    tool=("agency", lambda: [
        f"agent: {agency(AGENCY_TEXT, AGENCY_GROUP).as_agent}",
        f"patient: {agency(AGENCY_TEXT, AGENCY_GROUP).as_patient}"]))
def check_agency_counts(answer: tuple[int, int]) -> Feedback:
    pair = _pair(answer)
    if isinstance(pair, str):
        return incorrect("Task 4", pair)
    as_agent, as_patient = pair
    expected = _key("task_4").by_item()
    agent, patient = int(expected["agent"].answer), int(expected["patient"].answer)
    if (as_agent, as_patient) == (agent, patient):
        return correct("Task 4", f"Right: the pickers act {agent} time(s) and are acted upon "
                                 f"{patient} times ({expected['patient'].reason.rstrip('.')}). "
                                 f"{expected['agent'].reason}")
    if as_agent + as_patient != agent + patient:
        return incorrect("Task 4", "Count every verb whose subject or object is the pickers "
                                   "('they'); a negated verb ('do not choose') does not count as "
                                   "an action they take.")
    return incorrect("Task 4", "The total is right but the split is not: in a passive ('they are "
                               "housed') the subject is the one something is done to.")


@exercise_task(
    EXERCISE, "task_5",
    "Name the component (e.g. 'metaphor') whose score changes between the labels "
                   "'Teskari workers' and 'Kessin crawlers'.",
    variable="answer_5", shape="string",
    items=lambda: [("component", "The component whose score changes")],
    options=_component_options)
def check_label_component(answer: str) -> Feedback:
    """One component name, compared as an id ('Metaphor.' is 'metaphor'); naming several
    components at once is rejected."""
    story = label_stories()[0]["template"]
    neutral, pejorative = compare_labels(story, ["Teskari workers", "Kessin crawlers"])
    expected = _key("task_5").by_item()["component"]
    changed = set(expected.forms)
    components = list(neutral.components)
    named = {c for c in components if has_phrase(answer if isinstance(answer, str)
                                                  else " ".join(map(str, answer)),
                                                  c.replace("_", " "))}
    if several(answer) is not None or len(named) > 1:
        return incorrect("Task 5", "Name one component, not several: which single score "
                                   "changes?")
    name = identifier(answer[0] if isinstance(answer, list | tuple) and answer else answer)
    if name in changed:
        return correct("Task 5", f"Yes: {expected.reason}")
    if name in neutral.components:
        same = neutral.per_100(name) == pejorative.per_100(name)
        how = "is the same for both labels" if same else "is not the one the label changes"
        return incorrect("Task 5", f"The {name.replace('_', ' ')} score {how}: it comes from "
                                   "the story, not the label.")
    return incorrect("Task 5", f"{shown(answer)} is not a component name. Use one of: "
                               f"{', '.join(components)}.")


@exercise_task(
    EXERCISE, "task_6",
    "Write a neutral version of the sentence as a string.",
    variable="answer_6", shape="string", prefill=lambda: REWRITE_SOURCE)
def check_rewrite(answer: str) -> Feedback:
    text = str(answer).strip()
    problem = word_problem(text)
    if problem:
        return incorrect("Task 6", f"{problem} Write a whole sentence.")
    if not find_groups(text, REWRITE_GROUP):
        return incorrect("Task 6", "Keep naming the group (for example 'Teskari workers'): a "
                                   "neutral report still says who it is about.")
    key = _key("task_6")
    missing = [fact for fact in key.required_words if not has_phrase(text, fact)]
    if missing:
        return incorrect("Task 6", f"Keep the facts: who, when (September) and where (Merrow); "
                                   f"{missing} missing.")
    profile = analyze_group(text, REWRITE_GROUP)
    if profile.findings:
        first = profile.findings[0]
        return incorrect("Task 6", f"The lens still finds {first.technique.replace('_', ' ')} in "
                                   f"‘{first.text}’. Try plain words for how many people arrive "
                                   "and what they do.")
    dropped = [claim for claim in key.claims if not has_phrase(text, claim.answer)]
    note = (f" One thing to weigh: you left out {shown(dropped[0].answer)}. "
            f"{dropped[0].reason}") if dropped else ""
    return correct("Task 6", "Neutral: the group is named, the facts are kept, and no "
                             f"component of the lens fires.{note}")


@exercise_task(
    EXERCISE, "task_7",
    "List the words of the Drenn report that dehumanize the Pellani, as strings; "
    "if none do, answer [].",
    empty_is_answer=True, variable="answer_7", shape="strings",
    tool=("analyze_group", lambda: [
        f.text for f in analyze_group(FAIR_PASSAGE, FAIR_GROUP).findings]))
def check_fair_passage(answer: Any) -> Feedback:
    """FAIR_PASSAGE is fair: [] (or 'fair') is right; every listed phrase is a false alarm,
    answered with the key's reason (a literal flood, real rats, a group that acts)."""
    return fair_text_phrases("Task 7", answer, _key("task_7"), FAIR_PASSAGE, "the Drenn report")


