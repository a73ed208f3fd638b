"""Property-based: whatever a learner passes in, every checker returns feedback and never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from jtbd_kit import check_job_action

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


@settings(max_examples=400, deadline=None)
@given(anything)
def test_any_input_gets_feedback_and_never_an_exception(value):
    result = check_job_action(value)
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


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_parts_are_taken_from_the_text(text):
    parts = check_job_action(text).parts
    if parts is not None:
        for piece in (parts.verb, parts.object, parts.clarifier):
            assert piece is None or piece in " ".join(text.split()) or piece.strip()
