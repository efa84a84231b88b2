"""One per-Doc context: what every detector needs to know about a parsed text, computed once.

spaCy rebuilds ``doc.text`` on every access, re-walks the Doc for ``doc.noun_chunks`` and for
``token.sent``; asked per token, each of those made long texts quadratic. ``context_for(doc)``
computes them once and keeps them exactly as long as the Doc lives (a weak-keyed cache: no Doc
is kept alive by us, and nothing is stored in ``doc.user_data``, so ``Doc.to_bytes`` works).

Per-vocab helpers live here too: matchers are built on the vocab of the Doc they run on, so a
Doc from a user's own ``spacy.load(...)`` works as well as one from ``load_nlp()``.

The context holds *facts of the Doc* only, the same for every caller; what one call asks for
(sources, a group) is ``options.RunOptions``. Lenses keep their own per-Doc facts here through
:meth:`DocContext.memo` (``roles.events_of``, ``lenses.dehumanization.groups.group_index``), so
this module imports no lens.
"""

from __future__ import annotations

import bisect
import functools
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

T = TypeVar("T")


class DocContext:
    """Text, sentences and noun chunks of one Doc, each built once, and a memo for the other
    facts the lenses derive from it."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc.text
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for this Doc (later calls return the stored value)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    @functools.cached_property
    def tokens(self) -> list[Token]:
        """The Doc's tokens, made once: iterating a Doc makes a new Token object for every
        token on every pass, and a dozen detectors each walking the Doc made that the largest
        single cost of an analysis."""
        return list(self.doc)

    # ------------------------------------------------------------------ sentences and chunks
    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        return [sent.start for sent in self.doc.sents] or [0]

    @functools.cached_property
    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def sentence_range(self, token_index: int) -> tuple[int, int]:
        """Token range ``[start, end)`` of the sentence holding a token."""
        starts = self.sentence_starts
        index = max(bisect.bisect_right(starts, token_index) - 1, 0)
        end = starts[index + 1] if index + 1 < len(starts) else len(self.doc)
        return starts[index], end

    @functools.cached_property
    def _word_table(self) -> tuple[Any, Any]:
        """Hashes of every token's lower-cased form and lemma (one row per token) and the
        number of the sentence it is in: which sentences hold a word, asked in one vectorised
        step instead of a walk over the tokens for every matcher."""
        words = self.doc.to_array(["LOWER", "LEMMA"]).reshape(len(self.doc), 2)
        sentence_of = np.searchsorted(np.asarray(self.sentence_starts), np.arange(len(self.doc)),
                                      side="right") - 1
        return words, sentence_of

    def sentences_with(self, words: Iterable[str]) -> list[Span]:
        """The sentences holding one of ``words`` (lower-cased) as written or as lemma."""
        table, sentence_of = self._word_table
        if not len(table):
            return []
        strings = self.doc.vocab.strings
        wanted = np.fromiter((strings[word] for word in words), dtype=table.dtype)
        hits = np.isin(table, wanted).any(axis=1)
        sentences = self.sentences
        return [sentences[number] for number in np.unique(sentence_of[hits]).tolist()]

    @functools.cached_property
    def _chunks(self) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        by_root: dict[int, tuple[int, int]] = {}
        by_token: dict[int, tuple[int, int]] = {}
        for chunk in self.doc.noun_chunks:
            by_root[chunk.root.i] = (chunk.start, chunk.end)
            for i in range(chunk.start, chunk.end):
                by_token[i] = (chunk.start, chunk.end)
        return by_root, by_token

    @property
    def chunk_by_root(self) -> dict[int, tuple[int, int]]:
        """Noun-chunk token range keyed by the chunk's root token."""
        return self._chunks[0]

    @property
    def chunk_by_token(self) -> dict[int, tuple[int, int]]:
        """Noun-chunk token range keyed by every token inside it."""
        return self._chunks[1]


_CONTEXTS: weakref.WeakKeyDictionary[Doc, DocContext] = weakref.WeakKeyDictionary()


def context_for(doc: Doc) -> DocContext:
    """The one context of a Doc (created on first use, dropped with the Doc)."""
    context = _CONTEXTS.get(doc)
    if context is None:
        context = _CONTEXTS[doc] = DocContext(doc)
    return context


