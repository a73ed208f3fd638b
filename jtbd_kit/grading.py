"""nbgrader, hardened for grading a whole class: student code is hostile, and only a submission's
answers can change its grade.

Switch it on in ``nbgrader_config.py``, after ``c = get_config()``::

    from jtbd_kit.grading import harden_nbgrader
    harden_nbgrader(c)

What changes, compared with nbgrader 0.9.6 as it comes (each was seen on this stack):

- **A sandbox for every kernel** (:mod:`jtbd_kit.sandbox`, bubblewrap). The kernel that runs a
  submission sees a private copy of that submission, the declared data files and the Python it
  needs, read-only, and nothing else of the course: no gradebook, solutions, other students' work,
  network or lasting processes. Without bubblewrap, grading refuses to start unless the
  instructor opts out with ``--Sandbox.allow_unsandboxed=True``.
- **Tests run apart from the student's code** (:class:`JudgedExecute`). The student's cells run in
  one kernel; each test cell runs in a second, sandboxed kernel that has never run student code,
  on the answers copied across as plain data (:mod:`jtbd_kit.answers`), with the course data read
  from a fixed read-only place and checked against the digests recorded when the assignment was
  generated (:mod:`jtbd_kit.coursedata`). Patching the kit, hooking IPython or reseeding random
  generators in the student's kernel cannot reach a test, and no test passes through that kernel.
- **The gradebook is checked after every notebook** (:class:`GradebookGuard`): a manual score,
  extra credit or comment that changed while the student's code ran is put back and logged.
- **Copied cells.** A pasted copy of a cell keeps its grading label. nbgrader keeps the last copy and
  empties the others' metadata, and its own metadata check then stops the *whole batch* ("old
  version of the nbgrader metadata format"). Here the other copies simply become ordinary cells.
- **Kernels that die** (``os._exit``, a crash, the memory limit) **or ignore the interrupt**
  sent at the time limit. nbgrader gives up on that student's notebook: no grades, no feedback.
  Here that cell scores 0 with an error that says what happened, a new kernel runs the cells above
  it again, and the rest of the notebook is graded. A cell's output is capped, and a notebook has
  a time budget of its own.
- **Warnings.** Any text on stderr in a test cell scores it 0 in nbgrader (one library warning is
  enough). Here only an error fails a test: stderr output is dropped before scoring.
- **Quiet when nothing is wrong.** nbgrader warns "checksum has changed" for every test cell with
  hidden tests of every student (:class:`QuietOverwriteCells` warns only for an edited read-only
  cell), and generate_feedback warned about a setting of its own.
- **Grades that say what is pending** (:class:`CsvWithPendingExport`): ``nbgrader export`` adds
  ``needs_manual_grade`` and ``pending_points``, so 10 of 13 with 3 points of written answers not
  graded yet does not read as a final grade.
- **Feedback.** nbgrader's feedback shows every test cell in full, hidden tests included, and its
  tracebacks quote them. Here a test cell shows only its visible part; a cell with hidden tests
  shows only whether it passed and its error's one line (name and message), and any output line
  that quotes hidden test code is blanked.

Only nbgrader's own settings and subclasses of its preprocessors are used, so plain
``nbgrader autograde`` and ``nbgrader generate_feedback`` pick all of this up.
"""

from __future__ import annotations

import ast
import atexit
import builtins
import copy
import html
import json
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import CsvExportPlugin
from nbgrader.preprocessors import DeduplicateIds, Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Integer, List, Unicode, default

from . import answers, coursedata, sandbox
from .sandbox import Sandbox, SandboxedKernelManager, SandboxUnavailable

__all__ = ["CsvWithPendingExport", "GradebookGuard", "HideHiddenTests", "JudgedExecute", "KeepGradingDataPrivate", "KeepLastCopy", "QuietOverwriteCells", "RecoveringExecute", "answer_names",
           "harden_nbgrader", "without_hidden_tests"]

KERNEL_DIED = (
    "The kernel stopped while running this cell: the code ended Python (os._exit), crashed, or used more "
    "memory than the grader allows. The grader started a new kernel, ran the cells above again and went "
    "on with the rest of the notebook; this cell scores 0.")
KERNEL_STUCK = (
    "This cell did not stop when the grader interrupted it at the time limit. The grader started a new "
    "kernel, ran the cells above again and went on with the rest of the notebook; this cell scores 0.")
