"""Checkers for the selective quoting exercises (exercises/03_selective_quoting.ipynb).

What each task expects comes from the hand-authored key (``data/exercise_keys.json``,
exercise ``03_selective_quoting``), not from the quoting lens: the lens only traces what the
learner writes (a restored sentence, a fair quote) to say what is still cut or changed.
``TOOLS`` names the detector :func:`propaganda_lab.checks.key_vs_tool` sets against the key.
"""

from __future__ import annotations

import re
from typing import Any

from propaganda_lab.checks.answers import (
    answer_items,
    covers_text,
    has_phrase,
    is_single_letter,
    normalise,
    several,
    shown,
    word_problem,
    words,
)
from propaganda_lab.checks.feedback import Feedback, correct, hint, incorrect
from propaganda_lab.checks.keys import TaskKey, is_fair_answer, task_key
from propaganda_lab.checks.tasks import Item, Option, exercise_task, numbered
from propaganda_lab.quotes import QuoteCheck, check_quotes, extract_quotes, parse_source

__all__ = [
    "ARTICLE",
    "FAIR_ARTICLE",
    "SOURCE",
    "check_dropped_qualifier",
    "check_fair_article",
    "check_fair_or_unfair",
    "check_fair_quote",
    "check_misattribution",
    "check_restored_context",
    "check_scare_quotes",
    "check_spliced_quote",
    "fair_or_unfair_quotes",
    "numbered_fair_quotes",
    "numbered_quotes",
]

#: Transcript of a (fictional) harbour council session: the source of the exercises.
SOURCE = """\
CHAIR: The council will now hear from the ferry company and from the residents' association.
IRINA VOSS: Thank you. The night ferry to Kerrow will stop in October unless the council \
renews the subsidy. We have asked for a renewal and we expect an answer this month.
CHAIR: What would happen to the islanders if the ferry stopped completely?
IRINA VOSS: They would be cut off for days at a time. That is why we want the subsidy renewed.
OTTO BRANDL: I speak for the Kerrow residents. The company has treated the islanders with \
contempt for years.
IRINA VOSS: We have made mistakes with the timetable. We have never ignored a complaint from \
the islands.
OTTO BRANDL: People on Kerrow are angry. We want a ferry that runs every night, winter and \
summer.
IRINA VOSS: Ticket prices may rise next year, but only for tourists. Fares for islanders \
will not change."""

#: A (fictional) partisan report of that session: the article the exercises take apart.
ARTICLE = """\
Ferry boss: islanders "would be cut off for days"

The head of the Kerrow ferry company, Irina Voss, told the harbour council on Monday that \
"the night ferry to Kerrow will stop in October."

"They would be cut off for days at a time," Voss said of the islanders.

Voss even admitted that "the company has treated the islanders with contempt for years."

Residents' spokesman Otto Brandl said islanders "want a ferry that runs every night."

"We have made mistakes with the timetable ... Ticket prices may rise next year," Voss told \
councillors.

Meanwhile the so-called "subsidy" keeps flowing, and the company's "timetable" is a joke."""


#: Task 8: a second (fictional) report of the same session that quotes fairly.
FAIR_ARTICLE = """\
Kerrow residents tell council they are angry about the night ferry

Otto Brandl, who speaks for the Kerrow residents, told the harbour council on Monday: \
"People on Kerrow are angry. We want a ferry that runs every night, winter and summer."

Irina Voss, head of the ferry company, said the night ferry "will stop in October unless the \
council renews the subsidy."

"We have made mistakes with the timetable," Voss said. "We have never ignored a complaint \
from the islands.\""""

#: The words of quote 2 in ARTICLE, the quote Tasks 1 and 2 restore.
QUOTE_2 = "the night ferry to Kerrow will stop in October."

EXERCISE = "03_selective_quoting"


