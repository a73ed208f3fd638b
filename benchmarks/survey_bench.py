"""Time and memory of generating the synthetic repair survey, at several sizes.

Each size runs in a fresh Python process (so one run's memory does not hide another's) that
imports the kit, then generates and writes the four files into a temporary folder. Printed as a
Markdown table; the results are kept in benchmarks/README.md.

    .venv/bin/python benchmarks/survey_bench.py                    # 10k, 100k and 1M respondents
    .venv/bin/python benchmarks/survey_bench.py --sizes 10000 50000

Columns: wall time of write_survey (all four files); its CPU time (user + system: steadier
than wall time when the machine is shared); peak resident memory of the process
(ru_maxrss: the interpreter, numpy and pandas included); the part of that peak above the
process's memory after the imports; and the size of the CSV written. (tracemalloc is not used:
it slows pandas' CSV writer down more than tenfold.)
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile

# Runs in the child process: prints one JSON line of measurements.
_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import numpy, pandas
from jtbd_kit.survey import write_survey, survey_design
survey_design()
before = resource.getrusage(resource.RUSAGE_SELF)
base = before.ru_maxrss
folder, n = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
paths = write_survey(folder, respondents=n, progress=False)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
peak = after.ru_maxrss
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({"n": n, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak / 1024, "base_rss_mb": base / 1024,
                  "csv_mb": paths["repair_survey.csv"].stat().st_size / 2**20}))
"""


def measure(respondents: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-c", _CHILD, folder, str(respondents)],
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    lines = [
        "| respondents | wall time (s) | CPU time (s) | rows/s (CPU) | peak RSS (MiB) | above imports (MiB) | CSV (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['n'] / r['cpu_seconds']:,.0f} | {r['peak_rss_mb']:.0f} "
            f"| {r['peak_rss_mb'] - r['base_rss_mb']:.0f} | {r['csv_mb']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        print(f"generating {n:,} respondents ...", file=sys.stderr, flush=True)
        rows.append(measure(n))
    import numpy
    import pandas

    print(f"Python {platform.python_version()}, numpy {numpy.__version__}, pandas {pandas.__version__}, "
          f"{platform.machine()}, {_cores()} cores, load average {_load()}\n")
    print(table(rows))
    return 0


def _load() -> str:
    import os

    return " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
