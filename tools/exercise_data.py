"""The data copies that graded exercises use, made from seeds that only the instructor has.

A lesson may open the planted truth of its data (lesson 5 compares its segments with the real
ones). If the graded exercise used the same copy, the lesson's answers would be the exercise's.
So exercise 05 is graded on another copy of the survey: the same questionnaire and generator,
answered by other synthetic respondents, made from the seed below. The seed lives here, in
tools/, which the student edition leaves out (`make student-edition`): students get the copy's
survey table and codebook, never its truth files or a way to make them again (the generator is
in jtbd_kit, but without the seed it makes other respondents; 62 random bits are not guessed).

    python tools/exercise_data.py            # (re)write datasets/survey_exercise/ (`make survey` does)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Instructor-only. Changing it changes every answer of exercise 05: regenerate, then `make exercises`.
SURVEY_EXERCISE = {"folder": "datasets/survey_exercise", "respondents": 1500, "seed": 2203617906376276827}


def write_survey_exercise(folder: Path | None = None) -> dict:
    from jtbd_kit.survey import write_survey

    out = Path(folder) if folder is not None else REPO / SURVEY_EXERCISE["folder"]
    return write_survey(out, SURVEY_EXERCISE["respondents"], SURVEY_EXERCISE["seed"], progress=False)


def main() -> int:
    for path in write_survey_exercise().values():
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