#: The exercise texts as a learner reads their names (the key names them as code does).
TEXT_NAMES = {
    "ARTICLE": "the article",
    "SOURCE": "the transcript",
    "FAIR_ARTICLE": "the second report",
}


def _key(task: str) -> TaskKey:
    return task_key(EXERCISE, task)


def _checks() -> list[QuoteCheck]:
    return check_quotes(ARTICLE, SOURCE)


def _fair_checks() -> list[QuoteCheck]:
    return check_quotes(FAIR_ARTICLE, SOURCE)


def _check_for(phrase: str) -> QuoteCheck:
    return next(c for c in _checks() if has_phrase(c.quote.text, phrase))


def numbered_quotes() -> list[str]:
    """The article's speech quotes as the exercise numbers them (1, 2, ...)."""
    return [f"{n}. “{c.quote.text.strip()}”" for n, c in enumerate(_checks(), start=1)]


def numbered_fair_quotes() -> list[str]:
    """FAIR_ARTICLE's speech quotes as Task 8 numbers them (1, 2, ...)."""
    return [f"{n}. “{c.quote.text.strip()}”" for n, c in enumerate(_fair_checks(), start=1)]


# ----------------------------------------------------------------------- menus of the widget
def _speaker_options(_item: Any) -> list[Option]:
    return [(speaker, speaker) for speaker in parse_source(SOURCE).speakers]


def _verdict_options(_item: Any) -> list[Option]:
    return [("fair (the meaning survives)", "fair"), ("unfair (the meaning changes)", "unfair")]


def _quote_line(phrase: str) -> str:
    """The numbered quote of the article that holds ``phrase`` ('3. “They would …”')."""
    return next(line for line in numbered_quotes() if phrase in line)


def _fair_or_unfair_items() -> list[Item]:
    return [(label, f"Quote {_quote_line(phrase)}")
            for label, phrase in fair_or_unfair_quotes().items()]


def _spliced_line() -> str:
    """Task 7's starting point: the article's sentence with the spliced price quote."""
    return next(line for line in ARTICLE.splitlines() if "Ticket prices" in line)


def _single(answer: Any) -> Any:
    """A one-element list or tuple stands for its element."""
    if isinstance(answer, list | tuple) and len(answer) == 1:
        return answer[0]
    return answer


@exercise_task(
    EXERCISE, "task_1",
    "Type the one word (or two-word phrase) that the article cut from the "
         "speaker's sentence, e.g. answer_1 = \"because\".",
    variable="answer_1", shape="string")
def check_dropped_qualifier(answer: Any) -> Feedback:
    """Which qualifier did quote 2 lose? The answer must be the key's word (the same words
    after ``normalise``); qualifiers are function words, so here a function word can be
    right, but only the one that was cut."""
    key = _key("task_1")
    if covers_text(answer, SOURCE, share=0.3) or covers_text(answer, ARTICLE, share=0.3):
        return incorrect("Task 1", "That is much of the transcript or the article pasted in: "
                         "answer with the one word (or two-word phrase) that was cut.")
    items = answer_items(answer)
    if not items:
        return hint("Task 1", "Type the word that was cut, e.g. answer_1 = \"because\".")
    if len(items) > 1:
        return incorrect("Task 1", f"You gave {len(items)} answers; give the one word (or "
                         "two-word phrase) that was cut, not every candidate.")
    given = items[0]
    if key.find(given) is not None:
        return correct("Task 1", f"'{given}' turns a firm prediction into a condition: the "
                       "ferry stops only if the subsidy is not renewed.")
    if len(words(given)) > 2:
        return incorrect("Task 1", f"{shown(given)} is {len(words(given))} words long; answer "
                         "with the one word (or two-word phrase) that was cut.")
    if is_single_letter(given):
        return incorrect("Task 1", f"{shown(given)} is a single letter, not a word: type the "
                         "whole word that was cut.")
    if has_phrase(QUOTE_2, given):
        return incorrect("Task 1", "That word is inside the quote. Look at what comes after "
                         "'October' in the transcript.")
    return incorrect("Task 1", "Not that word. Find the sentence in the transcript and read "
                     "what follows the quoted words: which word makes it conditional?")


