"""jtbd_kit.answers: the only thing that crosses from a student's kernel to the test kernel.

Two promises: every answer a test reads arrives equal to what the student made (or the test
would wrongly fail it), and nothing but data arrives (or a student's object could answer a
test's comparison its own way, which is how the old single-kernel grader was beaten).
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtbd_kit import answers
from jtbd_kit.answers import NotGradable, dumps, loads


def round_trip(value):
    return loads(dumps({"a": value}, ["a"]))["a"]


# ---------------------------------------------------------------- what must arrive unchanged

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=5)
    | st.frozensets(st.integers() | st.text(max_size=3), max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_plain_python_values_arrive_equal_and_of_the_same_type(value):
    back = round_trip(value)
    assert back == value
    assert type(back) is type(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 2**5000, -(2**4001), 1 + 2j,
                                   b"\x00\xff", {1, 2}, set(), "ünï\u200bcode \U0001f600"])
def test_awkward_values_arrive(value):
    back = round_trip(value)
    assert type(back) is type(value)
    if isinstance(value, float) and math.isnan(value):
        assert math.isnan(back)
    else:
        assert back == value


def test_numpy_scalars_and_arrays_keep_dtype_and_shape():
    for value in (np.float64(0.25), np.int64(-3), np.bool_(True), np.str_("fix")):
        back = round_trip(value)
        assert type(back) is type(value) and back == value
    grid = np.arange(12, dtype="int32").reshape(3, 4)
    back = round_trip(grid)
    assert back.dtype == grid.dtype and back.shape == grid.shape and (back == grid).all()
    back = round_trip(np.array([0.5, np.nan]))
    assert back[0] == 0.5 and np.isnan(back[1])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["float64", "float32", "int64", "int8", "uint16", "bool"]),
       st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), max_size=30))
def test_numpy_columns_arrive_bit_for_bit(dtype, raw):
    values = np.array(raw, dtype="float64")
    if dtype != "float64" and dtype != "float32":
        values = np.nan_to_num(values, nan=0, posinf=1, neginf=-1).clip(0 if dtype[0] in "ub" else -100, 100)
    column = pd.Series(values.astype(dtype), name="x")
    back = round_trip(column)
    pd.testing.assert_series_equal(back, column)
    assert back.to_numpy().tobytes() == column.to_numpy().tobytes()


def test_series_and_frames_arrive_as_pandas_would_compare_them():
    frame = pd.DataFrame(
        {
            "step": pd.Categorical(["define", "locate", "define"], categories=["define", "locate"], ordered=True),
            "importance": [4.5, np.nan, 3.0],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "label": ["a", None, "c"],
            "when": pd.to_datetime(["2026-01-02", "2026-03-04", None]),
            "ok": [True, False, True],
        },
        index=pd.Index(["r1", "r2", "r3"], name="row"),
    )
    pd.testing.assert_frame_equal(round_trip(frame), frame)
    series = frame.set_index(["step", "label"])["importance"]
    pd.testing.assert_series_equal(round_trip(series), series)
    pd.testing.assert_index_equal(round_trip(frame.columns), frame.columns)
    assert round_trip(pd.Timestamp("2026-12-06 10:00")) == pd.Timestamp("2026-12-06 10:00")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt64", "boolean"]),
       st.lists(st.none() | st.integers(0, 100), max_size=40))
def test_nullable_columns_arrive_with_their_dtype_and_missing_places(dtype, raw):
    # Survey ratings are nullable Int8 columns: they cross as arrays plus missing places, not value by value.
    values = [None if x is None else (bool(x % 2) if dtype == "boolean" else x) for x in raw]
    column = pd.Series(pd.array(values, dtype=dtype), index=pd.RangeIndex(len(values)), name="imp_x")
    pd.testing.assert_series_equal(round_trip(column), column)
    frame = pd.DataFrame({"imp_x": column, "other": column})
    pd.testing.assert_frame_equal(round_trip(frame), frame)


@pytest.mark.parametrize("column", [
    '{"kind": "masked", "dtype": "float64", "b64": "AAAAAAAA+D8=", "missing": []}',  # not a nullable dtype
    '{"kind": "masked", "dtype": "Int8", "b64": "not base64!", "missing": []}',
    '{"kind": "masked", "dtype": "Int8", "b64": "AQI=", "missing": [2]}',  # a missing place past the end
    '{"kind": "masked", "dtype": "Int8", "b64": "AQI=", "missing": [-1]}',  # or before the start
    '{"kind": "masked", "dtype": "Int16", "b64": "AQID", "missing": []}',  # 3 bytes are no whole Int16s
    '{"kind": "masked", "dtype": "Int8", "b64": ["AQI="], "missing": []}',
    '{"kind": "masked", "dtype": "no such dtype", "b64": "", "missing": []}',
    '{"kind": "raw", "dtype": "O", "b64": "AAAAAAAAAAA="}',  # objects are never built from bytes
    '{"kind": "raw", "dtype": ">f8", "b64": "AAAAAAAAAAA="}',  # nor values of the other byte order
    '{"kind": "raw", "dtype": "(2,)f8", "b64": "AAAAAAAAAAAAAAAAAAAAAA=="}',
    '{"kind": "raw", "dtype": "<f8", "b64": "AAAA"}',  # 3 bytes are no float
])
def test_a_forged_numeric_column_gives_nothing_readable(column):
    payload = '{"a": {"$": "series", "name": null, "index": {"$": "range", "start": 0, "stop": 2, "step": 1, ' \
              '"name": null}, "values": ' + column + '}}'
    assert isinstance(loads(payload)["a"], NotGradable)


def test_the_kits_records_arrive_and_the_universal_map_stays_the_same_object():
    from jtbd_kit.job_map import UNIVERSAL_JOB_MAP

    assert round_trip(UNIVERSAL_JOB_MAP) is UNIVERSAL_JOB_MAP
    assert round_trip(UNIVERSAL_JOB_MAP.phases[0]) == UNIVERSAL_JOB_MAP.phases[0]
    from jtbd_kit.cards import ScenarioCard
    from jtbd_kit.job_map import JobMap

    made = JobMap(job="Get a product fixed", steps=[("Choose a repairer", "locate")])
    back = round_trip(made)
    assert back == made and back.template is UNIVERSAL_JOB_MAP
    card = ScenarioCard(scenario="A broken phone", surface_job="refund", real_jobs=[("Feel heard", "emotional")])
    assert round_trip(card) == card


# ---------------------------------------------------------------- what must not arrive


class Liar:
    """Equal to everything: the object that beat the old grader's `assert answer == expected`."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class LyingList(list):
    def __eq__(self, other):
        return True


class LyingStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class Exploding:
    def __getattribute__(self, name):
        raise RuntimeError("boom")


class LyingSeries(pd.Series):
    def equals(self, other):
        return True


HOSTILE = {
    "liar": Liar, "list-subclass": lambda: LyingList([1]), "str-subclass": lambda: LyingStr("verb"),
    "exploding": Exploding, "series-subclass": lambda: LyingSeries([1.0]), "builtin": lambda: len,
    "lambda": lambda: (lambda: 1), "class": lambda: type, "object": object, "iterator": lambda: iter([1]),
    "object-array-of-liars": lambda: np.array([Liar()], dtype=object),
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_anything_that_is_not_plain_data_arrives_as_a_stand_in_no_test_accepts(make):
    value = make()
    back = round_trip(value)
    items = list(back) if isinstance(back, np.ndarray) else [back]
    for item in items:
        assert isinstance(item, NotGradable), f"{type(value).__name__} arrived as {item!r}"
        assert item != item and not (item == 1) and not (item == "verb")
        assert "cannot read" in repr(item)


def test_a_stand_in_is_named_after_the_students_type():
    back = round_trip(Liar())
    assert type(back).__name__ == "Liar" and "Liar" in repr(back)


def test_answers_not_asked_for_or_not_defined_do_not_cross():
    back = loads(dumps({"q1": 1, "secret": 2}, ["q1", "q2", 3]))
    assert back == {"q1": 1}


def test_too_big_or_too_deep_answers_become_stand_ins_not_crashes(monkeypatch):
    monkeypatch.setattr(answers, "MAX_ITEMS", 1000)
    big = round_trip(list(range(5000)))
    assert isinstance(big, NotGradable) and "too big" in repr(big)
    deep = []
    for _ in range(200):
        deep = [deep]
    back = round_trip(deep)
    while isinstance(back, list):
        back = back[0]
    assert isinstance(back, NotGradable)


@pytest.mark.parametrize("payload", ["", "null", "[1]", "{", '{"a": {"$": "kit", "module": "os", "name": "system",'
                                     ' "fields": {}}}', '{"a": {"$": "ndarray", "dtype": "O", "shape": [9], "items": []}}',
                                     '{"a": {"$": "series"}}', '{"a": {"$": "nope"}}', "[" * 100000])
def test_a_forged_payload_gives_nothing_readable(payload):
    back = loads(payload)
    assert type(back) is dict
    for value in back.values():
        assert isinstance(value, NotGradable)


def test_load_into_replaces_whatever_the_namespace_held():
    class Shell:
        user_ns = {"In": [], "left_over": 1}
        user_ns_hidden = {"In": []}

    shell = Shell()
    answers.load_into(shell, dumps({"q1": "a"}, ["q1"]))
    assert shell.user_ns == {"In": [], "q1": "a"}
