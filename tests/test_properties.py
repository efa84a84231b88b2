"""Fuzzing every public text function of the library with hypothesis.

Properties, whatever the input:
- no exception except the documented ones (see ``DOCUMENTED``);
- every span-like result (``start``, ``end``, ``text``) lies inside the text and
  ``text[start:end] == result.text``;
- every HTML the library renders escapes the learner's text.

The functions are discovered, not listed: every public function in every library module whose
first parameter is the text (``text_or_doc`` or ``article``) and whose other parameters have
defaults. A new lens function is therefore fuzzed without editing this file.

Documented exceptions:
- lone surrogates (``"\\ud800"``): spaCy's tokenizer raises ``UnicodeEncodeError`` (a
  ValueError) because it hashes strings as UTF-8; Python strings allow them, UTF-8 does not.
- longer than ``nlp.MAX_CHARS``: ``ValueError`` naming the limit (from ``to_doc``).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span, Token

import propaganda_lab
from propaganda_lab.lenses.quotes.extract import quote_spans
from propaganda_lab.lenses.quotes.lens import check_quotes
from propaganda_lab.lenses.quotes.source import parse_source
from propaganda_lab.masking import mask_text
from propaganda_lab.nlp import MAX_CHARS, to_doc
from propaganda_lab.render import findings_table_html, highlight_html
from propaganda_lab.techniques import technique_ids

#: Modules left out: widgets and checks take widget state / learner answers, not raw text
#: (they are covered by the widget tests and the checker tests); cli and ``python -m`` have
#: their own tests (importing ``__main__`` would run the command line).
SKIPPED_MODULES = (".widgets", ".checks", ".cli", "__main__")
TEXT_PARAMETERS = ("text_or_doc", "article")

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)  # fmt: skip

# Words that make the lenses fire, so findings (and their offsets) are actually exercised.
TRIGGERS = [
    "mob", "thugs", "rats", "infest", "vermin", "flood", "swarm", "hillrats", "tesks", "Pellani",
    "Teskari", "they", "them", "said", "claimed", "“", "”", '"', "'", "«", "»", "were", "killed",
    "was", "attacked", "by", "police", "everyone", "knows", "so-called", "experts", "disaster",
    "never", "always", "Valdora", "Ostreva", ".", ",", "\n", "🙂", "שלום", "مرحبا", "\u202e",
    "\x00", "\x1b", "\u200b", "é", "<script>alert(1)</script>", "&amp;", "<b>",
]  # fmt: skip
PAYLOAD = "<script>alert(1)</script>"

texts = st.one_of(
    st.text(max_size=120),  # arbitrary Unicode incl. control characters, RTL, emoji
    st.lists(st.sampled_from(TRIGGERS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(TRIGGERS), max_size=40).map("".join),  # no spaces: odd tokens
    st.sampled_from(["", " ", "\n\t ", "\u3000", '"', "“", 'He said "never', 'never" he said']),
)


def _discover() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(propaganda_lab.__path__, "propaganda_lab."):
        if any(part in info.name for part in SKIPPED_MODULES):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue  # re-exported elsewhere: test it once, where it is defined
            parameters = list(inspect.signature(function).parameters.values())
            if not parameters or parameters[0].name not in TEXT_PARAMETERS:
                continue
            rest = parameters[1:]
            if all(p.default is not p.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
                   for p in rest):
                found[f"{info.name}.{name}"] = function
    return found


TEXT_FUNCTIONS = _discover()


def _is_lone_surrogate_text(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)


def _call(function: Callable[..., Any], text: str) -> Any:
    """Call ``function(text)``; return None when it raised a documented exception."""
    try:
        return function(text)
    except UnicodeEncodeError:
        assert _is_lone_surrogate_text(text), "UnicodeEncodeError without a lone surrogate"
        return None
    except ValueError as error:
        if len(text) > MAX_CHARS:
            assert f"{MAX_CHARS:,}" in str(error)
            return None
        raise


def _span_like(item: Any) -> bool:
    return (
        isinstance(getattr(item, "start", None), int)
        and isinstance(getattr(item, "end", None), int)
        and isinstance(getattr(item, "text", None), str)
    )


def _children(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return list(item.values())
    if isinstance(item, (list, tuple, set, frozenset)):
        return list(item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return [getattr(item, f.name) for f in dataclasses.fields(item)]
    return []


def assert_spans_match(text: str, result: Any, depth: int = 0) -> int:
    """Walk a result; every span-like object must point at its own text. Returns how many."""
    if depth > 6 or isinstance(result, (str, bytes, int, float, Doc, Span, Token)):
        return 0
    if type(result).__name__ == "Source":
        return 0  # a parsed *source* indexes its own text; checked in its own test
    if type(result).__name__ == "QuoteCheck":
        assert result.source_start is None or 0 <= result.source_start <= result.source_end
        return assert_spans_match(text, result.quote, depth + 1)
    if type(result).__name__ == "Report":
        text = result.text  # a report indexes the analysed text (headline included)
    checked = 0
    if _span_like(result):
        assert 0 <= result.start <= result.end <= len(text), (result, len(text))
        assert text[result.start : result.end] == result.text, result
        checked += 1
    for child in _children(result):
        checked += assert_spans_match(text, child, depth + 1)
    return checked


def assert_escaped(markup: str) -> None:
    """Learner text may never become markup: no script tag, no event handler, no raw <b>."""
    assert "<script" not in markup.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", markup), "event handler attribute in output"
    assert "<b>" not in markup


def test_discovery_finds_every_lens() -> None:
    """If discovery silently broke, the fuzzing below would test nothing."""
    names = {name.rsplit(".", 1)[1] for name in TEXT_FUNCTIONS}
    expected = {"to_doc", "events", "analyze_framing", "loaded_language", "hidden_agency",
                "frame_profile", "extract_quotes", "quote_findings", "sourcing", "parse_source",
                "find_groups", "analyze_group", "metaphors"}  # fmt: skip
    assert expected <= names, expected - names
    if importlib.util.find_spec("propaganda_lab.analysis") is not None:
        assert "analyze" in names


@pytest.mark.parametrize("name", sorted(TEXT_FUNCTIONS))
@FUZZ
@given(text=texts)
@example(text="\ud800 lone surrogate")
@example(text='"Vermin," he said')  # a finding at offset 0 and quote marks at both ends
@example(text="They are rats")  # a finding that ends at the very end of the text
def test_public_text_function(name: str, text: str) -> None:
    result = _call(TEXT_FUNCTIONS[name], text)
    assert_spans_match(text, result)
    if name.endswith("html"):
        assert_escaped(result)
    to_html = getattr(result, "to_html", None)
    if callable(to_html):
        assert_escaped(to_html())


def test_the_fuzzing_does_reach_findings() -> None:
    """The span property must be exercised on real findings, not only on empty results."""
    framing = TEXT_FUNCTIONS["propaganda_lab.framing.api.analyze_framing"]
    checked = assert_spans_match("Vermin! The mob of thugs stormed Sarnet", framing(
        "Vermin! The mob of thugs stormed Sarnet"))
    assert checked >= 2


@FUZZ
@given(article=texts, source=texts)
def test_check_quotes_against_any_source(article: str, source: str) -> None:
    try:
        checks = check_quotes(article, source)
    except UnicodeEncodeError:
        assert _is_lone_surrogate_text(article + source)
        return
    for check in checks:
        assert article[check.quote.start : check.quote.end] == check.quote.text
        if check.found:
            assert 0 <= check.source_start <= check.source_end <= len(source)


@FUZZ
@given(text=texts)
def test_parse_source_offsets_index_the_source(text: str) -> None:
    try:
        source = parse_source(text)
    except UnicodeEncodeError:
        assert _is_lone_surrogate_text(text)
        return
    for sentence in source.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)


@FUZZ
@given(text=texts.filter(lambda t: not _is_lone_surrogate_text(t)))
def test_quote_spans_and_masking_keep_offsets(text: str) -> None:
    for start, end in quote_spans(text):
        assert 0 <= start < end <= len(text)
    masked = mask_text(text)
    assert isinstance(masked, str)


@st.composite
def text_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]]]:
    text = draw(st.one_of(texts, st.just(PAYLOAD + " mob " + PAYLOAD)))
    ids = sorted(technique_ids())
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        if end > start:
            spans.append((draw(st.sampled_from(ids)), start, end))
    if text:  # spans at both boundaries of the text
        spans.append((ids[0], 0, len(text)))
    return text, spans


@FUZZ
@given(case=text_with_spans())
def test_rendering_always_escapes(case: tuple[str, list[tuple[str, int, int]]]) -> None:
    text, spans = case
    for render in (highlight_html, findings_table_html):
        markup = render(text, spans)
        assert_escaped(markup)
    if PAYLOAD in text:
        assert "&lt;script&gt;" in highlight_html(text, spans)


def _one_megabyte() -> str:
    """MAX_CHARS characters: real sentences (so the lenses fire) padded with long tokens.

    All prose (about 210,000 tokens) takes about 70 s just to parse on the 2-core machine;
    long tokens keep the size while bounding the token count, which is what parsing cost
    depends on. Linear cost on long prose is measured in benchmarks/run.py instead.
    """
    prose = 'The mob said "we stay" as police moved the Pellani out of Sarnet. ' * 150
    filler = ("x" * 999 + " ") * ((MAX_CHARS - len(prose)) // 1000)
    text = prose + filler
    return text + "." * (MAX_CHARS - len(text))


def test_input_at_the_limit() -> None:
    """Exactly MAX_CHARS is accepted (parsed once, the Doc passed on); one more is refused."""
    text = _one_megabyte()
    assert len(text) == MAX_CHARS
    with pytest.raises(ValueError, match=f"{MAX_CHARS:,}"):
        to_doc(text + "x")
    doc = to_doc(text)
    checked = 0
    for name, function in sorted(TEXT_FUNCTIONS.items()):
        result = function(doc)
        checked += assert_spans_match(text, result)
        if name.endswith("html"):
            assert_escaped(result)
    assert checked > 150  # the findings in the prose part were all checked
    assert "&lt;script&gt;" in highlight_html(PAYLOAD + text[:2000], [("loaded_language", 0, 8)])
