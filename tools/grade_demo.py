"""Grade a whole simulated class with real nbgrader, hostile submissions included (`make grade-demo`).

In a new temporary course folder, this script:

1. copies the course's nbgrader_config.py, solutions/ and datasets/, and adds the demo's settings:
   a shorter time limit per cell, and jtbd_kit.grading.harden_nbgrader when the course config does
   not switch it on itself;
2. releases every assignment (nbgrader generate_assignment and release_assignment);
3. writes a class of submissions for each assignment by editing the released notebook: model
   answers, partly answered, blank, the hostile and broken cases below, and the
   assignment-specific students of tools/grade_demo_cases/<assignment>.yaml (wrong answers and cheats);
4. inspects the submissions as an instructor would (renamed notebooks, deleted or copied cells,
   edited read-only cells, suspicious code);
5. runs nbgrader autograde on every assignment (tools/autograde.py: one nbgrader process per core,
   each with a share of the students, hostile ones included), then generate_feedback and export;
6. checks that every student has a row in the export, that every test cell scored exactly as the
   expected table says, that no feedback file shows hidden test code, and that the report flags
   every planted problem;
7. prints a summary table and the instructor's report, and saves a chart of the questions the
   class missed most.

It exits with status 1 when any check fails. Generic cases need no data: they follow the course's
conventions (cells `qN-answer...` answer question N, cells `qN-tests-...` test it; see
docs/authoring.md), so a new assignment is covered as soon as its solutions/ folder exists.

    python tools/grade_demo.py                 # the full class: at least 30 students per assignment
    python tools/grade_demo.py --small         # one student of each kind (what `make test` runs)
    python tools/grade_demo.py --out DIR       # keep the course, feedback, CSV and chart in DIR
"""

from __future__ import annotations

import argparse
import ast
import base64
import copy
import csv
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from jtbd_kit.selfcheck import inspect_notebook, manifest

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tools" / "grade_demo_cases"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
STRUCTURE = {"renamed", "cell-missing", "cell-copied", "id-duplicated", "locked-edited"}
EVENTS = {"KernelDied": "kernel-died", "KernelUnresponsive": "kernel-unresponsive",
          "CellTimeoutError": "timeout", "NotRun": "not-run", "AnswersUnreadable": "answers-unreadable",
          "TestKernelDied": "test-kernel-died"}
OUTPUT_CAPPED = "jtbd-grader: this cell printed"  # jtbd_kit.grading's note on a cell whose output it cut
SURVIVOR = "jtbd-survivor"  # in the command line of every process the survivor students start

# Student code that makes an instructor look twice: hints, not verdicts.
BUILTINS = r"(type|len|all|any|isinstance|issubclass|list|str|dict|tuple|bool|set|sorted|zip)"
SUSPICIOUS = [
    (re.compile(r"\bjtbd_kit(\.\w+)+\s*=(?!=)|setattr\(\s*jtbd_kit"), "replaces part of jtbd_kit"),
    (re.compile(rf"^\s*(def\s+{BUILTINS}\s*\(|{BUILTINS}\s*=(?!=))", re.M), "redefines a Python built-in"),
    (re.compile(r"\b(builtins|__builtins__|sys\.modules)\b"), "touches Python's built-ins or sys.modules"),
    (re.compile(r"def\s+__(eq|ne|hash)__"), "defines __eq__, __ne__ or __hash__ (an answer equal to anything?)"),
    (re.compile(r"\bos\._exit\b|\bos\.kill\b|\bsys\.exit\b"), "ends the kernel or the program"),
    (re.compile(r"except\s+(KeyboardInterrupt|BaseException)\b|except\s*:"), "catches KeyboardInterrupt"),
    (re.compile(r"gradebook|\bsqlite3\b"), "looks for the gradebook or opens a database"),
    (re.compile(r"\bsolutions\b|\bsubmitted\b|\bautograded\b|\bexchange\b"), "looks for the course's folders"),
    (re.compile(r"\.parents\b|\.\./|\.parent\.parent"), "walks up out of its own folder"),
    (re.compile(r"\bsubprocess\b|\bos\.fork\b|\bos\.exec\w*|\bos\.system\b|\bmultiprocessing\b"), "starts other processes"),
    (re.compile(r"\bsocket\b|\burllib\b|\brequests\b|\bhttp\.client\b"), "opens network connections"),
    (re.compile(r"get_ipython\(\)|\bIPython\b|\bipykernel\b"), "changes how the notebook runs cells (IPython)"),
    (re.compile(r"\bos\.chdir\b"), "changes the working folder"),
    (re.compile(r"\b(random|np\.random|numpy\.random)\.seed\b"), "reseeds the random generators"),
    (re.compile(r"\.write_(text|bytes)\(|\bopen\([^)]*['\"][wax]b?\+?['\"]|\bmkdir\b"), "writes files"),
    (re.compile(r"\bsys\.path\b|jtbd_kit/__init__|importlib"), "changes what `import` finds"),
    (re.compile(r"\bwidgets\.\w+\(|\bipywidgets\b"), "makes widgets in an answer (can a grader click them?)"),
]

LOOP = "while True:  # an endless loop\n    pass"
EXIT = "import os\nos._exit(1)  # ends the kernel at once"
MEMORY = ("import os, signal\n_hog = b'x' * ({mb} * 1024 * 1024)  # {mb} MB of memory really used\n"
          "os.kill(os.getpid(), signal.SIGKILL)  # then killed, as the out-of-memory killer does")
SYSEXIT = 'import sys\nsys.exit("I give up")'
STUBBORN = ("import time\nwhile True:  # an endless loop that ignores the grader's interrupt\n"
            "    try:\n        time.sleep(0.2)\n    except KeyboardInterrupt:\n        pass")
HISTORY = 'print("\\n".join(In))  # shows every cell run so far: tries to leak the hidden tests into the feedback'
NOISE = ("import sys as _sys, warnings as _warnings\n"
         "print('note to self: this answer works', file=_sys.stderr)\n"
         "_warnings.warn('a warning from the answer cell')\n")
