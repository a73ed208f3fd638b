"""Read the survey table, check it against the codebook, and give every column its proper type.

A broken file stops here with a :class:`SurveyDataError` that says what is wrong and where (the
line of the file, the respondent, the column), instead of failing later inside pandas.

>>> survey = load_survey()
>>> survey["imp_data_lost"].dtype, survey["context"].dtype.name
(Int8Dtype(), 'category')
>>> int(survey["imp_data_lost"].max()) <= 5
True
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _inputs
from .design import DATA_DIR, Column, SurveyDesign, survey_design
from .generate import SURVEY_FILE
from ..feedback import LearnerError

__all__ = ["SurveyDataError", "load_survey", "DEFAULT_SURVEY_PATH", "EXERCISE_SURVEY_PATH"]

DEFAULT_SURVEY_PATH = DATA_DIR / SURVEY_FILE
# The copy that exercise 06 is graded on: the same questionnaire, other respondents (another seed,
# which only the instructor has), and no truth file beside it in what students receive.
EXERCISE_SURVEY_PATH = DATA_DIR.parent / "survey_exercise" / SURVEY_FILE
COPIES = {"lesson": DEFAULT_SURVEY_PATH, "exercise": EXERCISE_SURVEY_PATH}
_NUMERIC = ("flag", "count", "seconds", "rating")
_SHOW = 3  # how many offending cells a message lists
_ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark some spreadsheet programs add


class SurveyDataError(LearnerError, ValueError):
    """The survey file cannot be used as it is; the message says what is wrong and where."""


def load_survey(path: str | Path | None = None, *, copy: str = "lesson") -> pd.DataFrame:
    """Load the repair-platform survey (the course's copy unless ``path`` is given).

    The course has two copies of the same questionnaire, answered by different (synthetic)
    respondents: ``copy="lesson"`` (the default), which lesson 6 analyses and whose planted truth
    it opens, and ``copy="exercise"``, which exercise 06 is graded on.

    Returns one row per respondent with the codebook's columns, in the codebook's order:
    ratings as nullable small integers (``Int8``; a missing answer is ``<NA>``), situation flags
    as 0/1 integers, and the context and descriptors as categories.

    Raises :class:`SurveyDataError` when the file is missing, lacks a column or has an unknown
    one, or holds a value the codebook does not allow (text in a rating column, a rating outside
    its scale, an unknown context, ...).
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise SurveyDataError(
            f"load_survey() takes the path of a CSV file, such as '{DEFAULT_SURVEY_PATH.name}', "
            f"not {type(path).__name__}. Call load_survey() with no argument for the course's copy."
        )
    if type(copy) is not str or copy not in COPIES:
        raise SurveyDataError(
            f"load_survey(copy=...) takes 'lesson' (the default: the lesson's copy) or 'exercise' (exercise "
            f"06's copy), not {copy!r}."
        )
    file = Path(path) if path is not None else COPIES[copy]
    design = survey_design()
    header = _read_header(file)
    _check_header(file, header, design)
    _check_row_lengths(file, len(header))
    columns = {c.name: c for c in design.columns}
    numeric = [name for name in header if columns[name].kind in _NUMERIC]
    try:
        frame = pd.read_csv(
            file, dtype={name: ("float64" if name in numeric else "str") for name in header},
            keep_default_na=False, na_values={name: [""] for name in header}, encoding=_ENCODING,
        )
    except pd.errors.ParserError as error:
        raise _fail(file, f"the rows do not line up with the header ({error}). "
                          "A row with a stray or missing comma is the usual cause.") from None
    except ValueError:
        raise _find_text(file, header, numeric, columns) from None
    if frame.empty:
        raise _fail(file, "it has a header but no respondents.")
    for name in header:
        _check_values(file, frame, columns[name])
    return _typed(frame, design)


# ---------------------------------------------------------------- the checks


def _fail(file: Path, what: str) -> SurveyDataError:
    return SurveyDataError(f"The survey file {file} cannot be used: {what}")


def _read_header(file: Path) -> list[str]:
    _inputs.file_name(file, SurveyDataError)
    if not file.exists():
        raise SurveyDataError(
            f"The survey file {file} was not found. Check the path and the folder you run from; the "
            f"course's copy is datasets/survey/{SURVEY_FILE} (`make survey` makes it again)."
        )
    if file.is_dir():
        raise _fail(file, "this is a folder, not a CSV file.")
    try:
        with open(file, encoding=_ENCODING, newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise _fail(file, "it is not UTF-8 text. Save it again as a UTF-8 CSV file.") from None
    if not header:
        raise _fail(file, "the file is empty.")
    return header


def _check_header(file: Path, header: list[str], design: SurveyDesign) -> None:
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        raise _fail(file, f"the column(s) {_names(doubled)} appear more than once.")
    expected = design.names
    missing = [name for name in expected if name not in header]
    if missing:
        raise _fail(file, f"the column(s) {_names(missing)} are missing ({len(missing)} of {len(expected)}). "
                          "Was the file cut short or saved from a filtered table? The codebook lists every column.")
    unknown = [name for name in header if name not in expected]
    if unknown:
        index = any(name == "" or name.startswith("Unnamed") for name in unknown)
        hint = (" An unnamed first column is usually a saved row index: save with to_csv(..., index=False)."
                if index else " Keep your own columns in a separate file, or add them after loading.")
        raise _fail(file, f"the column(s) {_names([repr(n) for n in unknown])} are not in the codebook.{hint}")


def _check_row_lengths(file: Path, width: int) -> None:
    """Every row must have one value per column (pandas would quietly pad a short row with NaN)."""
    with open(file, encoding=_ENCODING, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for line, row in enumerate(reader, start=2):
            if len(row) != width and row:
                raise _fail(file, f"line {line} has {len(row)} values, but the header names {width} columns. "
                                  "A stray or missing comma on that line is the usual cause.")


def _find_text(file: Path, header: list[str], numeric: list[str], columns: dict[str, Column]) -> SurveyDataError:
    """Walk the file to find the first cell of a numeric column that is not a number."""
    positions = [(header.index(name), name) for name in numeric]
    id_at = header.index("respondent_id")
    with open(file, encoding=_ENCODING, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for line, row in enumerate(reader, start=2):
            for at, name in positions:
                cell = row[at].strip() if at < len(row) else ""
                if cell and not _is_number(cell):
                    who = row[id_at] if id_at < len(row) else "?"
                    what = "is not a number" if _is_number(cell, finite=False) else "is text"
                    return _fail(file, f"line {line} (respondent {who}), column {name}: {cell!r} {what}, "
                                       f"but this column holds {_allowed(columns[name])}. "
                                       "Correct the cell, or leave it empty if the answer is missing.")
    return _fail(file, "pandas could not read it as a table of numbers and text.")


def _is_number(text: str, finite: bool = True) -> bool:
    """True for text such as '4' or '12.0'; 'nan' and 'inf' count only when ``finite`` is False."""
    try:
        number = float(text)
    except ValueError:
        return False
    return bool(np.isfinite(number)) or not finite


def _check_values(file: Path, frame: pd.DataFrame, column: Column) -> None:
    values = frame[column.name]
    if column.kind == "id":
        bad = values.isna() | (values.str.strip() == "")
        _report(file, frame, column, bad, "has no respondent id", "have no respondent id")
        doubled = values.duplicated(keep="first") & ~bad
        _report(file, frame, column, doubled, "repeats a respondent id already used above", "repeat a respondent id already used above")
        return
    if column.kind == "category":
        _report(file, frame, column, values.isna(), "is empty, but every respondent needs a value here",
                "are empty, but every respondent needs a value here")
        _report(file, frame, column, ~values.isin(column.categories) & values.notna(),
                "is not one of the allowed values", "are not one of the allowed values")
        return
    numbers = values.to_numpy(dtype="float64")
    present = ~np.isnan(numbers)
    _report(file, frame, column, present & ~np.isfinite(numbers), "is not a number (infinite)", "are not numbers (infinite)")
    if column.kind != "rating":
        _report(file, frame, column, ~present, "is empty, but every respondent needs a value here",
                "are empty, but every respondent needs a value here")
    _report(file, frame, column, present & (numbers != np.round(numbers)), "is not a whole number", "are not whole numbers")
    # no scale: a count of seconds, which must fit the whole numbers the table holds (int32)
    low, high = column.scale if column.scale else (1, 2**31 - 1)
    _report(file, frame, column, present & ((numbers < low) | (numbers > high)), "is out of range", "are out of range")


def _report(file: Path, frame: pd.DataFrame, column: Column, bad, one: str, many: str) -> None:
    """Fail when any row is ``bad``, naming the count and the first few cells (``one``/``many``: the problem)."""
    bad = np.asarray(bad, dtype=bool)
    if not bad.any():
        return
    rows = np.flatnonzero(bad)
    examples = "; ".join(
        f"line {row + 2} (respondent {frame['respondent_id'].iloc[row]}): {_show(frame[column.name].iloc[row])}"
        for row in rows[:_SHOW]
    )
    more = f" and {len(rows) - _SHOW} more" if len(rows) > _SHOW else ""
    count, problem = ("1 value", one) if len(rows) == 1 else (f"{len(rows)} values", many)
    raise _fail(file, f"in column {column.name}, {count} {problem}: {examples}{more}. "
                      f"This column holds {_allowed(column)}.")


def _allowed(column: Column) -> str:
    if column.kind == "rating":
        low, high = column.scale
        return f"ratings from {low} to {high} ({column.labels[low]} ... {column.labels[high]}), or an empty cell"
    if column.kind == "category":
        return "one of: " + ", ".join(column.categories)
    if column.kind == "flag":
        return "1 (yes) or 0 (no)"
    if column.kind == "count":
        return f"whole numbers from {column.scale[0]} to {column.scale[1]}"
    if column.kind == "seconds":
        return "a whole number of seconds"
    return "a unique respondent id"


def _show(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(empty)"
    if isinstance(value, float) and np.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:6])
    return shown + (f" and {len(names) - 6} more" if len(names) > 6 else "")


# ---------------------------------------------------------------- types


def _typed(frame: pd.DataFrame, design: SurveyDesign) -> pd.DataFrame:
    """Columns in codebook order, with the dtypes the lessons rely on."""
    out = {}
    for column in design.columns:
        values = frame[column.name]
        if column.kind == "rating":
            out[column.name] = values.astype("Int8")
        elif column.kind in ("flag", "count"):
            out[column.name] = values.astype("int8")
        elif column.kind == "seconds":
            out[column.name] = values.astype("int32")
        elif column.kind == "category":
            ordered = column.name == "age_band"
            out[column.name] = pd.Categorical(values, categories=list(column.categories), ordered=ordered)
        else:
            out[column.name] = values.astype("str")
    return pd.DataFrame(out)