GAVE_UP = "Not run: the kernel stopped too many times in this notebook."
HIDDEN_NOTE = "# (Hidden tests ran here. They are not shown.)"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REDACTED = "[a line of hidden test code was removed from this output]"


def harden_nbgrader(c) -> None:
    """Apply the settings above to an nbgrader config object ``c`` (safe to call twice)."""

    def defaults(converter, name):
        return list(converter.class_traits()[name].default())

    def swap(classes, old, new):
        return [new if k is old else k for k in classes]

    sanitize = swap(defaults(Autograde, "sanitize_preprocessors"), DeduplicateIds, KeepLastCopy)
    c.Autograde.sanitize_preprocessors = swap(sanitize, OverwriteCells, QuietOverwriteCells)
    c.Autograde.autograde_preprocessors = swap(defaults(Autograde, "autograde_preprocessors"), Execute, JudgedExecute)
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = r"[\s\S]*"  # any stderr text: only errors decide whether a test passed
    c.GenerateAssignment.preprocessors = defaults(GenerateAssignment, "preprocessors") + [KeepGradingDataPrivate]
    feedback = defaults(GenerateFeedback, "preprocessors")  # GetGrades, then the HTML header
    c.GenerateFeedback.preprocessors = feedback[:1] + [HideHiddenTests] + feedback[1:]
    c.ExportApp.plugin_class = CsvWithPendingExport


class QuietOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells, without its false alarm on every test cell with hidden tests.

    nbgrader compares each read-only cell of a submission with the source notebook, whose test cells
    still hold their hidden tests, so it warns "Attribute 'checksum' ... has changed!" for every such
    cell of every student, and an instructor learns to ignore the warning. Here a cell that is
    exactly what the student was given (the source without its hidden tests) is put back silently;
    an edited read-only cell is still reported, and put back either way.
    """

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and self._as_released(name):
            return
        super().report_change(name, attr, old, new)

    def preprocess_cell(self, cell, resources, cell_index):
        self._submitted = cell.source
        return super().preprocess_cell(cell, resources, cell_index)

    def _as_released(self, grade_id) -> bool:
        from nbgrader.preprocessors import ClearHiddenTests

        try:
            source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            released = NotebookNode(cell_type=source.cell_type, source=source.source, metadata={})
            ClearHiddenTests(parent=self)._remove_hidden_test_region(released)
        except Exception:  # anything odd: keep nbgrader's warning
            return False
        return released.source == self._submitted


class CsvWithPendingExport(CsvExportPlugin):
    """nbgrader's CSV export (same columns, properly quoted), plus what still waits for a person.

    ``needs_manual_grade`` is ``yes`` while a written answer of the submission has no score from a
    grader, and ``pending_points`` is how many points those answers are worth: without them a
    ``raw_score`` of 10 out of 13 reads as a final grade when 3 points are not graded yet.
    """

    COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
               "raw_score", "late_submission_penalty", "score", "max_score", "needs_manual_grade", "pending_points"]

    def export(self, gradebook) -> None:
        import csv

        from nbgrader.api import MissingEntry

        dest = self.to or "grades.csv"
        students, assignments = {str(s) for s in self.student}, {str(a) for a in self.assignment}
        self.log.info("Exporting grades to %s", dest)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=self.COLUMNS)
            writer.writeheader()
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
                           "last_name": student.last_name, "first_name": student.first_name,
                           "email": student.email, "max_score": assignment.max_score}
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:  # nothing handed in: zero, and nothing to grade by hand
                        row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0,
                                   needs_manual_grade="no", pending_points=0.0)
                    else:
                        penalty = submission.late_submission_penalty
                        pending = sum(g.max_score for nb in submission.notebooks for g in nb.grades
                                      if g.needs_manual_grade)
                        row.update(timestamp=submission.timestamp, raw_score=submission.score,
                                   late_submission_penalty=penalty, score=max(0.0, submission.score - penalty),
                                   needs_manual_grade="yes" if pending else "no", pending_points=float(pending))
                    writer.writerow({k: "" if v is None else v for k, v in row.items()})


class KeepGradingDataPrivate(NbGraderPreprocessor):
    """The released notebook does not carry the solution's list of grading data files (jtbd_kit.coursedata)."""

    def preprocess(self, nb, resources):
        nb.metadata.pop(coursedata.KEY, None)
        return nb, resources


