"""tools/autograde.py: a class graded by several nbgrader processes at once, each with a share of it.

What an instructor depends on: every student who handed something in is graded exactly once, with
the same scores one nbgrader process would give; students the course's config excludes stay
excluded; and (as root) the processes' kernels run as different user ids, so that one student's
fork bomb cannot starve a student graded at the same time. The hostile class of `make grade-demo`
(tests/test_grade_demo.py) is graded through this runner too.
"""

import sys

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import REPO

sys.path[:0] = [str(REPO / "tools"), str(REPO / "benchmarks")]
import autograde  # noqa: E402


@given(st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=40), st.integers(1, 8))
def test_every_student_is_in_exactly_one_share_and_shares_are_even(students, jobs):
    groups = autograde.shares(students, jobs)
    dealt = [s for group in groups for s in group]
    assert sorted(dealt) == sorted(students)
    assert all(groups), "no process is started for nobody"
    assert len(groups) <= jobs
    if groups:
        assert max(map(len, groups)) - min(map(len, groups)) <= 1


def _course(tmp_path, extra_config=""):
    course = tmp_path / "course"
    (course / "solutions" / "floor").mkdir(parents=True)
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8") + extra_config
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    from run import floor_assignment  # benchmarks/run.py: one answer cell, one graded test cell

    nbformat.write(floor_assignment(4), course / "solutions" / "floor" / "floor.ipynb")
    return course


def test_each_process_leaves_out_the_others_and_what_the_course_excludes(tmp_path, monkeypatch):
    course = _course(tmp_path, '\nc.CourseDirectory.student_id_exclude = "ta1"\nc.Sandbox.student_uid = 70000\n')
    for student in ("amy", "bo", "cy", "ta1"):
        (course / "submitted" / student / "floor").mkdir(parents=True)
    everyone = autograde.submitted_students(course, "floor")
    assert everyone == ["amy", "bo", "cy"], "the course's own exclusion is honoured"
    monkeypatch.setattr(autograde.os, "geteuid", lambda: 0)
    first, second = autograde.shares(everyone, 2)
    options = [autograde._worker_options(course, i, share, everyone) for i, share in enumerate((first, second))]
    assert options[0] == ["--CourseDirectory.student_id_exclude=bo,ta1"]
    assert "--CourseDirectory.student_id_exclude=amy,cy,ta1" in options[1]
    assert "--Sandbox.student_uid=70002" in options[1] and "--Sandbox.judge_uid=64993" in options[1], (
        "the second process's kernels run as user ids of their own")


@pytest.mark.nbgrader
def test_two_processes_grade_every_student_once_with_the_scores_one_process_gives(tmp_path):
    from nbgrader.api import Gradebook

    import grade_demo

    course = _course(tmp_path)
    code, log = grade_demo.nbgrader(course, "generate_assignment", "floor")
    assert code == 0, log
    released = nbformat.read(course / "exercises" / "floor" / "floor.ipynb", 4)  # the config releases to exercises/
    expected = {}
    for number in range(7):  # answers right or wrong in a pattern, so a mix-up between students shows
        nb = nbformat.from_dict(released)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                q = int(cell.metadata.nbgrader.grade_id[1])
                right = (number >> (q - 1)) & 1
                cell.source = f"answer{q} = {q if right else -1}"
        student = f"st{number}"
        expected[student] = sum((number >> i) & 1 for i in range(2))
        (course / "submitted" / student / "floor").mkdir(parents=True)
        nbformat.write(nb, course / "submitted" / student / "floor" / "floor.ipynb")

    lines = []
    code, log = autograde.run(course, "floor", ["--force"], jobs=2, progress=lines.append)
    assert code == 0, log
    sanitized = [line for line in lines if "Sanitizing" in line]
    assert len(sanitized) == 7, "each submission is graded once, by one of the two processes"
    assert log.count("Sanitizing") == 7

    def scores():
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "jtbd-hands-on") as gb:
            return {s: gb.find_submission("floor", s).score for s in expected}

    assert scores() == expected
    code, log = autograde.run(course, "floor", ["--force"], jobs=1)
    assert code == 0, log
    assert scores() == expected, "one process gives the same scores"


# ---------------------------------------------------------------- one test kernel for several notebooks


def _judge_course(tmp_path):
    """An assignment whose one test reads `answer`; its hidden part loops when the answer is "stall"."""
    course = _course(tmp_path, "\nc.ExecutePreprocessor.timeout = 5\nc.Execute.timeout = 5\nc.JudgedExecute.probe_timeout = 3\n")
    nb = nbformat.read(course / "solutions" / "floor" / "floor.ipynb", 4)
    nb.cells = nb.cells[:2]
    nb.cells[0].source = "### BEGIN SOLUTION\nanswer = 'fix'\n### END SOLUTION"
    nb.cells[1].source = ("assert answer == 'fix' or answer == 'stall', 'answer should be fix'\n"
                          "### BEGIN HIDDEN TESTS\nimport time as _time\nwhile answer == 'stall':\n    _time.sleep(0.1)\n"
                          "assert answer == 'fix'\n### END HIDDEN TESTS")
    nbformat.write(nb, course / "solutions" / "floor" / "floor.ipynb")
    return course


@pytest.mark.nbgrader
def test_a_test_kernel_serves_the_next_notebook_only_emptied_and_only_when_nothing_went_wrong(tmp_path):
    import grade_demo
    from nbgrader.api import Gradebook

    course = _judge_course(tmp_path)
    code, log = grade_demo.nbgrader(course, "generate_assignment", "floor")
    assert code == 0, log
    released = nbformat.read(course / "exercises" / "floor" / "floor.ipynb", 4)
    # In order: a right answer; no answer at all (the answer of the notebook before must not be
    # seen); a right one; one that makes the hidden test hit the time limit; a right one after it.
    answers = {"s1": "answer = 'fix'", "s2": "pass", "s3": "answer = 'fix'", "s4": "answer = 'stall'",
               "s5": "answer = 'fix'"}
    for student, source in answers.items():
        nb = nbformat.from_dict(released)
        nb.cells[0].source = source
        (course / "submitted" / student / "floor").mkdir(parents=True)
        nbformat.write(nb, course / "submitted" / student / "floor" / "floor.ipynb")
    code, log = grade_demo.nbgrader(course, "autograde", "floor", "--log-level=DEBUG")
    assert code == 0, log[-3000:]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "jtbd-hands-on") as gb:
        scores = {s: gb.find_submission("floor", s).score for s in answers}
    assert scores == {"s1": 1, "s2": 0, "s3": 1, "s4": 0, "s5": 1}
    started = [line for line in log.splitlines() if "Starting kernel" in line]
    # Five student kernels, and two test kernels: one kept from s1 to s4, and after s4's test hit the
    # time limit (interrupted, so still answering), a new one for s5.
    assert len(started) == 5 + 2, "\n".join(started)
