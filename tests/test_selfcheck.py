"""The student's self-check: check("q1") and check_all() in jtbd_kit.selfcheck.

Most tests call the functions directly on copies of the committed exercises, with the answers in a
plain dict (no kernel, no browser). Two run a real kernel: the self-check cells in an executed
notebook, and a kernel that nbgrader would run (NBGRADER_EXECUTION set).
"""

import copy
import json
import os
import re
import subprocess
import sys
import textwrap

import nbformat
import pytest

from helpers import REPO, assignments, course_config, nbgrader_meta, params, report
from jtbd_kit import check, check_all
from jtbd_kit.selfcheck import GRADING_TIMEOUT, MANIFEST_KEY, _CLOCK, checksum, manifest, pristine_kit

sys.path.insert(0, str(REPO / "tools"))
from grade_demo import answered, load_assignment, read_json, write_json  # noqa: E402

ASSIGNMENTS = assignments()
# Released assignments: the self-check is tried on the committed exercises.
NAMES = [name for name, source in ASSIGNMENTS if (REPO / "exercises" / name / source.name).exists()]


def released(name):
    """The committed exercise and the model answers, as grade_demo reads them from the repo."""
    return load_assignment(REPO, name)


def hand_in(tmp_path, nb, filename):
    """Write a notebook into its own folder, as a student's copy of the exercise."""
    path = tmp_path / filename
    write_json(nb, path)
    return path


def run_cells(nb, namespace):
    """Run a notebook's setup and answer cells in `namespace` (what a student's kernel would hold)."""
    namespace.setdefault("display", lambda *args, **kwargs: None)
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if cell["cell_type"] != "code" or (meta.get("grade") and not meta.get("solution")):
            continue
        if "check(" in cell["source"] or "check_all(" in cell["source"]:
            continue
        try:
            exec(compile(cell["source"], cell.get("id", "cell"), "exec"), namespace)
        except NotImplementedError:
            pass  # an answer not written yet
    return namespace


TOY = {
    "cells": [
        {"cell_type": "code", "id": "q1-answer", "metadata": {"nbgrader": {
            "grade": False, "solution": True, "locked": False, "grade_id": "q1-answer"}},
         "source": "# YOUR CODE HERE\nraise NotImplementedError()", "outputs": [], "execution_count": None},
        {"cell_type": "code", "id": "q1-tests", "metadata": {"nbgrader": {
            "grade": True, "solution": False, "locked": True, "grade_id": "q1-tests", "points": 1}},
         "source": '"""Q1: answer is 42."""\nassert answer == 42, f"answer should be 42, not {answer}"',
         "outputs": [], "execution_count": None},
        {"cell_type": "code", "id": "q1-hidden", "metadata": {"nbgrader": {
            "grade": True, "solution": False, "locked": True, "grade_id": "q1-hidden", "points": 1}},
         "source": '"""Q1: more checks (hidden tests)."""', "outputs": [], "execution_count": None},
    ],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
}


@pytest.fixture
def toy(tmp_path):
    nb = copy.deepcopy(TOY)
    for cell in nb["cells"]:
        cell["metadata"]["nbgrader"]["checksum"] = checksum(cell)
    return hand_in(tmp_path, nb, "toy.ipynb")


# ---------------------------------------------------------------- one question


def test_a_right_answer_passes_and_hidden_tests_are_announced(toy):
    result = check("q1", notebook=toy, namespace={"answer": 42})
    assert result.passed
    assert [r.status for r in result.results] == ["passed", "hidden"]
    assert "Hidden tests run when your work is graded" in str(result)
    assert "  • Q1: checked when graded: more checks." in str(result).splitlines()
    assert "Q1: answer is 42." in result._repr_html_()


def test_a_wrong_answer_shows_the_assert_message(toy):
    result = check("Q1", notebook=toy, namespace={"answer": 41})
    assert not result.passed
    failed = result.results[0]
    assert (failed.status, failed.message) == ("failed", "answer should be 42, not 41")


