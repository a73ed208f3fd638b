"""Property-based: whatever a learner passes in, every checker returns feedback and never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

import unicodedata

import pytest

from jtbd_kit import (check_emotional_job, check_job_action, check_job_story, check_outcome,
                      check_social_job)

CHECKERS = [check_job_action, check_outcome, check_emotional_job, check_social_job, check_job_story]

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=50),
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec=None), max_size=80),  # lone surrogates, controls, emoji
    st.lists(st.text(max_size=20), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{1,9}){1,8}( (while|for|when|before) [a-z ]{1,30})?", fullmatch=True),
)


@pytest.mark.parametrize("check", CHECKERS, ids=lambda f: f.__name__)
@settings(max_examples=250, deadline=None)
@given(value=anything)
def test_any_input_gets_feedback_and_never_an_exception(check, value):
    result = check(value)
    assert isinstance(result.passed, bool)
    assert result.passed == (result.problems == [])
    for found in result.problems:
        assert found.code and found.message and found.hint
    if not isinstance(value, str):
        assert result.codes == ["not-text"]
    elif not value.strip():
        assert "empty" in result.codes
    shown, page = str(result), result._repr_html_()  # both views work on anything
    shown.encode("utf-8")
    page.encode("utf-8")
    assert "<script" not in page.lower() or "&lt;script" in page.lower()


@pytest.mark.parametrize("check", CHECKERS, ids=lambda f: f.__name__)
@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200) | st.from_regex(r"(When|Feel|Be perceived as|Minimize the time it takes to) [a-z ,]{0,60}", fullmatch=True))
def test_parts_are_pieces_of_the_text(check, text):
    parts = check(text).parts
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # invisible marks are dropped
    if parts is not None:
        for piece in vars(parts).values():
            assert piece is None or all(word in visible for word in piece.split())
