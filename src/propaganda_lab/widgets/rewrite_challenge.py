"""RewriteChallenge: write the slanted version of a neutral report, or neutralise a slanted one.

A thin front-end over :func:`propaganda_lab.rewrite.score_rewrite`: pick a challenge (and, to
slant, a pair of techniques), rewrite the text in the box, press *Check my rewrite*. The
feedback and the highlighted rewrite are escaped HTML with epithets masked (reveal toggle).

The learner's drafts survive a re-run or a kernel restart: each change is saved (debounced
while typing, and on every check) to ``rewrite_drafts.answers.json`` beside the notebook
through :mod:`propaganda_lab.learner_files`, one draft per challenge.
"""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from propaganda_lab.learner_files import read_learner_file, update_learner_file
from propaganda_lab.masking import Masker
from propaganda_lab.render import highlight_html
from propaganda_lab.rewrite import (
    MAX_REWRITE_CHARS,
    Challenge,
    RewriteResult,
    get_challenge,
    rewrite_challenges,
    score_rewrite,
)
from propaganda_lab.techniques import get_technique
from propaganda_lab.views import notice_html
from propaganda_lab.widgets._base import (
    LabWidget,
    reveal_button,
    safe_callback,
)

#: Seconds without typing before the draft is saved.
SAVE_DELAY_SECONDS = 1.0
DRAFTS_VERSION = 1
DRAFTS_FILE = "rewrite_drafts.answers.json"
_DIRECTION_LABELS = {"slant": "write the slanted version", "neutralise": "neutralise it"}


def default_drafts_path() -> Path:
    """Beside the notebook (Jupyter runs a notebook with its folder as working directory)."""
    return Path.cwd() / DRAFTS_FILE


# --------------------------------------------------------------------------- drafts


def _validate_drafts(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """The usable drafts of a saved file, and a note for each one skipped. A draft of any
    length is kept: the length limit is the check's, said where the learner types."""
    if not isinstance(raw, dict) or not isinstance(raw.get("drafts"), dict):
        return None, ["it is not a drafts file of the rewrite challenge"]
    drafts: dict[str, Any] = {}
    notes: list[str] = []
    for key, item in raw["drafts"].items():
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str):
            notes.append(f"Skipped a saved draft that could not be read ({str(key)[:40]!r}).")
            continue
        targets = item.get("targets")
        targets = [t for t in targets if isinstance(t, str)] if isinstance(targets, list) else []
        drafts[str(key)] = {"text": text, "targets": targets}
    return {"version": DRAFTS_VERSION, "drafts": drafts}, notes


