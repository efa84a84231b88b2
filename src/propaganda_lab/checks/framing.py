"""Checkers for exercises/02_framing.

The exercise texts live here (not in the notebook) so the notebook, its solution and the tests
use exactly the same words. All texts are fictional and written for the exercises. What each
task expects comes from the hand-authored key (``data/exercise_keys.json``, exercise
``02_framing``); the framing lens judges only what the learner writes (a rewrite), and
``TOOLS`` names the detector :func:`propaganda_lab.checks.key_vs_tool` sets against the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from propaganda_lab.checks.answers import (
    answer_items,
    covers_text,
    has_phrase,
    identifier,
    normalise,
    several,
    shown,
    word_problem,
    words,
)
from propaganda_lab.checks.feedback import Feedback, correct, hint, incorrect
from propaganda_lab.checks.keys import TaskKey, fair_text_phrases, task_key
from propaganda_lab.checks.tasks import Item, Option, exercise_task, words_of
from propaganda_lab.framing import (
    agency,
    frame_labels,
    frame_profile,
    hidden_agency,
    loaded_language,
    persuasion_cues,
)
from propaganda_lab.techniques import technique_ids, techniques

#: Task 1 and 2: a loaded paragraph about a fictional fishing dispute.
LOADED_PARAGRAPH = (
    "A rabble of furious trawler crews stormed the quay at Kessa on Friday, holding the "
    "fish market hostage for hours. The spineless harbour board caved in by evening."
)
#: Task 3 and 4: a report with hidden agents.
PASSIVE_REPORT = (
    "The Kessa fish market was closed on Friday. Stalls were damaged and two traders were "
    "injured. The harbour board said the crews had acted illegally."
)
PASSIVE_SENTENCE = "Stalls were damaged."
#: Task 5: two headlines of the same event.
HEADLINE_A = "Trawler crews win pay rise after fish market dispute"
HEADLINE_B = "Police arrest crews after violent fish market riot"
#: Task 6: sentences, each showing one persuasion cue.
CUE_SENTENCES = {
    "a": "Either the board resigns or the harbour dies.",
    "b": "Everyone in Kessa knows the crews are right.",
    "c": "Save our harbour!",
    "d": "And what about the board's own bonuses?",
}
#: Task 8: a plain report to set against LOADED_PARAGRAPH.
WORD_CHOICE_A = "A crowd of about 300 trawler crew members marched to the quay at Kessa on Friday."
#: Task 7: a sentence framed as crime, to be reframed as an economic story.
CRIME_SENTENCE = "Police arrested six crew members after the dispute at the fish market."
#: Task 9: a fair wire report of a similar event: named agents, an accurate absolute.
WIRE_REPORT = (
    "Three stalls at the Kessa fish market were damaged by a reversing delivery lorry on "
    "Friday morning, the harbour police said. The driver, Tomas Vell of Ostrevan Freight, "
    "told reporters he had misjudged the turn and would pay for the repairs. No one was hurt. "
    "All forty stalls reopened on Saturday, the harbour board said."
)

EXERCISE = "02_framing"


#: The exercise texts as a learner reads their names (the key names them as code does).
TEXT_NAMES = {
    "LOADED_PARAGRAPH": "the loaded paragraph",
    "PASSIVE_REPORT": "the passive report",
    "PASSIVE_SENTENCE": "the passive sentence",
    "CRIME_SENTENCE": "the crime sentence",
    "WORD_CHOICE_A": "text A",
    "WIRE_REPORT": "the wire report",
}


def _key(task: str) -> TaskKey:
    return task_key(EXERCISE, task)


# ----------------------------------------------------------------------- menus of the widget
def _frame_options(_item: Any) -> list[Option]:
    return [(label, frame_id) for frame_id, label in frame_labels().items()]


def _technique_options(_item: Any) -> list[Option]:
    return [(f"{t.name} ({t.lens})", t.id) for t in techniques()]


_PAIR_TEXTS = {"WORD_CHOICE_A": WORD_CHOICE_A, "LOADED_PARAGRAPH": LOADED_PARAGRAPH}


def _pair_items() -> list[Item]:
    return [("WORD_CHOICE_A", f"Word in text A: {WORD_CHOICE_A}"),
            ("LOADED_PARAGRAPH", f"Word in the loaded paragraph: {LOADED_PARAGRAPH}")]


def _missing(key: TaskKey, found: Iterable[str]) -> str:
    """The nudge of the first expected answer not found (without naming it)."""
    done = set(found)
    return next((e.nudge for e in key.expected if e.answer not in done and e.nudge), "")


#: Task 1: how many listed words the lexicon does not flag are still discussed, not rejected.
MAX_EXTRA_LOADED = 3


@exercise_task(
    EXERCISE, "task_1",
    "List the loaded words of the loaded paragraph as strings, e.g. "
    "['rabble', ...].",
    variable="LOADED_WORDS", shape="strings",
    tool=("loaded_language", lambda: _spans(loaded_language(LOADED_PARAGRAPH))))
def check_loaded_terms(answer: Any) -> Feedback:
    """The learner's list vs the key's loaded terms, compared as whole words and phrases
    (``checks.answers.phrase_matches``: 'caved' counts for 'caved in', 'in' or 'e' never).

    Precision rule: at most MAX_EXTRA_LOADED items that the key does not count; they are
    discussed (or, for the key's near misses, answered with its reason), more are rejected
    (listing every word is not spotting the loaded ones)."""
    key = _key("task_1")
    expected = sorted(normalise(e.answer) for e in key.expected)
    forms = [form for e in key.expected for form in e.forms]
    given = answer_items(answer)
    if not given:
        return hint("Task 1", "List the loaded words as strings, e.g. ['rabble', ...].")
    if covers_text(given, LOADED_PARAGRAPH):
        return incorrect("Task 1", "Your answer contains most of the loaded paragraph: pick out "
                         "only the words that judge or dramatise, not the whole text.")
    hits = {e.answer for e in key.expected if any(e.matches(g) for g in given)}
    extra = [g for g in given if key.find(g) is None]
    for item in given:
        problem = word_problem(item)
        if problem:
            return incorrect("Task 1", f"{problem} List single loaded words or short phrases.")
    for item in extra:
        if any(has_phrase(item, form) for form in forms):
            return incorrect("Task 1", f"{shown(item)} holds a loaded term inside other words: "
                             "list the loaded word or phrase itself.")
        problem = word_problem(item, max_words=4)
        if problem:
            return incorrect("Task 1", f"{problem} List single loaded words or short phrases.")
    if len(extra) > MAX_EXTRA_LOADED:
        return incorrect("Task 1", f"{len(extra)} of your {len(given)} items are not loaded "
                         f"terms; list at most {MAX_EXTRA_LOADED} words beyond the loaded ones. "
                         "Listing many words to catch the right ones is not spotting them.")
    for item in extra:
        miss = key.near_miss(item)
        if miss is not None:
            return incorrect("Task 1", f"{shown(item)} does not judge: {miss.reason} List only "
                             "the words that judge or dramatise.")
    if len(hits) < len(expected):
        return incorrect("Task 1", f"You found {len(hits)} of {len(expected)}. "
                         f"{_missing(key, hits)}")
    note = (f" You also listed {extra}, which the key does not count: defend that choice in "
            "class — a key is a careful reading, not the last word.") if extra else ""
    return correct("Task 1", f"All {len(expected)} loaded terms found: {expected}.{note}")


def _rewrite_problem(answer: str, original: str) -> str | None:
    """Why a rewrite is not a rewrite: too few words, or the original kept word for word."""
    problem = word_problem(answer)
    if problem:
        return f"{problem} Write a whole sentence."
    if len(words(answer)) < 4:
        return f"{shown(answer)} is too short to be a rewrite: write a whole sentence."
    if any(has_phrase(answer, sentence) for sentence in _sentences(original)):
        return ("Your answer still contains the original sentence word for word: rewrite it "
                "instead of adding to it.")
    return None


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text) if words(part)]


@exercise_task(
    EXERCISE, "task_2",
    "Write REWRITE as a string: the same events as the loaded paragraph, "
    "neutrally.",
    variable="REWRITE", shape="string", prefill=lambda: LOADED_PARAGRAPH)
def check_neutral_rewrite(answer: Any) -> Feedback:
    """Neutral means: no loaded term left, and the facts (place, day, actors) still there."""
    if not isinstance(answer, str):
        return incorrect("Task 2", "The rewrite should be a string (text in quotes).")
    remaining = loaded_language(answer)
    if remaining:
        loaded = ", ".join(f"'{f.text}'" for f in remaining)
        return incorrect("Task 2", f"Still loaded: {loaded}. Try the neutral alternatives the "
                         "lens suggests (loaded_language(...)[i].neutral).")
    problem = _rewrite_problem(answer, LOADED_PARAGRAPH)
    if problem:
        return incorrect("Task 2", problem)
    missing = [fact for fact in _key("task_2").required_words if not has_phrase(answer, fact)]
    if missing:
        return incorrect("Task 2", f"Neutral is not the same as vague: keep the facts ({missing} "
                         "are missing).")
    return correct("Task 2", "No loaded terms left and the facts are kept. Compare the frame "
                   "profiles of both versions: did the emphasis change too?")


@exercise_task(
    EXERCISE, "task_3",
    "List the phrases of the passive report that hide who acted, as strings.",
    variable="HIDDEN", shape="strings",
    tool=("hidden_agency", lambda: _spans(hidden_agency(PASSIVE_REPORT))))
def check_hidden_agents(answer: Any) -> Feedback:
    """Each listed phrase must be one of the key's phrases (``phrase_matches``: the same
    words, or the phrase without a leading 'two'/'the', or an accepted alternative such as
    'fish market was closed'), never a part such as 'were'.

    Precision rule: no extra items; a phrase holding two passives must be split."""
    key = _key("task_3")
    expected = [normalise(e.answer) for e in key.expected]
    forms = [form for e in key.expected for form in e.forms]
    given = answer_items(answer)
    if not given:
        return hint("Task 3", "List the phrases as strings, e.g. ['... was ...ed'].")
    if covers_text(given, PASSIVE_REPORT, share=0.8):  # the right phrases are half of it
        return incorrect("Task 3", "Your answer contains most of the passive report: list only the "
                         "phrases that hide who acted, one phrase per item.")
    for item in given:
        problem = word_problem(item)
        if problem:
            return incorrect("Task 3", f"{problem} List whole phrases such as "
                             "'something was done'.")
    found = [e.answer for e in key.expected if any(e.matches(g) for g in given)]
    extra = [g for g in given if key.find(g) is None]
    outside = [g for g in extra if not has_phrase(PASSIVE_REPORT, g)]
    if outside:
        return incorrect("Task 3", f"Not in the passive report word for word: {outside}. Copy the "
                         "phrases from the text.")
    for item in extra:
        inside = [e for e in key.expected if any(has_phrase(item, f) for f in e.forms)]
        if len(inside) > 1:
            return incorrect("Task 3", f"{shown(item)} holds {len(inside)} phrases that hide "
                             "the agent: list each one as its own item.")
        if inside:
            return incorrect("Task 3", f"{shown(item)} is longer than the phrase that hides "
                             "the agent: give just the passive phrase (what + was/were + verb).")
        if any(has_phrase(form, item) for form in forms):
            return incorrect("Task 3", f"{shown(item)} is only part of a phrase: include what "
                             "the action was done to as well as the verb.")
    for item in extra:
        miss = key.near_miss(item, loose=True)
        if miss is not None:
            return incorrect("Task 3", f"{shown(item)} does not hide who acted: {miss.reason} "
                             "List only phrases that hide the agent: every extra item counts "
                             "against you.")
    if extra:
        return incorrect("Task 3", f"{extra}: these do not hide who acted (look for the "
                         "subject doing the verb). List only phrases that hide the agent: every "
                         "extra item counts against you. Which sentences use 'was/were + past "
                         "participle' for something someone must have done?")
    if len(found) < len(expected):
        return incorrect("Task 3", f"{len(found)} of {len(expected)} found. "
                         f"{_missing(key, found)}")
    return correct("Task 3", f"All {len(expected)} found: {expected}. Each says what happened "
                   "and leaves out who did it.")


@exercise_task(
    EXERCISE, "task_4",
    "Rewrite the passive sentence in the active voice, naming a (plausible) "
    "agent.",
    variable="ACTIVE", shape="string", prefill=lambda: PASSIVE_SENTENCE)
def check_active_rewrite(answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return incorrect("Task 4", "The rewrite should be a string.")
    problem = word_problem(answer)
    if problem:
        return incorrect("Task 4", f"{problem} Write a whole sentence.")
    events = [e for e in agency(answer) if e.action == "damage"]
    if not events:
        return incorrect("Task 4", "Keep the action: someone *damaged* the stalls.")
    if any(e.passive and e.agent is None for e in events):
        return incorrect("Task 4", "Still an agentless passive: who damaged the stalls?")
    event = events[0]
    if event.agent is None:
        return incorrect("Task 4", "The parse finds no subject doing the damaging.")
    voice = "active" if not event.passive else "passive with a 'by' agent"
    return correct("Task 4", f"The agent is now visible ('{event.agent.text}', {voice}). "
                   "Notice: the original text never says who it was — would you print your "
                   "version without evidence?")


def _ids(answer: dict[Any, Any], task: str, what: str, key: Callable[[Any], str],
         known: Iterable[str], choose: str) -> dict[str, str] | Feedback:
    """A dict answer with normalised keys and id values ('Natural disaster.' is
    'natural_disaster'), or the Feedback on why it is not one: each value must be exactly one
    known id; a list of several is every candidate at once."""
    known = list(known)
    ids: dict[str, str] = {}
    for name, value in answer.items():
        if several(value) is not None:
            return incorrect(task, f"Give exactly one id for {what} {name!r}, not several: "
                             "naming every option at once is not a choice.")
        ids[key(name)] = identifier(value[0] if isinstance(value, list | tuple) and value
                                    else value)
    unknown = [shown(v) for v in ids.values() if v not in known]
    if unknown:
        return incorrect(task, f"Not an id: {', '.join(unknown)}. Give one id per {what}; "
                         f"{choose}.")
    return ids


@exercise_task(
    EXERCISE, "task_5",
    "Give a dict {'A': frame_id, 'B': frame_id} with each headline's dominant "
         "frame (ids as in frame_labels()).",
    variable="HEADLINE_FRAMES", shape="mapping",
    items=lambda: [("A", HEADLINE_A), ("B", HEADLINE_B)], options=_frame_options,
    tool=("frame_profile", lambda: [
        f"{item}: {frame_profile(text).dominant or 'none'}"
        for item, text in (("A", HEADLINE_A), ("B", HEADLINE_B))]))
def check_headline_frames(answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return incorrect("Task 5", "Answer with a dict, e.g. {'A': 'economic', 'B': 'legality'}.")
    labels = frame_labels()
    given = _ids(answer, "Task 5", "headline", lambda k: normalise(k).upper(), labels,
                 f"choose from {list(labels)}")
    if isinstance(given, Feedback):
        return given
    expected = _key("task_5").by_item()
    wrong = [item for item in ("A", "B") if given.get(item) not in expected[item].forms]
    if wrong:
        return incorrect("Task 5", f"Headline {', '.join(wrong)}: which words carry the story? "
                         "Run frame_profile on it and look at .top() and .evidence, then decide "
                         "for yourself.")
    return correct("Task 5", f"A is framed as {labels[given['A']]}, B as "
                   f"{labels[given['B']]}: the same dispute, two different stories. "
                   f"{expected['A'].reason} {expected['B'].reason}")


@exercise_task(
    EXERCISE, "task_6",
    "Give a dict mapping 'a'..'d' to technique ids, e.g. {'a': 'slogans', ...}.",
    variable="CUES", shape="mapping",
    items=lambda: list(CUE_SENTENCES.items()), options=_technique_options,
    tool=("persuasion_cues", lambda: [
        f"{item}: {f.technique}" for item, sentence in CUE_SENTENCES.items()
        for f in persuasion_cues(sentence)]))
def check_cue_labels(answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return incorrect("Task 6", "Answer with a dict like {'a': 'black_and_white', ...}.")
    given = _ids(answer, "Task 6", "sentence", normalise, technique_ids(),
                 "see techniques('framing') for the ids")
    if isinstance(given, Feedback):
        return given
    expected = _key("task_6").by_item()
    wrong = [item for item in CUE_SENTENCES if given.get(item) not in expected[item].forms]
    if wrong:
        return incorrect("Task 6", f"Look again at sentence(s) {wrong}: what does the sentence "
                         "do to the reader, rather than what it is about?")
    return correct("Task 6", "All four cues identified.")


#: Task 7: more economic cue words per 100 words than this reads as a list of money words.
MAX_CUE_DENSITY = 40.0


@exercise_task(
    EXERCISE, "task_7",
    "Rewrite the crime sentence so the same event reads as an economic story.",
    variable="REFRAMED", shape="string", prefill=lambda: CRIME_SENTENCE)
def check_reframe(answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return incorrect("Task 7", "The rewrite should be a string.")
    problem = _rewrite_problem(answer, CRIME_SENTENCE)
    if problem:
        return incorrect("Task 7", problem)
    profile = frame_profile(answer)
    if profile.dominant != "economic":
        now = frame_labels().get(profile.dominant or "", "no frame")
        return incorrect("Task 7", f"The dominant frame is now {now}. Which words about pay, "
                         "prices or jobs would put money first?")
    if not has_phrase(answer, "fish market"):
        return incorrect("Task 7", "Keep the event: it happened at the fish market.")
    if profile.scores["economic"] > MAX_CUE_DENSITY:
        return incorrect("Task 7", f"{profile.scores['economic']:.0f} money words per 100 words "
                         f"(at most {MAX_CUE_DENSITY:.0f} read as a story, not a list of cue "
                         "words): write a sentence about what happened to the crew members.")
    economic = sorted({c.text.lower() for c in profile.evidence["economic"]})
    return correct("Task 7", f"Now an economic story (cue words: {economic}). Same event, "
                   "different frame — that is framing.")


def _stem(word: str) -> str:
    return word.rstrip("s")


@exercise_task(
    EXERCISE, "task_8",
    "Give a pair (word in text A, word in the loaded paragraph) naming the "
    "same group differently.",
    variable="WORD_PAIR", shape="tuple", items=_pair_items,
    options=lambda item: words_of(_PAIR_TEXTS[item]))
def check_word_choice(answer: Any) -> Feedback:
    """Each word of the pair must be one whole word equal (up to a plural 's') to the key's
    word for that text; a phrase or a text holding the word does not count."""
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return incorrect("Task 8", "Answer with a pair of words, e.g. ('fishers', 'gang').")
    for word, text in zip(answer, ("text A", "the loaded paragraph"), strict=True):
        problem = word_problem(word, max_words=1)
        if problem:
            return incorrect("Task 8", f"{problem} Give one word from {text}.")
    expected = _key("task_8").by_item()
    word_a, word_b = (words(w)[0] for w in answer)
    accepted_a = {_stem(normalise(f)) for f in expected["WORD_CHOICE_A"].forms}
    accepted_b = {_stem(normalise(f)) for f in expected["LOADED_PARAGRAPH"].forms}
    if _stem(word_a) in accepted_a and _stem(word_b) in accepted_b:
        return correct("Task 8", f"'{word_a}' vs '{word_b}': one referent, two frames.")
    return incorrect("Task 8", "Not a pair that names the same group. Find the word each "
                     "text uses for the whole group arriving at the quay.")


@exercise_task(
    EXERCISE, "task_9",
    "List the loaded words, hidden agents and persuasion cues of the wire report "
    "as strings; if you find none, answer [].",
    empty_is_answer=True, variable="FAIR_FLAGS", shape="strings",
    tool=("loaded_language + hidden_agency + persuasion_cues", lambda: _spans(
        loaded_language(WIRE_REPORT), hidden_agency(WIRE_REPORT), persuasion_cues(WIRE_REPORT))))
def check_fair_report(answer: Any) -> Feedback:
    """WIRE_REPORT is fair: [] (or 'fair') is right; every listed phrase is a false alarm,
    answered with the key's reason (a by-phrase names the agent, an accurate absolute)."""
    return fair_text_phrases("Task 9", answer, _key("task_9"), WIRE_REPORT, "the wire report")


def _spans(*findings: Iterable[Any]) -> list[str]:
    return [f.text for found in findings for f in found]