class KeepLastCopy(DeduplicateIds):
    """nbgrader's DeduplicateIds (the last copy keeps the label), leaving the other copies as plain cells."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class RecoveringExecute(Execute):
    """nbgrader's Execute, which survives a kernel that dies or will not stop at the time limit."""

    max_restarts = Integer(3, help="Kernel restarts allowed per notebook; later cells are not run.").tag(config=True)
    probe_timeout = Integer(
        10, help="Seconds a kernel interrupted at the time limit has to answer again before it is restarted.",
    ).tag(config=True)

    start_attempts = Integer(3, help="Tries to start a kernel before giving up on a notebook.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        for attempt in range(1, self.start_attempts + 1):
            self._restarts, self._skip, self._timed_out, self._started = 0, set(), False, False
            try:
                return super().preprocess(nb, resources, km)
            except RuntimeError as error:  # "Kernel died before replying to kernel_info": no cell has run yet
                if self._started or attempt == self.start_attempts:
                    raise
                self.log.warning("The kernel did not start (%s); trying again", error)

    def start_new_kernel_client(self):
        """Start a kernel client; on a busy machine a kernel can lose its port to another process, so try again."""
        for attempt in range(1, self.start_attempts + 1):
            try:
                return super().start_new_kernel_client()
            except RuntimeError as error:
                if attempt == self.start_attempts:
                    raise
                self.log.warning("The kernel did not start (%s); trying again", error)
                self.km = self.create_kernel_manager()
                self.start_new_kernel()

    async def _async_handle_timeout(self, timeout, cell=None):
        self._timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    def preprocess_cell(self, cell, resources, index):
        if self._restarts > self.max_restarts:
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [_error("NotRun", GAVE_UP)]
            return cell, self.resources
        self._timed_out, self._started = False, True
        try:
            super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._recover(cell, index, "KernelDied", KERNEL_DIED)
            return cell, self.resources
        except CellTimeoutError:  # interrupted at the time limit, and still busy: it ignored the interrupt
            self._recover(cell, index, "KernelUnresponsive", KERNEL_STUCK)
            return cell, self.resources
        if self._timed_out and not self._answers():
            self._recover(cell, index, "KernelUnresponsive", KERNEL_STUCK)
        return cell, self.resources

    def _replays(self, cell) -> bool:
        """Whether a cell above a dead kernel's cell is run again in the new kernel."""
        return cell.cell_type == "code" and bool(cell.source.strip())

    def _answers(self) -> bool:
        """True when the kernel replies to a request within probe_timeout seconds."""
        saved, self.timeout = self.timeout, self.probe_timeout
        try:
            return self.wait_for_reply(self.kc.kernel_info()) is not None
        except DeadKernelError:
            return False
        finally:
            self.timeout = saved

    def _recover(self, cell, index, ename, message):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"#{index}")
        self.log.warning("%s in cell %s: restarting the kernel and running the cells above again", ename, grade_id)
        cell.outputs = list(cell.get("outputs", [])) + [_error(ename, message)]
        self._skip.add(index)
        self._restarts += 1
        while self._restarts <= self.max_restarts:
            saved, self.shutdown_kernel = self.shutdown_kernel, "immediate"  # a stuck kernel will not stop politely
            try:
                if self.km is not None:
                    self._cleanup_kernel()
            finally:
                self.shutdown_kernel = saved
            self.km = self.create_kernel_manager()
            self.start_new_kernel()
            self.start_new_kernel_client()
            try:
                for earlier in range(index):
                    source = self.nb.cells[earlier]
                    if earlier not in self._skip and self._replays(source):
                        replay = earlier
                        self.execute_cell(copy.deepcopy(source), earlier, store_history=False)
                return
            except DeadKernelError:
                self._skip.add(replay)
                self._restarts += 1


