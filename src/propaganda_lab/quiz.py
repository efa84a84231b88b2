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

import math
import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

from propaganda_lab.datafiles import DataFileError, check_data, field_path, parse_json, read_source
from propaganda_lab.learner_files import read_learner_file, update_learner_file
from propaganda_lab.techniques import technique_ids

STAGES = ("pre", "post")
#: The form each stage uses when no learner seed is given; with a seed, :func:`assign_forms`
#: counterbalances. Either way the post-test does not repeat items already explained.
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
    #: 1 blatant, 2 needs a careful read, 3 subtle (or a fair text that looks suspicious).
    subtlety: int = 1


def _quiz_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    """Unique item ids and known technique ids (the schema checks the rest)."""
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
                          tuple(raw["techniques"]), raw["explanation"], raw["subtlety"])
                 for raw in data["items"])


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


def assign_forms(seed: int) -> dict[str, str]:
    """Counterbalancing: half of all learners take form A first, the other half form B first,
    so a difference between the forms cannot pass for learning."""
    first, second = ("A", "B") if seed % 2 == 0 else ("B", "A")
    return {"pre": first, "post": second}


def new_seed() -> int:
    """A learner's random seed (stored in the results file so a re-run keeps the same quiz)."""
    return random.SystemRandom().randrange(2**31)


def items_for_stage(stage: str, form: str | None = None,
                    seed: int | None = None) -> tuple[QuizItem, ...]:
    """The items a learner answers before ('pre') or after ('post') the course.

    ``form`` defaults to the stage's form for ``seed`` (:func:`assign_forms`), or to
    :data:`STAGE_FORM` without a seed; with a seed the order is shuffled, reproducibly.
    """
    if stage not in STAGE_FORM:
        raise ValueError(f"Unknown quiz stage {stage!r}: use 'pre' or 'post'.")
    if form is None:
        form = assign_forms(seed)[stage] if seed is not None else STAGE_FORM[stage]
    items = list(quiz_items(form))
    if seed is not None:
        random.Random(f"{seed}:{stage}").shuffle(items)
    return tuple(items)


def items_in_order(form: str, order: Iterable[str]) -> tuple[QuizItem, ...]:
    """A form's items in a saved order; items added to the pool since then come last."""
    by_id = {item.id: item for item in quiz_items(form)}
    ordered = [by_id.pop(item_id) for item_id in order if item_id in by_id]
    return tuple(ordered + list(by_id.values()))


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

    def _variances(self) -> tuple[float, float]:
        """Sampling variance of z(H) and of z(F) (Gourevitch & Galanter, 1967; corrected rates)."""
        out = []
        for count, total in ((self.hits, self.manipulative_items),
                             (self.false_alarms, self.fair_items)):
            rate = corrected_rate(count, total)
            density = NormalDist().pdf(_z(rate))
            out.append(rate * (1 - rate) / ((total + 1) * density**2))
        return out[0], out[1]

    @property
    def d_prime_se(self) -> float:
        """Standard error of d' (how far it could move if you took a parallel quiz)."""
        return math.sqrt(sum(self._variances()))

    @property
    def criterion_se(self) -> float:
        return self.d_prime_se / 2

    def d_prime_interval(self, z: float = 1.96) -> tuple[float, float]:
        """About 95% likely range of the learner's true d' (normal approximation)."""
        return self.d_prime - z * self.d_prime_se, self.d_prime + z * self.d_prime_se

    def explain(self) -> list[str]:
        """What the numbers mean, in plain language, one sentence per line."""
        return [
            f"Hits: you called {self.hits} of {self.manipulative_items} manipulative passages "
            f"manipulative (hit rate {self.hit_rate:.0%}).",
            f"False alarms: you called {self.false_alarms} of {self.fair_items} fair passages "
            f"manipulative (false-alarm rate {self.false_alarm_rate:.0%}).",
            f"Discrimination d' = {self.d_prime:.2f}: {_d_prime_meaning(self.d_prime)}",
            f"Lean c = {_signed(self.criterion)}: {_criterion_meaning(self.criterion)}",
            _uncertainty(self),
            "A high hit rate alone is not the goal: calling everything manipulative catches "
            "every manipulation and also condemns every fair report. d' rises only when you "
            "catch more manipulation without raising more false alarms.",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hit_rate": self.hit_rate,
                "false_alarm_rate": self.false_alarm_rate,
                "d_prime": round(self.d_prime, 4), "criterion": round(self.criterion, 4),
                "d_prime_se": round(self.d_prime_se, 4)}


