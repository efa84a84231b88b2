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


def test_real_epithets_are_masked_like_the_invented_ones_and_documented():
    """Real slurs are read from the data file, never written in a test."""
    from propaganda_lab.datafiles import load_json
    from propaganda_lab.masking import real_epithets

    data = load_json("data/lexicons/real_epithets.json", "real_epithets.schema.json")
    assert "CONTENT NOTE" in data["content_note"] and data["licence"]
    for entry in data["entries"]:
        assert entry["source"] and ("offensive" in entry["status"]
                                    or "disparaging" in entry["status"])
    forms = real_epithets()
    term = data["entries"][0]["term"]
    assert term in default_terms() and term in forms
    text = f"The leaflet called them {term}s and {term.capitalize()}."
    masked = mask_text(text)
    assert term not in masked.lower() and len(masked) == len(text)
    assert term[0] + MASK_CHAR * len(term) in masked  # first letter and length, plural too
    masker = Masker()
    masker.revealed = True
    assert masker(text) == text


def test_a_real_epithet_is_a_group_mention_explained_with_its_source():
    from propaganda_lab.analysis import analyze
    from propaganda_lab.masking import real_epithets

    term, entry = next(iter(real_epithets().items()))
    report = analyze(f"The leaflet called the newcomers {term} and worse.")
    (found,) = [f for f in report.findings if f.rule == "name_calling.group_epithet"]
    assert "real-world epithet" in found.evidence and entry["target"] in found.evidence
    page = report.to_html(masker=Masker())
    assert term not in page.split("<main>", 1)[1].lower()
