"""Pasted news reports found without a "Source:" line: wire phrasing and a change of register.

A partisan post often pastes agency copy straight after its own lead-in ("Look what they are
admitting now"), with no "According to Reuters:" line. The pasted report still shows itself:

* **wire phrasing**: a dateline ("KABUL (Reuters) -", "WASHINGTON —"), an outlet credited with
  the reporting ("a letter seen by Reuters", "told AFP"), and the formulas of agency copy
  ("told reporters", "said on Monday", "declined to comment", "officials said");
* **the register changes**: the author's own lines have a blogger's marks outside quotation
  marks (I/we/you, "!" and "?", contractions, "lol", shouting in capitals) and wire copy has none.

A run of lines in wire register becomes a pasted report when it is set off by the author's
own lines: it starts with a dateline or with an outlet's credit after a line in the author's
register (or a lead-in such as "Here's the story:"), and the text around it is the author's.
A news report that is the whole text (a headline, a dateline, then the story) is not pasted
material: it has no lead-in in another register, so it stays the author's (the reporter's).

Each line of the text is one unit (in PTC-style articles a line is a sentence); the report
runs from its first wire line up to the next line in the author's register.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from propaganda_lab.datafiles import load_json
from propaganda_lab.lenses.quotes._lexicons import phrase_regex
from propaganda_lab.lenses.quotes.extract import quote_spans

__all__ = ["PASTED_REPORT", "PastedReport", "pasted_reports"]

#: The speaker of a pasted report whose outlet the text does not name.
PASTED_REPORT = "pasted report"
#: A first line of at most this many words, without a full stop, is the text's title.
TITLE_MAX_WORDS = 25
#: ... or at most this many when no blank line sets it off (and it does not lead in).
SHORT_TITLE_WORDS = 15
#: A lead-in line without a colon ("Here's the Reuters story", "Via the AP") has at most
#: this many words and opens with its pointer or the outlet.
LEAD_IN_MAX_WORDS = 12
#: Wire formulas a report needs besides its dateline or credit (one line of wire phrasing in
#: the author's own paragraph is a citation, not a pasted report).
MIN_WIRE_CUES = 2
#: A dateline report counts as pasted when the author's register shows within this many
#: lines before it (a lead-in), or anywhere after it (comments on it).
AUTHOR_WINDOW = 3

_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SAID_ON_DAY = re.compile(
    rf"\b(?:said|says|told|announced|reported|added|confirmed|denied)\s+(?:on\s+|late\s+|"
    rf"early\s+)?{_WEEKDAYS}\b|\b(?:on|late|early)\s+{_WEEKDAYS}\b")
#: Editorial labels in capitals that open a line like a dateline but name no place.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "URGENT", "VIDEO",
               "PHOTOS", "OPINION", "EDITORIAL", "ANALYSIS", "NEW", "ALERT", "WOW", "LOL",
               "NOTE", "EDITOR", "PS", "FACT", "FACTS", "TRUTH", "WARNING", "LISTEN", "READ",
               "SOURCE", "UPDATE:", "MUST", "THIS", "THE", "WHY", "HOW", "WHAT"}
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,4})"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&'’-]{0,40})\)\s*)?"
    r"(?:--|[-—–])\s+\S")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_CONTRACTION = re.compile(r"\w(?:n['’]t|['’](?:re|ve|ll|m|d))\b"
                          r"|\b(?:here|that|it|there|what|who|he|she|where|how|let)['’]s\b",
                          re.IGNORECASE)
_PERSONAL = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're",
             "we've", "we'll", "we'd", "us", "our", "ours", "ourselves", "let's", "you",
             "you're", "you've", "you'll", "you'd", "your", "yours", "yourself", "yourselves"}
#: Openers of a blogger's line when a comma follows ('Well, ...', 'Look, ...'); 'So' alone.
_CHATTY_OPENERS = {"so", "well", "now", "yes", "no", "oh", "sure", "again", "remember",
                   "folks", "look", "see", "hey", "wait", "listen"}


@dataclass(frozen=True)
class PastedReport:
    """Characters ``start:end`` of the text that are a pasted report, and its outlet."""

    start: int
    end: int
    speaker: str
    #: What gave it away ("the dateline 'KABUL (Reuters) -'", "'told reporters'").
    cues: tuple[str, ...]


@dataclass(frozen=True)
class _Cues:
    attribution: re.Pattern[str]
    #: One word of every attribution formula and every outlet's name: a line with none of
    #: them skips the (slow, many-branched) regexes.
    attribution_keys: tuple[str, ...]
    agency_keys: tuple[str, ...]
    #: How agency copy credits its own outlet: "(Reuters)", "seen by Reuters", "told AFP".
    credit: re.Pattern[str]
    #: How anyone cites an outlet ("according to Reuters", "the AP reported"): a wire
    #: formula, but as often the author's retelling, so it names no paste by itself.
    citation: re.Pattern[str]
    agency: re.Pattern[str]
    agencies: frozenset[str]
    lead_in: re.Pattern[str]
    casual: re.Pattern[str]


@functools.cache
def _cues() -> _Cues:
    data: Any = load_json("data/lexicons/wire_report.json", "wire_report.schema.json")
    names = sorted({re.sub(r"^The\s+", "", name) for name in data["agencies"]},
                   key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)

    def outlet(group: str | None = None) -> str:
        body = f"(?P<{group}>{alternation})" if group else f"(?:{alternation})"
        return rf"(?:[Tt]he\s+)?{body}\b"

    return _Cues(
        attribution=phrase_regex(data["attribution_phrases"]),
        attribution_keys=tuple(sorted({max(phrase.split(), key=len)
                                       for phrase in data["attribution_phrases"]})),
        agency_keys=tuple(names),
        credit=re.compile(rf"(?:\b(?:seen|obtained|reviewed|verified)\s+by\s+|\btold\s+|\()"
                          rf"{outlet('agency')}(?!\s+[A-Z])"),
        citation=re.compile(rf"\baccording\s+to\s+{outlet()}|\b{outlet()}\s+(?:reported|"
                            rf"reports|has\s+reported|has\s+learned|learned)\b"),
        agency=re.compile(rf"\b{outlet()}"),
        agencies=frozenset(data["agencies"]) | frozenset(names),
        lead_in=phrase_regex(data["lead_in_words"]),
        casual=phrase_regex(data["casual_words"]),
    )


@dataclass
class _Line:
    start: int
    end: int
    text: str
    #: The line with everything inside quotation marks blanked out (same length).
    own: str
    title: bool = False

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def _lines(text: str) -> list[_Line]:
    """The text's non-empty lines, each with its quotations blanked out."""
    blanked = list(text)
    for start, end in quote_spans(text):
        blanked[start:end] = " " * (end - start)
    own = "".join(blanked)
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            lines.append(_Line(start, end, text[start:end], own[start:end]))
    if lines:
        first = lines[0]
        set_off = len(lines) == 1 or "\n\n" in text[first.end:lines[1].start]
        first.title = (first.words <= TITLE_MAX_WORDS and not first.text.endswith((".", ":"))
                       and (set_off or (first.words <= SHORT_TITLE_WORDS
                                        and not _is_lead_in(first))))
    return lines


