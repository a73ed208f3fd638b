"""nbgrader, for real: generate exercises, autograde students, and check nothing leaks.

Every solutions/<assignment>/<assignment>.ipynb is covered (found by globbing). The round trip
runs in a temporary copy of the course, so the repo's gradebook and exchange are untouched.
"""

import difflib
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import (
    REPO,
    assignments,
    autograded_points,
    course_config,
    error_text,
    files_under,
    is_answer_cell,
    is_autograded_test,
    make_course,
    nbgrader_meta,
    report,
    run_nbgrader,
    stderr_text,
)

ASSIGNMENTS = assignments()
STUDENTS = ("student_full", "student_blank")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary course folder with exercises/ freshly generated from solutions/."""
    if not ASSIGNMENTS:
        pytest.skip("no solutions/<assignment>/*.ipynb yet")
    course = make_course(tmp_path_factory.mktemp("course"))
    run_nbgrader(course, "generate_assignment", "--force", "*")  # every assignment, one process
    assert (course / ".exchange").is_dir(), "the exchange should follow nbgrader_config.py into the course"
    for assignment, source in ASSIGNMENTS:
        assert (course / "exercises" / assignment / source.name).exists(), f"{assignment} was not generated"
    return course


# ---------------------------------------------------------------- drift


@pytest.mark.nbgrader
def test_committed_exercises_match_a_fresh_generate_assignment(course):
    fresh = files_under(course / "exercises")
    committed = files_under(REPO / "exercises")
    problems = []
    for name in sorted(fresh.keys() - committed.keys()):
        problems.append(f"missing from exercises/: {name}")
    for name in sorted(committed.keys() - fresh.keys()):
        problems.append(f"in exercises/ but not generated from solutions/: {name}")
    for name in sorted(fresh.keys() & committed.keys()):
        new, old = fresh[name].read_bytes(), committed[name].read_bytes()
        if new != old:
            diff = difflib.unified_diff(
                old.decode(errors="replace").splitlines(), new.decode(errors="replace").splitlines(),
                f"exercises/{name} (committed)", f"exercises/{name} (regenerated)", lineterm="", n=2,
            )
            problems.append("\n".join(list(diff)[:40]))
    report(problems, "exercises/ is out of date: run `make exercises` and commit exercises/.\n\n")


# ---------------------------------------------------------------- autograding round trip


def submit(course, student, assignment, notebook):
    """Hand in the released assignment folder with `notebook` as the student's work."""
    folder = course / "submitted" / student / assignment
    shutil.copytree(course / "exercises" / assignment, folder)
    shutil.copy2(notebook, folder / Path(notebook).name)


def explain(course, student, assignment, notebook_name, grade_id):
    """What the autograded copy of a cell printed, to say why it lost or gained points."""
    path = course / "autograded" / student / assignment / notebook_name
    if not path.exists():
        return "(no autograded notebook)"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            errors = [error_text(o) for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            stderr = stderr_text(cell)
            return "\n".join(errors + ([f"stderr: {stderr}"] if stderr else [])) or "(ran without error)"
    return "(cell not found)"


@pytest.mark.nbgrader
def test_autograde_gives_solution_full_marks_and_blank_exercise_zero(course):
    from nbgrader.api import Gradebook, MissingEntry

    for assignment, source in ASSIGNMENTS:
        submit(course, "student_full", assignment, source)
        submit(course, "student_blank", assignment, course / "exercises" / assignment / source.name)
    # One process for every assignment and student: nbgrader's start-up is the slow part.
    log = run_nbgrader(course, "autograde", "--force", "*")

    problems = []
    course_id = course_config(course).CourseDirectory.course_id
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id) as gradebook:
        for assignment, source in ASSIGNMENTS:
            points = autograded_points(nbformat.read(source, as_version=4))
            if sum(points.values()) <= 0:
                problems.append(f"{assignment}: no autograded test cell with points, nothing to check")
                continue
            for student in STUDENTS:
                try:
                    submitted = gradebook.find_submission_notebook(source.stem, assignment, student)
                except MissingEntry:
                    problems.append(f"{assignment}/{student}: not in the gradebook\n{log.stdout}{log.stderr}")
                    continue
                scores = {g.name: (g.auto_score, g.max_score) for g in submitted.grades}
                for grade_id, worth in points.items():
                    got, max_score = scores.get(grade_id, (None, None))
                    if got is None or max_score != worth:
                        problems.append(
                            f"{assignment}/{student}: {grade_id} was not autograded as a {worth}-point "
                            f"test (gradebook: score {got}, max {max_score})"
                        )
                        continue
                    wanted = worth if student == "student_full" else 0.0
                    if got != wanted:
                        why = explain(course, student, assignment, source.name, grade_id)
                        hint = (
                            "the solution fails its own test (or the test writes to stderr)"
                            if student == "student_full"
                            else "the test passes on an untouched exercise, so it cannot fail"
                        )
                        problems.append(
                            f"{assignment}/{student}: {grade_id} scored {got} of {worth}: {hint}\n{why}"
                        )
    report(problems)