def _sentence_count(text: str) -> int:
    return sum(1 for part in re.split(r"(?<=[.!?])\s+", text.strip()) if words(part))


@exercise_task(
    EXERCISE, "task_2",
    "Copy the speaker's whole sentence from the transcript, between "
         "quotation marks: answer_2 = \"...\".",
    variable="answer_2", shape="string", prefill=lambda: QUOTE_2)
def check_restored_context(answer: Any) -> Feedback:
    """Restore the full sentence around quote 2: right when it is the key's sentence word for
    word; otherwise the quoting lens traces it to say what is still cut or changed."""
    answer = str(_single(answer)).strip().strip("\"'“”‘’ ")
    problem = word_problem(answer)
    if problem:
        return incorrect("Task 2", f"{problem} Copy the speaker's whole sentence.")
    if _sentence_count(answer) > 1:
        return incorrect("Task 2", f"That is {_sentence_count(answer)} sentences; copy only "
                         "the one sentence that quote 2 was cut from.")
    if _key("task_2").find(answer) is not None:
        return correct("Task 2", "With the 'unless' clause restored, the 'announcement' is a "
                       "warning about what happens if the council does not renew the subsidy.")
    (check,) = check_quotes(f'Irina Voss said "{answer}".', SOURCE)
    if not check.found:
        return incorrect("Task 2", "Your sentence cannot be found in the transcript. Copy it "
                         "exactly as Irina Voss said it.")
    if not has_phrase(answer, "the night ferry to kerrow will stop in october"):
        return incorrect("Task 2", "That is a sentence from the transcript, but not the one "
                         "quote 2 was cut from.")
    cut = sorted(check.flags & {"clipped", "dropped_qualifier", "altered"})
    why = " ".join(check.explanations[flag] for flag in cut) or (
        "Compare it word for word with the transcript.")
    return incorrect("Task 2", f"Close, but something is still cut or changed: {why}")


#: Titles a learner may put before a surname ("Mr Brandl").
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "miss", "mister"})


def _speaker_names() -> dict[str, tuple[str, ...]]:
    return {speaker: words(speaker) for speaker in parse_source(SOURCE).speakers}


@exercise_task(
    EXERCISE, "task_3",
    "Type the name of the person who really said quote 4, e.g. "
         "answer_3 = \"Chair\".",
    variable="answer_3", shape="string",
    items=lambda: [("speaker", "Who really said quote 4?")], options=_speaker_options)
def check_misattribution(answer: Any) -> Feedback:
    """Who really said 'the company has treated the islanders with contempt'? The answer must
    be the key's name: the full name, the first name or the surname as whole words (a
    title such as 'Mr' may come first), naming nobody else."""
    key = _key("task_3")
    true_speaker = next(speaker for speaker in _speaker_names()
                        if words(speaker) == words(key.expected[0].answer))
    answer = _single(answer)
    if several(answer) is not None:
        return incorrect("Task 3", "Name one person, not a list: who said quote 4?")
    given = words(answer)
    problem = word_problem(answer)
    if problem:
        return incorrect("Task 3", f"{problem} Type the speaker's name.")
    named = [speaker for speaker, name in _speaker_names().items()
             if any(w in name for w in given)]
    if len(named) > 1:
        return incorrect("Task 3", f"You named {len(named)} people ({', '.join(named)}); name "
                         "only the one who said quote 4.")
    name = given[1:] if len(given) > 1 and given[0] in _TITLES else given
    if named == [true_speaker] and (has_phrase(true_speaker, name) or key.find(answer)):
        return correct("Task 3", f"{true_speaker} said it, speaking for the residents. The "
                       "article put a critic's accusation into the company head's mouth, so "
                       "it reads as a confession.")
    if named == [true_speaker]:
        return incorrect("Task 3", f"Answer with the name only: {shown(answer)} has more words "
                         "than a name.")
    if set(given) & {"irina", "voss"}:
        return incorrect("Task 3", "That is who the article credits. Find the words in the "
                         "transcript and read the speaker label at the start of that line.")
    return incorrect("Task 3", "Not that person. Search the transcript for 'contempt'.")


