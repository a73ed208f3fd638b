"""The student edition (`make student-edition`) holds no answers, hidden tests, rubrics or graded truth.

The edition is built into a temporary folder, then every file in it is searched: for nbgrader's
solution and hidden-test markers, for the rubrics, for every model answer's text and every hidden
test's lines (taken from solutions/, so a new question is covered with no change here), and for
every row of the planted truth of the data an exercise is graded on. A second build must give the
same commit, and the edition's own `make test` must pass on a fresh clone of it.
"""

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest

from helpers import REPO, assignments

sys.path.insert(0, str(REPO / "tools"))
import student_edition  # noqa: E402

MARKERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Rubric for the grader"]
MARKERS_MAY_BE_NAMED_IN = {"jtbd_kit/selfcheck.py"}  # it strips hidden tests by their marker, and holds none


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student-edition"
    commit = student_edition.build(out, "example-org/jtbd-class")
    files = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(out).parts}
    texts = {rel: p.read_bytes().decode("utf-8", errors="replace") for rel, p in files.items()}
    return {"out": out, "commit": commit, "files": files, "texts": texts}


def regions(source, begin, end):
    """The lines between `### begin` and `### end` markers, and the lines outside them."""
    inside, outside, keep = [], [], False
    for line in source.splitlines():
        if begin in line:
            keep = True
        elif end in line:
            keep = False
        else:
            (inside if keep else outside).append(line)
    return inside, outside


def literals(code):
    """The string literals of a piece of Python (model answers are mostly text)."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(token.string)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str):
                    found.append(value)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def secrets():
    """{text: where it comes from} for what must not be in the edition, and the text that is public anyway."""
    secret, public = {}, []
    for assignment, source in assignments():
        nb = nbformat.read(source, as_version=4)
        for cell in nb.cells:
            solution, rest = regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")
            hidden, visible = regions("\n".join(rest), "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
            public += visible
            grading = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and grading.get("solution"):
                solution = solution or cell.source.splitlines()  # a written answer's model and rubric
            where = f"{assignment}/{cell.get('id')}"
            for line in solution + hidden:
                if len(line.strip()) >= 30:
                    secret.setdefault(line.strip(), where)
            if cell.cell_type == "code":
                for text in literals("\n".join(solution)) + literals("\n".join(hidden)):
                    if len(text.strip()) >= 16:
                        secret.setdefault(text.strip(), where)
    # A hidden test may quote the course on purpose (statements from a lesson that an answer must not
    # copy, a column name): text that the lessons, the kit or its rule reference show is public anyway.
    # Lesson 5's interviews and their reading are open too: the hidden test of exercise 05's Q5 lists
    # their questions so that a rewrite cannot be one of them.
    for folder, pattern in (("notebooks", "*.ipynb"), ("jtbd_kit", "*.py"), ("docs", "rules.md"),
                            ("datasets/interviews", "*.yaml")):
        public += [p.read_text(encoding="utf-8") for p in (REPO / folder).rglob(pattern)]
    public_text = "\n".join(public)
    return {text: where for text, where in secret.items() if text not in public_text}


def leaks(texts, secret):
    return [f"{rel} holds {where}'s {text[:70]!r}" for text, where in secret.items()
            for rel, body in texts.items() if text in body]


def test_the_edition_has_what_a_student_needs(edition):
    files = edition["files"]
    for needed in ["README.md", "Makefile", "environment.yml", "requirements.txt", "pyproject.toml",
                   ".jupyter/lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings",
                   "docs/rules.md", "jtbd_kit/__init__.py", "jtbd_kit/selfcheck.py", "datasets/repair_job.yaml",
                   "datasets/survey_exercise/repair_survey.csv", "datasets/support_exercise/support_log.csv",
                   "datasets/support_exercise/support_log_jobs.csv", "tests/test_course.py"]:
        assert needed in files, needed
    for lesson in (REPO / "notebooks").glob("*.ipynb"):
        assert f"notebooks/{lesson.name}" in files
    for assignment, source in assignments():
        assert f"exercises/{assignment}/{source.name}" in files
    readme = edition["texts"]["README.md"]
    assert "mybinder.org/v2/gh/example-org/jtbd-class/HEAD" in readme and "{binder_url}" not in readme
    assert "make lab" in readme and "check_all()" in readme and "Validate" in readme


def test_the_edition_has_no_grading_side(edition):
    files = edition["files"]
    for rel in files:
        assert not rel.startswith(("solutions/", "tools/", "source/", "benchmarks/")), rel
        assert not re.search(r"^datasets/[a-z]+_exercise/.*_truth\.(csv|json|yaml)$", rel), rel
    for gone in ["nbgrader_config.py", "docs/authoring.md", "docs/performance.md", "jtbd_kit/grading.py",
                 "jtbd_kit/sandbox.py", "jtbd_kit/answers.py", "jtbd_kit/coursedata.py",
                 "tests/test_nbgrader.py", "tests/test_grade_demo.py", "tests/test_sandbox.py"]:
        assert gone not in files, gone


def test_no_file_holds_a_solution_or_hidden_test_marker(edition):
    found = [f"{rel}: {marker}" for rel, text in edition["texts"].items() for marker in MARKERS
             if marker in text and rel not in MARKERS_MAY_BE_NAMED_IN]
    assert not found, "\n".join(found)
    for rel in MARKERS_MAY_BE_NAMED_IN:
        assert "### END HIDDEN TESTS" not in edition["texts"].get(rel, ""), rel


def test_no_file_holds_a_model_answer_rubric_or_hidden_test(edition):
    secret = secrets()
    assert len(secret) > 1000, "the search found too little to search for: did the solutions' markers change?"
    hits = leaks(edition["texts"], secret)
    assert not hits, "\n".join(hits[:30])


def test_the_search_finds_every_assignments_answers_where_they_are():
    """The search is real: run on the solution notebooks themselves, it finds answers of every assignment."""
    secret = secrets()
    for assignment, source in assignments():
        found = leaks({source.name: source.read_text(encoding="utf-8")}, secret)
        assert len(found) >= 10, f"{assignment}: only {len(found)} answers found in its own solution notebook"


def truth_rows_in_edition(edition, exercise_truth, lesson_truth):
    """The exercise copy's truth rows, those of them found in the edition (outside the lesson's truth file),
    and the share of them that the lesson's truth file holds by chance."""
    rows = (REPO / exercise_truth).read_text(encoding="utf-8").splitlines()[1:]
    body = "\n".join(text for rel, text in edition["texts"].items() if rel != lesson_truth)
    lesson = set(edition["texts"][lesson_truth].splitlines()[1:])
    return rows, [row for row in rows if row in body], sum(row in lesson for row in rows) / len(rows)


