"""The one place that loads spaCy, so every lens shares a single parsed pipeline.

The model is loaded once per process and never downloaded: a teaching kit that silently
fetches or swaps models would give learners results that differ from the notebooks.
"""

from __future__ import annotations

import functools
import platform
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
MODEL_URL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    f"{MODEL_NAME}-{MODEL_VERSION}/{MODEL_NAME}-{MODEL_VERSION}-py3-none-any.whl"
)
#: Longest text (in characters) the lenses accept; longer input raises a clear ValueError.
#: A full analysis with its HTML and JSON reports at this length peaks below 1.0 GB (a Binder
#: session's memory) even on the costliest shape, a bullet list of quotes (about 0.87 GB;
#: benchmarks/RESULTS.md, "Peak memory"); 1,000,000 took 1.7 GB even in pieces.
#: Longer texts: split them (by chapter) and analyse each.
MAX_CHARS = 400_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Parsed texts kept for re-use (a widget re-rendering the same text must not re-parse it).
PARSE_CACHE_SIZE = 32
#: Longer texts are parsed afresh each time rather than kept (memory).
PARSE_CACHE_MAX_CHARS = 100_000
_PARSED: OrderedDict[str, Doc] = OrderedDict()
#: Longest sentence (in tokens) the lenses get. Several lens steps compare words within a
#: sentence, so their cost grows faster than its length; a run-on list of quotes or a pasted
#: text without full stops is cut (at a line break, ';', ':' or ',' where it can) BEFORE the
#: parse (``presegment``); ``cap_sentences`` parses again only if the parser still joined
#: stretches into a longer sentence.
MAX_SENTENCE_TOKENS = 120
_SOFT_BREAKS = frozenset({";", ":", ",", "—", "–", "-", "•"})
_HARD_BREAKS = frozenset({".", "!", "?"})
#: Longest run of non-space characters tokenized in one go: spaCy splits punctuation off a
#: run one character at a time, re-scanning the rest, so 10,000 quotation marks in a row cost
#: seconds per thousand. Longer runs are tokenized in pieces of this size (only junk and very
#: long URLs are that long; a token may be cut where two pieces meet).
MAX_RUN_CHARS = 400
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
#: Texts longer than this are parsed in pieces of at most this many characters (cut at a
#: paragraph break, else a line break, else after a full stop, else a space) and joined into
#: one Doc with the exact text: spaCy's parser needs memory in proportion to the longest Doc
#: it parses at once (about 4.5 KB per character: a 200,000-character text peaked at 1.1 GB).
PARSE_PIECE_CHARS = 20_000