NOISY_FUNCTION = ("def _noisy(function):\n"
                  "    def wrapped(*args, **kwargs):\n"
                  "        print('debug: called with', args, file=_sys.stderr)\n"
                  "        _warnings.warn('a warning each time the function runs')\n"
                  "        return function(*args, **kwargs)\n"
                  "    return wrapped\n")


# ---------------------------------------------------------------- notebooks as JSON


def read_json(path: Path) -> dict:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def write_json(nb: dict, path: Path) -> None:
    """Write a notebook as it is (nbformat would quietly repair duplicate cell ids)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def meta(cell: dict) -> dict:
    found = cell.get("metadata", {}).get("nbgrader")
    return found if isinstance(found, dict) else {}


def question_of(cell_id: str) -> str:
    return cell_id.split("-")[0]


def model_answer(source: str) -> str:
    """An answer cell of the solution notebook without its BEGIN/END SOLUTION lines."""
    return "\n".join(line for line in source.split("\n") if BEGIN_SOLUTION not in line and END_SOLUTION not in line)


@dataclass
class Assignment:
    """A released assignment, with the model answers of its solution notebook."""

    name: str
    release: dict
    model: dict[str, str]  # answer cell id -> model answer
    tests: dict[str, float]  # test cell id -> points, in notebook order
    written: list[str]  # answer cells graded by hand
    hidden: set[str]  # lines of hidden tests (solution notebook)
    depends: dict[str, set[str]] = field(default_factory=dict)  # question -> questions whose answers it uses

    @property
    def questions(self) -> list[str]:
        return list(dict.fromkeys(question_of(t) for t in self.tests))

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    def tests_of(self, questions) -> set[str]:
        return {t for t in self.tests if question_of(t) in set(questions)}

    def broken_by(self, questions) -> set[str]:
        """The questions that fail when `questions` fail: themselves and all that use their answers."""
        out = set(questions)
        while True:
            more = {q for q, needs in self.depends.items() if needs & out} - out
            if not more:
                return out
            out |= more

    def working(self, answered) -> set[str]:
        """The questions that pass when only `answered` are answered (their answers need no other)."""
        return set(self.questions) - self.broken_by(set(self.questions) - set(answered))

    def code_answer(self, question: str) -> str:
        cells = [c["id"] for c in self.release["cells"]
                 if meta(c).get("solution") and c["cell_type"] == "code" and question_of(c["id"]) == question]
        return cells[0]

    def expand(self, names) -> set[str]:
        """Test cell ids from a list of questions ('q1') and test cell ids ('q1-tests-2')."""
        out = set()
        for name in names:
            out |= {name} if name in self.tests else self.tests_of([name])
        return out


def load_assignment(course: Path, name: str) -> Assignment:
    release = read_json(course / "exercises" / name / f"{name}.ipynb")
    source = read_json(course / "solutions" / name / f"{name}.ipynb")
    model = {c["id"]: model_answer(c["source"]) for c in source["cells"] if meta(c).get("solution")}
    tests = {c["id"]: float(meta(c).get("points", 0)) for c in release["cells"]
             if c["cell_type"] == "code" and meta(c).get("grade") and not meta(c).get("solution")}
    written = [c["id"] for c in release["cells"] if meta(c).get("grade") and meta(c).get("solution")]
    hidden, shown = set(), set()
    for cell in source["cells"]:
        inside = False
        for line in cell["source"].split("\n"):
            if BEGIN_HIDDEN in line:
                inside = True
            elif END_HIDDEN in line:
                inside = False
            else:
                (hidden if inside else shown).add(line.strip())
    a = Assignment(name, release, model, tests, written, {h for h in hidden - shown if len(h) >= 10})
    a.depends = answer_dependencies(a, source)
    return a


class _Names(ast.NodeVisitor):
    """Names a cell defines at top level, and names it reads."""

    def __init__(self):
        self.defined, self.read, self.depth = set(), set(), 0

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.read.add(node.id)
        elif self.depth == 0:
            self.defined.add(node.id)

    def _scope(self, node):
        if self.depth == 0 and hasattr(node, "name"):
            self.defined.add(node.name)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _scope
    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _scope

    def visit_Import(self, node):
        if self.depth == 0:
            self.defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)

    visit_ImportFrom = visit_Import


def _names(source: str) -> _Names:
    names = _Names()
    try:
        names.visit(ast.parse(source))
    except SyntaxError:
        pass
    return names


def answer_dependencies(a: Assignment, source: dict) -> dict[str, set[str]]:
    """Which questions use the answers of which others (a survey pipeline reads Q1's cleaned data).

    Found from the model answers and the tests: question q depends on p when q's cells read a
    name that only p's answer cells define.
    """
    cells = [c for c in source["cells"] if c["cell_type"] == "code" and question_of(c.get("id", "")) in a.questions]
    defined = {q: set() for q in a.questions}
    for c in cells:
        if c["id"] in a.model:
            defined[question_of(c["id"])] |= _names(a.model[c["id"]]).defined
    depends = {}
    for q in a.questions:
        mine = [_names(a.model.get(c["id"], c["source"])) for c in cells if question_of(c["id"]) == q]
        read = set().union(*(n.read for n in mine)) - set().union(*(n.defined for n in mine))
        depends[q] = {p for p in a.questions if p != q and read & defined[p]}
    return depends


# ---------------------------------------------------------------- the simulated class


@dataclass
class Student:
    id: str
    assignment: str
    kind: str
    about: str
    zero: set[str]  # test cells that must score 0; every other test must score full points
    expect: set[str] = field(default_factory=set)  # what the instructor's report must flag
    notebook: dict = field(default_factory=dict)
    filename: str = ""
    graded: bool = True  # False when nbgrader cannot grade it at all (a renamed notebook)


def cell(nb: dict, cell_id: str) -> dict:
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def answered(a: Assignment, questions, written: bool = True) -> dict:
    """The released notebook with the model answers of `questions` (and the written ones) filled in."""
    nb = copy.deepcopy(a.release)
    for c in nb["cells"]:
        if c.get("id") in a.model and (question_of(c["id"]) in set(questions) or (written and c["id"] in a.written)):
            c["source"] = a.model[c["id"]]
    return nb


def function_names(source: str) -> list[str]:
    try:
        return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
    except SyntaxError:
        return []


def generic_students(a: Assignment, memory_mb: int, small: bool = False, share: tuple[int, int] = (0, 1)) -> list[Student]:
    """Students every assignment gets, built from the course's cell conventions alone.

    With ``share=(i, n)`` only every n-th hostile or broken kind is made, starting at the i-th: the
    small class spreads those kinds over the n assignments.
    """
    everything = a.questions
    out = [Student("", a.name, "correct", "model answers everywhere", set(), notebook=answered(a, everything)),
           Student("", a.name, "blank", "hands in the exercise untouched", set(a.tests), notebook=copy.deepcopy(a.release))]
    subsets = [list(s) for size in range(1, len(everything)) for s in itertools.combinations(everything, size)]
    for chosen in subsets[:1] if small else subsets[:6]:
        out.append(Student("", a.name, "partly-answered", f"answers {', '.join(q.upper() for q in chosen)} only",
                           set(a.tests) - a.tests_of(a.working(chosen)), notebook=answered(a, chosen, written=False)))
    pick = itertools.cycle(everything)
    hostile = [kind(a, next(pick), memory_mb) for kind in HOSTILE + ATTACKS]
    return out + hostile[share[0]::share[1]]


def _broken(a: Assignment, kind: str, about: str, question: str, code: str, expect=()) -> Student:
    """Model answers, except one question: its first code answer holds `code`, its other answers stay blank."""
    nb = answered(a, [q for q in a.questions if q != question])
    cell(nb, a.code_answer(question))["source"] = code
    return Student("", a.name, f"{kind}-{question}", about, a.tests_of(a.broken_by([question])), set(expect), nb)


def endless_loop(a, q, mb):
    return _broken(a, "endless-loop", "an endless loop in an answer: stopped at the time limit", q, LOOP, ["timeout"])


def os_exit(a, q, mb):
    return _broken(a, "os-exit", "os._exit() in an answer: the kernel dies", q, EXIT, ["kernel-died", "suspicious-code"])


def memory_hog(a, q, mb):
    return _broken(a, "memory-hog", f"takes {mb} MB, then is killed as an out-of-memory kernel is", q,
                   MEMORY.format(mb=mb), ["kernel-died", "suspicious-code"])


def sys_exit(a, q, mb):
    return _broken(a, "sys-exit", "sys.exit() in an answer", q, SYSEXIT, ["suspicious-code"])


def ignores_interrupt(a, q, mb):
    return _broken(a, "ignores-interrupt", "an endless loop that swallows the grader's interrupt", q, STUBBORN,
                   ["kernel-unresponsive", "suspicious-code"])


def edited_tests(a, q, mb):
    nb = copy.deepcopy(a.release)  # no answers, and every test cell edited to pass
    for t in a.tests:
        cell(nb, t)["source"] = "pass"
    return Student("", a.name, "edited-tests", "no answers, every test cell edited to `pass`", set(a.tests),
                   {"locked-edited"}, nb)


def renamed(a, q, mb):
    return Student("", a.name, "renamed", f"model answers, saved as {a.name}-Copy1.ipynb", set(a.tests),
                   {"renamed"}, answered(a, a.questions), f"{a.name}-Copy1.ipynb", graded=False)


def _first_test(a: Assignment) -> str:
    return list(a.tests)[len(a.tests) // 2]  # a test cell from the middle of the notebook


def deleted_cell(a, q, mb):
    nb = answered(a, a.questions)
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != _first_test(a)]
    return Student("", a.name, "deleted-cell", f"model answers, test cell {_first_test(a)} deleted", {_first_test(a)},
                   {"cell-missing"}, nb)


def copied_cell(a, q, mb):
    nb = answered(a, a.questions)
    answer = a.code_answer(a.questions[-1])
    index = [c.get("id") for c in nb["cells"]].index(answer)
    twin = copy.deepcopy(nb["cells"][index])
    twin["id"] = f"{answer}-copy"  # JupyterLab gives a pasted cell a new id but keeps its metadata
    nb["cells"].insert(index + 1, twin)
    return Student("", a.name, "copied-cell", f"model answers, answer cell {answer} pasted twice", set(),
                   {"cell-copied"}, nb)


def duplicate_id(a, q, mb):
    nb = answered(a, a.questions)
    index = [c.get("id") for c in nb["cells"]].index(_first_test(a))
    nb["cells"].insert(index + 1, copy.deepcopy(nb["cells"][index]))  # one cell id twice, as a bad merge leaves it
    return Student("", a.name, "duplicate-id", f"model answers, test cell {_first_test(a)} twice with one id", set(),
                   {"id-duplicated", "cell-copied"}, nb)


def stderr_noise(a, q, mb):
    nb = answered(a, a.questions)
    for c in nb["cells"]:
        if c.get("id") in a.model and c["cell_type"] == "code":
            wrap = "".join(f"{f} = _noisy({f})\n" for f in function_names(c["source"]))
            c["source"] = NOISE + c["source"] + "\n" + (NOISY_FUNCTION + wrap if wrap else "")
    return Student("", a.name, "stderr-noise", "model answers that print to stderr and warn, even when tested",
                   set(), notebook=nb)


def prints_history(a, q, mb):
    nb = answered(a, a.questions)
    last = [c for c in nb["cells"] if c.get("id") in a.model and c["cell_type"] == "code"][-1]
    last["source"] += "\n" + HISTORY
    return Student("", a.name, "prints-history", "model answers, then prints every cell run so far", set(),
                   notebook=nb)


# ---- hostile students: each attack is real code, run by plain nbgrader autograde in the sandbox.
# An attack that would raise its own score comes with blank answers (it must score 0); an attack on
# the grader or the class comes with the model answers (it must score what they earn).

WALK_UP = "_here = pathlib.Path.cwd()\nfor _folder in [_here, *_here.parents]:\n"

GRADEBOOK_WRITE = ("import pathlib, sqlite3\n" + WALK_UP +
                   "    _db = _folder / 'gradebook.db'\n"
                   "    try:\n"
                   "        with sqlite3.connect(_db) as _con:  # full marks and extra credit for everyone\n"
                   "            _con.execute('UPDATE grade SET manual_score = 100, extra_credit = 100')\n"
                   "            _con.execute(\"UPDATE comment SET manual_comment = 'excellent'\")\n"
                   "            print('students:', _con.execute('SELECT id FROM student').fetchall())\n"
                   "    except Exception:\n"
                   "        pass\n")
POISON = ("import pathlib, jtbd_kit\n"
          "_places = [pathlib.Path.cwd(), *pathlib.Path.cwd().parents, pathlib.Path(jtbd_kit.__file__).parents[1]]\n"
          "for _folder in _places:  # fake data for everyone graded after this notebook\n"
          "    for _rel in ['datasets/support/support_log.csv', 'datasets/support/support_log_truth.csv',\n"
          "                 'datasets/support_exercise/support_log.csv', 'datasets/support_exercise/support_log_truth.csv',\n"
          "                 'datasets/support_exercise/support_log_jobs.csv', 'datasets/survey_exercise/repair_survey.csv',\n"
          "                 'datasets/survey/repair_survey.csv', 'datasets/survey/repair_survey_truth.csv',\n"
          "                 'datasets/repair_job.yaml', 'autograded/datasets/survey/repair_survey.csv']:\n"
          "        try:\n"
          "            (_folder / _rel).parent.mkdir(parents=True, exist_ok=True)\n"
          "            (_folder / _rel).write_text('poisoned\\n')\n"
          "        except OSError:\n"
          "            pass\n")
FABRICATE = ("import pathlib\n"
             "for _rel in ['datasets/support/support_log.csv', 'datasets/support/support_log_truth.csv',\n"
             "             'datasets/support_exercise/support_log.csv', 'datasets/support_exercise/support_log_jobs.csv',\n"
             "             'datasets/support_exercise/support_log_truth.csv', 'datasets/survey_exercise/repair_survey.csv',\n"
             "             'datasets/survey/repair_survey.csv', 'datasets/survey/repair_survey_truth.csv']:\n"
             "    pathlib.Path(_rel).parent.mkdir(parents=True, exist_ok=True)\n"
             "    pathlib.Path(_rel).write_text('interaction_id,real_job\\n')  # data made up to fit made-up answers\n")
READ_SOLUTIONS = ("import json, pathlib\n" + WALK_UP +
                  "    for _nb in _folder.glob('solutions/*/*.ipynb'):\n"
                  "        for _c in json.loads(_nb.read_text())['cells']:\n"
                  "            if _c['cell_type'] == 'code' and 'BEGIN SOLUTION' in ''.join(_c['source']):\n"
                  "                try:\n"
                  "                    exec(''.join(_c['source']), globals())  # the model answers, for free\n"
                  "                except Exception:\n"
                  "                    pass\n")
REPLACE_KIT = ("import importlib, pathlib, sys\n"
               "pathlib.Path('jtbd_kit').mkdir(exist_ok=True)\n"
               "pathlib.Path('jtbd_kit/__init__.py').write_text(\n"
               "    'class _Pass:\\n    passed = True\\n    problems = []\\n    codes = []\\n'\n"
               "    'def __getattr__(name):\\n    return lambda *args, **kwargs: _Pass()\\n')\n"
               "for _name in [m for m in sys.modules if m.startswith('jtbd_kit')]:\n"
               "    del sys.modules[_name]  # the next `import jtbd_kit`, the grader's included, finds the fake\n"
               "importlib.invalidate_caches()\n")
HOOK_IPYTHON = ("import base64\n"
                "_shell = get_ipython()\n"
                "def _leak(result):  # every cell run from now on, the tests included, printed for the feedback\n"
                "    print('LEAK', base64.b64encode(result.info.raw_cell.encode()).decode())\n"
                "_shell.events.register('post_run_cell', _leak)\n"
                "_shell.set_custom_exc((BaseException,), lambda *args, **kwargs: None)  # no test can fail\n"
                "_kernel = _shell.kernel\n"
                "_real_execute = _kernel.do_execute\n"
                "async def _always_ok(*args, **kwargs):\n"
                "    reply = await _real_execute(*args, **kwargs)\n"
                "    reply['status'] = 'ok'  # and the grader is told every cell succeeded\n"
                "    return reply\n"
                "_kernel.do_execute = _always_ok\n")
LEAVE_PROCESS = ("import os, subprocess, sys\n"
                 f"_sleeper = [sys.executable, '-c', 'import time; time.sleep(3600)', '{SURVIVOR}']\n"
                 "subprocess.Popen(_sleeper, start_new_session=True, stdin=subprocess.DEVNULL,\n"
                 "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
                 "if os.fork() == 0:  # and a daemon, by the double fork\n"
                 "    os.setsid()\n"
                 "    if os.fork() == 0:\n"
                 "        os.execv(sys.executable, _sleeper)\n"
                 "    os._exit(0)\n")
FLOOD = "import sys\nfor _ in range(100):  # 100 MB of output\n    sys.stdout.write('x' * 1_000_000 + '\\n')\n"
CHDIR = "import os\nos.chdir('/')  # away from the notebook's folder\n"
RESEED = "import random, numpy\nrandom.seed(1234)\nnumpy.random.seed(1234)  # the generators a test might use\n"
FILL_DISK = ("for _number in range(1000):  # every writable place, until nothing more fits\n"
             "    for _place in ['.', '/tmp', '/dev/shm']:\n"
             "        try:\n"
             "            with open(f'{_place}/filler-{_number}.bin', 'wb') as _f:\n"
             "                for _ in range(64):\n"
             "                    _f.write(b'\\0' * (1 << 20))\n"
             "        except OSError:\n"
             "            pass\n")
BLOCKING_WIDGET = ("import time\nimport ipywidgets as widgets\nfrom IPython.display import display\n"
                   "_button = widgets.Button(description='Grade me')\n_clicked = []\n"
                   "_button.on_click(_clicked.append)\ndisplay(_button)\n"
                   "while not _clicked:  # waits for a click that never comes\n    time.sleep(0.1)")
FORK_BOMB = "import os\nwhile True:  # a fork bomb\n    os.fork()"


def _first_answer(a: Assignment) -> str:
    return a.code_answer(a.questions[0])


def _blank_with(a: Assignment, kind: str, about: str, code: str, expect) -> Student:
    """The untouched exercise, with `code` as the first answer: nothing honest, so every test must score 0."""
    nb = copy.deepcopy(a.release)
    cell(nb, _first_answer(a))["source"] = code
    return Student("", a.name, kind, about, set(a.tests), set(expect), nb)


def _answers_with(a: Assignment, kind: str, about: str, code: str, expect) -> Student:
    """The model answers, with `code` run first (its errors caught): every test must score full points."""
    nb = answered(a, a.questions)
    first = cell(nb, _first_answer(a))
    guarded = "try:\n" + "".join(f"    {line}\n" for line in code.rstrip("\n").split("\n")) + "except Exception:\n    pass\n"
    first["source"] = guarded + first["source"]
    return Student("", a.name, kind, about, set(), set(expect), nb)


def writes_gradebook(a, q, mb):
    return _blank_with(a, "writes-gradebook", "blank answers; sets every manual score and extra credit in gradebook.db",
                       GRADEBOOK_WRITE, ["suspicious-code"])


def reads_solutions(a, q, mb):
    return _blank_with(a, "reads-solutions", "blank answers; finds solutions/ above its folder and runs the model answers",
                       READ_SOLUTIONS, ["suspicious-code"])


def fabricates_data(a, q, mb):
    return _blank_with(a, "fabricates-data", "blank answers; writes its own datasets/ beside the notebook",
                       FABRICATE, ["suspicious-code"])


def replaces_kit(a, q, mb):
    return _blank_with(a, "replaces-kit", "blank answers; a fake jtbd_kit/ in its folder, first on the import path",
                       REPLACE_KIT, ["suspicious-code"])


def hooks_ipython(a, q, mb):
    return _blank_with(a, "hooks-ipython", "blank answers; hooks IPython to print every cell and to let no test fail",
                       HOOK_IPYTHON, ["suspicious-code"])


def poisons_data(a, q, mb):
    return _answers_with(a, "poisons-data", "model answers; writes fake data files for the students graded after it",
                         POISON, ["suspicious-code"])


def leaves_process(a, q, mb):
    return _answers_with(a, "leaves-process", "model answers; starts processes meant to outlive grading",
                         LEAVE_PROCESS, ["suspicious-code"])


def floods_output(a, q, mb):
    return _answers_with(a, "floods-output", "model answers; prints 100 MB", FLOOD, ["output-capped"])


def changes_folder(a, q, mb):
    return _answers_with(a, "changes-folder", "model answers; os.chdir('/') first", CHDIR, ["suspicious-code"])


def reseeds_random(a, q, mb):
    return _answers_with(a, "reseeds-random", "model answers; reseeds random and numpy.random", RESEED, ["suspicious-code"])


def fills_disk(a, q, mb):
    return _answers_with(a, "fills-disk", "model answers; fills every place it can write", FILL_DISK, ["suspicious-code"])


def blocking_widget(a, q, mb):
    return _broken(a, "blocking-widget", "an answer that waits for a click on a widget", q, BLOCKING_WIDGET,
                   ["timeout", "suspicious-code"])


def fork_bomb(a, q, mb):
    return _broken(a, "fork-bomb", "a fork bomb in an answer", q, FORK_BOMB, ["suspicious-code"])


HOSTILE = [endless_loop, os_exit, memory_hog, sys_exit, ignores_interrupt, edited_tests, renamed, deleted_cell,
           copied_cell, duplicate_id, stderr_noise, prints_history]
ATTACKS = [writes_gradebook, poisons_data, fabricates_data, reads_solutions, replaces_kit, hooks_ipython,
           leaves_process, floods_output, changes_folder, reseeds_random, blocking_widget, fork_bomb, fills_disk]


def case_students(a: Assignment, small: bool) -> list[Student]:
    """The students of tools/grade_demo_cases/<assignment>.yaml."""
    import yaml

    path = CASES / f"{a.name}.yaml"
    if not path.exists():
        return []
    out = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        if small and not case.get("small"):
            continue
        nb = answered(a, a.questions)
        for cell_id, source in (case.get("answers") or {}).items():
            cell(nb, cell_id)["source"] = source.rstrip("\n")
        out.append(Student("", a.name, case["student"], case["about"], a.expand(case.get("zero") or []),
                           set(case.get("findings") or []), nb))
    return out


def class_of(a: Assignment, size: int, memory_mb: int, small: bool = False, share: tuple[int, int] = (0, 1)) -> list[Student]:
    """The class for one assignment: generic students, the case file's, then model answers up to `size`."""
    students = generic_students(a, memory_mb, small, share) + case_students(a, small)
    while len(students) < size:
        students.append(Student("", a.name, "correct", "model answers everywhere", set(),
                                notebook=answered(a, a.questions)))
    width = max(2, len(str(len(students))))
    for number, student in enumerate(students, 1):
        student.id = f"s{number:0{width}d}-{student.kind}"
        student.filename = student.filename or a.notebook
    return students


# ---------------------------------------------------------------- running nbgrader


def say(text: str) -> None:
    print(text, flush=True)


def nbgrader(course: Path, *args: str, progress=None) -> tuple[int, str]:
    """Run the nbgrader command line in `course`; return its exit code and log (never raises)."""
    from autograde import nbgrader_env

    process = subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=course, env=nbgrader_env(), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if progress:
            progress(line)
    return process.wait(), "".join(lines)


def log_lines(path: Path, marker: str) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return [line.strip() for line in text.splitlines() if marker in line]


def assignment_names() -> list[str]:
    """The course's assignments: each folder of solutions/ that holds a notebook of its own name."""
    return sorted(p.name for p in (REPO / "solutions").iterdir() if (p / f"{p.name}.ipynb").exists())


def build_course(dest: Path, timeout: int) -> tuple[Path, bool]:
    """A course folder: the repo's config plus the demo's settings, solutions/ and datasets/."""
    course = dest / "course"
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    hardened = "harden_nbgrader" in config
    config += (
        "\n\n# ---- added by tools/grade_demo.py ----\n"
        f"c.ExecutePreprocessor.timeout = {timeout}  # seconds per cell; shorter than the course's, so endless loops end sooner\n"
        f"c.Execute.timeout = {timeout}\n"
    )
    if not hardened:
        config += "from jtbd_kit.grading import harden_nbgrader\nharden_nbgrader(c)\n"
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(REPO / "solutions", course / "solutions", ignore=ignore)
    if (REPO / "datasets").is_dir():
        shutil.copytree(REPO / "datasets", course / "datasets", ignore=ignore)
    return course, hardened


# ---------------------------------------------------------------- what the instructor is told


def suspicious(nb: dict) -> list[str]:
    found = []
    for c in nb.get("cells", []):
        if c.get("cell_type") != "code" or meta(c).get("locked") or (meta(c).get("grade") and not meta(c).get("solution")):
            continue  # read-only cells are put back by nbgrader: only the student's own code matters
        found += [f"cell {c.get('id')}: {why}" for pattern, why in SUSPICIOUS if pattern.search(c["source"])]
    return sorted(set(found))


def inspect_submission(course: Path, a: Assignment, student: Student) -> list[tuple[str, str]]:
    """(code, message) for each problem in a submitted folder, before grading."""
    folder = course / "submitted" / student.id / a.name
    notebooks = sorted(folder.glob("*.ipynb"))
    expected = folder / a.notebook
    path = expected if expected.exists() else (notebooks[0] if notebooks else None)
    if path is None:
        return [("missing", f"no notebook handed in (expected {a.notebook})")]
    nb = read_json(path)
    reference = manifest(a.release["cells"], a.notebook)
    found = [(p.code, p.message) for p in inspect_notebook(nb["cells"], path.name, reference) if p.code in STRUCTURE]
    found += [("suspicious-code", text) for text in suspicious(nb)]
    return found


def grading_events(course: Path, a: Assignment, student: Student) -> list[tuple[str, str]]:
    """(code, message) for each cell the grader had to stop, restart or skip."""
    path = course / "autograded" / student.id / a.name / a.notebook
    if not path.exists():
        return []
    found = []
    for c in read_json(path)["cells"]:
        for output in c.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in EVENTS:
                found.append((EVENTS[output["ename"]], f"cell {c.get('id')}: {output['ename']}"))
            text = output.get("text", "")
            if OUTPUT_CAPPED in ("".join(text) if isinstance(text, list) else text):
                found.append(("output-capped", f"cell {c.get('id')}: output cut by the grader"))
    return found


# ---------------------------------------------------------------- what grading must leave alone


def tree_digests(*folders: Path, skip=()) -> dict[str, str]:
    """{path: sha256} of every file under `folders`, except under the top-level names in `skip`."""
    out = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts and relative.parts[0] in skip or "__pycache__" in relative.parts:
                continue
            if path.is_file() and not path.is_symlink():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# nbgrader's own outputs in the course folder; everything else must be byte-identical after grading.
NBGRADER_OUTPUTS = {"autograded", "feedback", "gradebook.db", ".nbgrader.log"}


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(f"{path}: {'removed' if path not in after else 'added' if path not in before else 'changed'}"
                  for path in set(before) | set(after) if before.get(path) != after.get(path))


def autograded_extras(course: Path, students: list["Student"]) -> list[str]:
    """Files in autograded/<student>/<assignment>/ that are not a copy of what the student handed in."""
    problems = []
    for s in students:
        graded = course / "autograded" / s.id / s.assignment
        handed = course / "submitted" / s.id / s.assignment
        if not graded.is_dir():
            continue
        for path in sorted(graded.rglob("*")):
            relative = path.relative_to(graded)
            if path.is_dir() or relative.name == s.filename or relative.name == "timestamp.txt":
                continue
            twin = handed / relative
            if not twin.is_file() or twin.read_bytes() != path.read_bytes():
                problems.append(f"{s.assignment}/{s.id}: autograded/ holds {relative}, which was not handed in")
    return problems


def survivors() -> list[tuple[int, str]]:
    """Processes still running that a survivor student started (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if SURVIVOR in command and "grade_demo" not in command:
                found.append((int(entry.name), command.strip()))
    return found


# ---------------------------------------------------------------- results


def gradebook_scores(course: Path, assignments: list[Assignment]) -> dict:
    """{(assignment, student): {cell id: score or None}} from nbgrader's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    course_id = re.search(r"course_id\s*=\s*['\"]([^'\"]+)", config).group(1)
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id) as gb:
        for a in assignments:
            for student in gb.students:
                try:
                    submitted = gb.find_submission_notebook(a.name, a.name, student.id)
                except MissingEntry:
                    continue
                scores[(a.name, student.id)] = {g.name: g.auto_score for g in submitted.grades}
    return scores


