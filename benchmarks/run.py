"""The course's benchmark runner: how fast it runs, grades and scales, as ratios against the floor, in one table.

    make bench                                        # everything (about 17 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick        # small sizes, one run each: a smoke test (~3 minutes)
    .venv/bin/python benchmarks/run.py --only notebooks charts --repeats 5
    .venv/bin/python benchmarks/run.py --record       # also write the table into docs/performance.md

What is measured (issue 10), each figure the median of several runs:

- ``import``: ``import jtbd_kit`` in a fresh interpreter (target < 0.3 s).
- ``checkers``: how often each statement checker agrees with an expert on the labelled evaluation
  set (tools/checker_eval.py, tests/data/checker_eval/; target >= 97% per checker), per rule (faults
  the expert names, how many the checker catches, how often it reports the rule on a good statement),
  and the same on the held-out set written after the rules were fixed (no target: it is the honest
  figure for statements nobody tuned on).
- ``notebooks``: each lesson and solution executed top to bottom in a fresh kernel, against the
  floor, a notebook that imports pandas, altair and jtbd_kit and does nothing else (target: within
  2x the floor; the whole course under 60 s).
- ``charts``: from the executed lessons, the bytes each chart sends to the browser (target
  <= 100 KB), the largest widget model, and each executed notebook's file size.
- ``autograde``: seconds per submission when nbgrader autogrades a class of model answers for each
  assignment, against nbgrader's own floor: an assignment with one trivial graded cell (target
  within 1.3x the floor). The median is over the submissions of the class. Each assignment is graded
  again with the sandbox's opt-out (``--Sandbox.allow_unsandboxed=True``): the sandbox may cost at
  most 1.2x the unsandboxed grader (issue 14), and the whole class of 30 x 7 assignments must grade
  in under 6 minutes.
- ``survey``: generating 10k / 100k / 1M respondents (time and peak memory, each in a fresh
  process); growth must be linear.
- ``scoring``: opportunity by outcome and by group for the same sizes; linear growth; the
  vectorised scoring at least 50x faster than a per-respondent Python loop.
- ``classroom``: a class of ``--students`` (30) arriving at once on the class server (tools/class_server.py,
  benchmarks/classroom_bench.py): login, server start, fetch, save and submit per student as
  percentiles (targets: server start p90 < 60 s, submit p90 < 5 s), and every submission collected.
  Root on Linux only (it makes Unix accounts); elsewhere the row says it was skipped.
- ``widgets``: widget latency read from the browser suite's test-artifacts/browser/widget_latency.json
  (written by ``make test``; target: median under 300 ms).

Every row has the figure, the floor or comparison, the ratio, the target and pass/fail. The runner
prints the table as Markdown and exits 1 when a target is missed, so it can gate a release.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tools")]

FLOOR_SOURCE = "import pandas\nimport altair\nimport jtbd_kit"
LATENCY_FILE = REPO / "test-artifacts" / "browser" / "widget_latency.json"
PERFORMANCE_DOC = REPO / "docs" / "performance.md"
SECTIONS = ["import", "checkers", "notebooks", "charts", "autograde", "survey", "scoring", "widgets", "classroom"]
VEGA = "application/vnd.vega.v5+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
KB = 1000


@dataclass
class Row:
    what: str
    figure: str
    floor: str = "-"
    ratio: str = "-"
    target: str = "-"
    ok: bool = True


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ratio_row(what: str, figure: float, floor: float, limit: float, unit: str = "s", digits: int = 1) -> Row:
    ratio = figure / floor
    return Row(what, f"{figure:.{digits}f} {unit}", f"{floor:.{digits}f} {unit}", f"{ratio:.2f}",
               f"<= {limit:g}x floor", ratio <= limit)


# ---------------------------------------------------------------- import


def import_rows(repeats: int) -> list[Row]:
    code = "import time; t = time.perf_counter(); import jtbd_kit; print(time.perf_counter() - t)"

    def once() -> float:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return float(out.stdout.strip())

    seconds = statistics.median(once() for _ in range(max(repeats, 5)))
    return [Row("import jtbd_kit", f"{seconds:.3f} s", target="< 0.3 s", ok=seconds < 0.3)]


# ---------------------------------------------------------------- notebooks


def execute(nb, folder: Path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.from_dict(nb)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def course_notebooks() -> list[Path]:
    return sorted(REPO.glob("notebooks/*.ipynb")) + sorted(REPO.glob("solutions/*/*.ipynb"))


def notebook_rows(repeats: int, executed: dict) -> list[Row]:
    """Time every notebook against the floor; keep the executed lessons in `executed` for the chart rows."""
    import nbformat
    from scoring_bench import timed

    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    floor = timed(lambda: execute(floor_nb, REPO), repeats)
    rows = [Row("floor notebook (imports pandas, altair, jtbd_kit)", f"{floor:.1f} s", ratio="1.00")]
    total = 0.0
    for path in course_notebooks():
        say(f"  executing {path.relative_to(REPO)} x{repeats}")
        source = nbformat.read(path, 4)
        seconds = timed(lambda: executed.__setitem__(path, execute(source, path.parent)), repeats)
        total += seconds
        rows.append(ratio_row(str(path.relative_to(REPO)), seconds, floor, 2.0))
    rows.append(Row("whole course (lessons + solutions)", f"{total:.1f} s", target="< 60 s", ok=total < 60))
    return rows


# ---------------------------------------------------------------- charts and file sizes


def _size(obj) -> int:
    return len(json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def _widget_tree(model_id: str, state: dict, seen: set | None = None):
    """The widget model `model_id` and every model below it (children, outputs' widgets)."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return
    seen.add(model_id)
    yield model_id, state[model_id]
    for ref in re.findall(r"IPY_MODEL_(\w+)", json.dumps(state[model_id].get("state", {}))):
        yield from _widget_tree(ref, state, seen)
    for output in state[model_id].get("state", {}).get("outputs", []):
        ref = output.get("data", {}).get(WIDGET_VIEW, {}).get("model_id")
        if ref:
            yield from _widget_tree(ref, state, seen)


def chart_payloads(nb) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(chart name, bytes) for every chart in an executed notebook, and (widget name, bytes) for its widgets.

    A chart is an output with the Vega mime type, in a cell or inside a widget (the kit's ChartView).
    A widget's bytes are its model and every model below it, as sent to the browser.
    """
    import nbformat

    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    charts, widgets = [], []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGA in data:
                charts.append((cell.id, _size(nbformat.from_dict(output))))
            model = data.get(WIDGET_VIEW, {}).get("model_id")
            if model:
                tree = list(_widget_tree(model, state))
                widgets.append((cell.id, sum(_size(m) for _, m in tree)))
                for _, m in tree:
                    for inner in m.get("state", {}).get("outputs", []):
                        if VEGA in inner.get("data", {}):
                            charts.append((f"{cell.id} (in a widget)", _size(inner)))
    return charts, widgets


def chart_rows(executed: dict) -> list[Row]:
    import nbformat

    rows = []
    for path, nb in executed.items():
        name = str(path.relative_to(REPO))
        if name.startswith("notebooks/"):
            charts, widgets = chart_payloads(nb)
            for chart, size in charts:
                rows.append(Row(f"chart: {path.stem[:2]} {chart}", f"{size / KB:.1f} KB", target="<= 100 KB",
                                ok=size <= 100 * KB))
            if widgets:
                cell, size = max(widgets, key=lambda w: w[1])
                rows.append(Row(f"largest widget: {path.stem[:2]} {cell}", f"{size / KB:.1f} KB",
                                target="<= 100 KB", ok=size <= 100 * KB))
        size = len(nbformat.writes(nb).encode("utf-8"))
        rows.append(Row(f"executed file: {name}", f"{size / KB:.0f} KB", target="<= 1000 KB", ok=size <= 1000 * KB))
    return rows


# ---------------------------------------------------------------- autograde


def floor_assignment(cells: int = 2) -> dict:
    """nbgrader's floor: one answer cell and one trivial graded test cell, in the course's conventions.

    With ``cells`` > 2, a trivial notebook of that many code cells (answer and test pairs, and a
    plain cell when odd): the cost nbgrader itself puts on a notebook of that shape.
    """
    import nbformat

    def meta(cell_id, **flags):
        return {"nbgrader": {"grade_id": cell_id, "schema_version": 3, "locked": False, "solution": False,
                             "grade": False, "task": False, **flags}}

    made = []
    for q in range(1, max(cells, 2) // 2 + 1):
        made.append(nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\nanswer{q} = {q}\n### END SOLUTION",
                                              id=f"q{q}-answer", metadata=meta(f"q{q}-answer", solution=True)))
        made.append(nbformat.v4.new_code_cell(f"assert answer{q} == {q}", id=f"q{q}-tests-1",
                                              metadata=meta(f"q{q}-tests-1", grade=True, locked=True, points=1)))
    if cells > 2 and cells % 2:
        made.append(nbformat.v4.new_code_cell("pass", id="plain"))
    nb = nbformat.v4.new_notebook(cells=made)
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


UNSANDBOXED = ["--Sandbox.bwrap=/nonexistent", "--Sandbox.allow_unsandboxed=True"]


def hand_in(course: Path, name: str, students: int) -> None:
    """`students` copies of the model answers of assignment `name`, in submitted/."""
    import grade_demo

    a = grade_demo.load_assignment(course, name)
    for number in range(1, students + 1):
        submission = course / "submitted" / f"s{number:02d}" / name / a.notebook
        grade_demo.write_json(grade_demo.answered(a, a.questions), submission)


def autograde_class(course: Path, name: str, students: int, extra: tuple = ()) -> list[float]:
    """Autograde `students` copies of the model answers in one nbgrader call; seconds per submission."""
    import grade_demo

    hand_in(course, name, students)
    starts = []

    def progress(line: str) -> None:
        if re.search(r"Sanitizing .*[/\\]submitted[/\\]", line):
            starts.append(time.perf_counter())

    code, log = grade_demo.nbgrader(course, "autograde", "--force", *extra, name, progress=progress)
    ends = starts[1:] + [time.perf_counter()]
    if code != 0 or len(starts) != students:
        raise RuntimeError(f"nbgrader autograde {name} failed ({len(starts)} of {students} graded):\n{log[-2000:]}")
    return [end - start for start, end in zip(starts, ends)]


def autograde_whole_class(course: Path, names: list[str], students: int) -> tuple[float, int]:
    """Minutes to grade every assignment's class with tools/autograde.py (one process per core), and its processes."""
    import autograde

    for name in names:
        hand_in(course, name, students)
    jobs = autograde.default_jobs()
    clock = time.perf_counter()
    code, log = autograde.run(course, "*", ["--force"], jobs=jobs)
    minutes = (time.perf_counter() - clock) / 60
    graded = len(re.findall(r"Sanitizing .*[/\\]submitted[/\\]", log))
    if code != 0 or graded != students * len(names):
        raise RuntimeError(f"tools/autograde.py failed ({graded} of {students * len(names)} graded):\n{log[-2000:]}")
    return minutes, jobs


def autograde_rows(students: int, comparisons: bool = True) -> list[Row]:
    import nbformat
    import grade_demo

    with tempfile.TemporaryDirectory(prefix="jtbd-bench-") as folder:
        course, _ = grade_demo.build_course(Path(folder), timeout=60)
        names = grade_demo.assignment_names()
        shapes = {name: sum(c.cell_type == "code" for c in nbformat.read(REPO / "solutions" / name / f"{name}.ipynb",
                                                                          4).cells) for name in names}
        for cells in {2, *shapes.values()}:
            floor_name = "floor" if cells == 2 else f"floor-{cells}-cells"
            (course / "solutions" / floor_name).mkdir()
            nbformat.write(floor_assignment(cells), course / "solutions" / floor_name / f"{floor_name}.ipynb")
        code, log = grade_demo.nbgrader(course, "generate_assignment", "--force", "*")
        if code != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{log[-2000:]}")
        rows, total = [], None
        if comparisons:
            say(f"  autograding {students} submissions: floor")
            floor = statistics.median(autograde_class(course, "floor", students))
            rows = [Row("autograde floor (one trivial graded cell), per submission", f"{floor:.2f} s", ratio="1.00")]
            total, shaped = 0.0, {}
            for name in names:
                say(f"  autograding {students} submissions: {name}")
                seconds = autograde_class(course, name, students)
                total += sum(seconds)
                ours = statistics.median(seconds)
                rows.append(ratio_row(f"autograde {name}, per submission", ours, floor, 1.3, digits=2))
                say(f"  autograding {students} submissions without the sandbox: {name}")
                bare = statistics.median(autograde_class(course, name, students, UNSANDBOXED))
                rows.append(ratio_row(f"... {name}: sandboxed against the unsandboxed grader", ours, bare, 1.2, digits=2))
                cells = shapes[name]
                if cells not in shaped:  # nbgrader's cost for this many cells, whatever they do
                    say(f"  autograding {min(students, 10)} submissions: a trivial notebook of {cells} code cells")
                    shaped[cells] = statistics.median(autograde_class(course, f"floor-{cells}-cells", min(students, 10)))
                rows.append(Row(f"... {name} against a trivial notebook of its {cells} code cells", f"{ours:.2f} s",
                                f"{shaped[cells]:.2f} s", f"{ours / shaped[cells]:.2f}"))
            shutil.rmtree(course / "submitted")  # the whole class below is only the course's assignments
        say(f"  autograding the whole class: {students} students x {len(names)} assignments, tools/autograde.py")
        minutes, jobs = autograde_whole_class(course, names, students)
        what = f"autograde a class of {students}, all {len(names)} assignments (sandboxed, {jobs} processes)"
        one = ("-", "-") if total is None else (f"{total / 60:.1f} min in 1", f"{minutes / (total / 60):.2f}")
        if students >= 30:  # the target is for 30 students: scale it for bigger classes, not for smaller ones
            limit = 6 * students / 30
            rows.append(Row(what, f"{minutes:.1f} min", *one, target=f"< {limit:g} min", ok=minutes < limit))
        else:  # a quick run: no target (start-up costs weigh more in a small class)
            rows.append(Row(what, f"{minutes:.1f} min", *one))
    return rows


# ---------------------------------------------------------------- survey and scoring


def survey_rows(sizes: list[int], repeats: int) -> list[Row]:
    import survey_bench

    rows, per_respondent = [], []
    for n in sizes:
        say(f"  generating {n:,} respondents x{repeats}")
        runs = [survey_bench.measure(n) for _ in range(repeats)]
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = max(r["peak_rss_mb"] for r in runs)
        per_respondent.append(seconds / n)
        rows.append(Row(f"survey: generate {n:,} respondents", f"{seconds:.1f} s"))
        rows.append(Row(f"survey: peak memory, {n:,} respondents", f"{peak:.0f} MiB", target="<= 1024 MiB",
                        ok=peak <= 1024))
    if len(sizes) > 1:
        growth = per_respondent[-1] / per_respondent[0]
        rows.append(Row(f"survey: time per respondent, {sizes[-1]:,} vs {sizes[0]:,}",
                        f"{per_respondent[-1] * 1e6:.0f} µs", f"{per_respondent[0] * 1e6:.0f} µs", f"{growth:.2f}",
                        "<= 1.5x (linear)", growth <= 1.5))
    return rows


def scoring_rows(sizes: list[int], repeats: int) -> list[Row]:
    import scoring_bench
    from jtbd_kit import score_by_group, score_outcomes

    rows, per_respondent = [], []
    for n in sizes:
        say(f"  scoring {n:,} respondents x{repeats}")
        frame = scoring_bench.ratings(n)
        wall, cpu = scoring_bench.timed_both(lambda: score_outcomes(frame), repeats)
        grouped = scoring_bench.timed(lambda: score_by_group(frame, "context"), repeats)
        per_respondent.append(cpu / n)
        limit = "< 1 s" if n >= 1_000_000 else "-"
        rows.append(Row(f"scoring: opportunity by outcome, {n:,} x {scoring_bench.OUTCOMES}",
                        f"{wall:.3f} s (CPU {cpu:.3f} s)", target=limit, ok=n < 1_000_000 or wall < 1.0))
        rows.append(Row(f"scoring: by group (10 contexts), {n:,} x {scoring_bench.OUTCOMES}", f"{grouped:.3f} s"))
        del frame
    if len(sizes) > 1:
        growth = per_respondent[-1] / per_respondent[0]
        rows.append(Row(f"scoring: CPU per respondent, {sizes[-1]:,} vs {sizes[0]:,}",
                        f"{per_respondent[-1] * 1e6:.2f} µs", f"{per_respondent[0] * 1e6:.2f} µs", f"{growth:.2f}",
                        "<= 1.5x (linear)", growth <= 1.5))
    n = min(scoring_bench.LOOP_ROWS, max(sizes))
    sample = scoring_bench.ratings(n, seed=1)
    loop = scoring_bench.timed_both(lambda: scoring_bench.loop_scores(sample), 1)[1]
    vectorised = scoring_bench.timed_both(lambda: score_outcomes(sample), repeats)[1]
    speedup = loop / vectorised
    rows.append(Row(f"scoring: vectorised vs per-respondent loop, {n:,} respondents (CPU)", f"{vectorised:.3f} s",
                    f"{loop:.2f} s", f"{1 / speedup:.3f} ({speedup:.0f}x faster)", ">= 50x faster", speedup >= 50))
    return rows


# ---------------------------------------------------------------- widgets


def widget_rows(path: Path = LATENCY_FILE) -> list[Row]:
    """Rows from the browser suite's latency file; a missing or unreadable file is a failed row."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        summary, target = data["summary"], float(data["target_ms"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [Row("widget latency (browser suite)", f"not measured ({type(error).__name__})",
                    target="run make test first", ok=False)]
    when = str(data.get("created", "?"))[:16].replace("T", " ")
    rows = []
    for name, s in summary.items():
        median, worst = float(s["median_ms"]), float(s["max_ms"])
        rows.append(Row(f"widget: {name} (browser suite, {when})", f"{median:.0f} ms median, {worst:.0f} ms max, "
                        f"n={s['n']}", target=f"median < {target:.0f} ms", ok=median < target))
    return rows or [Row("widget latency (browser suite)", "no measurements", ok=False)]


# ---------------------------------------------------------------- checkers


def checker_rows() -> list[Row]:
    import checker_eval

    rows = []
    for name, folder, target in (("", checker_eval.DATA, checker_eval.TARGET),
                                 ("held-out ", checker_eval.DATA.with_name("checker_eval_heldout"), None)):
        verdicts = checker_eval.judge(checker_eval.load_cases(folder))
        for kind, row in checker_eval.by_checker(verdicts).items():
            figure = f"{row['rate']:.1%} ({row['agree']}/{row['statements']}, {row['domains']} domains, {row['unsure']} unsure)"
            if target is None:
                rows.append(Row(f"checker: {name}{kind}", figure))
            else:
                rows.append(Row(f"checker: {kind}", figure, target=f">= {target:.0%}", ok=row["rate"] >= target))
        if target is not None:
            for (kind, code), row in sorted(checker_eval.by_rule(verdicts).items()):
                rows.append(Row(f"rule: {kind} `{code}`", f"caught {row['caught']}/{row['labelled']}, "
                                f"on good statements {row['false']}"))
    return rows


# ---------------------------------------------------------------- classroom


def classroom_rows(students: int) -> list[Row]:
    import classroom_bench
    from hub_client import why_not

    reason = why_not()
    if reason:
        return [Row("classroom: a class arriving at once", f"skipped: {reason}")]
    return [Row(what, figure, target=target, ok=ok) for what, figure, target, ok in classroom_bench.measure(students)]


# ---------------------------------------------------------------- the table


def machine(speed_before: float | None = None) -> str:
    import numpy
    import pandas

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()}, "
            f"numpy {numpy.__version__}, pandas {pandas.__version__}; {cores} cores; load average {load}; "
            f"CPU speed {'' if speed_before is None else f'{speed_before:.2f} s before the run, '}"
            f"{cpu_speed():.2f} s after (10 million additions in Python; lower is faster)")


def cpu_speed() -> float:
    """Seconds for a fixed pure-Python loop: the same machine runs it 1.1-1.9 s from run to run (a shared
    VM), so read every timing in the table against it."""
    def once() -> float:
        clock, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        return time.perf_counter() - clock

    return statistics.median(once() for _ in range(3))


def table(rows: list[Row]) -> str:
    lines = ["| what | figure | floor or comparison | ratio | target | pass |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    lines += [f"| {r.what} | {r.figure} | {r.floor} | {r.ratio} | {r.target} | {'yes' if r.ok else 'NO'} |"
              for r in rows]
    return "\n".join(lines)


def record(text: str, doc: Path = PERFORMANCE_DOC) -> None:
    """Put `text` between the bench markers of docs/performance.md (the rest of the page is prose)."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    page = doc.read_text(encoding="utf-8")
    if start not in page or end not in page:
        raise SystemExit(f"{doc} has no {start} ... {end} section to write the table into")
    head, rest = page.split(start, 1)
    doc.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="sections to run")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (the median is reported)")
    parser.add_argument("--students", type=int, default=30, help="class size for the autograde and classroom rows")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="respondents for the survey and scoring rows")
    parser.add_argument("--quick", action="store_true", help="one run each, a class of 5, 10k and 100k respondents")
    parser.add_argument("--record", action="store_true", help="write the table into docs/performance.md")
    parser.add_argument("--class-only", action="store_true",
                        help="autograde: only the whole class with tools/autograde.py (no per-assignment or unsandboxed rows)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.students, args.sizes = 1, 5, [10_000, 100_000]
    only = set(args.only) | ({"notebooks"} if "charts" in args.only else set())

    rows: list[Row] = []
    executed: dict = {}
    speed = cpu_speed()
    started = time.perf_counter()
    for section in SECTIONS:
        if section not in only:
            continue
        say(f"[{section}]")
        if section == "import":
            rows += import_rows(args.repeats)
        elif section == "checkers":
            rows += checker_rows()
        elif section == "notebooks":
            found = notebook_rows(args.repeats if "notebooks" in args.only else 1, executed)
            rows += found if "notebooks" in args.only else []
        elif section == "charts":
            rows += chart_rows(executed)
        elif section == "autograde":
            rows += autograde_rows(args.students, comparisons=not args.class_only)
        elif section == "survey":
            rows += survey_rows(args.sizes, args.repeats)
        elif section == "scoring":
            rows += scoring_rows(args.sizes, args.repeats)
        elif section == "widgets":
            rows += widget_rows(LATENCY_FILE)
        elif section == "classroom":
            rows += classroom_rows(args.students)
    missed = [r.what for r in rows if not r.ok]
    minutes = (time.perf_counter() - started) / 60
    text = (f"Measured {machine(speed)}; median of {args.repeats} run(s); took {minutes:.1f} min.\n\n"
            f"{table(rows)}\n\n"
            + (f"Missed {len(missed)} target(s): {'; '.join(missed)}." if missed else "Every target met."))
    print(text)
    if args.record:
        record(text)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