class ModelNotInstalledError(RuntimeError):
    """Raised when spaCy's en_core_web_sm 3.8 pipeline is not installed."""

    def __init__(self, detail: str = "") -> None:
        message = (
            f"The spaCy model {MODEL_NAME} {MODEL_VERSION} is not installed"
            + (f" ({detail})" if detail else "")
            + ".\nInstall it with one of:\n"
            f"  pip:   pip install {MODEL_URL}\n"
            f"  conda: conda install -c conda-forge spacy-model-{MODEL_NAME}={MODEL_VERSION}\n"
            f"  offline wheelhouse: pip install --find-links DIR {MODEL_NAME}=={MODEL_VERSION}\n"
            "or run `make setup` in the propaganda_lab folder."
        )
        super().__init__(message)


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the shared en_core_web_sm 3.8 pipeline (loaded once per process)."""
    import spacy  # deferred: `import propaganda_lab` stays quick; spaCy loads with the model

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as error:  # spaCy raises OSError [E050] when the package is absent
        raise ModelNotInstalledError("spacy.load could not find it") from error
    version = nlp.meta.get("version", "")
    if not version.startswith("3.8"):
        raise ModelNotInstalledError(f"found version {version}, need 3.8.x")
    return nlp


def cap_sentences(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> Doc:
    """``doc`` itself when no sentence is longer than ``limit`` tokens (ordinary prose), else
    the text parsed again with preset sentence starts that cut each long sentence.

    The parser keeps preset starts. The second parse presets every start of the first one, so
    other sentences stay as they were, and cuts a long one every ``limit`` tokens at most:
    after its latest '.', '!', '?' or line break in the second half of the stretch, else after
    the latest ';', ':', ',' or dash there, else at the limit itself. The same tokens are
    reused (no second tokenization), so this is linear in the length of ``doc``.
    """
    sentences = list(doc.sents)
    if all(len(sentence) <= limit for sentence in sentences):
        return doc
    nlp = load_nlp()
    fresh = _same_tokens(nlp, doc)
    for sentence in sentences:
        fresh[sentence.start].is_sent_start = True
        if len(sentence) > limit:
            _cut(fresh, sentence.start, sentence.end, limit)
    return nlp(fresh)


def _same_tokens(nlp: Language, doc: Doc) -> Doc:
    """An unparsed Doc with exactly the tokens of ``doc``."""
    from spacy.tokens import Doc  # deferred: see load_nlp

    fresh = tokenize(doc.text)
    if len(fresh) == len(doc) and all(a.idx == b.idx for a, b in zip(fresh, doc, strict=True)):
        return fresh
    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def _cut(doc: Doc, first: int, end: int, limit: int) -> None:
    """Preset starts in ``doc[first:end]`` so no stretch is longer than ``limit`` tokens."""
    start, hard, soft = first, -1, -1
    for i in range(first, end):
        if i - start >= limit:
            half = start + limit // 2
            cut = hard + 1 if hard >= half else soft + 1 if soft >= half else i
            doc[cut].is_sent_start = True
            start, hard, soft = cut, -1, -1
        token = doc[i]
        if token.text in _HARD_BREAKS or "\n" in token.text or "\n" in token.whitespace_:
            hard = i
        elif token.text in _SOFT_BREAKS:
            soft = i


def tokenize(text: str) -> Doc:
    """``nlp.make_doc(text)``, with runs of non-space characters longer than
    :data:`MAX_RUN_CHARS` tokenized in pieces (linear time; the text is kept exactly)."""
    from spacy.tokens import Doc  # deferred: see load_nlp

    nlp = load_nlp()
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    parts: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > done:
            parts.append(text[done:run.start()])
        end = run.end() + (run.end() < len(text) and text[run.end()] == " ")  # its space
        parts += [text[i:min(i + MAX_RUN_CHARS, end)]
                  for i in range(run.start(), end, MAX_RUN_CHARS)]
        done = end
    if done < len(text):
        parts.append(text[done:])
    return Doc.from_docs([nlp.make_doc(part) for part in parts], ensure_whitespace=False)


def presegment(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Preset sentence starts in an unparsed ``doc`` so that no stretch between sentence ends
    (a '.', '!' or '?' followed by a space or a line break, or a blank line) is longer than
    ``limit`` tokens; ordinary prose, whose sentences are shorter, is left exactly as it is.
    A long stretch is cut as :func:`cap_sentences` cuts: after a line break or '.', '!', '?'
    in its second half, else after a ';', ':', ',' or dash, else at the limit. Returns ``doc``.
    """
    start, hard, soft = 0, -1, -1
    last = len(doc) - 1
    for i, token in enumerate(doc):
        if i - start >= limit:
            half = start + limit // 2
            cut = hard + 1 if hard >= half else soft + 1 if soft >= half else i
            doc[cut].is_sent_start = True
            start, hard, soft = cut, -1, -1
        text, space = token.text, token.whitespace_
        if text.count("\n") >= 2 or (text in _HARD_BREAKS and (
                space or (i < last and doc[i + 1].is_space))):
            start, hard, soft = i + 1, -1, -1
        elif text in _HARD_BREAKS or "\n" in text or "\n" in space:
            hard = i
        elif text in _SOFT_BREAKS:
            soft = i
    return doc