_FAIR_OR_UNFAIR = {"A": "would be cut off for days at a time", "B": "want a ferry that runs"}


def fair_or_unfair_quotes() -> dict[str, str]:
    """Task 4's two quotes: label ('A', 'B') -> a phrase that finds each in the article."""
    return dict(_FAIR_OR_UNFAIR)


def _is_unfair(check: QuoteCheck) -> bool:
    """What the quoting lens calls unfair (for ``key_vs_tool``; the checkers use the key)."""
    return bool(check.flags & {"dropped_qualifier", "context_reversed", "misattributed",
                               "altered", "spliced", "not_found"})


@exercise_task(
    EXERCISE, "task_4",
    "Answer with a dict, e.g. answer_4 = {\"A\": \"fair\", \"B\": \"fair\"}.",
    variable="answer_4", shape="mapping", items=_fair_or_unfair_items,
    options=_verdict_options,
    tool=("check_quotes", lambda: [
        f"{label}: {'unfair' if _is_unfair(_check_for(phrase)) else 'fair'}"
        for label, phrase in _FAIR_OR_UNFAIR.items()]))
def check_fair_or_unfair(answer: Any) -> Feedback:
    """Quote A (3) is a whole sentence lifted out of its exchange, quote B (5) is cut short:
    which is fair? Each verdict must be exactly one word, 'fair' or 'unfair' ('Unfair.' is
    fine; 'fair or unfair' is not), compared with the key's verdict."""
    expected = {item: entry.answer for item, entry in _key("task_4").by_item().items()}
    given: dict[str, str] = {}
    for key, value in dict(answer).items():
        verdict = normalise(_single(value))
        if several(value) is not None or verdict not in {"fair", "unfair"}:
            return incorrect("Task 4", f"Give one verdict per quote, 'fair' or 'unfair': "
                             f"{shown(verdict) if verdict else repr(value)} for {key} is not one.")
        given[normalise(key).upper()] = verdict
    if set(given) != set(expected):
        return incorrect("Task 4", "Give a verdict for both quotes, A and B.")
    wrong = sorted(label for label in expected if given[label] != expected[label])
    if not wrong:
        return correct("Task 4", "A answers a hypothetical question ('what would happen if the "
                       "ferry stopped completely?') but reads as a prediction: unfair. B drops "
                       "only 'winter and summer', which changes nothing: fair.")
    return incorrect("Task 4", f"Look again at {' and '.join(wrong)}: widen the context to "
                     "the question the speaker was answering and to the rest of the sentence.")


def _quote_number(answer: Any) -> int | str:
    """The one quote number in ``answer`` (6, '6', 'quote 6', [6]), or why there is none."""
    answer = _single(answer)
    if isinstance(answer, bool):
        return "Give the number of the quote, e.g. 1."
    if isinstance(answer, int):
        return answer
    if several(answer) is not None:
        return "Give one number, not several: which single quote is spliced?"
    if isinstance(answer, float):
        return int(answer) if answer.is_integer() else "Give a whole number, e.g. 1."
    numbers = [w for w in words(answer) if w.isdigit()]
    if len(numbers) > 1:
        return "Give one number, not several: which single quote is spliced?"
    if not numbers:
        return (f"{shown(answer)} is not a quote number: give the number from the list, "
                "e.g. 1.")
    return int(numbers[0])