def feedback_leaks(course: Path, a: Assignment, student: Student) -> list[str]:
    path = course / "feedback" / student.id / a.name / f"{a.name}.html"
    if not path.exists():
        return []
    text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
    own = {line.strip() for c in student.notebook["cells"] for line in c.get("source", "").split("\n")}
    for blob in re.findall(r"[A-Za-z0-9+/=]{40,}", text):  # hidden code smuggled out base64-encoded
        try:
            text += "\n" + base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8", "replace")
        except ValueError:
            continue
    leaks = [line for line in sorted(a.hidden - own) if line in text]
    leaks += [mark for mark in (BEGIN_HIDDEN, END_HIDDEN) if mark in text]
    return leaks


@dataclass
class Result:
    course: Path
    out: Path
    assignments: list[Assignment]
    students: list[Student]
    scores: dict
    export: dict
    findings: dict
    failures: list[str]
    seconds: dict

    def got(self, student: Student) -> dict[str, float]:
        found = self.scores.get((student.assignment, student.id), {})
        a = next(x for x in self.assignments if x.name == student.assignment)
        return {t: float(found.get(t) or 0.0) for t in a.tests}

    def expected(self, student: Student) -> dict[str, float]:
        a = next(x for x in self.assignments if x.name == student.assignment)
        return {t: 0.0 if t in student.zero else points for t, points in a.tests.items()}


