"""Tables, bar charts and the content note for the dehumanization lens (notebook + widgets).

Every string that can contain an epithet goes through the masker before escaping, so a
masked display never shows the word, while the numbers come from the unmasked analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from propaganda_lab.dehumanization.profile import COMPONENTS, GroupProfile
from propaganda_lab.dehumanization.real_text import RealTextMeasure
from propaganda_lab.render import escape
from propaganda_lab.views import figure_png as figure_png  # re-export: notebooks use it
from propaganda_lab.views import literal_text, table_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from propaganda_lab.findings import Finding

Masker = Callable[[str], str]

_NOTES = {
    "strong": "This material contains dehumanizing language aimed at a (fictional) group: "
              "vermin and disease imagery, disgust and invented epithets. Epithets are masked; "
              "you can reveal them, and you can skip this text. A text of your own may contain "
              "real slurs and the code words of antisemitic and racist conspiracy talk (such "
              "as triple parentheses around a name): the known ones are masked too.",
    "mild": "This material describes a (fictional) group in demeaning terms. Epithets are masked; "
            "you can reveal them.",
    "real": "Text you paste may contain real slurs, dehumanizing images and the code words of "
            "antisemitic and racist conspiracy talk (such as triple parentheses around a name). "
            "Known epithets and code words are masked on screen (first letter and length); you "
            "can reveal them. The analysis always reads the unmasked text.",
}


def _same(text: str) -> str:
    return text


def content_note_html(level: str = "strong") -> str:
    """A visible content note (role=note, stated in words, not colour alone): ``strong`` and
    ``mild`` for the course's fictional cases, ``real`` for text a learner brings."""
    message = _NOTES.get(level, _NOTES["strong"])
    return (
        '<div class="pl-content-note" role="note" style="background:#fff4e0;'
        "border-left:4px solid #7a4600;color:#1a1a1a;padding:6px 10px;margin:4px 0;"
        f'font-family:system-ui,sans-serif"><strong>Content note:</strong> {escape(message)}'
        "</div>"
    )


def profile_table_html(profile: GroupProfile, masker: Masker | None = None) -> str:
    """One row per component: count, per 100 mentions, and the first piece of evidence."""
    mask = masker or _same
    rows = []
    for score in profile.components.values():
        example = escape(mask(score.findings[0].text)) if score.findings else "—"
        rows.append([escape(score.title), str(score.count), f"{score.per_100:.1f}",
                     f"<q>{example}</q>" if score.findings else example])
    caption = (f"Group ‘{mask(profile.label)}’: {profile.mention_count} mentions "
               "(scores are findings per 100 mentions)")
    return table_html(caption, ["Component", "Findings", "Per 100 mentions", "First example"], rows)


def agency_table_html(profile: GroupProfile, masker: Masker | None = None) -> str:
    """Agent vs patient counts and the verbs involved."""
    mask = masker or _same
    agency = profile.agency

    def verbs(pairs: Sequence[tuple[str, int]]) -> str:
        return escape(", ".join(f"{verb} ×{count}" for verb, count in pairs)) or "—"

    rows = [
        ["Agent (the group acts)", str(agency.as_agent), verbs(agency.agent_verbs)],
        ["Patient (done to the group)", str(agency.as_patient), verbs(agency.patient_verbs)],
        ["… of which passive", str(agency.passive), ""],
        ["… of which no one is said to act", str(agency.agentless), ""],
        ["Action denied ('they do not …')", str(agency.negated_agent), ""],
    ]
    return table_html(f"Who acts? Group ‘{mask(profile.label)}’", ["Role", "Count", "Verbs"], rows)


def comparison_table_html(profiles: Sequence[GroupProfile], masker: Masker | None = None) -> str:
    """Labels as rows, components (per 100 mentions) as columns."""
    mask = masker or _same
    header = ["Label", "Mentions", *COMPONENTS.values()]
    rows = [
        [escape(mask(p.label)), str(p.mention_count),
         *(f"{p.components[name].per_100:.1f}" for name in COMPONENTS)]
        for p in profiles
    ]
    return table_html("The same story under different labels (findings per 100 mentions)",
                  header, rows)


