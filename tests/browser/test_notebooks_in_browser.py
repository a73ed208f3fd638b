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
import time

import nbformat
import pytest

from helpers import concept_questions, is_answer_cell, nbgrader_meta, notebooks_in, params, rel
from .labpage import ARTIFACTS, RESULTS, UPDATE_TIMEOUT, NotebookPage, squash, visible_text

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
# A lesson with nothing to use gets `no_widget_to_use`, which proves it and times nothing.


def single(locator, what):
    assert locator.count() == 1, f"expected one {what}, found {locator.count()}"
    return locator


def use_practice_box(nb, notebook, box, checker, typed, clicked):
    """Type each of `typed` into the practice box in `box` and press Enter, then type `clicked`
    and click Check; after each, the feedback must be what `checker` gives on that text."""
    from jtbd_kit.widgets import feedback_html

    name = f"practice box ({checker.__name__})"
    field = single(box.get_by_label("Statement", exact=True), f"text field labelled 'Statement' in the {name}")
    button = single(box.get_by_role("button", name="Check"), f"Check button in the {name}")
    feedback = single(box.locator(".widget-html-content"), f"feedback area in the {name}")
    verdicts = {checker(text).passed for text in typed + [clicked]}
    assert verdicts == {True, False}, f"the inputs for the {name} should include statements that pass and that fail"

    shown = squash(feedback.text_content())
    timings = []
    for text, how in [(text, "press Enter") for text in typed] + [(clicked, "click Check")]:
        expected = visible_text(feedback_html(checker, text))
        assert expected != shown, f"{text!r} would not change the {name}'s feedback, so its update cannot be timed"
        if how == "press Enter":
            timings += nb.measure(notebook, name, f"type {text!r}, press Enter", trigger=field, event="keydown",
                                  key="Enter", watch={"feedback": feedback},
                                  act=lambda: (field.fill(text), field.press("Enter")))
        else:
            timings += nb.measure(notebook, name, f"type {text!r}, click Check", trigger=button, event="pointerdown",
                                  watch={"feedback": feedback}, act=lambda: (field.fill(text), button.click()))
        shown = squash(feedback.text_content())
        assert shown == expected, f"after {text!r} + {how} the {name} shows something other than the checker's feedback"
    return timings


def practice_box_in_lesson_1(nb, notebook):
    """The practice box: type a statement and press Enter (or click Check); the feedback follows."""
    from jtbd_kit import check_job_action

    typed = [
        "Book a hotel room",
        "Reserve a place to stay while out of town",
        "Tracking daily expenses during a family holiday",
        "",
    ]
    clicked = "Find a parking space quickly when arriving in a busy city"
    timings = use_practice_box(nb, notebook, nb.output_of("practice-box"), check_job_action, typed, clicked)
    answer_concept_question(nb, "concept-three-parts", wrong="a toddler", right="during a long car ride")
    return timings


def answer_concept_question(nb, cell_id, wrong, right):
    """Tick a wrong option and press Check, then the right one: each time the explanation of the
    ticked option appears under the question, as jtbd_kit.explain_choice words it."""
    from jtbd_kit import explain_choice

    question = concept_questions(nb.served)[cell_id]
    area = nb.output_of(cell_id)
    button = single(area.get_by_role("button", name="Check"), f"Check button of {cell_id}")
    for choice in (wrong, right):
        area.get_by_text(choice, exact=True).click()
        button.click()
        expected = explain_choice(question, choice)
        area.locator(".widget-html-content", has_text=expected[:60]).wait_for(timeout=10_000)


