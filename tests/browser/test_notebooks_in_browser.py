"""What students see, proven in real JupyterLab in real chromium, offline.

For every lesson (notebooks/*.ipynb): open it, Run All, and check that every cell ran, no
output shows an error or writes to stderr, every widget drew itself (no "Loading widget...",
no "model not found") and every chart is an SVG or a canvas; then use its widgets as a student
would (the INTERACTIONS table) and time each update.
For every exercise (exercises/*/*.ipynb): nbgrader's Validate button is there; validating the
blank exercise reports the unanswered questions; with the answers from solutions/ typed in,
Run All is clean and Validate reports success.
For every solution notebook (solutions/*/*.ipynb): Validate reports success.
On every page: no console error, and no request to any host but 127.0.0.1.

Run alone with `pytest -m browser` (or `make test PYTEST_ARGS='-m browser'`). Evidence
(screenshots, console logs, widget_latency.json, notebook_timings.json) is written to
test-artifacts/browser/.
"""

import re

import nbformat
import pytest

from helpers import is_answer_cell, nbgrader_meta, notebooks_in, params, rel
from .labpage import ARTIFACTS, RESULTS, NotebookPage, squash, visible_text

pytestmark = pytest.mark.browser

LESSONS = notebooks_in("notebooks", "*.ipynb")
EXERCISES = notebooks_in("exercises", "*/*.ipynb")
SOLUTIONS = notebooks_in("solutions", "*/*.ipynb")
SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


# ---------------------------------------------------------------- interactions, per lesson
#
# Each lesson whose widgets a student uses gets a function here: it uses the widget the way a
# student would, asserts that the output changed to what jtbd_kit says it should show, and
# returns the timings (nb.measure). Add the function to INTERACTIONS under the lesson's file
# name. A lesson missing from the table is reported as SKIPPED with the reason, never passed.


def single(locator, what):
    assert locator.count() == 1, f"expected one {what}, found {locator.count()}"
    return locator


def practice_box_in_lesson_1(nb, notebook):
    """The practice box: type a statement and press Enter (or click Check); the feedback follows."""
    from jtbd_kit import check_job_action
    from jtbd_kit.widgets import feedback_html

    box = nb.output_of("practice-box")
    field = single(box.locator("input[type='text']"), "text field in the practice box")
    button = single(box.get_by_role("button", name="Check"), "Check button")
    feedback = single(box.locator(".widget-html-content"), "feedback area")
    typed = [
        "Book a hotel room",
        "Reserve a place to stay while out of town",
        "Tracking daily expenses during a family holiday",
        "",
    ]
    clicked = "Find a parking space quickly when arriving in a busy city"
    verdicts = {check_job_action(text).passed for text in typed + [clicked]}
    assert verdicts == {True, False}, "the practice inputs should include statements that pass and that fail"

    timings = []
    for text in typed:
        timings += nb.measure(notebook, "practice box", f"type {text!r}, press Enter", trigger=field,
                              event="keydown", key="Enter", watch={"feedback": feedback},
                              act=lambda: (field.fill(text), field.press("Enter")))
        assert squash(feedback.text_content()) == visible_text(feedback_html(check_job_action, text)), (
            f"after {text!r} + Enter the practice box shows something other than the checker's feedback")
    timings += nb.measure(notebook, "practice box", f"type {clicked!r}, click Check", trigger=button,
                          event="pointerdown", watch={"feedback": feedback},
                          act=lambda: (field.fill(clicked), button.click()))
    assert squash(feedback.text_content()) == visible_text(feedback_html(check_job_action, clicked))
    return timings


