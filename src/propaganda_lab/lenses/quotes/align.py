"""Trace a quote to its source and name what was cut, changed, joined or misattributed.

Two steps, as a careful reader would do it: find the candidate sentences (a word index
narrows a long source to a few sentences, then rapidfuzz's partial_ratio ranks them), then
align the quote word by word against those sentences (greedy tiling of common runs, so
pieces used out of order or from different answers are still found) and read the flags off
that alignment.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process

from propaganda_lab.lenses.quotes._lexicons import lexicons
from propaganda_lab.lenses.quotes.extract import Quote
from propaganda_lab.lenses.quotes.source import Source, SourceSentence, normalise, words_of

#: The flag names, in the order a learner should read them.
FLAGS = ("exact", "altered", "clipped", "spliced", "dropped_qualifier", "context_reversed",
         "misattributed", "not_found")
#: A quote is traced when at least this share of its words align with the source.
MIN_COVERAGE = 0.5
#: Source words skipped inside one matched stretch before it counts as two pieces.
MAX_INNER_GAP = 4
_CANDIDATES_PER_PIECE = 3
_PRESELECT = 12
_TOO_COMMON = 4000
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…|\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)")
_HYPOTHETICAL = re.compile(r"\b(?:would|if|suppose|imagine|what happens)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A stretch of the source: character offsets and the words there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DroppedQualifier:
    """A limiting word cut from the speaker's sentence, and what kind of limit it was."""

    phrase: str
    category: str
    start: int
    end: int
    explanation: str


@dataclass(frozen=True)
class QuoteCheck:
    """The verdict on one quote against one source."""

    quote: Quote
    found: bool
    source_start: int | None
    source_end: int | None
    similarity: float
    segments: tuple[Segment, ...]
    context_before: str
    context_after: str
    omitted: tuple[Segment, ...]
    source_speaker: str | None
    flags: frozenset[str]
    explanations: Mapping[str, str] = field(default_factory=dict, compare=False)
    dropped: tuple[DroppedQualifier, ...] = ()
    #: The neighbouring sentence that reverses the quote (context_reversed), if any.
    reversal: Segment | None = None
    #: Quote words with no counterpart in the source (added or changed).
    inserted: tuple[str, ...] = ()
    #: Source words removed from inside a matched stretch.
    deleted: tuple[str, ...] = ()
    #: Indices into ``Source.sentences`` of the sentences the match touches.
    sentence_indices: tuple[int, ...] = ()

    def explain(self) -> list[str]:
        """One line per flag, in reading order."""
        return [self.explanations[f] for f in FLAGS if f in self.flags and f in self.explanations]


class _Tile(NamedTuple):
    q_start: int
    length: int
    w_start: int  # index into Source.words


# --------------------------------------------------------------------------- candidates


def _pieces(quote: Quote, q_words: list[tuple[str, int, int]]) -> list[int]:
    """Piece number of each quote word: an ellipsis inside the quote starts a new piece."""
    cuts = [m.start() + quote.start for m in _ELLIPSIS.finditer(quote.text)]
    return [sum(1 for c in cuts if c < start) for _, start, _ in q_words]


def _sentence_text(source: Source, sentence: SourceSentence) -> str:
    return " ".join(norm for norm, _, _ in words_of(sentence.text))


def _candidate_sentences(source: Source, norms: list[str], pieces: list[int]) -> list[int]:
    """Sentences worth aligning: index votes (rarer words weigh more), rapidfuzz re-ranks."""
    chosen: set[int] = set()
    for piece in sorted(set(pieces)):
        words = [w for w, p in zip(norms, pieces, strict=True) if p == piece]
        votes: dict[int, float] = defaultdict(float)
        for word in set(words):
            positions = source.index.get(word, ())
            if not positions or len(positions) > _TOO_COMMON:
                continue
            weight = 1.0 / (1.0 + math.log(len(positions)))
            for sentence in {source.words[i].sentence for i in positions}:
                votes[sentence] += weight
        shortlist = sorted(votes, key=lambda s: (-votes[s], s))[:_PRESELECT]
        choices = {s: _sentence_text(source, source.sentences[s]) for s in shortlist}
        ranked = process.extract(" ".join(words), choices, scorer=fuzz.partial_ratio,
                                 limit=_CANDIDATES_PER_PIECE, score_cutoff=40)
        chosen.update(key for _, _, key in ranked)
    window = {n for s in chosen for n in (s - 1, s, s + 1) if 0 <= n < len(source.sentences)}
    return sorted(window)


# --------------------------------------------------------------------------- alignment


def _window_words(source: Source, sentences: list[int]) -> list[int]:
    return [i for s in sentences for i in _sentence_word_ids(source, s)]


