"""Autograde a class on every core: plain ``nbgrader autograde``, one process per share of the students.

Run it from the course folder (where nbgrader_config.py is), as you would run nbgrader::

    python tools/autograde.py 06_survey_analysis           # one assignment, every submission
    python tools/autograde.py "*" --force                  # every assignment, graded again
    python tools/autograde.py "*" --jobs 1                 # one process: the same as nbgrader autograde
    make autograde A=06_survey_analysis                    # the same, from the repository

nbgrader grades one notebook at a time, so a class of 30 students and 7 assignments keeps one core
busy for many minutes. This script splits the students who handed something in into ``--jobs``
shares (default: the number of cores, at most 4) and runs one ``nbgrader autograde`` per share at
the same time, each told to leave out everyone else (``--CourseDirectory.student_id_exclude``).
Each process reads the course's own nbgrader_config.py, so everything ``harden_nbgrader`` does holds
in each of them: the sandbox, the separate test kernel, the gradebook check. The gradebook is
SQLite; nbgrader's writes are short and wait for each other.

Students graded at the same time must not reach each other either. When grading as root, each
process's kernels run as user ids of their own (``Sandbox.student_uid`` and ``judge_uid`` plus two per
process), so one student's fork bomb cannot use up the processes another student's kernel needs.

Any other option is passed to every nbgrader process (``--force``, ``--Sandbox.memory_mb=2048``,
...). The exit status is nbgrader's: 0 only when every process succeeded.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["default_jobs", "main", "nbgrader_env", "run", "shares", "submitted_students"]

UID_STEP = 2  # each process needs two user ids: its students' kernels and its test kernels


def default_jobs() -> int:
    """One process per core, at most 4 (each holds two kernels of up to Sandbox.memory_mb)."""
    return max(1, min(os.cpu_count() or 1, 4))


def course_config(root: Path):
    """The course's nbgrader settings, read from nbgrader_config.py as nbgrader reads them."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    path = root / "nbgrader_config.py"
    if not path.exists():
        return Config()
    return PyFileConfigLoader(path.name, path=str(root)).load_config()


def _course(root: Path):
    """The course's settings and its nbgrader CourseDirectory, read once."""
    from nbgrader.coursedir import CourseDirectory

    config = course_config(root)
    return config, CourseDirectory(config=config, root=str(root))


def _excluded(coursedir) -> list[str]:
    """The students the course's own config leaves out."""
    return list(filter(None, coursedir.student_id_exclude.split(",")))


def submitted_students(root: Path, assignment: str, student: str = "*", coursedir=None) -> list[str]:
    """The students with a submitted folder for ``assignment`` (both may be globs), sorted."""
    coursedir = coursedir or _course(root)[1]
    pattern = coursedir.format_path(coursedir.submitted_directory, student, assignment)
    found = {Path(folder).parent.name for folder in glob.glob(pattern) if os.path.isdir(folder)}
    return sorted(found - set(_excluded(coursedir)))


def shares(students: list[str], jobs: int) -> list[list[str]]:
    """``students`` dealt into at most ``jobs`` shares, like cards (no share is empty).

    >>> shares(["a", "b", "c", "d", "e"], 2)
    [['a', 'c', 'e'], ['b', 'd']]
    >>> shares(["a"], 4)
    [['a']]
    """
    jobs = max(1, min(jobs, len(students)))
    return [students[i::jobs] for i in range(jobs)] if students else []


def _ensure_gradebook(coursedir) -> None:
    """Create or upgrade the gradebook once, before several processes open it at the same time."""
    from nbgrader.api import Gradebook

    with Gradebook(coursedir.db_url, coursedir.course_id):
        pass


def _worker_options(root: Path, index: int, share: list[str], everyone: list[str], course=None) -> list[str]:
    config, coursedir = course or _course(root)
    others = [s for s in everyone if s not in set(share)] + _excluded(coursedir)
    options = [f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []
    if os.geteuid() == 0 and index:
        sandbox = config.get("Sandbox", {})
        student_uid, judge_uid = sandbox.get("student_uid", 64990), sandbox.get("judge_uid", 64991)
        options += [f"--Sandbox.student_uid={student_uid + UID_STEP * index}",
                    f"--Sandbox.judge_uid={judge_uid + UID_STEP * index}"]
    return options


def nbgrader_env() -> dict:
    """The environment nbgrader runs in: this Python's bin/ first, for the `alembic` command nbgrader starts."""
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    # The course's nbconvert templates first (as the Makefile sets): no page loads MathJax from a CDN.
    templates = str(Path(__file__).resolve().parents[1] / ".jupyter" / "data")
    others = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != templates]
    env["JUPYTER_PATH"] = os.pathsep.join([templates, *others])
    return env


def run(root: Path, assignment: str, options: list[str] = (), jobs: int | None = None, student: str = "*",
        progress=None) -> tuple[int, str]:
    """Autograde ``assignment`` (a name or a glob) in ``jobs`` processes; return the exit status and the log.

    ``progress``, when given, is called with each line of nbgrader's output as it comes (from several
    threads, one at a time). The log holds each process's output in turn.
    """
    root = Path(root).resolve()
    course = _course(root)
    everyone = submitted_students(root, assignment, student, coursedir=course[1])
    jobs = default_jobs() if jobs is None else jobs
    groups = shares(everyone, jobs)
    if not groups:  # nothing handed in: let nbgrader say so, in its own words
        groups = [[]]
    elif len(groups) > 1:
        _ensure_gradebook(course[1])
    env = nbgrader_env()
    lock, logs, processes = threading.Lock(), [[] for _ in groups], []
    for index, share in enumerate(groups):
        command = [sys.executable, "-m", "nbgrader", "autograde", assignment, *options]
        if student != "*":
            command.append(f"--student={student}")
        command += _worker_options(root, index, share, everyone, course) if len(groups) > 1 else []
        processes.append(subprocess.Popen(command, cwd=root, env=env, text=True, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT))

    def read(index: int, process: subprocess.Popen) -> None:
        for line in process.stdout:
            with lock:
                logs[index].append(line)
                if progress:
                    progress(line)

    readers = [threading.Thread(target=read, args=pair, daemon=True) for pair in enumerate(processes)]
    for reader in readers:
        reader.start()
    codes = [process.wait() for process in processes]
    for reader in readers:
        reader.join()
    status = next((code for code in codes if code), 0)
    return status, "".join(line for log in logs for line in log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Other options go to nbgrader autograde unchanged.")
    parser.add_argument("assignment", help="the assignment to grade, or a glob such as '*'")
    parser.add_argument("--jobs", "-j", type=int, default=None, help=f"processes at once (default {default_jobs()})")
    parser.add_argument("--student", default="*", help="grade only these students (a name or a glob)")
    args, options = parser.parse_known_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    code, _ = run(Path.cwd(), args.assignment, options, args.jobs, args.student,
                  progress=lambda line: print(line, end="", flush=True))
    return code


if __name__ == "__main__":
    sys.exit(main())
