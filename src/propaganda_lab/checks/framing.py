"""Checkers for exercises/02_framing: each runs the framing lens on the learner's answer.

The exercise texts live here (not in the notebook) so the notebook, its solution and the tests
use exactly the same words. All texts are fictional and written for the exercises.
"""

from __future__ import annotations

from typing import Any

from propaganda_lab.checks import Feedback, checker, correct, incorrect
from propaganda_lab.framing import (
    agency,
    compare_framing,
    frame_labels,
    frame_profile,
    hidden_agency,
    loaded_language,
    persuasion_cues,
)
from propaganda_lab.techniques import technique_ids

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


def _as_list(answer: Any) -> list[str]:
    if isinstance(answer, str):
        answer = [part for part in answer.replace(";", ",").split(",")]
    return [str(item).strip().lower() for item in answer if str(item).strip()]


@checker("Task 1", "List the loaded words of LOADED_PARAGRAPH as strings, e.g. ['rabble', ...].")
def check_loaded_terms(answer: Any) -> Feedback:
    """The learner's list vs what loaded_language finds (any word of a finding counts)."""
    expected = {f.text.lower() for f in loaded_language(LOADED_PARAGRAPH)}
    given = set(_as_list(answer))
    hits = {e for e in expected if any(g in e or e in g for g in given)}
    extra = sorted(g for g in given if not any(g in e or e in g for e in expected))
    if len(hits) < len(expected):
        return incorrect("Task 1", f"You found {len(hits)} of {len(expected)}. Look again at "
                         "how the crews, their arrival and the board are described.")
    note = (f" You also listed {extra}, which our lexicon does not: defend that choice in "
            "class — a lexicon is not the last word.") if extra else ""
    return correct("Task 1", f"All {len(expected)} loaded terms found: {sorted(expected)}.{note}")


@checker("Task 2", "Write REWRITE as a string: the same events as LOADED_PARAGRAPH, neutrally.")
def check_neutral_rewrite(answer: Any) -> Feedback:
    """Neutral means: no loaded term left, and the facts (place, day, actors) still there."""
    if not isinstance(answer, str):
        return incorrect("Task 2", "The rewrite should be a string (text in quotes).")
    remaining = loaded_language(answer)
    if remaining:
        words = ", ".join(f"'{f.text}'" for f in remaining)
        return incorrect("Task 2", f"Still loaded: {words}. Try the neutral alternatives the "
                         "lens suggests (loaded_language(...)[i].neutral).")
    missing = [fact for fact in ("kessa", "friday", "board") if fact not in answer.lower()]
    if missing:
        return incorrect("Task 2", f"Neutral is not the same as vague: keep the facts ({missing} "
                         "are missing).")
    return correct("Task 2", "No loaded terms left and the facts are kept. Compare the frame "
                   "profiles of both versions: did the emphasis change too?")


@checker("Task 3", "List the phrases of PASSIVE_REPORT that hide who acted, as strings.")
def check_hidden_agents(answer: Any) -> Feedback:
    expected = [f.text.lower() for f in hidden_agency(PASSIVE_REPORT)]
    given = _as_list(answer)
    found = [e for e in expected if any(g in e or e in g for g in given)]
    extra = [g for g in given if not any(g in e or e in g for e in expected)]
    if extra:
        return incorrect("Task 3", f"{extra}: these name their agent (look for the subject "
                         "doing the verb). Which sentences use 'was/were + past participle'?")
    if len(found) < len(expected):
        return incorrect("Task 3", f"{len(found)} of {len(expected)} found. One sentence has "
                         "two passives joined by 'and'.")
    return correct("Task 3", f"All {len(expected)} found: {expected}.")