def _sentence_word_ids(source: Source, sentence: int) -> range:
    sent = source.sentences[sentence]
    first = _first_word_at(source, sent.start)
    last = first
    while last < len(source.words) and source.words[last].sentence == sentence:
        last += 1
    return range(first, last)


def _first_word_at(source: Source, position: int) -> int:
    lo, hi = 0, len(source.words)
    while lo < hi:
        mid = (lo + hi) // 2
        if source.words[mid].start < position:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _tiles(norms: list[str], pieces: list[int], source: Source, window: list[int]
           ) -> list[_Tile]:
    """Greedy tiling: repeatedly take the longest run shared by the quote and the window."""
    positions: dict[str, list[int]] = defaultdict(list)
    for w in window:
        positions[source.words[w].norm].append(w)
    in_window = set(window)
    used_q: set[int] = set()
    used_w: set[int] = set()
    tiles: list[_Tile] = []
    while True:
        best = _Tile(0, 0, 0)
        for i, word in enumerate(norms):
            if i in used_q:
                continue
            for w in positions.get(word, ()):
                length = _run_length(norms, pieces, source, i, w, used_q, used_w, in_window)
                if length > best.length:
                    best = _Tile(i, length, w)
        if best.length < 2:
            break
        tiles.append(best)
        used_q.update(range(best.q_start, best.q_start + best.length))
        used_w.update(range(best.w_start, best.w_start + best.length))
    tiles += _single_word_tiles(norms, pieces, source, tiles, used_q, used_w)
    return sorted(tiles)


def _run_length(norms: list[str], pieces: list[int], source: Source, i: int, w: int,
                used_q: set[int], used_w: set[int], in_window: set[int]) -> int:
    length = 0
    while (
        i + length < len(norms) and w + length in in_window
        and i + length not in used_q and w + length not in used_w
        and norms[i + length] == source.words[w + length].norm
        and pieces[i + length] == pieces[i]
    ):
        length += 1
    return length


def _single_word_tiles(norms: list[str], pieces: list[int], source: Source, tiles: list[_Tile],
                       used_q: set[int], used_w: set[int]) -> list[_Tile]:
    """A lone word right next to a matched run ('was ... not a decision') also aligns."""
    extra: list[_Tile] = []
    for tile in tiles:
        for direction in (-1, 1):
            edge_q = tile.q_start - 1 if direction < 0 else tile.q_start + tile.length
            edge_w = tile.w_start - 1 if direction < 0 else tile.w_start + tile.length
            for q in _nearby(edge_q, direction, len(norms)):
                if q in used_q or pieces[q] != pieces[tile.q_start]:
                    continue
                for w in _nearby(edge_w, direction, len(source.words)):
                    if w not in used_w and source.words[w].norm == norms[q]:
                        extra.append(_Tile(q, 1, w))
                        used_q.add(q)
                        used_w.add(w)
                        break
    return extra


def _nearby(start: int, direction: int, limit: int) -> list[int]:
    steps = [start + direction * k for k in range(MAX_INNER_GAP)]
    return [s for s in steps if 0 <= s < limit]


class _Run(NamedTuple):
    """Tiles merged into one matched stretch of the source."""

    q_first: int
    q_last: int
    w_first: int
    w_last: int
    piece: int


def _merge(tiles: list[_Tile], pieces: list[int]) -> list[_Run]:
    runs: list[_Run] = []
    for tile in tiles:
        q_last, w_last = tile.q_start + tile.length - 1, tile.w_start + tile.length - 1
        piece = pieces[tile.q_start]
        if runs:
            prev = runs[-1]
            gap = tile.w_start - prev.w_last - 1
            same_piece = piece == prev.piece and 0 <= gap <= MAX_INNER_GAP
            if same_piece or (gap == 0 and tile.q_start == prev.q_last + 1):
                runs[-1] = _Run(prev.q_first, q_last, prev.w_first, w_last, piece)
                continue
        runs.append(_Run(tile.q_start, q_last, tile.w_start, w_last, piece))
    return runs


# --------------------------------------------------------------------------- reading flags


def _segment(source: Source, first_word: int, last_word: int) -> Segment:
    start, end = source.words[first_word].start, source.words[last_word].end
    return Segment(start, end, source.text[start:end])


def _edge_is_mid_sentence(source: Source, word: int, step: int) -> bool:
    """True if real words (not fillers like 'frankly') lie between ``word`` and the edge of
    its sentence in direction ``step``."""
    fillers = lexicons().fillers
    sentence = source.words[word].sentence
    i = word + step
    while 0 <= i < len(source.words) and source.words[i].sentence == sentence:
        if source.words[i].norm not in fillers:
            return True
        i += step
    return False