def _pieces(text: str, size: int = PARSE_PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at the best break in the
    second half of each window; joined, they are ``text``."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = text.rfind(mark, start + size // 2, window_end - len(mark) + 1)
            if found >= 0:
                cut = found + len(mark)
                break
        cut = window_end if cut <= start else cut
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def check_text(text: object) -> str:
    """``text`` if the lenses can take it, else a TypeError, a ValueError (too long) or a
    UnicodeEncodeError with a message a learner can act on (a lone surrogate)."""
    if not isinstance(text, str):
        raise TypeError(f"expected a string or a spaCy Doc, got {type(text).__name__}")
    broken = _LONE_SURROGATE.search(text)
    if broken:
        # Still a UnicodeEncodeError (what spaCy would raise), but with a message a learner
        # can act on instead of a codec traceback from deep inside the tokenizer.
        raise UnicodeEncodeError(
            "utf-8", text, broken.start(), broken.start() + 1,
            "the text contains a broken character (half of an emoji, or a file decoded with the "
            "wrong encoding); delete it or save the text again as UTF-8",
        )
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"text is {len(text):,} characters long; the limit is {MAX_CHARS:,}. "
            "Split it into parts (e.g. by chapter) and analyse each."
        )
    return text


def parse_many(texts: Iterable[str], n_process: int = 1,
               batch_size: int | None = None) -> Iterator[Doc]:
    """Parse texts through one ``nlp.pipe``, in bounded time and memory: each is checked
    (:func:`check_text`, before any parsing starts), cut into pieces of at most
    :data:`PARSE_PIECE_CHARS` characters, tokenized with long runs in pieces, given sentence
    starts before the parse (:func:`presegment`), parsed, capped (:func:`cap_sentences`)
    and joined back into one Doc whose text is exactly the input."""
    from spacy.tokens import Doc  # deferred: see load_nlp

    pieces = [_pieces(check_text(text)) for text in texts]
    flat = (piece for parts in pieces for piece in parts)
    parsed = _pipe(flat, n_process, batch_size)
    for parts in pieces:
        docs = [cap_sentences(next(parsed)) for _ in parts]
        yield docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def _pipe(pieces: Iterator[str], n_process: int, batch_size: int | None) -> Iterator[Doc]:
    """``nlp.pipe`` over the pieces, tokenized and presegmented. In one process, a batch
    holds at most :data:`PARSE_PIECE_CHARS` characters (or ``batch_size`` pieces), since the
    parser's memory grows with the batch, not only with the Doc; with several processes,
    spaCy batches by ``batch_size`` as usual."""
    nlp = load_nlp()
    if n_process != 1:
        yield from nlp.pipe((presegment(tokenize(p)) for p in pieces), n_process=n_process,
                            batch_size=batch_size)
        return
    batch: list[Doc] = []
    size = 0
    for piece in pieces:
        batch.append(presegment(tokenize(piece)))
        size += len(piece)
        if size >= PARSE_PIECE_CHARS or (batch_size and len(batch) >= batch_size):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def parse(text: str) -> Doc:
    """One text, parsed as :func:`parse_many` parses it (no cache)."""
    return next(parse_many([text]))


def to_doc(text_or_doc: str | Doc) -> Doc:
    """Parse a string once, or pass an existing Doc through untouched.

    Every public analysis function accepts either, so a notebook that parsed a text once
    can hand the same Doc to all three lenses. The last few texts parsed are kept (keyed by
    the text), so a widget that re-renders the same text does not parse it again.
    """
    from spacy.tokens import Doc  # deferred: see load_nlp

    if isinstance(text_or_doc, Doc):
        return text_or_doc
    check_text(text_or_doc)
    return _parse_cached(text_or_doc)


def _parse_cached(text: str) -> Doc:
    """Parse with a small least-recently-used cache keyed by the text itself."""
    if len(text) > PARSE_CACHE_MAX_CHARS:
        return parse(text)
    doc = _PARSED.get(text)
    if doc is None:
        doc = parse(text)
        _PARSED[text] = doc
        while len(_PARSED) > PARSE_CACHE_SIZE:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(text)
    return doc


def clear_parse_cache() -> None:
    """Forget every cached parse (tests, or to free memory)."""
    _PARSED.clear()


def environment_report() -> dict[str, str]:
    """Versions a learner or instructor needs when reporting a problem."""
    import spacy  # deferred: see load_nlp

    nlp = load_nlp()
    return {
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
    }