@exercise_task(
    EXERCISE, "task_5",
    "Give the number of the spliced quote in the list, e.g. answer_5 = 1.",
    variable="answer_5", shape="number",
    items=lambda: numbered(numbered_quotes()),
    tool=("check_quotes", lambda: [
        str(n) for n, c in enumerate(_checks(), start=1) if "spliced" in c.flags]))
def check_spliced_quote(answer: Any) -> Feedback:
    """Which numbered quote joins pieces from different answers? Exactly one number."""
    number = _quote_number(answer)
    if isinstance(number, str):
        return incorrect("Task 5", number)
    key = _key("task_5")
    if key.find(str(number)) is not None:
        return correct("Task 5", "The ellipsis joins an apology about the timetable to a "
                       "warning about prices from a different answer, and the price warning "
                       "loses 'but only for tourists'.")
    miss = key.near_miss(str(number))
    why = f"{miss.reason} " if miss is not None else "Not that one. "
    return incorrect("Task 5", f"{why}Look for a quote whose parts you find in two different "
                     "lines of the transcript (an ellipsis '...' is a clue).")


@exercise_task(
    EXERCISE, "task_6",
    "Give a list of the words in scare quotes, e.g. answer_6 = [\"word\"].",
    variable="answer_6", shape="strings",
    tool=("extract_quotes", lambda: [
        q.text for q in extract_quotes(ARTICLE) if q.kind == "scare"]))
def check_scare_quotes(answer: Any) -> Feedback:
    """Which quotation marks quote nobody? Items are compared with the key as whole words
    (``phrase_matches``). Precision rule: no extra items (every quotation at once is wrong)."""
    key = _key("task_6")
    given = answer_items(answer)
    if not given:
        return hint("Task 6", "List the words in scare quotes, e.g. answer_6 = [\"word\"].")
    if covers_text(given, ARTICLE, share=0.3):
        return incorrect("Task 6", "Your answer contains much of the article: list only the "
                         "words in quotation marks that quote nobody.")
    for item in given:
        problem = word_problem(item)
        if problem:
            return incorrect("Task 6", f"{problem} List the words inside the scare quotes.")
    expected = key.answers
    found = [e.answer for e in key.expected if any(e.matches(g) for g in given)]
    extra = [g for g in given if key.find(g) is None]
    if not extra and len(found) == len(expected):
        return correct("Task 6", "Nobody is quoted there: the marks around 'subsidy' and "
                       "'timetable' sneer at the words instead of arguing anything.")
    parts = []
    if len(found) < len(expected):
        parts.append(f"{len(expected) - len(found)} scare quote(s) missing")
    if extra:
        parts.append(f"{len(extra)} answer(s) that are reported speech or not quoted at all "
                     "(list only scare quotes: every extra item counts against you)")
    misses = [m for m in (key.near_miss(g, loose=True) for g in extra) if m is not None]
    why = f" {shown(misses[0].answer)}: {misses[0].reason}" if misses else ""
    return incorrect("Task 6", "; ".join(parts) + f".{why} Scare quotes have no speaker and no "
                     "speech verb.")


@exercise_task(
    EXERCISE, "task_7",
    "Write one sentence quoting Irina Voss on ticket prices, e.g. "
         "answer_7 = 'Irina Voss said \"...\"'.",
    variable="answer_7", shape="string", prefill=_spliced_line)