def _dateline(line: _Line) -> re.Match[str] | None:
    """A dateline opening the line ('KABUL (Reuters) - The ...'); not an all-capitals
    headline ('COMPASSION COULD START AT HOME - ...') nor a label ('BREAKING - ...')."""
    found = _DATELINE.match(line.text)
    if found is None:
        return None
    words = found.group("place").replace("-", " ").split()
    if any(word.strip(".'’") in _NOT_PLACES for word in words) or len(found.group("place")) < 3:
        return None
    following = [w for w in _WORD.findall(line.text[found.end() - 1:found.end() + 60])
                 if len(w) > 1][:4]
    if len(following) < 2 or all(word.isupper() for word in following):
        return None  # a headline in capitals goes on in capitals
    return found


def _wire_cues(line: _Line) -> list[str]:
    """The wire formulas of a line, outside its quotation marks."""
    cues = _cues()
    own, lowered = line.own, line.own.lower()
    found = []
    if any(key in lowered for key in cues.attribution_keys):
        found += [f"'{m.group()}'" for m in cues.attribution.finditer(own)]
    if "day" in own:
        found += [f"'{m.group()}'" for m in _SAID_ON_DAY.finditer(own)]
    if any(key in own for key in cues.agency_keys):
        found += [f"'{m.group()}'" for m in cues.credit.finditer(own)]
        found += [f"'{m.group()}'" for m in cues.citation.finditer(own)]
    dateline = _dateline(line)
    if dateline is not None:
        found.insert(0, f"the dateline '{dateline.group()[:-1].rstrip()}'")
    return found