def mapping_widget_in_lesson_2(nb, notebook):
    """The mapping widget: choose a phase for a step; the chart and the feedback follow."""
    from jtbd_kit import UNIVERSAL_JOB_MAP, JobMap, load_repair_job
    from jtbd_kit.widgets import mapping_feedback_html

    repair = load_repair_job()
    steps = [step.statement for step in repair.job_steps]
    widget = nb.output_of("mapping-widget")
    choosers = widget.locator("select")
    assert choosers.count() == len(steps), f"expected one phase chooser per step ({len(steps)})"
    feedback = single(widget.locator(".widget-html-content"), "feedback area under the map")
    # The chart sits in an output area that is redrawn as a whole: watch the area, not the old drawing.
    chart = single(widget.locator(".widget-output:has(.vega-embed)"), "chart in the mapping widget")

    chosen = [""] * len(steps)

    def expected_map():
        return JobMap(repair.job, list(zip(steps, chosen)))

    shown = visible_text(mapping_feedback_html(expected_map()))
    assert squash(feedback.text_content()) == shown
    phases = UNIVERSAL_JOB_MAP.phases
    # Place three steps, then move one of them to another phase.
    plan = [(0, phases[0]), (1, phases[1]), (4, phases[4]), (1, phases[0])]
    timings = []
    for index, phase in plan:
        chosen[index] = phase.id
        job_map = expected_map()
        before, shown = shown, visible_text(mapping_feedback_html(job_map))
        watch = {"chart": chart} | ({"feedback": feedback} if shown != before else {})  # what must change
        chooser = choosers.nth(index)
        timings += nb.measure(notebook, "mapping widget", f"step {index + 1} -> {phase.name}", trigger=chooser,
                              event="change", watch=watch, act=lambda: chooser.select_option(label=phase.name))
        assert squash(feedback.text_content()) == shown, (
            f"after choosing {phase.name} for step {index + 1} the feedback differs from check_job_map's")
        drawn = chart.locator("svg.marks, canvas.marks").first
        assert drawn.count() == 1, "the chart is no longer drawn as an SVG or a canvas"
        # The chart wraps labels into lines that the SVG's text joins without spaces: compare without them.
        words = "".join((drawn.text_content() or "").split())
        assert "".join(steps[index].split()) in words, f"the chart does not show step {index + 1} ({steps[index]!r})"
        gaps = sum(1 for p in phases if not job_map.by_phase()[p.id])
        assert words.count("(nostepyet)") == gaps, f"the chart should show {gaps} empty phases"
    return timings


def respondents(summary):
    """The number of respondents the explorer's summary reports, or None."""
    found = re.search(r"(\d+) respondents", summary.text_content() or "")
    return int(found.group(1)) if found else None


def landscape_filter_in_lesson_5(nb, notebook):
    """The landscape explorer: filter by a situation (the summary follows), then switch the
    scoring method (the chart follows)."""
    from jtbd_kit.explorer import ALL, METHODS

    explorer = nb.output_of("explorer")
    summary = single(explorer.locator(".widget-html-content"), "summary under the landscape")
    chart = single(explorer.locator(".widget-output:has(.vega-embed)"), "landscape chart")
    situation = single(explorer.locator(".widget-dropdown").filter(has_text="Situation").locator("select"),
                       "Situation menu")
    everyone = respondents(summary)
    assert everyone, f"the summary should say how many respondents it scores: {summary.text_content()!r}"
    choice = next(o for o in situation.locator("option").all_text_contents() if o != ALL)
    timings = nb.measure(notebook, "landscape explorer", f"situation -> {choice}", trigger=situation,
                         event="change", watch={"summary": summary, "chart": chart},
                         act=lambda: situation.select_option(label=choice))
    some = respondents(summary)
    assert some is not None and some < everyone, (
        f"after keeping only {choice}, the summary should score fewer than {everyone} respondents: "
        f"{squash(summary.text_content())!r}")

    label = METHODS["mean"]
    button = single(explorer.get_by_role("button", name=label), f"method button {label!r}")
    timings += nb.measure(notebook, "landscape explorer", f"method -> {label}", trigger=button,
                          event="pointerdown", watch={"chart": chart}, act=button.click)
    drawn = chart.locator("svg.marks, canvas.marks").first
    assert f"({label})" in (drawn.text_content() or ""), f"the chart's title should name the method {label!r}"
    return timings


INTERACTIONS = {
    "01_job_action_statements.ipynb": practice_box_in_lesson_1,
    "02_job_maps.ipynb": mapping_widget_in_lesson_2,
    "05_survey_analysis.ipynb": landscape_filter_in_lesson_5,
}


# ---------------------------------------------------------------- helpers


def artifact_name(path):
    return rel(path).replace("/", "__").removesuffix(".ipynb")


class Opened:
    """Notebook pages opened by the tests; each is closed with its evidence saved."""

    def __init__(self, browser, server):
        self.browser, self.server, self.pages = browser, server, {}

    def open(self, path):
        nb = NotebookPage(self.browser, self.server, rel(path))
        nb.served = self.server.work / rel(path)  # the copy the browser edits and saves
        nb.code_cells = code_cell_count(nb.served)
        self.pages[path] = nb
        return nb.open()

    def close(self, path, suffix=""):
        nb = self.pages.pop(path, None)
        if nb is None:
            return
        try:
            nb.screenshot(ARTIFACTS / f"{artifact_name(path)}{suffix}.png")
            nb.save_console(ARTIFACTS / f"{artifact_name(path)}{suffix}.console.txt")
        finally:
            RESULTS["timings"].setdefault(rel(path), {}).update(nb.timings)
            nb.close()

    def close_all(self):
        for path in list(self.pages):
            self.close(path)


@pytest.fixture(scope="module")
def opened(chromium, lab_server, artifacts):
    pages = Opened(chromium, lab_server)
    yield pages
    pages.close_all()


