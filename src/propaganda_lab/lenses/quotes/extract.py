"""Find every quotation in a text, who it is attributed to, and what kind of quote it is.

Quote marks are paired by a character scanner (not by spaCy, whose tokenizer does not know
which mark opens and which closes); spaCy's parse is then used only for attribution: the
speech verb that governs the quote and its subject.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from propaganda_lab.context import tokens_of
from propaganda_lab.lenses.quotes._lexicons import lexicons
from propaganda_lab.nlp import to_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Quote kinds a learner meets in this lens.
KINDS = ("speech", "scare", "title", "term")

_DOUBLE_MARKS = re.compile(r'["“”„«»]')
_SINGLE_MARKS = re.compile(r"['‘’]")
_OPENING_PUNCT = "([{—–-/:;,"
_CLOSING_PUNCT = ".,;:!?)]}—–-…"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
#: Longest single-quoted stretch taken as a quotation (longer pairs are apostrophes).
_MAX_SINGLE_QUOTE = 160
#: A quote of at most this many words with no speaker is a scare quote, not speech.
_SCARE_MAX_WORDS = 3
#: Tokens either side of a quote searched for its speech cue and speaker.
_FRAME_WINDOW = 40
_MAX_OFFSET = 1 << 62
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "nummod"}
_PRONOUNS = {"he", "she", "they", "i", "we"}


@dataclass(frozen=True)
class Quote:
    """One quotation: ``text`` is what is inside the marks, at ``start:end`` of the text."""

    text: str
    start: int
    end: int
    speaker: str | None
    cue: str | None
    kind: str
    #: Everything the text says about the speaker ("some general, ... Defence Staff").
    speaker_description: str | None = None
    #: Proper-name words of the speaker (for matching against a source's speakers).
    speaker_names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)


# --------------------------------------------------------------------------- mark pairing


def _char(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else " "


def _left_flank(text: str, pos: int) -> bool:
    """The mark can open: something follows it and it follows a space or opening punctuation."""
    before, after = _char(text, pos - 1), _char(text, pos + 1)
    return not after.isspace() and (before.isspace() or before in _OPENING_PUNCT or pos == 0)


def _right_flank(text: str, pos: int) -> bool:
    """The mark can close: it follows text and is followed by a space, punctuation or the end."""
    before, after = _char(text, pos - 1), _char(text, pos + 1)
    return not before.isspace() and (
        after.isspace() or after in _CLOSING_PUNCT or after in "\"'”’»" or pos == len(text) - 1
    )


def _opens(text: str, pos: int, mark: str) -> bool:
    if mark in "“„«":
        return not _char(text, pos + 1).isspace() or mark != "“"
    return mark == '"' and _left_flank(text, pos)


def _closes(text: str, pos: int, mark: str, opener: str) -> bool:
    if opener == "«":
        return mark == "»"
    if mark in "”»":
        return mark != "»"
    if mark == "“":
        return opener == "„" or _right_flank(text, pos)
    return mark == '"' and (_right_flank(text, pos) or not _left_flank(text, pos))


def _reopens_paragraph(text: str, last: int, pos: int, mark: str) -> bool:
    """A multi-paragraph quote: one paragraph break, then this opening mark starts the next."""
    gap = text[last + 1 : pos]
    breaks = list(_PARAGRAPH_BREAK.finditer(gap))
    return len(breaks) == 1 and not gap[breaks[0].end() :].strip() and mark in '"“«„'


def _double_quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner (start, end) of every paired double quote; stray marks are dropped, never raise."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    opener = ""
    last = 0
    for match in _DOUBLE_MARKS.finditer(text):
        pos, mark = match.start(), match.group()
        if open_at is not None and _PARAGRAPH_BREAK.search(text, last + 1, pos):
            if _reopens_paragraph(text, last, pos, mark):
                last = pos
                continue
            open_at = None  # the paragraph ended inside a quote: the opening mark was stray
        if open_at is None:
            if _opens(text, pos, mark):
                open_at, opener, last = pos, mark, pos
        elif _closes(text, pos, mark, opener):
            if text[open_at + 1 : pos].strip():
                spans.append((open_at + 1, pos))
            open_at = None
        elif _opens(text, pos, mark):
            open_at, opener, last = pos, mark, pos
    return spans


def _is_apostrophe(text: str, pos: int) -> bool:
    return _char(text, pos - 1).isalnum() and _char(text, pos + 1).isalnum()


def _single_quote_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quoted stretches outside double quotes, telling quotes from apostrophes."""
    inside = _merged(taken)
    marks = [
        m.start()
        for m in _SINGLE_MARKS.finditer(text)
        if not _inside_quote(m.start(), inside, 1) and not _is_apostrophe(text, m.start())
    ]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(marks):
        pos = marks[index]
        index += 1
        if text[pos] == "’" or not _left_flank(text, pos) or not _char(text, pos + 1).isalnum():
            continue
        for later_index in range(index, len(marks)):
            close = marks[later_index]
            if close - pos > _MAX_SINGLE_QUOTE or _PARAGRAPH_BREAK.search(text, pos, close):
                break
            if text[close] != "‘" and _right_flank(text, close):
                spans.append((pos + 1, close))
                index = later_index + 1
                break
    return spans


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner character spans of all quotations in ``text``, in reading order."""
    doubles = _double_quote_spans(text)
    return sorted(doubles + _single_quote_spans(text, doubles))


# --------------------------------------------------------------------------- attribution


def _tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _quote_root(span: Span) -> Token:
    """The quote's syntactic head: the first token whose head lies outside the quote."""
    for token in span:
        if token.head.i < span.start or token.head.i >= span.end or token.head.i == token.i:
            return token
    return span[0]


