"""The highlighting renderer: safe (escaping), faithful (exact text), accessible, readable."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from propaganda_lab.findings import finding_at
from propaganda_lab.masking import Masker
from propaganda_lab.render import (
    PALETTE,
    TEXT_COLOR,
    Annotation,
    color_for,
    contrast_ratio,
    escape,
    findings_table_html,
    highlight_html,
    legend_html,
    technique_name,
)
from propaganda_lab.techniques import technique_ids

ALLOWED_TAGS = {
    "div", "span", "mark", "sup", "a", "ol", "ul", "li", "strong", "p",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "details", "summary",
}  # fmt: skip

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
)


class RenderedHTML(HTMLParser):
    """Parses renderer output into what a browser and a screen reader would get."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.visible_text = ""  # text of the .pl-text block, without the superscripts
        self.marks: list[tuple[str, frozenset[str]]] = []  # (text, technique labels)
        self.references: list[str] = []  # superscript numbers, in order
        self._stack: list[str] = []
        self._text_depth: int | None = None
        self._sup_depth: int | None = None
        self._mark: tuple[list[str], frozenset[str]] | None = None
        self.feed(markup)
        self.close()
        assert not self._stack, f"unclosed tags: {self._stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._stack.append(tag)
        classes = (attributes.get("class") or "").split()
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if "pl-text" in classes:
            self._text_depth = len(self._stack)
        if tag == "sup" and self._sup_depth is None:
            self._sup_depth = len(self._stack)
        if tag == "mark":
            labels = frozenset((attributes.get("data-pl-techniques") or "").split())
            self._mark = ([], labels)

    def handle_endtag(self, tag: str) -> None:
        assert self._stack and self._stack[-1] == tag, f"misnested </{tag}> in {self._stack}"
        depth = len(self._stack)
        if tag == "mark" and self._mark is not None:
            self.marks.append(("".join(self._mark[0]), self._mark[1]))
            self._mark = None
        if depth == self._sup_depth:
            self._sup_depth = None
        if depth == self._text_depth:
            self._text_depth = None
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._text_depth is None:
            return
        if self._sup_depth is not None:
            if self._stack[-1] == "a":
                self.references.append(data)
            return
        self.visible_text += data
        if self._mark is not None:
            self._mark[0].append(data)

    def attribute_values(self, name: str) -> list[str]:
        return [attrs[name] or "" for _, attrs in self.tags if name in attrs]


def assert_inert(markup: str) -> RenderedHTML:
    """No script, no event handler, no tag outside the renderer's small vocabulary."""
    assert "<script" not in markup.lower()
    parsed = RenderedHTML(markup)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            if name == "href":
                assert (value or "").startswith("#"), value
            if name == "style":
                assert "url(" not in (value or "") and "expression" not in (value or "")
    return parsed


TEXT = 'The regime\'s "troops" swarm & <pour> in.\nSecond line:  two  spaces, émigrés 🙂.'


