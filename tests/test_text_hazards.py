"""Text that hides words or reorders the page (issue 18, item 5), and run-on text.

Invisible characters and look-alike letters must not silently cut findings: the report says
they are there, and the widget and ``--clean`` remove them. Direction overrides never reach
HTML as live characters. A '$' in a chart label is text, not mathematics. A run-on text with no
full stop is cut into sentences the parser can handle, while ordinary prose is untouched.
"""

from __future__ import annotations

import pytest

from propaganda_lab import cli
from propaganda_lab.analysis import analyze
from propaganda_lab.cleaning import clean_text, text_issues

RABBLE = "The council ignored the rabble outside the hall."


def _techniques(text: str) -> set[str]:
    return {f.text.lower() for f in analyze(text).findings}


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\ufeff"])
def test_an_invisible_character_inside_a_word_is_reported_and_cleaning_restores_the_finding(
        hidden: str) -> None:
    disguised = RABBLE.replace("rabble", f"rab{hidden}ble")
    report = analyze(disguised)
    assert not any("rab" in f.text for f in report.findings)  # the lexicon cannot see it
    assert [issue.kind for issue in report.text_issues] == ["invisible"]
    assert report.text_issues[0].start == disguised.index(hidden)
    assert "not recognised" in report.to_html()
    assert report.to_dict()["text_issues"][0]["char"] == f"U+{ord(hidden):04X}"
    cleaned = clean_text(disguised)
    assert cleaned.text == RABBLE and cleaned.changed
    assert "rabble" in _techniques(cleaned.text)


def test_a_cyrillic_look_alike_in_a_latin_word_is_replaced_real_cyrillic_left_alone() -> None:
    disguised = RABBLE.replace("rabble", "r\u0430bble")  # Cyrillic a
    (issue,) = text_issues(disguised)
    assert issue.kind == "look_alike" and "cyrillic" in issue.name
    assert clean_text(disguised).text == RABBLE
    russian = "Совет собрался в понедельник."  # a whole Cyrillic sentence is a language
    assert text_issues(russian) == [] and clean_text(russian).text == russian


def test_joiners_that_do_a_job_and_direction_marks_are_kept() -> None:
    family = "The \U0001F468\u200d\U0001F469\u200d\U0001F467 emoji stays whole."
    hebrew = "The sign read \u200fשלום\u200f in the square."
    for text in (family, hebrew, "Plain text with no tricks."):
        assert text_issues(text) == [] and clean_text(text).text == text


def test_a_direction_override_never_reaches_html_as_a_live_character() -> None:
    text = "The mayor said \u202eeht sdnuf\u202c were lost. The rabble cheered."
    report = analyze(text)
    page = report.to_html(include_weak=True)
    assert "\u202e" not in page and "\u202c" not in page
    assert "[U+202E]" in page  # shown as a visible code instead
    assert [i.kind for i in report.text_issues] == ["direction", "direction"]
    assert clean_text(text).text == "The mayor said eht sdnuf were lost. The rabble cheered."


def test_chart_labels_with_dollar_signs_are_drawn_as_text() -> None:
    from matplotlib.text import Text

    from propaganda_lab.dehumanization import analyze_group
    from propaganda_lab.dehumanization.display import profile_figure
    from propaganda_lab.framing import frame_profile
    from propaganda_lab.framing.display import frame_profile_figure
    from propaganda_lab.views import figure_png

    profile = analyze_group("The $Teskari are rats. The $Teskari swarm the hills.", ["$Teskari"])
    figures = [profile_figure(profile, "How the text writes about $a_b$ and $", None),
               frame_profile_figure({"$x^2$ text": frame_profile("Taxes rose by $5 and $6.")},
                                    "Frames of $a_b$")]
    for figure in figures:
        assert figure_png(figure)  # '$' unbalanced or not, nothing fails to draw
        dollar_texts = [t for t in figure.findobj(Text) if "$" in t.get_text()]
        assert dollar_texts and not any(t.get_parse_math() for t in dollar_texts)


