"""Loaded language: emotive, labeling and intensifying words, with a plainer alternative.

Matching is on lower-cased surface forms and their regular (and a few irregular) inflections
("slap", "slapped", "slapping"), so the lexicon lists each word once. A match is dropped when the
parse shows it is negated ("they were not thugs") or a word in the same sentence shows a literal
use ("the storm flooded the river" is weather, not a crowd).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from propaganda_lab.context import DocContext, per_vocab, tokenizer_for, tokens_of
from propaganda_lab.findings import Finding, finding_at
from propaganda_lab.lenses.framing._lexicons import LoadedTerm, loaded_terms
from propaganda_lab.nlp import load_nlp, to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

#: Categories whose words are themselves negations or quantities: never drop them as negated.
_NO_NEGATION_CHECK = {"absolute", "minimiser"}
_NEGATORS = {"not", "n't", "never", "no"}
_IRREGULAR = {
    "hold": ("held",), "tear": ("tore", "torn"), "lose": ("lost",), "stick": ("stuck",),
    "freeze": ("froze", "frozen"), "make": ("made",), "let": ("lets", "letting"),
    "spin": ("spun",), "cry": ("cries", "cried"), "slay": ("slew", "slain"),
}


def inflections(word: str) -> set[str]:
    """Regular English inflections of a word, so the lexicon can list lemmas only."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and (
        word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing", word + word[-1] + "er"}
    forms |= set(_IRREGULAR.get(word, ()))
    return forms


def term_variants(words: list[str]) -> set[str]:
    """Surface forms of a lexicon term: the first word inflected ("whipped up") or the last
    ("fat cats"), other words as written."""
    variants = {" ".join(words)}
    if words and words[0].isalpha():
        variants |= {" ".join([form, *words[1:]]) for form in inflections(words[0])}
    if len(words) > 1 and words[-1].isalpha():
        variants |= {" ".join([*words[:-1], form]) for form in inflections(words[-1])}
    return variants


