"""Check your work before you submit: a question's visible tests, run on your current answer.

In a graded notebook, the cell after each question's test cells holds a one-line self-check::

    check("q1")    # every visible test of Q1, on your answer as it is now: passed, or what to fix
    check_all()    # every question, plus problems that cost points: a renamed notebook, a deleted
                   # or copied cell, an answer not written yet, a cell too slow for the grader

The self-check needs no answer key and no nbgrader server (it works on Binder). It reads the test
cells from the notebook file itself and runs them in your session. Exercises hold only the visible
tests: hidden tests run when your work is graded, so passing every check here does not promise full
marks. While nbgrader grades or validates a notebook, the self-check does nothing.

Nothing here raises: a notebook that cannot be found or read becomes a message in the result, and
the result is a plain value (``.passed``, ``.results``, ``.problems``, ``str()``) that a notebook
shows as a coloured box.

>>> import json, pathlib, tempfile
>>> test = {"cell_type": "code", "id": "q1-tests", "metadata": {"nbgrader": {
...     "grade": True, "solution": False, "grade_id": "q1-tests", "points": 1}},
...     "source": '\"\"\"Q1: answer is 42.\"\"\"\\nassert answer == 42, "answer should be 42"'}
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.ipynb"
>>> _ = path.write_text(json.dumps({"cells": [test], "metadata": {}}))
>>> check("q1", notebook=path, namespace={"answer": 41}).passed
False
>>> print(check("q1", notebook=path, namespace={"answer": 42}))
Self-check of Q1 (demo.ipynb): the visible check passed.
  ✔ Q1: answer is 42.
Hidden tests run when your work is graded: passing the visible checks does not promise full marks.
"""

from __future__ import annotations

import ast
import hashlib
import html
import io
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .feedback import Problem

__all__ = ["GRADING_TIMEOUT", "SelfCheck", "Outcome", "check", "check_all", "inspect_notebook",
           "manifest", "pristine_kit"]

GRADING_TIMEOUT = 60  # seconds per cell at grading: c.ExecutePreprocessor.timeout (a test keeps them equal)
CHECK_TIMEOUT = 20  # seconds the self-check lets one test run before it stops it
SLOW_SHARE = 0.5  # check_all warns about a cell that took more than this share of GRADING_TIMEOUT
MANIFEST_KEY = "jtbd_selfcheck"  # notebook metadata: what the released notebook holds
HIDDEN_MARK = "BEGIN HIDDEN TESTS"

OK, HIDDEN, FAILED, NOT_RUN, ERROR, TIMEOUT = "passed", "hidden", "failed", "not-run", "error", "timeout"
# How each line is marked: in text, in HTML, and its colour. Only what ran now gets a tick.
_HIDDEN_REMARK = re.compile(r"\s*\((?:and )?hidden tests?\)")  # "(hidden tests)" in a test's first line
_MARKS = {"ok": ("✔", "&#10004;", "#1a7f37"), "later": ("•", "&#8226;", "#3d4450"), "bad": ("✘", "&#10008;", "#b42318")}


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Outcome:
    """One test cell run by the self-check: its ``status`` and, when it fails, what to fix."""

    grade_id: str
    question: str
    points: float
    status: str  # passed, hidden (nothing visible to run), failed, not-run, error, timeout
    about: str  # the first line of the test's docstring
    message: str = ""  # what to fix (empty when it passed)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in (OK, HIDDEN)

    @property
    def graded_later(self) -> bool:
        """True when part or all of this test runs only at grading (its first line says "hidden tests")."""
        return self.status == HIDDEN or "hidden test" in self.about.lower()

    @property
    def subject(self) -> str:
        """What the test checks, without its question label and its "(hidden tests)" remark."""
        text = self._about_shown
        return re.sub(r"^Q\d+[a-z]?:\s*", "", text) or text

    @property
    def _about_shown(self) -> str:
        return _HIDDEN_REMARK.sub("", self.about).strip()

    def lines(self) -> list[tuple[str, str]]:
        """(mark, text) lines for the learner: a tick only for what was really checked now."""
        label = self.question.upper() if self.question else self.grade_id
        if self.status == HIDDEN:
            return [("later", f"{label}: checked when graded: {self.subject}")]
        if self.status == OK and self.graded_later:
            return [("ok", f"{label}: the visible checks passed"),
                    ("later", f"{label}: checked when graded: {self.subject}")]
        if self.status == OK:
            return [("ok", self.about)]
        return [("bad", self._about_shown)]


