"""AnalyzeYourText: paste or upload any article (and its sources), get all three lenses at once.

This is the "bring your own text" app (notebook 06, also served by Voilà). Whatever arrives,
empty boxes, a 50 MB log, a PDF renamed .txt, Latin-1 bytes, a page of hostile HTML, the
learner gets a sentence in the widget saying what to do, and the widget keeps working.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from propaganda_lab import analysis
from propaganda_lab.cleaning import clean_text, issues_note
from propaganda_lab.dehumanization.display import (
    agency_table_html,
    bars_summary,
    profile_figure,
    profile_table_html,
)
from propaganda_lab.framing.display import frame_profile_figure
from propaganda_lab.masking import Masker
from propaganda_lab.render import escape, highlight_html
from propaganda_lab.report_html import (
    groups_found_html,
    quotes_html,
    summary_table_html,
    voice_html,
)
from propaganda_lab.widgets._base import (
    WIDGET_MAX_CHARS,
    ChartImage,
    LabWidget,
    check_text,
    safe_callback,
    weak_cues_toggle,
)

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


def download_link_html(html_page: str, file_name: str = REPORT_FILE_NAME) -> str:
    """A link that saves the report as a file (a data: URL, so no server is involved)."""
    data = base64.b64encode(html_page.encode("utf-8")).decode("ascii")
    return (f"<a class='pl-download' download='{escape(file_name)}' "
            f"href='data:text/html;charset=utf-8;base64,{data}' "
            "style='display:inline-block;margin:4px 0;padding:4px 10px;border:1px solid #0b4f8a;"
            "border-radius:4px;color:#0b4f8a;text-decoration:none'>"
            "&#x2B07; Download the full report (HTML, opens in any browser)</a>")


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
        self.download = widgets.HTML()
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
        self.group_box.value = "Ostrevan contractors"
        self.analyze()

    @safe_callback
    def _article_uploaded(self, value: Any) -> None:
        files = _uploads(value)
        if not files:
            return
        self.article_box.value = decode_upload(files[0])
        self.show_message(f"Loaded {files[0].get('name', 'the file')} into the article box; "
                          "press Analyze.", "info")

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
        else:
            self.clear_message()
        self._render(report)

    def _clear_results(self) -> None:
        self.report = None
        self._analysed = None
        for view in (self.highlights, self.summary, self.frames_text, self.quotes,
                     self.group_text, self.download):
            view.value = ""
        self.frames_chart.clear()
        self.group_chart.clear()

    def _render_highlights(self) -> None:
        """The article highlighted: shown findings, or every finding with weak ones marked."""
        report = self.report
        if report is None:
            return
        self.highlights.value = highlight_html(
            report.text, list(report.findings), masker=self.masker, title="Your text",
            weak="mark" if self.weak_toggle.value else "hide")

    def _render(self, report: Any) -> None:
        self._render_highlights()
        self.summary.value = summary_html(report, self.masker)
        self._render_frames(report)
        self.quotes.value = quotes_html(report, self.masker)
        self._render_group(report)
        self.download.value = download_link_html(report.to_html(masker=self.masker))
        self.tabs.selected_index = 0

    def _render_frames(self, report: Any) -> None:


        frames = report.frames
        self.frames_text.value = f"<p>{escape(frames.summary())}</p>"
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
            self.group_chart.clear()
            return
        self.group_text.value = (
            summary + f"<p>{escape(bars_summary(profile, self.masker))}</p>"
            + profile_table_html(profile, self.masker) + agency_table_html(profile, self.masker))
        figure = profile_figure(profile, f"How the text writes about: {profile.label}",
                                self.masker)
        self.group_chart.show_figure(figure)


def summary_html(report: Any, masker: Masker | None = None) -> str:
    """Counts per lens and technique (the report page's table), with a reading hint."""
    intro = (f"<p>{report.words:,} words; {len(report.shown)} findings shown and "
             f"{len(report.weak)} weak cues. Each finding is a "
             "cue for discussion found by a stated rule: read the reason and decide whether "
             "you agree.</p>")
    return intro + summary_table_html(report) + voice_html(report, masker or Masker())
