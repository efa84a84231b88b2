"""The report of one analysed article: findings, quote checks, frames and group profile.

A plain, frozen data model: the pipeline (``analysis``) builds it, the HTML page
(``report_html``), the command line and the widgets read it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from propaganda_lab.calibration import shown_threshold
from propaganda_lab.findings import Finding
from propaganda_lab.masking import mask_text
from propaganda_lab.report_html import report_html
from propaganda_lab.techniques import LENSES, get_technique, id_to_ptc_label, lens_of

if TYPE_CHECKING:
    from propaganda_lab.cleaning import TextIssue
    from propaganda_lab.dehumanization import GroupProfile
    from propaganda_lab.framing import FrameProfile
    from propaganda_lab.lenses.dehumanization.groups import DetectedGroup
    from propaganda_lab.lenses.quotes.extract import Quote
    from propaganda_lab.lenses.quotes.facts import VoiceSegment
    from propaganda_lab.lenses.quotes.retelling import Retelling
    from propaganda_lab.masking import Masker
    from propaganda_lab.quotes import QuoteCheck

__all__ = ["Report"]


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Report:
    """Everything the three lenses found in one article.

    ``text`` is the analysed text (headline first, when one was given separately); every
    Finding's offsets index it. ``quotes[i]`` is the best check of the i-th speech quote and
    ``quote_sources[i]`` the index of the source it traces to (None: found in no source).
    ``frames`` is the frame profile (with headline and body parts when there is a headline);
    ``groups`` the dehumanization profile of the chosen group (all groups when none is chosen);
    ``found_groups`` the groups the text talks about, with their mentions and confidence.
    """

    text: str
    headline: str | None
    findings: tuple[Finding, ...]
    quotes: tuple[QuoteCheck, ...]
    quote_sources: tuple[int | None, ...]
    sources: tuple[str, ...]
    frames: FrameProfile
    groups: GroupProfile
    group_terms: tuple[str, ...]
    words: int
    #: Every group the text talks about (surest first), found without being told.
    found_groups: tuple[DetectedGroup, ...] = ()
    #: Characters that can hide words from the lenses (``propaganda_lab.cleaning``).
    text_issues: tuple[TextIssue, ...] = ()
    #: Every quotation in the text (speech and scare quotes), traced or not, in reading order.
    quoted: tuple[Quote, ...] = ()
    #: Everything the text reproduces (quotations of speech, pasted excerpts), with who
    #: it is credited to; the rest of the text is the author's voice.
    reproduced: tuple[VoiceSegment, ...] = ()
    #: The author's sentences that retell a reproduced excerpt, compared with it.
    retold: tuple[Retelling, ...] = ()
    #: Character ranges of quotations that mock instead of report (kind "mock").
    mocked: tuple[tuple[int, int], ...] = ()

    def quote_kind(self, quote: Quote) -> str:
        """The kind a learner sees: the extractor's kind, or "mock" for mock quoting."""
        return "mock" if (quote.start, quote.end) in self.mocked else quote.kind

    @property
    def shown(self) -> tuple[Finding, ...]:
        """What every display shows by default: findings whose confidence (how often findings
        like them, in contexts like theirs, were right when judged blind on real text) reaches
        ``calibration.shown_threshold()``, and quote checks against a given source.
        ``findings`` keeps all."""
        return tuple(f for f in self.findings if not f.weak)

    @property
    def weak(self) -> tuple[Finding, ...]:
        """Weak cues: findings whose confidence is below the threshold."""
        return tuple(f for f in self.findings if f.weak)

    def worth_a_look(self, limit: int = 3) -> tuple[Finding, ...]:
        """The strongest weak cues (highest confidence first): what a view offers when it
        holds cues back, so a page is never silent about what the tool noticed."""
        ranked = sorted(self.weak, key=lambda f: (-(f.confidence or 0.0), f.start))
        return tuple(ranked[:limit])

    def by_lens(self, lens: str) -> list[Finding]:
        """The findings of one lens, in reading order."""
        if lens not in LENSES:
            raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")
        return [f for f in self.findings if f.lens == lens]

    def summary(self, *, include_weak: bool = False,
                voice: str | None = None) -> dict[str, dict[str, int]]:
        """Counts per lens, then per technique (most frequent first; every lens present), of
        the shown findings (``include_weak=True``: of all findings); ``voice="author"`` counts
        only the author's own words, ``"quoted"`` only reproduced material."""
        counts: dict[str, Counter[str]] = {lens: Counter() for lens in LENSES}
        for finding in (self.findings if include_weak else self.shown):
            if voice is not None and finding.voice != voice:
                continue
            lens = finding.lens or lens_of(finding.technique)
            counts.setdefault(lens, Counter())[finding.technique] += 1
        return {
            lens: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
            for lens, counter in counts.items()
        }

    def to_spans(self, *, ptc: bool = False, merged: bool = False) -> list[tuple[str, int, int]]:
        """PTC-style ``(technique, start, end)`` tuples, in reading order.

        With ``ptc=True`` our ids become PTC labels (``merged=True``: the 14 classes of the
        SemEval-2020 label files); findings of techniques PTC has no label for are left out.
        """
        if not ptc:
            return [f.span for f in self.findings]

        spans = []
        for finding in self.findings:
            label = id_to_ptc_label(finding.technique, merged=merged)
            if label is not None:
                spans.append((label, finding.start, finding.end))
        return spans

    def describe(self, *, include_weak: bool = False) -> str:
        """A readable plain-text summary (what the command line prints): the shown findings,
        and how many weak cues were left out (``include_weak=True`` counts them in)."""
        shown = len(self.findings) if include_weak else len(self.shown)
        weak_note = "" if include_weak else (
            f" (+{len(self.weak)} weak cues: findings like them were right less than "
            f"{shown_threshold():.0%} of the time when judged blind on real text; --all shows "
            "them)" if self.weak else "")
        lines = [f"{self.words} words, {shown} findings{weak_note}"
                 + (f"; headline: {self.headline}" if self.headline else "")]
        if not include_weak and not self.shown and self.weak:
            lines.append("Nothing reached the default view's bar. Worth a look (weak cues):")
            lines += [f"  '{mask_text(f.text)}': {get_technique(f.technique).name}"
                      + (f" (right about {round(10 * f.confidence)} in 10)"
                         if f.confidence is not None else "") for f in self.worth_a_look()]
        if not self.shown:
            lines.append("No finding is not a verdict: the tool sees words and phrases, not "
                         "arguments, omissions or whether the facts are true.")
        for lens, counts in self.summary(include_weak=include_weak).items():
            total = sum(counts.values())
            lines.append(f"{lens}: {total} finding{'s' if total != 1 else ''}")
            for technique, count in counts.items():
                lines.append(f"  {get_technique(technique).name} ({technique}): {count}")
        lines.append(self._quotes_line())
        lines.append(self.voice_line())
        lines.append(f"Frames: {self.frames.summary()}")
        lines.append(f"Groups: {self.groups.summary()}")
        lines.append(self.groups_found_line())
        return "\n".join(lines)

    def voice_line(self) -> str:
        """Whose words: how much the text reproduces, and how often the author retells it."""
        if not self.reproduced:
            return "Voice: all the author's own (nothing quoted or pasted)."
        excerpts = sum(1 for s in self.reproduced if s.kind == "excerpt")
        quotations = len(self.reproduced) - excerpts
        line = (f"Voice: reproduced material in {_count(quotations, 'quotation')} and "
                f"{_count(excerpts, 'pasted excerpt')}")
        changed = sum(1 for r in self.retold if r.changed)
        if self.retold:
            line += (f"; the author retells it in {_count(len(self.retold), 'sentence')}, "
                     f"{changed} with a hedge dropped, certainty added or the source changed")
        return line + "."

    def groups_found_line(self) -> str:
        """Which groups the text talks about (found without being told), surest first."""
        if not self.found_groups:
            return "Groups found: none (name one with group terms to follow it)."
        parts = [f"{g.label} ({len(g.mentions)} mention{'s' if len(g.mentions) != 1 else ''}, "
                 f"confidence {g.confidence:.2f})" for g in self.found_groups[:10]]
        more = len(self.found_groups) - len(parts)
        analysed = ("all of them analysed" if not self.group_terms
                    else "analysed: " + ", ".join(self.group_terms))
        return (f"Groups found: {'; '.join(parts)}" + (f"; +{more} more" if more > 0 else "")
                + f" ({analysed}).")

    def _quotes_line(self) -> str:
        if not self.sources:
            kinds = Counter(self.quote_kind(q) for q in self.quoted)
            listed = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
            return (f"Quotes: {len(self.quoted)} in the text" + (f" ({listed})" if listed else "")
                    + "; no source given, so none was traced.")
        found = sum(1 for check in self.quotes if check.found)
        flagged = sum(1 for check in self.quotes if check.flags)
        return (f"Quotes: {len(self.quotes)} traced against {len(self.sources)} source(s); "
                f"{found} found, {flagged} flagged.")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): findings, summary, quote checks, frames, group profile."""
        return {
            "text": self.text,
            "headline": self.headline,
            "words": self.words,
            "group_terms": list(self.group_terms),
            "summary": self.summary(),
            "summary_all": self.summary(include_weak=True),
            "findings": [f.to_dict() for f in self.findings],
            "quotes": [_check_dict(check, index)
                       for check, index in zip(self.quotes, self.quote_sources, strict=True)],
            "sources": [{"index": i, "characters": len(s)} for i, s in enumerate(self.sources)],
            "frames": _frames_dict(self.frames),
            "groups": _groups_dict(self.groups),
            "found_groups": [_found_group_dict(group) for group in self.found_groups],
            "quotes_found": [{"start": q.start, "end": q.end, "kind": self.quote_kind(q),
                              "speaker": q.speaker, "text": q.text} for q in self.quoted],
            "reproduced": [{"start": s.start, "end": s.end, "kind": s.kind,
                            "speaker": s.speaker} for s in self.reproduced],
            "retold": [_retelling_dict(r) for r in self.retold],
            "text_issues": [{"start": issue.start, "char": f"U+{ord(issue.char):04X}",
                             "name": issue.name, "kind": issue.kind}
                            for issue in self.text_issues],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (UTF-8 text, keys in a stable order)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_html(self, title: str | None = None, masker: Masker | None = None,
                include_weak: bool = False) -> str:
        """One self-contained HTML page (inline CSS, charts as embedded PNG with alt text).

        Every piece of text from the article or sources is escaped; ``masker`` (see
        ``propaganda_lab.masking``) hides epithets in the highlighted text and the tables.
        """
        return report_html(self, title, masker, include_weak)


def _check_dict(check: QuoteCheck, source_index: int | None) -> dict[str, Any]:
    quote = check.quote
    return {
        "quote": quote.text, "start": quote.start, "end": quote.end, "speaker": quote.speaker,
        "found": check.found, "source": source_index, "source_speaker": check.source_speaker,
        "source_start": check.source_start, "source_end": check.source_end,
        "similarity": round(check.similarity, 3), "flags": sorted(check.flags),
        "explanations": check.explain(),
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _retelling_dict(item: Retelling) -> dict[str, Any]:
    return {"start": item.start, "end": item.end, "excerpt_source": item.excerpt_source,
            "retold_start": item.retold_start, "retold_end": item.retold_end,
            "changed": item.changed,
            "dropped": [cue.phrase for cue in item.dropped],
            "added": [cue.phrase for cue in item.added],
            "credited": item.credited.phrase if item.credited else None}


def _frames_dict(frames: FrameProfile) -> dict[str, Any]:
    data: dict[str, Any] = {"words": frames.words, "dominant": frames.dominant,
                            "top": [{"frame": f, "score": s} for f, s in frames.top(5)]}
    for part in ("headline", "body"):
        profile = getattr(frames, part)
        if profile is not None:
            data[part] = {"dominant": profile.dominant, "words": profile.words}
    return data


def _groups_dict(groups: GroupProfile) -> dict[str, Any]:
    return {
        "label": groups.label,
        "mentions": groups.mention_count,
        "components": {name: {"count": score.count, "per_100_mentions": score.per_100}
                       for name, score in groups.components.items()},
        "agent_of": groups.agency.as_agent,
        "patient_of": groups.agency.as_patient,
        "metaphor_categories": dict(sorted(groups.metaphor_categories.items())),
    }


def _found_group_dict(group: DetectedGroup) -> dict[str, Any]:
    return {
        "label": group.label, "confidence": group.confidence, "kinds": list(group.kinds),
        "mentions": [{"text": m.text, "start": m.start, "end": m.end, "kind": m.kind,
                      "antecedent": m.antecedent} for m in group.mentions],
    }