@pytest.mark.nbgrader
def test_only_an_edited_read_only_cell_is_reported_and_the_export_shows_pending_hand_grading(course):
    """nbgrader warned "checksum has changed" for every hidden-test cell of every student; now only a real edit."""
    import csv

    assignment, source = ASSIGNMENTS[0]
    released = nbformat.read(course / "exercises" / assignment / source.name, as_version=4)
    tests = [c for c in released.cells if is_autograded_test(c)]
    edited = nbformat.from_dict(released)
    target = next(c for c in edited.cells if nbgrader_meta(c).get("grade_id") == nbgrader_meta(tests[0])["grade_id"])
    target.source = "pass  # a student emptied this test"
    path = course / f"edited-{source.name}"
    nbformat.write(edited, path)
    shutil.rmtree(course / "submitted" / "student_edits", ignore_errors=True)
    submit(course, "student_edits", assignment, path)
    (course / "submitted" / "student_edits" / assignment / path.name).rename(
        course / "submitted" / "student_edits" / assignment / source.name)
    log = run_nbgrader(course, "autograde", "--force", assignment, "--student=student_edits")
    changed = re.findall(r"Attribute '(\w+)' for cell (\S+) has changed", log.stdout + log.stderr)
    assert changed == [("checksum", nbgrader_meta(tests[0])["grade_id"])], changed
    log = run_nbgrader(course, "autograde", "--force", assignment, "--student=student_blank")
    assert "has changed" not in log.stdout + log.stderr, "an untouched exercise raises no alarm"

    run_nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with (course / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(handle)}
    nb = nbformat.read(source, as_version=4)
    by_hand = sum(float(nbgrader_meta(c).get("points", 0)) for c in nb.cells
                  if nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("solution"))
    row = rows[(assignment, "student_full")]
    assert by_hand > 0, f"{assignment} has written answers to grade by hand"
    assert (row["needs_manual_grade"], float(row["pending_points"])) == ("yes", by_hand), row
    assert float(row["raw_score"]) + by_hand == float(row["max_score"]), "all but the written answers scored"


# ---------------------------------------------------------------- leaks


def hidden_and_public_lines(nb, config):
    """Split a source notebook's lines into what nbgrader strips and what it keeps.

    Stripped: lines inside solution, hidden-test and mark-scheme regions, and the whole text
    of answer cells that have no solution region (nbgrader replaces those entirely).
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions

    solutions = ClearSolutions(config=config)
    tests = ClearHiddenTests(config=config)
    scheme = ClearMarkScheme(config=config)
    regions = [
        (solutions.begin_solution_delimeter, solutions.end_solution_delimeter),
        (tests.begin_test_delimeter, tests.end_test_delimeter),
        (scheme.begin_mark_scheme_delimeter, scheme.end_mark_scheme_delimeter),
    ]
    hidden, public = set(), set()
    for cell in nb.cells:
        lines = cell.source.splitlines()
        has_solution_region = any(solutions.begin_solution_delimeter in line for line in lines)
        if is_answer_cell(cell) and not has_solution_region:
            hidden.update(line.strip() for line in lines)
            continue
        closing = None
        for line in lines:
            if closing is None:
                opening = next(((b, e) for b, e in regions if b in line), None)
                if opening:
                    closing = opening[1]
                else:
                    public.add(line.strip())
            elif closing in line:
                closing = None
            else:
                hidden.add(line.strip())
    stubs = {s.strip() for s in solutions.code_stub.get("python", "").splitlines() + [solutions.text_stub]}
    return hidden - {""}, public | stubs


MARKER = re.compile(r"(BEGIN|END)\s+(SOLUTION|HIDDEN\s+TESTS?|MARK\s+SCHEME)", re.IGNORECASE)


def test_exercises_hold_no_solutions_or_hidden_tests():
    config = course_config()
    sources = {a: nbformat.read(p, as_version=4) for a, p in ASSIGNMENTS}
    split = {a: hidden_and_public_lines(nb, config) for a, nb in sources.items()}
    all_hidden = set().union(*(hidden for hidden, _ in split.values())) if split else set()
    problems = []
    for name, path in files_under(REPO / "exercises").items():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in sorted({m.group(0) for m in MARKER.finditer(text)}):
            problems.append(f"exercises/{name}: contains the marker {match!r}")
        if path.suffix != ".ipynb":
            continue
        assignment = Path(name).parts[0]
        public = split.get(assignment, (set(), set()))[1]
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            texts = [cell.source] + [o.get("text", "") for o in cell.get("outputs", [])]
            lines = {line.strip() for t in texts for line in t.splitlines()}
            for line in sorted((lines & all_hidden) - public):
                problems.append(f"exercises/{name}: cell {cell.get('id')!r} shows hidden line {line!r}")
    report(problems)