def _frame_tokens(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> list[Token]:
    """Tokens of the quote's sentence(s) that are outside every quote, plus a short
    following sentence such as ``she said.`` that spaCy split off.

    The frame is bounded to ``_FRAME_WINDOW`` tokens either side of the quote: a speech cue
    stands near what it introduces, and a text that spaCy parses as one huge sentence (a
    bullet list of quotes, a chain of semicolons) must not make every quote scan all of it.
    """
    first, last = span[0].sent, span[-1].sent
    start = max(first.start, span.start - _FRAME_WINDOW)
    end = min(last.end, span.end + _FRAME_WINDOW)
    tokens = list(doc[start:end])
    if last.end < len(doc) and end == last.end:
        following = doc[last.end].sent
        # Not when the short sentence holds a quotation of its own ('Critics call it
        # "progress".'): its verb introduces that quote, not this one.
        if len(following) <= 7 and not any(_inside_quote(t.idx, quoted, 0) for t in following):
            tokens += list(following)
    return [t for t in tokens if not _inside_quote(t.idx, quoted, 1)]


def _inside_quote(char: int, quoted: list[tuple[int, int]], margin: int) -> bool:
    """Whether ``char`` lies in one of the quote spans, widened by ``margin`` characters for
    the quote marks. ``quoted`` is sorted and merged (:func:`_merged`), so a binary search
    replaces a scan of every quote (which made lists of quotes quadratic)."""
    index = bisect.bisect_right(quoted, (char + margin, _MAX_OFFSET)) - 1
    return any(a - margin <= char < b + margin
               for a, b in quoted[max(index - 1, 0) : index + 2])


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quote spans sorted with nested and overlapping ones merged (a single-quoted phrase
    inside a double quotation belongs to it)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _adjacent(doc: Doc, cue: Token, span: Span) -> bool:
    """A cue right next to the quote (``"...," she said`` / ``said X: "..."``)."""
    between = doc[span.end : cue.i] if cue.i >= span.end else doc[cue.i + 1 : span.start]
    if len(between) > 8:
        return False
    return not any(t.text in {".", "!", "?"} or (t.is_quote and t.i not in (span.start - 1,
                                                                       span.end)) for t in between)


def _governs(cue: Token, span: Span) -> bool:
    """The cue heads the quote's clause, is inside it, or is its head (ancestor walks, not
    subtree scans: these run once per candidate verb)."""
    root = _quote_root(span)
    return cue == root or root.is_ancestor(cue) or cue.is_ancestor(root) or root.head == cue


def _find_cue(doc: Doc, span: Span, frame: list[Token]) -> Token | None:
    """The nearest speech verb (or 'according to') that governs or touches the quote."""
    lex = lexicons()
    candidates = []
    for token in frame:
        is_verb = token.lemma_.lower() in lex.speech_verbs and token.pos_ in {"VERB", "AUX"}
        according = token.lower_ == "according" and token.i + 1 < len(doc) and (
            doc[token.i + 1].lower_ == "to")
        if (is_verb or according) and (_governs(token, span) or _adjacent(doc, token, span)):
            distance = min(abs(token.i - span.start), abs(token.i - span.end))
            candidates.append((distance, token.i, token))
    return min(candidates)[2] if candidates else None


def _subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a speech verb, following conjuncts and participles up."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                # 'Mara Quill, who called the plan "ridiculous"': the relative pronoun
                # stands for the noun the clause hangs from
                if verb.dep_ == "relcl" and child.lower_ in {"who", "which", "that"}:
                    return verb.head
                return child
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ not in {"conj", "advcl", "xcomp", "acl", "ccomp"} or verb.head == verb:
            return None
        verb = verb.head
    return None


def _speaker_head(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    subject = _subject_of(cue)
    if subject is None and cue.sent.root != cue:
        subject = next((c for c in cue.sent.root.children if c.dep_ == "nsubj"), None)
    return subject


def _name_span(head: Token) -> tuple[int, int]:
    """Token range of the head's name: its compound/flat/title words and determiner."""
    start = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ in {"compound", "flat", "amod", "nmod"} and not (
                child.pos_ == "PROPN" or child.is_title or head.pos_ != "PROPN"):
            break
        if child.i == start - 1 and child.dep_ in {"compound", "flat", "det", "amod", "poss",
                                                   "nmod", "case", "punct"} and not child.is_quote:
            start = child.left_edge.i if child.dep_ == "compound" else child.i
            if child.dep_ == "poss":
                start = child.left_edge.i
    return start, head.i + 1


def _description(head: Token, quoted: list[tuple[int, int]]) -> str:
    """The subject's full phrase (appositions, 'of' phrases), without relative clauses."""
    skip = {t.i for c in head.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in skip
              and not _inside_quote(t.idx, quoted, 1)]
    tokens = tokens[:25]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    # The same characters as doc.text[first.idx:last end], without rebuilding doc.text.
    return head.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else head.text


def _names(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    titles = lexicons().titles
    return tuple(
        t.lower_ for t in doc[start:end] if t.pos_ == "PROPN" and t.lower_ not in titles
    )


@dataclass
class _Speaker:
    name: str
    names: tuple[str, ...]
    description: str
    position: int
    pronoun_gender: str | None = None


def _speaker_from_head(head: Token, quoted: list[tuple[int, int]]) -> _Speaker:
    if head.pos_ != "PROPN":
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                head = child
                break
    start, end = _name_span(head)
    doc = head.doc
    name = doc[start:end].text.strip(" ,")
    return _Speaker(name, _names(doc, start, end), _description(head, quoted), head.idx)


_NON_PERSON_ENTS = {"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART",
                    "LAW", "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL"}


def _subject_mentions(doc: Doc, quoted: list[tuple[int, int]]) -> list[_Speaker]:
    """Proper-noun sentence subjects outside quotes: the salient antecedents of 'she'/'he'."""
    mentions = []
    for token in tokens_of(doc):
        if token.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if token.pos_ != "PROPN":
            token = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                         token)
        if token.pos_ != "PROPN":
            continue
        if token.ent_type_ in _NON_PERSON_ENTS or _inside_quote(token.idx, quoted, 0):
            continue
        mentions.append(_speaker_from_head(token, quoted))
    return mentions


def _resolve_pronoun(pronoun: str, position: int, known: list[_Speaker],
                     mentions: list[_Speaker], genders: dict[tuple[str, ...], str]
                     ) -> _Speaker | None:
    """The most recent compatible person before ``position``: earlier speakers and
    proper-noun subjects; 'he'/'she' skip a person already referred to by the other."""
    if pronoun == "they":
        candidates = [s for s in known if s.position < position and not s.names]
    else:
        gender = {"he": "m", "she": "f"}[pronoun]
        candidates = [
            s for s in [*known, *mentions]
            if s.position < position and genders.get(s.names, gender) == gender
        ]
    if not candidates:
        return None
    best = max(candidates, key=lambda s: s.position)
    if pronoun in {"he", "she"} and best.names:
        genders[best.names] = {"he": "m", "she": "f"}[pronoun]
    return best


# --------------------------------------------------------------------------- kinds


def _words_before(doc: Doc, span: Span, count: int = 3) -> list[str]:
    before = [t.lower_ for t in doc[max(0, span.start - count - 1) : span.start]
              if not t.is_quote and not t.is_punct]
    return before[-count:]


def _marker_kind(doc: Doc, span: Span) -> str | None:
    lex = lexicons()
    before = " ".join(_words_before(doc, span))
    if any(before.endswith(m) for m in lex.scare_markers):
        return "scare"
    words = before.split()
    # 'dismissed the report as "propaganda"' names what the report is called, not its title
    if words[-1:] != ["as"] and any(word in lex.title_markers for word in words[-2:]):
        return "title"
    if any(before.endswith(f" {m}") or before == m for m in lex.term_markers):
        return "term"
    return None


def _is_modifier(span: Span) -> bool:
    root = _quote_root(span)
    return root.dep_ in _MODIFIER_DEPS and not (span.start <= root.head.i < span.end)


def _in_subject(span: Span, cue: Token) -> bool:
    """The quote is (inside) the subject of its own speech verb: 'The "experts" say ...' puts
    marks on who speaks, not on what they said."""
    root = _quote_root(span)
    subjects = [c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}]
    # '"Revulsion," Haig said': spaCy may make the quote a second subject beside the speaker
    return span.end <= cue.i and bool(subjects) and all(
        root == subject or (root.head == subject and root.dep_ in _MODIFIER_DEPS)
        for subject in subjects)


def _speakers_word(span: Span, cue: Token | None, speaker: _Speaker | None) -> bool:
    """A short quote that is what a named speaker calls something ('Venn called the plan
    "ridiculous"', 'described the move as "reckless"') or the predicate of what they said
    ('said the plan was "ridiculous"'): the marked words are the speaker's, as a news report
    uses them, not the reporter's doubt. A marked modifier inside a reported clause ('critics
    say the union's "safety" argument ...') may be either's, and stays a scare quote."""
    if cue is None or speaker is None or cue.lower_ == "according" or (
            speaker.name.lower() in {"i", "we"}):
        return False
    root = _quote_root(span)
    if not (cue.is_ancestor(root) or root.head == cue) or _in_subject(span, cue):
        return False
    if cue.lemma_.lower() in lexicons().naming_verbs:
        return True
    return root.dep_ in {"attr", "acomp", "oprd"}


def _kind(doc: Doc, span: Span, n_words: int, cue: Token | None,
          speaker: _Speaker | None) -> str:
    marked = _marker_kind(doc, span)
    if marked:
        return marked
    if cue is not None and _in_subject(span, cue):
        return "scare"
    if n_words <= _SCARE_MAX_WORDS and _is_modifier(span) and not _speakers_word(
            span, cue, speaker):
        return "scare"
    has_speaker = speaker is not None
    if cue is not None or (has_speaker and n_words > _SCARE_MAX_WORDS):
        return "speech"
    return "scare" if n_words <= _SCARE_MAX_WORDS else "speech"


# --------------------------------------------------------------------------- main


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return _PARAGRAPH_BREAK.search(text, a, b) is None


def _colon_subject(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> _Speaker | None:
    """``The union was blunt: "..."`` — the subject of the sentence that introduces the quote."""
    before = [t for t in doc[max(0, span.start - 3) : span.start] if not t.is_quote]
    if not before or before[-1].text != ":":
        return None
    # The colon hangs from the clause it closes, or (as spaCy often parses it) from the
    # quote's first word, which hangs from that clause: look up the heads for its subject.
    subject = None
    for head in [before[-1].head, *before[-1].head.ancestors][:4]:
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}
                        and c.i < before[-1].i), None)
        if subject is not None:
            break
    if subject is None or subject.pos_ not in {"PROPN", "NOUN"}:
        return None
    if _inside_quote(subject.idx, quoted, 0):
        return None
    return _speaker_from_head(subject, quoted)