def _omitted(source: Source, runs: list[_Run]) -> list[Segment]:
    """Source words of the touched sentences that the quote left out, as runs."""
    covered = {w for run in runs for w in range(run.w_first, run.w_last + 1)}
    touched = sorted({source.words[w].sentence for w in covered})
    pieces: list[Segment] = []
    for sentence in touched:
        ids = [w for w in _sentence_word_ids(source, sentence) if w not in covered]
        for group in _consecutive(ids):
            pieces.append(_segment(source, group[0], group[-1]))
    return pieces


def _consecutive(ids: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for i in ids:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _dropped(omitted: list[Segment], quote_text: str) -> list[DroppedQualifier]:
    lex = lexicons()
    kept = {normalise(m.group()) for m in lex.qualifier_pattern.finditer(quote_text)}
    found = []
    for piece in omitted:
        for match in lex.qualifier_pattern.finditer(piece.text):
            phrase = normalise(match.group())
            if phrase in kept:
                continue
            cue = lex.qualifier(phrase)
            found.append(DroppedQualifier(match.group(), cue.category,
                                          piece.start + match.start(), piece.start + match.end(),
                                          cue.explanation))
    return found


def _reverses(sentence: SourceSentence) -> bool:
    lex = lexicons()
    lowered = normalise(sentence.text).lstrip(" \"'“‘-–—")
    opens = any(re.match(rf"{re.escape(o)}\b", lowered) for o in lex.reversal_openers)
    return opens or any(d in lowered for d in lex.reversal_denials)


def _reversal(source: Source, touched: list[int], speaker: str | None
              ) -> tuple[SourceSentence, str] | None:
    """The same speaker's next sentence reverses the quote, or the quote answered a
    hypothetical question."""
    after = touched[-1] + 1
    if after < len(source.sentences):
        nxt = source.sentences[after]
        if nxt.speaker == speaker and _reverses(nxt):
            return nxt, "after"
    first = source.sentences[touched[0]]
    before = touched[0] - 1
    if before >= 0:
        prev = source.sentences[before]
        if prev.speaker == speaker and prev.turn == first.turn and any(
                d in normalise(prev.text) for d in lexicons().reversal_denials):
            return prev, "before"
        if (source.kind == "transcript" and prev.speaker != speaker and prev.is_question
                and _HYPOTHETICAL.search(prev.text)):
            return prev, "hypothetical"
    return None


# --------------------------------------------------------------------------- speakers


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[0].isupper()).lower()


def same_speaker(quote: Quote, source_speaker: str | None, source: Source) -> bool | None:
    """Does the article's speaker match the source's? None when it cannot be told."""
    if not quote.speaker or not source_speaker or quote.speaker.lower() in {"i", "we"}:
        return None
    src_names = set(source.speaker_names.get(source_speaker, ()))
    if quote.speaker_names and src_names:
        if set(quote.speaker_names) & src_names:
            return True
        article_words = re.findall(r"\w+", quote.speaker_description or quote.speaker)
        return _acronym(article_words) in src_names or source_speaker.lower() == _acronym(
            article_words)
    return _same_by_title(quote, source_speaker, source)


def _same_by_title(quote: Quote, source_speaker: str, source: Source) -> bool | None:
    """Unnamed speakers ('some general', 'the Prime Minister'): compare title words with
    the words the source uses for each of its speakers; the best overlap wins."""
    titles = lexicons().titles
    described = quote.speaker_description or quote.speaker or ""
    words = {w.lower() for w in re.findall(r"\w+", described)
             if len(w) > 2 and (w[0].isupper() or w.lower() in titles)}
    scores = {s: len(words & set(a)) for s, a in source.aliases.items()}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    return scores.get(source_speaker, 0) == best


# --------------------------------------------------------------------------- one quote


def _not_found(quote: Quote, coverage: float) -> QuoteCheck:
    return QuoteCheck(
        quote, False, None, None, round(coverage, 3), (), "", "", (), None,
        frozenset({"not_found"}),
        {"not_found": f"No adequate match in the source (the closest passage shares only "
                      f"{coverage:.0%} of the quoted words): fabricated, or too paraphrased "
                      "to trace."},
    )


def _quote_norms(quote: Quote) -> tuple[list[str], list[int], list[tuple[str, int, int]]]:
    q_words = words_of(quote.text, quote.start)
    return [w for w, _, _ in q_words], _pieces(quote, q_words), q_words


def check_quote(quote: Quote, source: Source) -> QuoteCheck:
    """Trace one quote in a parsed source (see ``parse_source``)."""
    norms, pieces, _ = _quote_norms(quote)
    if not norms or not source.words:
        return _not_found(quote, 0.0)
    window = _window_words(source, _candidate_sentences(source, norms, pieces))
    tiles = _tiles(norms, pieces, source, window)
    matched = sum(t.length for t in tiles)
    coverage = matched / len(norms)
    if coverage < MIN_COVERAGE or matched < min(2, len(norms)):
        return _not_found(quote, coverage)
    return _verdict(quote, source, norms, tiles, _merge(tiles, pieces), coverage)


