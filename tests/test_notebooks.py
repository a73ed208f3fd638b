"""Committed notebooks: clean on disk, and they run top to bottom in a fresh kernel.

Notebooks are found by globbing notebooks/, solutions/ and exercises/, so new modules are
covered without editing this file.
"""

import re

import nbformat
import pytest

from helpers import (
    committed_notebooks,
    describe_cell,
    error_text,
    execute_notebook,
    is_answer_cell,
    is_autograded_test,
    nbgrader_meta,
    notebooks_in,
    params,
    report,
    stderr_text,
)

# nbformat and JupyterLab make random ids of hex digits (and dashes); ours are readable words.
RANDOM_ID = re.compile(r"^[0-9a-f-]+$")


# ---------------------------------------------------------------- clean on disk


@pytest.mark.parametrize("path", params(committed_notebooks()))
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "save with nbformat >= 4.5 so cells have ids"
    problems = []
    ids = [cell.get("id") for cell in nb.cells]
    for index, cell in enumerate(nb.cells):
        where = f"cell {index} (id {cell.get('id')!r})"
        if not cell.get("id"):
            problems.append(f"{where} has no id")
        elif RANDOM_ID.match(cell.id):
            problems.append(f"{where} has a random-looking id: give it a readable one like 'q1-answer'")
        if cell.cell_type == "code":
            if cell.get("outputs"):
                problems.append(f"{where} has outputs: clear them before committing")
            if cell.get("execution_count") is not None:
                problems.append(f"{where} has an execution count: clear it before committing")
    duplicates = sorted({i for i in ids if i and ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate cell ids: {duplicates}")
    if "widgets" in nb.metadata:
        problems.append("notebook metadata holds saved widget state: clear it before committing")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"kernelspec is {kernel!r}; use 'python3' so it opens anywhere (Binder too)")
    report(problems)


# ---------------------------------------------------------------- execution


RUNNABLE = notebooks_in("notebooks") + notebooks_in("solutions")


@pytest.mark.notebooks
@pytest.mark.parametrize("path", params(RUNNABLE))
def test_notebook_runs_top_to_bottom(path):
    nb = execute_notebook(path)
    # nbgrader scores a test cell 0 if it writes to stderr (a warning is enough).
    noisy = [
        describe_cell(path, i, cell, f"writes to stderr:\n{stderr_text(cell)}")
        for i, cell in enumerate(nb.cells)
        if is_autograded_test(cell) and stderr_text(cell)
    ]
    report(noisy)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", params(notebooks_in("exercises")))
def test_exercise_runs_with_only_answer_and_test_cells_failing(path):
    nb = execute_notebook(path, allow_errors=True)
    problems = []
    for index, cell in enumerate(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            continue
        if is_answer_cell(cell):
            wrong = [o for o in errors if o.get("ename") != "NotImplementedError"]
            if wrong:
                problems.append(describe_cell(
                    path, index, cell,
                    "is an answer cell that fails before the student writes anything "
                    f"(expected only NotImplementedError):\n{error_text(wrong[0])}",
                ))
        elif not is_autograded_test(cell):
            kind = "a graded cell" if nbgrader_meta(cell) else "a setup/instruction cell"
            problems.append(describe_cell(
                path, index, cell,
                f"is {kind} that fails in the blank exercise:\n{error_text(errors[0])}",
            ))
    report(problems)
