"""A small class graded by real nbgrader, through the same code as `make grade-demo`.

tools/grade_demo.py --small: model answers, a blank exercise and a partly answered one for every
assignment; each hostile or broken kind once (endless loops, dying kernels, sys.exit, edited test
cells, a renamed notebook, deleted and copied cells, stderr noise, an attempt to print the hidden
tests); each attack on the grader itself once (grade_demo.ATTACKS: writing the gradebook, poisoning
or fabricating data, reading the solutions, replacing the kit, hooking IPython, leaving a process,
flooding output, changing folder, reseeding random generators, a blocking widget, a fork bomb,
filling the disk), each scored exactly as its honest part earns with the course folder left
byte-identical; and the cheats of tools/grade_demo_cases/. The run itself checks every test score against
the expected table, every export row, the instructor's report and every feedback file; the tests
below add checks that do not go through the tool's own bookkeeping.
"""

import html
import re
import sys

import nbformat
import pytest

from helpers import REPO, assignments, course_config, nbgrader_meta, report, stderr_text

sys.path.insert(0, str(REPO / "tools"))
import grade_demo  # noqa: E402
from jtbd_kit.grading import HideHiddenTests, without_hidden_tests  # noqa: E402


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not assignments():
        pytest.skip("no solutions/<assignment>/*.ipynb yet")
    return grade_demo.run(out=tmp_path_factory.mktemp("grade-demo"), small=True)


@pytest.mark.nbgrader
def test_every_score_report_and_feedback_file_is_as_expected(graded):
    report(graded.failures, "The small class was not graded as expected:\n")


@pytest.mark.nbgrader
def test_the_class_holds_every_hostile_kind_and_every_small_case(graded):
    kinds = {s.kind.rsplit("-q", 1)[0] for s in graded.students}
    generic = {kind(graded.assignments[0], graded.assignments[0].questions[0], 1).kind.rsplit("-q", 1)[0]
               for kind in grade_demo.HOSTILE + grade_demo.ATTACKS}
    assert generic <= kinds, f"missing kinds: {generic - kinds}"
    for a in graded.assignments:
        here = {s.kind for s in graded.students if s.assignment == a.name}
        assert {"correct", "blank", "partly-answered"} <= here, a.name
        assert {s.kind for s in grade_demo.case_students(a, small=True)} <= here, a.name


@pytest.mark.nbgrader
def test_totals_in_the_export_without_the_expected_table(graded):
    """Model answers score every autograded point, a blank or renamed notebook none, and cheats 0 on their question."""
    problems = []
    for s in graded.students:
        a = next(x for x in graded.assignments if x.name == s.assignment)
        total, top = graded.export.get((a.name, s.id)), sum(a.tests.values())
        wanted = {"correct": top, "blank": 0.0, "renamed": 0.0, "edited-tests": 0.0}.get(s.kind)
        if wanted is not None and total != wanted:
            problems.append(f"{a.name}/{s.id}: {total} in the export, expected {wanted}")
        if s.kind.startswith("cheat-"):
            got = graded.got(s)
            cheated = {question for question in a.questions if a.tests_of([question]) <= s.zero}
            for question in cheated:
                if any(got[t] for t in a.tests_of([question])):
                    problems.append(f"{a.name}/{s.id}: the cheat earned points on {question}")
    report(problems)


@pytest.mark.nbgrader
def test_self_checks_stay_silent_while_nbgrader_grades(graded):
    """nbgrader sets NBGRADER_EXECUTION in its kernel: the self-check cells say so and do nothing else."""
    problems = []
    for s in graded.students:
        if s.kind != "correct":
            continue
        path = graded.course / "autograded" / s.id / s.assignment / f"{s.assignment}.ipynb"
        nb = nbformat.read(path, as_version=4)
        checks = [c for c in nb.cells if c.get("id", "").endswith("check") or c.get("id") == "check-all"]
        for cell in checks:
            shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            if "Self-check skipped" not in shown or stderr_text(cell):
                problems.append(f"{s.assignment}: cell {cell.id} printed {shown!r} {stderr_text(cell)!r}")
    report(problems)