def practice_boxes_in_lesson_3(nb, notebook):
    """Four practice boxes, one per checker: outcome statements, job stories, emotional jobs and
    social jobs. In each, statements that pass and that fail; the feedback follows every one."""
    from jtbd_kit import check_emotional_job, check_job_story, check_outcome, check_social_job

    feelings = nb.output_of("practice-feelings").locator(".jp-OutputArea-child")
    assert feelings.count() == 2, (
        f"expected two practice boxes (emotional, social) in practice-feelings, found {feelings.count()}")
    calm, seen_calm = "Feel calm while the bike waits for a spare part", "Be perceived as calm by the mechanic"
    plan = [
        (nb.output_of("practice-outcome"), check_outcome, [
            "Make booking the repair painless",
            "Minimize the time it takes to get a spare part for a broken bicycle",
            "Minimize the likelihood that the frame is scratched while it is carried to the shop",
        ], "Reduce the hassle of finding a good mechanic"),
        (nb.output_of("practice-story"), check_job_story, [
            "When my bicycle chain snaps on the way to work, I want to find a repair shop nearby, "
            "so I can arrive before the first meeting",
            "When the bike breaks, I want to download a repair app",
        ], "I want to fix the bike, so I can ride again"),
        # The same word both ways, as the lesson suggests: each checker accepts one form only.
        (feelings.nth(0), check_emotional_job, [calm, seen_calm], "Feeling nervous about the size of the bill"),
        (feelings.nth(1), check_social_job, [calm, seen_calm], "Avoid being perceived as careless with the loan bike"),
    ]
    timings = []
    for box, checker, typed, clicked in plan:
        timings += use_practice_box(nb, notebook, box, checker, typed, clicked)
    answer_concept_question(nb, "concept-kinds", wrong="Emotional", right="Social")
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
        label = f"Step {index + 1}"
        chooser = single(widget.get_by_label(label, exact=True), f"phase chooser labelled {label!r}")
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
    answer_concept_question(nb, "concept-phases", wrong="execute", right="monitor")
    return timings


def html_areas(widget, names):
    """The widget's HTML outputs, in order, as {name: locator}."""
    areas = widget.locator(".widget-html-content")
    assert areas.count() == len(names), f"expected {len(names)} HTML areas ({', '.join(names)}), found {areas.count()}"
    return {name: areas.nth(index) for index, name in enumerate(names)}