def _is_test(cell) -> bool:
    """An autograded test cell: code, graded, not an answer."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class _Names(ast.NodeVisitor):
    """The names a test cell reads but never sets itself: the answers it tests."""

    def __init__(self):
        self.read, self.set = set(), set()

    def visit_Name(self, node):
        (self.read if isinstance(node.ctx, ast.Load) else self.set).add(node.id)

    def _define(self, node):
        self.set.add(node.name)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _define

    def visit_arg(self, node):
        self.set.add(node.arg)

    def visit_Import(self, node):
        self.set.update((alias.asname or alias.name).split(".")[0] for alias in node.names)

    visit_ImportFrom = visit_Import


def answer_names(source: str) -> list[str]:
    """The names of the answers a test cell reads.

    >>> answer_names("from builtins import len\\nassert len(q1_verdicts) == 9 and _x\\n_x = 1")
    ['q1_verdicts']
    """
    names = _Names()
    try:
        names.visit(ast.parse(source))
    except SyntaxError:
        return []
    return sorted(names.read - names.set - set(dir(builtins)))


def test_imports(sources) -> str:
    """Code that imports, ahead of time, what the test cells import (each import may fail quietly)."""
    lines = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                lines += [f"import {alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                lines.append(f"import {node.module}")
    wanted = [line for line in dict.fromkeys(lines) if line != "import builtins"]
    return "".join(f"try:\n    {line}\nexcept Exception:\n    pass\n" for line in wanted)


# Read the answers with the kit's own answers.py, loaded by its absolute path (a jtbd_kit/ folder the
# student's code made, or a patched sys.modules, does not change which code reads them).
EXPORT = ("import importlib.util as _jtbd_util\n"
          "_jtbd_spec = _jtbd_util.spec_from_file_location('_jtbd_answers', {path!r})\n"
          "_jtbd_answers = _jtbd_util.module_from_spec(_jtbd_spec)\n"
          "_jtbd_spec.loader.exec_module(_jtbd_answers)\n"
          "_jtbd_answers.show(__import__('builtins').globals(), {names!r})\n"
          "del _jtbd_util, _jtbd_spec, _jtbd_answers\n")
LOAD = "__import__('jtbd_kit.answers', fromlist=['load_into']).load_into(get_ipython(), {payload!r})"
OUTPUT_KEPT = "jtbd-grader: this cell printed {dropped:,} more characters than the {kept:,} the grader keeps; they were dropped."
OUT_OF_TIME = "Not run: the notebook used up the {minutes:g} minutes the grader gives one notebook."
UNREADABLE = ("The grader could not read your answers {names} from your notebook: its kernel stopped or did not "
              "answer in time while they were read. These tests score 0.")
JUDGE_DIED = "The grader's test kernel stopped while testing your answers (were they very large?). This test scores 0."
UNSAFE = ("GRADING WITHOUT A SANDBOX (--Sandbox.allow_unsandboxed=True): {why}. Each submission's code can read the "
          "gradebook, the solutions and other students' work, change files and leave processes running.")


class JudgedExecute(RecoveringExecute):
    """Grade with two kernels, each in its own sandbox (jtbd_kit.sandbox): the student's and the tests'.

    The student's cells run in the first kernel. Test cells never do: before each one, the answers it
    reads are copied out of the student's kernel as plain data (jtbd_kit.answers) and the test runs in
    the second kernel, where no student code has run. Nothing the student's code does to its own
    kernel (patching the kit or pandas, hooking IPython, reseeding random generators, changing
    folder) reaches a test, and no test's code or output passes through the student's kernel.

    The test kernel reads the course data from a fixed read-only place, each file checked against the
    digest recorded when the assignment was generated (jtbd_kit.coursedata). Where no sandbox can run,
    grading stops unless ``c.Sandbox.allow_unsandboxed = True``.
    """

    output_limit = Integer(1_000_000, help="Characters of output kept per cell of the student's; the rest is dropped.").tag(config=True)
    notebook_timeout = Integer(1200, help="Seconds the student's cells of one notebook may take in all.").tag(config=True)
    answers_limit = Integer(200_000_000, help="Largest size, in characters, of the answers read for one test.").tag(config=True)
    judge_reuse = Integer(40, help=(
        "Notebooks of one assignment whose tests may run in the same test kernel, one after another (0: a new "
        "test kernel for every notebook). It never runs student code and its answers are emptied before each "
        "notebook; a kernel that stopped, timed out or was sent big answers is never reused.")).tag(config=True)
    reuse_answers_limit = Integer(20_000_000, help=(
        "A test kernel that was sent answers bigger than this, in characters, is not reused.")).tag(config=True)

    _shared = None  # the test kernel kept for the next notebook: {"key", "km", "kc", "home", "uses"}

    @default("shutdown_kernel")
    def _kill_at_the_end(self):
        return "immediate"  # nothing of the student's kernel is kept: killing it saves the graceful wait

    def preprocess(self, nb, resources=None, km=None):
        resources = resources if resources is not None else {}
        self._settings = Sandbox(parent=self)
        why = self._settings.problem().rstrip(".")
        if why and not self._settings.allow_unsandboxed:
            raise SandboxUnavailable(
                f"Grading refused: {why}. Student code must not run unsandboxed. Install bubblewrap, or, only for "
                "notebooks you trust, pass --Sandbox.allow_unsandboxed=True (see docs/authoring.md).")
        self._sandboxed = not why
        if why:
            self.log.warning(UNSAFE.format(why=why))
        info = resources.get("nbgrader", {})
        coursedir = CourseDirectory(config=self.config)
        data = self._course_data(coursedir, info)
        self._private = tempfile.mkdtemp(prefix="jtbd-grading-")
        digests = {rel: coursedata.digest(path) for part in data.values() for rel, path in part.items()}
        if self._sandboxed:
            folder = sandbox.COURSE_DATA
        else:  # a private copy for the test kernel, checked again by course_data() when a test reads it
            folder = os.path.join(self._private, "course-data")
            for rel, path in {**data["student"], **data["grader"]}.items():
                os.makedirs(os.path.dirname(os.path.join(folder, rel)), exist_ok=True)
                shutil.copyfile(path, os.path.join(folder, rel))
        env = {coursedata.ENV_FOLDER: folder, coursedata.ENV_DIGESTS: json.dumps(digests)}
        self._student_spec = sandbox.Spec("student", student_data=data["student"])
        self._judge_spec = sandbox.Spec("judge", student_data=data["student"], grader_data=data["grader"], env=env)
        guard = GradebookGuard(info.get("db_url") or coursedir.db_url, coursedir.course_id, self.log)
        guard.snapshot()
        self._clock, self._cache, self._capping = time.monotonic(), None, False
        self._judge_km = self._judge_kc = None
        # The test kernel of the notebook before is reused when it graded the same assignment the same way
        # and nothing went wrong there: it never ran student code, and its answers are emptied below.
        self._judge_key = json.dumps([sorted((k, str(v)) for k, v in data["student"].items()),
                                      sorted((k, str(v)) for k, v in data["grader"].items()), env,
                                      self.kernel_name or nb.metadata.get("kernelspec", {}).get("name"),
                                      self._settings.trait_values(config=True)], sort_keys=True, default=str)
        self._reusable = self._sandboxed and self.judge_reuse > 0
        try:
            if not self._take_shared_judge():
                self._start_judge(nb)
            return super().preprocess(nb, resources, km)
        finally:
            self._keep_or_stop_judge()
            shutil.rmtree(self._private, ignore_errors=True)
            guard.restore(f"{info.get('student', '?')}/{info.get('assignment', '?')}")

    def _course_data(self, coursedir, info) -> dict:
        assignment, notebook = info.get("assignment"), info.get("notebook")
        if not assignment or not notebook:
            return {"student": {}, "grader": {}}
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        try:
            metadata = json.loads(source.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            metadata = {}  # no source notebook here: the assignment declares no data
        return coursedata.check(metadata, coursedir.root)

    # ------------------------------------------------------------ kernels

    def _manager(self, spec):
        kwargs = {"config": self.config, "kernel_name": self.kernel_name or "python3"}
        if self._sandboxed:
            return SandboxedKernelManager(spec=spec, settings=self._settings, **kwargs)
        return AsyncKernelManager(**kwargs)

    def create_kernel_manager(self):
        if not self.kernel_name:
            self.kernel_name = self.nb.metadata.get("kernelspec", {}).get("name") or "python3"
        self.km = self._manager(self._student_spec)
        return self.km

    def _take_shared_judge(self) -> bool:
        """Use the test kernel the notebook before left, if it may be reused here (see judge_reuse)."""
        shared, JudgedExecute._shared = JudgedExecute._shared, None
        if shared is None:
            return False
        if (not self._reusable or shared["key"] != self._judge_key or shared["uses"] >= self.judge_reuse
                or not self._responds(shared["kc"])):
            self._stop(shared["km"], shared["kc"], shared["home"])
            return False
        self._judge_km, self._judge_kc, self._judge_home = shared["km"], shared["kc"], shared["home"]
        self._judge_ready, self._judge_uses = True, shared["uses"]
        self._loaded, self._judge_clean = None, True  # the first test here loads this notebook's answers
        return True

    def _responds(self, kc) -> bool:
        """Whether a kept test kernel still answers (a dead one must not cost the next student a test)."""
        try:
            msg_id = kc.kernel_info()
            deadline = time.monotonic() + self.probe_timeout
            while time.monotonic() < deadline:  # skip any reply left over from the notebook before
                reply = run_sync(kc.get_shell_msg)(timeout=max(0.01, deadline - time.monotonic()))
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return True
        except Exception:
            pass
        return False

    def _keep_or_stop_judge(self):
        if self._judge_km is None:
            return
        if self._reusable and self._judge_clean and self._judge_ready:
            JudgedExecute._shared = {"key": self._judge_key, "km": self._judge_km, "kc": self._judge_kc,
                                     "home": self._judge_home, "uses": self._judge_uses + 1}
            self._judge_km = self._judge_kc = None
            return
        self._stop_judge()

    def _start_judge(self, nb):
        self._judge_km = self._manager(self._judge_spec)
        home = self._judge_home = tempfile.mkdtemp(prefix="jtbd-judge-")
        self._judge_uses, self._judge_clean = 0, True
        run_sync(self._judge_km.start_kernel)(cwd=home, extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self._judge_kc = self._judge_km.client()
        self._judge_kc.start_channels()
        self._judge_ready = False
        self._loaded = None  # the payload the test kernel holds now (a new kernel holds none)
        warm = test_imports(c.source for c in nb.cells if _is_test(c))
        if warm:  # imports the tests need, while the student's cells run: it is queued until the kernel is up
            self._judge_kc.execute(warm, silent=True, store_history=False)

    def _stop_judge(self):
        if self._judge_km is None:
            return
        self._stop(self._judge_km, self._judge_kc, self._judge_home, self.log)
        self._judge_km = self._judge_kc = None

    @staticmethod
    def _stop(km, kc, home, log=None):
        try:
            if kc is not None:
                kc.stop_channels()
            run_sync(km.shutdown_kernel)(now=True)
            run_sync(km.cleanup_resources)()
        except Exception as error:  # the sandbox dies with its process either way
            if log is not None:
                log.debug("stopping the test kernel: %s", error)
        shutil.rmtree(home, ignore_errors=True)

    @classmethod
    def stop_shared_judge(cls):
        """Stop the test kernel kept for the next notebook (at exit; bwrap would end it with nbgrader anyway)."""
        shared, cls._shared = cls._shared, None
        if shared is not None:
            cls._stop(shared["km"], shared["kc"], shared["home"])

    def _restart_judge(self):
        self._stop_judge()
        self._start_judge(self.nb)
        self._judge_clean = False  # something went wrong in this notebook's tests: the next gets a new kernel

    @contextmanager
    def _in_judge(self):
        saved = self.km, self.kc
        self.km, self.kc = self._judge_km, self._judge_kc
        try:
            if not self._judge_ready:
                run_sync(self._judge_kc.wait_for_ready)(timeout=self.startup_timeout)
                self._judge_ready = True
            yield
        finally:
            self.km, self.kc = saved

    def _aside(self, source: str, index: int):
        """Run code in the current kernel without touching the notebook; return its outputs."""
        scratch = NotebookNode(cell_type="code", source=source, metadata={}, outputs=[], execution_count=None)
        saved = self.nb.cells[index]
        try:
            self.execute_cell(scratch, index, store_history=False)
        finally:
            self.nb.cells[index] = saved
        return scratch.outputs

    # ------------------------------------------------------------ cells

    def _replays(self, cell) -> bool:
        return super()._replays(cell) and not _is_test(cell)

    def preprocess_cell(self, cell, resources, index):
        if _is_test(cell):
            return self._judge(cell, resources, index)
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, self.resources
        if time.monotonic() - self._clock > self.notebook_timeout:
            cell.outputs = [_error("NotRun", OUT_OF_TIME.format(minutes=self.notebook_timeout / 60))]
            return cell, self.resources
        self._cache = None
        self._capping, self._kept, self._dropped = True, 0, 0
        try:
            cell, out = super().preprocess_cell(cell, resources, index)
        finally:
            self._capping = False
        if self._dropped:
            cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=OUTPUT_KEPT.format(
                dropped=self._dropped, kept=self.output_limit) + "\n"))
        return cell, out

    def output(self, outs, msg, display_id, cell_index):
        if self._capping:
            content = msg.get("content", {})
            size = len(content.get("text", "")) if msg.get("msg_type") == "stream" else sum(
                len(v) if isinstance(v, str) else len(json.dumps(v)) for v in content.get("data", {}).values())
            if self._kept + size > self.output_limit:
                self._dropped += size
                return None
            self._kept += size
        return super().output(outs, msg, display_id, cell_index)

    def _read_answers(self, names, index):
        """The answers `names` as a JSON text read from the student's kernel, or None when it failed."""
        if not names:
            return "{}"
        if self._cache is not None and set(names) <= self._cache[0]:
            return self._cache[1]
        if self._restarts > self.max_restarts:
            return None
        self._timed_out = False
        scratch_error = NotebookNode(outputs=[])
        try:
            outputs = self._aside(EXPORT.format(path=answers.__file__, names=list(names)), index)
        except DeadKernelError:
            self._recover(scratch_error, index, "KernelDied", KERNEL_DIED)
            return None
        except CellTimeoutError:
            self._recover(scratch_error, index, "KernelUnresponsive", KERNEL_STUCK)
            return None
        if self._timed_out:
            if not self._answers():
                self._recover(scratch_error, index, "KernelUnresponsive", KERNEL_STUCK)
            return None
        found = [o.get("data", {}).get(answers.MIME) for o in outputs if o.get("output_type") == "display_data"]
        payload = next((p for p in found if type(p) is str), None)
        if payload is None or len(payload) > self.answers_limit:
            return None
        self._cache = (set(names), payload)
        return payload

    def _judge(self, cell, resources, index):
        names = answer_names(cell.source)
        payload = self._read_answers(names, index)
        if payload is None:
            cell.outputs = [_error("AnswersUnreadable", UNREADABLE.format(names=", ".join(names)))]
            return cell, self.resources
        try:
            with self._in_judge():
                if payload != self._loaded:  # tests of the same answers share one load, as in one kernel
                    if len(payload) > self.reuse_answers_limit:
                        self._judge_clean = False
                    for output in self._aside(LOAD.format(payload=payload), index):
                        if output.get("output_type") == "error":
                            self.log.error("The test kernel could not load the answers: %s: %s", output.ename,
                                           output.evalue)
                    self._loaded = payload
                self._timed_out = False
                ExecutePreprocessor.preprocess_cell(self, cell, resources, index)
            if self._timed_out:
                self._judge_clean = False
                if not self._judge_answers():
                    self._restart_judge()
        except (DeadKernelError, CellTimeoutError, RuntimeError) as error:
            self.log.warning("The test kernel stopped in cell %s (%s): starting a new one", cell.metadata.get(
                "nbgrader", {}).get("grade_id", index), type(error).__name__)
            cell.outputs = list(cell.get("outputs", [])) + [_error("TestKernelDied", JUDGE_DIED)]
            self._restart_judge()
        return cell, self.resources

    def _judge_answers(self) -> bool:
        saved = self.km, self.kc
        self.km, self.kc = self._judge_km, self._judge_kc
        try:
            return super()._answers()
        finally:
            self.km, self.kc = saved


