"""Survey analysis: the published worked example, score properties, planted truth recovered, uncertainty."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from jtbd_kit import (AnalysisError, bootstrap_scores, classify_opportunity, compare_rankings,
                      importance_difficulty, load_survey, opportunity, profile_segments, score_by_group,
                      score_outcomes, segment_respondents, top2box)

DATA = Path(__file__).resolve().parents[1] / "datasets" / "survey"


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.fixture(scope="module")
def truth():
    return pd.read_csv(DATA / "repair_survey_truth.csv"), json.loads((DATA / "repair_survey_truth.json").read_text())


def test_the_published_worked_example():
    importance = top2box([5] * 120 + [4] * 80 + [3] * 40 + [1] * 30)   # 200 of 270 rate 4-5
    satisfaction = top2box([4] * 75 + [2] * 150 + [1] * 45)            # 75 of 270 rate 4-5
    assert round(importance, 1) == 7.4 and round(satisfaction, 1) == 2.8
    assert round(opportunity(round(importance, 1), round(satisfaction, 1)), 1) == 12.0
    assert classify_opportunity(7.4, 2.8) == "under-served (12-15)"


def test_missing_answers_are_left_out_of_top2box():
    assert top2box([5, 4, None, np.nan, 1]) == pytest.approx(10 * 2 / 3)
    assert np.isnan(top2box([None, None]))


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 10), st.floats(0, 10))
def test_opportunity_properties(importance, satisfaction):
    score = opportunity(importance, satisfaction)
    assert importance <= score <= 20 and score >= 0
    label = classify_opportunity(importance, satisfaction)
    assert label.startswith("under-served") == (score >= 10)
    if satisfaction > importance:
        assert label == "over-served"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=60))
def test_top2box_is_a_0_to_10_share(ratings):
    score = top2box(ratings)
    answered = [r for r in ratings if r is not None]
    if answered:
        assert 0 <= score <= 10 and score == pytest.approx(10 * sum(r >= 4 for r in answered) / len(answered))


def test_thresholds_are_parameters():
    assert classify_opportunity(6.0, 2.0) == "under-served (10-12)"
    assert classify_opportunity(6.0, 2.0, under=11, bands=(13, 16)) == "appropriately served"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: top2box("5, 4, 3"), "Expected ratings"),
        (lambda: top2box(["5", "four"]), "not numbers"),
        (lambda: top2box([1, 7]), "found 7"),
        (lambda: opportunity(45, 3), "0-10 score"),
        (lambda: score_outcomes([1, 2, 3]), "pandas DataFrame"),
        (lambda: score_by_group(pd.DataFrame({"imp_a": [1], "sat_a": [2]}), "segment"), "no column 'segment'"),
        (lambda: importance_difficulty(pd.DataFrame({"x": [1]}), "emo"), "emo_imp_"),
    ],
)
def test_bad_input_is_explained(call, message):
    with pytest.raises(AnalysisError, match=message):
        call()


def test_outcome_scores_cover_every_rated_item(survey):
    table = score_outcomes(survey)
    assert len(table) == 34 and table["opportunity"].is_monotonic_decreasing
    assert table["importance"].between(0, 10).all() and table["opportunity"].between(0, 20).all()
    mean = score_outcomes(survey, method="mean")
    assert set(mean["outcome"]) == set(table["outcome"]) and not mean["importance"].equals(table["importance"])


def test_grouping_equals_filtering_then_scoring(survey):
    grouped = score_by_group(survey, "context")
    for context in ["online_banking_platform", "e_commerce_platform"]:
        alone = score_outcomes(survey[survey["context"] == context]).set_index("outcome")
        part = grouped[grouped["context"] == context].set_index("outcome")
        pd.testing.assert_frame_equal(part.loc[alone.index, ["importance", "satisfaction", "opportunity"]],
                                      alone[["importance", "satisfaction", "opportunity"]], check_names=False)


def test_planted_under_served_outcomes_top_each_segment(survey, truth):
    per_respondent, planted = truth
    scored = score_by_group(survey.assign(segment=per_respondent["segment"].to_numpy()), "segment")
    for segment in planted["segments"]:
        wanted = set(segment["under_served"])
        top = scored[scored["segment"] == segment["id"]].head(len(wanted))
        assert set(top["outcome"]) == wanted, segment["id"]
        assert top["class"].str.startswith("under-served").all()


def test_needs_based_segments_are_recovered_from_clean_data(survey, truth):
    per_respondent, _ = truth
    keep = (per_respondent["is_straightliner"] == 0) & (per_respondent["is_speeder"] == 0)
    result = segment_respondents(survey[keep.to_numpy()].reset_index(drop=True))
    assert result.k == 4 and result.silhouettes.idxmax() == 4
    assert adjusted_rand_score(per_respondent.loc[keep, "segment"], result.labels) > 0.8
    profile = profile_segments(survey[keep.to_numpy()].reset_index(drop=True), result.labels)
    assert profile["size"].sum() == keep.sum()
    assert (profile.filter(like="sit_").max(axis=0) > 0.6).all()  # each situation dominates some segment


def test_bootstrap_intervals_contain_the_estimate_and_narrow_with_more_respondents(survey):
    full = bootstrap_scores(survey, resamples=300, seed=1)
    assert (full["opportunity_low"] <= full["opportunity"] + 1e-9).all()
    assert (full["opportunity"] <= full["opportunity_high"] + 1e-9).all()
    small = bootstrap_scores(survey.sample(150, random_state=1), resamples=300, seed=1)
    width = lambda t: (t["opportunity_high"] - t["opportunity_low"]).mean()
    assert width(small) > 2 * width(full)
    near_line = full[(full["opportunity"] - 10).abs() < 0.2]
    assert near_line.empty or near_line["may_change_class"].all()


def test_the_course_three_point_method_and_its_agreement_with_odi(survey):
    emotional = importance_difficulty(survey, "emo")
    assert len(emotional) == 10 and emotional["struggle"].is_monotonic_decreasing
    assert emotional[["importance", "ease"]].stack().between(0, 10).all()
    table = compare_rankings(survey)
    assert 0.8 < table.attrs["spearman"] < 1.0  # mostly the same order, not identical
    assert set(table.columns) >= {"odi_rank", "three_point_rank"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: opportunity("7", 3), "not str"),
        (lambda s: opportunity(None, 3), "not NoneType"),
        (lambda s: opportunity(["high"], [3]), "not numbers"),
        (lambda s: segment_respondents(s, k=1), "at least 2"),
        (lambda s: segment_respondents(s.head(3)), "at least 10"),
        (lambda s: profile_segments(s, [0, 1]), "one segment per respondent"),
    ],
)
def test_more_bad_input_is_explained(survey, call, message):
    with pytest.raises(AnalysisError, match=message):
        call(survey)


def test_empty_selections_score_nan_instead_of_crashing(survey):
    assert np.isnan(top2box([]))
    empty = score_outcomes(survey[survey["context"] == "no such context"])
    assert len(empty) == 34 and empty["importance"].isna().all() and (empty["answers"] == 0).all()


def test_profile_accepts_the_segmentation_itself(survey):
    labels = pd.Series(np.arange(len(survey)) % 3, index=survey.index)
    from jtbd_kit.analysis import Segmentation
    assert profile_segments(survey, Segmentation(labels, 3, pd.Series(dtype=float)))["size"].tolist() == [500, 500, 500]
