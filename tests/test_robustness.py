"""Property-based: whatever a learner passes in, every checker returns feedback and never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

import re
from pathlib import Path
import unicodedata

import pytest

from jtbd_kit import (check_emotional_job, check_interview_question, check_job_action, check_job_story, check_outcome,
                      check_social_job)

CHECKERS = [check_job_action, check_outcome, check_emotional_job, check_social_job, check_job_story,
            check_interview_question]

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


# --- issue 17: hostile and odd input to the analysis, the charts and the card and map checkers -----


def _survey():
    from jtbd_kit.survey import load_survey

    return load_survey()


def test_opportunity_bars_charts_the_kits_own_score_tables():
    import jtbd_kit
    from jtbd_kit import importance_difficulty, score_outcomes

    survey = _survey()
    spec = jtbd_kit.opportunity_bars(score_outcomes(survey)).to_dict()  # raised DuplicateError ('outcome' twice)
    assert spec["layer"][0]["mark"]["type"] == "bar"
    jtbd_kit.opportunity_bars(importance_difficulty(survey, "emo"), value="struggle").to_dict()
    with pytest.raises(jtbd_kit.AnalysisError, match="value='struggle'"):
        jtbd_kit.opportunity_bars(importance_difficulty(survey, "emo"))
    for bad in (None, "scores", 3):
        with pytest.raises(jtbd_kit.AnalysisError, match="needs a table of scores"):
            jtbd_kit.opportunity_bars(bad)


@pytest.mark.parametrize("call, message", [
    (lambda j, s: j.segment_respondents(s, k=10_000), "too many for 1500 respondents"),
    (lambda j, s: j.segment_respondents(s, k=2.5), "whole number of at least 2"),
    (lambda j, s: j.segment_respondents(s.head(20), k_range=range(50, 60)), "k_range should be a range"),
    (lambda j, s: j.bootstrap_scores(s, resamples=-1), "whole number from 10"),
    (lambda j, s: j.bootstrap_scores(s, resamples="many"), "whole number from 10"),
    (lambda j, s: j.bootstrap_scores(s, level=95), "confidence level"),
    (lambda j, s: j.describe_outcomes(s), "Score the survey first"),
    (lambda j, s: j.describe_outcomes(None), "table of scores"),
    (lambda j, s: j.score_outcomes(s.rename(columns={s.columns[5]: 5})), "column name of the survey should be text"),
    (lambda j, s: j.segment_respondents(s.rename(columns={s.columns[0]: ("a", 1)})), "should be text"),
])
def test_impossible_analysis_arguments_get_a_learner_worded_error(call, message):
    import jtbd_kit

    with pytest.raises(jtbd_kit.AnalysisError, match=message):
        call(jtbd_kit, _survey())


class _Hostile:
    def __repr__(self):
        raise RuntimeError("repr")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = None


class _HostileStr(str):
    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        raise RuntimeError("hash")

    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")


@pytest.mark.parametrize("dimension", [["functional"], {"functional": 1}, _Hostile(), _HostileStr("functional"), None])
@pytest.mark.parametrize("text", ["Get the phone charging through the day again", _Hostile(), _HostileStr("Keep working")])
def test_check_scenario_card_never_raises_on_hostile_parts(dimension, text):
    from jtbd_kit import ScenarioCard, check_scenario_card

    card = ScenarioCard(scenario="A phone will not charge", surface_job="Repair the phone",
                        real_jobs=[(text, dimension)], actions=[(_Hostile(), text)])
    result = check_scenario_card(card)
    assert not result.passed and result.codes
    str(result)  # what the learner reads can be shown
    if not isinstance(dimension, str):
        assert "unknown-dimension" in result.codes


def test_a_huge_scenario_card_is_refused_quickly_and_in_words():
    """100,000 real jobs once took 44 s to check; a card holds at most 50 of each, and the learner is told."""
    from jtbd_kit import ScenarioCard, check_scenario_card

    card = ScenarioCard(scenario="A phone will not charge", surface_job="Repair the phone",
                        real_jobs=[("Get the phone charging through the day again", "functional")] * 100_000,
                        actions=[("Send a replacement cable", "Get the phone charging through the day again")])
    result = check_scenario_card(card)
    assert result.codes == ["too-many-items"]
    assert "100,000 real jobs" in str(result) and "at most 50" in str(result)
    fifty = ScenarioCard(scenario="A phone will not charge", surface_job="Repair the phone",
                         real_jobs=[("Get the phone charging through the day again", "functional")] * 50)
    assert "too-many-items" not in check_scenario_card(fifty).codes


@pytest.mark.parametrize("template", [5, None, "universal", object()])
def test_check_job_map_explains_a_template_that_is_not_one(template):
    from jtbd_kit import check_job_map
    from jtbd_kit.job_map import JobMap

    result = check_job_map(JobMap("Get a product fixed through an online platform", [], template=template))
    assert result.codes == ["not-a-job-map"] and "template" in result.problems[0].message


def test_the_kits_errors_show_in_ipython_as_a_message_without_a_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("from jtbd_kit import bootstrap_scores\nfrom jtbd_kit.survey import load_survey\n"
                       "bootstrap_scores(load_survey().head(50), resamples=-1)")
        shown = capsys.readouterr()
        text = shown.out + shown.err
        assert "AnalysisError: resamples is how many times" in text
        assert "Traceback" not in text and "File " not in text and "analysis.py" not in text
        shell.run_cell("from jtbd_kit import load_support_log\nload_support_log('nowhere.csv')")
        shown = capsys.readouterr()
        assert "SupportLogError: Cannot find the support log" in shown.out + shown.err
        assert "Traceback" not in shown.out + shown.err
    finally:
        InteractiveShell.clear_instance()


def _edited_survey(tmp_path, column, value):
    import pandas as pd

    from jtbd_kit.survey.load import DEFAULT_SURVEY_PATH

    raw = pd.read_csv(DEFAULT_SURVEY_PATH, dtype=str, keep_default_na=False, nrows=40)
    name = column if column in raw else next(c for c in raw.columns if c.startswith(column))
    raw.loc[0, name] = value
    path = tmp_path / "survey.csv"
    raw.to_csv(path, index=False)
    return path, name


@pytest.mark.parametrize("column, value, message", [
    ("duration_sec", "1e12", "out of range: line 2"),
    ("duration_sec", "inf", "not a number (infinite): line 2"),
    ("imp_", "nan", "line 2 (respondent R000001), column imp_"),
    ("imp_", "inf", "not a number (infinite): line 2"),
])
def test_odd_numbers_in_the_survey_file_are_named_by_line_and_column(tmp_path, column, value, message):
    from jtbd_kit.survey import SurveyDataError, load_survey

    path, name = _edited_survey(tmp_path, column, value)
    with pytest.raises(SurveyDataError, match=re.escape(message)) as error:
        load_survey(path)
    assert name in str(error.value)


def test_the_repair_job_loader_refuses_odd_paths_and_doubled_keys(tmp_path):
    from jtbd_kit import RepairJobError, load_repair_job
    from jtbd_kit.repair_job import DEFAULT_PATH

    with pytest.raises(RepairJobError, match="is a folder"):
        load_repair_job(tmp_path)
    with pytest.raises(RepairJobError, match="not int"):
        load_repair_job(5)
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    at = text.index("\njob:")
    (tmp_path / "twice.yaml").write_text(text[:at] + "\njob: Get it fixed twice" + text[at:], encoding="utf-8")
    with pytest.raises(RepairJobError, match="the key 'job' appears twice"):
        load_repair_job(tmp_path / "twice.yaml")


@pytest.mark.parametrize("filters, message", [
    ({"situation": "sit_nothing"}, "is not a situation of the survey"),
    ({"situation": 3}, "is not a situation of the survey"),
    ({"context": "the_moon"}, "No respondent is in the context 'the_moon'"),
    ({"sample": 0}, "whole number of at least 1"),
    ({"segment": 1, "segments": [0, 1]}, "segments should be the labels"),
])
def test_explore_explains_filters_it_cannot_use(filters, message):
    from jtbd_kit import AnalysisError
    from jtbd_kit.explorer import explore

    with pytest.raises(AnalysisError, match=message):
        explore(_survey(), **filters)


# --- found by make fuzz (10,000 examples a function); each was a raw traceback before ----------------------


@pytest.mark.parametrize("labels, message", [
    ([b"a"] * 750 + [1] * 750, "should be a number or a text.*b'a'"),
    ([None] * 1500, "no segment for any respondent"),
    ([0] * 750 + ["busy"] * 750, "mixes numbers and texts"),
    ([[1]] * 1500, r"labels holds \[1\]"),
    ("segment", "one segment per respondent"),
])
def test_profile_segments_explains_labels_it_cannot_group_by(labels, message):
    from jtbd_kit import AnalysisError, profile_segments

    with pytest.raises(AnalysisError, match=message):
        profile_segments(_survey(), labels)


def test_profile_segments_lines_labels_up_by_respondent_or_takes_them_in_order():
    import pandas as pd

    from jtbd_kit import profile_segments

    survey = _survey()
    labels = pd.Series((survey["context"] == "online_banking_platform").astype(int).to_numpy(), index=survey.index)
    expected = profile_segments(survey, labels)
    assert expected.loc[1, "top_context"] == "online_banking_platform" != expected.loc[0, "top_context"]
    shuffled = labels.sample(frac=1, random_state=0)  # the same respondents in another order: matched by index
    pd.testing.assert_frame_equal(profile_segments(survey, shuffled), expected)
    renumbered = labels.set_axis(range(5000, 5000 + len(labels)))  # another index: taken in order
    pd.testing.assert_frame_equal(profile_segments(survey, renumbered), expected)


@pytest.mark.parametrize("by, message", [
    ("outcome", "by='outcome': the result already has a column of that name"),
    (["context", "importance"], "by='importance'"),
    (["context", "context"], "names a column more than once"),
])
def test_score_by_group_refuses_a_by_column_the_result_would_overwrite(by, message):
    from jtbd_kit import AnalysisError, score_by_group

    survey = _survey().assign(outcome="x", importance=1)
    with pytest.raises(AnalysisError, match=message):
        score_by_group(survey, by)


def test_top2box_scores_each_column_of_a_nested_list_and_refuses_deeper_nesting():
    import numpy as np

    from jtbd_kit import AnalysisError, top2box

    assert top2box([[5, 1], [4, 2], [1, 5]]).tolist() == pytest.approx([20 / 3, 10 / 3])  # used to score column 1
    assert top2box([[]]).size == 0  # was IndexError
    with pytest.raises(AnalysisError, match="nested 3 deep"):
        top2box(np.full((2, 2, 2), 5))


def test_explore_lists_the_contexts_whatever_their_type():
    from jtbd_kit import AnalysisError
    from jtbd_kit.explorer import explore

    survey = _survey().head(100)
    survey["context"] = survey["context"].astype(object)
    survey.loc[survey.index[:3], "context"] = [3, None, b"x"]
    with pytest.raises(AnalysisError, match="No respondent is in the context 'moon'.*None"):
        explore(survey, context="moon")


def test_describe_outcomes_leaves_ids_that_are_not_text_undescribed():
    from jtbd_kit import describe_outcomes, score_outcomes

    scores = score_outcomes(_survey())
    described = describe_outcomes(scores.assign(outcome=range(len(scores))))  # was a merge error (float vs str)
    assert described["statement"].isna().all()
    assert describe_outcomes(scores)["statement"].notna().all()


def test_segment_heatmap_charts_odd_group_and_outcome_values_as_text():
    from jtbd_kit import AnalysisError, score_by_group, segment_heatmap

    grouped = score_by_group(_survey(), "context")
    odd = grouped.assign(context=[{"a": 1}] * len(grouped), outcome=range(len(grouped)))  # a dict; numbers
    spec = segment_heatmap(odd, group="context").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {type(row["context"]) for row in rows} == {str} and {type(row["outcome"]) for row in rows} == {str}
    with pytest.raises(AnalysisError, match="two different columns"):
        segment_heatmap(grouped.assign(opportunity2=1.0), group="outcome", value="opportunity2")


def test_ci_width_chart_ignores_columns_it_does_not_draw():
    import pandas as pd

    from jtbd_kit import ci_width_chart

    widths = pd.DataFrame({"respondents": [100, 200], "mean_ci_width": [3.0, 2.0], "": [1, 2], "a:b": [0, 0]})
    assert ci_width_chart(widths).to_dict()["encoding"]["tooltip"] == [
        {"field": "respondents", "type": "quantitative"}, {"field": "mean_ci_width", "type": "quantitative"}]


def test_a_support_log_row_with_more_values_than_the_header_is_named(tmp_path):
    from jtbd_kit import load_support_log
    from jtbd_kit.support_log import SupportLogError

    lines = (Path(__file__).resolve().parents[1] / "datasets" / "support" / "support_log.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "support_log.csv").write_text("\n".join([lines[0], lines[1] + ",extra", *lines[2:6]]) + "\n",
                                              encoding="utf-8")
    with pytest.raises(SupportLogError, match="header row names .* columns but the first rows have"):
        load_support_log(tmp_path / "support_log.csv")


def test_yaml_dates_stay_text_and_odd_keys_are_refused(tmp_path):
    from jtbd_kit import RepairJobError, load_repair_job
    from jtbd_kit.repair_job import DEFAULT_PATH

    text = DEFAULT_PATH.read_text(encoding="utf-8")
    job = "job: Get a product fixed through an online platform"
    assert job in text
    (tmp_path / "job.yaml").write_text(text.replace(job, "job: 2026-13-45"), encoding="utf-8")
    assert load_repair_job(tmp_path / "job.yaml").job == "2026-13-45"  # was a raw ValueError from YAML
    (tmp_path / "key.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    with pytest.raises(RepairJobError, match="a key should be a name, not list"):
        load_repair_job(tmp_path / "key.yaml")


@pytest.mark.parametrize("call, message", [
    (lambda j, s: j.score_by_group(s, "context", items=[]), "items is an empty list"),  # was "No objects to concatenate"
    (lambda j, s: j.score_outcomes(s, []), "items is an empty list"),
    (lambda j, s: j.score_outcomes(s[["context"]]), "no outcomes to score"),
    (lambda j, s: j.score_by_group(s[["context", "sit_under_warranty"]], "context"), "no outcomes to score"),
])
def test_scoring_nothing_is_explained(call, message):
    import jtbd_kit

    with pytest.raises(jtbd_kit.AnalysisError, match=message):
        call(jtbd_kit, _survey())


@pytest.mark.parametrize("filters, message", [
    ({"context": float("nan")}, "No respondent is in the context nan"),
    ({"situation": None, "segment": [1, 2], "segments": [0, 1]}, "segments should be the labels"),
    ({"sample": 50, "seed": "4"}, "seed is the starting point of the random sample"),
])
def test_explore_explains_odd_filter_values(filters, message):
    import pandas as pd

    from jtbd_kit import AnalysisError
    from jtbd_kit.explorer import explore

    with pytest.raises(AnalysisError, match=message):
        explore(_survey(), **filters)
    with pytest.raises(AnalysisError, match="No respondent is in the context <NA>"):  # was "boolean value of NA"
        explore(_survey(), context=pd.NA)