def span_of(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


# ----------------------------------------------------------------------------- safety


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_text_labels_explanations_and_title_render_inert(payload: str) -> None:
    text = f"Before {payload} after, and the regime {payload}."
    start, end = span_of(payload, text)
    spans = [
        (payload, start, end, payload),
        Annotation("loaded_language", *span_of("regime", text), f"why {payload}"),
        finding_at(text, 0, 6, "name_calling", payload, neutral=payload, confidence=0.9),
        {"technique": payload, "start": 0, "end": len(text), "explanation": payload},
    ]
    markup = highlight_html(text, spans, title=payload)
    parsed = assert_inert(markup)
    assert parsed.visible_text == text  # the payload is shown to the learner, as text
    assert_inert(findings_table_html(text, spans))
    assert_inert(legend_html([payload, "loaded_language"]))
    assert escape(payload) == escape(payload).replace("<", "&lt;")  # idempotent on safe text
    assert "<" not in escape(payload) and '"' not in escape(payload)


# ----------------------------------------------------------------------------- faithfulness


def test_crossing_and_nested_spans_split_into_exact_segments() -> None:
    outer = span_of('"troops" swarm & <pour>')
    inner = span_of("swarm")
    crossing = span_of("& <pour> in.\nSecond")
    spans = [
        ("appeal_to_fear", *outer, "outer"),
        ("animal_metaphor", *inner, "inner"),
        ("invasion_metaphor", *crossing, "crossing"),
        ("loaded_language", *span_of("regime"), "word"),
    ]
    parsed = assert_inert(highlight_html(TEXT, spans))

    assert parsed.visible_text == TEXT
    assert parsed.marks == [
        ("regime", {"loaded_language"}),
        ('"troops" ', {"appeal_to_fear"}),
        ("swarm", {"appeal_to_fear", "animal_metaphor"}),
        (" ", {"appeal_to_fear"}),
        ("& <pour>", {"appeal_to_fear", "invasion_metaphor"}),
        (" in.\nSecond", {"invasion_metaphor"}),
    ]
    # Numbered in reading order, each number once, each linking to an item of the list.
    assert sorted(parsed.references, key=int) == ["1", "2", "3", "4"]
    for href in parsed.attribute_values("href"):
        assert href[1:] in parsed.ids
    for described_by in parsed.attribute_values("aria-describedby"):
        assert set(described_by.split()) <= parsed.ids


def test_more_than_three_techniques_on_one_piece_get_a_marker() -> None:
    start, end = span_of("swarm")
    labels = ["loaded_language", "animal_metaphor", "invasion_metaphor", "othering", "doubt"]
    markup = highlight_html(TEXT, [(label, start, end) for label in labels])
    parsed = assert_inert(markup)
    assert parsed.marks == [("swarm", frozenset(labels))]
    assert markup.count('class="pl-line"') == 3
    assert 'class="pl-more"' in markup and "+2" in markup
    assert parsed.visible_text == TEXT


def test_bad_offsets_are_clipped_or_skipped_and_reported() -> None:
    spans = [
        ("doubt", -5, 3, "starts before the text"),
        ("doubt", 20, 10, "reversed"),
        ("doubt", 7, 7, "empty"),
        ("slogans", len(TEXT) - 3, len(TEXT) + 50, "runs past the end"),
        ("slogans", None, 4, "missing start"),
        ("slogans", "a", "b", "not numbers"),
        ("slogans", 10_000, 10_005, "beyond the end"),
    ]
    parsed = assert_inert(highlight_html(TEXT, spans))
    assert parsed.visible_text == TEXT
    assert parsed.marks == [("The", {"doubt"}), (" 🙂.", {"slogans"})]
    assert "5 annotations were not shown" in highlight_html(TEXT, spans)
    highlight_html("", spans)  # empty text: nothing to highlight, nothing raised
    findings_table_html(TEXT, spans)


def test_unsupported_span_objects_fail_loudly() -> None:
    with pytest.raises(TypeError, match="a span must be"):
        highlight_html(TEXT, [42])


# ----------------------------------------------------------------------------- accessibility


def test_palette_meets_wcag_for_every_technique() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#777777") == contrast_ratio("#777777", "#ffffff")

    catalogue = sorted(technique_ids())
    assert len(catalogue) >= 24
    for label in [*catalogue, "Loaded_Language", "Flag-Waving", "made-up label"]:
        colour = color_for(label)
        assert contrast_ratio(TEXT_COLOR, colour.background) >= 4.5, label
        assert contrast_ratio(colour.line, colour.background) >= 3.0, label
        # Visibly tinted (yellow is light by nature, so luminance alone moves little).
        assert contrast_ratio(colour.background, "#ffffff") >= 1.1, f"{label} tint invisible"
    for colour in PALETTE:
        assert contrast_ratio(TEXT_COLOR, colour.background) >= 4.5
    # Colour + underline style together tell every catalogue technique apart.
    looks = {(color_for(label).name, color_for(label).line_style) for label in catalogue}
    assert len(looks) == len(catalogue)


def test_explanations_reach_hover_and_the_numbered_list() -> None:
    finding = finding_at(
        TEXT, 4, 10, "loaded_language", "A charged word", neutral="government", confidence=0.9
    )
    markup = highlight_html(TEXT, [finding], title="Case one")
    parsed = assert_inert(markup)
    (mark,) = [attrs for tag, attrs in parsed.tags if tag == "mark"]
    name = technique_name("loaded_language")
    assert mark["title"] == f"[1] {name}: A charged word (neutral alternative: ‘government’)"
    (item,) = [attrs for tag, attrs in parsed.tags if tag == "li" and attrs.get("id")]
    assert mark["aria-describedby"] == item["id"]
    assert f"<strong>{escape(name)}</strong> — ‘regime’: A charged word" in markup
    root_tag, root = parsed.tags[0]
    assert (root_tag, root["lang"], root["role"]) == ("div", "en", "figure")
    assert root["aria-labelledby"] in parsed.ids  # the title names the figure

    hidden = highlight_html(TEXT, [finding], explanations=False)
    assert "A charged word" not in hidden and "government" not in hidden
    assert escape(name) in hidden  # the technique is still named


def test_legend_lists_each_technique_once_and_can_be_turned_off() -> None:
    spans = [("loaded_language", 4, 10), ("loaded_language", 22, 27), ("Loaded_Language", 0, 3)]
    parsed = RenderedHTML(highlight_html(TEXT, spans))
    legend_items = [
        attrs for tag, attrs in parsed.tags if "pl-legend-item" in attrs.get("class", "")
    ]
    assert len(legend_items) == 2
    assert "pl-legend" not in highlight_html(TEXT, spans, legend=False)
    assert legend_html([]) == ""


# ----------------------------------------------------------------------------- labels, masking


def test_unknown_labels_render_raw_and_known_ids_get_human_names() -> None:
    spans = [("Loaded_Language", 4, 10, "PTC label"), ("loaded_language", 22, 27, "our id")]
    markup = highlight_html(TEXT, spans)
    assert "<strong>Loaded_Language</strong>" in markup
    assert technique_name("Loaded_Language") == "Loaded_Language"
    assert technique_name("loaded_language") != "loaded_language"
    assert f"<strong>{escape(technique_name('loaded_language'))}</strong>" in markup
    assert technique_name("") == ""


def test_masker_sees_raw_segments_and_masked_words_never_reach_the_output() -> None:
    text = "Valdora First Radio called them hillrats & worse; hillrats, it said, breed."
    seen: list[str] = []

    def mask(segment: str) -> str:
        seen.append(segment)
        return segment.replace("hillrats", "[epithet]")

    first = span_of("hillrats", text)
    spans = [
        ("name_calling", *first, "The epithet hillrats targets the Pellani."),
        finding_at(text, *span_of("breed", text), "animal_metaphor",
                   "Animal verb.", neutral="have children, unlike hillrats claims",
                   confidence=0.9),
    ]  # fmt: skip
    markup = highlight_html(text, spans, masker=mask)
    table = findings_table_html(text, spans, masker=mask)
    parsed = assert_inert(markup)

    assert "hillrats" not in markup.lower() and "hillrats" not in table.lower()
    assert "hillrats" in seen  # the highlighted segment itself, raw
    assert any("&" in segment for segment in seen)  # raw text, not "&amp;"
    # Masking happens after splitting: the same pieces are highlighted, just reworded.
    assert parsed.marks == [("[epithet]", {"name_calling"}), ("breed", {"animal_metaphor"})]
    assert parsed.visible_text == text.replace("hillrats", "[epithet]")


# ----------------------------------------------------------------------------- table, inputs


def test_findings_table_numbers_match_the_highlight() -> None:
    spans = [("doubt", 22, 27, "second"), ("loaded_language", 4, 10, "first")]
    table = findings_table_html(TEXT, spans)
    parsed = assert_inert(table)
    headers = [tag for tag, attrs in parsed.tags if tag == "th" and attrs.get("scope") == "col"]
    assert len(headers) == 4
    first, second = table.index("‘regime’"), table.index("‘swarm’")
    assert first < second and table.index(">1<") < first < table.index(">2<") < second
    assert "No findings." in findings_table_html(TEXT, [])


def test_output_is_deterministic_and_ids_differ_between_texts() -> None:
    spans = [("loaded_language", 4, 10, "why")]
    assert highlight_html(TEXT, spans) == highlight_html(TEXT, spans)  # stable notebook outputs
    ids_a = RenderedHTML(highlight_html(TEXT, spans)).ids
    ids_b = RenderedHTML(highlight_html(TEXT + " More.", spans)).ids
    assert ids_a and not ids_a & ids_b


def test_accepts_case_file_dicts_and_spacy_docs() -> None:
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")(TEXT)
    annotation = {"technique": "loaded_language", "start": 4, "end": 10, "text": "regime",
                  "explanation": "A charged word for a government."}  # fmt: skip
    parsed = assert_inert(highlight_html(doc, [annotation]))
    assert parsed.marks == [("regime", {"loaded_language"})]
    assert parsed.visible_text == TEXT


def _declarations(style: str) -> list[tuple[str, str]]:
    pairs = (item.split(":", 1) for item in style.split(";") if ":" in item)
    return [(name.strip(), value.strip()) for name, value in pairs]


def _dropped_by_jupyterlab(name: str, value: str) -> bool:
    """JupyterLab's sanitizer (untrusted outputs) keeps an allow-list of CSS properties:
    no text-decoration longhands or offsets, no logical properties, and a text-decoration
    shorthand only with plain keywords (see @jupyterlab/apputils sanitizer)."""
    if name.startswith(("text-decoration-", "text-underline-")) or "-block-" in name:
        return True
    return name == "text-decoration" and value not in ("none", "underline")


@pytest.mark.parametrize("label", ["loaded_language", "slogans", "hidden_agency", "splicing",
                                   "appeal_to_fear", "Loaded_Language"])  # fmt: skip
def test_lines_keep_colour_and_style_with_full_css_and_under_jupyterlab_sanitizer(
    label: str,
) -> None:
    colour = color_for(label)
    parsed = RenderedHTML(highlight_html("word", [(label, 0, 4)]))
    (style,) = [attrs["style"] or "" for _, attrs in parsed.tags if attrs.get("class") == "pl-line"]
    declarations = _declarations(style)

    full = dict(declarations)  # later declarations win; border-block-end is border-bottom here
    assert full["text-decoration-style"] == colour.line_style
    assert full["text-decoration-color"] == colour.line
    assert full["border-block-end"] == "none"  # no second line where all CSS applies

    kept = dict((n, v) for n, v in declarations if not _dropped_by_jupyterlab(n, v))
    _width, border_style, border_colour = kept["border-bottom"].split()
    fallback = "dotted" if colour.line_style == "wavy" else colour.line_style
    assert (border_style, border_colour) == (fallback, colour.line)
    mark_style = dict(_declarations(next(a["style"] or "" for t, a in parsed.tags if t == "mark")))
    assert mark_style["background"] == colour.background


def test_weak_findings_are_hidden_with_a_note_or_marked_on_request() -> None:
    strong = finding_at(TEXT, 4, 10, "loaded_language", "A charged word", confidence=0.9)
    weak = finding_at(TEXT, 0, 3, "doubt", "A doubt cue", confidence=0.2, weak=True)
    unmeasured = finding_at(TEXT, 11, 14, "doubt", "Never checked", weak=True)
    hidden = highlight_html(TEXT, [strong, weak, unmeasured])
    assert assert_inert(hidden).marks == [(TEXT[4:10], {"loaded_language"})]
    # A static view has no switch: the weak cues are listed one click away, and no line
    # points at a control that is not on screen.
    assert "Also noticed, not highlighted: 2 framing cues" in hidden
    assert "Show the 2 weak cues not highlighted" in hidden and "<details" in hidden
    assert "Switch on" not in hidden and "A doubt cue" in hidden
    switch = highlight_html(TEXT, [strong, weak, unmeasured], weak_switch=True)
    assert "2 framing cues" in switch and "Switch on ‘Show weak cues’" in switch
    assert "A doubt cue" not in switch
    marked = highlight_html(TEXT, [strong, weak, unmeasured], weak="mark")
    assert len(assert_inert(marked).marks) == 3
    assert f"{technique_name('doubt')} (weak cue)" in marked
    assert "not been checked on real text" in marked
    assert "weak cues are not highlighted" not in marked
    with pytest.raises(ValueError, match="weak must be"):
        highlight_html(TEXT, [strong], weak="show")


def test_a_view_with_only_weak_cues_is_never_a_silent_page() -> None:
    """Nothing cleared the bar: the view says what was held back, by lens and how often such
    cues are right, offers the strongest as worth a look, and never reads as a verdict."""
    text = "They are <b>vermin</b>, and the vermin rule us."
    vermin, rule = text.index("vermin rule"), text.index("rule us")
    weak = [finding_at(text, vermin, vermin + 6, "animal_metaphor", "x", confidence=0.45,
                       weak=True, lens="dehumanization"),
            finding_at(text, rule, rule + 7, "doubt", "y", confidence=0.3, weak=True,
                       lens="framing")]
    html_out = highlight_html(text, weak, masker=Masker(terms=("vermin",)))
    parsed = assert_inert(html_out)
    assert parsed.marks == []
    assert "No techniques highlighted" not in html_out
    assert "1 dehumanization cue" in html_out and "1 framing cue" in html_out
    assert "Worth a look" in html_out and "not a verdict" in html_out
    assert "vermin" not in html_out.replace("v•••••", "")  # masked in the worth-a-look list
    strongest, second = technique_name("animal_metaphor"), technique_name("doubt")
    assert html_out.index(strongest) < html_out.index(second)  # strongest first
    empty = highlight_html("The ferry left at noon.", [])
    assert "No techniques highlighted" in empty and "not a verdict" in empty


def test_each_finding_shows_its_measurement_as_a_badge_with_the_sentence_one_click_away(
) -> None:
    from propaganda_lab.analysis import analyze
    from propaganda_lab.calibration import confidence_words
    from propaganda_lab.findings import Finding
    from propaganda_lab.widgets.your_text import EXAMPLE_ARTICLE, EXAMPLE_SOURCE

    report = analyze(EXAMPLE_ARTICLE, EXAMPLE_SOURCE)
    text = report.text
    shown = next(f for f in report.shown if confidence_words(f))
    sentence = confidence_words(shown)
    assert sentence is not None
    markup = highlight_html(text, [shown])
    assert_inert(markup)
    listed = markup.split('class="pl-findings"', 1)[1]
    badge = listed.split('<details class="pl-precision"', 1)[1]
    summary = badge.split("<summary", 1)[1].split("</summary>", 1)[0]
    assert "judged: right " in summary and len(summary.split(">", 1)[1]) < 40
    assert sentence[1:] in badge.split("</summary>", 1)[1]  # the full sentence, on a click
    # The sentence is written once per finding in the list, not repeated beside the reason.
    assert listed.count(sentence[1:]) == 2  # the summary's hover text and the opened part
    assert isinstance(shown, Finding)
    table = findings_table_html(text, [shown])
    assert "pl-precision" in table


def test_badge_labels() -> None:
    from propaganda_lab.render import precision_badge_label

    assert precision_badge_label("Findings like this one were right about 7 times in 10 when "
                                 "judged blind on real articles") == "judged: right 7 in 10"
    assert precision_badge_label("Checked against the source you gave: both texts are "
                                 "shown.") == "checked against your source"
    assert precision_badge_label("This cue has not been checked on real text yet.") == (
        "not checked yet")
    assert precision_badge_label("") == ""