@pytest.mark.parametrize("answer_code, status, words", [
    ("raise NotImplementedError()", "not-run", "NotImplementedError"),
    ("answer = 1 / 0", "error", "ZeroDivisionError"),
    ("import sys\nsys.exit('bye')", "error", "SystemExit"),
])
def test_errors_become_advice_not_tracebacks(toy, answer_code, status, words):
    source = json.loads(toy.read_text())
    source["cells"][1]["source"] = f'"""Q1: answer is 42."""\n{answer_code}\nassert answer == 42'
    toy.write_text(json.dumps(source))
    result = check(1, notebook=toy, namespace={})
    assert result.results[0].status == status
    assert words in result.results[0].message
    assert "Traceback" not in str(result)


def test_an_answer_not_written_yet_is_named_as_such(toy):
    result = check("q1", notebook=toy, namespace={})
    assert result.results[0].status == "not-run"
    assert "You have not answered Q1 yet" in result.results[0].message


def test_a_test_that_runs_too_long_is_stopped(toy):
    source = json.loads(toy.read_text())
    source["cells"][1]["source"] = '"""Q1: finishes."""\nwhile True:\n    pass'
    toy.write_text(json.dumps(source))
    result = check("q1", notebook=toy, namespace={}, timeout=0.5)
    assert result.results[0].status == "timeout"
    assert f"{GRADING_TIMEOUT} s" in result.results[0].message
    assert result.results[0].seconds < 5


def test_wrong_question_missing_notebook_and_bad_file_give_messages(toy, tmp_path, monkeypatch):
    assert check("q9", notebook=toy, namespace={}).codes == ["cannot-check"]
    assert "Questions with tests: \"q1\"" in str(check("q9", notebook=toy, namespace={}))
    assert check("q1", notebook=tmp_path / "nowhere.ipynb", namespace={}).codes == ["cannot-check"]
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert check("q1", notebook=broken, namespace={}).codes == ["cannot-check"]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert "could not tell which notebook" in str(check("q1", namespace={}))


