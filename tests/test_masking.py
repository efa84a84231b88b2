"""Epithet masking: masked by default, revealed on toggle, analysis never changes."""

from __future__ import annotations

import pytest

from propaganda_lab.corpus import load_case
from propaganda_lab.dehumanization import analyze_group
from propaganda_lab.masking import (
    MASK_CHAR,
    Masker,
    default_terms,
    epithet_targets,
    load_terms,
    mask_text,
    parse_terms,
)
from propaganda_lab.render import highlight_html


def test_shipped_terms_include_corpus_epithets():
    assert {"hillrats", "tesks", "orrlings"} <= set(default_terms())
    assert epithet_targets()["tesks"] == "Teskari"


def test_mask_keeps_first_letter_and_length_and_whole_words_only():
    text = "Tesks, the hillrats' cart and a tesk's bag; hillratsy and stesks stay."
    masked = mask_text(text)
    assert len(masked) == len(text)
    assert "T" + MASK_CHAR * 4 + "," in masked
    assert "h" + MASK_CHAR * 7 + "'" in masked
    assert "t" + MASK_CHAR * 5 + " bag" in masked
    assert "hillratsy" in masked and "stesks" in masked


def test_custom_terms_and_file(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("# my course\nblorks\n\nzimmers\tZim people\n", encoding="utf-8")
    terms = load_terms(path)
    assert terms == ("blorks", "zimmers")
    masker = Masker(extra_terms=terms)
    assert masker("blorks and tesks") == "b••••• and t••••"
    assert mask_text("tesks", terms=[]) == "tesks"


def test_bad_term_file_names_the_line():
    with pytest.raises(ValueError, match=r"mine\.txt: line 2"):
        parse_terms(["ok", "!!!"], "mine.txt")


def test_highlight_is_masked_by_default_and_revealed_on_toggle_with_same_analysis():
    case = load_case("pellani_hill_pamphlet")
    terms = [*case.group_terms, *case.epithets]
    before = analyze_group(case.article, terms)
    masker = Masker()
    masked_html = highlight_html(case.article, before.findings, masker=masker)
    assert "hillrats" not in masked_html
    assert "h" + MASK_CHAR * 7 in masked_html
    masker.revealed = True
    revealed_html = highlight_html(case.article, before.findings, masker=masker)
    assert "hillrats" in revealed_html
    after = analyze_group(case.article, terms)
    assert after.findings == before.findings
    assert any(f.text == "hillrats" for f in after.findings)  # analysis saw the real word