def profile_figure(profiles: GroupProfile | Sequence[GroupProfile], title: str,
                   masker: Masker | None = None) -> Figure:
    """Horizontal bars, one per component (grouped by label when several profiles)."""
    from matplotlib.figure import Figure  # deferred: matplotlib loads only when a chart is drawn

    mask = masker or _same
    group = [profiles] if isinstance(profiles, GroupProfile) else list(profiles)
    names = list(COMPONENTS)
    figure = Figure(figsize=(7.5, 0.55 * len(names) * max(1, len(group)) ** 0.5 + 1.4), dpi=90)
    axes = figure.subplots()
    height = 0.8 / max(1, len(group))
    hatches = ["", "//", "..", "xx", "\\\\"]
    colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
    for number, profile in enumerate(group):
        positions = [i + number * height for i in range(len(names))]
        values = [profile.components[name].per_100 for name in names]
        axes.barh(positions, values, height=height, color=colours[number % len(colours)],
                  hatch=hatches[number % len(hatches)], edgecolor="#1a1a1a",
                  label=mask(profile.label))
    axes.set_yticks([i + height * (len(group) - 1) / 2 for i in range(len(names))])
    axes.set_yticklabels([COMPONENTS[name] for name in names])
    axes.invert_yaxis()
    axes.set_xlabel("findings per 100 mentions of the group")
    axes.set_title(mask(title))
    if len(group) > 1:
        axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    return literal_text(figure)




def bars_summary(profiles: GroupProfile | Sequence[GroupProfile],
                 masker: Masker | None = None) -> str:
    """The chart in words, for screen readers and for comparing outputs in tests."""
    mask = masker or _same
    group = [profiles] if isinstance(profiles, GroupProfile) else list(profiles)
    lines = []
    for profile in group:
        values = ", ".join(f"{COMPONENTS[n]} {profile.components[n].per_100:.1f}"
                           for n in COMPONENTS)
        lines.append(f"{mask(profile.label)}: {values}")
    return "Bars (per 100 mentions) — " + "; ".join(lines)


def print_findings(findings: Sequence[Finding], masker: Masker | None = None) -> None:
    """One line per finding: technique / category, the words, the group, the rule (masked)."""
    mask = masker or _same
    if not findings:
        print("(no findings)")
    for finding in findings:
        category = f" / {finding.category}" if finding.category else ""
        print(f"{finding.technique}{category}: {mask(finding.text)!r} -> group "
              f"{mask(finding.target or '')!r} [{finding.rule}]")


def real_text_table_html(measure: RealTextMeasure) -> str:
    """The lens on real hate speech, one row per detector and one for the lens: share of
    forum sentences flagged by label (all findings, shown by default) and of posts flagged by
    label. Aggregate figures only (``dehumanization.real_text``)."""

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{100 * value:.1f}%"

    def row(name: str, figures: dict[str, Any]) -> list[str]:
        forum, shown, posts = figures["forum_all"], figures["forum_shown"], figures["posts_all"]
        return [name, pct(forum.get("hate")), pct(forum.get("noHate")),
                pct(shown.get("hate")), pct(shown.get("noHate")),
                pct(posts.get("hatespeech")), pct(posts.get("offensive")),
                pct(posts.get("normal"))]

    lens = {"forum_all": measure.forum_all, "forum_shown": measure.forum_shown,
            "posts_all": measure.posts_all}
    rows = [row("<strong>whole lens</strong>", lens)]
    rows += [row(f"<code>{escape(name)}</code>", figures)
             for name, figures in sorted(measure.detectors.items())]
    forum, posts = measure.corpora["forum"], measure.corpora["posts"]
    caption = (f"The lens on real hate speech ({forum['items']:,} forum sentences, "
               f"{posts['items']:,} posts; measured {measure.date})")
    return table_html(caption, ["", "hate sentences", "other sentences", "hate (shown)",
                                "other (shown)", "hate-speech posts", "offensive posts",
                                "normal posts"], rows)