@dataclass
class _Context:
    """What attribution remembers while walking through a text's quotes."""

    doc: Doc
    quoted: list[tuple[int, int]]
    known: list[_Speaker]
    mentions: list[_Speaker]
    genders: dict[tuple[str, ...], str]


def _attribute(span: Span, context: _Context) -> tuple[_Speaker | None, Token | None]:
    doc, quoted = context.doc, context.quoted
    cue = _find_cue(doc, span, _frame_tokens(doc, span, quoted))
    head = _speaker_head(cue) if cue is not None else None
    if head is not None and _inside_quote(head.idx, quoted, 0):
        head = None
    if head is None and cue is None:
        cue, head = _clause_complement(span, quoted)
    if head is None:
        return _colon_subject(doc, span, quoted), cue
    if head.lower_ in _PRONOUNS:
        if head.lower_ in {"i", "we"}:
            return _Speaker(head.text, (), head.text, head.idx), cue
        resolved = _resolve_pronoun(head.lower_, head.idx, context.known, context.mentions,
                                    context.genders)
        return resolved, cue
    if head.pos_ == "PRON":
        return None, cue
    return _speaker_from_head(_same_paragraph_head(head, span), quoted), cue


def _same_paragraph_head(head: Token, span: Span) -> Token:
    """spaCy sometimes glues a signature line onto the next paragraph's subject
    ('Marta Oberin, General Secretary / Jonas Petrik, a driver, said:'); take the name that
    stands in the quote's own paragraph."""
    # Only the stretch between head and quote (doc.text is rebuilt on every access).
    region = head.doc[head.i : span.start].text_with_ws
    breaks = [head.idx + m.end() for m in _PARAGRAPH_BREAK.finditer(region)]
    if not breaks:
        return head
    after = [t for t in head.subtree if t.idx >= breaks[-1] and t.pos_ == "PROPN"]
    if not after:
        return head
    token = after[0]
    while token.dep_ in {"compound", "flat"} and token.head.pos_ == "PROPN":
        token = token.head
    return token


