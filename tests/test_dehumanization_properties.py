"""Property test: whatever the text, every finding's offsets point at its own text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propaganda_lab.dehumanization import analyze_group, find_groups

WORDS = ["The", "Pellani", "they", "are", "a", "flood", "of", "rats", "like", "cargo", "filthy",
         "these", "people", "all", "not", "us", "were", "moved", "hillrats", "infest", ".", ",",
         "Teskari", "workers", "steal", "🙂", "\n", "é", "שלום"]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, ["Pellani"], ["Teskari", "workers"]]))
def test_offsets_always_match_the_text(text, terms):
    profile = analyze_group(text, terms)
    for item in profile.findings:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text
        assert item.evidence
    for mention in find_groups(text, terms):
        assert text[mention.start : mention.end] == mention.text
