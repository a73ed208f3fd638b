"""The data copies that graded exercises use, made from seeds that only the instructor has.

A lesson may open the planted truth of its data (lesson 6 compares its segments with the real
ones; lesson 4 finds which real job is "task done, job not"). If the graded exercise used the
same copy, the lesson's answers would be the exercise's. So exercise 06 is graded on another copy
of the survey (the same questionnaire and generator, answered by other synthetic respondents, who
fall into three of the lesson's four segments, in other proportions)
and exercise 04 on another support log (other customers, and other job models, so that a
different job is the one where the task is done and the job is not). The seeds and models live
here, in tools/, which the student edition leaves out (`make student-edition`): students get each
copy's tables and codebook, never its truth files or a way to make them again (the generators are
in jtbd_kit, but without the seed they make other data; 62 random bits are not guessed).

    python tools/exercise_data.py            # (re)write both copies (`make survey` and `make support-log` do)
    python tools/exercise_data.py survey     # only datasets/survey_exercise/
    python tools/exercise_data.py support    # only datasets/support_exercise/
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Instructor-only. Changing it changes every answer of exercise 06: regenerate, then `make exercises`.
SURVEY_EXERCISE = {
    "folder": "datasets/survey_exercise", "respondents": 1500, "seed": 2203617906376276827,
    # three of the design's four segments, in other proportions: the lesson's count (4) and its
    # worked example (the time-critical segment) are not this copy's
    "segment_shares": {"first_timers": 0.30, "data_anxious": 0.30, "cost_conscious": 0.40},
}


# Instructor-only. Changing it changes every answer of exercise 04's Q2 and Q3.
SUPPORT_EXERCISE = {
    "folder": "datasets/support_exercise", "contacts": 600, "seed": 790467150726442247,
    # how contacts about each real job turn out (see jtbd_kit.support_log.JobModel): here the job
    # whose request is resolved most while its customers come back most is keep_team_working
    "models": {
        "back_by_deadline": (0.76, 0.90, 0.45, 0.40),
        "keep_data_safe": (0.82, 0.93, 0.50, 0.45),
        "pay_only_once": (0.70, 0.88, 0.45, 0.40),
        "fixed_for_good": (0.80, 0.78, 0.40, 0.35),
        "know_full_cost": (0.78, 0.95, 0.55, 0.35),
        "keep_team_working": (0.88, 0.45, 0.35, 0.45),
    },
}


def write_support_exercise(folder: Path | None = None) -> list[Path]:
    from jtbd_kit.support_log import JobModel, write_support_log

    out = Path(folder) if folder is not None else REPO / SUPPORT_EXERCISE["folder"]
    models = {job: JobModel(*p) for job, p in SUPPORT_EXERCISE["models"].items()}
    return write_support_log(out, SUPPORT_EXERCISE["contacts"], SUPPORT_EXERCISE["seed"], models=models,
                             exercise=True)


def write_survey_exercise(folder: Path | None = None) -> dict:
    from jtbd_kit.survey import write_survey

    out = Path(folder) if folder is not None else REPO / SURVEY_EXERCISE["folder"]
    return write_survey(out, SURVEY_EXERCISE["respondents"], SURVEY_EXERCISE["seed"], progress=False,
                        segment_shares=SURVEY_EXERCISE["segment_shares"])


def main(argv: list[str] | None = None) -> int:
    which = (sys.argv[1:] if argv is None else argv) or ["survey", "support"]
    unknown = [w for w in which if w not in ("survey", "support")]
    if unknown:
        print(f"usage: python tools/exercise_data.py [survey] [support]; not {' '.join(unknown)}", file=sys.stderr)
        return 2
    paths = []
    if "survey" in which:
        paths += list(write_survey_exercise().values())
    if "support" in which:
        paths += write_support_exercise()
    for path in paths:
        print(f"wrote {Path(path).resolve().relative_to(REPO)} ({Path(path).stat().st_size / 1024:,.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
