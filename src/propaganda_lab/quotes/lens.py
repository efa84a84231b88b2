"""The quoting lens as the rest of the kit sees it: checks for a whole article, catalogue
Findings, and who gets quoted at all."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from propaganda_lab.context import DocContext, context_for
from propaganda_lab.datafiles import load_json
from propaganda_lab.findings import finding_at
from propaganda_lab.nlp import to_doc
from propaganda_lab.quotes._lexicons import phrase_regex
from propaganda_lab.quotes.align import QuoteCheck, check_quote
from propaganda_lab.quotes.extract import Quote, extract_quotes
from propaganda_lab.quotes.source import Source, parse_source
from propaganda_lab.registry import detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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


def _as_list(sources: object) -> list:
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
    parsed = [parse_source(s) for s in _as_list(sources)]
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
#: apparently ..."): words in the speaker's description (general knowledge of the move).
BELITTLING = re.compile(
    r"^(?:some|one)\s+(?:random\s+|anonymous\s+|obscure\s+|minor\s+)?"
    r"(?:general|official|bureaucrat|expert|professor|academic|scientist|doctor|spokes\w+|"
    r"guy|bloke|woman|man|analyst|activist|functionary|clerk|pundit|journalist|reporter)\b"
    r"|\b(?:so-called|self-styled|self-proclaimed|would-be|supposed)\b"
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


def context_quotes(context: DocContext) -> list[Quote]:
    """The quotes of a Doc, extracted once per Doc."""
    return list(context.memo("quotes", lambda: tuple(extract_quotes(context.doc))))


def context_traced(context: DocContext) -> list[tuple[QuoteCheck, int | None]]:
    """Each speech quote's best check over the context's sources, traced once per source set."""
    key = ("quote_checks", tuple(id(source) for source in context.sources))
    return list(context.memo(key, lambda: (tuple(trace_quotes(context_quotes(context),
                                                              context.sources)),
                                           context.sources))[0])


#: Characters before a quotation searched for a spoken 'quote-unquote'.
QUOTE_UNQUOTE_WINDOW = 30
#: Tokens either side of a quotation searched for a mocking speech verb.
MOCKING_VERB_WINDOW = 6


@functools.cache
def _mock_cues() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    data = load_json("data/lexicons/mock_speech.json", "mock_speech.schema.json")

    # Eye dialect is matched as written: 'dem' mocks, 'Dem' abbreviates a party.
    dialect = re.compile(phrase_regex(data["dialect_spellings"]).pattern)
    return (phrase_regex(data["quote_unquote"]), dialect,
            frozenset(data["mocking_verbs"]))


def _verb_form(word: str, lemma: str) -> str:
    """The base form of a possibly mis-tagged verb ('bleat', 'bleats', 'bleated', 'whining')."""
    _, _, verbs = _mock_cues()
    stems = (lemma, word, word[:-1], word[:-2], word[:-3], word[:-3] + "e")
    return next((stem for stem in stems if stem in verbs), lemma)


def mock_cue(context: DocContext, quote: Quote) -> str | None:
    """Why a quotation reads as mock speech (the words of the cue), or None."""
    marks, dialect, _ = _mock_cues()
    before = context.text[max(0, quote.start - QUOTE_UNQUOTE_WINDOW):quote.start]
    if (found := marks.search(before)) is not None:
        return f"'{found.group()}' before it puts the words in mocking marks"
    found = dialect.search(quote.text)
    if found is not None and (found.group().islower() or found.start() == 0):
        return (f"the eye-dialect spelling '{found.group()}' puts mocked speech in someone's "
                "mouth")
    verb = _mocking_verb(context, quote)
    if verb is not None:
        return f"'{verb.text}' makes the quoted words sound like a noise, not a statement"
    return None


def _mocking_verb(context: DocContext, quote: Quote) -> Token | None:
    """A mocking verb that introduces the quote: just before it ('the Dems squeal "..."'),
    or right after it ('"...," they whined' / '"...," whined the mob')."""
    _, _, verbs = _mock_cues()
    span = context.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None
    doc = context.doc

    def mocking(token: Token) -> bool:
        return token.pos_ != "NOUN" and _verb_form(token.lower_, token.lemma_.lower()) in verbs

    before = [t for t in doc[max(0, span.start - MOCKING_VERB_WINDOW):span.start]
              if not t.is_punct]
    if before and mocking(before[-1]):
        return before[-1]
    after = [t for t in doc[span.end:span.end + MOCKING_VERB_WINDOW] if not t.is_punct][:2]
    if after and mocking(after[0]):
        return after[0]
    if len(after) == 2 and after[0].pos_ in {"PRON", "PROPN", "NOUN"} and mocking(after[1]):
        return after[1]
    return None


def mock_quotes(context: DocContext) -> list[tuple[Quote, str]]:
    """The Doc's mock quotations with the cue of each, once per Doc."""
    return list(context.memo("mock_quotes", lambda: tuple(
        (q, cue) for q in context_quotes(context) if (cue := mock_cue(context, q)))))


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
def _quote_detector(context: DocContext) -> list[Finding]:
    """Scare quotes from the text alone; clipping, splicing, ... from the sources given."""
    checks = [check for check, _ in context_traced(context)]
    quotes = context_quotes(context)
    mocked = mock_findings(context)
    mocked_spans = {(f.start, f.end) for f in mocked}
    findings = [f for f in findings_from_checks(context.text, quotes, checks)
                if not (f.rule == "scare_quotes.scare_marks" and (f.start, f.end) in mocked_spans)]
    findings += mocked
    if not context.sources:
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


def quote_findings(article: str | Doc,
                   sources: str | Doc | Source | Iterable[str | Doc | Source] = ()
                   ) -> list[Finding]:
    """Catalogue Findings for the article's quotes: scare quotes from the text alone, and
    clipping, splicing, ... from tracing each speech quote in the sources (if any given)."""
    from propaganda_lab.registry import detectors, run_detectors

    context = context_for(to_doc(article))
    previous = context.sources
    context.sources = tuple(parse_source(s) for s in _as_list(sources))
    try:
        return run_detectors(context, detectors(name="quoting.quotes"))
    finally:
        context.sources = previous


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
