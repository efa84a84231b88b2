"""The one place that loads spaCy, so every lens shares a single parsed pipeline.

The model is loaded once per process and never downloaded: a teaching kit that silently
fetches or swaps models would give learners results that differ from the notebooks.
"""

from __future__ import annotations

import functools
import platform
import re
from collections import OrderedDict
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
MAX_CHARS = 1_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Parsed texts kept for re-use (a widget re-rendering the same text must not re-parse it).
PARSE_CACHE_SIZE = 32
#: Longer texts are parsed afresh each time rather than kept (memory).
PARSE_CACHE_MAX_CHARS = 100_000
_PARSED: OrderedDict[str, Doc] = OrderedDict()
#: Longest sentence (in tokens) the lenses get. Several lens steps compare words within a
#: sentence, so their cost grows faster than its length; a run-on list of quotes or a pasted
#: text without full stops is cut (at a line break, ';', ':' or ',' where it can) and parsed
#: again (``cap_sentences``).
MAX_SENTENCE_TOKENS = 120
_SOFT_BREAKS = frozenset({";", ":", ",", "—", "–", "-", "•"})
_HARD_BREAKS = frozenset({".", "!", "?"})


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
    the latest ';', ':', ',' or dash there, else at the limit itself.
    """
    sentences = list(doc.sents)
    if all(len(sentence) <= limit for sentence in sentences):
        return doc
    nlp = load_nlp()
    fresh = nlp.make_doc(doc.text)
    for sentence in sentences:
        fresh[sentence.start].is_sent_start = True
        if len(sentence) > limit:
            _cut(fresh, sentence.start, sentence.end, limit)
    return nlp(fresh)


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


def to_doc(text_or_doc: str | Doc) -> Doc:
    """Parse a string once, or pass an existing Doc through untouched.

    Every public analysis function accepts either, so a notebook that parsed a text once
    can hand the same Doc to all three lenses. The last few texts parsed are kept (keyed by
    the text), so a widget that re-renders the same text does not parse it again.
    """
    from spacy.tokens import Doc  # deferred: see load_nlp

    if isinstance(text_or_doc, Doc):
        return text_or_doc
    if not isinstance(text_or_doc, str):
        raise TypeError(f"expected a string or a spaCy Doc, got {type(text_or_doc).__name__}")
    broken = _LONE_SURROGATE.search(text_or_doc)
    if broken:
        # Still a UnicodeEncodeError (what spaCy would raise), but with a message a learner
        # can act on instead of a codec traceback from deep inside the tokenizer.
        raise UnicodeEncodeError(
            "utf-8", text_or_doc, broken.start(), broken.start() + 1,
            "the text contains a broken character (half of an emoji, or a file decoded with the "
            "wrong encoding); delete it or save the text again as UTF-8",
        )
    if len(text_or_doc) > MAX_CHARS:
        raise ValueError(
            f"text is {len(text_or_doc):,} characters long; the limit is {MAX_CHARS:,}. "
            "Split it into parts (e.g. by chapter) and analyse each."
        )
    return _parse_cached(text_or_doc)


def _parse_cached(text: str) -> Doc:
    """Parse with a small least-recently-used cache keyed by the text itself."""
    if len(text) > PARSE_CACHE_MAX_CHARS:
        return cap_sentences(load_nlp()(text))
    doc = _PARSED.get(text)
    if doc is None:
        doc = cap_sentences(load_nlp()(text))
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
