"""Checks on the arguments a learner passes to the analysis and chart functions and the loaders.

Each check returns the value in the form the caller needs, or raises the caller's error class with
a message that says what was wrong, with what value, and what to do. The error class is passed in,
so each module keeps its own (AnalysisError for the analysis and the charts).

>>> from jtbd_kit.analysis import AnalysisError
>>> whole(3, "k", "the number of segments", AnalysisError, low=2)
3
>>> try:
...     whole(2.5, "k", "the number of segments", AnalysisError, low=2)
... except AnalysisError as error:
...     print(error)
k is the number of segments: a whole number of at least 2, not 2.5.
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["column_name", "file_name", "frame", "names", "number", "shown", "text", "whole"]


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters; a value whose repr fails is named by its type."""
    try:
        text = repr(value)
    except Exception:  # a learner's object with a broken __repr__ still gets a message
        return f"a {type(value).__name__} object"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def frame(value: Any, error: type[Exception], what: str = "the survey", source: str = "load_survey()",
          example: str = "imp_data_lost") -> pd.DataFrame:
    """``value`` as a DataFrame whose column names are distinct texts, or ``error``."""
    if not isinstance(value, pd.DataFrame):
        raise error(f"Expected {what} as a pandas DataFrame ({source}), got {type(value).__name__}.")
    odd = [c for c in value.columns if not isinstance(c, str)]
    if odd:
        raise error(f"Every column name of {what} should be text, like {example!r}; {len(odd)} is not, such as "
                    f"{shown(odd[0])}. Rename it with .rename(columns={{...}}) or set "
                    ".columns = .columns.astype(str).")
    twice = [name for name, count in Counter(value.columns).items() if count > 1]
    if twice:
        raise error(f"{what.capitalize()} has {len(twice)} column name{'s' if len(twice) > 1 else ''} used more "
                    f"than once, such as {shown(twice[0])}: each column needs its own name. Drop the copy "
                    "(.loc[:, ~table.columns.duplicated()]) or rename it.")
    return value


def whole(value: Any, name: str, meaning: str, error: type[Exception], low: int | None = None,
          high: int | None = None) -> int:
    """``value`` as an int between ``low`` and ``high`` (either may be None), or ``error``."""
    ok = not isinstance(value, bool) and isinstance(value, (int, np.integer))
    ok = ok and (low is None or value >= low) and (high is None or value <= high)
    if not ok:
        if low is not None and high is not None:
            span = f"from {low:,} to {high:,}"
        elif low is not None:
            span = f"of at least {low:,}"
        else:
            span = f"of at most {high:,}"
        raise error(f"{name} is {meaning}: a whole number {span}, not {shown(value)}.")
    return int(value)


def number(value: Any, name: str, meaning: str, error: type[Exception], low: float, high: float) -> float:
    """``value`` as a finite float from ``low`` to ``high``, or ``error``."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not low <= value <= high:
        raise error(f"{name} is {meaning}: a number from {low:g} to {high:g}, not {shown(value)}.")
    return float(value)


def text(value: Any, name: str, meaning: str, error: type[Exception], none: bool = False) -> str | None:
    """``value`` if it is a text (or None where ``none``), else ``error``."""
    if value is None and none:
        return None
    if not isinstance(value, str):
        raise error(f"{name} is {meaning}: a text in quotes, not {shown(value)}.")
    return value


def names(value: Any, name: str, meaning: str, error: type[Exception]) -> list[str]:
    """A text or a list of texts, as a list, or ``error``."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, pd.Index, pd.Series, np.ndarray)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise error(f"{name} is {meaning}: a text, or a list of texts such as ['a', 'b'], not {shown(value)}.")


def column_name(value: Any, table: pd.DataFrame, name: str, meaning: str, error: type[Exception],
                numeric: bool = False) -> str:
    """``value`` if it names a column of ``table`` (of numbers where ``numeric``), else ``error``."""
    if not isinstance(value, str) or value not in table.columns:
        known = ", ".join(map(repr, list(table.columns)[:12])) + (" ..." if table.shape[1] > 12 else "")
        raise error(f"{name} is {meaning}: the name of one of the table's columns ({known or 'it has none'}), "
                    f"not {shown(value)}.")
    column = table[value]
    if numeric and not (pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)):
        raise error(f"{name}={value!r} should name a column of numbers, but that column holds "
                    f"{column.dtype} values. Pass the table the score functions return.")
    return value


def file_name(path: Any, error: type[Exception]) -> None:
    """Refuse a path with a null character in it, which no file can have (open() would raise a raw ValueError)."""
    if "\x00" in str(path):
        raise error(f"{str(path)!r} is not a file name: it holds a null character (\\x00).")
