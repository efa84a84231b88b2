"""HTML and figures for the framing lens: frame bars, comparison tables, word-choice pairs.

Charts always come with a text/table equivalent (screen readers, nbval text comparison), and all
learner text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from propaganda_lab.lenses.framing.frames import FrameProfile, frame_labels
from propaganda_lab.render import escape
from propaganda_lab.views import figure_png as figure_png  # re-export: notebooks use it
from propaganda_lab.views import (
    literal_text,
    notice_html,
    table_html,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from propaganda_lab.framing.compare import FramingComparison

_BAR_COLOURS = ("#0b4f8a", "#b35900", "#1d5e20", "#6a1b9a")


def frame_profile_table_html(profiles: Mapping[str, FrameProfile], caption: str,
                             n_evidence: int = 6) -> str:
    """Frames with a score in any text: score per text and the cue words behind it."""
    names = list(profiles)
    labels = frame_labels()
    rows = []
    for frame_id, label in labels.items():
        scores = [profiles[name].scores.get(frame_id, 0.0) for name in names]
        if not any(scores):
            continue
        cells = [escape(label)]
        for name, score in zip(names, scores, strict=True):
            words = list(dict.fromkeys(
                cue.text.lower() for cue in profiles[name].evidence.get(frame_id, [])))
            shown = ", ".join(words[:n_evidence]) + (", …" if len(words) > n_evidence else "")
            cells.append(f"<strong>{score:.1f}</strong> <small>({escape(shown)})</small>"
                         if score else "0")
        rows.append(cells)
    if not rows:
        return notice_html("No frame cue words found in this text.", "info")
    header = ["Frame", *(f"{name} (per 100 words)" for name in names)]
    return table_html(caption, header, rows)


def frame_bars_html(profile: FrameProfile, n: int = 5) -> str:
    """Fast HTML bars of the strongest frames (for live widgets; no matplotlib round trip)."""
    top = profile.top(n)
    if not top:
        return notice_html("No frame cue words found yet.", "info")
    biggest = max(score for _, score in top)
    labels = frame_labels()
    rows = "".join(
        "<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
        f"<span style='width:15em;font-size:0.9em'>{escape(labels.get(frame, frame))}</span>"
        f"<span role='img' aria-label='{score:.1f} per 100 words' style='display:inline-block;"
        f"height:0.9em;width:{max(2, int(200 * score / biggest))}px;background:#0b4f8a'></span>"
        f"<span style='font-size:0.9em'>{score:.1f}</span></div>"
        for frame, score in top
    )
    return (
        "<div class='pl-frame-bars' style='font-family:system-ui,sans-serif;color:#1a1a1a'>"
        "<div style='font-weight:600'>Strongest frames (cue words per 100 words)</div>"
        f"{rows}</div>"
    )


def frame_profile_figure(profiles: Mapping[str, FrameProfile], title: str) -> Figure:
    """Grouped horizontal bars of every frame that scores in any text (PNG-friendly)."""
    from matplotlib.figure import Figure  # deferred: matplotlib loads only when a chart is drawn

    names = list(profiles)
    labels = frame_labels()
    frames = [f for f in labels if any(profiles[n].scores.get(f, 0) for n in names)] or ["other"]
    figure = Figure(figsize=(7.5, 0.45 * len(frames) + 1.4), dpi=80)
    axes = figure.subplots()
    height = 0.8 / max(1, len(names))
    for index, name in enumerate(names):
        positions = [i + index * height for i in range(len(frames))]
        values = [profiles[name].scores.get(f, 0.0) for f in frames]
        axes.barh(positions, values, height=height, label=name,
                  color=_BAR_COLOURS[index % len(_BAR_COLOURS)],
                  hatch=("", "//", "..", "xx")[index % 4], edgecolor="white")
    axes.set_yticks([i + height * (len(names) - 1) / 2 for i in range(len(frames))])
    axes.set_yticklabels([labels[f] for f in frames])
    axes.invert_yaxis()
    axes.set_xlabel("frame cue words per 100 words")
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    return literal_text(figure)


def word_choices_html(comparison: FramingComparison, name_a: str, name_b: str) -> str:
    """The same referent named differently: the heart of a framing comparison."""
    rows = [
        [escape(choice.referent), escape(", ".join(choice.words_a)),
         escape(", ".join(choice.words_b))]
        for choice in comparison.word_choices
    ]
    if not rows:
        return notice_html("No word-choice pairs found between the two texts.", "info")
    return table_html("Same referent, different words", ["Referent", name_a, name_b], rows)


def comparison_summary_html(comparison: FramingComparison, name_a: str, name_b: str) -> str:
    """Counts side by side: loaded terms, density, dominant frame, hidden agents."""
    density_a, density_b = comparison.loaded_per_100_words()
    hidden_a, hidden_b = comparison.hidden_agents
    labels = frame_labels()

    def dominant(profile: FrameProfile) -> str:
        return escape(labels.get(profile.dominant or "", "—"))

    rows = [
        ["Loaded terms", str(len(comparison.loaded_a)), str(len(comparison.loaded_b))],
        ["Loaded terms per 100 words", f"{density_a:.1f}", f"{density_b:.1f}"],
        ["Dominant frame (whole text)", dominant(comparison.profile_a),
         dominant(comparison.profile_b)],
    ]
    if comparison.profile_a.headline and comparison.profile_b.headline:
        rows.append(["Dominant frame (headline)", dominant(comparison.profile_a.headline),
                     dominant(comparison.profile_b.headline)])
    rows.append(["Actions with a hidden agent", str(hidden_a), str(hidden_b)])
    return table_html("Two reports compared", ["", escape(name_a), escape(name_b)], rows)


