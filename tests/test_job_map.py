"""Job maps: the universal template, the map checks, the chart, and the mapping widget."""

import json

import pytest

from jtbd_kit import UNIVERSAL_JOB_MAP, JobMap, MappingWidget, check_job_map, job_map_chart, load_repair_job
from jtbd_kit.rules import RULES

JOB = "Get a product fixed through an online platform"
GOOD = RULES["phase-gap"].examples["job map"][0][1]  # one well-worded step per phase


def test_the_universal_map_has_the_eight_odi_phases_in_order():
    assert UNIVERSAL_JOB_MAP.ids == ["define", "locate", "prepare", "confirm", "execute", "monitor", "modify", "conclude"]
    assert all(phase.purpose and not phase.added for phase in UNIVERSAL_JOB_MAP.phases)


def test_a_ninth_phase_is_added_only_on_purpose_and_is_marked():
    extended = UNIVERSAL_JOB_MAP.extended("troubleshoot", "Troubleshoot", "Find what went wrong.", after="monitor")
    assert len(extended.ids) == 9 and extended.ids[6] == "troubleshoot"
    assert [p.id for p in extended.phases if p.added] == ["troubleshoot"]
    assert len(UNIVERSAL_JOB_MAP.ids) == 8  # the universal template is unchanged
    steps = GOOD[:6] + [("Find the cause of a failed repair", "troubleshoot")] + GOOD[6:]
    assert check_job_map(JobMap(JOB, steps)).codes == ["unknown-phase"]
    assert check_job_map(JobMap(JOB, steps, extended)).passed
    assert check_job_map(JobMap(JOB, GOOD, extended)).codes == ["phase-gap"]  # the added phase needs a step too
    assert "Troubleshoot (added)" in str(JobMap(JOB, steps, extended))
    with pytest.raises(ValueError, match="no phase 'nowhere'"):
        UNIVERSAL_JOB_MAP.extended("x", "X", "x", after="nowhere")


def test_a_complete_ordered_map_passes():
    result = check_job_map(JobMap(JOB, GOOD))
    assert result.passed, str(result)


def test_phase_names_are_forgiving_about_case_and_spaces():
    steps = [(statement, f"  {phase.upper()} ") for statement, phase in GOOD]
    assert check_job_map(JobMap(JOB, steps)).passed


def test_a_misplaced_step_is_named_not_the_steps_after_it():
    steps = [GOOD[6]] + GOOD[:6] + GOOD[7:]  # the 'modify' step moved to the front
    problems = check_job_map(JobMap(JOB, steps)).problems
    assert [p.code for p in problems] == ["phase-order"]
    assert "Step 1" in problems[0].message and "'modify'" in problems[0].message


def test_gaps_list_every_empty_phase():
    (gap,) = check_job_map(JobMap(JOB, GOOD[:2])).problems
    assert gap.code == "phase-gap"
    assert "prepare, confirm, execute, monitor, modify, conclude" in gap.message


def test_steps_use_the_job_action_rules_without_needing_a_clarifier():
    steps = list(GOOD)
    steps[1] = ("Download a repair app", "locate")
    steps[4] = ("Shipping the product", "execute")
    codes = check_job_map(JobMap(JOB, steps)).codes
    assert "names-solution" in codes and "gerund" in codes and "no-clarifier" not in codes
    messages = " ".join(p.message for p in check_job_map(JobMap(JOB, steps)).problems)
    assert "Step 2" in messages and "Step 5" in messages


def test_the_job_statement_itself_is_checked():
    result = check_job_map(JobMap("Book a hotel room", GOOD))
    assert "names-solution" in result.codes
    assert any(p.message.startswith("The job statement") for p in result.problems)


def test_the_seed_steps_show_what_to_teach():
    """The repair job's own steps, all put in one phase: one chained step and seven gaps."""
    job = load_repair_job()
    result = check_job_map(JobMap(job.job, [(s.statement, "execute") for s in job.job_steps]))
    assert result.codes == ["several-jobs", "phase-gap"]


@pytest.mark.parametrize("value", [None, 3, "define", ["a", "b"], JobMap(JOB, None), JobMap(JOB, "text"),
                                   JobMap(JOB, [1, ("a",), ("Find a repair service", None)]), JobMap(None)])
def test_anything_gets_feedback_never_an_exception(value):
    result = check_job_map(value)
    assert not result.passed and all(p.message and p.hint for p in result.problems)
    str(result), result._repr_html_()


def test_views_show_every_phase_and_escape_text():
    job_map = JobMap(JOB, [("Check the <script> log", "define")])
    page, text = job_map._repr_html_(), str(job_map)
    assert "&lt;script&gt;" in page and "<script>" not in page
    for phase in UNIVERSAL_JOB_MAP.phases:
        assert phase.name in page and phase.name in text
    assert "no step yet" in page


def test_the_chart_has_one_column_per_phase_and_a_box_per_step():
    spec = job_map_chart(JobMap(JOB, GOOD[:3] + [("Compare two quotes", "prepare")])).to_dict()
    (data,) = spec["datasets"].values()
    assert {row["phase"] for row in data} == {p.name for p in UNIVERSAL_JOB_MAP.phases}
    assert sum(row["kind"] == "step" for row in data) == 4
    assert sum(row["kind"] == "gap" for row in data) == 5
    assert all(layer["encoding"]["x"]["sort"] == [p.name for p in UNIVERSAL_JOB_MAP.phases] for layer in spec["layer"])
    assert len(json.dumps(spec)) < 100_000


