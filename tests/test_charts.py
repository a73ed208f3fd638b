"""Offline charts: what a chart sends to the browser is a small Vega spec that JupyterLab draws itself."""

import json

import altair as alt
import pandas as pd
import pytest

from jtbd_kit import (ChartView, JobMap, MappingWidget, UNIVERSAL_JOB_MAP, describe_outcomes, enable_offline_charts,
                      job_map_chart, load_repair_job, load_survey, score_outcomes)
from jtbd_kit.charts import RENDERER, VEGA_MIMETYPE, vega_bundle
from jtbd_kit.explorer import LandscapeExplorer
from jtbd_kit.survey_charts import landscape_chart, opportunity_bars

LIMIT = 100_000  # bytes per chart on the wire (issue 10)


def shown(chart):
    """What a notebook receives when the chart is the last value of a cell."""
    data, metadata = chart._repr_mimebundle_()
    return data, metadata


@pytest.fixture(scope="module")
def scores():
    return describe_outcomes(score_outcomes(load_survey()))


@pytest.fixture(scope="module")
def job_map():
    repair = load_repair_job()
    steps = [step.statement for step in repair.job_steps]
    return JobMap(repair.job, [(steps[0], UNIVERSAL_JOB_MAP.phases[0].id), (steps[1], "")])


def test_a_chart_is_sent_as_vega_for_jupyterlab_with_no_script_and_no_outside_address(scores):
    enable_offline_charts()
    data, metadata = shown(landscape_chart(scores))
    assert set(data) == {VEGA_MIMETYPE, "text/plain"}, "no HTML/JavaScript output that would fetch vega from a CDN"
    text = json.dumps(data[VEGA_MIMETYPE])
    assert "<script" not in text and "cdn" not in text.lower()
    urls = {part.split('"')[0] for part in text.split("https://")[1:]}
    assert urls <= {"vega.github.io/schema/vega/v5.json"}, f"the spec names outside addresses: {urls}"
    assert metadata[VEGA_MIMETYPE]["embed_options"]["renderer"] == "svg"  # text stays text (screen readers, tests)
    assert data["text/plain"] == "<chart: Opportunity landscape>"  # what a plain-text front end shows


def test_every_course_chart_is_small_on_the_wire(scores, job_map):
    for chart in (landscape_chart(scores), opportunity_bars(scores, top=15), job_map_chart(job_map)):
        data, metadata = vega_bundle(chart.to_dict())
        size = len(json.dumps({"data": data, "metadata": metadata}))
        assert 1_000 < size < LIMIT, f"a chart sends {size:,} bytes"


def test_the_compiled_chart_keeps_its_data_and_tooltips(scores):
    vega = vega_bundle(landscape_chart(scores).to_dict())[0][VEGA_MIMETYPE]
    rows = [row for data in vega["data"] for row in data.get("values", [])]
    assert {row["statement"] for row in rows if "statement" in row} == set(scores["statement"])
    assert "tooltip" in json.dumps(vega["marks"])


def test_enabling_is_idempotent_and_comes_back_after_another_renderer():
    enable_offline_charts()
    enable_offline_charts()
    assert alt.renderers.active == RENDERER
    alt.renderers.enable("default")
    try:
        enable_offline_charts()
        assert alt.renderers.active == RENDERER
    finally:
        enable_offline_charts()


def test_a_chart_view_redraws_in_place_with_one_output():
    view = ChartView()
    assert view.outputs == () and view.chart is None
    for n in (1, 2, 3):
        chart = alt.Chart(pd.DataFrame({"x": range(n)})).mark_point().encode(x="x:Q")
        view.chart = chart
        assert view.chart is chart
        assert len(view.outputs) == 1, "each redraw replaces the chart, it never stacks a second one"
        values = [row for data in view.outputs[0]["data"][VEGA_MIMETYPE]["data"] for row in data.get("values", [])]
        assert [row["x"] for row in values] == list(range(n))


def test_the_widgets_redraw_their_chart_when_a_control_changes(job_map):
    repair = load_repair_job()
    steps = [step.statement for step in repair.job_steps]
    widget = MappingWidget(repair.job, steps)
    before = widget.chart.outputs
    widget.choosers[0].value = UNIVERSAL_JOB_MAP.phases[0].id
    after = widget.chart.outputs
    assert before != after and len(after) == 1
    assert steps[0] in json.dumps(after[0]["data"][VEGA_MIMETYPE])

    explorer = LandscapeExplorer(load_survey())
    before = explorer.chart.outputs
    explorer.method.value = "mean"
    assert explorer.chart.outputs != before and len(explorer.chart.outputs) == 1