@checker("Task 4", "Rewrite PASSIVE_SENTENCE in the active voice, naming a (plausible) agent.")
def check_active_rewrite(answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return incorrect("Task 4", "The rewrite should be a string.")
    events = [e for e in agency(answer) if e.action == "damage"]
    if not events:
        return incorrect("Task 4", "Keep the action: someone *damaged* the stalls.")
    event = events[0]
    if event.passive and event.agent is None:
        return incorrect("Task 4", "Still an agentless passive: who damaged the stalls?")
    if event.agent is None:
        return incorrect("Task 4", "The parse finds no subject doing the damaging.")
    voice = "active" if not event.passive else "passive with a 'by' agent"
    return correct("Task 4", f"The agent is now visible ('{event.agent.text}', {voice}). "
                   "Notice: the original text never says who it was — would you print your "
                   "version without evidence?")


@checker("Task 5", "Give a dict {'A': frame_id, 'B': frame_id} with each headline's dominant "
         "frame (ids as in frame_labels()).")
def check_headline_frames(answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return incorrect("Task 5", "Answer with a dict, e.g. {'A': 'economic', 'B': 'legality'}.")
    labels = frame_labels()
    unknown = [v for v in answer.values() if v not in labels]
    if unknown:
        return incorrect("Task 5", f"Unknown frame id(s) {unknown}; choose from {list(labels)}.")
    expected = {"A": frame_profile(HEADLINE_A).dominant or "",
                "B": frame_profile(HEADLINE_B).dominant or ""}
    wrong = [key for key in ("A", "B") if answer.get(key) != expected[key]]
    if wrong:
        return incorrect("Task 5", f"Headline {', '.join(wrong)}: run frame_profile on it and "
                         "look at .top() and .evidence.")
    return correct("Task 5", f"A is framed as {labels[expected['A']]}, B as "
                   f"{labels[expected['B']]}: the same dispute, two different stories.")


@checker("Task 6", "Give a dict mapping 'a'..'d' to technique ids, e.g. {'a': 'slogans', ...}.")
def check_cue_labels(answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return incorrect("Task 6", "Answer with a dict like {'a': 'black_and_white', ...}.")
    unknown = [v for v in answer.values() if v not in technique_ids()]
    if unknown:
        return incorrect("Task 6", f"{unknown} are not technique ids; see techniques('framing').")
    wrong = []
    for key, sentence in CUE_SENTENCES.items():
        found = {f.technique for f in persuasion_cues(sentence)}
        if answer.get(key) not in found:
            wrong.append(key)
    if wrong:
        return incorrect("Task 6", f"Look again at sentence(s) {wrong}: what does the sentence "
                         "do to the reader, rather than what it is about?")
    return correct("Task 6", "All four cues identified.")


@checker("Task 7", "Rewrite CRIME_SENTENCE so the same event reads as an economic story.")
def check_reframe(answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return incorrect("Task 7", "The rewrite should be a string.")
    profile = frame_profile(answer)
    if profile.dominant != "economic":
        now = frame_labels().get(profile.dominant or "", "no frame")
        return incorrect("Task 7", f"The dominant frame is now {now}. Which words about pay, "
                         "prices or jobs would put money first?")
    if "fish market" not in answer.lower():
        return incorrect("Task 7", "Keep the event: it happened at the fish market.")
    economic = sorted({c.text.lower() for c in profile.evidence["economic"]})
    return correct("Task 7", f"Now an economic story (cue words: {economic}). Same event, "
                   "different frame — that is framing.")


@checker("Task 8", "Give a pair (word in WORD_CHOICE_A, word in LOADED_PARAGRAPH) naming the "
         "same group differently.")
def check_word_choice(answer: Any) -> Feedback:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return incorrect("Task 8", "Answer with a pair of words, e.g. ('fishers', 'gang').")
    a = WORD_CHOICE_A
    comparison = compare_framing(a, LOADED_PARAGRAPH)
    word_a, word_b = (str(w).lower().strip() for w in answer)
    pairs = [(set(c.words_a), set(c.words_b)) for c in comparison.word_choices]
    if any(word_a.rstrip("s") in {w.rstrip("s") for w in wa} and
           word_b.rstrip("s") in {w.rstrip("s") for w in wb} for wa, wb in pairs):
        return correct("Task 8", f"'{word_a}' vs '{word_b}': one referent, two frames.")
    return incorrect("Task 8", "Not a pair the lens links. Find the word each text uses for "
                     "the whole group arriving at the quay.")