def test_no_file_holds_the_truth_of_graded_data(edition):
    rows, leaked, same = truth_rows_in_edition(edition, "datasets/survey_exercise/repair_survey_truth.csv",
                                               "datasets/survey/repair_survey_truth.csv")
    assert len(rows) == 1500
    assert not leaked, f"{len(leaked)} rows of the exercise survey's truth are in the edition, such as {leaked[0]}"
    # The lesson's truth is of other respondents: it agrees with the exercise's only by chance (segment ids).
    assert same < 0.4, f"{same:.0%} of the exercise's truth rows are in the lesson's truth file"
    body = "\n".join(edition["texts"].values())
    import json

    planted = json.loads((REPO / "datasets" / "survey_exercise" / "repair_survey_truth.json").read_text())
    assert str(planted["seed"]) not in body, "the exercise copy's seed would let a student make its truth again"
    counts = json.dumps(planted["counts"]["segments"])
    assert counts not in body


def test_no_file_holds_the_truth_of_the_graded_support_log(edition):
    import exercise_data

    rows, leaked, same = truth_rows_in_edition(edition, "datasets/support_exercise/support_log_truth.csv",
                                               "datasets/support/support_log_truth.csv")
    assert len(rows) == 600 and all(row.count(",") >= 4 for row in rows)
    assert not leaked, f"{len(leaked)} rows of the exercise log's truth are in the edition, such as {leaked[0]}"
    assert same < 0.2, f"{same:.0%} of the exercise log's truth rows are in the lessons' truth file"
    # the jobs file that students get is the truth without its planted columns
    jobs = edition["texts"]["datasets/support_exercise/support_log_jobs.csv"]
    assert "job_done" not in jobs and "hint_in_message" not in jobs
    assert str(exercise_data.SUPPORT_EXERCISE["seed"]) not in "\n".join(edition["texts"].values())


def test_the_exercise_support_log_is_what_its_seed_makes(tmp_path):
    import exercise_data

    made = exercise_data.write_support_exercise(tmp_path)
    folder = REPO / exercise_data.SUPPORT_EXERCISE["folder"]
    assert sorted(p.name for p in made) == sorted(p.name for p in folder.iterdir())
    stale = [p.name for p in made if p.read_bytes() != (folder / p.name).read_bytes()]
    assert not stale, f"datasets/support_exercise/{', '.join(stale)} differ from what the seed makes: run `make support-log`"