def has_outputs(path):
    nb = nbformat.read(path, as_version=4)
    return any(cell.get("outputs") or cell.get("execution_count") for cell in nb.cells if cell.cell_type == "code")


def page_problems(nb, path):
    """Console errors, requests off this machine, and outputs saved into the committed file."""
    problems = [f"browser console: {line}" for line in nb.console_errors()]
    problems += [f"request to another host (offline, it fails): {url}" for url in nb.external_requests()]
    if has_outputs(path):  # committed clean: outputs there mean the browser saved into the repo
        problems.append(f"{rel(path)} in the repository now holds outputs: did the browser save into it?")
    return problems


def fail_on(problems, path, doing):
    if problems:
        pytest.fail(f"{rel(path)}, {doing}:\n  - " + "\n  - ".join(problems), pytrace=False)


def code_cell_count(path):
    return sum(1 for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def run_and_check(nb, path):
    """Run All, wait for the widgets and charts; fail with every problem found."""
    finished = nb.run_all()
    problems, counts = nb.rendered_outputs()
    if counts.get("cells_run") != nb.code_cells:
        problems.append(f"{counts.get('cells_run')} of {nb.code_cells} code cells ran")
    if not finished and not problems:
        problems.append("Run All stopped early without an error output")
    fail_on(problems, path, "after Run All")
    return counts


# ---------------------------------------------------------------- lessons


@pytest.mark.parametrize("path", params(LESSONS))
def test_lesson_runs_and_renders(path, opened):
    nb = opened.open(path)
    try:
        counts = run_and_check(nb, path)
        RESULTS["timings"].setdefault(rel(path), {}).update(
            {k: counts[k] for k in ("outputs", "widgets", "charts")})
        fail_on(page_problems(nb, path), path, "in the browser")
    finally:
        if path.name not in INTERACTIONS:  # else the interaction test goes on with this page
            opened.close(path)


@pytest.mark.parametrize("path", params(LESSONS))
def test_lesson_widgets_respond(path, opened):
    interact = INTERACTIONS.get(path.name)
    if interact is None:
        pytest.skip(f"no interaction test for {path.name} yet: add one to INTERACTIONS in {rel(__file__)}")
    nb = opened.pages.get(path)
    if nb is None:  # run on its own (-k): open and run the lesson first
        nb = opened.open(path)
        run_and_check(nb, path)
    try:
        timings = interact(nb, rel(path))  # each update must come within UPDATE_TIMEOUT ms
        RESULTS["latency"] += [t.as_dict() for t in timings]
        assert timings, "the interaction measured nothing"
        fail_on(page_problems(nb, path), path, "while using its widgets")
    finally:
        opened.close(path, suffix="--after-interaction")


# ---------------------------------------------------------------- exercises and solutions


def solution_answers(course, exercise):
    """{grade_id: answer} of every answer cell (code and written) in the solution notebook
    (in `course`, the served copy), without the BEGIN/END SOLUTION markers: what a student
    who got it right would type."""
    solution = course / "solutions" / exercise.parent.name / exercise.name
    nb = nbformat.read(solution, as_version=4)
    return {
        nbgrader_meta(cell)["grade_id"]: SOLUTION_MARKERS.sub("", cell.source)
        for cell in nb.cells
        if is_answer_cell(cell)
    }


@pytest.mark.parametrize("path", params(EXERCISES))
def test_exercise_validates_in_browser(path, opened):
    nb = opened.open(path)
    try:
        assert nb.has_validate_button(), "nbgrader's Validate button is missing from the toolbar"
        outcome, message = nb.validate()
        assert outcome == "validation-failed", (
            f"Validate on the blank exercise should list the unanswered questions; it gave {outcome}: {message[:500]}")

        answers = solution_answers(opened.server.work, path)
        typed = nb.set_cell_sources(answers)
        assert sorted(typed) == sorted(answers), f"answer cells missing from the exercise: {set(answers) - set(typed)}"
        run_and_check(nb, path)
        outcome, message = nb.validate()
        assert outcome == "validation-success", (
            f"Validate with the solution's answers typed in gave {outcome}: {message[:800]}")
        assert "Success" in message
        assert has_outputs(nb.served), "Validate saves the notebook: the served copy should hold the outputs"
        fail_on(page_problems(nb, path), path, "in the browser")
    finally:
        opened.close(path)


@pytest.mark.parametrize("path", params(SOLUTIONS))
def test_solution_validates_in_browser(path, opened):
    nb = opened.open(path)
    try:
        assert nb.has_validate_button(), "nbgrader's Validate button is missing from the toolbar"
        outcome, message = nb.validate()
        assert outcome == "validation-success", f"Validate on the solution notebook gave {outcome}: {message[:800]}"
        fail_on(page_problems(nb, path), path, "in the browser")
    finally:
        opened.close(path)