def check_fair_quote(answer: Any) -> Feedback:
    """Write a fair quote: traced, nothing reversing or conditional cut, right speaker."""
    problem = word_problem(answer)
    if problem:
        return incorrect("Task 7", f"{problem} Write a sentence: Irina Voss said \"...\".")
    if covers_text(answer, SOURCE, share=0.3) or covers_text(answer, ARTICLE, share=0.3):
        return incorrect("Task 7", "That is much of the transcript or the article pasted in: "
                         "write one sentence that quotes only what she said about ticket prices.")
    checks = check_quotes(str(answer), SOURCE)
    if not checks:
        return incorrect("Task 7", "I cannot find a quotation with a speaker in your sentence. "
                         "Use quotation marks and a speech verb: Irina Voss said \"...\".")
    check = checks[0]
    if not check.found:
        return incorrect("Task 7", "Your quote cannot be traced in the transcript: quote her "
                         "exact words.")
    topic = _key("task_7").required_words
    if not all(has_phrase(check.quote.text, words_) for words_ in topic):
        return incorrect("Task 7", "Quote what she said about ticket prices.")
    problems = check.flags & {"dropped_qualifier", "context_reversed", "misattributed",
                              "altered", "spliced"}
    if problems or not check.quote.speaker:
        reasons = " ".join(check.explanations[f] for f in sorted(problems)) or (
            "Name the speaker: Irina Voss said ...")
        return incorrect("Task 7", f"Not fair yet. {reasons}")
    return correct("Task 7", "A fair quote: it keeps 'but only for tourists', so readers learn "
                   "that islanders' fares do not rise.")


def _fair_numbers(answer: Any) -> list[int] | str:
    """The quote numbers of a Task 8 answer ([1, 3], '1, 3', 2), or why it holds none."""
    count = len(numbered_fair_quotes())
    items = list(answer) if isinstance(answer, list | tuple | set | frozenset) else [answer]
    numbers: list[int] = []
    for item in items:
        if isinstance(item, bool):
            return "Give quote numbers, e.g. [1], or [] if every quote is fair."
        if isinstance(item, int):
            numbers.append(item)
            continue
        found = words(item) if isinstance(item, str) else ()
        if not found or not all(w.isdigit() for w in found):
            return (f"{shown(item)} is not a quote number: give numbers from 1 to {count}, "
                    "e.g. [1], or [] if every quote is fair.")
        numbers.extend(int(w) for w in found)
    outside = sorted(n for n in numbers if not 1 <= n <= count)
    if outside:
        return f"There is no quote {outside}: the second report's quotes are numbered 1 to {count}."
    return sorted(set(numbers))


@exercise_task(
    EXERCISE, "task_8",
    "Give the numbers of the second report's unfair quotes as a list, e.g. "
    "answer_8 = [1]; if every quote is fair, answer [].",
    empty_is_answer=True, variable="answer_8", shape="number_list",
    items=lambda: numbered(numbered_fair_quotes()),
    tool=("check_quotes", lambda: _flagged(_fair_checks())))
def check_fair_article(answer: Any) -> Feedback:
    """FAIR_ARTICLE quotes fairly: [] (or 'fair') is right; each quote number given is a false
    alarm, answered with the key's reason (emotional but exact, cut but not changed)."""
    key = _key("task_8")
    if is_fair_answer(answer):
        return correct("Task 8", f"Every quote holds up. {key.reason}")
    numbers = _fair_numbers(answer)
    if isinstance(numbers, str):
        return incorrect("Task 8", numbers)
    if len(numbers) > 1 and len(numbers) == len(numbered_fair_quotes()):
        return incorrect("Task 8", "You flagged every quote. Suspecting everything is not "
                         "spotting manipulation: each false alarm counts against you just as a "
                         "miss does. Trace each quote in the transcript.")
    miss = key.near_miss(str(numbers[0]))
    why = miss.reason if miss is not None else "trace it in the transcript."
    others = f" ({len(numbers) - 1} more to check the same way.)" if len(numbers) > 1 else ""
    return incorrect("Task 8", f"Quote {numbers[0]} is a false alarm: {why}{others} Trace "
                     "every quote you flag; a report can quote fairly, and then [] is the "
                     "answer.")


def _flagged(checks: list[QuoteCheck]) -> list[str]:
    """Numbers of the quotes the lens flags with anything beyond 'exact'."""
    return [str(n) for n, c in enumerate(checks, start=1) if c.flags - {"exact"}]


