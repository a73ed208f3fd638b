"""Build the student edition: the repository students clone or open on Binder.

    make student-edition                           # into build/student-edition/
    make student-edition REPO=org/name OUT=DIR     # the Binder badge points at github.com/org/name

The instructor's repository (this one) holds the model answers, hidden tests and rubrics
(solutions/), the grading tools (tools/, nbgrader_config.py, jtbd_kit's grading modules), the
instructor docs and the planted truth of the data that exercises are graded on. The edition is
what is left for students: lessons, exercises, jtbd_kit, the data they need, the Binder
environment, the `.jupyter/` settings, the checker's rule reference, a student README and its own
`make lab` / `make test`.

The folder is a git repository with one commit, made with a fixed author and date, so the same
instructor repository always gives the same files and the same commit id: the instructor can push
it (`git push` to the class's public repository) and rebuild it at any time.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "tools" / "student_edition"
MARKER = ".student-edition"  # the builder only ever replaces a folder that holds this file
PLACEHOLDER = "your-org/your-course"
FIRST_LESSON = "notebooks/01_job_action_statements.ipynb"

# What goes in, from the instructor repository (folders are copied whole, minus LEFT_OUT).
FROM_REPO = ["notebooks", "exercises", "jtbd_kit", "datasets", ".jupyter", "docs/rules.md", "environment.yml",
             "requirements.txt", "requirements-test.txt", "pyproject.toml"]
# Never in the edition, wherever they are.
LEFT_OUT = [
    "__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info",
    # grading: how submissions are run and tested (no answers, but no use to a student either)
    "jtbd_kit/grading.py", "jtbd_kit/sandbox.py", "jtbd_kit/answers.py", "jtbd_kit/coursedata.py",
    # the planted truth of the data an exercise is graded on (see tools/exercise_data.py)
    "datasets/survey_exercise/*_truth.*",
    "datasets/support_exercise/*_truth.*",
    "datasets/interviews_exercise/*_truth.*",
]
# The kit's tests that make sense for a student (the rest test grading, solutions and tools).
STUDENT_TESTS = ["conftest.py", "test_analysis.py", "test_cards.py", "test_charts.py", "test_job_action.py",
                 "test_job_map.py", "test_kit.py", "test_repair_job.py", "test_robustness.py", "test_rules.py",
                 "test_statements.py", "test_support_log.py", "test_survey.py", "test_survey_charts.py",
                 "test_widgets.py"]
GITIGNORE = """.venv/
__pycache__/
*.py[cod]
*.egg-info/
.pytest_cache/
.hypothesis/
.ipynb_checkpoints/
"""
# Fixed, so that building twice gives the same commit.
GIT_ENV = {"GIT_AUTHOR_NAME": "jtbd course", "GIT_AUTHOR_EMAIL": "course@example.invalid",
           "GIT_COMMITTER_NAME": "jtbd course", "GIT_COMMITTER_EMAIL": "course@example.invalid",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00"}


def left_out(relative: str) -> bool:
    parts = relative.split("/")
    return any(fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
               for pattern in LEFT_OUT)


def binder_url(repo: str) -> str:
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{FIRST_LESSON}"


def tracked_files() -> list[str]:
    """The instructor repository's files under FROM_REPO: committed or new, but never git-ignored ones."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *FROM_REPO],
                             cwd=REPO, capture_output=True, check=True).stdout.decode()
        files = [f for f in out.split("\0") if f]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: what is on disk
        files = [p.relative_to(REPO).as_posix() for item in FROM_REPO
                 for p in ([REPO / item] if (REPO / item).is_file() else sorted((REPO / item).rglob("*")))]
    return sorted({f for f in files if (REPO / f).is_file() and not left_out(f)})


def build(out: Path, repo: str = PLACEHOLDER) -> str:
    """Write the edition into `out` (replacing an earlier edition there); return its commit id."""
    out = Path(out).resolve()
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and is not a student edition: choose another OUT, or empty it first.")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for relative in tracked_files():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / relative, target)
    (out / "tests").mkdir()
    for name in STUDENT_TESTS:
        shutil.copyfile(REPO / "tests" / name, out / "tests" / name)
    shutil.copyfile(TEMPLATES / "tests" / "test_course.py", out / "tests" / "test_course.py")
    shutil.copyfile(TEMPLATES / "Makefile", out / "Makefile")
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8").replace("{binder_url}", binder_url(repo))
    (out / "README.md").write_text(readme, encoding="utf-8")
    (out / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (out / MARKER).write_text(f"Made by `make student-edition` from the instructor repository for {repo}.\n",
                              encoding="utf-8")
    env = {**os.environ, **GIT_ENV}
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                    ["git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Student edition"]):
        subprocess.run(command, cwd=out, env=env, check=True, capture_output=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=out, capture_output=True, text=True,
                          check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "student-edition")
    parser.add_argument("--repo", default="", help="the class's public GitHub repository, as org/name")
    args = parser.parse_args(argv)
    repo = args.repo or PLACEHOLDER
    commit = build(args.out, repo)
    print(f"Student edition in {args.out} (commit {commit[:12]}).")
    if not args.repo:
        print(f"The Binder badge points at the placeholder {PLACEHOLDER}: rebuild with "
              "`make student-edition REPO=org/name` once the class's repository exists.")
    print(f"Publish it: cd {args.out} && git remote add origin git@github.com:{repo}.git && git push -f origin main")
    return 0


if __name__ == "__main__":
    sys.exit(main())