@pytest.mark.nbgrader
def test_feedback_asks_no_other_host(graded):
    """Feedback opens on a locked-down network: no script, style or font from a CDN (nbconvert's
    MathJax macro is the course's own, .jupyter/data/nbconvert/templates/base/mathjax.html.j2)."""
    pages = list((graded.course / "feedback").rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', text), path
        assert "libs/mathjax" not in text and "jupyter_server_mathjax" in text, path
        # nbconvert's mermaid loader stays: it imports from a CDN only for a page with a mermaid diagram.


@pytest.mark.nbgrader
def test_feedback_holds_no_hidden_test_code(graded):
    """Independent of the tool: every hidden-test line of the solutions, searched in every feedback file."""
    from test_nbgrader import hidden_and_public_lines

    config = course_config()
    problems, checked = [], 0
    for a in graded.assignments:
        source = nbformat.read(graded.course / "solutions" / a.name / a.notebook, as_version=4)
        tests_only = nbformat.from_dict({**source, "cells": [c for c in source.cells if not nbgrader_meta(c).get("solution")]})
        hidden, public = hidden_and_public_lines(tests_only, config)
        secret = {line for line in hidden - public if len(line) >= 10}
        for s in (x for x in graded.students if x.assignment == a.name):
            path = graded.course / "feedback" / s.id / a.name / f"{a.name}.html"
            if not path.exists():
                continue
            checked += 1
            text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
            own = {line.strip() for c in s.notebook["cells"] for line in c.get("source", "").split("\n")}
            for line in sorted(secret - own):
                if line in text:
                    problems.append(f"{a.name}/{s.id}: feedback shows {line!r}")
            if re.search(r"BEGIN\s+HIDDEN|END\s+HIDDEN", text):
                problems.append(f"{a.name}/{s.id}: feedback shows a hidden-test marker")
    assert checked, "no feedback file was generated"
    report(problems)


# ---------------------------------------------------------------- without nbgrader


def test_exercises_hold_no_answer_values():
    """String values that only solutions or hidden tests hold (expected answers) never reach exercises/."""
    literal = re.compile(r"""(['"])((?:(?!\1).){6,}?)\1""")
    problems = []
    for name, source in assignments():
        exercise = REPO / "exercises" / name / source.name
        if not exercise.exists():
            continue
        secret, public = set(), []
        for cell in nbformat.read(source, as_version=4).cells:
            kept, hidden = without_hidden_tests(cell.source)
            kept, answers = without_hidden_tests(kept, "BEGIN SOLUTION", "END SOLUTION")
            if nbgrader_meta(cell).get("solution") and cell.cell_type == "markdown" and not answers:
                kept, answers = "", kept.splitlines()  # a written answer with no region is replaced whole
            public.append(kept)
            secret.update(m.group(2) for line in hidden + answers for m in literal.finditer(line))
        public = "\n".join(public)
        released = nbformat.read(exercise, as_version=4)
        text = "\n".join(c.source for c in released.cells) + str(released.metadata)
        for value in sorted(v for v in secret if v not in public):
            if value in text:
                problems.append(f"exercises/{name}: holds {value!r}, a value only the solution or hidden tests hold")
    report(problems)


def test_feedback_filter_removes_hidden_code_from_sources_and_outputs():
    secret = "assert answer == [3, 1, 4], 'not the expected list'"
    test = nbformat.v4.new_code_cell(f'"""Q1: answer is right."""\nassert answer\n### BEGIN HIDDEN TESTS\n{secret}\n### END HIDDEN TESTS')
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "q1-tests", "points": 1}
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="not the expected list",
                                           traceback=[f"\x1b[31m----> 4 {secret}\x1b[0m", "AssertionError: not the expected list"])]
    spy = nbformat.v4.new_code_cell("print('\\n'.join(In))")
    spy.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"x = 1\n{secret}\n### BEGIN HIDDEN TESTS\n")]
    nb = nbformat.v4.new_notebook(cells=[test, spy])
    nb, _ = HideHiddenTests().preprocess(nb, {})
    shown = nbformat.writes(nb)
    assert "[3, 1, 4]" not in shown and "BEGIN HIDDEN" not in shown
    assert "assert answer\\n" in shown, "the visible part of the test stays"
    assert test.outputs[0].traceback == ["AssertionError: not the expected list"]
    assert "x = 1" in spy.outputs[0].text, "the student's own output stays"


@pytest.mark.notebooks
def test_a_kernel_that_fails_to_start_is_started_again(monkeypatch, tmp_path):
    """On a busy machine a new kernel can lose its port to another process before it binds it."""
    from nbclient import NotebookClient

    from jtbd_kit.grading import RecoveringExecute

    original, failures = NotebookClient.start_new_kernel_client, []

    def flaky(self):
        if not failures:
            failures.append("once")
            self._cleanup_kernel()
            raise RuntimeError("Kernel died before replying to kernel_info")
        return original(self)

    monkeypatch.setattr(NotebookClient, "start_new_kernel_client", flaky)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 40 + 2"), nbformat.v4.new_code_cell("print(x)")])
    nb, _ = RecoveringExecute(timeout=60).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert failures == ["once"]
    assert nb.cells[1].outputs[0]["text"] == "42\n"