def card_builder_in_lesson_4(nb, notebook):
    """The card builder: fill the scenario and the surface job, add real jobs and actions (one
    click with nothing typed, one action with a slip, then Undo), add a job story; the card and
    the checker's feedback follow every step. Then run the next cell, which checks builder.value."""
    from dataclasses import replace

    from jtbd_kit import ScenarioCard, check_scenario_card
    from jtbd_kit.widgets import CardBuilder

    builder = nb.output_of("card-builder")
    shown = html_areas(builder, ["note", "card", "feedback"])
    field = {label: single(builder.get_by_label(label, exact=True), f"field labelled {label!r}")
             for label in ("Scenario", "Surface job", "Real job", "kind", "Action", "serves", "Job story")}
    kind = field["kind"]
    button = {name: single(builder.get_by_role("button", name=name), f"{name!r} button")
              for name in ("Add real job", "Add action", "Undo last add")}

    def expected(card, note=""):
        return {"note": visible_text(note), "card": visible_text(card._repr_html_()),
                "feedback": visible_text(check_scenario_card(card)._repr_html_())}

    def now():
        return {name: squash(area.text_content()) for name, area in shown.items()}

    card = ScenarioCard()
    before = expected(card)
    assert now() == before, "before any input the builder should show the empty card and the checker's feedback on it"
    timings, verdicts = [], set()

    def step(action, trigger, event, act, after):
        nonlocal before, timings
        changed = {name: shown[name] for name in after if after[name] != before[name]}
        assert changed, f"{action}: nothing the builder shows should change, so its update cannot be timed"
        timings += nb.measure(notebook, "card builder", action, trigger=trigger, event=event, watch=changed, act=act)
        assert now() == after, f"after '{action}' the builder shows something other than what the kit computes"
        before = after

    def type_into(label, text):
        return lambda: field[label].fill(text)

    def add(kind_of, text, dimension=None, serves=None):
        def act():
            field[kind_of].fill(text)
            if dimension:
                kind.select_option(label=dimension)
            if serves:  # ipywidgets shows option labels with no-break spaces; the value is the text
                field["serves"].select_option(value=serves)
            button["Add real job" if kind_of == "Real job" else "Add action"].click()
        return act

    card = replace(card, scenario="A rented e-bike stops charging on the morning of a long ride")
    step("type the scenario", field["Scenario"], "input", type_into("Scenario", card.scenario), expected(card))
    card = replace(card, surface_job="Send a new charger")
    step("type the surface job", field["Surface job"], "input", type_into("Surface job", card.surface_job),
         expected(card))

    nothing = CardBuilder()  # what the builder says when Add real job is clicked with the field empty
    nothing.add_job.click()
    step("click Add real job with nothing typed", button["Add real job"], "pointerdown", button["Add real job"].click,
         expected(card, nothing.note.value))

    ride, safe = "Finish the ride before dark", "Feel safe when riding far from home"
    card = card.with_real_job(ride, "functional")
    step("add a functional real job", button["Add real job"], "pointerdown", add("Real job", ride, "functional"),
         expected(card))
    card = card.with_real_job(safe, "emotional")
    step("add an emotional real job", button["Add real job"], "pointerdown", add("Real job", safe, "emotional"),
         expected(card))
    assert field["Real job"].input_value() == "", "the Real job field should be empty after Add real job"
    serves = [squash(text) for text in field["serves"].locator("option").all_text_contents()]  # no-break spaces
    assert serves == [ride, safe], f"the 'serves' menu should offer the real jobs on the card, it offers {serves}"
    verdicts.add(check_scenario_card(card).passed)

    battery = "Bring a charged spare battery to the start of the route"
    card = card.with_action(battery, ride)
    step("add an action for the functional job", button["Add action"], "pointerdown",
         add("Action", battery, serves=ride), expected(card))
    slip = "Calling the rider back every hour"
    with_slip = card.with_action(slip, safe)
    verdicts.add(check_scenario_card(with_slip).passed)
    step("add an action with a slip", button["Add action"], "pointerdown", add("Action", slip, serves=safe),
         expected(with_slip))
    step("click Undo last add", button["Undo last add"], "pointerdown", button["Undo last add"].click, expected(card))
    call = "Call the rider back within ten minutes with a plan"
    card = card.with_action(call, safe)
    step("add an action for the emotional job", button["Add action"], "pointerdown", add("Action", call, serves=safe),
         expected(card))
    card = replace(card, job_story="When my e-bike battery dies on the morning of a long ride, I want a charged "
                                   "spare before I set off, so I can finish the route before dark")
    step("type a job story", field["Job story"], "input", type_into("Job story", card.job_story), expected(card))
    verdicts.add(check_scenario_card(card).passed)
    assert verdicts == {True, False}, "the card should both fail and pass the checker on the way"

    # The lesson's next cell keeps builder.value and checks it: run it as a student would.
    cell = nb.panel.locator('[data-test-cell-id="my-card"]')
    outputs = nb.output_of("my-card").locator(".jp-OutputArea-output")
    want = [squash(card.to_markdown()), visible_text(check_scenario_card(card)._repr_html_())]
    cell.locator(".jp-InputArea-editor").click()
    nb.page.keyboard.press("Shift+Enter")
    deadline = time.monotonic() + UPDATE_TIMEOUT / 1000 * 6
    while [squash(text) for text in outputs.all_text_contents()] != want and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [squash(text) for text in outputs.all_text_contents()] == want, (
        "the my-card cell should print builder.value as Markdown and show check_scenario_card's feedback on it")
    answer_concept_question(nb, "concept-job-done", wrong="The agent failed the task",
                            right="The task was done, but the job the customer had was not")
    return timings


# What a lesson without widgets must prove in the browser: the widget outputs (there should be
# none), and every chart: whether it drew, and whether a student could use it (a Vega signal or
# trigger driven by events ("on") or bound to an input ("bind"); Vega-Lite "params" and "select").
_CHARTS_AND_WIDGETS = r"""
(path) => {
  const charts = [], widgets = [];
  const usable = {vega: /"(on|bind)"\s*:/, vegalite: /"(params|select|bind)"\s*:/};
  for (const cell of findPanel(path).content.widgets) {
    if (cell.model.type !== 'code') continue;
    cell.model.outputs.toJSON().forEach((output, j) => {
      const data = output.data || {};
      const where = cell.model.id;
      if ('application/vnd.jupyter.widget-view+json' in data) {
        widgets.push(`${where}: ${String(data['text/plain'] || '').slice(0, 80)}`);
      }
      for (const mime of Object.keys(data).filter(m => m.startsWith('application/vnd.vega'))) {
        const node = cell.outputArea.widgets[j] && cell.outputArea.widgets[j].node;
        const pattern = mime.startsWith('application/vnd.vegalite') ? usable.vegalite : usable.vega;
        charts.push({
          cell: where,
          usable: pattern.test(JSON.stringify(data[mime])),
          drawn: !!(node && node.querySelector('.vega-embed svg.marks .role-mark, .vega-embed canvas.marks')),
        });
      }
    });
  }
  return {charts, widgets};
}
"""


