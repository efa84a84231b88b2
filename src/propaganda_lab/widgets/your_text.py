"""AnalyzeYourText: paste or upload any article (and its sources), get all three lenses at once.

This is the "bring your own text" app (notebook 06, also served by Voilà). Whatever arrives,
empty boxes, a 50 MB log, a PDF renamed .txt, Latin-1 bytes, a page of hostile HTML, the
learner gets a sentence in the widget saying what to do, and the widget keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
from rapidfuzz import fuzz

from propaganda_lab import analysis
from propaganda_lab.cleaning import clean_text, issues_note
from propaganda_lab.dehumanization.display import (
    agency_table_html,
    bars_summary,
    content_note_html,
    profile_figure,
    profile_table_html,
)
from propaganda_lab.framing.display import frame_profile_figure
from propaganda_lab.masking import Masker
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.report_html import (
    groups_found_html,
    quotes_html,
    sources_used_html,
    summary_table_html,
    voice_html,
)
from propaganda_lab.widgets._base import (
    WIDGET_MAX_CHARS,
    ChartImage,
    LabWidget,
    check_text,
    on_enter,
    safe_callback,
    weak_cues_toggle,
)
from propaganda_lab.widgets.download import DownloadButton

#: Largest file accepted for upload; the text limits below apply after decoding.
MAX_UPLOAD_BYTES = 1_000_000
#: Longest article the app analyses (about 10,000 words).
ARTICLE_MAX_CHARS = WIDGET_MAX_CHARS
#: Longest single source (transcripts are often longer than the article quoting them).
SOURCE_MAX_CHARS = 150_000
#: All sources together: with the longest article this keeps a run under 1 GB of memory
#: (benchmarks/run.py, "Peak memory per character").
SOURCES_MAX_TOTAL_CHARS = 150_000
HEADLINE_MAX_CHARS = 300
_SEPARATOR_LINE = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)
REPORT_FILE_NAME = "propaganda_lab_report.html"

EXAMPLE_ARTICLE = (
    "Sarnet caves in to Ostreva again\n\n"
    "The government's so-called \"compromise\" on the Kerrow base is a betrayal. Mistakes were "
    "made, the ministry admits, but nobody is named. Defence Minister Irena Vask said the deal "
    "\"protects Valdoran jobs\". Every patriot knows the truth: a flood of Ostrevan contractors "
    "will swarm over the hill towns, and the Gallow Circle is pulling the strings."
)
EXAMPLE_SOURCE = (
    "IRENA VASK: The agreement protects Valdoran jobs for now, but only if parliament approves "
    "the training budget. We will publish every contract."
)
EXAMPLE_GROUP = "Ostrevan contractors"
#: How alike (rapidfuzz ratio, 0-100) an article must stay to the example to count as the
#: example edited; below it the learner has replaced the example with a text of their own.
EDITED_EXAMPLE_SIMILARITY = 60
#: The result tabs whose charts are drawn only when the learner opens them.
FRAMES_TAB, GROUP_TAB = 2, 4


class UploadError(ValueError):
    """An uploaded file cannot be used as text; the message says why and what to do."""


def decode_upload(item: Mapping[str, Any]) -> str:
    """The text of one uploaded file (UTF-8), or an UploadError a learner can act on."""
    name = str(item.get("name") or "the file")
    content = item.get("content", b"")
    data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{name} is {len(data):,} bytes; files up to {MAX_UPLOAD_BYTES:,} "
                          "bytes are accepted. Upload a shorter extract.")
    if b"\x00" in data[:65536]:
        raise UploadError(f"{name} looks like a binary file (a PDF, Word or image file?). "
                          "Save it as plain text (.txt, UTF-8) and upload that.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(f"{name} is not UTF-8 text (unreadable byte at position "
                          f"{error.start}). Re-save it as UTF-8 plain text, or paste the "
                          "text into the box instead.") from None
    if not text.strip():
        raise UploadError(f"{name} is empty.")
    return text.replace("\r\n", "\n")


def split_sources(text: str) -> list[str]:
    """Sources pasted into one box, separated by a line of three or more dashes."""
    return [part.strip("\n") for part in _SEPARATOR_LINE.split(text) if part.strip()]


def parse_group_terms(text: str) -> list[str]:
    """'Pellani, hill people; Teskari' -> ['Pellani', 'hill people', 'Teskari']."""
    return [term.strip() for term in re.split(r"[,;\n]", text) if term.strip()]


def _uploads(value: Any) -> list[Mapping[str, Any]]:
    """FileUpload.value as a list of dicts (ipywidgets 8 gives a tuple of dicts)."""
    if isinstance(value, Mapping):  # ipywidgets 7 style: {name: {...}}
        return [{"name": key, **item} for key, item in value.items()]
    return list(value or ())


class AnalyzeYourText(LabWidget):
    """Article, optional sources, headline and group; one button runs every lens."""

    def __init__(self, article: str = "", sources: str = "", headline: str = "",
                 group_terms: str = "", **kwargs: Any) -> None:
        self.report: Any = None
        #: The cleaned inputs of the report shown (a repeated click on them does nothing).
        self._analysed: tuple[Any, ...] | None = None
        self.masker = Masker()
        wide = widgets.Layout(width="98%")
        self.article_box = widgets.Textarea(
            value=article, placeholder="Paste the article here (its first line may be the "
            "headline, followed by a blank line).", description="Article:",
            layout=widgets.Layout(width="98%", height="12em"))
        self.article_box.add_class("pl-your-article")
        self.article_upload = widgets.FileUpload(accept=".txt,.md,text/plain", multiple=False,
                                                 description="Upload article (.txt)",
                                                 layout=widgets.Layout(width="16em"))
        self.headline_box = widgets.Text(value=headline, description="Headline:",
                                         placeholder="optional, if not the article's first line",
                                         layout=wide)
        self.sources_box = widgets.Textarea(
            value=sources, description="Source(s):",
            placeholder="optional: the transcript, press release or report the article quotes. "
            "Separate several sources with a line of dashes: -----",
            layout=widgets.Layout(width="98%", height="8em"))
        self.sources_box.add_class("pl-your-sources")
        self.source_upload = widgets.FileUpload(accept=".txt,.md,text/plain", multiple=True,
                                                description="Upload source(s) (.txt)",
                                                layout=widgets.Layout(width="16em"))
        self.group_box = widgets.Text(value=group_terms, description="Group:",
                                      placeholder="optional: words for the group to profile, "
                                      "comma-separated (e.g. Teskari, migrants)", layout=wide)
        self.analyze_button = widgets.Button(description="Analyze", icon="search",
                                             button_style="primary")
        self.analyze_button.add_class("pl-analyze")
        self.example_button = widgets.Button(description="Load an example", icon="file-text")
        self.status = widgets.HTML()
        self.download = DownloadButton(lambda: self.report_page(),
                                       label="Download the full report (HTML, opens in any "
                                       "browser)", file_name=REPORT_FILE_NAME)
        #: Which boxes still hold the example's text: replacing the example article clears
        #: them, so a learner's article is never checked against the example's source.
        self._from_example: set[str] = set()
        self._keep_message = False
        self._cleared_note = ""
        #: Report whose charts are not drawn yet, per tab: drawn when the tab is opened.
        self._charts_due: dict[int, Any] = {}
        self.highlights = widgets.HTML()
        self.highlights.add_class("pl-your-highlights")
        self.weak_toggle = weak_cues_toggle()
        self.weak_toggle.observe(lambda _change: self._render_highlights(), names="value")
        self.summary = widgets.HTML()
        self.frames_chart = ChartImage(max_width="720px")
        self.frames_text = widgets.HTML()
        self.quotes = widgets.HTML()
        self.group_chart = ChartImage(max_width="640px")
        self.group_text = widgets.HTML()
        self.tabs = widgets.Tab(children=[
            widgets.VBox([self.weak_toggle, self.highlights]), self.summary,
            widgets.VBox([self.frames_text, self.frames_chart]),
            self.quotes, widgets.VBox([self.group_text, self.group_chart])])
        for index, title in enumerate(["Highlights", "Summary", "Frames", "Quotes", "Group"]):
            self.tabs.set_title(index, title)
        self.tabs.observe(lambda change: self._draw_due_chart(change["new"]),
                          names="selected_index")
        inputs = [self.article_box, self.article_upload, self.headline_box, self.sources_box,
                  self.source_upload, self.group_box,
                  widgets.HBox([self.analyze_button, self.example_button])]
        super().__init__([*inputs, self.status, self.download, self.tabs], **kwargs)
        # The message goes right under the button, where the learner is looking.
        self.children = (*inputs, self.message, self.status, self.download, self.tabs)
        self.add_class("pl-your-text")
        self.analyze_button.on_click(lambda _b: self.analyze())
        self.example_button.on_click(lambda _b: self.load_example())
        self.article_upload.observe(lambda change: self._article_uploaded(change["new"]),
                                    names="value")
        self.article_box.observe(lambda change: self._article_edited(change["new"]),
                                 names="value")
        for box, name in ((self.sources_box, "sources"), (self.group_box, "group")):
            box.observe(lambda _change, name=name: self._from_example.discard(name),
                        names="value")
        # Enter in a one-line box runs the analysis, as in any form.
        on_enter(self.headline_box, self.analyze)
        on_enter(self.group_box, self.analyze)
        self.source_upload.observe(lambda change: self._sources_uploaded(change["new"]),
                                   names="value")

    def __repr__(self) -> str:
        found = len(self.report.findings) if self.report is not None else 0
        return f"AnalyzeYourText(analysed={self.report is not None}, findings={found})"

    # ------------------------------------------------------------------ input

    @safe_callback
    def load_example(self) -> None:
        """Fill the boxes with a short fictional example and analyse it."""
        self.article_box.value = EXAMPLE_ARTICLE
        self.sources_box.value = EXAMPLE_SOURCE
        self.headline_box.value = ""
        self.group_box.value = EXAMPLE_GROUP
        self._from_example = {"sources", "group"}
        self.analyze()

    @safe_callback
    def _article_edited(self, article: str) -> None:
        """A learner who replaces the example article gets no example source or group with
        it: both boxes are emptied (unless the learner changed them) and a note says so."""
        if not self._from_example or not replaces_example(article):
            return
        cleared = []
        if "sources" in self._from_example:
            self.sources_box.value = ""
            cleared.append("source")
        if "group" in self._from_example:
            self.group_box.value = ""
            cleared.append("group")
        self._from_example.clear()
        if cleared:
            self._keep_message = True
            were, they = ("were", "they belong") if len(cleared) > 1 else ("was", "it belongs")
            self._cleared_note = (f"You replaced the example, so its {' and '.join(cleared)} "
                                  f"{were} cleared: {they} to the example, not to your text. "
                                  "Add your text's own source if you have one, then press "
                                  "Analyze.")
            self.show_message(self._cleared_note, "info")

    @safe_callback
    def _article_uploaded(self, value: Any) -> None:
        files = _uploads(value)
        if not files:
            return
        self._cleared_note = ""
        self.article_box.value = decode_upload(files[0])
        loaded = f"Loaded {files[0].get('name', 'the file')} into the article box"
        self.show_message(f"{loaded}. {self._cleared_note}" if self._cleared_note
                          else f"{loaded}; press Analyze.", "info")

    @safe_callback
    def _sources_uploaded(self, value: Any) -> None:
        files = _uploads(value)
        if not files:
            return
        texts, problems = [], []
        for item in files:
            try:
                texts.append(decode_upload(item))
            except UploadError as error:
                problems.append(str(error))
        existing = split_sources(self.sources_box.value)
        self.sources_box.value = "\n-----\n".join(existing + texts)
        if problems:
            self.show_message(" ".join(problems), "warning")
        else:
            self.show_message(f"Added {len(texts)} source(s); press Analyze.", "info")

    def _inputs(self) -> tuple[str, list[str], str | None, list[str]] | None:
        """The validated inputs, or None after showing the learner what to fix."""
        article = self.article_box.value
        problem = check_text(article, what="article", max_chars=ARTICLE_MAX_CHARS)
        sources = split_sources(self.sources_box.value)
        for number, source in enumerate(sources, start=1):
            problem = problem or check_text(source, what=f"source {number}",
                                            max_chars=SOURCE_MAX_CHARS)
        total = sum(len(source) for source in sources)
        if total > SOURCES_MAX_TOTAL_CHARS:
            problem = problem or (f"The sources have {total:,} characters together; this widget "
                                  f"checks quotes against up to {SOURCES_MAX_TOTAL_CHARS:,}. Keep "
                                  "the sources the article quotes and leave out the rest.")
        headline = " ".join(self.headline_box.value.split())
        if len(headline) > HEADLINE_MAX_CHARS:
            problem = problem or (f"The headline has {len(headline):,} characters; keep it under "
                                  f"{HEADLINE_MAX_CHARS} (or put it on the article's first line).")
        if problem:
            self.show_message(problem, "hint")
            return None
        return article, sources, headline or None, parse_group_terms(self.group_box.value)

    # ------------------------------------------------------------------ analysis

    @safe_callback
    def analyze(self) -> None:
        """Run every lens once over the texts in the boxes and fill the result tabs."""
        inputs = self._inputs()
        if inputs is None:
            self._clear_results()
            return
        cleaned = [clean_text(text) for text in (inputs[0], *inputs[1], inputs[2] or "")]
        article, *sources, headline = (c.text for c in cleaned)
        terms = inputs[3]
        key = (article, tuple(sources), headline, tuple(terms))
        if key == self._analysed and self.report is not None:
            # A click queued while these inputs were being analysed, or a second press: no
            # second run, but an answer, so the button never seems dead.
            self.show_message("The results below are already for the text in the boxes. "
                              "Change the text (or the sources or group) and press Analyze "
                              "again.", "info")
            return
        size = len(article) + sum(len(source) for source in sources)
        self.status.value = (f"<p role='status'><em>Analysing {size:,} characters (a few "
                             "seconds per 10,000; Kernel ▸ Interrupt stops it)…</em></p>")
        self.analyze_button.disabled = True
        try:
            report = analysis.analyze(article, sources or None, headline=headline or None,
                                     group_terms=terms or None)
        finally:
            self.status.value = ""
            self.analyze_button.disabled = False
        self.report = report
        self._analysed = key
        issues = [issue for c in cleaned for issue in c.issues]
        if issues:
            self.show_message(issues_note(issues, cleaned=True), "hint")
        elif self._keep_message:  # the note on the cleared example inputs stays for one run
            self._keep_message = False
        else:
            self.clear_message()
        self._render(report)

    def report_page(self) -> str:
        """The whole report as one HTML page (built when the learner asks to download it)."""
        if self.report is None:
            raise ValueError("There is no report yet: press Analyze first.")
        return str(self.report.to_html(masker=self.masker))

    def _clear_results(self) -> None:
        self.report = None
        self._analysed = None
        for view in (self.highlights, self.summary, self.frames_text, self.quotes,
                     self.group_text):
            view.value = ""
        self.download.available = False
        self._charts_due.clear()
        self.frames_chart.clear()
        self.group_chart.clear()

    def _render_highlights(self) -> None:
        """The article highlighted: shown findings, or every finding with weak ones marked."""
        report = self.report
        if report is None:
            return
        note = content_note_html("real") if needs_content_note(report, self.masker) else ""
        self.highlights.value = note + highlight_html(
            report.text, list(report.findings), masker=self.masker, title="Your text",
            weak="mark" if self.weak_toggle.value else "hide", weak_switch=True)

    def _render(self, report: Any) -> None:
        """Fill every tab's text; the charts wait until their tab is opened (drawing one
        costs more than the analysis of a short article)."""
        self._render_highlights()
        self.summary.value = summary_html(report, self.masker)
        self._render_frames(report)
        self.quotes.value = (sources_used_html(report, self.masker)
                             + quotes_html(report, self.masker))
        self._render_group(report)
        self.download.available = True
        self._charts_due = {FRAMES_TAB: report, GROUP_TAB: report}
        if self.tabs.selected_index == 0:
            self.frames_chart.clear()
            self.group_chart.clear()
        else:
            self._draw_due_chart(self.tabs.selected_index)

    @safe_callback
    def _draw_due_chart(self, index: int | None) -> None:
        """Draw the chart of the tab just opened, once per report."""
        report = self._charts_due.pop(index, None) if index is not None else None
        if report is None:
            return
        if index == FRAMES_TAB:
            self._draw_frames_chart(report)
        elif index == GROUP_TAB:
            self._draw_group_chart(report)

    def charts_pending(self) -> list[int]:
        """The tabs whose chart is still to be drawn (for tests and benchmarks)."""
        return sorted(self._charts_due)

    def _render_frames(self, report: Any) -> None:
        self.frames_text.value = f"<p>{escape(report.frames.summary())}</p>"

    def _draw_frames_chart(self, report: Any) -> None:

        frames = report.frames
        if not frames.top(1):
            self.frames_chart.clear()
            return
        figure = frame_profile_figure({"your text": frames}, "Frame profile of your text")
        self.frames_chart.show_figure(figure)

    def _render_group(self, report: Any) -> None:
        """Which groups were found (or named), then how the text writes about them."""
        profile = report.groups
        found = groups_found_html(report, self.masker)
        summary = found + f"<p>{escape(self.masker(profile.summary()))}</p>"
        if not profile.mention_count:
            self.group_text.value = summary + (
                "<p>Name the group in the <b>Group</b> box to follow one group.</p>")
            return
        self.group_text.value = (
            summary + f"<p>{escape(bars_summary(profile, self.masker))}</p>"
            + profile_table_html(profile, self.masker) + agency_table_html(profile, self.masker))

    def _draw_group_chart(self, report: Any) -> None:
        profile = report.groups
        if not profile.mention_count:
            self.group_chart.clear()
            return
        figure = profile_figure(profile, f"How the text writes about: {profile.label}",
                                self.masker)
        self.group_chart.show_figure(figure)


def summary_html(report: Any, masker: Masker | None = None) -> str:
    """Counts per lens and technique (the report page's table), with a reading hint."""
    intro = (f"<p>{report.words:,} words; {len(report.shown)} findings shown and "
             f"{len(report.weak)} weak cues. Each finding is a "
             "cue for discussion found by a stated rule: read the reason and decide whether "
             "you agree.</p>")
    return (intro + sources_used_html(report, masker) + summary_table_html(report)
            + voice_html(report, masker or Masker()))


def needs_content_note(report: Any, masker: Masker) -> bool:
    """Whether a learner's text holds what the course warns about before showing it: a masked
    epithet or code word, or dehumanizing language the lens found (weak or not)."""
    return bool(masker.count(report.text)) or any(
        f.lens == "dehumanization" for f in report.findings)


def replaces_example(article: str) -> bool:
    """True when ``article`` is a text of the learner's own, not the example (edited or not)."""
    if not article.strip():
        return False  # an emptied box is not a new text yet
    return fuzz.ratio(article, EXAMPLE_ARTICLE) < EDITED_EXAMPLE_SIMILARITY
