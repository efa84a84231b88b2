"""The rewrite challenge: write the slanted version of a neutral report, or neutralise one.

Active inoculation, as in the prebunking games *Bad News* and *Go Viral*: a learner who has
written a slanted text with a technique spots it faster in someone else's. Two directions:

* ``"slant"``: the learner rewrites a neutral report using named techniques (usually two).
  :func:`score_rewrite` says which of them the tool detects in the rewrite (with the evidence),
  which it does not (with the catalogue's cues as a hint, and the plain fact that the tool
  misses things, so the learner may well be right), and which other techniques turned up.
  Only findings that are *new* in the rewrite count: a phrase the original already had is not
  the learner's work. Quotes in the rewrite are traced back to the original, so clipping the
  original's quote is caught by the quote checks. Slant targets are framing and quoting
  techniques only: the course never has learners practise dehumanizing language.
* ``"neutralise"``: the learner rewrites a slanted paragraph; the result lists the findings
  that remain, the ones removed and any the rewrite added.

Both directions check that the facts survived: the numbers and names of the original (a
slanted version may change every adjective, but not the 2,400 passengers or Minister Holt),
figures the rewrite adds, and how many of the original's content words it kept (words as
``checks.answers`` reads them, so the whole course has one notion of a word).

A finding counts as the same in two texts when its technique and its words are the same.
Every finding is used, weak cues included (each says so): a learner who wrote 'crippling' on
purpose should hear that the tool saw it, even if the cue is often wrong on real text.

Bad input (not a string, empty, unchanged, longer than :data:`MAX_REWRITE_CHARS`, an unknown
technique) gives a result whose ``problem`` says what to do; :func:`score_rewrite` does not
raise for it.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from propaganda_lab.analysis import analyze
from propaganda_lab.checks.answers import (
    FUNCTION_WORDS,
    identifier,
    is_content_word,
    normalise,
    word_spans,
    words,
)
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import Finding
from propaganda_lab.techniques import get_technique, technique_ids

__all__ = [
    "CHALLENGES_FILE",
    "CONTENT_SHARE_WARNING",
    "DIRECTIONS",
    "MAX_REWRITE_CHARS",
    "Challenge",
    "FactCheck",
    "RewriteResult",
    "TargetHit",
    "TargetMiss",
    "check_facts",
    "get_challenge",
    "rewrite_challenges",
    "score_rewrite",
]

Direction = Literal["slant", "neutralise"]
DIRECTIONS: tuple[str, ...] = ("slant", "neutralise")
#: Longest rewrite scored: a paragraph or three, which is what the challenge asks for.
MAX_REWRITE_CHARS = 5_000
#: Below this share of the original's content words kept, the result warns that the rewrite
#: may be telling a different story (a slant changes words, not the whole report).
CONTENT_SHARE_WARNING = 0.5
CHALLENGES_FILE = "data/rewrite_challenges.json"
#: Why the tool can miss a technique the learner did use; shown with every miss.
HONEST_MISS = (
    "The tool only looks for a few surface cues, and misses many real uses of every technique. "
    "If you are sure your rewrite uses it, you may well be right: point to the words and "
    "explain them to a classmate or your teacher."
)
#: Number words a rewrite may change ('two' -> 'dozens'); 'one' is left out (too often a
#: pronoun). Digits are found by :data:`_NUMBER`.
_NUMBER_WORD_LIST = """
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
hundreds thousand thousands million millions billion billions dozen dozens half
first second third fourth fifth
"""
_NUMBER_WORDS = frozenset(_NUMBER_WORD_LIST.split())
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: What may stand before a sentence-initial word (whose capital says nothing about a name).
_SENTENCE_END = frozenset(".!?:;\"“”'‘’([")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class TargetHit:
    """A target technique the tool found in the rewrite, with the findings that show it."""

    technique: str
    name: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class TargetMiss:
    """A target technique the tool did not find: the catalogue's cues as a hint, and why the
    tool may simply have missed it (``note``)."""

    technique: str
    name: str
    cues: tuple[str, ...]
    note: str
    #: Findings of this technique the original already had (not counted as the learner's).
    in_original: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class FactCheck:
    """Whether the facts of the original survived the rewrite.

    ``kept`` and ``dropped`` are the original's numbers and names (as written there);
    ``added_numbers`` are figures in the rewrite that the original does not give;
    ``content_kept`` is the share of the original's distinct content words still present.
    """

    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    added_numbers: tuple[str, ...]
    content_kept: float

    @property
    def survived(self) -> bool:
        """Every number and name of the original is still there, and no figure was added."""
        return not self.dropped and not self.added_numbers

    def lines(self) -> list[str]:
        """The fact check as sentences for the learner."""
        lines = []
        if self.dropped:
            lines.append("Facts dropped: " + ", ".join(self.dropped) + ". A slanted text "
                         "changes how the facts are told; a rewrite that loses them tells "
                         "another story.")
        if self.added_numbers:
            lines.append("Figures the original does not give: " + ", ".join(self.added_numbers)
                         + ". Inventing numbers is not framing, it is making things up.")
        if self.kept and not self.dropped:
            lines.append(f"All {len(self.kept)} numbers and names of the original are still "
                         "there.")
        if self.content_kept < CONTENT_SHARE_WARNING:
            lines.append(f"Only {self.content_kept:.0%} of the original's content words are "
                         "left: check that the rewrite still reports the same events.")
        return lines


@dataclass(frozen=True)
class RewriteResult:
    """What :func:`score_rewrite` found. ``problem`` is non-empty when the rewrite could not be
    scored (then only ``direction``, ``targets`` and ``problem`` mean anything).

    slant: ``detected`` and ``missed`` split the targets; ``other`` lists the new findings of
    other techniques. neutralise: ``remaining`` are the original's findings still in the
    rewrite, ``removed`` the ones gone, ``added`` the new ones. Both: ``facts``, and
    ``findings`` (every finding in the rewrite, whose offsets index ``rewrite``).
    """

    direction: str
    targets: tuple[str, ...]
    rewrite: str = ""
    problem: str = ""
    detected: tuple[TargetHit, ...] = ()
    missed: tuple[TargetMiss, ...] = ()
    other: tuple[Finding, ...] = ()
    remaining: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()
    added: tuple[Finding, ...] = ()
    facts: FactCheck | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """The rewrite was scored (no input problem)."""
        return not self.problem

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        """Findings the rewrite has and the original did not (what the learner's words did)."""
        if self.direction == "neutralise":
            return self.added
        return tuple(sorted((*(f for hit in self.detected for f in hit.findings), *self.other),
                            key=lambda f: (f.start, f.end, f.technique)))

    @property
    def targets_left(self) -> tuple[str, ...]:
        """neutralise: the target techniques the tool still finds (all remaining techniques
        when no target was named)."""
        left = dict.fromkeys(f.technique for f in (*self.remaining, *self.added))
        return tuple(t for t in left if not self.targets or t in self.targets)

    @property
    def success(self) -> bool:
        """slant: every target detected; neutralise: nothing of the original left and nothing
        added. In both, the facts survived."""
        if not self.ok or self.facts is None or not self.facts.survived:
            return False
        if self.direction == "slant":
            return not self.missed
        return not self.remaining and not self.added

    def lines(self) -> list[str]:
        """The result as plain sentences (a widget escapes and masks them)."""
        if self.problem:
            return [self.problem]
        lines: list[str] = []
        if self.direction == "slant":
            for hit in self.detected:
                lines.append(f"Found {hit.name}: " + _quoted(hit.findings) + ".")
            for miss in self.missed:
                lines.append(f"Not found: {miss.name}. Look for: {'; '.join(miss.cues[:3])}. "
                             f"{miss.note}")
            if self.other:
                lines.append("Also in your rewrite: " + _by_technique(self.other) + ".")
        else:
            if self.remaining:
                lines.append("Still there: " + _by_technique(self.remaining) + ".")
            if self.removed:
                lines.append("Removed: " + _by_technique(self.removed) + ".")
            if self.added:
                lines.append("New in your rewrite: " + _by_technique(self.added) + ".")
            if not self.remaining and not self.added:
                lines.append("The tool finds none of the original's techniques in your rewrite. "
                             "It misses things, so read it once more as a sceptical reader "
                             "would.")
        if self.facts is not None:
            lines.extend(self.facts.lines())
        return lines


def _quoted(findings: Iterable[Finding]) -> str:
    texts = list(dict.fromkeys(f"'{f.text}'" + (" (weak cue)" if f.weak else "")
                               for f in findings))
    return ", ".join(texts)


def _by_technique(findings: Iterable[Finding]) -> str:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.technique, []).append(finding)
    return "; ".join(f"{get_technique(technique).name} ({_quoted(items)})"
                     for technique, items in groups.items())


