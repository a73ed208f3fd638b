"""The course's benchmark runner: how fast the course runs, as ratios against the floor, in one table.

    make bench                                   # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --repeats 3 --only import notebooks

Measured now (issue 10 grows this list):
- ``import jtbd_kit`` in a fresh interpreter (target < 0.3 s; the kit loads pandas, altair,
  ipywidgets and sklearn only where they are used);
- each lesson and each solution notebook executed top to bottom in a fresh kernel, against the
  floor: a notebook that imports pandas, altair and jtbd_kit and does nothing else (target: every
  notebook within 2x the floor; the whole course under 60 s).
Each figure is the median of ``--repeats`` runs. The table is printed as Markdown; the runner exits
1 when a target is missed, so it can gate a release. Record results in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
FLOOR_SOURCE = "import pandas\nimport altair\nimport jtbd_kit"


def median_seconds(call, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import jtbd_kit; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run_notebook(nb: nbformat.NotebookNode, folder: Path) -> None:
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of the course against the floor")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=["import", "notebooks"], default=["import", "notebooks"])
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str, str, str, bool]] = []  # what, figure, floor, ratio, target, pass
    if "import" in args.only:
        seconds = statistics.median(import_time() for _ in range(max(args.repeats, 5)))
        rows.append(("import jtbd_kit", f"{seconds:.3f} s", "-", "-", "< 0.3 s", seconds < 0.3))
    if "notebooks" in args.only:
        floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
        floor = median_seconds(lambda: run_notebook(nbformat.from_dict(floor_nb), REPO), args.repeats)
        rows.append(("floor notebook (imports only)", f"{floor:.1f} s", "-", "1.0", "-", True))
        total = 0.0
        paths = sorted(REPO.glob("notebooks/*.ipynb")) + sorted(REPO.glob("solutions/*/*.ipynb"))
        for path in paths:
            seconds = median_seconds(lambda: run_notebook(nbformat.read(path, 4), path.parent), args.repeats)
            total += seconds
            ratio = seconds / floor
            rows.append((str(path.relative_to(REPO)), f"{seconds:.1f} s", f"{floor:.1f} s", f"{ratio:.1f}",
                         "<= 2x floor", ratio <= 2.0))
        rows.append(("whole course (lessons + solutions)", f"{total:.1f} s", "-", "-", "< 60 s", total < 60))

    print("| what | figure | floor | ratio | target | pass |\n| --- | ---: | ---: | ---: | --- | --- |")
    for what, figure, floor_text, ratio, target, ok in rows:
        print(f"| {what} | {figure} | {floor_text} | {ratio} | {target} | {'yes' if ok else 'NO'} |")
    return 0 if all(row[-1] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