@dataclass(frozen=True)
class SelfCheck:
    """What a self-check found: one result per test cell, and problems with the notebook itself."""

    scope: str  # "Q1", or "every question"
    notebook: str = ""  # the file name that was checked
    results: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    note: str = ""

    @property
    def passed(self) -> bool:
        """True when every visible test passed and no problem was found."""
        return all(r.ok for r in self.results) and not self.problems

    @property
    def codes(self) -> list[str]:
        """The problem codes (renamed, cell-missing, cell-copied, ...), in the order found."""
        return [p.code for p in self.problems]

    def _headline(self) -> str:
        where = f" ({self.notebook})" if self.notebook else ""
        visible = [r for r in self.results if r.status != HIDDEN]
        passing = sum(r.ok for r in visible)
        if not self.results:
            return f"Self-check of {self.scope}{where}"
        later = sum(r.graded_later for r in self.results)
        later_note = (f" {later} test{' is' if later == 1 else 's are'} checked only when graded (•)." if later
                      else "")
        if not visible:
            counted = "nothing visible to run, its tests are all hidden"
        elif len(visible) == 1:
            counted = f"the visible check {'passed' if passing else 'did not pass'}"
        elif passing == len(visible):
            counted = f"all {len(visible)} visible checks passed"
        else:
            counted = f"{passing} of {len(visible)} visible checks passed"
        return f"Self-check of {self.scope}{where}: {counted}.{later_note}"

    def __str__(self) -> str:
        lines = [self._headline()]
        for r in self.results:
            for kind, text in r.lines():
                lines.append(f"  {_MARKS[kind][0]} {text}")
            if r.message:
                lines.extend("      " + line for line in r.message.splitlines())
        for p in self.problems:
            lines.append(f"  ! {p.message}")
            lines.append(f"      {p.hint}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<SelfCheck {self.scope}: passed={self.passed}, codes={self.codes}>"

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's plain-text view: the full report
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if not self.results and not self.problems:
            colour, background = "#3d4450", "#f4f5f7"
        elif self.passed:
            colour, background = "#1a7f37", "#eefbf1"
        else:
            colour, background = "#b42318", "#fff4f2"
        rows = []
        for r in self.results:
            fix = (f"<div style='white-space:pre-wrap;color:#3d4450;margin:2px 0 0'>{html.escape(r.message)}</div>"
                   if r.message else "")
            parts = r.lines()
            for number, (kind, text) in enumerate(parts, 1):
                _, icon, tint = _MARKS[kind]
                rows.append(f"<li style='list-style:none;margin:4px 0'><span style='color:{tint};font-weight:700'>"
                            f"{icon}</span> {html.escape(text)}{fix if number == len(parts) else ''}</li>")
        for p in self.problems:
            rows.append(f"<li style='list-style:none;margin:4px 0'><span style='color:#b42318;font-weight:700'>"
                        f"!</span> {html.escape(p.message)}<div style='color:#3d4450'><strong>What to do:"
                        f"</strong> {html.escape(p.hint)}</div></li>")
        note = f"<div style='color:#3d4450;margin-top:4px'>{html.escape(self.note)}</div>" if self.note else ""
        return (f"<div class='jtbd-selfcheck' style='border-left:6px solid {colour};background:{background};"
                "color:#1f2328;padding:8px 14px;margin:4px 0;font-family:system-ui,sans-serif;line-height:1.45'>"
                f"<div style='color:{colour};font-weight:600'>{html.escape(self._headline())}</div>"
                f"<ul style='margin:4px 0;padding-left:4px'>{''.join(rows)}</ul>{note}</div>")


# ---------------------------------------------------------------- the two calls


def check(question: object = None, *, notebook: str | os.PathLike | None = None,
          namespace: dict | None = None, timeout: float = CHECK_TIMEOUT) -> SelfCheck:
    """Run the visible tests of ``question`` ("q1") on your current answers; without one, check all.

    ``notebook`` is the notebook file (found by itself in JupyterLab, VS Code and Binder);
    ``namespace`` holds your answers (your notebook's variables by default); a test that runs longer
    than ``timeout`` seconds is stopped and reported.
    """
    try:
        wanted = None if question is None else _question_id(question)
        if wanted in (None, "", "all"):
            return check_all(notebook=notebook, namespace=namespace, timeout=timeout)
        return _run_checks(wanted, notebook, namespace, timeout)
    except Exception as error:  # the self-check must never fail in a student's face
        return _trouble("this question", f"The self-check itself ran into a problem ({type(error).__name__}: {error}).")


def check_all(*, notebook: str | os.PathLike | None = None, namespace: dict | None = None,
              timeout: float = CHECK_TIMEOUT) -> SelfCheck:
    """Run every question's visible tests, then look for problems that would cost points at grading."""
    try:
        return _run_checks(None, notebook, namespace, timeout)
    except Exception as error:
        return _trouble("every question", f"The self-check itself ran into a problem ({type(error).__name__}: {error}).")


def _run_checks(question: str | None, notebook, namespace, timeout) -> SelfCheck:
    scope = question.upper() if question else "every question"
    if os.environ.get("NBGRADER_EXECUTION"):  # set by nbgrader in the kernels of autograde and validate
        return SelfCheck(scope, note="Self-check skipped: nbgrader is running this notebook.")
    shell = _shell()
    if namespace is None:
        namespace = shell.user_ns if shell is not None else sys.modules["__main__"].__dict__
    path, why = _find_notebook(notebook, namespace)
    if path is None:
        return _trouble(scope, why, f'Tell the self-check which file to read: check("{question or "all"}", '
                                    'notebook="<the notebook file name>.ipynb").')
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = [_plain_cell(c) for c in nb.get("cells", [])]
    except (OSError, ValueError, AttributeError, TypeError) as error:
        return _trouble(scope, f"The notebook file {path.name} could not be read ({error}).",
                        "Save the notebook (Ctrl+S) and run the check again.")
    tests = [c for c in cells if _is_test(c)]
    questions = list(dict.fromkeys(_question_of(c) for c in tests))
    if question is not None and question not in questions:
        listed = ", ".join(f'"{q}"' for q in questions) or "none"
        return _trouble(scope, f"{path.name} has no test cells for {scope}. Questions with tests: {listed}.",
                        "Check the question number, and that this is the notebook you are working in.")
    chosen = [c for c in tests if question is None or _question_of(c) == question]
    results = []
    for cell in chosen:
        result = _run_test(cell, cells, namespace, timeout, shell)
        results.append(result)
        if result.status == "interrupted":
            break
    problems = []
    if question is None:
        problems = inspect_notebook(cells, path.name, nb.get("metadata", {}).get(MANIFEST_KEY)) + _slow_cells(cells)
    if any(HIDDEN_MARK in c["source"] for c in tests):
        note = "This is the instructor's source notebook: the hidden tests ran too."
    else:
        note = "Hidden tests run when your work is graded: passing the visible checks does not promise full marks."
    if question is None:
        saved = time.strftime("%H:%M", time.localtime(path.stat().st_mtime))
        note += f" Checked {path.name} as last saved ({saved}): save before you check."
    return SelfCheck(scope, path.name, results, problems, note)


def _trouble(scope: str, message: str, hint: str = "") -> SelfCheck:
    return SelfCheck(scope, problems=[Problem("cannot-check", message, hint or "Save the notebook and try again.")])


def _question_id(question: object) -> str:
    text = str(question).strip().lower()
    return f"q{text}" if text.isdigit() else text


# ---------------------------------------------------------------- finding and reading the notebook


def _shell():
    """The running IPython shell (a notebook's kernel), or None in plain Python."""
    ipython = sys.modules.get("IPython")  # never imported here: no IPython loaded means no shell
    return ipython.get_ipython() if ipython is not None else None


def _find_notebook(notebook, namespace) -> tuple[Path | None, str]:
    """The notebook file to read, or None and why it was not found."""
    if notebook is not None:
        path = Path(notebook).expanduser()
        return (path, "") if path.is_file() else (None, f"There is no notebook file {str(notebook)!r} here.")
    # JupyterLab (via ipykernel) and VS Code tell the kernel which notebook it runs.
    for hint in (namespace.get("__session__"), namespace.get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME")):
        if isinstance(hint, str) and hint.endswith(".ipynb"):
            for path in (Path(hint), Path.cwd() / hint, Path.cwd() / Path(hint).name):
                if path.is_file():
                    return path, ""
    # A grader, a test runner or Binder's classic view: the folder usually holds just this notebook.
    here = sorted(p for p in Path.cwd().glob("*.ipynb") if p.is_file())
    if len(here) == 1:
        return here[0], ""
    found = f"{len(here)} notebooks" if here else "no notebook"
    return None, f"The self-check could not tell which notebook you are working in ({found} in {Path.cwd()})."


def _plain_cell(cell: dict) -> dict:
    source = cell.get("source", "")
    return {**cell, "source": "".join(source) if isinstance(source, list) else str(source)}


def _meta(cell: dict) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _is_test(cell: dict) -> bool:
    meta = _meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution") \
        and isinstance(meta.get("grade_id"), str)


def _question_of(cell: dict) -> str:
    return _meta(cell).get("grade_id", "").split("-")[0].lower()


# ---------------------------------------------------------------- running one test


class _Stopped(BaseException):
    """Raised inside a test that runs longer than the self-check allows."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the code inside after ``seconds`` (Unix, main thread; elsewhere only timed afterwards)."""
    if not (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()):
        yield
        return

    def stop(signum, frame):
        raise _Stopped()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _about(source: str, grade_id: str) -> str:
    try:
        doc = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        doc = None
    return doc.strip().splitlines()[0] if doc else f"Test {grade_id}"


def _only_docstring(source: str) -> bool:
    """True when a test cell has nothing to run but its docstring (its checks are all hidden)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
               for s in body)


def _run_test(cell: dict, cells: list[dict], namespace: dict, timeout: float, shell) -> Outcome:
    meta, source = _meta(cell), cell["source"]
    grade_id, question = meta["grade_id"], _question_of(cell)
    about = _about(source, grade_id)
    points = float(meta.get("points", 0) or 0)
    if _only_docstring(source):
        return Outcome(grade_id, question, points, HIDDEN, about, "Checked only when your work is graded (hidden tests).")
    code = shell.transform_cell(source) if shell is not None else source
    status, message = OK, ""
    start = time.perf_counter()
    try:
        compiled = compile(code, f"<test {grade_id}>", "exec")
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), _time_limit(timeout):
            exec(compiled, namespace)
    except _Stopped:
        status, message = TIMEOUT, (
            f"Stopped after {timeout:g} s. At grading each cell gets {GRADING_TIMEOUT} s and a cell that runs "
            "longer scores 0: look for a loop that never ends, or work your answer does not need.")
    except AssertionError as error:
        status, message = FAILED, str(error).strip() or "This check failed (it gives no further detail)."
    except NotImplementedError:
        status, message = NOT_RUN, ("Your answer still raises NotImplementedError: replace "
                                    "`raise NotImplementedError()` with your code, run that cell, then check again.")
    except NameError as error:
        status, message = NOT_RUN, _name_error(error, question, cells)
    except KeyboardInterrupt:
        status, message = "interrupted", "The self-check was interrupted."
    except BaseException as error:  # SystemExit too: a student's exit() must not end the check
        status, message = ERROR, (f"Running this check raised {type(error).__name__}: {error}\n"
                                  "The error comes from running your answer: look at it with this message in mind.")
    seconds = time.perf_counter() - start
    if status == OK and seconds > timeout:  # no way to stop it here (not Unix, or not the main thread)
        status, message = TIMEOUT, f"This check took {seconds:.0f} s. At grading each cell gets {GRADING_TIMEOUT} s."
    return Outcome(grade_id, question, points, status, about, message, seconds)


def _name_error(error: NameError, question: str, cells: list[dict]) -> str:
    name = getattr(error, "name", None) or str(error)
    unanswered = [c for c in cells if _meta(c).get("solution") and _question_of(c) == question and _unchanged(c)]
    if unanswered:
        return (f"You have not answered {question.upper()} yet (`{name}` is not defined). Write your answer in the "
                "cell that says YOUR CODE HERE, run it, then check again.")
    return (f"`{name}` is not defined: run the cell with your answer (and the cells above it), then check again. "
            "If you did, check that the name is spelled exactly as the question asks.")


# ---------------------------------------------------------------- problems with the notebook itself


def checksum(cell: dict) -> str:
    """nbgrader's checksum of a cell (nbgrader.utils.compute_checksum, without importing nbgrader)."""
    meta = _meta(cell)
    solution, grade = bool(meta.get("solution", False)), bool(meta.get("grade", False))
    locked = False if solution else True if grade else bool(meta.get("locked", False))
    digest = hashlib.md5()
    for part in (cell["source"], cell.get("cell_type", ""), str(meta.get("grade", False)),
                 str(meta.get("solution", False)), str(locked), meta.get("grade_id", "")):
        digest.update(str(part).encode("utf-8"))
    if grade:
        digest.update(str(float(meta.get("points", 0))).encode("utf-8"))
    return digest.hexdigest()


def _unchanged(cell: dict) -> bool:
    """True when an answer cell still holds the released starting text (nbgrader stores its checksum)."""
    stored = _meta(cell).get("checksum")
    return bool(stored) and stored == checksum(cell)


def manifest(cells: list[dict], name: str) -> dict:
    """What a released notebook holds: its file name, its answer cells and its graded test cells.

    Stored in the notebook's metadata (``jtbd_selfcheck``) by ``python -m jtbd_kit.selfcheck stamp``,
    so that check_all() can tell a deleted cell or a renamed file from the notebook alone.
    """
    cells = [_plain_cell(c) for c in cells]
    return {
        "notebook": name,
        "answers": [_meta(c)["grade_id"] for c in cells if _meta(c).get("solution") and _meta(c).get("grade_id")],
        "tests": {_meta(c)["grade_id"]: float(_meta(c).get("points", 0)) for c in cells if _is_test(c)},
    }


def inspect_notebook(cells: list[dict], name: str, reference: dict | None = None) -> list[Problem]:
    """Problems in a notebook that cost points at grading (shared with the instructor's report).

    ``cells`` are the notebook's cells as JSON dicts, ``name`` its file name, and ``reference`` the
    :func:`manifest` of the released notebook (when known).
    """
    cells = [_plain_cell(c) for c in cells]
    reference = reference if isinstance(reference, dict) else {}
    problems = []
    expected_name = reference.get("notebook")
    if expected_name and name != expected_name:
        problems.append(Problem(
            "renamed", f"This notebook is saved as '{name}', but the grader looks for '{expected_name}': "
                       "a notebook with another name is not graded and scores 0.",
            f"Rename it to '{expected_name}' (File > Rename Notebook), or copy your answers into the original "
            "file, before you submit."))
    ids = [c.get("id") for c in cells if c.get("id")]
    for cell_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(
            "id-duplicated", f"{ids.count(cell_id)} cells share the id '{cell_id}' (the notebook file was edited "
                             "or merged by hand).", "Delete the extra copies, keeping the one with your answer."))
    grade_ids = [_meta(c).get("grade_id") for c in cells if _meta(c).get("grade_id")]
    for grade_id in sorted({g for g in grade_ids if grade_ids.count(g) > 1}):
        problems.append(Problem(
            "cell-copied", f"The cell '{grade_id}' appears {grade_ids.count(grade_id)} times: a copied cell keeps "
                           "its grading label, and the grader grades only the last copy.",
            "Delete the extra copies, keeping the one with your final answer."))
    for grade_id in list(reference.get("answers", [])) + list(reference.get("tests", {})):
        if grade_id not in grade_ids:
            kind = "answer" if grade_id in reference.get("answers", []) else "test"
            problems.append(Problem(
                "cell-missing", f"The {kind} cell '{grade_id}' is missing from this notebook: it scores 0 at grading.",
                "Start again from a fresh copy of the exercise and paste your answers into it."))
    for cell in cells:
        meta = _meta(cell)
        if not meta.get("checksum") or not meta.get("grade_id"):
            continue  # a source notebook, or not a graded or read-only cell
        if meta.get("solution") and _unchanged(cell):
            how = ("Replace YOUR ANSWER HERE with your answer, run the cell and save."
                   if cell.get("cell_type") == "markdown" else
                   "Write your code there in place of `raise NotImplementedError()`, run it and save.")
            problems.append(Problem(
                "not-answered", f"{_question_of(cell).upper()} is not answered yet: the cell '{meta['grade_id']}' "
                                "still holds the starting text, so it scores 0.", how))
        elif not meta.get("solution") and (meta.get("grade") or meta.get("locked")) and not _unchanged(cell):
            problems.append(Problem(
                "locked-edited", f"The read-only cell '{meta['grade_id']}' was changed. The grader puts back the "
                                 "original, so the change is lost.",
                "If your answer relies on the change, move that code into your answer cell."))
    return problems


# ---------------------------------------------------------------- slow cells


_CLOCK: dict[str, Any] = {"watching": None, "start": {}, "last": {}}


def _watch_cells() -> None:
    """Time every cell run from now on in this IPython session (JupyterLab sends each cell's id)."""
    shell = _shell()
    if shell is None or _CLOCK["watching"] is shell:
        return

    def started(info):
        if getattr(info, "cell_id", None):
            _CLOCK["start"][info.cell_id] = time.perf_counter()

    def finished(result):
        cell_id = getattr(getattr(result, "info", None), "cell_id", None)
        began = _CLOCK["start"].pop(cell_id, None)
        if began is not None:
            _CLOCK["last"][cell_id] = time.perf_counter() - began

    shell.events.register("pre_run_cell", started)
    shell.events.register("post_run_cell", finished)
    _CLOCK["watching"] = shell


def _slow_cells(cells: list[dict]) -> list[Problem]:
    """Cells that took too long when last run, as timed since the kit was imported in this session."""
    problems = []
    for cell in cells:
        seconds = _CLOCK["last"].get(cell.get("id"))
        if seconds is not None and seconds > GRADING_TIMEOUT * SLOW_SHARE:
            problems.append(Problem(
                "slow-cell", f"The cell '{cell['id']}' took {seconds:.0f} s when you last ran it. At grading each "
                             f"cell gets {GRADING_TIMEOUT} s; a slower cell is stopped and scores 0.",
                "Make it faster: look for a loop that does more work than the answer needs."))
    return problems


_watch_cells()  # a no-op outside IPython; in a notebook it starts when the setup cell imports check


# ---------------------------------------------------------------- for hidden tests


_PRISTINE = itertools.count()


def pristine_kit():
    """A new, private copy of ``jtbd_kit``, loaded from the installed kit's own files.

    Hidden tests judge answers with it: functions or classes of the kit that an answer cell replaced
    or patched in the student's session cannot reach this copy. It shares nothing with the kit the
    notebook imported, so compare plain values (str, list, ...) with it, not the kit's objects.

    >>> import jtbd_kit
    >>> kit = pristine_kit()
    >>> kit.check_job_action("Reserve a place to stay while out of town").passed
    True
    >>> kit.check_job_action is jtbd_kit.check_job_action
    False
    """
    import importlib.machinery
    import importlib.util

    if os.environ.get("JTBD_COURSE_DATA") and _PRISTINE_IN_JUDGE:
        # In the grader's test kernel (jtbd_kit.grading), where no student code ever runs, one copy
        # serves every test cell: loading the kit anew for each would only cost time.
        return _PRISTINE_IN_JUDGE[0]
    # The installed kit, by its absolute path: never a jtbd_kit/ folder that sys.path order finds first.
    found = importlib.machinery.PathFinder.find_spec("jtbd_kit", [str(Path(__file__).resolve().parents[1])])
    name = f"_jtbd_kit_pristine_{next(_PRISTINE)}"
    for old in [m for m in sys.modules if m.startswith("_jtbd_kit_pristine_")]:
        del sys.modules[old]  # earlier copies stay usable by whoever holds them
    spec = importlib.util.spec_from_file_location(name, found.origin,
                                                  submodule_search_locations=found.submodule_search_locations)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    if os.environ.get("JTBD_COURSE_DATA"):
        _PRISTINE_IN_JUDGE.append(module)
    return module


_PRISTINE_IN_JUDGE: list = []


# ---------------------------------------------------------------- authors: stamp solutions


def _stamp(paths: list[str]) -> int:
    """Store the manifest in each source notebook's metadata; nbgrader copies it into the exercise."""
    import nbformat

    for name in paths:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        wanted = manifest(nb.cells, path.name)
        if nb.metadata.get(MANIFEST_KEY) != wanted:
            nb.metadata[MANIFEST_KEY] = wanted
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
            print(f"stamped {path}")
        else:
            print(f"up to date: {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "stamp":
        raise SystemExit(_stamp(sys.argv[2:]))
    print("usage: python -m jtbd_kit.selfcheck stamp solutions/<assignment>/<assignment>.ipynb ...")
    raise SystemExit(2)