# --------------------------------------------------------------------------- the facts


def _numbers(text: str) -> list[str]:
    found = _NUMBER.findall(text)
    found += [w for w in words(text) if w in _NUMBER_WORDS]
    return list(dict.fromkeys(found))


def _names(text: str) -> list[str]:
    """Capitalised content words that do not start a sentence (or a quotation), as written."""
    names: dict[str, str] = {}
    for word, start, end in word_spans(text):
        written = text[start:end]
        if not written[:1].isupper() or word in FUNCTION_WORDS or not any(c.isalpha()
                                                                           for c in word):
            continue
        before = start - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if before < 0 or text[before] in _SENTENCE_END:
            continue
        names.setdefault(word, written)
    return list(names.values())


def check_facts(original: str, rewrite: str,
                flagged: Iterable[tuple[int, int]] = ()) -> FactCheck:
    """Which numbers and names of ``original`` survive in ``rewrite`` (as whole words), which
    figures ``rewrite`` adds, and the share of ``original``'s content words it keeps.

    Words inside the ``flagged`` ``(start, end)`` ranges of ``original`` (its findings) are
    left out of that share: neutralising a slanted text is meant to drop them.
    """
    rewrite_words = set(words(rewrite))
    rewrite_words |= {w[:-2] for w in rewrite_words if w.endswith("'s")}  # Holt's -> holt
    rewrite_numbers = set(_numbers(rewrite))
    kept: list[str] = []
    dropped: list[str] = []
    for number in _numbers(original):
        (kept if number in rewrite_numbers else dropped).append(number)
    for name in _names(original):
        (kept if normalise(name) in rewrite_words else dropped).append(name)
    original_numbers = set(_numbers(original))
    added = [n for n in _numbers(rewrite) if n not in original_numbers]
    ranges = list(flagged)
    vocabulary = {word for word, start, end in word_spans(original) if is_content_word(word)
                  and not any(a <= start and end <= b for a, b in ranges)}
    share = len(vocabulary & rewrite_words) / len(vocabulary) if vocabulary else 1.0
    return FactCheck(tuple(kept), tuple(dropped), tuple(added), round(share, 3))


