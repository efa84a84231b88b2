"""PTC (SemEval-2020 Task 11) interchange and spaCy Doc.spans conversion.

The fixture in tests/data/ptc is original fictional text in the PTC layout: articles
``article<ID>.txt``, a technique-labelled file (``labels-tc.txt``) and a folder of
span-identification files without techniques (``labels-si/``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from propaganda_lab.corpus import (
    PTCFormatError,
    case_to_ptc,
    from_doc_spans,
    read_ptc,
    to_doc_spans,
    validate_case_file,
    write_ptc,
)
from propaganda_lab.nlp import load_nlp

FIXTURE = Path(__file__).parent / "data" / "ptc"
ARTICLES = FIXTURE / "articles"
TC_LABELS = FIXTURE / "labels-tc.txt"
SI_LABELS = FIXTURE / "labels-si"


def test_fixture_reads_with_character_offsets_in_numeric_id_order():
    corpus = read_ptc(ARTICLES, TC_LABELS)
    assert list(corpus) == ["90001", "90002", "900003"]  # numeric, not string, order
    text, spans = corpus["90001"]
    assert text.startswith("Ostreva’s “Guests” Overstay")  # title line kept, nothing stripped
    # offsets count characters, not UTF-8 bytes: the curly quotes before it are 3 bytes each
    assert spans[0] == ("Loaded_Language", 10, 18)
    assert text[10:18] == "“Guests”"
    labelled = {(label, text[start:end]) for label, start, end in spans}
    assert ("Slogans", "Valdora for Valdorans — not one more year!") in labelled
    assert ("Name_Calling,Labeling", "a branch office of Ostreva") in labelled
    assert corpus["900003"][1] == []  # an article with no labels


def test_span_identification_labels_have_no_technique_and_read_as_propaganda():
    with_techniques = read_ptc(ARTICLES, TC_LABELS)
    without = read_ptc(ARTICLES, SI_LABELS)
    for article_id, (text, spans) in with_techniques.items():
        assert without[article_id][0] == text
        assert without[article_id][1] == [("propaganda", s, e) for _, s, e in spans]


def test_round_trip_is_exact_and_byte_identical(tmp_path):
    corpus = read_ptc(ARTICLES, TC_LABELS)
    write_ptc(corpus, tmp_path / "articles", tmp_path / "labels.txt")
    assert read_ptc(tmp_path / "articles", tmp_path / "labels.txt") == corpus
    assert (tmp_path / "labels.txt").read_bytes() == TC_LABELS.read_bytes()
    for original in ARTICLES.iterdir():
        assert (tmp_path / "articles" / original.name).read_bytes() == original.read_bytes()


def test_round_trip_through_a_labels_folder_without_techniques(tmp_path):
    corpus = read_ptc(ARTICLES, SI_LABELS)
    (tmp_path / "labels").mkdir()
    write_ptc(corpus, tmp_path / "articles", tmp_path / "labels", with_technique=False)
    assert {p.name for p in (tmp_path / "labels").iterdir()} == {
        "article90001.labels",
        "article90002.labels",
        "article900003.labels",  # an article without spans gets an empty file
    }
    first_line = (tmp_path / "labels" / "article90001.labels").read_text().splitlines()[0]
    assert first_line.split("\t") == ["90001", "10", "18"]
    assert read_ptc(tmp_path / "articles", tmp_path / "labels") == corpus


def test_crlf_articles_keep_their_offsets(tmp_path):
    # "\r\n" is two characters in the corpus' offsets: reading must not translate newlines.
    text = "Sarnet Warns of “Tesk” Crews\r\n\r\nCallers said the tesks are a flood.\r\n"
    start = text.index("a flood")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article7.txt").write_bytes(text.encode("utf-8"))
    # a labels file saved on Windows has CRLF line ends too
    (tmp_path / "labels.txt").write_bytes(f"7\tLoaded_Language\t{start}\t{start + 7}\r\n".encode())
    corpus = read_ptc(tmp_path / "articles", tmp_path / "labels.txt")
    read_text, spans = corpus["7"]
    assert read_text == text
    assert spans == [("Loaded_Language", start, start + 7)]
    assert read_text[start : start + 7] == "a flood"
    write_ptc(corpus, tmp_path / "out", tmp_path / "out.txt")
    assert (tmp_path / "out" / "article7.txt").read_bytes() == text.encode("utf-8")


def _labels_error(tmp_path, line: str) -> str:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    labels = tmp_path / "labels.txt"
    labels.write_text(f"90002\tDoubt\t0\t41\n{line}\n", encoding="utf-8")
    with pytest.raises(PTCFormatError) as caught:
        read_ptc(tmp_path / "articles", labels)
    message = str(caught.value)
    assert message.startswith(f"{labels}:2: "), message
    return message


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("424242\tDoubt\t0\t5", "no file article424242.txt"),
        ("90002\tDoubt\t0", "offsets must be integers"),  # read as ID, start, end
        ("90002\tDoubt\tten\t20", "offsets must be integers"),
        ("90002\tDoubt\t400\t9000", "beyond the end of article90002.txt (428 characters)"),
        ("90002\tDoubt\t20\t20", "empty"),
        ("90002 Doubt 0 5", "found 1"),
    ],
)
def test_bad_label_lines_name_file_and_line(tmp_path, line, fragment):
    message = _labels_error(tmp_path, line)
    assert fragment in message


def test_write_refuses_spans_outside_the_text(tmp_path):
    with pytest.raises(ValueError, match="outside the text"):
        write_ptc({"1": ("short text", [("Doubt", 3, 50)])}, tmp_path / "a", tmp_path / "l.txt")
    assert not (tmp_path / "l.txt").exists()


def _case(tmp_path):
    article = "Valdora Stands Firm\n\nTeskari crews are a flood, and only fools doubt it.\n"
    start = article.index("a flood")
    data = {
        "id": "ptc_demo",
        "title": "PTC demo",
        "lens": "dehumanization",
        "difficulty": "intro",
        "content_note": "mild",
        "article": article,
        "sources": [],
        "annotations": [
            {
                "technique": "natural_disaster_metaphor",
                "start": start,
                "end": start + 7,
                "text": "a flood",
                "explanation": "Casts people as a natural disaster.",
            },
            {
                "technique": "loaded_language",
                "start": article.index("only fools"),
                "end": article.index("only fools") + 10,
                "text": "only fools",
                "explanation": "Insults anyone who disagrees.",
            },
        ],
    }
    path = tmp_path / "ptc_demo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return validate_case_file(path)


def test_case_to_ptc_with_our_ids_and_with_mapped_labels(tmp_path):
    case = _case(tmp_path)
    text, spans = case_to_ptc(case)
    assert text == case.article
    assert spans == case.gold_spans()
    # natural_disaster_metaphor has no PTC counterpart, so only loaded_language survives
    _, mapped = case_to_ptc(case, use_ptc_labels=True)
    assert mapped == [("Loaded_Language", *case.gold_spans()[1][1:])]


def test_case_to_ptc_round_trips_through_files(tmp_path):
    case = _case(tmp_path)
    write_ptc({"1": case_to_ptc(case)}, tmp_path / "articles", tmp_path / "labels.txt")
    assert read_ptc(tmp_path / "articles", tmp_path / "labels.txt") == {"1": case_to_ptc(case)}


# ---------------------------------------------------------------- spaCy Doc.spans


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_token_aligned_spans_round_trip_through_doc_spans(nlp):
    text, spans = read_ptc(ARTICLES, TC_LABELS)["90001"]
    doc = to_doc_spans(nlp(text), spans)
    assert from_doc_spans(doc) == spans  # including the overlapping pairs
    assert [span.label_ for span in doc.spans["techniques"]] == [label for label, _, _ in spans]


def test_expand_widens_a_span_to_token_boundaries(nlp):
    doc = nlp("The hillrats came down the valley.")
    # 6..11 starts and ends inside "hillrats" (4..12): it grows to the whole token
    to_doc_spans(doc, [("animal_metaphor", 6, 11, "extra items are ignored")], key="mine")
    assert from_doc_spans(doc, key="mine") == [("animal_metaphor", 4, 12)]
    with pytest.raises(KeyError, match="mine"):
        from_doc_spans(doc)  # the default key was never set


def test_spans_that_cover_no_token_or_leave_the_text_are_refused(nlp):
    doc = nlp("Sarnet votes.")
    with pytest.raises(ValueError, match="covers no token"):
        to_doc_spans(doc, [("doubt", 6, 7)])
    with pytest.raises(ValueError, match="beyond the text"):
        to_doc_spans(doc, [("doubt", 0, 99)])