def _uncertainty(score: QuizScore) -> str:
    low, high = score.d_prime_interval()
    c_low, c_high = score.criterion - 1.96 * score.criterion_se, \
        score.criterion + 1.96 * score.criterion_se
    n = score.manipulative_items + score.fair_items
    return (f"How sure is this? With {n} passages, your true d' is probably (95%) between "
            f"{low:.1f} and {high:.1f}, and c between {c_low:+.1f} and {c_high:+.1f}; a few "
            "answers the other way would move them. Read small changes as noise.")


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
    spread = 1.96 * math.hypot(pre.d_prime_se, post.d_prime_se)
    lines.append(f"The change in d' is probably (95%) between {change - spread:+.1f} and "
                 f"{change + spread:+.1f}" + (": clearly above zero." if change - spread > 0
                                             else "; zero is inside that range, so one quiz "
                                             "cannot be sure the change is real."))
    if change >= 0.3 and change - spread > 0:
        lines.append("You tell manipulative and fair passages apart better than before.")
    elif change >= 0.3:
        lines.append("You may tell manipulative and fair passages apart better than before, "
                     "but with this few passages a rise this size also happens by chance "
                     "(about one time in three in our simulation).")
    elif more_suspicious:
        lines.append("Your discrimination hardly changed but you became more suspicious: more "
                     "hits came with more false alarms. That is the pattern research warns about.")
    else:
        lines.append("Your discrimination hardly changed. Re-read the explanations of the items "
                     "you missed and the fair passages you flagged.")
    if change >= 0.3 and more_suspicious:
        lines.append("You also lean more towards 'manipulative' now; watch your false alarms.")
    return lines


RESULTS_VERSION = 2


def _validate_results(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """The usable part of a results file, and a note per skipped piece (never raises)."""
    if not isinstance(raw, dict):
        return None, [f"it holds {type(raw).__name__}, not a set of results"]
    notes: list[str] = []
    clean: dict[str, Any] = {"version": RESULTS_VERSION}
    learner = raw.get("learner")
    if learner is not None:
        seed, forms = (learner.get("seed"), learner.get("forms")) if isinstance(
            learner, dict) else (None, None)
        if isinstance(seed, int) and not isinstance(seed, bool) and isinstance(forms, dict) \
                and sorted(str(forms.get(stage)) for stage in STAGES) == ["A", "B"]:
            clean["learner"] = {"seed": seed, "forms": {s: forms[s] for s in STAGES}}
        else:
            notes.append("Skipped a damaged quiz plan (seed and forms); a new one is drawn.")
    for stage in STAGES:
        if stage not in raw:
            continue
        record = raw[stage]
        if not isinstance(record, dict):
            notes.append(f"Skipped the damaged '{stage}' result ({str(record)[:40]}).")
            continue
        kept: dict[str, Any] = {}
        form = record.get("form", STAGE_FORM[stage])  # version-1 files had fixed forms
        if form not in ("A", "B"):
            notes.append(f"Skipped the '{stage}' result: unknown form {str(form)[:10]!r}.")
            continue
        kept["form"] = form
        order = record.get("order")
        if isinstance(order, list) and all(isinstance(i, str) for i in order):
            kept["order"] = order
        answers = record.get("answers", {})
        if not isinstance(answers, dict):
            notes.append(f"Skipped the damaged answers of the '{stage}' quiz.")
            answers = {}
        bad = [key for key, value in answers.items() if not isinstance(value, bool)]
        if bad:
            notes.append(f"Skipped {len(bad)} damaged answer(s) of the '{stage}' quiz.")
        kept["answers"] = {k: v for k, v in answers.items() if isinstance(v, bool)}
        score = record.get("score")
        if score is not None:
            counts = [score.get(k) for k in _COUNTS] if isinstance(score, dict) else [None]
            if all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c < 10**6
                   for c in counts):
                kept["score"] = QuizScore(*counts).as_dict()  # type: ignore[arg-type]
            else:
                notes.append(f"Skipped the damaged score of the '{stage}' quiz.")
        for key in ("saved", "scored"):
            if isinstance(record.get(key), str):
                kept[key] = record[key]
        clean[stage] = kept
    return clean, notes