def check_results(result: Result) -> None:
    failures = result.failures
    for student in result.students:
        a = next(x for x in result.assignments if x.name == student.assignment)
        who = f"{a.name}/{student.id}"
        if (a.name, student.id) not in result.export:
            failures.append(f"{who}: no row in the CSV export")
        else:
            total = sum(result.expected(student).values())
            if abs(result.export[(a.name, student.id)] - total) > 1e-9:
                failures.append(f"{who}: the export says {result.export[(a.name, student.id)]}, expected {total}")
        if (a.name, student.id) not in result.scores:
            failures.append(f"{who}: not in the gradebook")
            continue
        got, wanted = result.got(student), result.expected(student)
        for test in a.tests:
            if got[test] != wanted[test]:
                failures.append(f"{who} ({student.about}): {test} scored {got[test]:g}, expected {wanted[test]:g}")
        codes = {code for code, _ in result.findings[(a.name, student.id)]}
        for missing in sorted(student.expect - codes):
            failures.append(f"{who}: the report should flag {missing!r}; it flags {sorted(codes) or 'nothing'}")
        if not student.expect and codes:
            failures.append(f"{who}: a false alarm in the report: {sorted(codes)}")
        if student.graded and not (result.course / "feedback" / student.id / a.name / f"{a.name}.html").exists():
            failures.append(f"{who}: no feedback file")
        for leak in feedback_leaks(result.course, a, student):
            failures.append(f"{who}: the feedback shows hidden test code: {leak!r}")
        if student.kind == "correct":
            for error in cell_errors(result.course, a, student):
                failures.append(f"{who}: the model answers raise an error when graded: {error}")


