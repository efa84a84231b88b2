"""The one highlighting renderer: text with technique spans as safe, accessible HTML.

Every notebook and widget shows findings through this module, so it is where escaping,
accessibility and colour choices are decided once.

Why not spaCy's displaCy span renderer (``displacy.render(doc, style="span")``)? It was
checked and does not fit:

* it is token based: a character span that does not line up with spaCy's tokens
  (``doc.char_span`` returns ``None``) cannot be shown at all;
* it has no per-span explanation (no hover text, no list a screen reader can reach), and a
  span is told apart by colour alone;
* it renders each token as an ``inline-block`` with whitespace around it, so the text a
  learner sees is not the exact source text (``"in ."`` instead of ``"in."``), which matters
  when the lesson is about exact wording and quoting.

So this module splits the text at every span boundary itself, wraps each piece once, and
shows every technique that covers it as its own underline (distinct colour *and* line style),
a superscript number, a hover title and a numbered list of findings under the text.
Only inline CSS is used, with no scripts and no external resources, so the same fragment
works in JupyterLab, Voilà, GitHub's notebook viewer and a standalone HTML file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import itertools
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from propaganda_lab.calibration import SOURCE_CHECKED_RULES, confidence_words, shown_threshold
from propaganda_lab.corpus import Annotation  # the one span-with-reason type
from propaganda_lab.findings import Finding
from propaganda_lab.techniques import LENSES, get_technique, lens_of, techniques

__all__ = [
    "PALETTE",
    "TEXT_COLOR",
    "UNDERLINE_STYLES",
    "Annotation",
    "Color",
    "color_for",
    "contrast_ratio",
    "escape",
    "findings_table_html",
    "highlight_html",
    "legend_html",
    "relative_luminance",
    "technique_name",
]

Masker = Callable[[str], str]

#: Text colour used on top of every highlight; every palette background is checked against it.
TEXT_COLOR = "#1a1a1a"
#: The card is always white, so highlights look the same in light and dark notebook themes.
CARD_BACKGROUND = "#ffffff"
MUTED_TEXT_COLOR = "#4a4a4a"
#: WCAG AA for normal text, and WCAG 1.4.11 for lines (non-text contrast).
MIN_TEXT_CONTRAST = 4.5
MIN_LINE_CONTRAST = 3.0
#: Backgrounds are tinted until at least this light (relative luminance), so dark text stays
#: far above 4.5:1 (about 12:1) whatever the hue.
_MIN_BACKGROUND_LUMINANCE = 0.72
#: Underline styles cycle independently of colours (8 colours x 5 styles, coprime), so every
#: one of the 36 catalogue techniques gets its own colour+style pair.
UNDERLINE_STYLES = ("solid", "dashed", "dotted", "double", "wavy")
#: At most this many stacked underlines on one piece of text; more get a "+N" marker.
MAX_VISIBLE_LINES = 3
_LINE_GAP_PX = 6
_FIRST_LINE_OFFSET_PX = 3
_QUOTE_LIMIT = 120

_FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Okabe & Ito (2008), "Color Universal Design": eight hues distinguishable with the common
# forms of colour-vision deficiency. Black is used as a neutral grey tint.
_OKABE_ITO = (
    ("orange", "#E69F00"),
    ("sky blue", "#56B4E9"),
    ("bluish green", "#009E73"),
    ("yellow", "#F0E442"),
    ("blue", "#0072B2"),
    ("vermillion", "#D55E00"),
    ("reddish purple", "#CC79A7"),
    ("grey", "#000000"),
)


#: Embedding, override and isolate controls (U+202A-E, U+2066-9): in a page they would
#: reorder the text after them, beyond the learner's words. Shown as visible codes instead.
_DIRECTION_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def escape(text: object) -> str:
    """HTML-escape anything (quotes too), so it is safe both as element text and attribute;
    direction controls become visible codes such as '[U+202E]' and never reorder the page."""
    escaped = html.escape(str(text), quote=True)
    return _DIRECTION_CONTROL.sub(lambda match: f"[U+{ord(match.group()):04X}]", escaped)


# --------------------------------------------------------------------------- colour maths


def _hex_to_rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(channel * 2 for channel in value)
    if len(value) != 6 or not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise ValueError(f"not a hex colour: {hex_color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _rgb_to_hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(min(255, max(0, channel))):02x}" for channel in rgb)


def _mix(hex_a: str, hex_b: str, weight_a: float) -> str:
    """``weight_a`` of colour a plus the rest of colour b (sRGB, like CSS color-mix)."""
    a, b = _hex_to_rgb(hex_a), _hex_to_rgb(hex_b)
    return _rgb_to_hex([weight_a * x + (1 - weight_a) * y for x, y in zip(a, b, strict=True)])


def relative_luminance(hex_color: str) -> float:
    """WCAG 2.x relative luminance (sRGB channels linearised, then 0.2126 R + 0.7152 G + ...)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in _hex_to_rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg_hex: str, bg_hex: str) -> float:
    """WCAG 2.x contrast ratio (1 to 21) between two hex colours; order does not matter."""
    lighter, darker = sorted((relative_luminance(fg_hex), relative_luminance(bg_hex)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --------------------------------------------------------------------------- palette


@dataclass(frozen=True)
class Color:
    """How one technique is drawn: a light background tint and a darker, styled underline.

    ``line`` meets 3:1 against ``background`` (and so against white); ``TEXT_COLOR`` meets
    4.5:1 on ``background``. ``line_style`` is a CSS text-decoration style, so a technique
    is never identified by colour alone.
    """

    name: str
    base: str
    background: str
    line: str
    line_style: str = "solid"


def _light_tint(base: str) -> str:
    """The most saturated tint of ``base`` that is still light enough for dark text."""
    for step in range(45, 0, -1):
        tint = _mix(base, "#ffffff", step / 100)
        if relative_luminance(tint) >= _MIN_BACKGROUND_LUMINANCE:
            return tint
    return _mix(base, "#ffffff", 0.01)


def _line_colour(base: str, background: str) -> str:
    """``base`` darkened just enough that the underline stands out (3:1) on its tint."""
    for step in range(0, 101):
        line = _mix(base, "#000000", 1 - step / 100)
        if contrast_ratio(line, background) >= MIN_LINE_CONTRAST:
            return line
    return "#000000"


def _build_palette() -> tuple[Color, ...]:
    colours = []
    for name, base in _OKABE_ITO:
        background = _light_tint(base)
        colours.append(Color(name, base, background, _line_colour(base, background)))
    return tuple(colours)


#: Okabe–Ito based colours (line_style "solid"); ``color_for`` adds the per-technique style.
PALETTE: tuple[Color, ...] = _build_palette()
_STYLE_COUNT = len(PALETTE) * len(UNDERLINE_STYLES)


@functools.lru_cache(maxsize=1)
def _catalogue_order() -> dict[str, int]:
    """Technique id -> position in the catalogue, so every technique keeps its look.

    Falls back to no order at all (every label hashed) if the catalogue cannot load:
    colours must never stop a render.
    """
    try:
        ids = [technique.id for technique in techniques()]
    except Exception:  # a broken catalogue is reported by its own tests, not here
        ids = []
    return {technique_id: index for index, technique_id in enumerate(ids)}


@functools.lru_cache(maxsize=1024)
def color_for(label: str) -> Color:
    """The colour and underline style of a technique, the same in every notebook.

    Catalogue ids use their catalogue position, so all 36 get distinct colour+style pairs;
    any other label (e.g. a PTC label) gets a stable CRC32-based slot (Python's ``hash`` is
    salted per process, so it would change colours between runs).
    """
    index = _catalogue_order().get(label)
    if index is None:
        index = zlib.crc32(str(label).encode("utf-8")) % _STYLE_COUNT
    colour = PALETTE[index % len(PALETTE)]
    return dataclasses.replace(colour, line_style=UNDERLINE_STYLES[index % len(UNDERLINE_STYLES)])


@functools.lru_cache(maxsize=1024)
def technique_name(label: str) -> str:
    """Human name of a technique id; unknown labels (e.g. PTC labels) come back unchanged."""
    try:
        name = get_technique(label).name
        if isinstance(name, str) and name.strip():
            return name
    except Exception:  # any catalogue problem must not stop a learner seeing the text
        pass
    if label in _catalogue_order():
        return label.replace("_", " ").capitalize()
    return label


# --------------------------------------------------------------------------- span input


@dataclass(frozen=True)
class _Span:
    label: str
    start: int
    end: int
    explanation: str
    neutral: str | None
    number: int = 0
    track: int = 0
    weak: bool = False
    #: Whose words the finding is in, when not the author's (one sentence, or "").
    voice: str = ""
    #: How often the finding's rule was right when checked on real text (a sentence, or "").
    measured: str = ""


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _unpack(item: Any) -> tuple[Any, Any, Any, Any, Any]:
    """(label, start, end, explanation, neutral) from any supported span shape."""
    if isinstance(item, Finding):
        return item.technique, item.start, item.end, item.evidence, item.neutral
    if isinstance(item, Annotation):
        return item.technique, item.start, item.end, item.explanation, None
    if isinstance(item, Mapping):  # e.g. an annotation straight from a case file
        label = item.get("technique", item.get("label"))
        explanation = item.get("explanation", item.get("evidence", ""))
        return label, item.get("start"), item.get("end"), explanation, item.get("neutral")
    if isinstance(item, Sequence) and not isinstance(item, str | bytes) and 3 <= len(item) <= 5:
        padded = [*item, "", None][:5]
        return padded[0], padded[1], padded[2], padded[3], padded[4]
    if all(hasattr(item, name) for name in ("technique", "start", "end")):  # Finding-like
        explanation = getattr(item, "evidence", None) or getattr(item, "explanation", "")
        return item.technique, item.start, item.end, explanation, getattr(item, "neutral", None)
    raise TypeError(
        "a span must be a Finding, an Annotation, a mapping with technique/start/end, "
        f"or a (label, start, end[, explanation]) tuple; got {type(item).__name__}"
    )


def _calibration_of(item: Any) -> tuple[bool, str, str]:
    """(weak, whose words, measurement in words) of a Finding; teaching annotations have none."""
    if not isinstance(item, Finding):
        return False, "", ""

    voice = ""
    if item.voice == "quoted":
        who = f" ({item.speaker})" if item.speaker else ""
        voice = f"Found in words the text reproduces{who}, not the author's own."
    words = confidence_words(item)
    if words is None:
        if item.rule in SOURCE_CHECKED_RULES:
            note = "Checked against the source you gave: both texts are shown."
        elif item.confidence is None:
            note = "This cue has not been checked on real text yet."
        else:
            note = ""
        return item.weak, voice, note
    return item.weak, voice, words[0].upper() + words[1:] + "."


_MEASURED_RATIO = re.compile(r"\bright about (\d+) times in 10\b")


def precision_badge_label(measured: str) -> str:
    """The few words a finding's badge shows for its measurement sentence:
    'judged: right 7 in 10', 'checked against your source', 'not checked yet', or
    'how reliable?'."""
    if not measured:
        return ""
    found = _MEASURED_RATIO.search(measured)
    if found:
        return f"judged: right {found.group(1)} in 10"
    if "Checked against the source" in measured:
        return "checked against your source"
    if "not been checked" in measured:
        return "not checked yet"
    return "how reliable?"


def _precision_badge(span: _Span) -> str:
    """A compact badge after a finding's reason; one click opens the full sentence."""
    label = precision_badge_label(span.measured)
    if not label:
        return ""
    return (
        f'<details class="pl-precision" style="display:inline;margin-left:0.3em">'
        f'<summary style="display:inline;cursor:pointer;font-size:0.85em;white-space:nowrap;'
        f"color:{MUTED_TEXT_COLOR};border:1px solid #c8ced6;border-radius:0.8em;"
        f'padding:0 0.45em" title="{escape(span.measured)}">{escape(label)} ▸</summary>'
        f'<span class="pl-precision-full" style="font-size:0.9em;color:{MUTED_TEXT_COLOR}">'
        f" {escape(span.measured)}</span></details>"
    )


def _prepare(text: str, spans: Iterable[Any] | None) -> tuple[list[_Span], int]:
    """Clip, drop and number the spans; returns them in number order and how many were dropped.

    Offsets past either end are clipped; reversed, empty or non-numeric ones are dropped,
    never raised on, because annotations typed by hand are often slightly off.
    """
    kept: list[_Span] = []
    seen: set[tuple[str, int, int, str]] = set()
    dropped = 0
    for item in spans or ():
        label, start, end, explanation, neutral = _unpack(item)
        start, end = _as_int(start), _as_int(end)
        if start is None or end is None or end < start:
            dropped += 1
            continue
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            dropped += 1
            continue
        label = "unlabelled" if label is None else str(label)
        explanation = "" if explanation is None else str(explanation)
        neutral = None if neutral in (None, "") else str(neutral)
        key = (label, start, end, explanation)
        if key in seen:
            continue
        seen.add(key)
        weak, voice, measured = _calibration_of(item)
        kept.append(_Span(label, start, end, explanation, neutral, weak=weak, voice=voice,
                          measured=measured))

    kept.sort(key=lambda span: (span.start, -span.end, span.label))
    # Each span keeps one underline "track" over its whole length, so an outer span's line
    # does not jump up and down where an inner span begins (greedy interval colouring).
    track_ends: list[int] = []
    numbered = []
    for number, span in enumerate(kept, start=1):
        track = next((t for t, end in enumerate(track_ends) if end <= span.start), None)
        if track is None:
            track = len(track_ends)
            track_ends.append(span.end)
        else:
            track_ends[track] = span.end
        numbered.append(dataclasses.replace(span, number=number, track=track))
    return numbered, dropped


def _segments(text: str, spans: list[_Span]) -> list[tuple[int, int, list[_Span]]]:
    """Split ``text`` at every span boundary; each piece lists the spans covering it.

    A sweep over the sorted boundaries: every span end is a boundary, so a span still open
    at a piece's start covers the whole piece.
    """
    boundaries = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    by_start = sorted(spans, key=lambda s: s.start)
    next_index = 0
    active: list[_Span] = []
    pieces = []
    for start, end in itertools.pairwise(boundaries):
        while next_index < len(by_start) and by_start[next_index].start <= start:
            active.append(by_start[next_index])
            next_index += 1
        active = [s for s in active if s.end > start]
        pieces.append((start, end, list(active)))
    return pieces


# --------------------------------------------------------------------------- html pieces


def _css_token(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-")[:48] or "label"


def _underline_css(colour: Color, track: int) -> str:
    """CSS for one technique's line under the text, ``track`` lines below the first.

    Two renderings in one declaration block. JupyterLab sanitizes HTML outputs of untrusted
    notebooks (e.g. a course notebook opened with its stored outputs) down to an allow-list
    of CSS properties that has no text-decoration style, colour or offset. What survives
    there is the fallback: a border at a padding distance (dotted stands in for wavy). Where
    all CSS applies, the logical properties at the end (not on the allow-list) remove that
    border, and a styled underline at the same distance takes its place.
    """
    offset = _FIRST_LINE_OFFSET_PX + track * _LINE_GAP_PX
    fallback_style = "dotted" if colour.line_style == "wavy" else colour.line_style
    fallback_width = "3px" if fallback_style == "double" else "2px"
    thickness = "1.5px" if colour.line_style == "wavy" else "2px"
    return (
        f"border-bottom:{fallback_width} {fallback_style} {colour.line};"
        f"padding-bottom:{offset - 2}px;"
        f"text-decoration-line:underline;text-decoration-style:{colour.line_style};"
        f"text-decoration-color:{colour.line};text-decoration-thickness:{thickness};"
        f"text-underline-offset:{offset}px;text-decoration-skip-ink:none;"
        "border-block-end:none;padding-block-end:0"
    )


def _sample_html(label: str, sample: str = "Abc") -> str:
    """A small piece of text drawn exactly like the technique's highlights."""
    colour = color_for(label)
    return (
        f'<span class="pl-swatch" aria-hidden="true" style="display:inline-block;'
        f"background:{colour.background};color:{TEXT_COLOR};padding:0 4px;border-radius:3px;"
        f'line-height:1.6;{_underline_css(colour, 0)}">{escape(sample)}</span>'
    )


def _number_badge(label: str, number: int) -> str:
    colour = color_for(label)
    return (
        f'<span class="pl-num" style="display:inline-block;min-width:1.5em;text-align:center;'
        f"font-size:0.8em;font-weight:600;line-height:1.5;border-radius:0.75em;"
        f"background:{colour.background};color:{TEXT_COLOR};border:1px solid {colour.line};"
        f'flex:none">{number}</span>'
    )


def _quote(fragment: str) -> str:
    """The flagged words as shown in lists: one line, shortened in the middle if long."""
    fragment = " ".join(fragment.split())
    if len(fragment) > _QUOTE_LIMIT:
        half = (_QUOTE_LIMIT - 1) // 2
        fragment = f"{fragment[:half]}…{fragment[-half:]}"
    return f"‘{fragment}’"


def _apply(masker: Masker | None, value: str) -> str:
    return masker(value) if masker is not None and value else value


def _reason(span: _Span, masker: Masker | None, measured: bool = True) -> str:
    """Explanation, neutral alternative, whose words, and (``measured``) how often the rule
    was right, as plain (unescaped) text. Lists show the measurement as a badge instead."""
    parts = [_apply(masker, span.explanation).strip()]
    if span.neutral:
        parts.append(f"(neutral alternative: ‘{_apply(masker, span.neutral)}’)")
    parts.append(span.voice)
    if measured:
        parts.append(span.measured)
    return " ".join(part for part in parts if part)


def _name(span: _Span) -> str:
    """The technique's name, marked when the finding is a weak cue."""
    return technique_name(span.label) + (" (weak cue)" if span.weak else "")


def _uid(text: str, spans: list[_Span], title: str | None, explanations: bool) -> str:
    """Deterministic id prefix: stable notebook outputs, distinct for different renders."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(text.encode("utf-8", "surrogatepass"))
    digest.update(repr([(s.label, s.start, s.end, s.explanation) for s in spans]).encode())
    digest.update(repr((title, explanations)).encode("utf-8", "surrogatepass"))
    return "pl-" + digest.hexdigest()[:10]


def _mark_html(
    segment: str, covering: list[_Span], uid: str, explanations: bool, masker: Masker | None
) -> str:
    """One highlighted piece of text: background of its most specific span, one line each."""
    innermost = min(covering, key=lambda s: (s.end - s.start, -s.start))
    by_number = sorted(covering, key=lambda s: s.number)
    title_lines = []
    for span in by_number:
        line = f"[{span.number}] {_name(span)}"
        reason = _reason(span, masker) if explanations else ""
        title_lines.append(f"{line}: {reason}" if reason else line)
    described_by = " ".join(f"{uid}-f{span.number}" for span in by_number)
    labels = " ".join(dict.fromkeys(span.label for span in by_number))
    classes = " ".join(dict.fromkeys(f"pl-t-{_css_token(span.label)}" for span in by_number))
    if all(span.weak for span in by_number):
        classes += " pl-weak"
    # A weak cue keeps its technique's line but not its tint: it reads as "look here, maybe".
    background = CARD_BACKGROUND if innermost.weak else color_for(innermost.label).background

    inner = escape(_apply(masker, segment))
    for span in sorted(covering, key=lambda s: s.track, reverse=True):
        if span.track >= MAX_VISIBLE_LINES:
            continue
        inner = (
            f'<span class="pl-line" style="{_underline_css(color_for(span.label), span.track)}">'
            f"{inner}</span>"
        )
    mark = (
        f'<mark class="pl-mark {classes}" data-pl-techniques="{escape(labels)}" '
        f'title="{escape(chr(10).join(title_lines))}" aria-describedby="{described_by}" '
        f'style="background:{background};color:{TEXT_COLOR};padding:1px 0;border-radius:2px">'
        f"{inner}</mark>"
    )
    hidden = [span for span in by_number if span.track >= MAX_VISIBLE_LINES]
    if hidden:
        names = ", ".join(technique_name(span.label) for span in hidden)
        mark += (
            f'<sup class="pl-more" aria-hidden="true" title="{escape("also: " + names)}" '
            f'style="font-size:0.7em;color:{MUTED_TEXT_COLOR};font-weight:600">'
            f"+{len(hidden)}</sup>"
        )
    return mark


def _reference_html(span: _Span, uid: str) -> str:
    """Superscript number after a span, linking to its entry in the findings list."""
    colour = color_for(span.label)
    name = technique_name(span.label)
    return (
        f'<sup class="pl-ref" style="font-size:0.68em;line-height:0;vertical-align:super;'
        f'margin:0 1px">'
        f'<a href="#{uid}-f{span.number}" aria-label="{escape(f"finding {span.number}: {name}")}" '
        f'style="color:{TEXT_COLOR};text-decoration:none;background:{colour.background};'
        f"border:1px solid {colour.line};border-radius:0.7em;padding:0 0.35em;"
        f'font-weight:600">{span.number}</a></sup>'
    )


def _text_html(
    text: str, spans: list[_Span], uid: str, explanations: bool, masker: Masker | None
) -> str:
    ending_at: dict[int, list[_Span]] = {}
    for span in spans:
        ending_at.setdefault(span.end, []).append(span)
    parts: list[str] = []
    for start, end, covering in _segments(text, spans):
        segment = text[start:end]
        if covering:
            parts.append(_mark_html(segment, covering, uid, explanations, masker))
        else:
            parts.append(escape(_apply(masker, segment)))
        parts.extend(_reference_html(span, uid) for span in ending_at.pop(end, ()))
    deepest = max((min(span.track, MAX_VISIBLE_LINES - 1) for span in spans), default=0)
    line_height = 1.75 + 0.35 * deepest
    # No whitespace between tags: with pre-wrap, any formatting whitespace would show.
    return (
        f'<div class="pl-text" style="white-space:pre-wrap;overflow-wrap:anywhere;'
        f'line-height:{line_height:.2f};font-size:1.05em;margin:0.6em 0">{"".join(parts)}</div>'
    )


def _findings_list_html(
    text: str, spans: list[_Span], uid: str, explanations: bool, masker: Masker | None
) -> str:
    items = []
    for span in spans:
        name = escape(_name(span))
        quoted = escape(_quote(_apply(masker, text[span.start : span.end])))
        reason = _reason(span, masker, measured=False) if explanations else ""
        why = f": {escape(reason)}" if reason else ""
        badge = _precision_badge(span) if explanations else ""
        items.append(
            f'<li id="{uid}-f{span.number}" class="pl-finding" style="display:flex;'
            f'align-items:baseline;gap:0.5em;margin:0.35em 0">'
            f"{_number_badge(span.label, span.number)}"
            f"<span><strong>{name}</strong> — {quoted}{why}{badge}</span></li>"
        )
    return (
        f'<ol class="pl-findings" aria-label="Findings" style="list-style:none;padding:0.5em 0 0;'
        f'margin:0.4em 0 0;border-top:1px solid #d8dee4;font-size:0.92em;line-height:1.5">'
        f"{''.join(items)}</ol>"
    )


def legend_html(labels: Iterable[str]) -> str:
    """A legend: one sample per technique, drawn with its tint and underline style."""
    unique = list(dict.fromkeys(str(label) for label in labels))
    if not unique:
        return ""
    items = "".join(
        f'<li class="pl-legend-item" style="display:inline-flex;align-items:center;gap:0.4em;'
        f'margin:0 1.1em 0.3em 0">{_sample_html(label)}'
        f"<span>{escape(technique_name(label))}</span></li>"
        for label in unique
    )
    return (
        f'<ul class="pl-legend" lang="en" aria-label="Legend" style="list-style:none;padding:0;'
        f"margin:0.2em 0 0.4em;display:flex;flex-wrap:wrap;font-size:0.88em;"
        f'color:{TEXT_COLOR}">{items}</ul>'
    )


def _coerce_text(text: Any) -> str:
    """Accept a string or anything with ``.text`` (a spaCy Doc or Span)."""
    if isinstance(text, str):
        return text
    inner = getattr(text, "text", None)
    if isinstance(inner, str):
        return inner
    raise TypeError(f"expected text as a string or a spaCy Doc, got {type(text).__name__}")


def highlight_html(
    text: Any,
    spans: Iterable[Any] | None,
    *,
    legend: bool = True,
    explanations: bool = True,
    masker: Masker | None = None,
    title: str | None = None,
    weak: str = "hide",
    weak_switch: bool = False,
) -> str:
    """Render ``text`` with technique spans highlighted, as a self-contained HTML fragment.

    ``spans`` may mix Findings, Annotations, case-file annotation dicts and
    ``(label, start, end[, explanation])`` tuples. Findings that are weak cues (see
    ``Finding.weak``) are left out with a note saying how many (``weak="hide"``, the
    precision-first default) or shown untinted, named "(weak cue)" (``"mark"``). Hidden weak
    cues are listed under a collapsed "Show the weak cues" line, or, with ``weak_switch`` (a
    widget whose "Show weak cues" switch is on screen), the note points at that switch.
    Every Finding's entry in the list ends with a badge saying how often its rule was right
    on real text (the full sentence one click away, and in the hover text).
    ``explanations=False`` hides the reasons (for exercises) but keeps technique names and
    numbers. ``masker`` gets every piece of source-derived text (text segments, quoted
    spans, explanations) before escaping, so an epithet it masks appears nowhere in the
    output; highlighting is decided before masking. Weak cues are drawn without their tint.
    """
    text = _coerce_text(text)
    if weak not in {"hide", "mark"}:
        raise ValueError(f"weak must be 'hide' or 'mark', not {weak!r}")
    items = list(spans or ())
    held_back: list[Finding] = []
    if weak == "hide":
        held_back = [item for item in items if isinstance(item, Finding) and item.weak]
        items = [item for item in items if not (isinstance(item, Finding) and item.weak)]
    prepared, dropped = _prepare(text, items)
    uid = _uid(text, prepared, title, explanations)
    parts = []
    title_id = f"{uid}-title"
    if title:
        parts.append(
            f'<div class="pl-title" id="{title_id}" style="font-weight:600;font-size:1.1em;'
            f'margin-bottom:0.3em">{escape(title)}</div>'
        )
    if legend and prepared:
        parts.append(legend_html(span.label for span in prepared))
    parts.append(_text_html(text, prepared, uid, explanations, masker))
    if prepared:
        parts.append(_findings_list_html(text, prepared, uid, explanations, masker))
    elif not held_back:
        parts.append(
            f'<p class="pl-empty" style="margin:0.4em 0 0;color:{MUTED_TEXT_COLOR};'
            f'font-size:0.9em">No techniques highlighted. {NOT_A_VERDICT}</p>'
        )
    if held_back:
        parts.append(held_back_html(text, held_back, masker, nothing_shown=not prepared,
                                    switch=weak_switch))
        if not weak_switch:
            parts.append(_weak_list_html(text, held_back, uid, explanations, masker))
    if dropped:
        noun = "annotation was" if dropped == 1 else "annotations were"
        parts.append(
            f'<p class="pl-dropped" role="note" style="margin:0.4em 0 0;color:{MUTED_TEXT_COLOR};'
            f'font-size:0.85em">{dropped} {noun} not shown: offsets outside the text, '
            f"reversed or empty.</p>"
        )
    label_attr = (
        f'aria-labelledby="{title_id}"'
        if title
        else 'aria-label="Text with highlighted propaganda techniques"'
    )
    return (
        f'<div class="pl-highlight" lang="en" role="figure" {label_attr} '
        f'style="font-family:{_FONT_STACK};color:{TEXT_COLOR};background:{CARD_BACKGROUND};'
        f"border:1px solid #d8dee4;border-radius:8px;padding:12px 16px;max-width:52em;"
        f'text-align:left">{"".join(parts)}</div>'
    )


#: Said whenever a view shows little: an empty page is not a clean bill of health.
NOT_A_VERDICT = ("That is not a verdict on the text: the tool sees words and phrases, not "
                 "arguments, omissions or whether the facts are true.")
#: How many held-back cues a view offers as "worth a look".
WORTH_A_LOOK = 3


def _in_tens(value: float) -> str:
    return f"{round(10 * value)} in 10"


def held_back_html(text: str, held_back: Sequence[Finding], masker: Masker | None = None,
                   *, nothing_shown: bool = False, switch: bool = False) -> str:
    """What a precision-first view held back, never a silent page: how many cues of each lens,
    how often cues like them were right when judged blind, and the strongest few as "worth a
    look" (their words, technique and confidence), each escaped and masked."""
    by_lens: dict[str, list[Finding]] = {}
    for finding in held_back:
        by_lens.setdefault(finding.lens or lens_of(finding.technique), []).append(finding)
    kinds = []
    for lens in LENSES:
        found = by_lens.get(lens)
        if not found:
            continue
        scored = [f.confidence for f in found if f.confidence is not None]
        average = " on average" if len(scored) > 1 else ""
        rate = f" (right about {_in_tens(sum(scored) / len(scored))} times{average})" \
            if scored else ""
        noun = "cue" if len(found) == 1 else "cues"
        kinds.append(f"{len(found)} {lens} {noun}{rate}")
    strongest = sorted(held_back, key=lambda f: (-(f.confidence or 0.0), f.start))[:WORTH_A_LOOK]
    looks = "".join(
        f"<li>‘{escape(_apply(masker, text[f.start:f.end]))}’: "
        f"{escape(technique_name(f.technique))}"
        + (f" (right about {_in_tens(f.confidence)} times when judged)" if f.confidence is not
           None else "") + "</li>" for f in strongest)
    style = f"margin:0.4em 0 0;color:{MUTED_TEXT_COLOR};font-size:0.85em"
    bar = f"shown only when findings like them are right at least {shown_threshold():.0%} of the"
    how = ("Switch on ‘Show weak cues’ above to see them all." if switch
           else "They are listed one click below.")
    if not nothing_shown:
        return (f'<p class="pl-held-back" role="note" style="{style}">Also noticed, not '
                f"highlighted: {escape('; '.join(kinds))} ({bar} time). {how}</p>")
    return (
        f'<div class="pl-held-back" role="note" style="{style}"><p style="margin:0">Nothing '
        "here reached the default view's bar, but the tool did notice something: "
        f"{escape('; '.join(kinds))} ({bar} time).</p>"
        f'<p style="margin:0.3em 0 0">Worth a look (weak cues: judge them yourself):</p>'
        f'<ul style="margin:0.2em 0 0">{looks}</ul>'
        f'<p style="margin:0.3em 0 0">{how} {NOT_A_VERDICT}</p></div>'
    )


def _weak_list_html(
    text: str, hidden: list[Any], uid: str, explanations: bool, masker: Masker | None
) -> str:
    """The weak cues a static view leaves out, listed under a line that opens on a click."""
    prepared, _ = _prepare(text, hidden)
    count = len(prepared)
    noun = "weak cue" if count == 1 else "weak cues"
    return (
        f'<details class="pl-weak-note" style="margin:0.4em 0 0;color:{MUTED_TEXT_COLOR};'
        f'font-size:0.85em"><summary style="cursor:pointer">Show the {count} {noun} not '
        f"highlighted: findings like them were right less than {shown_threshold():.0%} of the "
        "time when judged blind on real text</summary>"
        f"{_findings_list_html(text, prepared, f'{uid}-weak', explanations, masker)}</details>"
    )


def findings_table_html(
    text: Any,
    spans: Iterable[Any] | None,
    *,
    explanations: bool = True,
    masker: Masker | None = None,
) -> str:
    """A compact table of findings (#, technique, text, why), numbered as in highlight_html."""
    text = _coerce_text(text)
    prepared, _ = _prepare(text, spans)
    cell = (
        "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #d8dee4;"
        f"color:{TEXT_COLOR};background:{CARD_BACKGROUND}"
    )
    headers = "".join(
        f'<th scope="col" style="{cell};font-weight:600">{name}</th>'
        for name in ("#", "Technique", "Text", "Why" if explanations else "")
        if name
    )
    rows = []
    for span in prepared:
        quoted = escape(_quote(_apply(masker, text[span.start : span.end])))
        why = (f'<td style="{cell}">{escape(_reason(span, masker, measured=False))}'
               f"{_precision_badge(span)}</td>" if explanations else "")
        rows.append(
            f'<tr><td style="{cell}">{_number_badge(span.label, span.number)}</td>'
            f'<td style="{cell}">{escape(technique_name(span.label))}</td>'
            f'<td style="{cell}">{quoted}</td>{why}</tr>'
        )
    if not rows:
        columns = 4 if explanations else 3
        rows.append(f'<tr><td colspan="{columns}" style="{cell}">No findings.</td></tr>')
    return (
        f'<table class="pl-findings-table" lang="en" style="border-collapse:collapse;'
        f'font-family:{_FONT_STACK};font-size:0.92em;margin:0.5em 0">'
        f'<caption style="text-align:left;font-weight:600;padding:4px 8px;color:{TEXT_COLOR}">'
        f"Findings</caption><thead><tr>{headers}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