def test_lesson_4s_answers_are_not_the_exercises():
    """The exercise log plants another "task done, job not" job than the lessons' (knowing one gives nothing)."""
    from jtbd_kit import load_support_log

    worst = {}
    for copy in ("lesson", "exercise"):
        both = load_support_log(copy=copy, with_jobs=True)
        by_job = both.groupby("real_job")
        gaps = by_job["resolved_first_contact"].mean() - (1 - by_job["contacted_again_7d"].mean())
        worst[copy] = gaps.idxmax()
        repeat = by_job["contacted_again_7d"].mean().sort_values(ascending=False)
        worst[copy + " order"] = list(repeat.index)
    assert worst["lesson"] == "fixed_for_good", worst  # what lesson 4 teaches from its copy
    assert worst["exercise"] != worst["lesson"], worst
    assert worst["exercise order"] != worst["lesson order"], worst


def test_the_exercise_survey_is_what_its_seed_makes(tmp_path):
    import exercise_data

    made = exercise_data.write_survey_exercise(tmp_path)
    stale = [name for name, path in made.items()
             if path.read_bytes() != (REPO / exercise_data.SURVEY_EXERCISE["folder"] / name).read_bytes()]
    assert not stale, f"datasets/survey_exercise/{', '.join(stale)} differ from what the seed makes: run `make survey`"


def test_building_twice_gives_the_same_commit(edition, tmp_path):
    again = student_edition.build(tmp_path / "again", "example-org/jtbd-class")
    assert again == edition["commit"]


def test_a_folder_that_is_not_an_edition_is_never_replaced(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not a student edition"):
        student_edition.build(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.notebooks
def test_the_editions_make_test_passes_on_a_fresh_clone(edition, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(edition["out"]), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    done = subprocess.run(["make", "test", "PYTEST_ARGS=-q -p no:cacheprovider"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout.splitlines()[-1]
    # ... and its `make lab` (with the venv `make test` just made) serves JupyterLab opening lesson 1
    _make_lab_opens_lesson_1(clone, env)


def _make_lab_opens_lesson_1(clone, env):
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = os.urandom(12).hex()
    lab_env = {**env, "HOME": str(clone / ".home"), "JUPYTER_CONFIG_DIR": str(clone / ".home" / "jupyter")}
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    server = subprocess.Popen(["make", "lab", f"LAB_ARGS={args}"], cwd=clone, env=lab_env, start_new_session=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        location = None
        for _ in range(120):
            try:
                opener.open(f"http://127.0.0.1:{port}/?token={token}", timeout=5)
            except urllib.error.HTTPError as redirect:
                if redirect.code in (301, 302, 303, 307):
                    location = redirect.headers["Location"]
                    break
                raise
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(1)
        assert location is not None, server.stdout.read() if server.poll() is not None else "no answer in 120 s"
        assert location.split("?")[0].endswith("/lab/tree/notebooks/01_job_action_statements.ipynb"), location
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/notebooks/01_job_action_statements.ipynb"
                                    f"?content=0&token={token}", timeout=10) as answer:
            assert b'"type": "notebook"' in answer.read().replace(b'":"', b'": "')
    finally:
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_no_file_holds_the_reading_of_the_graded_interviews(edition):
    """Exercise 05 is graded against our reading of its two interviews: none of it is in the edition
    (the transcripts are, as the exercise reads them)."""
    import yaml

    truth = yaml.safe_load((REPO / "datasets" / "interviews_exercise" / "interviews_truth.yaml").read_text())
    body = "\n".join(edition["texts"].values())
    assert "datasets/interviews_exercise/transcripts.yaml" in edition["files"]
    exercise = edition["texts"]["exercises/05_interviews/05_interviews.ipynb"]
    for tid, reading in truth.items():
        # Q1 (a) offers Idris's job as one of four options on purpose; nowhere else has it
        elsewhere = body.replace(exercise, "") if f"**B.** {reading['job']}" in exercise else body
        assert reading["job"] not in elsewhere, (tid, reading["job"])
        for statement in reading["outcomes"].values():
            assert statement not in body, (tid, statement)
        if len(reading["forces"]) >= 3:  # a good interview's key; a single label can match a lesson's by chance
            labels = ", ".join(f"{n}: {force}" for n, force in reading["forces"].items())
            assert labels not in body, (tid, labels)