def test_a_run_on_text_is_cut_into_sentences_the_parser_can_handle() -> None:
    from propaganda_lab.nlp import MAX_SENTENCE_TOKENS, to_doc

    run_on = " ".join(["and the council said the Pellani had been moved again"] * 120)
    doc = to_doc(run_on)
    assert max(len(sentence) for sentence in doc.sents) <= MAX_SENTENCE_TOKENS
    bullets = "\n".join(['- Vask called it a "betrayal", and a "disgrace"'] * 60)
    assert max(len(s) for s in to_doc(bullets).sents) <= MAX_SENTENCE_TOKENS


def test_ordinary_prose_is_parsed_once_and_keeps_its_sentences() -> None:
    from propaganda_lab.corpus import list_cases, load_case
    from propaganda_lab.nlp import cap_sentences, load_nlp

    nlp = load_nlp()
    for doc in nlp.pipe(load_case(case_id).body for case_id in list_cases()):
        assert cap_sentences(doc) is doc  # no sentence over the cap: the same parse


def test_a_long_sentence_is_cut_but_the_sentences_around_it_are_kept() -> None:
    from propaganda_lab.nlp import MAX_SENTENCE_TOKENS, cap_sentences, load_nlp

    before = "The council met on Monday. It voted to close the market."
    after = "The mayor resigned on Friday."
    run_on = " ".join(["and the council said the Pellani had been moved again"] * 40)
    doc = cap_sentences(load_nlp()(f"{before} {run_on}. {after}"))
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[:2] == ["The council met on Monday.", "It voted to close the market."]
    assert sentences[-1] == after
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_cli_warns_about_hidden_characters_and_clean_removes_them(
        tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"  # type: ignore[operator]
    article.write_text(RABBLE.replace("rabble", "rab\u00adble"), encoding="utf-8")
    assert cli.main(["analyze", str(article), "--findings", "--all"]) == 0
    plain = capsys.readouterr()
    assert "soft hyphen" in plain.err and "--clean" in plain.err
    assert "rabble" not in plain.out.lower()
    assert cli.main(["analyze", str(article), "--findings", "--all", "--clean"]) == 0
    cleaned = capsys.readouterr()
    assert "Removed or replaced before analysis: 1 × soft hyphen" in cleaned.err
    assert "rabble" in cleaned.out.lower()


class TestYourTextWidget:
    def test_cleans_what_was_pasted_and_says_so(self) -> None:
        from propaganda_lab.widgets.your_text import AnalyzeYourText

        widget = AnalyzeYourText(article=RABBLE.replace("rabble", "rab\u200bble"))
        widget.analyze()
        assert widget.report is not None and "\u200b" not in widget.report.text
        assert "zero-width space" in widget.message.value
        assert any("rabble" in f.text for f in widget.report.findings)
        assert not widget.analyze_button.disabled

    def test_sources_together_over_the_limit_get_a_message(self) -> None:
        from propaganda_lab.widgets.your_text import SOURCES_MAX_TOTAL_CHARS, AnalyzeYourText

        part = "The council met on Monday. " * (SOURCES_MAX_TOTAL_CHARS // 50)
        widget = AnalyzeYourText(article=RABBLE, sources=f"{part}\n---\n{part}")
        widget.analyze()
        assert widget.report is None and "together" in widget.message.value

    def test_an_interrupt_stops_the_run_with_a_message_and_the_button_works_again(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        import propaganda_lab.analysis as analysis
        from propaganda_lab.widgets.your_text import AnalyzeYourText

        def interrupted(*_args: object, **_kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(analysis, "analyze", interrupted)
        widget = AnalyzeYourText(article=RABBLE)
        widget.analyze()
        assert "Stopped" in widget.message.value
        assert not widget.analyze_button.disabled and widget.article_box.value == RABBLE

    def test_a_queued_second_click_on_the_same_text_does_not_run_again(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        import propaganda_lab.analysis as analysis
        from propaganda_lab.widgets.your_text import AnalyzeYourText

        calls = []
        real = analysis.analyze

        def counted(*args: object, **kwargs: object) -> object:
            calls.append(1)
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(analysis, "analyze", counted)
        widget = AnalyzeYourText(article=RABBLE)
        widget.analyze()
        widget.analyze()
        assert len(calls) == 1
        assert "already for the text in the boxes" in widget.message.value  # not a dead click
        widget.article_box.value = RABBLE + " Then it rained."
        widget.analyze()
        assert len(calls) == 2