def cell_errors(course: Path, a: Assignment, student: Student) -> list[str]:
    """Errors in the autograded notebook's own cells (not its test cells): a setup cell that cannot
    read its data under the sandbox, say, because the assignment does not declare the file."""
    path = course / "autograded" / student.id / a.name / a.notebook
    if not path.exists():
        return []
    found = []
    for c in read_json(path)["cells"]:
        if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c.get("cell_type") == "code" and \
                not c.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue  # a test cell: its errors are lost points, checked above
        for output in c.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {c.get('id')}: {output.get('ename')}: {str(output.get('evalue'))[:160]}")
    return found


# ---------------------------------------------------------------- summary and chart


def question_scores(result: Result, student: Student) -> dict[str, tuple[float, float]]:
    a = next(x for x in result.assignments if x.name == student.assignment)
    got = result.got(student)
    return {q: (sum(got[t] for t in a.tests_of([q])), sum(a.tests[t] for t in a.tests_of([q]))) for q in a.questions}


def summary(result: Result) -> str:
    lines = []
    for a in result.assignments:
        students = [s for s in result.students if s.assignment == a.name]
        head = "".join(f"{q.upper():>7}" for q in a.questions)
        lines += ["", f"{a.name}: {len(students)} students (autograded points; written answers wait for a person)",
                  f"  {'student':<34}{head}{'total':>8}  report"]
        for s in students:
            per = question_scores(result, s)
            cells = "".join(f"{got:>4g}/{top:<2g}" for got, top in per.values())
            total = sum(g for g, _ in per.values())
            codes = sorted({code for code, _ in result.findings[(a.name, s.id)]})
            lines.append(f"  {s.id:<34}{cells}{total:>6g}/{sum(a.tests.values()):<3g}{', '.join(codes)}")
    lines += ["", "Questions the class missed most (share of students who lost points on them):"]
    for label, missed, count in most_missed(result):
        lines.append(f"  {label:<34}{'#' * round(missed * 40):<41}{missed:5.0%}  ({count} students)")
    return "\n".join(lines)


