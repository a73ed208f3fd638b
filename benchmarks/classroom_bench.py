"""A class of students arriving at once on the class server (tools/class_server.py), over the hub's HTTP API.

The instructor releases exercise 01; then every student, all at the same moment (one thread each,
as a room of laptops would), logs in on the hub's page, starts their server, fetches the
assignment, saves an answered notebook and submits it. The instructor then collects, and every
submission must be there. Each step is timed per student; the figures are percentiles over the class.

    sudo .venv/bin/python benchmarks/classroom_bench.py                # 30 students
    sudo .venv/bin/python benchmarks/classroom_bench.py --students 5

Needs root on Linux (it makes Unix accounts, removed afterwards) and `make grading-deps`.
Targets (issue 16), for a workshop of 30 on 2 cores: every server up within 60 s of its login
(p90), and a submit answered within 5 s (p90).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import grade_demo  # noqa: E402
from hub_client import COURSE, HubUser, class_run  # noqa: E402

ASSIGNMENT = next(p.name for p in sorted((REPO / "solutions").iterdir()) if p.name.startswith("01"))
STEPS = ["login", "server start", "fetch", "save", "submit"]
TARGETS = {"server start": 60.0, "submit": 5.0}  # seconds, at the 90th percentile


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, linear between ranks (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def one_student(student: HubUser, nb: dict) -> dict[str, float]:
    """One student's visit, each step timed (seconds)."""
    times = {}

    def step(name, action):
        started = time.perf_counter()
        action()
        times[name] = time.perf_counter() - started

    def check(result: dict):
        if not result.get("success"):
            raise AssertionError(f"{student.id}: {result}")

    step("login", student.login)
    step("server start", student.start_server)
    step("fetch", lambda: check(student.assignments("fetch", ASSIGNMENT)))
    step("save", lambda: student.save_notebook(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", nb))
    step("submit", lambda: check(student.assignments("submit", ASSIGNMENT)))
    return times


def run_class(teacher: HubUser, students: list[HubUser]) -> dict:
    """Release (unless it is out already), let every student in at once, collect. Returns the per-step times and what was collected."""
    teacher.login()
    teacher.start_server()
    released = teacher.call("GET", f"formgrader/api/assignment/{ASSIGNMENT}").json().get("status") == "released"
    for action in () if released else ("assign", "release"):
        result = teacher.call("POST", f"formgrader/api/assignment/{ASSIGNMENT}/{action}").json()
        if not result.get("success"):
            raise AssertionError(f"{action}: {result}")
    work = grade_demo.load_assignment(REPO, ASSIGNMENT)
    nb = grade_demo.answered(work, work.questions)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        visits = list(pool.map(lambda s: one_student(s, nb), students))
    wall = time.perf_counter() - started
    if not teacher.call("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect").json().get("success"):
        raise AssertionError("collect failed")
    listed = teacher.call("GET", f"formgrader/api/submissions/{ASSIGNMENT}").json()
    collected = sorted(s["student"] for s in listed if s.get("submitted"))
    missing = sorted({s.id for s in students} - set(collected))
    return {"times": {name: [v[name] for v in visits] for name in STEPS}, "wall": wall, "collected": collected,
            "missing": missing}


def summary(result: dict, students: int) -> list[tuple[str, str, str, bool]]:
    """Rows (what, figure, target, ok) for the runner's table."""
    rows = []
    for name in STEPS:
        values = result["times"][name]
        p50, p90, worst = statistics.median(values), percentile(values, 90), max(values)
        limit = TARGETS.get(name)
        rows.append((f"classroom: {name}, {students} students at once",
                     f"{p50:.2f} s p50, {p90:.2f} s p90, {worst:.2f} s max",
                     f"p90 < {limit:g} s" if limit else "-", p90 < limit if limit else True))
    rows.append((f"classroom: all {students} in and submitted (wall clock)", f"{result['wall']:.0f} s", "-", True))
    got = students - len(result["missing"])
    rows.append(("classroom: submissions collected by the instructor", f"{got} of {students}",
                 f"{students} of {students}", got == students))
    return rows


def measure(students: int) -> list[tuple[str, str, str, bool]]:
    keys = [f"s{n:02d}" for n in range(1, students + 1)]
    with class_run(names=keys) as (_, people, _printed):
        result = run_class(people["instructor"], [people[k] for k in keys])
    return summary(result, students)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args(argv)
    rows = measure(args.students)
    print("| what | figure | target | ok |\n|---|---|---|---|")
    for what, figure, target, ok in rows:
        print(f"| {what} | {figure} | {target} | {'yes' if ok else 'NO'} |")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