class GradebookGuard:
    """Puts back any manual score, extra credit or written comment that changed while a student's code ran.

    Only graders enter those (in Formgrader); a submission's code never may. The grader takes a
    snapshot before the notebook runs and compares after: every change is logged as an error, with
    its old and new value, and undone. (A grader typing in Formgrader at that very moment would see
    that entry undone and named in the log.)
    """

    def __init__(self, db_url: str, course_id: str, log):
        self.db_url, self.course_id, self.log = db_url, course_id, log
        self.before = None

    def _read(self, gb) -> dict:
        from nbgrader.api import Comment, Grade

        # Only the columns (no ORM objects): a class's gradebook holds thousands of rows, read twice a notebook.
        state = {("grade", i): (score, extra) for i, score, extra in
                 gb.db.query(Grade.id, Grade.manual_score, Grade.extra_credit)}
        state.update({("comment", i): (text,) for i, text in gb.db.query(Comment.id, Comment.manual_comment)})
        return state

    def snapshot(self) -> None:
        from nbgrader.api import Gradebook

        try:
            with Gradebook(self.db_url, self.course_id) as gb:
                self.before = self._read(gb)
        except Exception as error:  # no gradebook yet (a notebook run outside nbgrader autograde)
            self.log.debug("no gradebook snapshot: %s", error)
            self.before = None

    def restore(self, who: str) -> list[str]:
        """Undo what changed since the snapshot; return what was undone (also logged as errors)."""
        from nbgrader.api import Comment, Grade, Gradebook

        if self.before is None:
            return []
        undone = []
        with Gradebook(self.db_url, self.course_id) as gb:
            for (kind, row_id), now in self._read(gb).items():
                then = self.before.get((kind, row_id), (None,) * len(now))
                if now == then:
                    continue
                if kind == "grade":
                    row = gb.db.query(Grade).get(row_id)
                    row.manual_score, row.extra_credit = then
                    label = f"grade {row.name} of {row.student.id}/{row.assignment.name}: manual score and extra credit"
                else:
                    row = gb.db.query(Comment).get(row_id)
                    (row.manual_comment,) = then
                    label = f"comment {row.name} of {row.student.id}/{row.assignment.name}"
                undone.append(f"{label} {now!r} -> put back {then!r}")
            if undone:
                gb.db.commit()
        for line in undone:
            self.log.error("GRADEBOOK CHANGED while %s was graded, and no grader did it: %s", who, line)
        return undone