def most_missed(result: Result) -> list[tuple[str, float, int]]:
    rows = []
    for a in result.assignments:
        students = [s for s in result.students if s.assignment == a.name]
        for q in a.questions:
            lost = sum(1 for s in students if question_scores(result, s)[q][0] < question_scores(result, s)[q][1])
            rows.append((f"{a.name[:2]} {q.upper()}", lost / len(students), len(students)))
    return sorted(rows, key=lambda row: -row[1])


def save_chart(result: Result, path: Path) -> Path:
    """A bar chart of the questions the class missed most: PNG through vl-convert, SVG if that fails."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(most_missed(result), columns=["question", "missed", "students"])
    chart = alt.Chart(data, title="Questions the class missed most").mark_bar(color="#b42318").encode(
        x=alt.X("missed:Q", title="Share of students who lost points", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("question:N", sort="-x", title=None),
        tooltip=["question", alt.Tooltip("missed:Q", format=".0%"), "students"],
    ).properties(width=420)
    try:
        chart.save(str(path), scale_factor=2)
        return path
    except Exception:  # no vl-convert: altair can still write SVG
        svg = path.with_suffix(".svg")
        chart.save(str(svg))
        return svg


def report(result: Result) -> str:
    lines = ["", "What the instructor is told (checked before grading, and read from the graded notebooks):"]
    for s in result.students:
        found = result.findings[(s.assignment, s.id)]
        if found:
            lines.append(f"  {s.assignment}/{s.id}:")
            for code in dict.fromkeys(c for c, _ in found):
                messages = list(dict.fromkeys(m for c, m in found if c == code))
                more = f" (and {len(messages) - 2} more like these)" if len(messages) > 2 else ""
                lines.append(f"      {code}: {'; '.join(messages[:2])}{more}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the whole run


def run(out: Path | None = None, size: int = 30, small: bool = False, timeout: int | None = None,
        memory_mb: int | None = None, assignments: list[str] | None = None, jobs: int | None = None) -> Result:
    import autograde

    started = time.perf_counter()
    timeout = timeout or 15
    memory_mb = memory_mb or (200 if small else 1024)
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="jtbd-grade-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    seconds = {}
    names = assignments or assignment_names()

    course, hardened = build_course(out, timeout)
    say(f"[1/6] Course folder {course}")
    say(f"      nbgrader_config.py from the repo, {timeout} s per cell for the demo"
        + ("" if hardened else "; jtbd_kit.grading switched on here (the repo's config does not do it yet)"))

    say(f"[2/6] Releasing {len(names)} assignments: {', '.join(names)}")
    clock = time.perf_counter()
    code, log = nbgrader(course, "generate_assignment", "--force", "*")
    failures = [] if code == 0 else [f"nbgrader generate_assignment failed:\n{log[-3000:]}"]
    for name in [] if small else names:  # to the exchange, as for a real class (not needed to grade)
        code, log = nbgrader(course, "release_assignment", "--force", name)
        if code != 0:
            failures.append(f"nbgrader release_assignment {name} failed:\n{log[-2000:]}")
    seconds["release"] = time.perf_counter() - clock
    loaded = [load_assignment(course, name) for name in names]

    say("[3/6] Writing the class's submissions" + (" (the small class: each hostile kind once, spread over the "
                                                   "assignments)" if small else ""))
    students = []
    for number, a in enumerate(loaded):
        share = (number, len(loaded)) if small else (0, 1)
        group = class_of(a, 0 if small else size, memory_mb, small, share)
        for s in group:
            write_json(s.notebook, course / "submitted" / s.id / a.name / s.filename)
        students += group
        kinds = sorted({s.kind.rsplit("-q", 1)[0] for s in group})
        say(f"      {a.name}: {len(group)} students ({', '.join(kinds)})")
    by_name = {a.name: a for a in loaded}
    findings = {(s.assignment, s.id): inspect_submission(course, by_name[s.assignment], s) for s in students}

    protected = [course, REPO / "datasets", REPO / "jtbd_kit", REPO / "solutions"]
    before = tree_digests(*protected, skip=NBGRADER_OUTPUTS)
    jobs = autograde.default_jobs() if jobs is None else jobs
    say(f"[4/6] nbgrader autograde: {len(students)} submissions, {jobs} nbgrader process(es) at once "
        "(tools/autograde.py)")
    clock, done = time.perf_counter(), []

    def progress(line):
        match = re.search(r"Sanitizing .*[/\\]submitted[/\\]([^/\\]+)[/\\]([^/\\]+)[/\\]", line)
        if match:
            done.append(match.group(1))
            say(f"      {len(done):>3}/{len(students)} {match.group(2)}/{match.group(1)}")
        elif "restarting the kernel" in line or "Timeout waiting for execute reply" in line:
            say("            " + line.split("] ", 1)[-1].strip())

    code, log = autograde.run(course, "*", ["--force"], jobs=jobs, progress=progress)
    (out / "autograde.log").write_text(log, encoding="utf-8")
    seconds["autograde"] = time.perf_counter() - clock
    errored = set(re.findall(r"error processing assignment '([^']+)' for student '([^']+)'", log))
    ungradable = {(s.assignment, s.id) for s in students if not s.graded}
    if errored != ungradable:
        failures.append(f"nbgrader could not grade {sorted(errored)}; expected only {sorted(ungradable)} "
                        f"(log: {out / 'autograde.log'})")
    for s in students:
        findings[(s.assignment, s.id)] += grading_events(course, by_name[s.assignment], s)

    for pid, command in survivors():
        failures.append(f"a process outlived grading (pid {pid}): {command[:120]}")
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    failures += autograded_extras(course, students)

    say("[5/6] nbgrader generate_feedback and export")
    clock = time.perf_counter()
    code, log = nbgrader(course, "generate_feedback", "--force", "*")
    if code != 0:
        failures.append(f"nbgrader generate_feedback failed:\n{log[-2000:]}")
    csv_path = out / "grades.csv"
    code, log = nbgrader(course, "export", "--to", str(csv_path))
    if code != 0:
        failures.append(f"nbgrader export failed:\n{log[-2000:]}")
    export = {}
    if csv_path.exists():
        with csv_path.open(newline="", encoding="utf-8") as f:
            export = {(row["assignment"], row["student_id"]): float(row["raw_score"]) for row in csv.DictReader(f)}
    seconds["feedback and export"] = time.perf_counter() - clock

    for change in changed_files(before, tree_digests(*protected, skip=NBGRADER_OUTPUTS)):
        failures.append(f"grading changed a file it must leave alone: {change}")
    for line in log_lines(out / "autograde.log", "GRADEBOOK CHANGED"):
        failures.append(f"the gradebook guard had to put something back: {line}")

    say("[6/6] Checking every score, report and feedback file")
    result = Result(course, out, loaded, students, gradebook_scores(course, loaded), export, findings, failures, seconds)
    check_results(result)
    seconds["total"] = time.perf_counter() - started
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="folder for the course, CSV, chart and logs (default: a new temp folder)")
    parser.add_argument("--students", type=int, default=30, help="students per assignment, at least (default 30)")
    parser.add_argument("--small", action="store_true", help="one student of each kind only (as `make test` does)")
    parser.add_argument("--timeout", type=int, help="seconds per cell when autograding (default 15)")
    parser.add_argument("--memory-mb", type=int, help="what the memory-hog student takes (default 1024; 200 with --small)")
    parser.add_argument("--assignment", action="append", help="grade only this assignment (repeatable)")
    parser.add_argument("--jobs", type=int, help="nbgrader processes at once (default: one per core, at most 4)")
    args = parser.parse_args(argv)
    result = run(args.out, args.students, args.small, args.timeout, args.memory_mb, args.assignment, args.jobs)
    say(summary(result))
    say(report(result))
    chart = save_chart(result, result.out / "most_missed.png")
    say("")
    say(f"Grades (CSV):   {result.out / 'grades.csv'}")
    say(f"Chart:          {chart}")
    say(f"Feedback:       {result.course / 'feedback'}")
    say("Time:           " + ", ".join(f"{k} {v:.0f} s" for k, v in result.seconds.items()))
    if result.failures:
        say(f"\nFAILED: {len(result.failures)} check(s) did not hold:")
        for failure in result.failures:
            say(f"  - {failure}")
        return 1
    checked = sum(len(x.tests) for s in result.students for x in result.assignments if x.name == s.assignment)
    say(f"\nOK: {len(result.students)} submissions graded; {checked} test scores, every export row, report and "
        "feedback file are as expected.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