_COUNTS = ("hits", "misses", "false_alarms", "correct_rejections")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _check_stage(stage: str) -> None:
    if stage not in STAGES:
        raise ValueError(f"Unknown quiz stage {stage!r}: use 'pre' or 'post'.")


def update_results(path: str | Path, change: Callable[[dict[str, Any]], None]
                   ) -> tuple[dict[str, Any], list[str]]:
    """Apply ``change`` (in place) to the current results and save them safely (see
    :mod:`propaganda_lab.learner_files`); returns (saved results, notes about the old file)."""

    def apply(current: dict[str, Any] | None) -> dict[str, Any]:
        results = current or {"version": RESULTS_VERSION}
        change(results)
        return results

    return update_learner_file(path, _validate_results, apply)


def save_answer(stage: str, item_id: str, value: bool | None, path: str | Path = RESULTS_FILE,
                plan: Mapping[str, Any] | None = None) -> list[str]:
    """Save one answer as it is given (None removes it); ``plan`` is the stage's form and order
    and the learner's seed, stored with the first answer so a re-run shows the same quiz."""
    _check_stage(stage)

    def change(results: dict[str, Any]) -> None:
        _apply_plan(results, stage, plan)
        answers = results[stage].setdefault("answers", {})
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = bool(value)
        results[stage]["saved"] = _now()

    return update_results(path, change)[1]


def _apply_plan(results: dict[str, Any], stage: str, plan: Mapping[str, Any] | None) -> None:
    record = results.setdefault(stage, {})
    if plan:
        results.setdefault("learner", plan["learner"])
        record.setdefault("form", plan["form"])
        record.setdefault("order", list(plan["order"]))
    record.setdefault("form", STAGE_FORM[stage])
    record.setdefault("answers", {})


def save_result(stage: str, answers: Mapping[str, bool | None], score: QuizScore,
                path: str | Path = RESULTS_FILE, plan: Mapping[str, Any] | None = None) -> Path:
    """Store this stage's answers and score (atomic, locked, with backups; the other stage
    and an unreadable earlier file are kept)."""
    _check_stage(stage)

    def change(results: dict[str, Any]) -> None:
        _apply_plan(results, stage, plan)
        results[stage].update(
            saved=_now(), scored=_now(), score=score.as_dict(),
            answers={key: value for key, value in answers.items() if value is not None})

    update_results(path, change)
    return Path(path)


def read_results(path: str | Path = RESULTS_FILE) -> tuple[dict[str, Any], list[str]]:
    """Saved results ({} when there are none) and notes for the learner (damaged file, backup
    used, pieces skipped). Never raises: the quiz must still start."""
    loaded = read_learner_file(path, _validate_results)
    return (loaded.data or {}), loaded.notes


def load_results(path: str | Path = RESULTS_FILE) -> dict[str, Any]:
    """Saved stages ({} if there is no usable file; the newest good backup is used when needed)."""
    return read_results(path)[0]


def saved_score(stage: str, path: str | Path = RESULTS_FILE) -> QuizScore | None:
    """The stored score of one stage, or None if that stage has not been scored (or is broken)."""
    raw = load_results(path).get(stage, {}).get("score")
    return None if raw is None else QuizScore(*(int(raw[key]) for key in _COUNTS))