def _clause_complement(span: Span, quoted: list[tuple[int, int]]
                       ) -> tuple[Token | None, Token | None]:
    """``X made it clear that "..."``: a quoted clause is the complement of a verb whose
    subject (outside the quotes) is taken as the speaker."""
    root = _quote_root(span)
    if root.dep_ != "ccomp" or len(span) <= _SCARE_MAX_WORDS:
        return None, None
    verb = root.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in {"PROPN", "NOUN"}:
        return None, None
    if _inside_quote(subject.idx, quoted, 0):
        return None, None
    return verb, subject


def _cue_text(cue: Token | None) -> str | None:
    if cue is None:
        return None
    return "according to" if cue.lower_ == "according" else cue.text


def extract_quotes(text_or_doc: str | Doc) -> list[Quote]:
    """Every quotation in the text with its speaker, speech cue and kind (never raises on odd
    quote marks: unpaired marks are ignored)."""
    doc = to_doc(text_or_doc)
    text = doc.text
    spans = quote_spans(text)
    inside = _merged(spans)
    context = _Context(doc, inside, [], _subject_mentions(doc, inside), {})
    quotes: list[Quote] = []
    previous: tuple[Quote, int] | None = None
    for start, end in spans:
        tokens = _tokens_in(doc, start, end)
        if tokens is None or len(tokens) == 0:
            continue
        speaker, cue = _attribute(tokens, context)
        n_words = len(_WORD.findall(text[start:end]))
        if speaker is None and cue is None and previous and previous[0].kind == "speech" and (
                _same_paragraph(text, previous[1], start) and n_words > _SCARE_MAX_WORDS):
            prior = previous[0]
            speaker = _Speaker(prior.speaker or "", prior.speaker_names,
                               prior.speaker_description or "", start) if prior.speaker else None
        kind = _kind(doc, tokens, n_words, cue, speaker)
        if speaker is not None and kind == "speech":
            context.known.append(speaker)
        quote = Quote(
            text=text[start:end], start=start, end=end,
            speaker=speaker.name if speaker and kind == "speech" else None,
            cue=_cue_text(cue) if kind == "speech" else None, kind=kind,
            speaker_description=speaker.description if speaker and kind == "speech" else None,
            speaker_names=speaker.names if speaker and kind == "speech" else (),
        )
        quotes.append(quote)
        previous = (quote, end)
    return quotes