@per_vocab
def _lexicon_matcher(vocab: Vocab) -> tuple[PhraseMatcher, dict[str, LoadedTerm]]:
    """One PhraseMatcher (hash lookups on lower-case forms) for the whole lexicon, built once
    per vocab; fast enough for live re-analysis while a learner types."""
    nlp = tokenizer_for(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    by_key: dict[str, LoadedTerm] = {}
    for entry in loaded_terms():
        words = [token.lower_ for token in nlp.make_doc(entry.term)]
        forms = term_variants(words)
        key = f"loaded:{entry.term}"
        matcher.add(key, [nlp.make_doc(form) for form in sorted(forms)])
        by_key[key] = entry
    return matcher, by_key


def _is_negated(span: Span) -> bool:
    """True when the parse shows the term is denied: "not thugs", "no riot", "did not slam"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _NEGATORS:
        return True
    root = span.root
    if any(child.dep_ == "neg" for token in span for child in token.children):
        return True
    if any(child.dep_ == "det" and child.lower_ == "no" for child in root.children):
        return True
    return root.dep_ in {"attr", "acomp", "dobj", "oprd", "xcomp"} and any(
        child.dep_ == "neg" for child in root.head.children
    )


def _is_literal(span: Span, entry: LoadedTerm) -> str | None:
    """The sentence word that shows a literal use ("storm" next to "rain"), if any."""
    if not entry.literal_context:
        return None
    for token in span.sent:
        if token.i in range(span.start, span.end):
            continue
        if token.lemma_.lower() in entry.literal_context or token.lower_ in entry.literal_context:
            return token.text
    return None


_FIRST_PERSON = {"i", "we", "me", "us"}


def _not_overgeneralising(span: Span, entry: LoadedTerm) -> bool:
    """An absolute that is a claim about oneself or a plain report, not a sweeping one.

    'I have never met him' and 'we will never again ...' are a speaker's own account; 'no one
    was injured' is a count of casualties. Absolutes overgeneralise when they sweep over other
    people or over outcomes ('they always lie', 'nothing will ever change'), so those stay.
    """
    if entry.category != "absolute":
        return False
    root = span.root
    verb = root.head if root.dep_ in {"advmod", "npadvmod", "neg", "det", "nsubj",
                                       "nsubjpass", "dobj"} else root
    if any(child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in _FIRST_PERSON
           for child in verb.children):
        return True
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if span.text.lower() == "never" and following is not None and following.lower_ == "again":
        return True
    casualty = {"injure", "hurt", "kill", "harm", "wound", "arrest", "charge", "evacuate"}
    return root.dep_ in {"nsubj", "nsubjpass"} and verb.lemma_.lower() in casualty


def _wrong_part_of_speech(span: Span, entry: LoadedTerm) -> bool:
    """A one-word label is a noun ("the illegals"); as an adjective ("illegal parking") it
    describes an act, not a group of people. An entry with ``pos`` is loaded only in those
    parts of speech ("gut the budget", not "trust your gut")."""
    head = span.root if len(span) > 1 else span[0]
    if entry.pos and head.pos_ not in entry.pos:
        return True
    return entry.category == "labeling" and len(span) == 1 and span[0].pos_ == "ADJ"


_IRREGULAR_PAST = {"give": "gave", "take": "took", "break": "broke", "do": "did", "set": "set",
                   "cut": "cut", "put": "put", "make": "made", "hold": "held", "say": "said"}
_IRREGULAR_PARTICIPLE = {"give": "given", "take": "taken", "break": "broken", "do": "done"}


def _inflect(word: str, tag: str) -> str:
    """Put a neutral lemma in the matched word's form ("protester" + NNS -> "protesters")."""
    if tag == "NNS" and word == "person":
        return "people"
    if tag == "NNS" and not word.endswith("s"):
        return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else (
            word + "es" if word.endswith(("sh", "ch", "x")) else word + "s")
    if tag in {"VBD", "VBN"}:
        irregular = _IRREGULAR_PARTICIPLE if tag == "VBN" else {}
        if word in irregular or word in _IRREGULAR_PAST:
            return irregular.get(word, _IRREGULAR_PAST.get(word, word))
        if word.endswith("e"):
            return word + "d"
        if word.endswith("y") and word[-2:-1] not in "aeiou":
            return word[:-1] + "ied"
        return _doubled(word) + "ed"
    if tag == "VBZ":
        if word.endswith("y") and word[-2:-1] not in "aeiou":
            return word[:-1] + "ies"
        return word + "es" if word.endswith(("sh", "ch", "x", "s")) else word + "s"
    if tag == "VBG":
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith("ee"):
            return word[:-1] + "ing"
        return _doubled(word) + "ing"
    return word


def _doubled(word: str) -> str:
    """'stop' -> 'stopp' (before -ed/-ing): a short consonant-vowel-consonant verb."""
    return word + word[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", word) else word


@functools.lru_cache(maxsize=4096)
def _phrase_tags(phrase: str, as_verb: bool) -> tuple[str, ...]:
    """Fine-grained tags of a neutral alternative's words, read by our own tagger in a frame
    that asks for a verb ('They want to ...') or a noun ('I saw the ...'), once per phrase.
    Only a base-form word is inflected, so 'working together' never becomes 'workinging
    together', 'something' never 'somethinging' and 'give in' never 'give ins'."""
    prefix = "They want to " if as_verb else "I saw the "
    doc = load_nlp()(prefix + phrase + ".")
    skip = len(prefix.split())
    return tuple(token.tag_ for token in tokens_of(doc) if not token.is_space)[skip:-1]


def neutral_for(span: Span, entry: LoadedTerm) -> str | None:
    """The lexicon's neutral alternative in the matched form and capitalisation.

    The alternative is put in the matched word's form only where its own word has the base
    form of the same part of speech (a singular noun for a plural, a base verb for a verb);
    otherwise it is offered as written, which reads better than a wrong inflection.
    """
    if not entry.neutral:
        return None
    words = entry.neutral.split()
    head = span.root if len(span) > 1 else span[0]
    as_verb = head.tag_ not in {"NNS", "NNPS"} and (
        head.pos_ in {"VERB", "AUX"} or head.tag_.startswith("VB"))
    tags = _phrase_tags(entry.neutral, as_verb)
    if len(tags) != len(words):  # the tagger split a word ("don't"): inflect nothing
        tags = ("",) * len(words)
    if head.tag_ in {"NNS", "NNPS"}:
        if tags[-1] == "NN":
            words[-1] = _inflect(words[-1], "NNS")
    elif as_verb and tags[0] == "VB":
        words[0] = _inflect(words[0], head.tag_)
    neutral = " ".join(words)
    if span.text[:1].isupper():
        neutral = neutral[:1].upper() + neutral[1:]
    return neutral


def neutral_rewrite(text: str, findings: list[Finding], choices: dict[int, str] | None = None
                    ) -> str:
    """``text`` with loaded terms replaced: ``choices`` maps a finding's start offset to the
    learner's replacement; without it every finding that has a neutral alternative is swapped.
    Findings must come from this same text; overlapping ones after the first are skipped."""
    replacements: list[tuple[int, int, str]] = []
    for finding in sorted(findings, key=lambda f: f.start):
        new = (choices or {}).get(finding.start) if choices is not None else finding.neutral
        if new is None or text[finding.start:finding.end] != finding.text:
            continue
        if replacements and finding.start < replacements[-1][1]:
            continue
        replacements.append((finding.start, finding.end, new))
    for start, end, new in reversed(replacements):
        text = text[:start] + new + text[end:]
    return text


def _evidence(span: Span, entry: LoadedTerm, neutral: str | None) -> str:
    reason = entry.reason
    plainer = f" A plainer choice: '{neutral}'." if neutral else ""
    return (
        f"'{span.text}' matches the lexicon entry '{entry.term}' ({entry.category}): "
        f"{reason}.{plainer}"
    )


def lexicon_rule(entry: LoadedTerm) -> str:
    """Rule id of a lexicon entry: technique and category (``loaded_language.lexicon_violence``)."""
    return f"{entry.technique}.lexicon_{entry.category}"


def _lexicon_rules() -> dict[str, str]:
    return {lexicon_rule(entry): f"Lexicon word ({entry.category}): "
            f"{entry.reason}."
            for entry in loaded_terms()}


@detector("framing.loaded_language",
          techniques=lambda: {entry.technique for entry in loaded_terms()},
          rules=_lexicon_rules)
def _loaded_language_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Loaded words and phrases from the lexicon, minus negated and literal uses (once per Doc:
    the repetition detector asks for them too)."""
    return loaded_findings(context)


def loaded_findings(context: DocContext) -> list[Finding]:
    """The lexicon's raw findings on one Doc, computed once per Doc."""
    return list(context.memo("framing.loaded_language",
                             lambda: tuple(_loaded_findings(context))))


def _loaded_findings(context: DocContext) -> list[Finding]:
    doc = context.doc
    matcher, by_key = _lexicon_matcher(doc.vocab)
    spans = matcher(doc, as_spans=True)
    findings = []
    text = context.text
    for span in filter_spans(spans):
        entry = by_key[doc.vocab.strings[span.label]]
        if (_wrong_part_of_speech(span, entry) or _is_literal(span, entry)
                or _not_overgeneralising(span, entry)):
            continue
        if entry.category not in _NO_NEGATION_CHECK and _is_negated(span):
            continue
        neutral = neutral_for(span, entry)
        findings.append(
            finding_at(
                text, span.start_char, span.end_char, entry.technique,
                _evidence(span, entry, neutral), neutral=neutral, category=entry.category,
                rule=lexicon_rule(entry),
            )
        )
    return findings


def literal_or_negated(text_or_doc: str | Doc) -> list[tuple[str, str]]:
    """Lexicon matches that were NOT flagged, and why: for teaching the limits of a lexicon."""
    doc = to_doc(text_or_doc)
    matcher, by_key = _lexicon_matcher(doc.vocab)
    skipped = []
    for span in filter_spans(matcher(doc, as_spans=True)):
        entry = by_key[doc.vocab.strings[span.label]]
        literal = _is_literal(span, entry)
        if literal:
            skipped.append((span.text, f"literal use: '{literal}' in the same sentence"))
        elif entry.category not in _NO_NEGATION_CHECK and _is_negated(span):
            skipped.append((span.text, "negated in the parse"))
        elif _wrong_part_of_speech(span, entry):
            skipped.append((span.text, "used as an adjective, not as a label for people"))
    return skipped
