"""nbgrader, hardened for grading a whole class: one broken or hostile notebook costs only its own
cells, and feedback never shows hidden tests.

Switch it on in ``nbgrader_config.py``, after ``c = get_config()``::

    from jtbd_kit.grading import harden_nbgrader
    harden_nbgrader(c)

What changes, compared with nbgrader 0.9.6 as it comes (each was seen on this stack):

- **Copied cells.** A pasted copy of a cell keeps its grading label. nbgrader keeps the last copy and
  empties the others' metadata, and its own metadata check then stops the *whole batch* ("old
  version of the nbgrader metadata format"). Here the other copies simply become ordinary cells.
- **Kernels that die** (``os._exit``, a crash, the out-of-memory killer) **or ignore the interrupt**
  sent at the time limit. nbgrader gives up on that student's notebook: no grades, no feedback.
  Here that cell scores 0 with an error that says what happened, a new kernel runs the cells above
  it again, and the rest of the notebook is graded.
- **Warnings.** Any text on stderr in a test cell scores it 0 in nbgrader (one library warning is
  enough). Here only an error fails a test: stderr output is dropped before scoring.
- **Feedback.** nbgrader's feedback shows every test cell in full, hidden tests included, and its
  tracebacks quote them. Here a test cell shows only its visible part, an error in a cell with
  hidden tests shows as one line (its name and message), and any output line that quotes hidden
  test code is blanked.

Only nbgrader's own settings and subclasses of its preprocessors are used, so plain
``nbgrader autograde`` and ``nbgrader generate_feedback`` pick all of this up.
"""

from __future__ import annotations

import copy
import html
import re

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import DeduplicateIds, Execute, NbGraderPreprocessor
from traitlets import Integer, Unicode

__all__ = ["HideHiddenTests", "KeepLastCopy", "RecoveringExecute", "harden_nbgrader", "without_hidden_tests"]

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

    c.Autograde.sanitize_preprocessors = swap(defaults(Autograde, "sanitize_preprocessors"), DeduplicateIds, KeepLastCopy)
    c.Autograde.autograde_preprocessors = swap(defaults(Autograde, "autograde_preprocessors"), Execute, RecoveringExecute)
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = r"[\s\S]*"  # any stderr text: only errors decide whether a test passed
    feedback = defaults(GenerateFeedback, "preprocessors")  # GetGrades, then the HTML header
    c.GenerateFeedback.preprocessors = feedback[:1] + [HideHiddenTests] + feedback[1:]


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
                    if earlier not in self._skip and source.cell_type == "code" and source.source.strip():
                        replay = earlier
                        self.execute_cell(copy.deepcopy(source), earlier, store_history=False)
                return
            except DeadKernelError:
                self._skip.add(replay)
                self._restarts += 1


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
