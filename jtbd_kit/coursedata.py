"""The data files an assignment is graded against, declared once and checked by their digests.

A solution notebook lists, in its metadata, the course files its exercise needs::

    "jtbd_grading": {"data": {
        "student": {"datasets/support/support_log.csv": "sha256:..."},   # the student's code reads these
        "grader": {"datasets/support/support_log_truth.csv": "sha256:..."}  # only the hidden tests do
    }}

``make exercises`` records the digests (``python -m jtbd_kit.coursedata stamp ...``) when it
generates the exercises, and a test fails when a file changed since. At grading, the grader checks
every file against its digest before a submission runs, gives the student's kernel read-only copies
of the ``student`` files, and gives the test kernel both lists at a fixed read-only place.
Hidden tests find them with :func:`course_data`, never by searching the student's folders:

>>> course_data("datasets/repair_job.yaml").name
'repair_job.yaml'
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

__all__ = ["CourseDataError", "course_data", "declared", "digest", "stamp"]

KEY = "jtbd_grading"
ENV_FOLDER = "JTBD_COURSE_DATA"  # set by the grader in the test kernel: where the data is
ENV_DIGESTS = "JTBD_COURSE_DATA_DIGESTS"  # set by the grader: {relative path: digest}


class CourseDataError(RuntimeError):
    """A course data file is missing or not the one the assignment was generated with."""


def _root() -> Path:
    return Path(__file__).resolve().parents[1]


def digest(path) -> str:
    """``sha256:<hex>`` of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return f"sha256:{h.hexdigest()}"


def course_data(relative: str) -> Path:
    """The course's copy of ``relative`` (e.g. ``"datasets/survey/repair_survey.csv"``), checked.

    While grading, this is the read-only copy the grader put in place, and its digest must be the
    one recorded for the assignment. Elsewhere (a lesson, the tests) it is the course's own file.
    """
    folder = os.environ.get(ENV_FOLDER)
    path = (Path(folder) if folder else _root()) / relative
    if not path.is_file():
        raise CourseDataError(f"The course data file {relative} is not there ({path}).")
    wanted = json.loads(os.environ.get(ENV_DIGESTS) or "{}").get(relative)
    if folder and wanted is None:
        raise CourseDataError(f"{relative} is not among the data files this assignment declares.")
    if wanted is not None and digest(path) != wanted:
        raise CourseDataError(f"{relative} is not the file this assignment was generated with.")
    return path


def declared(metadata) -> dict[str, dict[str, str]]:
    """``{"student": {path: digest}, "grader": {path: digest}}`` from a notebook's metadata."""
    data = (metadata or {}).get(KEY, {}).get("data", {}) if isinstance(metadata, dict) else {}
    return {part: dict(data.get(part, {})) for part in ("student", "grader")}


def check(metadata, root) -> dict[str, dict[str, Path]]:
    """The declared files under ``root``, each checked against its digest (raises CourseDataError)."""
    out = {}
    for part, files in declared(metadata).items():
        out[part] = {}
        for relative, wanted in files.items():
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                raise CourseDataError(f"The data file {relative!r} must be a path inside the course folder.")
            path = Path(root) / relative
            if not path.is_file():
                raise CourseDataError(f"The data file {relative} that this assignment declares is missing ({path}).")
            if digest(path) != wanted:
                raise CourseDataError(
                    f"{relative} changed since the assignment was generated (its digest is not the recorded one). "
                    "Put back the file the students worked with, or run `make exercises` and release again.")
            out[part][relative] = path
    return out


def stamp(paths, root=None) -> int:
    """Record the digests of the declared files in each solution notebook (``make exercises`` runs it)."""
    import nbformat

    root = Path(root) if root else _root()
    for name in paths:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        data = declared(nb.metadata)
        fresh = {part: {rel: digest(root / rel) for rel in sorted(files)} for part, files in data.items()}
        if not any(fresh.values()):
            print(f"no data declared: {path}")
            continue
        if data != fresh:
            nb.metadata.setdefault(KEY, {})["data"] = fresh
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
            print(f"stamped {path}")
        else:
            print(f"up to date: {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "stamp":
        raise SystemExit(stamp(sys.argv[2:]))
    print("usage: python -m jtbd_kit.coursedata stamp solutions/<assignment>/<assignment>.ipynb ...")
    raise SystemExit(2)
