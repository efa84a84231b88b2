"""The quoting lens as the rest of the kit sees it: checks for a whole article, catalogue
Findings, and who gets quoted at all."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext
from propaganda_lab.findings import finding_at
from propaganda_lab.lenses.quotes.align import QuoteCheck, check_quote
from propaganda_lab.lenses.quotes.extract import Quote, extract_quotes
from propaganda_lab.lenses.quotes.facts import context_quotes, mock_quotes
from propaganda_lab.lenses.quotes.source import Source, parse_source
from propaganda_lab.nlp import to_doc
from propaganda_lab.options import RunOptions
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from propaganda_lab.findings import Finding

#: Which catalogue technique each flag is evidence of.
FLAG_TECHNIQUES = {
    "clipped": "clipping",
    "spliced": "splicing",
    "dropped_qualifier": "dropped_qualifier",
    "context_reversed": "context_stripping",
    "misattributed": "misattribution",
    "altered": "altered_quote",
    "not_found": "fabricated_quote",
}
UNATTRIBUTED = "(no speaker named)"
_EDGE = " \t\r\n.,;:!?…"

def check_quotes(article: str | Doc, source: str | Doc | Source) -> list[QuoteCheck]:
    """One QuoteCheck per speech quote of the article, traced in one source."""
    parsed = parse_source(source)
    return [check_quote(q, parsed) for q in extract_quotes(to_doc(article)) if q.kind == "speech"]


def _rank(check: QuoteCheck) -> tuple[bool, float, int]:
    return (check.found, check.similarity, -len(check.flags))


def as_source_list(sources: object) -> list:
    """One source (text, Doc or parsed Source) or several, as a list."""
    if isinstance(sources, (str, Source)) or hasattr(sources, "vocab"):
        return [sources]
    return list(sources)  # type: ignore[call-overload]


def trace_quotes(quotes: Iterable[Quote], sources: Sequence[Source]
                 ) -> list[tuple[QuoteCheck, int | None]]:
    """For each speech quote (already extracted): its best check over the parsed sources and
    the index of the source it traces to (None when no source traces it)."""
    results: list[tuple[QuoteCheck, int | None]] = []
    if not sources:
        return results
    for quote in quotes:
        if quote.kind != "speech":
            continue
        ranked = [(check_quote(quote, s), i) for i, s in enumerate(sources)]
        check, index = max(ranked, key=lambda pair: _rank(pair[0]))
        results.append((check, index if check.found else None))
    return results


def traced_checks(article: str | Doc, sources: str | Doc | Source | Iterable[str | Doc | Source]
                  ) -> list[tuple[QuoteCheck, int | None]]:
    """For each speech quote: its best check and the index of the source it traces to
    (None when no source traces it)."""
    parsed = [parse_source(s) for s in as_source_list(sources)]
    return trace_quotes(extract_quotes(to_doc(article)), parsed)


def best_checks(article: str | Doc, sources: str | Doc | Source | Iterable[str | Doc | Source]
                ) -> list[QuoteCheck]:
    """For each speech quote, the check against whichever source it traces to best."""
    return [check for check, _ in traced_checks(article, sources)]


def finding_span(text: str, quote: Quote) -> tuple[int, int]:
    """The quoted words without edge punctuation: what the corpus gold marks."""
    start, end = quote.start, quote.end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end) if end > start else (quote.start, quote.end)


#: A quoted fragment: at most this many words, starting in lower case, inside the author's
#: own sentence. Without the full remarks nobody can tell whether the cut was fair.
FRAGMENT_MAX_WORDS = 8
#: How a text belittles the person it quotes before the reader hears them ("some general,
#: apparently ...", "a supposedly independent expert", "whoever that is"): words in the
#: speaker's description (general knowledge of the move). "One official" is plain reporting;
#: "some official" (singular) is dismissive.
BELITTLING = re.compile(
    r"^some\s+(?:random\s+|anonymous\s+|obscure\s+|minor\s+|lowly\s+)?"
    r"(?:general|official|bureaucrat|expert|professor|academic|scientist|doctor|spokes\w+|"
    r"guy|bloke|woman|man|analyst|activist|functionary|clerk|pundit|journalist|reporter)\b"
    r"|\b(?:so-called|self-styled|self-proclaimed|self-appointed|would-be|wannabe|supposed)\b"
    r"|\b(?:supposedly|purportedly|ostensibly)\b|\bwhoever\s+(?:that|he|she|they)\b"
    r"|\bapparently\s+(?:the|a|an)\b|\bgrand title\b",
    re.IGNORECASE)

#: Rule ids of the quote lens, one per check flag, plus scare quotes.
QUOTE_RULES = {
    "scare_quotes.scare_marks": "A word in quotation marks that quotes nobody: doubt by marks.",
    "clipping.fragment": "Only a fragment of someone's words is quoted, inside the author's "
                         "own sentence, and no source was given: check the full remarks (a "
                         "cue to look, not a verdict of clipping).",
    "scare_quotes.mock_speech": "The quotation mocks instead of reporting: 'quote-unquote' "
                                "before it, an eye-dialect spelling put in someone's mouth, or "
                                "a verb that makes the words an animal's noise ('bleated').",
    "source_derogation.belittled_speaker": "The quoted person is introduced so as to belittle "
                                           "them ('some general, apparently ...', 'a "
                                           "so-called expert') before their words are heard.",
    **{f"{technique}.{flag}": f"The quote, traced in the source given, is {flag.replace('_', ' ')}."
       for flag, technique in FLAG_TECHNIQUES.items()},
}


def findings_from_checks(text: str, quotes: Iterable[Quote],
                         checks: Iterable[QuoteCheck]) -> list[Finding]:
    """Catalogue Findings (raw, before ``findings.normalise``) from one extraction and one
    tracing: scare quotes from the text, clipping, splicing, ... from the checks."""
    findings = [
        finding_at(text, *finding_span(text, q), "scare_quotes",
                   f"Scare quotes: '{q.text.strip()}' is in quotation marks but nobody is "
                   "quoted; the marks cast doubt on the word without arguing it.",
                   rule="scare_quotes.scare_marks")
        for q in quotes if q.kind == "scare"
    ]
    for q in quotes:
        description = q.speaker_description or q.speaker or ""
        if q.kind == "speech" and BELITTLING.search(description):
            where = text.find(description, max(0, q.start - 300), q.end + 300)
            if where >= 0:
                findings.append(finding_at(
                    text, where, where + len(description), "source_derogation",
                    f"The speaker is introduced as '{description}': the wording belittles "
                    "the source before the reader hears what they said.",
                    rule="source_derogation.belittled_speaker", target=q.speaker))
    for check in checks:
        start, end = finding_span(text, check.quote)
        findings += [
            finding_at(text, start, end, FLAG_TECHNIQUES[flag],
                       check.explanations.get(flag, f"Quote flagged as {flag}."),
                       rule=f"{FLAG_TECHNIQUES[flag]}.{flag}", target=check.source_speaker)
            for flag in sorted(check.flags) if flag in FLAG_TECHNIQUES
        ]
    return findings


def context_traced(context: DocContext, options: RunOptions
                   ) -> list[tuple[QuoteCheck, int | None]]:
    """Each speech quote's best check over the run's sources, traced once per source set."""
    return list(options.memo(context, "quote_checks", lambda: tuple(
        trace_quotes(context_quotes(context), options.sources))))


def mock_findings(context: DocContext) -> list[Finding]:
    """Scare/mock quoting: quotations that mock the words they put in marks."""
    text = context.text
    return [finding_at(text, *finding_span(text, q), "scare_quotes",
                       f"Mock quoting: {cue}. The marks ridicule the words (and whoever is "
                       "made to say them) instead of reporting them.",
                       rule="scare_quotes.mock_speech", target=q.speaker)
            for q, cue in mock_quotes(context)]


@detector("quoting.quotes", techniques=["scare_quotes", "source_derogation",
                                       *FLAG_TECHNIQUES.values()],
          rules=QUOTE_RULES)
def _quote_detector(context: DocContext, options: RunOptions) -> list[Finding]:
    """Scare quotes from the text alone; clipping, splicing, ... from the sources given."""
    checks = [check for check, _ in context_traced(context, options)]
    quotes = context_quotes(context)
    mocked = mock_findings(context)
    mocked_spans = {(f.start, f.end) for f in mocked}
    findings = [f for f in findings_from_checks(context.text, quotes, checks)
                if not (f.rule == "scare_quotes.scare_marks" and (f.start, f.end) in mocked_spans)]
    findings += mocked
    if not options.sources:
        findings += fragment_findings(context.text, quotes)
    return findings


def is_fragment(text: str, quote: Quote) -> bool:
    """A short lower-case piece of speech quoted inside the author's own sentence (not after
    a colon, not a whole quoted sentence)."""
    words = quote.words
    if quote.kind != "speech" or not words or len(words) > FRAGMENT_MAX_WORDS:
        return False
    first = next((char for char in quote.text if char.isalpha()), "")
    before = text[max(0, quote.start - 3):quote.start].rstrip(" \"'\u201c\u2018")
    return first.islower() and not before.endswith((":", "\n")) and bool(before)


def fragment_findings(text: str, quotes: Iterable[Quote]) -> list[Finding]:
    """Weak cues for quoted fragments when no source was given to check them against."""
    return [finding_at(text, *finding_span(text, q), "clipping",
                       f"Only a fragment is quoted ('{q.text.strip()}'), inside the author's "
                       "own sentence: check the full remarks before trusting the sentence "
                       "around it.", rule="clipping.fragment", target=q.speaker)
            for q in quotes if is_fragment(text, q)]


def _key(name: str) -> str:
    words = re.findall(r"\w+", name)
    return words[-1].lower() if words else name.lower()


def sourcing(text_or_doc: str | Doc) -> dict[str, int]:
    """How many speech quotes each speaker gets (most quoted first); one-sided sourcing shows
    up as one side's names dominating. Mentions of one person ('Mayor Sabina Castell',
    'Castell') are counted together under the longest form."""
    quotes = [q for q in extract_quotes(to_doc(text_or_doc)) if q.kind == "speech"]
    longest: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for quote in quotes:
        if not quote.speaker:
            counts[UNATTRIBUTED] += 1
            continue
        key = _key(quote.speaker) if quote.speaker_names else quote.speaker.lower()
        if len(quote.speaker) > len(longest.get(key, "")):
            longest[key] = quote.speaker
        counts[key] += 1
    return {longest.get(k, k): n for k, n in counts.most_common()}