# --------------------------------------------------------------------------- scoring


def _key(finding: Finding) -> tuple[str, tuple[str, ...]]:
    return finding.technique, words(finding.text)


def _split(findings: Sequence[Finding], before: Sequence[Finding]) -> tuple[list[Finding],
                                                                            list[Finding]]:
    """(findings also in ``before``, findings new), matched one to one by technique and words."""
    available = Counter(_key(f) for f in before)
    old, new = [], []
    for finding in findings:
        if available[_key(finding)] > 0:
            available[_key(finding)] -= 1
            old.append(finding)
        else:
            new.append(finding)
    return old, new


@functools.lru_cache(maxsize=32)
def _findings_of(text: str, source: str | None = None) -> tuple[Finding, ...]:
    return analyze(text, source=source).findings


def _clean_targets(targets: Any, direction: str) -> tuple[tuple[str, ...], str]:
    """(technique ids, problem): names and spellings are forgiven ('Loaded language')."""
    if targets is None:
        targets = ()
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, Iterable):
        return (), (f"The techniques must be a list of technique ids, not "
                    f"{type(targets).__name__}.")
    known = technique_ids()
    by_name = {identifier(get_technique(t).name): t for t in known}
    cleaned: list[str] = []
    for target in targets:
        if not isinstance(target, str):
            return (), f"A technique id must be text, not {type(target).__name__}."
        technique = identifier(target)
        technique = by_name.get(technique, technique)
        if technique not in known:
            close = difflib.get_close_matches(technique, sorted(known), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            return (), (f"'{target[:40]}' is not a technique in the catalogue.{hint} "
                        "propaganda_lab.techniques.technique_ids() lists them all.")
        if direction == "slant" and get_technique(technique).lens == "dehumanization":
            return (), (f"{get_technique(technique).name} is a dehumanizing technique. Slant "
                        "challenges use framing and quoting techniques only: the course never "
                        "asks you to write dehumanizing language. Choose another technique.")
        if technique not in cleaned:
            cleaned.append(technique)
    if direction == "slant" and not cleaned:
        return (), "Name at least one technique to slant the report with (usually two)."
    return tuple(cleaned), ""


def _input_problem(original: Any, rewrite: Any) -> str:
    if not isinstance(original, str) or not original.strip():
        return "The original text is missing: choose a challenge first."
    if len(original) > MAX_REWRITE_CHARS:
        return (f"The original text has {len(original):,} characters; the challenge works on "
                f"texts of up to {MAX_REWRITE_CHARS:,}. Choose a shorter passage.")
    if rewrite is None:
        return "There is no rewrite yet: write your version in the box first."
    if not isinstance(rewrite, str):
        return f"The rewrite must be text, not {type(rewrite).__name__}."
    if not rewrite.strip() or not words(rewrite):
        return "Your rewrite is empty: write your version of the text first."
    if len(rewrite) > MAX_REWRITE_CHARS:
        return (f"Your rewrite has {len(rewrite):,} characters; the challenge scores up to "
                f"{MAX_REWRITE_CHARS:,}. Keep it about as long as the original.")
    if words(rewrite) == words(original):
        return "Your rewrite is the same as the original: change the text before checking it."
    return ""


def score_rewrite(original: str, rewrite: str, targets: Sequence[str],
                  direction: Direction) -> RewriteResult:
    """Score a learner's rewrite of ``original`` (see the module docstring).

    ``targets``: slant, the technique ids the learner meant to use (required); neutralise,
    the techniques to remove (may be empty: then every finding of the original counts).
    Technique names are accepted too ('Loaded language'). Never raises for bad input: the
    result's ``problem`` says what is wrong.
    """
    if direction == "neutralize":  # type: ignore[comparison-overlap]
        direction = "neutralise"
    if direction not in DIRECTIONS:
        return RewriteResult(str(direction)[:40], (), problem=(
            f"Unknown direction {str(direction)[:40]!r}: choose 'slant' (make a neutral text "
            "slanted) or 'neutralise' (make a slanted text neutral)."))
    cleaned, problem = _clean_targets(targets, direction)
    problem = problem or _input_problem(original, rewrite)
    if problem:
        return RewriteResult(direction, cleaned, problem=problem)
    try:
        before = _findings_of(original)
        after = _findings_of(rewrite, original if direction == "slant" else None)
    except ValueError as error:  # a broken character, say: the parser's message says which
        return RewriteResult(direction, cleaned, problem=f"This text cannot be analysed: {error}")
    facts = check_facts(original, rewrite, [(f.start, f.end) for f in before])
    if direction == "slant":
        return _slant_result(rewrite, cleaned, before, after, facts)
    old, new = _split(after, before)
    _, removed = _split(before, after)
    return RewriteResult(direction, cleaned, rewrite, remaining=tuple(old),
                         removed=tuple(removed), added=tuple(new), facts=facts,
                         findings=tuple(after))


def _slant_result(rewrite: str, targets: tuple[str, ...], before: Sequence[Finding],
                  after: Sequence[Finding], facts: FactCheck) -> RewriteResult:
    old, new = _split(after, before)
    detected, missed = [], []
    for technique in targets:
        entry = get_technique(technique)
        hits = tuple(f for f in new if f.technique == technique)
        if hits:
            detected.append(TargetHit(technique, entry.name, hits))
            continue
        note = HONEST_MISS
        if entry.not_detected:
            note = (f"The tool has no detector for {entry.name}, so it cannot confirm it: "
                    f"{entry.not_detected} Ask a classmate to find it in your rewrite instead.")
        earlier = tuple(f for f in old if f.technique == technique)
        if earlier:
            note = ("The tool finds it only where the original already had it (" +
                    _quoted(earlier) + "), so that is not your work. " + note)
        missed.append(TargetMiss(technique, entry.name, entry.cues, note, earlier))
    other = tuple(f for f in new if f.technique not in targets)
    return RewriteResult("slant", targets, rewrite, detected=tuple(detected),
                         missed=tuple(missed), other=other, facts=facts, findings=tuple(after))


# --------------------------------------------------------------------------- challenges


@dataclass(frozen=True)
class Challenge:
    """One rewrite challenge from ``data/rewrite_challenges.json``."""

    id: str
    direction: str
    title: str
    task: str
    text: str
    #: slant: suggested technique pairs; neutralise: ().
    target_pairs: tuple[tuple[str, ...], ...] = ()
    #: neutralise: the techniques to remove; slant: ().
    techniques: tuple[str, ...] = ()
    note: str = ""


def _check_challenges(data: Any) -> Iterator[tuple[list[Any], str]]:
    """Rules the schema cannot state: unique ids, catalogue ids, no dehumanizing slant."""
    known = technique_ids()
    seen: set[str] = set()
    for index, entry in enumerate(data["challenges"]):
        if entry["id"] in seen:
            yield ["challenges", index, "id"], f"the id {entry['id']!r} is used twice"
        seen.add(entry["id"])
        places = [(["target_pairs", p, t], technique)
                  for p, pair in enumerate(entry.get("target_pairs", []))
                  for t, technique in enumerate(pair)]
        places += [(["techniques", t], technique)
                   for t, technique in enumerate(entry.get("techniques", []))]
        for path, technique in places:
            if technique not in known:
                close = difflib.get_close_matches(technique, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                yield ["challenges", index, *path], f"unknown technique id {technique!r}{hint}"
            elif path[0] == "target_pairs" and get_technique(technique).lens == "dehumanization":
                yield (["challenges", index, *path],
                       f"{technique!r} is a dehumanizing technique: slant challenges use "
                       "framing and quoting techniques only")


@functools.lru_cache(maxsize=1)
def _challenges() -> tuple[Challenge, ...]:
    data = load_json(CHALLENGES_FILE, "rewrite_challenges.schema.json",
                     check=_check_challenges)
    return tuple(
        Challenge(entry["id"], entry["direction"], entry["title"], entry["task"], entry["text"],
                  tuple(tuple(pair) for pair in entry.get("target_pairs", [])),
                  tuple(entry.get("techniques", [])), entry.get("note", ""))
        for entry in data["challenges"]
    )


def rewrite_challenges(direction: str | None = None) -> list[Challenge]:
    """The packaged challenges in file order, or those of one direction."""
    return [c for c in _challenges() if direction is None or c.direction == direction]


def get_challenge(challenge_id: str) -> Challenge:
    """One challenge by id; an unknown id is a ValueError naming the ones there are."""
    for challenge in _challenges():
        if challenge.id == challenge_id:
            return challenge
    ids = ", ".join(c.id for c in _challenges())
    raise ValueError(f"No rewrite challenge {challenge_id!r}; there are: {ids}.")
