"""Property test: no text, however odd, makes the quoting lens raise or drift offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propaganda_lab.quotes import FLAGS, check_quotes, extract_quotes, quote_findings

QUOTE_HEAVY = st.lists(
    st.sampled_from([*"ab Cd.,:;!?\n'\"“”‘’«»„…-", "said", " she ", "NAME: ", "\n\n"]),
    max_size=60,
).map("".join)
ANY_TEXT = st.text(max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTE_HEAVY, ANY_TEXT))
def test_extract_quotes_offsets_always_hold(text):
    for quote in extract_quotes(text):
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTE_HEAVY, ANY_TEXT), st.one_of(QUOTE_HEAVY, ANY_TEXT))
def test_check_quotes_never_raises(article, source):
    for check in check_quotes(article, source):
        assert check.flags and check.flags <= set(FLAGS)
        for segment in check.segments:
            assert source[segment.start : segment.end] == segment.text
    for finding in quote_findings(article, [source]):
        assert article[finding.start : finding.end] == finding.text
