"""Survey charts and the landscape explorer: right encodings, small aggregated data, widgets that follow."""

import json

import pandas as pd
import pytest

from jtbd_kit import AnalysisError, load_survey, score_by_group, score_outcomes
from jtbd_kit.explorer import LandscapeExplorer, explore
from jtbd_kit.survey_charts import (ci_width_chart, ci_widths, describe_outcomes, landscape_chart, opportunity_bars,
                                    segment_heatmap)


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.fixture(scope="module")
def scores(survey):
    return describe_outcomes(score_outcomes(survey))


def _layers(spec):
    return spec.get("layer", [spec])


def _data(spec):
    return [row for rows in spec["datasets"].values() for row in rows]


def test_landscape_has_points_diagonal_and_opportunity_lines_with_tooltips(scores):
    spec = landscape_chart(scores).to_dict()
    layers = _layers(spec)
    points = next(layer for layer in layers if layer["mark"]["type"] == "circle")
    assert points["encoding"]["x"]["field"] == "importance" and points["encoding"]["y"]["field"] == "satisfaction"
    assert points["encoding"]["color"]["field"] == "class"
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"statement", "step", "opportunity"}
    lines = {row.get("line") for row in _data(spec) if "line" in row}
    assert {row.get("line") for row in _data(landscape_chart(scores, opportunity_lines=False).to_dict()) if "line" in row} == {"importance = satisfaction"}
    assert lines == {"importance = satisfaction", "opportunity 10", "opportunity 12", "opportunity 15"}
    assert len(json.dumps(spec)) < 100_000


def test_every_chart_stays_small_and_refuses_raw_respondents(survey, scores):
    truth = pd.read_csv("datasets/survey/repair_survey_truth.csv")
    grouped = score_by_group(survey.assign(segment=truth["segment"].to_numpy()), "segment")
    for chart in (landscape_chart(scores), opportunity_bars(scores), segment_heatmap(grouped),
                  ci_width_chart(pd.DataFrame({"respondents": [100, 200], "mean_ci_width": [3.0, 2.0]}))):
        assert len(json.dumps(chart.to_dict())) < 100_000
    with pytest.raises(AnalysisError, match="aggregated table"):
        landscape_chart(survey.assign(importance=1.0, satisfaction=1.0))


def test_ranked_bars_and_heatmap_encodings(survey, scores):
    bars = opportunity_bars(scores, top=10).to_dict()
    bar = next(layer for layer in _layers(bars) if layer["mark"]["type"] == "bar")
    assert bar["encoding"]["y"]["sort"] == "-x" and len([r for r in _data(bars) if "opportunity" in r]) == 10
    truth = pd.read_csv("datasets/survey/repair_survey_truth.csv")
    grouped = score_by_group(survey.assign(segment=truth["segment"].to_numpy()), "segment")
    heat = segment_heatmap(grouped, top=12).to_dict()
    assert heat["encoding"]["x"]["field"] == "segment" and heat["encoding"]["color"]["field"] == "opportunity"
    assert len({r["outcome"] for r in _data(heat)}) == 12


def test_intervals_narrow_as_the_sample_grows(survey):
    widths = ci_widths(survey, sizes=(100, 400, 5000), resamples=100)
    assert widths["respondents"].tolist() == [100, 400, len(survey)]  # a size beyond the data means all of it
    assert widths["mean_ci_width"].is_monotonic_decreasing
    assert widths["mean_ci_width"].iloc[0] > 2 * widths["mean_ci_width"].iloc[-1]


def test_explore_filters_samples_and_switches_method(survey):
    everyone = explore(survey)
    data_people = explore(survey, situation="sit_personal_data")
    assert data_people.respondents == int((survey["sit_personal_data"] == 1).sum()) < everyone.respondents
    assert data_people.table.iloc[0]["outcome"] != everyone.table.iloc[0]["outcome"]
    assert explore(survey, sample=300).respondents == 300
    three = explore(survey, method="importance-difficulty")
    assert set(three.table["kind"]) == {"emotional job", "social job", "ideal state"} and "struggle" in three.summary
    with pytest.raises(AnalysisError, match="too few"):
        explore(survey, context="online_gaming_platform", sample=5)


def test_the_explorer_widget_follows_its_controls(survey):
    truth = pd.read_csv("datasets/survey/repair_survey_truth.csv")
    widget = LandscapeExplorer(survey, truth["segment"])
    before = widget.chart.chart.to_dict()
    widget.segment.value = "data_anxious"
    assert widget.chart.chart.to_dict() != before and str((truth["segment"] == "data_anxious").sum()) in widget.summary.value
    widget.method.value = "importance-difficulty"
    assert "struggle" in widget.summary.value
    widget.method.value = "top2box"
    widget.context.value = "online_gaming_platform"
    widget.sample.value = 50
    assert "too few" in widget.summary.value or "respondents" in widget.summary.value
