"""Build the instructor pack into ``docs/pack/build/``: slides, handouts, keys and the plans.

Usage: python tools/build_handouts.py [--out DIR]   (``make handouts``)

Why generated: the handouts print the teaching corpus (``corpus.list_cases``/``load_case``),
the exercise texts (the committed outputs of ``exercises/*.ipynb``), the answer keys
(``data/exercise_keys.json``) and the self-check (``data/quiz.json``) straight from the
package, and the slide decks from the lesson plans in ``docs/instructor_guide.md`` and
``docs/pack/src/plan_90min.md``. A corrected case, key or plan reaches paper with the next
build instead of drifting from a hand-made copy. Every string a learner can see passes through
:func:`propaganda_lab.masking.mask_text` and is escaped, in this one file: the epithets stay
masked on paper too, and a case text can never inject markup.

The hand-written parts (rubric, assignment brief, 90-minute plan) live as Markdown in
``docs/pack/src/`` and are rendered with print CSS beside the rest. Slide decks are
reveal.js HTML exported by ``nbconvert --to slides`` from a small notebook generated per plan
(the notebook is written next to the deck, so an instructor can edit and re-export it), with
reveal.js copied from its npm package into the build (``tools/ensure_reveal.sh``), so the decks
work without internet.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import mistune
import nbformat

from propaganda_lab.checks import CHECKER_MODULES
from propaganda_lab.checks.keys import TaskKey, exercise_keys, task_key
from propaganda_lab.corpus import Case, list_cases, load_case
from propaganda_lab.masking import mask_text
from propaganda_lab.quiz import QuizItem, QuizScore, quiz_items
from propaganda_lab.render import escape, technique_name

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor_guide.md"
PACK = ROOT / "docs" / "pack"
PACK_SRC = PACK / "src"
DEFAULT_OUT = PACK / "build"
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
#: The hand-written pack documents, in the order the index lists them.
SOURCE_DOCS = ("plan_90min", "rubric", "assignment")
PLAN_HEADER = re.compile(r"^\|\s*Time\s*\|\s*Activity\s*\|\s*Project\s*\|\s*$")
PROMPTS_HEADING = "**Discussion prompts and what a good answer says**"
#: Marks a folder as a build of this script (the only kind it replaces).
MARKER = ".instructor-pack"

#: What the content note says on paper (the notebooks' notes offer a reveal button; paper
#: cannot, so epithets stay masked and the instructor decides whether to show a word).
CONTENT_NOTES = {
    "none": "None needed: the text does not describe any group in demeaning terms.",
    "mild": "This text describes a fictional group or its sources in demeaning or mocking "
            "terms. Any invented epithet is masked (first letter kept, e.g. t••••).",
    "strong": "This text contains dehumanizing language aimed at a fictional group: vermin, "
              "disease or flood imagery, disgust and invented epithets. Epithets are masked "
              "(first letter kept). You may skip this text; you do not need to say why.",
}

PRINT_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.45;
       color: #1a1a1a; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3, th { font-family: system-ui, 'Segoe UI', sans-serif; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.meta { color: #444; margin-top: 0; }
.note { border-left: 4px solid #7a4600; background: #fff4e0; padding: .5em .8em; }
.fiction { font-size: .9em; color: #444; border-top: 1px solid #999; margin-top: 2em; }
ol.paragraphs li { margin-bottom: .5em; }
ol.paragraphs li::marker { font-family: system-ui, sans-serif; color: #555; }
pre { white-space: pre-wrap; font-family: Georgia, serif; background: #f6f6f6;
      padding: .6em .8em; border: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top; }
.answer { border: 1px solid #555; min-height: 6em; margin: .5em 0 1.5em; padding: .3em .5em;
          color: #666; font-family: system-ui, sans-serif; font-size: .85em; }
.tick { font-family: system-ui, sans-serif; white-space: nowrap; }
.instructor { font-family: system-ui, sans-serif; font-size: .85em; text-transform: uppercase;
              letter-spacing: .05em; color: #7a4600; }
section.sheet { break-before: page; }
section.sheet:first-of-type { break-before: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  nav, .screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, .answer, ol.paragraphs li { break-inside: avoid; }
  @page { size: A4; margin: 18mm 16mm; }
}
"""


# --------------------------------------------------------------------------- text helpers


