"""How fast the survey is scored: jtbd_kit's vectorised scoring against a per-respondent Python loop.

Scoring = top-2-box importance and satisfaction for every outcome, then opportunity and class
(jtbd_kit.score_outcomes), and the same per group of ten contexts (jtbd_kit.score_by_group). The
data are random 1-5 ratings with 2% missing, made with numpy (the generator's own speed is
survey_bench.py's subject). Each figure is the median of several runs.

    .venv/bin/python benchmarks/scoring_bench.py                  # 10k, 100k, 1M respondents x 50 outcomes
    .venv/bin/python benchmarks/scoring_bench.py --sizes 10000 100000 --repeats 3

Targets (issue 7): 1,000,000 respondents x 50 outcomes scored in well under a second; time grows
linearly with respondents; vectorised at least 50x faster than the loop on the same data. The
runner prints a Markdown table and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd

from jtbd_kit import score_by_group, score_outcomes

OUTCOMES = 50
LOOP_ROWS = 100_000  # the loop is timed on this many respondents (per-respondent cost compared)


def ratings(respondents: int, seed: int = 0) -> pd.DataFrame:
    """A survey-shaped table: imp_/sat_ columns for OUTCOMES outcomes (Int8, 2% missing) and a context."""
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 6, size=(respondents, 2 * OUTCOMES), dtype=np.int8).astype(np.float32)
    values[rng.random(values.shape) < 0.02] = np.nan
    columns = [f"{p}_o{i:02d}" for i in range(OUTCOMES) for p in ("imp", "sat")]
    frame = pd.DataFrame(values, columns=columns)
    frame["context"] = pd.Categorical(rng.integers(0, 10, size=respondents).astype(str))
    return frame


def loop_scores(frame: pd.DataFrame) -> dict[str, float]:
    """The same top-2-box scores, one respondent at a time: the comparison, not for use."""
    items = [c[4:] for c in frame.columns if c.startswith("imp_")]
    hits = {c: 0 for c in frame.columns if c != "context"}
    answered = dict(hits)
    for row in frame.drop(columns="context").itertuples(index=False):
        for column, value in zip(hits, row):
            if value == value:  # not NaN
                answered[column] += 1
                hits[column] += value >= 4
    scores = {}
    for item in items:
        importance = hits[f"imp_{item}"] / answered[f"imp_{item}"] * 10
        satisfaction = hits[f"sat_{item}"] / answered[f"sat_{item}"] * 10
        scores[item] = importance + max(importance - satisfaction, 0)
    return scores


def timed(call, repeats: int) -> float:
    """Median wall time of ``repeats`` calls."""
    return timed_both(call, repeats)[0]


def timed_both(call, repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (steadier when the machine is shared) of ``repeats`` calls."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    rows, per_row = [], []
    for size in args.sizes:
        frame = ratings(size)
        outcomes, outcomes_cpu = timed_both(lambda: score_outcomes(frame), args.repeats)
        grouped = timed(lambda: score_by_group(frame, "context"), max(1, args.repeats // 2))
        per_row.append(outcomes / size)
        rows.append((size, outcomes, outcomes_cpu, grouped))
    sample = ratings(LOOP_ROWS, seed=1)
    # CPU time for both sides of the ratio: wall time on a shared machine swings several-fold
    loop = timed_both(lambda: loop_scores(sample), 1)[1] / LOOP_ROWS
    vectorised = timed_both(lambda: score_outcomes(sample), args.repeats)[1] / LOOP_ROWS
    check = score_outcomes(sample).set_index("outcome")["opportunity"]
    assert np.allclose([loop_scores(sample.head(2000))[k] for k in check.index[:3]],
                       score_outcomes(sample.head(2000)).set_index("outcome").loc[check.index[:3], "opportunity"])

    print(f"Scoring {OUTCOMES} outcomes (top-2-box, opportunity, class); median of {args.repeats} runs.\n")
    print("| respondents | score_outcomes wall (s) | its CPU (s) | score_by_group, 10 contexts (s) | µs per respondent |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size, outcomes, cpu, grouped in rows:
        print(f"| {size:,} | {outcomes:.3f} | {cpu:.3f} | {grouped:.3f} | {outcomes / size * 1e6:.2f} |")
    speedup = loop / vectorised
    # linear (or better): the cost per respondent at the largest size is no more than 1.5x that at
    # the smallest; fixed costs make small sizes dearer per respondent, which is fine
    growth = per_row[-1] / per_row[0] if len(per_row) > 1 else 1.0
    million = next((o for s, o, _, _ in rows if s == 1_000_000), None)
    print(f"\nCPU time per respondent on {LOOP_ROWS:,} respondents: per-respondent Python loop {loop * 1e6:.1f} µs; "
          f"vectorised {vectorised * 1e6:.2f} µs -> {speedup:,.0f}x faster.")
    targets = [
        ("1M x 50 scored in under 1 s", million is None or million < 1.0,
         "not measured" if million is None else f"{million:.3f} s"),
        ("linear growth: cost per respondent at the largest size <= 1.5x the smallest", growth <= 1.5,
         f"{growth:.2f}x"),
        ("vectorised at least 50x faster than the loop", speedup >= 50, f"{speedup:,.0f}x"),
    ]
    print("\n| target | measured | pass |\n| --- | --- | --- |")
    for name, ok, measured in targets:
        print(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")
    return 0 if all(ok for _, ok, _ in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
