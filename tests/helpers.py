"""Shared helpers for the setup, notebook and nbgrader tests.

Notebooks and assignments are found by globbing, so a new module is tested as soon as its
files exist:
    notebooks/NN_topic.ipynb, solutions/NN_topic/NN_topic.ipynb, exercises/NN_topic/NN_topic.ipynb
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_FOLDERS = ("notebooks", "solutions", "exercises")
CELL_TIMEOUT = 120  # seconds per cell when the tests execute a notebook
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__"}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# ---------------------------------------------------------------- finding files


def _visible(path):
    return not SKIP_PARTS.intersection(path.parts)


def rel(path):
    """`path` relative to the repo, as a string (for test ids and messages)."""
    return Path(path).resolve().relative_to(REPO).as_posix()


def notebooks_in(folder, pattern="**/*.ipynb"):
    """Sorted notebooks under REPO/folder (checkpoints skipped)."""
    return sorted(p for p in (REPO / folder).glob(pattern) if _visible(p))


def committed_notebooks():
    """Every notebook in notebooks/, solutions/ and exercises/."""
    return [p for folder in NOTEBOOK_FOLDERS for p in notebooks_in(folder)]


def assignments():
    """[(assignment, source notebook)] for every solutions/<assignment>/<name>.ipynb."""
    return [(p.parent.name, p) for p in notebooks_in("solutions", "*/*.ipynb")]


def files_under(folder):
    """{relative posix path: Path} of the files under `folder` (checkpoints skipped)."""
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and _visible(p.relative_to(folder))
    }


def report(problems, heading=""):
    """Fail the test with one readable message listing every problem (no traceback noise)."""
    import pytest

    if problems:
        pytest.fail(heading + "\n\n".join(problems), pytrace=False)


def params(paths):
    """pytest.param objects for paths, with the repo-relative path as the test id."""
    import pytest

    return [pytest.param(p, id=rel(p)) for p in paths]


# ---------------------------------------------------------------- nbgrader cell kinds


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer_cell(cell):
    """A cell the student writes in (nbgrader `solution: true`)."""
    return bool(nbgrader_meta(cell).get("solution"))


def is_autograded_test(cell):
    """An autograder test cell: a graded code cell that is not itself an answer."""
    meta = nbgrader_meta(cell)
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def autograded_points(nb):
    """{grade_id: points} of the autograded test cells of a notebook."""
    return {
        nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0))
        for c in nb.cells
        if is_autograded_test(c)
    }


# ---------------------------------------------------------------- running notebooks


def describe_cell(path, index, cell, problem):
    return (
        f"{rel(path)}: cell {index} (id {cell.get('id')!r}) {problem}\n"
        f"----- cell source -----\n{cell.source}\n"
        f"-----------------------"
    )


def error_text(output):
    """The traceback of an error output, without terminal colours."""
    lines = output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]
    return ANSI.sub("", "\n".join(lines))


def execute_notebook(path, allow_errors=False, timeout=CELL_TIMEOUT):
    """Run a notebook in a fresh kernel, in its own folder; return the executed notebook.

    Without allow_errors the first failing cell stops the run and fails the test with the
    cell's source and error. A cell running longer than `timeout` seconds always fails.
    """
    import nbformat
    import pytest
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    current = {"index": None, "cell": None}

    def remember(cell, cell_index, **_):
        current.update(index=cell_index, cell=cell)

    client = NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=remember,
    )
    failure = None
    try:
        client.execute()
    except CellExecutionError:
        errors = [o for o in current["cell"].get("outputs", []) if o.get("output_type") == "error"]
        details = "\n".join(error_text(o) for o in errors) or "(no traceback)"
        failure = f"raised an error:\n{details}"
    except CellTimeoutError:
        failure = f"did not finish within {timeout} s"
    except DeadKernelError as error:
        failure = f"killed the kernel: {error}"
    if failure:  # failing outside the except block keeps nbclient's traceback out of the report
        pytest.fail(describe_cell(path, current["index"], current["cell"], failure), pytrace=False)
    return nb


def stderr_text(cell):
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )


# ---------------------------------------------------------------- nbgrader courses


def course_config(folder=REPO):
    """The traitlets Config that nbgrader loads from folder/nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()


def make_course(dest):
    """Copy what nbgrader needs (config, solutions/, datasets/) into a new course folder.

    datasets/ comes along so notebooks that read data by a relative path behave as they do
    when an instructor grades from the repo root. The exchange follows the config file, so
    it lands inside `dest` (see nbgrader_config.py).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    ignore = shutil.ignore_patterns(*SKIP_PARTS)
    shutil.copytree(REPO / "solutions", dest / "solutions", ignore=ignore)
    if (REPO / "datasets").is_dir():
        shutil.copytree(REPO / "datasets", dest / "datasets", ignore=ignore)
    return dest


def run_nbgrader(course, *args, timeout=600):
    """Run the nbgrader command line in `course`; fail with its log unless it exits 0."""
    env = dict(os.environ)
    # nbgrader starts the `alembic` script it installed; find it next to this Python.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    command = [sys.executable, "-m", "nbgrader", *args]
    done = subprocess.run(
        command, cwd=course, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise AssertionError(
            f"`nbgrader {' '.join(args)}` exited with {done.returncode} in {course}\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done


def concept_questions(path):
    """The concept questions of a lesson, by cell id: each cell's ``concept_question(...)`` call is run
    with a stand-in that keeps the question (no kernel and no widget needed)."""
    import nbformat

    from jtbd_kit import ConceptQuestion

    found = {}
    for cell in nbformat.read(path, 4).cells:
        if cell.cell_type == "code" and "concept_question(" in cell.source:
            source = cell.source.replace("from jtbd_kit import concept_question\n", "")
            exec(source, {"concept_question": lambda q, o, cid=cell.get("id"): found.__setitem__(cid, ConceptQuestion(q, o))})  # noqa: S102
    return found


def lesson_questions(path=None):
    """The interview questions lesson 5 shows: the strings in its code that are questions (or start
    "Tell me"), and each sentence of its italic examples that is one. Exercise 05's hidden test of
    Q5 holds them all, so that a learner cannot hand in the lesson's own rewrites."""
    import ast

    import nbformat

    path = path or notebooks_in("notebooks", "05_*.ipynb")[0]
    found = set()

    def add(text):
        for sentence in re.split(r"(?<=[.?!])\s+", " ".join(text.split())):
            if sentence.endswith("?") or sentence.lower().startswith("tell me"):
                found.add(sentence)

    for cell in nbformat.read(path, 4).cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    add(node.value)
        else:
            for match in re.finditer(r"(?<!\*)\*([^*\n][^*]*?)\*(?!\*)", cell.source):
                add(match.group(1))
    return sorted(found)
