"""The self-check quiz: is a passage manipulative or fair? Scored by signal detection theory.

Why not just "percent correct"? Prebunking games teach people to spot manipulation techniques
(Roozenbeek & van der Linden, 2019), but Modirrousta-Galian & Higham (2023, "Gamified
inoculation interventions do not improve discrimination between true and fake news") re-analysed
such studies and found that players mostly became more suspicious of *everything*, fair items
included: more hits, but also more false alarms, and no better at telling the two apart. So the
quiz reports hits and false alarms separately and the discrimination score d' (how well the two
kinds of passage are told apart), plus the criterion c (a lean towards "manipulative" or "fair").

Rates of 0 or 1 would make d' infinite, so both rates get the log-linear correction: add 0.5
to the count and 1 to the number of items (Hautus, 1995, Behavior Research Methods, Instruments,
& Computers 27, 46-51).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

from propaganda_lab.datafiles import DataFileError, check_data, field_path, parse_json, read_source

STAGES = ("pre", "post")
#: The quiz form each stage uses, so the post-test does not repeat items already explained.
STAGE_FORM = {"pre": "A", "post": "B"}
RESULTS_FILE = "propaganda_lab_quiz_results.json"
QUIZ_FILE = "data/quiz.json"


class QuizError(DataFileError):
    """The quiz data file is malformed; each problem names the file, the item, the field and
    (when read from a file) the line."""


@dataclass(frozen=True)
class QuizItem:
    """One passage to judge, with the answer and why."""

    id: str
    form: str
    passage: str
    is_manipulative: bool
    techniques: tuple[str, ...]
    explanation: str


def _quiz_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    """Unique item ids and known technique ids (the schema checks the rest)."""
    from propaganda_lab.techniques import technique_ids

    known = technique_ids()
    seen: set[str] = set()
    for index, raw in enumerate(data["items"]):
        if raw["id"] in seen:
            yield ["items", index, "id"], "duplicate id"
        seen.add(raw["id"])
        unknown = [t for t in raw["techniques"] if t not in known]
        if unknown:
            yield (["items", index, "techniques"],
                   f"unknown technique id(s) {unknown} (see technique_ids())")


def _where(data: Any, path: list[Any]) -> str | None:
    """``item 'q07', field 'techniques'``: items are named by id, as the quiz shows them."""
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        try:
            item = repr(data["items"][path[1]]["id"])
        except (IndexError, KeyError, TypeError):
            item = str(path[1])
        field = field_path(path[2:]) if len(path) > 2 else "(entry)"
        return f"item {item}, field {field!r}"
    return None


def validate_quiz(data: Any, name: str = "quiz.json", text: str | None = None
                  ) -> tuple[QuizItem, ...]:
    """Check the quiz data (schema, unique ids, known technique ids) and build the items.

    Raises :class:`QuizError` listing every problem; with the file's ``text`` each names a line.
    """
    problems = check_data(name, data, "quiz.schema.json", text=text, check=_quiz_rules,
                          where=_where)
    if problems:
        raise QuizError(name, problems)
    return tuple(QuizItem(raw["id"], raw["form"], raw["passage"], raw["is_manipulative"],
                          tuple(raw["techniques"]), raw["explanation"]) for raw in data["items"])


@cache
def quiz_items(form: str | None = None) -> tuple[QuizItem, ...]:
    """The course quiz (loaded and validated once); ``form`` 'A' or 'B' picks one half."""
    if form is not None and form not in STAGE_FORM.values():
        raise ValueError(f"Unknown quiz form {form!r}: use 'A' (before) or 'B' (after).")
    if form is not None:
        return tuple(item for item in quiz_items() if item.form == form)
    try:
        name, text = read_source(QUIZ_FILE)
        return validate_quiz(parse_json(name, text), name, text)
    except QuizError:
        raise
    except DataFileError as error:  # unreadable or not JSON
        raise QuizError(error.file, error.problems) from None


def items_for_stage(stage: str) -> tuple[QuizItem, ...]:
    """The items a learner answers before ('pre') or after ('post') the course."""
    if stage not in STAGE_FORM:
        raise ValueError(f"Unknown quiz stage {stage!r}: use 'pre' or 'post'.")
    return quiz_items(STAGE_FORM[stage])


def corrected_rate(count: int, total: int) -> float:
    """Log-linear corrected proportion (count + 0.5) / (total + 1) (Hautus, 1995).

    It is never 0 or 1, so its z-score is finite even for a perfect or an empty score.
    """
    if total < 0 or not 0 <= count <= total:
        raise ValueError(f"count must be between 0 and total ({count} of {total})")
    return (count + 0.5) / (total + 1)


def _z(probability: float) -> float:
    return NormalDist().inv_cdf(probability)


@dataclass(frozen=True)
class QuizScore:
    """Signal-detection counts: a 'hit' is a manipulative passage called manipulative."""

    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int

    @property
    def manipulative_items(self) -> int:
        return self.hits + self.misses

    @property
    def fair_items(self) -> int:
        return self.false_alarms + self.correct_rejections

    @property
    def hit_rate(self) -> float:
        """Share of manipulative passages caught (uncorrected; 0 when there were none)."""
        return self.hits / self.manipulative_items if self.manipulative_items else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of fair passages wrongly called manipulative (uncorrected)."""
        return self.false_alarms / self.fair_items if self.fair_items else 0.0

    @property
    def d_prime(self) -> float:
        """Discrimination: z(hit rate) - z(false-alarm rate), both log-linear corrected."""
        return (_z(corrected_rate(self.hits, self.manipulative_items))
                - _z(corrected_rate(self.false_alarms, self.fair_items)))

    @property
    def criterion(self) -> float:
        """Response bias c = -(z(H) + z(F)) / 2: below 0 leans to 'manipulative' (suspicion)."""
        return -(_z(corrected_rate(self.hits, self.manipulative_items))
                 + _z(corrected_rate(self.false_alarms, self.fair_items))) / 2

    def explain(self) -> list[str]:
        """What the numbers mean, in plain language, one sentence per line."""
        return [
            f"Hits: you called {self.hits} of {self.manipulative_items} manipulative passages "
            f"manipulative (hit rate {self.hit_rate:.0%}).",
            f"False alarms: you called {self.false_alarms} of {self.fair_items} fair passages "
            f"manipulative (false-alarm rate {self.false_alarm_rate:.0%}).",
            f"Discrimination d' = {self.d_prime:.2f}: {_d_prime_meaning(self.d_prime)}",
            f"Lean c = {_signed(self.criterion)}: {_criterion_meaning(self.criterion)}",
            "A high hit rate alone is not the goal: calling everything manipulative catches "
            "every manipulation and also condemns every fair report. d' rises only when you "
            "catch more manipulation without raising more false alarms.",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hit_rate": self.hit_rate,
                "false_alarm_rate": self.false_alarm_rate,
                "d_prime": round(self.d_prime, 4), "criterion": round(self.criterion, 4)}