def _verdict(quote: Quote, source: Source, norms: list[str], tiles: list[_Tile],
             runs: list[_Run], coverage: float) -> QuoteCheck:
    matched_q = {t.q_start + k for t in tiles for k in range(t.length)}
    matched_w = {t.w_start + k for t in tiles for k in range(t.length)}
    inserted = tuple(norms[i] for i in range(len(norms)) if i not in matched_q)
    deleted = tuple(source.words[w].norm for run in runs
                    for w in range(run.w_first, run.w_last + 1) if w not in matched_w)
    segments = tuple(_segment(source, r.w_first, r.w_last) for r in runs)
    touched = sorted({source.words[w].sentence for r in runs for w in (r.w_first, r.w_last)})
    first_sent, last_sent = source.sentences[touched[0]], source.sentences[touched[-1]]
    speaker = source.speaker_at(segments[0].start)
    omitted = _omitted(source, runs)
    dropped = _dropped(omitted, quote.text)
    reversal = _reversal(source, touched, speaker)
    flags, lines = _flags(quote, source, runs, inserted, deleted, dropped, reversal, speaker)
    span_words = sum(r.w_last - r.w_first + 1 for r in runs)
    return QuoteCheck(
        quote=quote, found=True,
        source_start=min(s.start for s in segments), source_end=max(s.end for s in segments),
        similarity=round(2 * len(matched_q) / (len(norms) + span_words), 3),
        segments=segments,
        context_before=source.text[first_sent.start : segments[0].start].strip(),
        context_after=source.text[segments[-1].end : last_sent.end].strip(),
        omitted=tuple(omitted), source_speaker=speaker, flags=frozenset(flags),
        explanations=lines, dropped=tuple(dropped),
        reversal=Segment(reversal[0].start, reversal[0].end, reversal[0].text)
        if reversal else None,
        inserted=inserted, deleted=deleted, sentence_indices=tuple(touched),
    )


def shorten(text: str, limit: int = 90) -> str:
    """The text on one line, cut with an ellipsis at ``limit`` characters (for evidence)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _flags(quote: Quote, source: Source, runs: list[_Run], inserted: tuple[str, ...],
           deleted: tuple[str, ...], dropped: list[DroppedQualifier],
           reversal: tuple[SourceSentence, str] | None, speaker: str | None
           ) -> tuple[set[str], dict[str, str]]:
    lines: dict[str, str] = {}
    if len(runs) == 1 and not inserted and not deleted:
        lines["exact"] = "Word for word: the quote matches the source (ignoring case and " \
                         "punctuation)."
    if inserted or deleted:
        lines["altered"] = _altered_line(inserted, deleted)
    starts_mid = _edge_is_mid_sentence(source, runs[0].w_first, -1)
    ends_mid = _edge_is_mid_sentence(source, runs[-1].w_last, 1)
    if starts_mid or ends_mid:
        where = " and ".join(p for p, on in (("starts", starts_mid), ("ends", ends_mid)) if on)
        lines["clipped"] = f"The quote {where} in the middle of the speaker's sentence."
    if len(runs) > 1:
        lines["spliced"] = (f"The quote glues together {len(runs)} pieces from different places "
                            "in the source, as if they were said together.")
    if dropped:
        cues = "; ".join(f"'{d.phrase}' ({d.explanation})" for d in dropped[:3])
        lines["dropped_qualifier"] = f"Cut from the speaker's sentence: {cues}."
    if reversal:
        lines["context_reversed"] = _reversal_line(*reversal)
    attributed = same_speaker(quote, speaker, source)
    if attributed is False:
        lines["misattributed"] = (f"The article credits these words to {quote.speaker}, but in "
                                  f"the source they were said by {speaker}.")
    return set(lines), lines


def _altered_line(inserted: tuple[str, ...], deleted: tuple[str, ...]) -> str:
    parts = []
    if inserted:
        parts.append(f"the quote has '{' '.join(inserted)}', which the source does not")
    if deleted:
        parts.append(f"the source's '{' '.join(deleted)}' is missing")
    return "The wording inside the quotation marks was changed: " + " and ".join(parts) + "."


def _reversal_line(sentence: SourceSentence, where: str) -> str:
    said = shorten(sentence.text)
    if where == "hypothetical":
        return f"These words answered a hypothetical question: '{said}'."
    if where == "before":
        return f"Just before this, the same speaker says: '{said}'."
    return f"Right after this, the same speaker says: '{said}'."
