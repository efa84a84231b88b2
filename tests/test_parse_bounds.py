"""Bounded parsing (issue 28 items 5, 6 and the lone-surrogate item of 8).

Time and memory are measured in benchmarks/run.py (``adversarial`` and ``memory``); here the
mechanisms that bound them are checked without timing anything: spaCy's tokenizer never sees
a run of punctuation longer than ``MAX_RUN_CHARS``, the parser never gets more than
``PARSE_PIECE_CHARS`` characters at once, adversarial shapes are cut into sentences before the
first parse (one parse, not two), and every offset stays exact in the original text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from propaganda_lab import nlp as nlp_module
from propaganda_lab.analysis import analyze, analyze_many
from propaganda_lab.nlp import (
    MAX_RUN_CHARS,
    MAX_SENTENCE_TOKENS,
    PARSE_PIECE_CHARS,
    clear_parse_cache,
    load_nlp,
    parse,
    to_doc,
)


def adversarial_text(shape: str, n_chars: int) -> str:
    """The shapes of benchmarks/run.py: a bullet list of quotes, a semicolon chain of quotes,
    one run-on sentence (no full stops, so spaCy would make each one sentence)."""
    unit, joiner = {
        "bullet list": ('- Vask called it a "betrayal" and a "disgrace" and the Pellani said no',
                        "\n"),
        "semicolon chain": ('Vask called it a "betrayal"', "; "),
        "run-on sentence": ("and the council said the Pellani had been moved again", " "),
    }[shape]
    return joiner.join([unit] * (n_chars // (len(unit) + len(joiner)) + 1))


SHAPES = {
    "10,000 quotation marks": '"' * 10_000,
    "nested parentheses": "(" * 3_000 + "the Pellani" + ")" * 3_000,
    "quotes glued together": '"betrayal""disgrace"' * 500,
    "bullet list of quotes": adversarial_text("bullet list", 12_000),
    "semicolon chain": adversarial_text("semicolon chain", 12_000),
    "run-on sentence": adversarial_text("run-on sentence", 12_000),
    "unspaced full stops": "." * 5_000 + "The council met" + "!" * 3_000,
}


@pytest.fixture
def parser_inputs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every Doc or string the pipeline is asked to parse, and every string tokenized."""
    nlp = load_nlp()
    seen: list[Any] = []
    ensure, make_doc = nlp._ensure_doc, nlp.make_doc

    def counting_ensure(doc_like: Any) -> Any:
        seen.append(("parse", doc_like if isinstance(doc_like, str) else doc_like.text))
        return ensure(doc_like)

    def counting_make_doc(text: str) -> Any:
        seen.append(("tokenize", text))
        return make_doc(text)

    monkeypatch.setattr(nlp, "_ensure_doc", counting_ensure)
    monkeypatch.setattr(nlp, "make_doc", counting_make_doc)
    clear_parse_cache()
    return seen


@pytest.mark.parametrize("shape", list(SHAPES))
def test_adversarial_shapes_are_bounded_before_the_first_parse(shape: str,
                                                               parser_inputs: list[Any]) -> None:
    text = SHAPES[shape]
    doc = to_doc(text)
    assert doc.text == text
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    parses = [t for kind, t in parser_inputs if kind == "parse"]
    assert parses == [text], "parsed once, with its sentences cut before the parse"
    longest_run = max((len(m.group()) for kind, t in parser_inputs if kind == "tokenize"
                       for m in re.finditer(r"\S+", t)), default=0)
    assert longest_run <= MAX_RUN_CHARS + 1  # a piece may carry its run's trailing space


def test_ordinary_prose_is_tokenized_and_parsed_as_before() -> None:
    text = ("Mayor Ilse Varn criticised the plan. \"It is a disgrace,\" she said on Monday.\n\n"
            "Three people were injured in Sarnet.")
    clear_parse_cache()
    ours, plain = to_doc(text), load_nlp()(text)
    assert [(t.text, t.dep_, t.head.i, t.is_sent_start) for t in ours] == [
        (t.text, t.dep_, t.head.i, t.is_sent_start) for t in plain]


def test_long_texts_are_parsed_in_bounded_pieces_and_joined_exactly(
        parser_inputs: list[Any]) -> None:
    text = adversarial_text("bullet list", 3 * PARSE_PIECE_CHARS + 500)
    doc = parse(text)
    parses = [t for kind, t in parser_inputs if kind == "parse"]
    assert len(parses) >= 4 and "".join(parses) == text
    assert max(map(len, parses)) <= PARSE_PIECE_CHARS
    assert doc.text == text and doc.has_annotation("DEP") and doc.has_annotation("SENT_START")
    assert all(token.idx == text.index(token.text, token.idx) for token in doc[:200])


@pytest.mark.parametrize("shape", ["10,000 quotation marks", "bullet list of quotes",
                                   "nested parentheses"])
def test_finding_offsets_stay_exact_in_the_original_text(shape: str) -> None:
    text = SHAPES[shape] + ' The Pellani are "vermin," he said. Tear gas was used.'
    report = analyze(text)
    assert report.findings  # something was found after the adversarial part
    for finding in report.findings:
        assert finding.text == text[finding.start:finding.end]


def test_long_text_findings_keep_exact_offsets_across_pieces() -> None:
    unit = ('The Pellani are "vermin," one caller said. Tear gas was used near the depot. '
            "Mistakes were made, officials admitted.\n\n")
    text = unit * (2 * PARSE_PIECE_CHARS // len(unit) + 3)
    report = analyze(text)
    late = [f for f in report.findings if f.start > PARSE_PIECE_CHARS]
    assert late and all(f.text == text[f.start:f.end] for f in report.findings)


@pytest.mark.parametrize("where", ["source", "analyze_many"])
def test_a_lone_surrogate_gives_the_readable_error_everywhere(where: str) -> None:
    broken = "The council met. \ud83d It said so."
    with pytest.raises(UnicodeEncodeError, match="broken character"):
        if where == "source":
            analyze("The council said \"it met\".", source=broken)
        else:
            analyze_many(["A fine text.", broken])


def test_the_library_limit_is_the_documented_one() -> None:
    assert nlp_module.MAX_CHARS == 400_000  # README and benchmarks/RESULTS.md say so
    with pytest.raises(ValueError, match="limit"):
        to_doc("x " * (nlp_module.MAX_CHARS // 2 + 1))