#: Where a sentence ends inside a line (a pasted paragraph is often one line).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _cited_sentences(line: _Line) -> int:
    """How many sentences of a line carry wire phrasing: two formulas in one sentence ('X
    told reporters on Monday') are one citation, not two lines of agency copy."""
    count, start = 0, 0
    for cut in [*(m.start() for m in _SENTENCE_END.finditer(line.own)), len(line.own)]:
        piece = _Line(line.start + start, line.start + cut, line.text[start:cut],
                      line.own[start:cut])
        count += bool(_wire_cues(piece))
        start = cut
    return count


def _credit(line: _Line) -> str | None:
    """The outlet a line's own copy credits: the dateline's '(Reuters)', 'seen by Reuters',
    'told AFP' (how agency copy names itself; 'according to X' is how anyone cites X)."""
    dateline = _dateline(line)
    if dateline is not None and dateline.group("agency"):
        return dateline.group("agency").strip()
    found = _cues().credit.search(line.own)
    return found.group("agency") if found is not None else None


def _authors_marks(line: _Line) -> tuple[list[str], list[str]]:
    """Marks of a blogger's own register outside quotation marks: strong ones, never in
    wire copy (I/we/you, '!' or '?', a casual word, shouting in capitals), and weak ones,
    rare in it (a contraction, an ellipsis, a chatty opener such as 'So' or 'Well,'); two
    weak ones together count as much as a strong one."""
    own = line.own
    strong, weak = [], []
    words = _WORD.findall(own)
    personal = [w for w in words if w.lower().replace("’", "'") in _PERSONAL and w != "US"]
    if personal:
        strong.append(f"'{personal[0]}'")
    if re.search(r"[!?]", own):
        strong.append("'!' or '?'")
    if _cues().casual.search(own):
        strong.append("a casual word")
    if re.search(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b", own[12:] if _dateline(line) else own):
        strong.append("shouting in capitals")
    if _CONTRACTION.search(own):
        weak.append("a contraction")
    if "..." in own or "…" in own:
        weak.append("an ellipsis")
    opener = re.match(r"\s*([A-Za-z]+)(,?)", own)
    if opener and (opener.group(1) == "So" or (
            opener.group(2) and opener.group(1).lower() in _CHATTY_OPENERS)):
        weak.append(f"the opener '{opener.group(1)}'")
    return strong, weak


_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
#: A citation line before a paste: '"Title," by A. Writer, The Outlet, March 3, 2021:'.
_CITATION = re.compile(
    rf"(?:[”\"],?\s*(?:by\s+[^,]{{2,60}},\s*)?|,\s*by\s+[^,]{{2,60}},\s*)"
    rf"(?P<outlet>[A-Z][\w .&'’-]{{1,40}}?),\s*{_MONTHS}\s+\d{{1,2}},\s*\d{{4}}\s*:?\s*$")
#: 'Fox 5 reports:', 'The Orsk Herald says:' (the outlet names itself before the colon).
_OUTLET_SAYS = re.compile(
    r"^(?:according\s+to\s+)?(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z0-9][\w&'’.-]*)"
    r"{0,4})\s+(?:reports|reported|says|said|writes|wrote|has\s+the\s+story)\b[^:]*:\s*$")
_FROM_OUTLET = re.compile(
    r"\b(?:from|via|by|in)\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})")


def _is_lead_in(line: _Line) -> bool:
    """A line that introduces what follows: a sentence or a citation ending in a colon (not
    a label such as 'SOUTH AMERICA :'), or a short line pointing at a report ('Here's the
    story from the Orsk Herald', 'Reuters reports on the vote', 'Via the AP')."""
    text = line.text.rstrip()
    if text.endswith(":"):
        return bool(re.search(r"\b[a-z]{3,}\b", line.own) or _CITATION.search(text))
    pointer = _cues().lead_in.search(line.own)
    if pointer is None or line.words > LEAD_IN_MAX_WORDS:
        return False
    opening = line.own.lstrip(" \t\"“'‘*-—–")
    outlet = _cues().agency.match(opening)
    return opening.lower().startswith(pointer.group().lower()) or outlet is not None


def _named_in_lead_in(line: _Line) -> str | None:
    """The outlet a lead-in names ('... by A. Writer, Politico, May 2, 2019:', 'Fox 5
    reports:', 'Here's the story from the Orsk Herald')."""
    if not _is_lead_in(line):
        return None
    text = line.text.rstrip()
    for pattern in (_CITATION, _OUTLET_SAYS):
        found = pattern.search(text)
        if found is not None:
            return found.group("outlet").strip()
    agency = _cues().agency.search(line.own)
    if agency is not None:
        return agency.group().strip()
    found = _FROM_OUTLET.search(line.own)
    return found.group(1).rstrip(".,:") if found is not None else None


def _kind(line: _Line, wire: list[str]) -> str:
    """'title', 'author' (the author's register, or a lead-in), 'wire' or 'neutral' (``wire``:
    the line's wire formulas)."""
    if line.title:
        return "title"
    strong, weak = _authors_marks(line)
    if ((strong or len(weak) >= 2) and not _dateline(line)) or (weak and not wire):
        return "author"
    if _is_lead_in(line) and not _dateline(line):
        return "author"
    return "wire" if wire else "neutral"


def _accepted(lines: list[_Line], kinds: list[str], first: int, last: int) -> bool:
    """Whether a run of wire-register lines is pasted material, not the author's own
    reporting (see the module docstring)."""
    block = lines[first:last + 1]
    cues = [cue for line in block for cue in _wire_cues(line)]
    cited_lines = sum(_cited_sentences(line) for line in block)
    credit = next((c for line in block if (c := _credit(line))), None)
    known = credit in _cues().agencies if credit else False
    lead_in = first > 0 and _is_lead_in(lines[first - 1])
    recent = [k for k in kinds[max(0, first - AUTHOR_WINDOW):first]]
    authored_before = "author" in recent
    authored_after = any(kind == "author" and _authors_marks(line)[0]
                         for line, kind in zip(lines[last + 1:], kinds[last + 1:],
                                               strict=True))
    if _dateline(lines[first]) is not None:
        if known:
            return authored_before or authored_after
        return lead_in
    if kinds[first - 1] == "author" if first else False:
        return len(cues) >= MIN_WIRE_CUES and cited_lines >= 2 and (credit is not None
                                                                    or lead_in)
    # the text opens with a report its outlet credits, and the author comments after it
    return len(cues) >= MIN_WIRE_CUES and cited_lines >= 2 and known and authored_after


def pasted_reports(text: str) -> list[PastedReport]:
    """Every pasted report of a text, found from its wire phrasing and register alone."""
    lines = _lines(text)
    wires = [_wire_cues(line) for line in lines]
    if not any(wires):
        return []  # no wire phrasing at all: nothing can be a pasted report
    kinds = [_kind(line, wire) for line, wire in zip(lines, wires, strict=True)]
    found = []
    index = 0
    while index < len(lines):
        line = lines[index]
        before = kinds[index - 1] if index else "title"
        starts = _dateline(line) is not None or before == "author" or (
            before == "title" and _credit(line) in _cues().agencies)
        if kinds[index] != "wire" or not starts:
            index += 1
            continue
        last = index
        while last + 1 < len(lines) and kinds[last + 1] in {"wire", "neutral"} and (
                _dateline(lines[last + 1]) is None):
            last += 1
        if _accepted(lines, kinds, index, last):
            speaker = (next((c for item in lines[index:last + 1] if (c := _credit(item))), None)
                       or (_named_in_lead_in(lines[index - 1]) if index else None)
                       or PASTED_REPORT)
            cues = tuple(cue for item in lines[index:last + 1] for cue in _wire_cues(item))
            found.append(PastedReport(line.start, lines[last].end, speaker, cues))
        index = last + 1
    return found