def doc_text(doc: Doc) -> str:
    """``doc.text`` computed once per Doc."""
    return context_for(doc).text


def tokens_of(doc: Doc) -> list[Token]:
    """The tokens of a Doc, made once per Doc (see ``DocContext.tokens``)."""
    return context_for(doc).tokens


def sentence_range(token: Token) -> tuple[int, int]:
    """Token range of a token's sentence (``token.sent`` re-scans the Doc on every call)."""
    return context_for(token.doc).sentence_range(token.i)


# ---------------------------------------------------------------------- anchored matching
_ANCHOR_KEYS = ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM")


#: Words too common to narrow a search: a pattern's anchor is chosen among its other words.
_COMMON = frozenset({"be", "have", "do", "the", "a", "an", "to", "of", "and", "or", "it", "they",
                     "them", "we", "us", "our", "that", "this", "in", "on", "for", "by", "with",
                     "not", "no", "all", "is", "are", "was", "were", "who", "what"})


def pattern_anchors(patterns: Iterable[Sequence[Mapping[str, Any]]]) -> frozenset[str] | None:
    """Lower-cased words of which every match of a Matcher pattern holds at least one (for
    each pattern, the words of its required token that names the fewest, rarest words), or
    None when some pattern names no word it requires (then every sentence must be searched)."""
    anchors: set[str] = set()
    for pattern in patterns:
        options = []
        for spec in pattern:
            if spec.get("OP") not in (None, "+", "1"):
                continue
            value = next((spec[key] for key in _ANCHOR_KEYS if key in spec), None)
            if isinstance(value, str):
                options.append({value.lower()})
            elif isinstance(value, Mapping) and isinstance(value.get("IN"), list):
                options.append({str(word).lower() for word in value["IN"]})
        if not options:
            return None
        anchors |= min(options, key=lambda words: (bool(words & _COMMON), len(words)))
    return frozenset(anchors)


def anchored_matches(context: DocContext, matcher: Callable[[Any], Any],
                     anchors: frozenset[str] | None) -> list[tuple[int, int, int]]:
    """``(match_id, start, end)`` of a Matcher, run only over the sentences that hold one of
    its anchor words (as written or as lemma): a Matcher walks every token with every
    pattern, and most sentences cannot match (offsets are the Doc's, as for a whole-Doc run)."""
    doc = context.doc
    if anchors is None:
        return [tuple(match) for match in matcher(doc)]  # type: ignore[misc]
    found: list[tuple[int, int, int]] = []
    for sentence in context.sentences_with(anchors):
        found += [(key, sentence.start + start, sentence.start + end)
                  for key, start, end in matcher(sentence)]
    return found


def anchored_dependency_matches(context: DocContext, matcher: Callable[[Any], Any],
                                anchors: frozenset[str]) -> list[tuple[int, list[int]]]:
    """``(match_id, token ids)`` of a DependencyMatcher, run only over the sentences holding
    one of ``anchors`` (a parse tree never crosses a sentence, so nothing is lost)."""
    found: list[tuple[int, list[int]]] = []
    for sentence in context.sentences_with(anchors):
        found += [(key, [sentence.start + i for i in token_ids])
                  for key, token_ids in matcher(sentence)]
    return found


# ---------------------------------------------------------------------- per-vocab helpers
# A Vocab cannot be weakly referenced; these caches hold at most a few (one per pipeline).
_PER_VOCAB = 8


@functools.lru_cache(maxsize=_PER_VOCAB)
def tokenizer_for(vocab: Vocab) -> Language:
    """A blank English pipeline on ``vocab``: tokenises lexicon phrases into patterns."""
    import spacy  # deferred: importing spaCy costs about a second; only matchers need it

    return spacy.blank("en", vocab=vocab)


def per_vocab(build: Callable[[Vocab], T]) -> Callable[[Vocab], T]:
    """Decorator: build a matcher once per vocab (so any English pipeline's Doc works)."""
    return functools.lru_cache(maxsize=_PER_VOCAB)(build)  # type: ignore[return-value]
