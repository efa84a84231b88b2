"""benchmarks/hate_text.py's bookkeeping on a tiny invented folder (no real data): sentences
counted in their post, rationale tokens aligned in order, shares and overlap computed right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.hate_text import (
    HateFlag,
    HateRun,
    flagged_share,
    rationale_marks,
    rationale_overlap,
    read_forum,
    read_posts,
    write_reading_sample,
)


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_rationale_is_aligned_in_order_and_falls_back_to_forms():
    tokens = ["the", "orrin", "are", "rats", "and", "the", "orrin", "know", "it"]
    assert rationale_marks(tokens, ["orrin", "are", "rats"]) == [
        False, True, True, True, False, False, False, False, False]
    # not a subsequence: every token with a marked form counts
    assert rationale_marks(["a", "b", "a"], ["b", "a", "b"]) == [True, True, True]
    assert rationale_marks(tokens, []) == [False] * len(tokens)


def test_forum_sentences_are_read_in_post_order_with_their_offsets(tmp_path):
    path = _write(tmp_path / "stormfront.jsonl", [
        {"id": "7_2", "post": "7", "label": "hate", "text": "They  are vermin ."},
        {"id": "7_1", "post": "7", "label": "noHate", "text": "The Orrin came ."},
        {"id": "8_1", "post": "8", "label": "noHate", "text": "Rain fell ."},
    ])
    documents = {d.doc_id: d for d in read_forum(path)}
    post = documents["7"]
    assert post.text == "The Orrin came . They are vermin ."
    assert [(i.item_id, post.text[i.start:i.end]) for i in post.items] == [
        ("7_1", "The Orrin came ."), ("7_2", "They are vermin .")]


def test_shares_and_rationale_overlap(tmp_path):
    posts = read_posts(_write(tmp_path / "hatexplain.jsonl", [
        {"id": "p1", "majority": "hatespeech", "text": "the orrin are rats",
         "rationale_tokens": ["rats"]},
        {"id": "p2", "majority": "normal", "text": "rain in drenn", "rationale_tokens": []},
    ]))
    forum = read_forum(_write(tmp_path / "stormfront.jsonl", [
        {"id": "1_1", "post": "1", "label": "hate", "text": "The Orrin are rats ."},
        {"id": "2_1", "post": "2", "label": "noHate", "text": "Rain fell ."},
    ]))
    flags = [HateFlag("posts", "p1", "p1", "hatespeech", 15, 19, "animal_metaphor.copula",
                      "animal_metaphor", "dehumanization.metaphor", False),
             HateFlag("posts", "p1", "p1", "hatespeech", 0, 9, "othering.distancing",
                      "othering", "dehumanization.othering", True),
             HateFlag("forum", "1", "1_1", "hate", 0, 18, "animal_metaphor.copula",
                      "animal_metaphor", "dehumanization.metaphor", False)]
    run = HateRun({"forum": forum, "posts": posts}, flags)
    assert flagged_share(run, "forum", ("hate", "noHate"), lambda f: True) == {
        "hate": (1, 1), "noHate": (0, 1)}
    assert flagged_share(run, "posts", ("hatespeech", "normal"), lambda f: f.shown) == {
        "hatespeech": (1, 1), "normal": (0, 1)}
    metaphor = rationale_overlap(run, lambda f: f.rule == "animal_metaphor.copula")
    assert (metaphor.flags, metaphor.on_rationale, metaphor.token_share) == (1, 1, 1.0)
    everything = rationale_overlap(run, lambda f: True)
    assert everything.share == pytest.approx(0.5)  # 'the orrin' holds no marked token


def test_the_reading_sample_never_goes_into_the_repository(tmp_path):
    run = HateRun({}, [])
    with pytest.raises(SystemExit, match="inside the repository"):
        write_reading_sample(run, 5, 1, Path(__file__).parent / "sample.jsonl")
    write_reading_sample(run, 5, 1, tmp_path / "sample.jsonl")
    assert (tmp_path / "sample.jsonl").read_text() == ""