def without_hidden_tests(source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS") -> tuple[str, list[str]]:
    """The source without its hidden-test regions, and the lines that were removed.

    >>> shown, hidden = without_hidden_tests("assert x\\n### BEGIN HIDDEN TESTS\\nassert x == 3\\n### END HIDDEN TESTS")
    >>> shown.splitlines(), hidden
    (['assert x', '# (Hidden tests ran here. They are not shown.)'], ['assert x == 3'])
    """
    kept, hidden, inside = [], [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            if HIDDEN_NOTE not in kept:
                kept.append(HIDDEN_NOTE)
        elif end in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            kept.append(line)
    return "\n".join(kept), hidden


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: test cells lose their hidden part, and no output quotes hidden test code."""

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)
    min_quote = Integer(10, help="Shorter hidden lines ('])', 'else:') are too common to blank out.").tag(config=True)
    # nbconvert hands every preprocessor of the feedback exporter this setting; nbgrader's own GetGrades
    # declares it configurable, so must we, or generate_feedback warns "not recognized" for each run.
    display_data_priority = List(NbGraderPreprocessor.display_data_priority.default_value).tag(config=True)

    def preprocess(self, nb, resources):
        hidden, shown = set(), set()
        for cell in nb.cells:
            if cell.cell_type == "code" and self.begin_test_delimeter in cell.source:
                kept, removed = without_hidden_tests(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
                hidden.update(line.strip() for line in removed)
                shown.update(line.strip() for line in kept.splitlines())
            else:
                shown.update(line.strip() for line in cell.source.splitlines())
        markers = {self.begin_test_delimeter, self.end_test_delimeter}
        self._quotes = sorted(markers | {q for q in hidden - shown if len(q) >= self.min_quote})
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        had_hidden = utils.is_grade(cell) and self.begin_test_delimeter in cell.source
        if had_hidden:
            cell.source, _ = without_hidden_tests(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
            # Only whether it passed, and the test's own message: nothing a cell printed or displayed.
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and had_hidden:
                output.traceback = [f"{output.ename}: {output.evalue}"]
            for key in ("text", "evalue"):
                if isinstance(output.get(key), str):
                    output[key] = self._blank(output[key])
            if "traceback" in output:
                output.traceback = [self._blank(line) for line in output.traceback]
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    output.data[mime] = self._blank(value)
        return cell, resources

    def _blank(self, text: str) -> str:
        if not self._quotes:
            return text
        return "\n".join(REDACTED if any(q in html.unescape(ANSI.sub("", line)) for q in self._quotes) else line
                         for line in text.split("\n"))


atexit.register(JudgedExecute.stop_shared_judge)
