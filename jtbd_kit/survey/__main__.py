"""Command line: generate the synthetic repair-platform survey.

    python -m jtbd_kit.survey                          # the course's copy: 1,500 respondents, seed 2026
    python -m jtbd_kit.survey -n 1000000 --out /tmp/big # a big run, with a progress line on stderr
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .design import DATA_DIR
from .generate import DEFAULT_RESPONDENTS, DEFAULT_SEED, write_survey


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jtbd_kit.survey",
        description="Generate the synthetic repair-platform survey, its truth files and its codebook.",
    )
    parser.add_argument("-n", "--respondents", type=_positive, default=DEFAULT_RESPONDENTS,
                        help=f"number of respondents (default {DEFAULT_RESPONDENTS:,})")
    parser.add_argument("--seed", type=_seed, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DATA_DIR,
                        help="folder to write into (default: the course's datasets/survey)")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None, help="always show the progress line")
    progress.add_argument("--quiet", dest="progress", action="store_false", help="never show the progress line")
    args = parser.parse_args(argv)
    try:
        paths = write_survey(args.out, args.respondents, args.seed, progress=args.progress)
    except OSError as error:
        print(f"Could not write the survey: {error}", file=sys.stderr)
        return 1
    for path in paths.values():
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
