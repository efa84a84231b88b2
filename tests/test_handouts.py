"""The instructor pack (tools/build_handouts.py): built once into a temporary folder, then
checked for what would hurt in a classroom: a case without a handout, an epithet printed in
clear, a broken slide deck, a missing key, markup injected from a text, answers on a learner
sheet, and lesson plans without slack."""

from __future__ import annotations

import dataclasses
import html
import importlib.util
import itertools
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("nbconvert", reason="the slide decks need nbconvert (the [lab] extra)")
pytest.importorskip("mistune", reason="the handouts render Markdown with mistune (nbconvert)")

from propaganda_lab.checks.keys import Expected, NearMiss, exercise_keys, task_key
from propaganda_lab.corpus import list_cases, load_case
from propaganda_lab.masking import default_terms, mask_text
from propaganda_lab.quiz import quiz_items
from propaganda_lab.render import escape

ROOT = Path(__file__).resolve().parents[1]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_handouts",
                                                  ROOT / "tools" / "build_handouts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_handouts"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "build"
    written = tool.build(out)
    assert written and all(path.is_file() for path in written)
    return out


def _epithet_pattern() -> re.Pattern[str]:
    words = sorted(default_terms(), key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'s|’s|es|s)?(?!\w)", re.IGNORECASE)


class _Strict(HTMLParser):
    """Fails on a closing tag that closes nothing open, and remembers what stays open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag not in self.stack:
            self.errors.append(f"</{tag}> closes nothing (line {self.getpos()[0]})")
            return
        while self.stack and self.stack.pop() != tag:  # implied ends (<p>, <li>) are legal
            pass


def _check_html(text: str) -> None:
    assert text.lstrip().lower().startswith("<!doctype html>")
    parser = _Strict()
    parser.feed(text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], f"left open: {parser.stack}"


def _visible(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- coverage


def test_every_case_has_a_handout_with_its_content_note(pack: Path) -> None:
    ids = list_cases()
    assert len(ids) >= 10
    assert sorted(p.stem for p in (pack / "cases").glob("*.html")) == ids
    for case_id in ids:
        case = load_case(case_id)
        page = (pack / "cases" / f"{case_id}.html").read_text(encoding="utf-8")
        _check_html(page)
        assert f"Content note ({case.content_note}):" in page
        assert escape(tool.CONTENT_NOTES[case.content_note]) in page
        assert escape(mask_text(case.headline)) in page
        for source in case.source_docs:  # learners can check every quote on paper
            assert escape(mask_text(tool.paragraphs(source.text)[-1])) in page


def test_learner_handouts_do_not_carry_the_answers(pack: Path) -> None:
    for case_id in list_cases():
        case = load_case(case_id)
        page = _visible(pack / "cases" / f"{case_id}.html")
        if case.summary:
            assert mask_text(case.summary) not in page
        for annotation in case.annotations:
            assert mask_text(annotation.explanation) not in page
    reasons = [entry.reason for exercise, tasks in exercise_keys()["exercises"].items()
               for task in tasks for entry in task_key(exercise, task).expected]
    for sheet in (pack / "worksheets").glob("*.html"):
        text = _visible(sheet)
        leaked = [reason for reason in reasons if mask_text(reason) in text]
        assert not leaked, f"{sheet.name} shows key reasons: {leaked[:2]}"
        assert "key_vs_tool" not in text and "Discuss · the tool and the key" not in text
    for item in quiz_items():
        sheet = pack / "worksheets" / f"self_check_{item.form}.html"
        assert item.explanation not in _visible(sheet)


def test_worksheets_print_the_exercise_texts(pack: Path) -> None:
    from propaganda_lab.checks import dehumanization, framing, quoting

    expected = {"02_framing": [framing.LOADED_PARAGRAPH, framing.PASSIVE_REPORT,
                               framing.WIRE_REPORT],
                "03_selective_quoting": [quoting.ARTICLE, quoting.SOURCE, quoting.FAIR_ARTICLE],
                "04_dehumanizing_language": [dehumanization.AGENCY_TEXT,
                                             dehumanization.FAIR_PASSAGE]}
    for exercise, texts in expected.items():
        page = (pack / "worksheets" / f"{exercise}.html").read_text(encoding="utf-8")
        _check_html(page)
        tasks = len(exercise_keys()["exercises"][exercise])
        reflect = "## Reflect" in (ROOT / "exercises" / f"{exercise}.ipynb").read_text()
        assert page.count('<div class="answer">') == tasks + reflect  # a box per task
        for text in texts:
            assert escape(mask_text(text.strip())) in page


def test_no_unmasked_epithet_in_any_output(pack: Path) -> None:
    pattern = _epithet_pattern()
    files = [path for path in pack.rglob("*") if path.is_file()
             and tool.REVEAL_PREFIX not in path.relative_to(pack).parts]  # reveal.js's own files
    assert len(files) > 20
    for path in files:
        found = pattern.findall(_visible(path))
        assert not found, f"{path.relative_to(pack)} prints {sorted(set(found))[:3]}"
    # ... and masking is what removed them, not a handout that left the text out:
    radio = load_case("teskari_workers_radio")
    assert radio.epithets and pattern.search(radio.article)
    masked = mask_text(radio.epithets[0])
    assert masked != radio.epithets[0] and masked in _visible(pack / "cases" /
                                                              "teskari_workers_radio.html")


# --------------------------------------------------------------------------- slides


def test_every_plan_has_a_valid_slide_deck(pack: Path) -> None:
    from bs4 import BeautifulSoup

    plans = tool.all_plans()
    assert {plan.slug for plan in plans} >= {
        "seminar_1_framing", "seminar_2_selective_quoting", "seminar_3_dehumanizing_language",
        "combined_session_the_case_study", "stand_alone_workshop_the_case_study"}
    for plan in plans:
        deck = pack / "slides" / f"{plan.slug}.slides.html"
        text = deck.read_text(encoding="utf-8")
        _check_html(text)
        slides = BeautifulSoup(text, "html.parser").select_one("div.reveal > div.slides")
        assert slides is not None, f"{deck.name} has no reveal.js slides"
        leaves = [s for s in slides.find_all("section") if s.find("section") is None]
        # title, timeline, one per slot, the handouts, one per prompt
        assert len(leaves) >= 2 + len(plan.rows) + len(plan.prompts)
        notes = slides.select("aside.notes")
        assert len(notes) == len(plan.prompts) >= 3
        assert all("What a good answer says" in note.get_text() for note in notes)
        assert (pack / "slides" / f"{plan.slug}.ipynb").is_file()  # editable, re-exportable


def test_the_build_never_empties_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("someone's work")
    with pytest.raises(SystemExit, match="not made by this build"):
        tool.build(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "someone's work"


def test_borrowed_prompts_come_from_the_named_plan() -> None:
    plans = {plan.slug: plan for plan in tool.all_plans()}
    combined = plans["combined_session_the_case_study"].prompts
    assert plans["stand_alone_workshop_the_case_study"].prompts == [
        combined[0], combined[3], combined[5]]


def test_a_malformed_prompt_stops_the_build_with_its_words() -> None:
    with pytest.raises(ValueError, match="Why is the sky"):
        tool._prompts(["1. Why is the sky blue? — because."])


# --------------------------------------------------------------------------- keys


def test_keys_hold_every_task_and_every_answer(pack: Path) -> None:
    for exercise, tasks in exercise_keys()["exercises"].items():
        page = (pack / "keys" / f"{exercise}.html").read_text(encoding="utf-8")
        _check_html(page)
        for task in tasks:
            key = task_key(exercise, task)
            assert f"<h2>Task {task.removeprefix('task_')} " in page
            entries: list[Expected | NearMiss] = [*key.expected, *key.not_expected, *key.claims]
            for entry in entries:
                assert escape(mask_text(entry.answer)) in page
                assert escape(mask_text(entry.reason)) in page
            if key.fair_text:
                assert escape(mask_text(key.reason or "")) in page
    self_check = (pack / "keys" / "self_check.html").read_text(encoding="utf-8")
    for item in quiz_items():
        assert escape(mask_text(item.explanation)) in self_check
    cases_key = (pack / "keys" / "cases.html").read_text(encoding="utf-8")
    for case_id in list_cases():
        for annotation in load_case(case_id).annotations:
            assert escape(mask_text(annotation.explanation)) in cases_key


def test_d_prime_table_matches_the_quiz_scoring() -> None:
    from propaganda_lab.quiz import QuizScore

    table = tool.d_prime_table_html(10, 10)
    assert f"<td>{QuizScore(10, 0, 0, 10).d_prime:.1f}</td>" in table  # perfect: about 3.4
    assert table.count("<tr>") == 1 + 11 and "<td>0.0</td>" in table  # chance: 0


# --------------------------------------------------------------------------- escaping


HOSTILE = '<script>alert("x")</script> *stars* $x$ [link](javascript:alert(1)) tesks'


def test_case_text_is_escaped_and_masked_on_a_handout() -> None:
    case = dataclasses.replace(
        load_case("teskari_workers_radio"), title=HOSTILE, outlet="<b>Outlet</b>",
        article=f"Headline {HOSTILE}\n\nBody <img src=x onerror=alert(1)> and {HOSTILE}",
        discussion=(HOSTILE,))
    page = tool.case_handout_html(case)
    _check_html(page)
    assert "<script" not in page and "<img" not in page and "<b>Outlet" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "tesks" not in page and mask_text("tesks") in page


def test_case_titles_show_literally_on_slides() -> None:
    plan = tool.all_plans()[0]
    case = dataclasses.replace(load_case("harbor_protest_ledger"), title=HOSTILE)
    deck = tool.export_slides(tool.slides_notebook(plan, [case]))
    assert "<script>alert" not in deck and 'href="javascript' not in deck
    assert "&lt;script&gt;alert" in deck
    assert "<em>stars</em>" not in deck and "*stars*" in deck  # not read as Markdown
    assert "tesks" not in deck and mask_text("tesks") in deck


def test_markdown_sources_cannot_inject_markup() -> None:
    rendered = tool.markdown_html("Text <script>alert(1)</script> and [brief](assignment.md)")
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert 'href="assignment.html"' in rendered


# --------------------------------------------------------------------------- lesson plans


def _minutes(time: str) -> tuple[int, int]:
    start, end = re.split(r"[–-]", time)
    return int(start), int(end)


def test_every_plan_fills_90_minutes_with_ten_minutes_of_slack() -> None:
    for plan in tool.all_plans():
        spans = [_minutes(time) for time, _, _ in plan.rows]
        assert spans[0][0] == 0 and spans[-1][1] == 90, plan.title
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans)), plan.title
        slack = sum(end - start for (start, end), (_, activity, _) in zip(spans, plan.rows,
                                                                           strict=True)
                    if activity.startswith("Slack"))
        assert slack >= 10, f"{plan.title}: {slack} minutes of slack"


def test_discussion_gets_realistic_time_and_the_pre_check_a_slot() -> None:
    plans = {plan.slug: plan for plan in tool.all_plans()}
    for plan in plans.values():
        talk = sum(_minutes(time)[1] - _minutes(time)[0] for time, activity, _ in plan.rows
                   if activity.startswith("Discussion"))
        assert talk >= 4 * len(plan.prompts) or talk >= 15, f"{plan.title}: {talk} min"
    assert _minutes(plans["seminar_1_framing"].rows[5][0]) == (55, 75)
    first = plans["stand_alone_workshop_the_case_study"].rows[0]
    assert first[0] == "0–8" and first[1].startswith("Pre-course self-check")
    guide = tool.GUIDE.read_text(encoding="utf-8")
    assert "pack/src/plan_90min.md" in guide and guide.count("](pack/README.md)") >= 3


def test_slide_decks_load_nothing_from_the_web(pack: Path) -> None:
    """Offline rooms: every script and style sheet of a deck is a file of the build (reveal.js
    comes from its npm package, tools/ensure_reveal.sh), none is a CDN URL."""
    if not (tool.REVEAL_PACKAGE / "dist" / "reveal.js").is_file():
        pytest.skip("reveal.js is not installed: run `bash tools/ensure_reveal.sh` (needs npm)")
    from bs4 import BeautifulSoup

    decks = sorted((pack / "slides").glob("*.slides.html"))
    assert decks
    for deck in decks:
        soup = BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")
        loaded = [tag.get("src") for tag in soup.find_all("script") if tag.get("src")]
        loaded += [tag.get("href") for tag in soup.find_all("link") if tag.get("href")]
        assert any(url.endswith("dist/reveal.js") for url in loaded), deck.name
        for url in loaded:
            assert "://" not in url and not url.startswith("//"), f"{deck.name} loads {url}"
            assert (deck.parent / url).is_file(), f"{deck.name}: {url} is not in the build"
        inline = " ".join(tag.get_text() for tag in soup.find_all("script"))
        assert "require(" not in inline and "MathJax" not in inline  # no CDN loaders left
    theme = pack / "slides" / "reveal.js" / "dist" / "theme" / "white.css"
    for imported in re.findall(r"@import url\(([^)]+)\)", theme.read_text()):
        assert (theme.parent / imported).is_file(), imported
    assert (pack / "slides" / "reveal.js" / "LICENSE").is_file()


def test_make_handouts_installs_only_the_course_and_reveal() -> None:
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(r"^handouts:(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert rule, "no handouts rule"
    assert rule.group(1).split() == ["setup-lab"]
    assert "bash tools/ensure_reveal.sh" in rule.group(2)
    dry = subprocess.run(["make", "-n", "-B", "handouts"], cwd=ROOT, capture_output=True,
                         text=True, check=False, timeout=60)
    assert dry.returncode == 0 and ".[lab]" in dry.stdout
    for tool_name in (".[test]", "playwright", "ruff", "mypy", "pytest"):
        assert tool_name not in dry.stdout, tool_name