def no_widget_to_use(nb, notebook):
    """For a lesson without widgets: prove there is nothing for a student to use (no widget
    output; no input, menu, button or text area in any output; no chart with a selection or a
    bound input) and that every chart drew. Nothing to time, so it returns no timings."""
    found = nb.page.evaluate(_CHARTS_AND_WIDGETS, nb.path)
    assert not found["widgets"], (
        f"{notebook} shows widgets ({found['widgets']}): give it an interaction function in INTERACTIONS")
    controls = nb.panel.locator(".jp-OutputArea-output").locator(
        "input, select, textarea, button, [role='button'], [role='slider'], [contenteditable='true']")
    assert controls.count() == 0, (
        f"{notebook} has {controls.count()} controls in its outputs: give it an interaction function in INTERACTIONS")
    charts = found["charts"]
    assert charts, f"{notebook} draws no chart: there is nothing in it for the browser to check beyond Run All"
    usable = [chart["cell"] for chart in charts if chart["usable"]]
    assert not usable, f"charts a student can select in or set, in cells {usable}: give them an interaction test"
    undrawn = [chart["cell"] for chart in charts if not chart["drawn"]]
    assert not undrawn, f"charts not drawn as an SVG or a canvas with marks, in cells {undrawn}"
    drawn = nb.panel.locator(".jp-OutputArea-output .vega-embed")
    assert drawn.count() == len(charts), f"{len(charts)} chart outputs, but {drawn.count()} charts on the page"
    return []


def respondents(summary):
    """The number of respondents the explorer's summary reports, or None."""
    found = re.search(r"(\d+) respondents", summary.text_content() or "")
    return int(found.group(1)) if found else None


def practice_box_in_lesson_5(nb, notebook):
    """The interview-question practice box: type questions and press Enter (or click Check); the
    feedback follows. Then a concept question about the four forces."""
    from jtbd_kit import check_interview_question

    typed = ["Was it quick?", "Tell me about the day it stopped working", "Would you pay more for a faster repair?"]
    clicked = "What happened after you sent it off?"
    timings = use_practice_box(nb, notebook, nb.output_of("practice-questions"), check_interview_question, typed, clicked)
    answer_concept_question(nb, "concept-forces", wrong="Anxiety of the new", right="Habit of the present")
    return timings


def landscape_filter_in_lesson_6(nb, notebook):
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
    answer_concept_question(nb, "concept-top2box", wrong="6.0", right="6.7")
    return timings


def concept_questions_in_lesson_7(nb, notebook):
    """Lesson 7's only widgets are its concept questions (its one chart, the timeline, has tooltips but
    no selection): answer the one on the lenses. Nothing is timed."""
    answer_concept_question(nb, "concept-lenses", wrong="Intelligent amplifier", right="Channel defects")
    return []


INTERACTIONS = {
    "01_job_action_statements.ipynb": practice_box_in_lesson_1,
    "02_job_maps.ipynb": mapping_widget_in_lesson_2,
    "03_success_metrics_and_feelings.ipynb": practice_boxes_in_lesson_3,
    "04_scenario_cards.ipynb": card_builder_in_lesson_4,
    "05_interviews.ipynb": practice_box_in_lesson_5,
    "06_survey_analysis.ipynb": landscape_filter_in_lesson_6,
    "07_the_whole_job.ipynb": concept_questions_in_lesson_7,
}
# no_widget_to_use is kept for a lesson without widgets: it proves there is none, and times nothing.
NOTHING_TO_TIME = {no_widget_to_use, concept_questions_in_lesson_7}


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
        assert timings or interact in NOTHING_TO_TIME, "the interaction measured nothing"
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