def load_drafts(path: str | Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Saved drafts by challenge id (``{"text", "targets"}``) and notes; never raises."""
    loaded = read_learner_file(path, _validate_drafts)
    return (dict(loaded.data["drafts"]) if loaded.data else {}), loaded.notes


def save_draft(path: str | Path, challenge_id: str, text: str,
               targets: tuple[str, ...] = ()) -> list[str]:
    """Save one challenge's draft, keeping the others (locked, atomic, with backups)."""

    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        drafts = dict((current or {}).get("drafts", {}))
        drafts[challenge_id] = {"text": text, "targets": list(targets)}
        return {"version": DRAFTS_VERSION, "drafts": drafts}

    _, notes = update_learner_file(path, _validate_drafts, change)
    return notes


# --------------------------------------------------------------------------- the widget


class RewriteChallenge(LabWidget):
    """Rewrite a text with (or without) named techniques and see what the tool detects."""

    def __init__(self, challenge_id: str | None = None, drafts_path: str | Path | None = None,
                 **kwargs: Any) -> None:
        self.challenges = {c.id: c for c in rewrite_challenges()}
        first = get_challenge(challenge_id).id if challenge_id else next(iter(self.challenges))
        self.drafts_path = Path(drafts_path) if drafts_path else default_drafts_path()
        self.masker = Masker()
        self.last: RewriteResult | None = None
        self.challenge = widgets.Dropdown(
            options=[(f"{c.title} ({_DIRECTION_LABELS[c.direction]})", c.id)
                     for c in self.challenges.values()],
            value=first, description="Challenge:", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"))
        self.pair = widgets.Dropdown(description="Techniques:",
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="auto"))
        self.task = widgets.HTML()
        self.task.add_class("pl-rewrite-task")
        self.rewrite = widgets.Textarea(
            description="Your version:", style={"description_width": "initial"},
            placeholder="Rewrite the text here.",
            layout=widgets.Layout(width="95%", height="10em"))
        self.check_button = widgets.Button(description="Check my rewrite", icon="check",
                                           button_style="success",
                                           layout=widgets.Layout(width="auto"))
        self.reset_button = widgets.Button(description="Start again from the text", icon="undo",
                                           layout=widgets.Layout(width="auto"))
        self.reveal = reveal_button()
        self.result = widgets.HTML()
        self.result.add_class("pl-rewrite-result")
        super().__init__([
            widgets.HTML("<h4 style='margin:0.2em 0'>Rewrite challenge</h4>"),
            self.challenge, self.pair, self.task, self.rewrite,
            widgets.HBox([self.check_button, self.reset_button, self.reveal]), self.result,
        ], **kwargs)
        self.add_class("pl-rewrite-challenge")
        self._pending: asyncio.TimerHandle | None = None
        self._setting = False
        self.drafts, notes = load_drafts(self.drafts_path)
        self.challenge.observe(self._on_challenge, names="value")
        self.pair.observe(lambda _change: self._save_soon(), names="value")
        self.rewrite.observe(self._on_typing, names="value")
        self.check_button.on_click(lambda _b: self.check())
        self.reset_button.on_click(lambda _b: self.start_again())
        self.reveal.observe(self._on_reveal, names="value")
        self._show_challenge()
        if notes:
            self.show_message(" ".join(notes), "warning")

    def __repr__(self) -> str:
        return f"RewriteChallenge(challenge_id={self.challenge.value!r})"

    @property
    def current(self) -> Challenge:
        return self.challenges[self.challenge.value]

    @property
    def targets(self) -> tuple[str, ...]:
        """The techniques of the chosen pair (slant) or the ones to remove (neutralise)."""
        if self.current.direction == "slant":
            return tuple(self.pair.value or ())
        return self.current.techniques

    # -- showing a challenge -----------------------------------------------------------
    def _show_challenge(self) -> None:
        challenge = self.current
        draft = self.drafts.get(challenge.id)
        self._setting = True
        try:
            if challenge.direction == "slant":
                self.pair.options = [(" + ".join(get_technique(t).name for t in pair), pair)
                                     for pair in challenge.target_pairs]
                saved = tuple(draft["targets"]) if draft else ()
                self.pair.value = saved if saved in challenge.target_pairs else (
                    challenge.target_pairs[0])
                self.pair.layout.display = None
            else:
                self.pair.options = []
                self.pair.layout.display = "none"
            self.rewrite.value = draft["text"] if draft else challenge.text
        finally:
            self._setting = False
        self._draw_task()
        self.result.value = ""
        if draft:
            long = len(draft["text"]) > MAX_REWRITE_CHARS
            self.show_message(f"Restored your draft from {self.drafts_path.name}."
                              + (f" It has {len(draft['text']):,} characters; the check reads "
                                 f"at most {MAX_REWRITE_CHARS:,}: shorten it, then press Check."
                                 if long else ""), "hint" if long else "info")
        else:
            self.clear_message()

    def _draw_task(self) -> None:
        challenge = self.current
        if challenge.direction == "slant":
            aim = ("Use the techniques you chose above. The tool says which of them it can "
                   "detect in your version; it misses things, so a miss is a prompt to "
                   "look again, not a verdict.")
        else:
            names = ", ".join(get_technique(t).name for t in challenge.techniques)
            aim = f"The tool finds these techniques in the text: {names}."
        self.task.value = (
            f"<p style='margin:0.3em 0'><b>{escape(challenge.title)}.</b> "
            f"{escape(challenge.task)} {escape(aim)} (At most {MAX_REWRITE_CHARS:,} "
            "characters.)</p>"
            "<blockquote class='pl-rewrite-original' style='margin:0.3em 0 0.6em 1em;"
            "padding-left:0.8em;border-left:3px solid #8a8a8a;color:#1a1a1a;"
            f"white-space:pre-wrap'>{escape(self.masker(challenge.text))}</blockquote>"
        )

    # -- saving ------------------------------------------------------------------------
    @safe_callback
    def _on_typing(self, _change: dict[str, Any]) -> None:
        """Save soon; past the check's limit, say so at once (the draft is still saved whole)."""
        if self._setting:
            return
        length = len(self.rewrite.value)
        if length > MAX_REWRITE_CHARS:
            self.show_message(f"Your version has {length:,} characters; the check reads at most "
                              f"{MAX_REWRITE_CHARS:,}. It is saved in full: shorten it, then "
                              "press Check.", "hint")
        self._save_soon()

    def _save_soon(self) -> None:
        if self._setting:
            return
        if self._pending is not None:
            self._pending.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): save at once
            self._save()
            return
        self._pending = loop.call_later(SAVE_DELAY_SECONDS, self._save)

    @safe_callback
    def _save(self, challenge_id: str | None = None) -> str:
        """Save the box's text as the draft of ``challenge_id`` (default: the current one);
        return a warning for the learner, or ''."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        challenge_id = challenge_id or self.challenge.value
        text = self.rewrite.value
        targets = tuple(self.pair.value or ())
        self.drafts[challenge_id] = {"text": text, "targets": list(targets)}
        try:
            notes = save_draft(self.drafts_path, challenge_id, text, targets)
        except OSError as error:
            problem = (f"Could not save your draft ({error.strerror or error}); it stays in "
                       "memory for now: copy it somewhere safe.")
            self.show_message(problem, "warning")
            return problem
        if notes:
            self.show_message(" ".join(notes), "warning")
        return ""

    # -- callbacks ---------------------------------------------------------------------
    @safe_callback
    def _on_challenge(self, change: dict[str, Any]) -> None:
        if self._pending is not None and change.get("old") in self.challenges:
            # The box still holds the challenge we leave, and its last keystrokes are unsaved.
            self._save(change["old"])
        self._show_challenge()

    @safe_callback
    def _on_reveal(self, change: dict[str, Any]) -> None:
        self.masker.revealed = bool(change["new"])
        self._draw_task()
        if self.last is not None and self.last.ok:
            self._draw_result(self.last)

    @safe_callback
    def start_again(self) -> None:
        """Put the challenge's text back in the box (the draft is saved, so undo is a re-type)."""
        self.rewrite.value = self.current.text
        self.result.value = ""
        self.show_message("The box holds the original text again.", "info")

    @safe_callback
    def check(self) -> RewriteResult:
        """Score the rewrite, save the draft, show what the tool found."""
        problem = self._save()
        result = score_rewrite(self.current.text, self.rewrite.value, self.targets,
                               self.current.direction)  # type: ignore[arg-type]
        self.last = result
        if not result.ok:
            self.result.value = ""
            self.show_message(result.problem, "hint")
            return result
        self._draw_result(result)
        if problem:
            self.show_message(problem, "warning")
        else:
            self.clear_message()
        return result

    def _draw_result(self, result: RewriteResult) -> None:
        if result.direction == "slant":
            found = len(result.detected)
            summary = (f"The tool detects {found} of the {len(result.targets)} techniques you "
                       "chose in your rewrite.")
            shown = result.new_findings
            title = "Your rewrite: what the tool finds that the original did not have"
        else:
            total = len(result.remaining) + len(result.removed)
            summary = (f"{len(result.removed)} of the {total} findings of the original are "
                       f"gone; {len(result.remaining)} remain and {len(result.added)} are new.")
            shown = result.findings
            title = "Your rewrite: what the tool still finds"
        facts = result.facts
        if facts is not None:
            summary += (" The facts survived." if facts.survived
                        else " Some facts did not survive (see below).")
        kind = "correct" if result.success else "hint"
        items = "".join(f"<li>{escape(self.masker(line))}</li>" for line in result.lines())
        self.result.value = (
            notice_html(summary, kind, heading="Result")
            + f"<ul class='pl-rewrite-feedback' style='margin:0.3em 0'>{items}</ul>"
            + highlight_html(result.rewrite, shown, masker=self.masker, weak="mark",
                             title=title)
        )
