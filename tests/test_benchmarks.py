"""The benchmark runner gates a release: its table reads the right numbers and a missed target fails it.

The benchmarks themselves take minutes and run with `make bench`, not here; these tests check the
runner's own logic on small, made-up inputs.
"""

import importlib.util
import json
import sys

import nbformat
import pytest

from helpers import REPO


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def latency_file(tmp_path, **medians):
    summary = {name: {"n": 3, "median_ms": ms, "max_ms": ms * 1.5, "under_target": 3} for name, ms in medians.items()}
    path = tmp_path / "widget_latency.json"
    path.write_text(json.dumps({"created": "2026-11-23T10:00:00+00:00", "target_ms": 300, "summary": summary}))
    return path


def test_widget_rows_pass_under_the_target_and_fail_over_it(bench, tmp_path):
    rows = bench.widget_rows(latency_file(tmp_path, **{"practice box -> feedback": 40.0, "explorer -> chart": 450.0}))
    assert [(r.what.split(" (")[0], r.ok) for r in rows] == [
        ("widget: practice box -> feedback", True), ("widget: explorer -> chart", False)]
    assert rows[1].figure.startswith("450 ms median, 675 ms max")


@pytest.mark.parametrize("content", [None, "not json", json.dumps({"summary": {}})])
def test_missing_or_broken_latency_file_is_a_failed_row_not_a_crash(bench, tmp_path, content):
    path = tmp_path / "widget_latency.json"
    if content is not None:
        path.write_text(content)
    rows = bench.widget_rows(path)
    assert len(rows) == 1 and not rows[0].ok


def test_the_runner_exits_1_when_a_target_is_missed(bench, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "LATENCY_FILE", latency_file(tmp_path, **{"practice box -> feedback": 40.0}))
    assert bench.main(["--only", "widgets"]) == 0
    assert "| yes |" in capsys.readouterr().out
    monkeypatch.setattr(bench, "LATENCY_FILE", latency_file(tmp_path, **{"practice box -> feedback": 400.0}))
    assert bench.main(["--only", "widgets"]) == 1
    out = capsys.readouterr().out
    assert "| NO |" in out and "Missed 1 target(s): widget: practice box -> feedback" in out


def chart_output(values):
    return nbformat.v4.new_output("display_data", data={
        "application/vnd.vega.v5+json": {"data": [{"name": "d", "values": values}]}, "text/plain": "<chart>"})


def test_chart_payloads_find_charts_in_cells_and_inside_widgets(bench):
    inner = {"output_type": "display_data", "data": chart_output([{"x": 1}] * 50)["data"], "metadata": {}}
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_out", "IPY_MODEL_big"]}},
        "out": {"model_name": "OutputModel", "state": {"outputs": [inner]}},
        "big": {"model_name": "AnyModel", "state": {"_esm": "x" * 200_000}},
        "lonely": {"model_name": "HTMLModel", "state": {"value": "not shown by any cell"}},
    }
    view = nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "box", "version_major": 2, "version_minor": 0}})
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("chart", id="plain", outputs=[chart_output([{"x": 1}])]),
        nbformat.v4.new_code_cell("widget", id="explorer", outputs=[view]),
        nbformat.v4.new_code_cell("print(1)", id="text", outputs=[nbformat.v4.new_output("stream", text="1")]),
    ])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    charts, widgets = bench.chart_payloads(nb)
    assert [name for name, _ in charts] == ["plain", "explorer (in a widget)"]
    assert charts[0][1] < charts[1][1] < 5_000
    assert [name for name, _ in widgets] == ["explorer"]
    assert widgets[0][1] > 200_000, "a widget's size counts every model below it (here a 200 KB script)"


def test_a_ratio_row_compares_against_the_floor(bench):
    assert bench.ratio_row("lesson", 5.0, 2.5, 2.0).ok
    row = bench.ratio_row("lesson", 5.1, 2.5, 2.0)
    assert (row.ratio, row.target, row.ok) == ("2.04", "<= 2x floor", False)


def test_record_rewrites_only_the_marked_section(bench, tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nprose before\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nprose after\n")
    bench.record("new table", doc)
    assert doc.read_text() == ("# Performance\n\nprose before\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n"
                               "prose after\n")
    (tmp_path / "bare.md").write_text("no markers")
    with pytest.raises(SystemExit):
        bench.record("x", tmp_path / "bare.md")


def test_the_floor_assignment_follows_the_course_conventions(bench):
    nb = bench.floor_assignment()
    graded = [c for c in nb.cells if c.metadata["nbgrader"]["grade"]]
    assert [c.id for c in nb.cells] == ["q1-answer", "q1-tests-1"] and len(graded) == 1
    assert graded[0].metadata["nbgrader"]["points"] == 1
    nbformat.validate(nb)
    shaped = bench.floor_assignment(25)  # the same number of code cells as an assignment, doing nothing
    assert len(shaped.cells) == 25 and sum(c.metadata.get("nbgrader", {}).get("grade", False) for c in shaped.cells) == 12
    assert len({c.id for c in shaped.cells}) == 25
    nbformat.validate(shaped)