def _signed(value: float) -> str:
    """'+0.21' / '-1.47', and never '-0.00' for a value that rounds to zero."""
    return f"{round(value, 2) + 0.0:+.2f}"


def _d_prime_meaning(value: float) -> str:
    if value < 0.25:
        return ("about chance: your answers did not separate manipulative from fair passages "
                "(for example, calling almost everything the same).")
    if value < 1.0:
        return "some discrimination: you separate the two kinds a little better than chance."
    if value < 2.0:
        return (
            "good discrimination: you tell the two kinds apart most of the time.")
    return "very good discrimination: manipulative and fair passages are clearly apart for you."


def _criterion_meaning(value: float) -> str:
    if value < -0.3:
        return ("you lean towards 'manipulative', i.e. general suspicion; fair reports pay the "
                "price as false alarms.")
    if value > 0.3:
        return "you lean towards 'fair', i.e. you give texts the benefit of the doubt; misses pay."
    return "no strong lean either way."


def score_answers(items: Iterable[QuizItem], answers: Mapping[str, bool | None]) -> QuizScore:
    """Score the answered items (item id -> True for 'manipulative'); unanswered ones are left out.

    Leaving an item out (instead of counting it wrong) keeps d' a measure of the judgements the
    learner actually made.
    """
    hits = misses = false_alarms = correct_rejections = 0
    for item in items:
        answer = answers.get(item.id)
        if answer is None:
            continue
        if item.is_manipulative:
            hits += bool(answer)
            misses += not answer
        else:
            false_alarms += bool(answer)
            correct_rejections += not answer
    return QuizScore(hits, misses, false_alarms, correct_rejections)


def compare_scores(pre: QuizScore, post: QuizScore) -> list[str]:
    """Before/after in words: did discrimination improve, or only suspicion?"""
    change = post.d_prime - pre.d_prime
    lines = [
        f"Hit rate {pre.hit_rate:.0%} -> {post.hit_rate:.0%}; false-alarm rate "
        f"{pre.false_alarm_rate:.0%} -> {post.false_alarm_rate:.0%}.",
        f"d' {pre.d_prime:.2f} -> {post.d_prime:.2f} ({change:+.2f}); "
        f"lean c {_signed(pre.criterion)} -> {_signed(post.criterion)}.",
    ]
    more_suspicious = post.criterion < pre.criterion - 0.2
    if change >= 0.3:
        lines.append("You tell manipulative and fair passages apart better than before.")
    elif more_suspicious:
        lines.append("Your discrimination hardly changed but you became more suspicious: more "
                     "hits came with more false alarms. That is the pattern research warns about.")
    else:
        lines.append("Your discrimination hardly changed. Re-read the explanations of the items "
                     "you missed and the fair passages you flagged.")
    if change >= 0.3 and more_suspicious:
        lines.append("You also lean more towards 'manipulative' now; watch your false alarms.")
    return lines


def save_result(stage: str, answers: Mapping[str, bool | None], score: QuizScore,
                path: str | Path = RESULTS_FILE) -> Path:
    """Store this stage's answers and score in a JSON file (beside the notebook by default)."""
    if stage not in STAGES:
        raise ValueError(f"Unknown quiz stage {stage!r}: use 'pre' or 'post'.")
    target = Path(path)
    results = load_results(target)
    results[stage] = {
        "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "answers": {key: value for key, value in answers.items() if value is not None},
        "score": score.as_dict(),
    }
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return target


def load_results(path: str | Path = RESULTS_FILE) -> dict[str, Any]:
    """Saved stages ({} if there is no file or it is unreadable: the quiz must still start)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_score(stage: str, path: str | Path = RESULTS_FILE) -> QuizScore | None:
    """The stored score of one stage, or None if that stage has not been saved (or is broken)."""
    try:
        raw = load_results(path)[stage]["score"]
        return QuizScore(int(raw["hits"]), int(raw["misses"]), int(raw["false_alarms"]),
                         int(raw["correct_rejections"]))
    except (KeyError, TypeError, ValueError):
        return None