def shown(text: object) -> str:
    """Learner-visible text, masked then escaped: the one door from data to page."""
    return escape(mask_text(str(text)))


@cache
def _markdown() -> Any:
    # escape=True: raw HTML in a source is shown as text, never interpreted.
    return mistune.create_markdown(escape=True, plugins=["table"])


def markdown_html(source: str) -> str:
    """Markdown (a notebook cell, a pack document) rendered with epithets masked."""
    html: str = _markdown()(mask_text(source))
    for name in SOURCE_DOCS:  # links between pack documents point at the built pages
        html = html.replace(f'href="{name}.md', f'href="{name}.html')
    return html


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")


def markdown_literal(text: object) -> str:
    """Text for a Markdown cell that must show as written: masked, Markdown punctuation
    (and ``$``, which nbconvert reads as maths) backslash-escaped, HTML escaped."""
    return escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", mask_text(str(text))))


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a text: articles put a blank line between paragraphs,
    transcripts one speaker turn per line; either way each becomes a numbered paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def page(title: str, body: str, *, back: str | None = "index.html") -> str:
    """A complete, printable HTML page; ``title`` is plain text (escaped here)."""
    nav = f'<nav><a href="{back}">← instructor pack</a></nav>' if back else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{shown(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{PRINT_CSS}</style></head><body>{nav}\n{body}\n</body></html>\n"
    )


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- case handouts


def content_note_html(level: str) -> str:
    """The case's content note, in words: its level and what to expect."""
    return (f'<p class="note" role="note"><strong>Content note ({shown(level)}):</strong> '
            f"{shown(CONTENT_NOTES.get(level, CONTENT_NOTES['strong']))}</p>")


def _numbered(text: str) -> str:
    items = "".join(f"<li>{shown(p)}</li>" for p in paragraphs(text))
    return f'<ol class="paragraphs">{items}</ol>'


def case_handout_html(case: Case) -> str:
    """One learner handout: the article and every source, paragraphs numbered for reference,
    with the content note first and the case's discussion questions last. No summary and no
    annotations: they are the answers (see :func:`cases_key_html`)."""
    parts = [
        f"<h1>{shown(case.title)}</h1>",
        f'<p class="meta">{shown(case.outlet or "Unnamed outlet")} · lens: {shown(case.lens)}'
        f" · level: {shown(case.difficulty)} · case <code>{shown(case.id)}</code></p>",
        content_note_html(case.content_note),
        "<h2>The article</h2>",
        f"<h3>{shown(case.headline)}</h3>",
        _numbered(case.body),
    ]
    for source in case.source_docs:
        parts += [f"<h2>Source ({shown(source.kind.replace('_', ' '))})</h2>",
                  f"<h3>{shown(source.title)}</h3>", _numbered(source.text)]
    if case.discussion:
        questions = "".join(f"<li>{shown(q)}</li>" for q in case.discussion)
        parts += ["<h2>Questions</h2>", f"<ol>{questions}</ol>",
                  '<div class="answer">Notes</div>']
    parts.append('<p class="fiction">A fictional teaching text from propaganda_lab: the '
                 "countries, people, outlets and groups are invented.</p>")
    return page(case.title, "\n".join(parts))


def cases_key_html(cases: Sequence[Case]) -> str:
    """Instructor key: every case's summary and gold annotations (technique, words, why)."""
    parts = ['<p class="instructor">Instructor copy: not for learners</p>',
             "<h1>Teaching cases: what the annotators found</h1>"]
    for case in cases:
        rows = "".join(
            f"<tr><td>{number}</td><td>{shown(technique_name(a.technique))}</td>"
            f"<td>“{shown(case.annotation_text(a))}”</td><td>{shown(a.explanation)}</td></tr>"
            for number, a in enumerate(case.annotations, start=1)
        )
        parts += [
            f'<section class="sheet"><h2>{shown(case.title)}</h2>',
            f'<p class="meta">case <code>{shown(case.id)}</code> · '
            f"<a href=\"../cases/{shown(case.id)}.html\">handout</a></p>",
            content_note_html(case.content_note),
            f"<p>{shown(case.summary or '')}</p>",
            "<table><thead><tr><th>#</th><th>Technique</th><th>Words</th><th>Why</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></section>",
        ]
    return page("Teaching cases: annotations (instructor)", "\n".join(parts), back="../index.html")


# --------------------------------------------------------------------------- worksheets


@dataclass
class Section:
    """A stretch of an exercise notebook from one ``##`` heading to the next."""

    heading: str
    cells: list[Any] = field(default_factory=list)

    @property
    def task_number(self) -> int | None:
        match = re.match(r"Task\s+(\d+)", self.heading)
        return int(match.group(1)) if match else None


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_sections(path: Path) -> tuple[str, list[Section]]:
    """The notebook's title and its sections (the cells before the first ``##`` form an
    untitled first section)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    title = path.stem
    sections = [Section("")]
    for cell in notebook["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
            if heading and title == path.stem:
                title = heading.group(1).strip()
            sub = re.match(r"##\s+(.+)", text)
            if sub:
                sections.append(Section(sub.group(1).strip()))
        sections[-1].cells.append(cell)
    return title, sections


def _printed_output(cell: Any) -> str | None:
    """What a display cell prints (the exercise text a learner reads), or None for an answer
    cell, a check (its output is feedback) or a cell that shows nothing printable."""
    text = _source(cell)
    if ("print(" not in text or "..." in text or "key_vs_tool" in text
            or re.search(r"\bcheck\w*(\.\w+)?\(", text)):
        return None
    printed = [
        "".join(output.get("text", ""))
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stdout"
    ]
    return "".join(printed).rstrip("\n") or None


def worksheet_html(path: Path) -> str:
    """The paper version of one exercise notebook: its instructions, the texts its cells
    print, and an answer box per task. The section comparing the tool with the key is left
    out, because it shows the key."""
    title, sections = notebook_sections(path)
    parts: list[str] = []
    paper_note = (f'<p class="meta">Paper version of <code>exercises/{shown(path.name)}</code>: '
                  "write your answers in the boxes. Where a task says to run a cell or use a "
                  "widget, work from the printed texts.</p>")
    for section in sections:
        if any("key_vs_tool" in _source(cell) for cell in section.cells):
            continue
        for cell in section.cells:
            if cell["cell_type"] == "markdown":
                parts.append(markdown_html(_source(cell)))
                if paper_note:  # under the notebook's own title and introduction
                    parts.append(paper_note)
                    paper_note = ""
            else:
                printed = _printed_output(cell)
                if printed is not None:
                    parts.append(f"<pre>{shown(printed)}</pre>")
        if section.task_number is not None or section.heading.startswith("Reflect"):
            parts.append('<div class="answer">Your answer</div>')
    return page(title, "\n".join(parts))


# --------------------------------------------------------------------------- answer keys


def _expected_rows(key: TaskKey) -> str:
    rows = []
    for entry in key.expected:
        also = ", ".join(f"“{shown(form)}”" for form in entry.alternatives) or "—"
        rows.append(f"<tr><td>{shown(entry.item or '')}</td><td>“{shown(entry.answer)}”</td>"
                    f"<td>{shown(entry.reason)}</td><td>{also}</td></tr>")
    return "".join(rows)


def _near_miss_table(title: str, misses: Iterable[Any]) -> str:
    rows = "".join(f"<tr><td>{shown(m.item or '')}</td><td>“{shown(m.answer)}”</td>"
                   f"<td>{shown(m.reason)}</td></tr>" for m in misses)
    if not rows:
        return ""
    return (f"<h4>{shown(title)}</h4><table><thead><tr><th>Item</th><th>Answer</th>"
            f"<th>Why</th></tr></thead><tbody>{rows}</tbody></table>")


def task_key_html(key: TaskKey) -> str:
    """One task's key: what counts and why, other accepted forms, and the near misses."""
    parts = []
    if key.fair_text:
        parts.append(f"<p><strong>Expected: nothing</strong> (<code>[]</code>): the text is "
                     f"fair. {shown(key.reason or '')}</p>")
    else:
        label = "Model answer" if key.kind == "rewrite" else "Expected"
        parts.append(f"<h4>{label}</h4><table><thead><tr><th>Item</th><th>Answer</th>"
                     "<th>Why</th><th>Also accepted</th></tr></thead>"
                     f"<tbody>{_expected_rows(key)}</tbody></table>")
    if key.required_words:
        words = ", ".join(f"“{shown(w)}”" for w in key.required_words)
        parts.append(f"<p>A rewrite must keep: {words}.</p>")
    parts.append(_near_miss_table("Claims a fair rewrite attributes rather than deletes",
                                  key.claims))
    parts.append(_near_miss_table("Near misses (not counted)", key.not_expected))
    return "".join(parts)


def key_sheet_html(exercise: str) -> str:
    """The answer key of one exercise, task by task, each with the task as the learner saw
    it (from the exercise notebook) and the key from ``data/exercise_keys.json``."""
    title, sections = notebook_sections(EXERCISES / f"{exercise}.ipynb")
    prompts = {s.task_number: s for s in sections if s.task_number is not None}
    parts = ['<p class="instructor">Instructor copy: answer key</p>',
             f"<h1>Answer key: {shown(title)}</h1>",
             f'<p class="meta">From <code>src/propaganda_lab/data/exercise_keys.json</code>; '
             f"the solution notebook is <code>exercises/{shown(exercise)}_solution.ipynb"
             "</code>.</p>"]
    for task in sorted(exercise_keys()["exercises"][exercise], key=lambda t: int(t[5:])):
        key = task_key(exercise, task)
        number = int(task.removeprefix("task_"))
        parts.append(f'<section><h2>Task {number} <span class="meta">({shown(key.kind)})'
                     "</span></h2>")
        section = prompts.get(number)
        if section is not None:
            prompt = "\n\n".join(_source(c) for c in section.cells
                                 if c["cell_type"] == "markdown")
            prompt = re.sub(r"^##[^\n]*\n", "", prompt)  # the heading is ours
            parts.append(f"<blockquote>{markdown_html(prompt)}</blockquote>")
        parts.append(task_key_html(key) + "</section>")
    return page(f"Answer key: {title}", "\n".join(parts), back="../index.html")


# --------------------------------------------------------------------------- self-check


FORM_STAGE = {"A": "before the course", "B": "after the course"}


def self_check_sheet_html(form: str) -> str:
    """The paper self-check: each passage with two boxes, and a place to count."""
    items = quiz_items(form)
    rows = "".join(
        f"<tr><td>{number}</td><td>{shown(item.passage)}</td>"
        '<td class="tick">☐ manipulative<br>☐ fair</td></tr>'
        for number, item in enumerate(items, start=1)
    )
    body = (
        f"<h1>Self-check, form {shown(form)} ({FORM_STAGE.get(form, '')})</h1>"
        "<p>For each passage, tick <strong>manipulative</strong> if it tries to persuade by "
        "a technique rather than by evidence, <strong>fair</strong> if it reports or argues "
        "fairly. Some passages are fair: calling everything manipulative is not the goal. "
        "Your sheet stays with you.</p>"
        "<table><thead><tr><th>#</th><th>Passage</th><th>Your judgement</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<div class="answer">Hits (manipulative passages you called manipulative): ____ '
        "&nbsp; False alarms (fair passages you called manipulative): ____ &nbsp; d′: ____"
        "</div>"
    )
    return page(f"Self-check form {form}", body, back="../index.html")


def d_prime_table_html(manipulative: int, fair: int) -> str:
    """d′ for every count of hits and false alarms, computed by ``propaganda_lab.quiz``
    (log-linear corrected), so a paper score means what the notebook's score means."""
    head = "".join(f"<th>{f}</th>" for f in range(fair + 1))
    rows = "".join(
        f"<tr><th>{h}</th>" + "".join(
            f"<td>{QuizScore(h, manipulative - h, f, fair - f).d_prime:.1f}</td>"
            for f in range(fair + 1)) + "</tr>"
        for h in range(manipulative, -1, -1)
    )
    return (f"<table><caption>d′ by hits (rows, of {manipulative}) and false alarms "
            f"(columns, of {fair})</caption><thead><tr><th>hits \\ false alarms</th>{head}"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def self_check_key_html(forms: Sequence[str] = ("A", "B")) -> str:
    """The answers of both forms with the reason for each, and the d′ look-up table."""
    parts = ['<p class="instructor">Instructor copy: self-check key</p>',
             "<h1>Self-check: answers and scoring</h1>"]
    for form in forms:
        items: tuple[QuizItem, ...] = quiz_items(form)
        rows = "".join(
            f"<tr><td>{number}</td><td>{'manipulative' if item.is_manipulative else 'fair'}"
            f"</td><td>{shown(', '.join(technique_name(t) for t in item.techniques) or '—')}"
            f"</td><td>{shown(item.explanation)}</td></tr>"
            for number, item in enumerate(items, start=1)
        )
        manipulative = sum(item.is_manipulative for item in items)
        parts += [f'<section class="sheet"><h2>Form {shown(form)}</h2>',
                  "<table><thead><tr><th>#</th><th>Answer</th><th>Techniques</th>"
                  f"<th>Why</th></tr></thead><tbody>{rows}</tbody></table>",
                  d_prime_table_html(manipulative, len(items) - manipulative), "</section>"]
    parts.append("<p>d′ of 0 is chance, about 1 is good, 2 or more very good. Hits that rise "
                 "together with false alarms are suspicion, not skill (see the instructor "
                 "guide, <em>The self-check quiz</em>).</p>")
    return page("Self-check key (instructor)", "\n".join(parts), back="../index.html")


# --------------------------------------------------------------------------- lesson plans


@dataclass
class Plan:
    """One lesson plan as the guide writes it: a ``##`` section with a Time/Activity/Project
    table and numbered discussion prompts (or a reference to another plan's prompts)."""

    title: str
    anchor: str
    intro: list[str]
    rows: list[tuple[str, str, str]]
    prompts: list[tuple[str, str]]
    notebook: str | None = None
    borrowed: tuple[str, tuple[int, ...]] | None = None

    @property
    def slug(self) -> str:
        name = re.sub(r"\(\s*90 minutes\s*\)", "", self.title)
        return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading (the guide's table of contents links use it)."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _prompts(lines: list[str]) -> list[tuple[str, str]]:
    """``1. *"question"* — answer`` items, continuation lines indented."""
    items: list[str] = []
    for line in lines:
        if re.match(r"^\d+\.\s", line):
            items.append(re.sub(r"^\d+\.\s+", "", line))
        elif items and line.startswith("   ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            continue
        elif items:
            break
    prompts = []
    for item in items:
        match = re.match(r'^\*"(.+?)"\*\s*—\s*(.*)$', item, re.DOTALL)
        if match is None:
            raise ValueError(f"cannot read the discussion prompt {item[:60]!r}...: expected "
                             '1. *"question"* — what a good answer says')
        prompts.append((match.group(1), match.group(2)))
    return prompts


def parse_plans(markdown: str) -> list[Plan]:
    """Every ``##`` section of ``markdown`` that holds a Time/Activity/Project table."""
    plans = []
    for block in re.split(r"^(?=## )", markdown, flags=re.MULTILINE):
        lines = block.splitlines()
        if not lines or not lines[0].startswith("## "):
            continue
        header = next((i for i, line in enumerate(lines) if PLAN_HEADER.match(line)), None)
        if header is None:
            continue
        title = lines[0][3:].strip()
        rows = []
        for line in lines[header + 2:]:
            if not line.startswith("|"):
                break
            time, activity, project = [*_cells(line), "", "", ""][:3]
            rows.append((time, activity, project))
        intro = [line for line in lines[1:header] if line.strip()]
        notebook = re.search(r"Notebook `(\d\d_\w+)`", block)
        prompts: list[tuple[str, str]] = []
        if PROMPTS_HEADING in lines:
            prompts = _prompts(lines[lines.index(PROMPTS_HEADING) + 1:])
        borrowed = None
        ref = re.search(r"^Discussion prompts: ([\d, and]+) of the \[[^\]]+\]\([^)#]*#([\w-]+)\)",
                        block, re.MULTILINE)
        if ref:
            numbers = tuple(int(n) for n in re.findall(r"\d+", ref.group(1)))
            borrowed = (ref.group(2), numbers)
        plans.append(Plan(title, github_anchor(title), intro, rows, prompts,
                          notebook.group(1) if notebook else None, borrowed))
    return plans


def all_plans(guide: Path = GUIDE, pack_plan: Path = PACK_SRC / "plan_90min.md") -> list[Plan]:
    """The guide's plans and the pack's stand-alone plan, borrowed prompts filled in."""
    plans = parse_plans(guide.read_text(encoding="utf-8"))
    plans += parse_plans(pack_plan.read_text(encoding="utf-8"))
    by_anchor = {plan.anchor: plan for plan in plans}
    for plan in plans:
        if plan.borrowed is not None:
            anchor, numbers = plan.borrowed
            if anchor not in by_anchor:
                raise ValueError(f"{plan.title}: no plan with the anchor #{anchor}")
            source = by_anchor[anchor].prompts
            plan.prompts = [source[n - 1] for n in numbers]
    return plans


def plan_cases(plan: Plan) -> list[Case]:
    """The cases a plan's notebook works with: those it loads by id and those of every lens
    it lists (``list_cases("dehumanization")``), read from the notebook's own cells."""
    if plan.notebook is None:
        return []
    path = NOTEBOOKS / f"{plan.notebook}.ipynb"
    code = "\n".join(_source(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    ids = {case_id for case_id in list_cases() if re.search(rf"['\"]{case_id}['\"]", code)}
    for lens in re.findall(r"list_cases\(\s*['\"](\w+)['\"]\s*\)", code):
        ids.update(list_cases(lens))
    return [load_case(case_id) for case_id in sorted(ids)]


# --------------------------------------------------------------------------- slides


def _slide_text(markdown: str) -> str:
    """Plan Markdown for a slide: masked, and links reduced to their text (the guide's
    relative links and anchors lead nowhere from a deck)."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", mask_text(markdown))


def _slide(source: str, slide_type: str = "slide") -> Any:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def slides_notebook(plan: Plan, cases: Sequence[Case]) -> Any:
    """A small notebook of Markdown slides for one plan: title, timeline, one slide per slot,
    the handouts, one slide per discussion prompt (what a good answer says goes in the
    speaker notes, not on the screen). Plan text is the guide's own Markdown (masked); case
    titles are data and shown literally (:func:`markdown_literal`)."""
    # The line pointing at this pack is for readers of the guide, not for the screen.
    intro = "\n".join(_slide_text(line) for line in plan.intro if "](pack/" not in line)
    cells = [_slide(f"# {_slide_text(plan.title)}\n\npropaganda_lab\n\n{intro}")]
    timeline = "\n".join(f"| {_slide_text(t)} | {_slide_text(a)} |" for t, a, _ in plan.rows)
    cells.append(_slide(f"## The session\n\n| Minutes | Activity |\n|---|---|\n{timeline}"))
    for time, activity, project in plan.rows:
        where = f"\n\n**In the notebook:** {_slide_text(project)}" if project.strip("— ") else ""
        cells.append(_slide(f"## {_slide_text(time)} min\n\n{_slide_text(activity)}{where}",
                            "subslide"))
    if cases:
        listed = "\n".join(
            f"* {markdown_literal(case.title)} (content note: "
            f"{markdown_literal(case.content_note)}; handout `cases/{case.id}.html`)"
            for case in cases)
        cells.append(_slide(f"## Handouts for this session\n\n{listed}"))
    for number, (question, answer) in enumerate(plan.prompts, start=1):
        cells.append(_slide(f"## Discussion {number}\n\n> {_slide_text(question)}"))
        cells.append(_slide(f"What a good answer says: {_slide_text(answer)}", "notes"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["title"] = mask_text(plan.title)
    return notebook


#: reveal.js from the npm registry (``tools/ensure_reveal.sh``, pinned by its package-lock).
REVEAL_PACKAGE = ROOT / "tools" / "reveal" / "node_modules" / "reveal.js"
#: What a deck needs of it: the script, its styles, the white theme with its font, the notes
#: plugin (speaker view) and the licence.
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
                "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE")
#: The slide template: nbconvert's reveal template with local scripts only.
SLIDE_TEMPLATES = ROOT / "tools" / "templates"
#: Where the decks find reveal.js, relative to slides/ (the build copies it there).
REVEAL_PREFIX = "reveal.js"


def copy_reveal(slides: Path) -> bool:
    """Copy reveal.js from the npm package next to the decks; False (with a loud message) when
    the package is not installed, and the decks then load it from the web."""
    if not (REVEAL_PACKAGE / "dist" / "reveal.js").is_file():
        print("#" * 80 + "\nreveal.js is not installed (run `bash tools/ensure_reveal.sh`, which "
              "needs npm):\nthe slide decks will load it from the web and show one long page "
              "offline.\n" + "#" * 80, file=sys.stderr)
        return False
    for relative in REVEAL_FILES:
        source, target = REVEAL_PACKAGE / relative, slides / REVEAL_PREFIX / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    return True


def export_slides(notebook: Any, offline: bool = True) -> str:
    """reveal.js HTML as ``jupyter nbconvert --to slides`` writes it; ``offline``: with every
    script and style local (reveal.js from ``slides/reveal.js/``, see :func:`copy_reveal`)."""
    from nbconvert import SlidesExporter

    if not offline:
        body, _ = SlidesExporter().from_notebook_node(notebook)
        return str(body)
    exporter = SlidesExporter(template_name="offline_slides",
                              extra_template_basedirs=[str(SLIDE_TEMPLATES)],
                              reveal_url_prefix=REVEAL_PREFIX, reveal_theme="white")
    body, _ = exporter.from_notebook_node(notebook)
    return str(body)


# --------------------------------------------------------------------------- the build


def _index_html(built: dict[str, list[tuple[str, str]]]) -> str:
    parts = ["<h1>propaganda_lab: instructor pack</h1>",
             "<p>Generated by <code>make handouts</code> (<code>tools/build_handouts.py</code>) "
             "from the package, the instructor guide and <code>docs/pack/src/</code>. Print the "
             "handouts from the browser (<em>File → Print</em>); the slide decks open in a "
             "browser (press <strong>S</strong> for speaker notes).</p>"]
    for heading, links in built.items():
        items = "".join(f'<li><a href="{escape(href)}">{shown(label)}</a></li>'
                        for label, href in links)
        parts.append(f"<h2>{shown(heading)}</h2><ul>{items}</ul>")
    return page("Instructor pack", "\n".join(parts), back=None)


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the whole pack into ``out`` (replacing a previous build); return the files.

    Only a folder this build made (it holds :data:`MARKER`) is ever emptied, so a mistyped
    ``--out`` cannot delete someone's work."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not made by this build; "
                             "choose an empty or new folder")
        shutil.rmtree(out)
    _write(out / MARKER, "Made by tools/build_handouts.py; rebuilt from scratch each time.\n")
    written: list[Path] = []
    built: dict[str, list[tuple[str, str]]] = {}

    def add(section: str, label: str, relative: str, text: str) -> None:
        written.append(_write(out / relative, text))
        built.setdefault(section, []).append((label, relative))

    for name in SOURCE_DOCS:
        source = (PACK_SRC / f"{name}.md").read_text(encoding="utf-8")
        title = source.splitlines()[0].lstrip("# ").strip()
        add("Plan, rubric and assignment", title, f"{name}.html",
            page(title, markdown_html(source)))

    offline = copy_reveal(out / "slides")
    for plan in all_plans():
        notebook = slides_notebook(plan, plan_cases(plan))
        written.append(_write(out / "slides" / f"{plan.slug}.ipynb", nbformat.writes(notebook)))
        add("Slide decks", plan.title, f"slides/{plan.slug}.slides.html",
            export_slides(notebook, offline))

    cases = [load_case(case_id) for case_id in list_cases()]
    for case in cases:
        add("Case handouts (one per case)", case.title, f"cases/{case.id}.html",
            case_handout_html(case))

    for exercise in CHECKER_MODULES:
        add("Worksheets", f"Exercises {exercise}", f"worksheets/{exercise}.html",
            worksheet_html(EXERCISES / f"{exercise}.ipynb"))
    for form in ("A", "B"):
        add("Worksheets", f"Self-check form {form} ({FORM_STAGE[form]})",
            f"worksheets/self_check_{form}.html", self_check_sheet_html(form))

    for exercise in exercise_keys()["exercises"]:
        add("Answer keys (instructor)", f"Answer key {exercise}", f"keys/{exercise}.html",
            key_sheet_html(exercise))
    add("Answer keys (instructor)", "Self-check answers and d′ table", "keys/self_check.html",
        self_check_key_html())
    add("Answer keys (instructor)", "Teaching cases: annotations", "keys/cases.html",
        cases_key_html(cases))

    written.append(_write(out / "index.html", _index_html(built)))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default: {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"instructor pack: {len(written)} files in {args.out}")
    print(f"open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