def test_the_notebook_is_found_from_the_session_name(toy, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.ipynb").write_text("{}")
    (other / "b.ipynb").write_text("{}")
    monkeypatch.chdir(other)  # two notebooks here: only the session name can tell
    result = check("q1", namespace={"answer": 42, "__session__": str(toy)})
    assert result.passed and result.notebook == "toy.ipynb"


def test_under_nbgrader_nothing_runs(toy, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    namespace = {"answer": 41}
    result = check_all(notebook=toy, namespace=namespace)
    assert result.passed and not result.results and "skipped" in str(result)
    assert set(namespace) == {"answer"}, "the tests must not even run while nbgrader grades"


# ---------------------------------------------------------------- the real exercises


@pytest.mark.parametrize("name", NAMES)
def test_model_answers_pass_every_visible_check_twice(name, tmp_path):
    a = released(name)
    nb = answered(a, a.questions)
    path = hand_in(tmp_path, nb, a.notebook)
    namespace = run_cells(nb, {})
    first = check_all(notebook=path, namespace=namespace)
    second = check_all(notebook=path, namespace=namespace)  # test cells must be safe to run twice
    assert first.passed, str(first)
    assert [r.status for r in first.results] == [r.status for r in second.results]
    assert {r.question for r in first.results} == set(a.questions)


@pytest.mark.parametrize("name", NAMES)
def test_only_what_ran_now_gets_a_tick(name, tmp_path):
    """A test with hidden parts never shows a tick next to what it checks: the learner would read "right"."""
    a = released(name)
    nb = answered(a, a.questions)
    path = hand_in(tmp_path, nb, a.notebook)
    result = check_all(notebook=path, namespace=run_cells(nb, {}))
    shown = str(result)
    later = [r for r in result.results if r.graded_later]
    assert later, "every exercise has hidden tests"
    for r in later:
        ticks = [text for kind, text in r.lines() if kind == "ok"]
        assert all(text.endswith(": the visible checks passed") for text in ticks), ticks
        assert f"checked when graded: {r.subject}" in shown
        assert f"✔ {r.about}" not in shown and f"✔ {r.subject}" not in shown
    assert f"{len(later)} tests are checked only when graded" in shown


@pytest.mark.parametrize("name", NAMES)
def test_a_blank_exercise_fails_every_visible_check_and_leaks_nothing(name, tmp_path):
    a = released(name)
    path = hand_in(tmp_path, copy.deepcopy(a.release), a.notebook)
    result = check_all(notebook=path, namespace=run_cells(a.release, {}))
    visible = [r for r in result.results if r.status != "hidden"]
    assert visible and all(r.status == "not-run" for r in visible), str(result)
    assert set(result.codes) == {"not-answered"}
    shown = str(result) + result._repr_html_()
    # a line that is only a name (e.g. `q2_repeat_rate` inside a multi-line call) is not test code
    leaked = [line for line in a.hidden if line in shown and not re.fullmatch(r"[\w.,()\[\] ]{0,20}", line)]
    assert not leaked, f"the self-check shows hidden test code: {leaked}"
    for answer in a.model.values():  # no model answer line either
        lines = [line.strip() for line in answer.splitlines() if len(line.strip()) > 12 and "YOUR" not in line
                 and not re.fullmatch(r"[\w.,()\[\] ]{0,20}", line.strip())]  # a bare name gives nothing away
        assert not [line for line in lines if line in shown]


BREAKAGES = {
    "renamed": lambda nb, a: (nb, f"{a.name}-Copy1.ipynb"),
    "cell-missing": lambda nb, a: ({**nb, "cells": [c for c in nb["cells"] if c["id"] != list(a.tests)[0]]}, a.notebook),
    "cell-copied": lambda nb, a: (_copy_cell(nb, a.code_answer(a.questions[0]), new_id=True), a.notebook),
    "id-duplicated": lambda nb, a: (_copy_cell(nb, list(a.tests)[0], new_id=False), a.notebook),
    "locked-edited": lambda nb, a: (_edit(nb, list(a.tests)[-1], "pass"), a.notebook),
}


def _copy_cell(nb, cell_id, new_id):
    nb = copy.deepcopy(nb)
    index = [c["id"] for c in nb["cells"]].index(cell_id)
    twin = copy.deepcopy(nb["cells"][index])
    if new_id:
        twin["id"] += "-copy"
    nb["cells"].insert(index + 1, twin)
    return nb


def _edit(nb, cell_id, source):
    nb = copy.deepcopy(nb)
    next(c for c in nb["cells"] if c["id"] == cell_id)["source"] = source
    return nb


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("code", sorted(BREAKAGES))
def test_check_all_reports_what_would_cost_points(name, code, tmp_path):
    a = released(name)
    nb, filename = BREAKAGES[code](answered(a, a.questions), a)
    path = hand_in(tmp_path, nb, filename)
    result = check_all(notebook=path, namespace=run_cells(nb, {}))
    assert code in result.codes, str(result)
    assert not result.passed
    assert not set(result.codes) - {code, "cell-copied"}, f"unexpected extra warnings: {result.codes}"


def test_a_slow_cell_is_reported(toy):
    _CLOCK["last"]["q1-answer"] = GRADING_TIMEOUT * 0.9
    try:
        result = check_all(notebook=toy, namespace={"answer": 42})
    finally:
        del _CLOCK["last"]["q1-answer"]
    assert "slow-cell" in result.codes
    assert f"took {GRADING_TIMEOUT * 0.9:.0f} s" in str(result)


def test_cells_are_timed_in_an_ipython_session():
    code = textwrap.dedent("""
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        from jtbd_kit.selfcheck import _CLOCK
        shell.run_cell("import time; time.sleep(0.3)", cell_id="slow-one")
        print(round(_CLOCK["last"]["slow-one"], 1))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert 0.3 <= float(done.stdout.strip()) < 2


# ---------------------------------------------------------------- conventions the self-check relies on


def test_the_grading_time_limit_matches_nbgrader_config():
    assert GRADING_TIMEOUT == course_config().ExecutePreprocessor.timeout


@pytest.mark.parametrize("path", params([p for _, p in ASSIGNMENTS]))
def test_every_question_has_a_self_check_and_the_notebook_a_check_all(path):
    nb = read_json(path)
    ids = [c.get("id") for c in nb["cells"]]
    problems = []
    tests = [c["id"] for c in nb["cells"] if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")
             and c["cell_type"] == "code"]
    for question in dict.fromkeys(t.split("-")[0] for t in tests):
        wanted = f"{question}-check"
        last_test = max(ids.index(t) for t in tests if t.split("-")[0] == question)
        if wanted not in ids:
            problems.append(f"no self-check cell {wanted!r} after the tests of {question}")
            continue
        cell = nb["cells"][ids.index(wanted)]
        meta = nbgrader_meta(cell)
        if ids.index(wanted) < last_test:
            problems.append(f"{wanted} comes before the last test cell of {question}")
        if not (meta.get("locked") and not meta.get("grade") and not meta.get("solution")):
            problems.append(f"{wanted} should be a locked, ungraded cell")
        if f'check("{question}")' not in cell["source"]:
            problems.append(f'{wanted} should call check("{question}")')
    if "check-all" not in ids or "submit" not in ids or ids.index("check-all") > ids.index("submit"):
        problems.append("no locked 'check-all' cell calling check_all() before the 'submit' cell")
    elif "check_all()" not in nb["cells"][ids.index("check-all")]["source"]:
        problems.append("the 'check-all' cell should call check_all()")
    report(problems, f"{path.relative_to(REPO)} (see docs/authoring.md):\n")


@pytest.mark.parametrize("path", params([p for _, p in ASSIGNMENTS]))
def test_the_manifest_for_check_all_is_up_to_date(path):
    nb = nbformat.read(path, as_version=4)
    if nb.metadata.get(MANIFEST_KEY) != manifest(nb.cells, path.name):
        pytest.fail(f"{path.relative_to(REPO)}: the list of graded cells that check_all() compares with is out of "
                    f"date. Run: .venv/bin/python -m jtbd_kit.selfcheck stamp {path.relative_to(REPO)} "
                    "(then `make exercises`)", pytrace=False)


def test_pristine_kit_is_out_of_reach_of_patches(monkeypatch):
    import jtbd_kit
    import jtbd_kit.job_action

    monkeypatch.setattr(jtbd_kit.job_action, "check_job_action", lambda text: "patched")
    monkeypatch.setattr(jtbd_kit, "check_job_action", lambda text: "patched")
    kit = pristine_kit()
    assert not kit.check_job_action("Book a hotel room").passed
    assert kit.check_job_action("Reserve a place to stay while out of town").passed


# ---------------------------------------------------------------- in a real kernel


def execute(path, env=None):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}).execute(
        env={**os.environ, **(env or {})})
    return nb


def outputs_of(nb, cell_id):
    cell = next(c for c in nb.cells if c.id == cell_id)
    return cell.outputs


@pytest.mark.notebooks
@pytest.mark.parametrize("under_nbgrader", [False, True], ids=["student", "nbgrader"])
def test_self_check_cells_in_a_kernel(tmp_path, under_nbgrader):
    a = released(NAMES[0])
    path = hand_in(tmp_path, answered(a, a.questions), a.notebook)
    hand_in(tmp_path, a.release, "an-older-copy.ipynb")  # two notebooks here: the kernel must say which runs
    # jupyter_server tells the kernel its notebook in JPY_SESSION_NAME; ipykernel sets __session__ from it.
    env = {"NBGRADER_EXECUTION": "autograde"} if under_nbgrader else {"JPY_SESSION_NAME": str(path)}
    nb = execute(path, env)
    for cell_id in [f"{q}-check" for q in a.questions] + ["check-all"]:
        outputs = outputs_of(nb, cell_id)
        assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"], outputs
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
        if under_nbgrader:
            assert "Self-check skipped" in shown
        else:
            assert "passed" in shown and "✘" not in shown, shown