def test_the_chart_keeps_to_about_800_px_however_many_phases():
    nine = UNIVERSAL_JOB_MAP.extended("troubleshoot", "Troubleshoot", "Find out what went wrong.", after="monitor")
    for template in (UNIVERSAL_JOB_MAP, nine):
        spec = job_map_chart(JobMap(JOB, GOOD, template)).to_dict()
        assert 700 <= spec["width"] <= 810, f"{len(template.phases)} phases make a chart {spec['width']} px wide"
        (data,) = spec["datasets"].values()
        longest = max(len(line) for row in data for line in row["label"].split("\n"))
        box = spec["layer"][0]["mark"]["width"]
        assert longest * 6 <= box + 10, f"a label line of {longest} characters overflows a {box} px box"


def test_the_mapping_widget_updates_chart_and_feedback_as_phases_are_chosen():
    steps = [statement for statement, _ in GOOD]
    widget = MappingWidget(JOB, steps)
    assert widget.unplaced == 8 and "Choose a phase" in widget.feedback.value
    first = widget.chart.chart.to_dict()
    widget.choosers[0].value = "define"
    widget.choosers[1].value = "locate"
    assert widget.value.steps[:3] == [(steps[0], "define"), (steps[1], "locate"), (steps[2], "")]
    assert widget.chart.chart.to_dict() != first
    assert "Steps 3, 4, 5, 6, 7, 8 have no phase yet" in widget.feedback.value
    for chooser, (_, phase) in zip(widget.choosers, GOOD):
        chooser.value = phase
    assert widget.unplaced == 0 and check_job_map(widget.value).passed
    assert "no problems found" in widget.feedback.value


def test_widget_feedback_numbers_steps_as_the_widget_shows_them():
    steps = [statement for statement, _ in GOOD[:3]] + ["Download a moving app"]
    widget = MappingWidget(JOB, steps)
    widget.choosers[3].value = "conclude"
    assert "Step 4 (&#x27;Download a moving app&#x27;)" in widget.feedback.value


def test_chart_labels_start_at_the_top_of_their_box_and_gaps_are_dashed():
    spec = job_map_chart(JobMap(JOB, GOOD[:2])).to_dict()
    gap_layer = next(layer for layer in spec["layer"] if layer["mark"].get("strokeDash"))
    assert gap_layer["transform"] == [{"filter": "(datum.kind === 'gap')"}]
    text_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text_layer["mark"]["baseline"] == "top"


def test_steps_given_as_a_generator_are_kept():
    job_map = JobMap(JOB, (step for step in GOOD))
    assert check_job_map(job_map).passed and check_job_map(job_map).passed
    assert repr(job_map) == f"<JobMap {JOB!r}: 8 steps on 8 phases>"


def _out_of_order_reference(placed):
    """The plain quadratic longest-run search that job_map._out_of_order must agree with."""
    best, before = [1] * len(placed), [-1] * len(placed)
    for i in range(len(placed)):
        for j in range(i):
            if placed[j][1] <= placed[i][1] and best[j] + 1 > best[i]:
                best[i], before[i] = best[j] + 1, j
    keep, i = set(), max(range(len(placed)), key=best.__getitem__, default=-1)
    while i >= 0:
        keep.add(i)
        i = before[i]
    return [step for i, step in enumerate(placed) if i not in keep]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), max_size=30))
def test_the_steps_flagged_out_of_order_are_those_of_the_longest_run_search(positions):
    from jtbd_kit.job_map import _out_of_order

    placed = [(number, position, f"step {number}") for number, position in enumerate(positions, start=1)]
    assert _out_of_order(placed) == _out_of_order_reference(placed)


# ---------------------------------------------------------------- steps that name a channel


def _moving_map(step_2, job="Move to a new flat in another city"):
    steps = [("Decide which neighbourhood to live in", "define"), (step_2, "locate"),
             ("Pack belongings into labelled boxes", "prepare"), ("Check the moving date with the landlord", "confirm"),
             ("Carry the boxes into the new flat", "execute"), ("Check that every box has arrived", "monitor"),
             ("Rearrange furniture that does not fit", "modify"), ("Return the keys of the old flat", "conclude")]
    return JobMap(job, steps)


@pytest.mark.parametrize("step, channel", [
    ("Find flats that fit the budget online", "online"),
    ("Ask the agent about flats by email", "by email"),
    ("Find flats that fit the budget on the rental platform", "on the rental platform"),
    ("Ask the agent about flats over the phone", "over the phone"),
])
def test_a_step_that_names_a_channel_is_flagged(step, channel):
    result = check_job_map(_moving_map(step))
    assert result.codes == ["names-channel"]
    assert f"'{channel}'" in result.problems[0].message and "Step 2" in result.problems[0].message


@pytest.mark.parametrize("step", ["Find flats that fit the budget", "Check the state of the flat on site",
                                  "Meet the landlord at the flat", "Find a flat close to the station"])
def test_a_step_without_a_channel_passes(step):
    assert check_job_map(_moving_map(step)).passed


def test_a_study_scoped_to_a_channel_may_name_it_in_its_steps():
    """The repair job names its channel ('... through an online platform'); its steps inherit it."""
    repair = load_repair_job()
    assert "online platform" in repair.job
    steps = [(s.statement, None) for s in repair.job_steps]
    assert "names-channel" not in check_job_map(JobMap(repair.job, steps)).codes
    online = _moving_map("Find flats that fit the budget online", job="Move to a new flat found through an online platform")
    assert "names-channel" not in check_job_map(online).codes


def test_a_step_that_names_an_app_is_told_once():
    codes = check_job_map(_moving_map("Find flats that fit the budget in a rental app")).codes
    assert codes.count("names-solution") + codes.count("names-channel") == 1
