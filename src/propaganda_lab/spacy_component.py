"""propaganda_lab as a spaCy pipeline component: ``nlp.add_pipe("propaganda_lab")``.

The component runs every registered detector through ``pipeline.run`` and writes the
normalised findings to ``doc.spans``:

* ``doc.spans["propaganda_lab"]``: every finding, the span label is the technique id;
* ``doc.spans["propaganda_lab.framing"]``, ``["propaganda_lab.quoting"]``,
  ``["propaganda_lab.dehumanization"]``: the same, one group per lens.

Each span carries its finding through ``Span._`` extensions: ``span._.finding`` (the
:class:`~propaganda_lab.findings.Finding`), and ``span._.technique``, ``._.rule``,
``._.evidence``, ``._.confidence``, ``._.lens``. Spans are whole tokens (``Doc.spans`` needs
that); the Finding keeps the exact character offsets. The findings are stored in
``doc.user_data`` as plain data, so ``Doc.to_bytes`` and ``DocBin(store_user_data=True)`` keep
them. ``displacy.render(doc, style="span", options={"spans_key": "propaganda_lab"})`` shows
them. ``analyze()`` is a thin layer over :func:`annotate`, so both give the same findings.

The factory is registered under spaCy's ``spacy_factories`` entry point, so the name works in
any pipeline once propaganda_lab is installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from propaganda_lab.context import context_for
from propaganda_lab.findings import Finding
from propaganda_lab.options import RunOptions
from propaganda_lab.pipeline import run
from propaganda_lab.techniques import LENSES, lens_of

if TYPE_CHECKING:
    from spacy.vocab import Vocab

    from propaganda_lab.lenses.quotes.source import Source

SPANS_KEY = "propaganda_lab"
#: ``doc.spans`` key of each lens's group.
LENS_KEYS = {lens: f"{SPANS_KEY}.{lens}" for lens in LENSES}
_STORE = "propaganda_lab_findings"


def _key(technique: str, start: int, end: int) -> str:
    return f"{technique}|{start}|{end}"


def _span_finding(span: Span) -> Finding | None:
    stored = span.doc._.get(_STORE) or {}
    entries = stored.get(_key(span.label_, span.start_char, span.end_char))
    return Finding.from_dict(entries[0]) if entries else None


def _field(name: str) -> Any:
    def getter(span: Span) -> Any:
        found = _span_finding(span)
        return None if found is None else getattr(found, name)
    return getter


def register_extensions() -> None:
    """Register the ``Doc._`` / ``Span._`` extensions (idempotent)."""
    if not Doc.has_extension(_STORE):
        Doc.set_extension(_STORE, default=None)
    if not Span.has_extension("finding"):
        Span.set_extension("finding", getter=_span_finding)
    for name in ("technique", "rule", "evidence", "confidence", "lens", "voice"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_field(name))


def write_findings(doc: Doc, findings: Iterable[Finding], spans_key: str = SPANS_KEY) -> None:
    """Put findings on a Doc: span groups (all and per lens) plus the exact findings."""
    register_extensions()
    stored: dict[str, list[dict[str, Any]]] = {}
    everything: list[Span] = []
    by_lens: dict[str, list[Span]] = {lens: [] for lens in LENSES}
    for finding in findings:
        span = doc.char_span(finding.start, finding.end, label=finding.technique,
                             alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        key = _key(finding.technique, span.start_char, span.end_char)
        if key not in stored:
            everything.append(span)
            by_lens[finding.lens or lens_of(finding.technique)].append(span)  # hand-made: no lens
        stored.setdefault(key, []).append(finding.to_dict())
    doc.spans[spans_key] = everything
    if spans_key == SPANS_KEY:
        for lens, spans in by_lens.items():
            doc.spans[LENS_KEYS[lens]] = spans
    doc._.set(_STORE, stored)


def read_findings(doc: Doc) -> list[Finding]:
    """Every finding the component wrote on a Doc, with exact offsets, in reading order."""
    register_extensions()
    stored = doc._.get(_STORE) or {}
    found = [Finding.from_dict(data) for entries in stored.values() for data in entries]
    return sorted(found, key=lambda f: (f.start, f.end, f.technique, f.rule or ""))


def annotate(doc: Doc, group_terms: Iterable[str] | str | None = None,
             spans_key: str = SPANS_KEY, sources: Iterable[Source] = ()) -> list[Finding]:
    """Run every registered detector on a Doc, write the findings to it, and return them.

    ``group_terms`` names the group the dehumanization lens looks at (None: every group
    found); ``sources`` are parsed sources to check the quotes against (``analyze`` passes
    them; none: quotes are judged from the text alone). Both belong to this call only.
    """
    findings = run(context_for(doc), RunOptions.of(sources, group_terms))
    write_findings(doc, findings, spans_key)
    return findings


class PropagandaLabComponent:
    """The pipeline component: ``doc = nlp(text)`` then ``doc.spans["propaganda_lab"]``."""

    def __init__(self, vocab: Vocab, group_terms: list[str] | None = None,
                 spans_key: str = SPANS_KEY) -> None:
        self.vocab = vocab
        self.group_terms = group_terms
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        annotate(doc, self.group_terms, self.spans_key)
        return doc


@Language.factory(
    "propaganda_lab",
    default_config={"group_terms": None, "spans_key": SPANS_KEY},
    requires=["token.dep", "token.pos", "token.lemma", "doc.sents", "doc.ents"],
    assigns=["doc.spans"],
)
def make_propaganda_lab(nlp: Language, name: str, group_terms: list[str] | None,
                        spans_key: str) -> PropagandaLabComponent:
    """spaCy factory for :class:`PropagandaLabComponent`."""
    return PropagandaLabComponent(nlp.vocab, group_terms, spans_key)
