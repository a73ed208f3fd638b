"""Hypothesis suite over the analysis API, the charts and the loaders (issue 17).

Whatever a learner hands them (a table of any shape, dtypes and column names, with NaN, inf, huge
numbers or text in it; an argument of any type; a data file edited by hand and broken), each public
function either returns its value or raises one of the kit's learner-worded errors (a LearnerError,
which Jupyter shows as its message, without a traceback). Any other exception fails the test.

``make test`` runs a short pass (the default profile, see conftest.py); ``make fuzz`` runs
``HYPOTHESIS_PROFILE=thorough``: 10,000 examples per function.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import jtbd_kit
from jtbd_kit.analysis import Segmentation, outcome_items
from jtbd_kit.feedback import LearnerError

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.filterwarnings("ignore")  # a warning is not a traceback; what is raised is the point

# Slow functions (k-means, charts) share the run's budget: the health check on slow data is off.
fuzz = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


def learner_facing(call):
    """Run ``call``: a value, or a kit error whose message a learner can read, passes; anything else fails."""
    try:
        return call()
    except LearnerError as error:
        message = str(error)
        note(f"learner error: {message}")
        assert message.strip(), f"{type(error).__name__} with an empty message"
        assert len(message) < 3000, f"a message of {len(message)} characters is not readable"
        assert "Traceback" not in message
        return error


# --- values and tables --------------------------------------------------------------------------------

ODD_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([np.nan, np.inf, -np.inf, 1e308, -1e308, 1e12, 0, 6, -1, 2.5, pd.NA, pd.NaT, "", " ", "4",
                     "five", "NaN", "inf", "1e12", "١", "\x00", "😀", b"4", 1j, (), [], {}]),
    st.text(max_size=6),
)
RATING = st.one_of(st.integers(1, 5), st.just(np.nan))
ODD_NAMES = st.one_of(
    st.sampled_from([0, 1, 2.5, np.nan, None, True, ("imp_a", 1), "", " ", "imp_", "sat_", "imp_ a", "IMP_a",
                     "imp_a ", "imp_é", "sit_", "context", "segment", "outcome", "importance", "class",
                     "emo_imp_", "emo_dif_", "imp_\x00", "imp_😀"]),
    st.text(max_size=8),
)
ODD_ARGUMENTS = ODD_NAMES | st.sampled_from([(), [], ["opportunity"], {"a": 1}])  # names that cannot be columns
DTYPES = ["keep", "float64", "object", "Int8", "category", "str", "int64", "bool", "float32", "string"]


@functools.lru_cache(maxsize=None)
def _survey() -> pd.DataFrame:
    return jtbd_kit.load_survey()


@functools.lru_cache(maxsize=None)
def _scores() -> pd.DataFrame:
    survey = _survey().head(300)
    return jtbd_kit.describe_outcomes(jtbd_kit.score_outcomes(survey))


@functools.lru_cache(maxsize=None)
def _grouped() -> pd.DataFrame:
    return jtbd_kit.score_by_group(_survey().head(300), "context")


def _as(column: pd.Series, dtype: str) -> pd.Series:
    """The column in another dtype, as a learner's cleaning might leave it; unchanged if it cannot be."""
    if dtype == "keep":
        return column
    try:
        if dtype == "str":
            return column.astype(str)
        return column.astype(dtype)
    except (TypeError, ValueError, OverflowError):
        return column


@st.composite
def mutated(draw, base: pd.DataFrame) -> pd.DataFrame:
    """``base`` with up to four learner-sized accidents: odd cells, renamed, retyped, dropped or
    doubled columns, an odd index, or no rows at all."""
    frame = base.copy()
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["cell", "rename", "dtype", "drop", "double", "index", "rows", "fill"]))
        columns = list(frame.columns)
        if kind in ("cell", "rename", "dtype", "drop", "double", "fill") and not columns:
            continue
        at = draw(st.integers(0, max(len(columns) - 1, 0)))
        if kind == "cell" and len(frame):
            row = draw(st.integers(0, len(frame) - 1))
            column = frame.iloc[:, at].astype(object)
            column.iloc[row] = draw(ODD_SCALARS)
            frame.isetitem(at, column)
        elif kind == "fill":
            frame.isetitem(at, pd.Series([draw(ODD_SCALARS)] * len(frame), index=frame.index, dtype=object))
        elif kind == "rename":
            columns[at] = draw(ODD_NAMES | st.sampled_from(columns))
            frame.columns = columns
        elif kind == "dtype":
            frame.isetitem(at, _as(frame.iloc[:, at], draw(st.sampled_from(DTYPES))))
        elif kind == "drop":
            frame = frame.iloc[:, [i for i in range(len(columns)) if i != at]]
        elif kind == "double":
            frame = pd.concat([frame, frame.iloc[:, [at]]], axis=1)
        elif kind == "index":
            choice = draw(st.sampled_from(["repeat", "text", "multi", "reverse"]))
            if choice == "repeat":
                frame.index = [0] * len(frame)
            elif choice == "text":
                frame.index = [f"r{i}" for i in range(len(frame))]
            elif choice == "multi" and len(frame):
                frame.index = pd.MultiIndex.from_arrays([range(len(frame)), ["x"] * len(frame)])
            else:
                frame = frame.iloc[::-1]
        elif kind == "rows":
            frame = frame.iloc[: draw(st.integers(0, min(len(frame), 3)))]
    return frame


@st.composite
def survey_slices(draw) -> pd.DataFrame:
    """Rows and columns of the course's own survey (its real dtypes: Int8, category, int8)."""
    survey = _survey()
    rows = draw(st.integers(0, 60))
    start = draw(st.integers(0, len(survey) - rows))
    names = list(survey.columns)
    keep = draw(st.sampled_from(["all", "some", "few"]))
    if keep == "some":
        chosen = [c for c in names if draw(st.integers(0, 3))]  # about three in four
    elif keep == "few":
        chosen = draw(st.lists(st.sampled_from(names), max_size=10, unique=True))
    else:
        chosen = names
    return survey.iloc[start:start + rows][chosen]


@st.composite
def synthetic_surveys(draw) -> pd.DataFrame:
    """Small tables a learner might build by hand: plain dtypes, a few items, flags and a context."""
    n = draw(st.integers(0, 40))
    items = draw(st.lists(st.sampled_from(["a", "b", "data_lost", "é", "x y"]), max_size=4, unique=True))
    data: dict[str, list] = {}
    for item in items:
        for prefix in draw(st.sampled_from([("imp", "sat"), ("imp",), ("sat",), ("emo_imp", "emo_dif"),
                                            ("imp", "sat", "emo_imp", "emo_dif")])):
            data[f"{prefix}_{item}"] = draw(st.lists(RATING, min_size=n, max_size=n))
    if draw(st.booleans()):
        data["context"] = draw(st.lists(st.sampled_from(["home", "work", "travel"]), min_size=n, max_size=n))
    for flag in draw(st.lists(st.sampled_from(["sit_urgent", "sit_warranty"]), max_size=2, unique=True)):
        data[flag] = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    frame = pd.DataFrame(data, index=range(n))
    for at in range(frame.shape[1]):
        frame.isetitem(at, _as(frame.iloc[:, at], draw(st.sampled_from(DTYPES))))
    return frame


SURVEYS = st.one_of(survey_slices(), survey_slices().flatmap(mutated), synthetic_surveys(),
                    synthetic_surveys().flatmap(mutated))
NOT_FRAMES = st.one_of(ODD_SCALARS, st.lists(ODD_SCALARS, max_size=5), st.just(pd.Series([1, 2, 3])),
                       st.just(np.ones((3, 3))), st.just(pd.DataFrame()), st.just(pd.DataFrame(index=range(5))))
ANY_SURVEY = SURVEYS | NOT_FRAMES


def _table_of(base):
    return st.builds(lambda n: base().head(n), st.integers(0, 40)).flatmap(mutated) | NOT_FRAMES


SCORES = _table_of(_scores)
GROUPED = _table_of(_grouped)
COLUMN_NAMES = ODD_ARGUMENTS | st.sampled_from(["context", "sit_under_warranty", "customer_type", "segment"])
ITEMS = st.none() | st.lists(st.sampled_from(["diagnose_time", "a", "nope", ""]) | ODD_NAMES, max_size=3) | ODD_SCALARS
METHOD = st.sampled_from(["top2box", "mean"]) | ODD_SCALARS
SMALL_WHOLE = st.integers(-3, 60) | ODD_SCALARS


# --- the analysis functions ---------------------------------------------------------------------------


@fuzz
@given(ratings=st.one_of(ANY_SURVEY, st.lists(RATING | ODD_SCALARS, max_size=30),
                         st.lists(RATING, max_size=30).map(np.array),
                         st.lists(st.lists(RATING | ODD_SCALARS, max_size=4), max_size=5),  # nested, maybe ragged
                         st.lists(RATING | ODD_SCALARS, max_size=30).map(lambda v: pd.Series(v, dtype=object))))
def test_top2box(ratings):
    result = learner_facing(lambda: jtbd_kit.top2box(ratings))
    if not isinstance(result, LearnerError):
        values = np.atleast_1d(np.asarray(result, dtype=float))
        assert np.all(np.isnan(values) | ((values >= 0) & (values <= 10)))


SCORE_LIKE = st.one_of(st.floats(-5, 25), ODD_SCALARS, st.lists(st.floats(0, 10) | ODD_SCALARS, max_size=5),
                       st.lists(st.floats(0, 10) | st.just(np.nan), min_size=3, max_size=3).map(pd.Series))


@fuzz
@given(importance=SCORE_LIKE, satisfaction=SCORE_LIKE, under=st.floats(0, 20) | ODD_SCALARS,
       bands=st.tuples(st.floats(0, 20), st.floats(0, 20)) | ODD_SCALARS)
def test_opportunity_and_classify_opportunity(importance, satisfaction, under, bands):
    score = learner_facing(lambda: jtbd_kit.opportunity(importance, satisfaction))
    if not isinstance(score, LearnerError):
        values = np.atleast_1d(np.asarray(score, dtype=float))
        assert np.all(np.isnan(values) | ((values >= 0) & (values <= 20)))
    learner_facing(lambda: jtbd_kit.classify_opportunity(importance, satisfaction))
    learner_facing(lambda: jtbd_kit.classify_opportunity(importance, satisfaction, under=under, bands=bands))


@fuzz
@given(survey=ANY_SURVEY, items=ITEMS, method=METHOD)
def test_outcome_items_and_score_outcomes(survey, items, method):
    learner_facing(lambda: outcome_items(survey))
    table = learner_facing(lambda: jtbd_kit.score_outcomes(survey, items, method=method))
    if isinstance(table, pd.DataFrame):
        assert {"outcome", "importance", "satisfaction", "opportunity", "class"} <= set(table.columns)


@fuzz
@given(survey=ANY_SURVEY, by=COLUMN_NAMES | st.lists(COLUMN_NAMES, max_size=3), items=ITEMS, method=METHOD)
def test_score_by_group(survey, by, items, method):
    table = learner_facing(lambda: jtbd_kit.score_by_group(survey, by, items, method=method))
    if isinstance(table, pd.DataFrame):
        assert "opportunity" in table.columns


@fuzz
@given(survey=ANY_SURVEY, prefix=st.sampled_from(["emo", "soc", "ideal"]) | ODD_ARGUMENTS)
def test_importance_difficulty(survey, prefix):
    table = learner_facing(lambda: jtbd_kit.importance_difficulty(survey, prefix))
    if isinstance(table, pd.DataFrame):
        assert "struggle" in table.columns


@fuzz
@given(survey=ANY_SURVEY, items=ITEMS)
def test_compare_rankings(survey, items):
    learner_facing(lambda: jtbd_kit.compare_rankings(survey, items))


@fuzz
@given(survey=ANY_SURVEY, items=ITEMS, resamples=st.integers(-5, 40) | ODD_SCALARS,
       level=st.floats(0, 1.2) | ODD_SCALARS, seed=st.integers(0, 2**32) | ODD_SCALARS,
       under=st.floats(0, 20) | ODD_SCALARS)
def test_bootstrap_scores(survey, items, resamples, level, seed, under):
    learner_facing(lambda: jtbd_kit.bootstrap_scores(survey, items, resamples=resamples, level=level, seed=seed,
                                                     under=under))


@fuzz
@given(survey=ANY_SURVEY, k=st.none() | SMALL_WHOLE,
       k_range=st.builds(range, st.integers(-2, 6), st.integers(-2, 8)) | ODD_SCALARS,
       prefix=st.just("imp_") | ODD_ARGUMENTS, seed=st.integers(0, 100) | ODD_SCALARS)
def test_segment_respondents_and_profile_segments(survey, k, k_range, prefix, seed):
    result = learner_facing(lambda: jtbd_kit.segment_respondents(survey, k=k, k_range=k_range, prefix=prefix,
                                                                 seed=seed))
    labels = result.labels if isinstance(result, Segmentation) else result
    learner_facing(lambda: jtbd_kit.profile_segments(survey, labels))


@fuzz
@given(survey=ANY_SURVEY, labels=st.lists(st.integers(0, 3) | ODD_SCALARS, max_size=70)
       | st.lists(st.integers(0, 3), max_size=70).map(pd.Series) | ODD_SCALARS)
def test_profile_segments(survey, labels):
    table = learner_facing(lambda: jtbd_kit.profile_segments(survey, labels))
    if isinstance(table, pd.DataFrame):
        assert "size" in table.columns


# --- the charts and tables built on the scores --------------------------------------------------------


@fuzz
@given(scores=SCORES, color=st.sampled_from(["class", "kind", "step"]) | ODD_ARGUMENTS,
       x=st.sampled_from(["importance", "opportunity"]) | ODD_ARGUMENTS,
       y=st.sampled_from(["satisfaction", "ease"]) | ODD_ARGUMENTS, title=ODD_SCALARS)
def test_describe_outcomes_and_landscape_chart(scores, color, x, y, title):
    learner_facing(lambda: jtbd_kit.describe_outcomes(scores))
    learner_facing(lambda: jtbd_kit.landscape_chart(scores).to_dict())
    learner_facing(lambda: jtbd_kit.landscape_chart(scores, color=color, x=x, y=y, title=title).to_dict())


@fuzz
@given(scores=SCORES, top=SMALL_WHOLE, value=st.sampled_from(["opportunity", "importance", "struggle"]) | ODD_ARGUMENTS,
       title=ODD_SCALARS)
def test_opportunity_bars(scores, top, value, title):
    learner_facing(lambda: jtbd_kit.opportunity_bars(scores).to_dict())
    learner_facing(lambda: jtbd_kit.opportunity_bars(scores, top=top, value=value, title=title).to_dict())


@fuzz
@given(grouped=GROUPED, group=st.sampled_from(["context", "segment"]) | ODD_ARGUMENTS,
       value=st.sampled_from(["opportunity", "importance"]) | ODD_ARGUMENTS, top=SMALL_WHOLE, title=ODD_SCALARS)
def test_segment_heatmap(grouped, group, value, top, title):
    learner_facing(lambda: jtbd_kit.segment_heatmap(grouped, group="context").to_dict())
    learner_facing(lambda: jtbd_kit.segment_heatmap(grouped, group=group, value=value, top=top,
                                                    title=title).to_dict())


@fuzz
@given(survey=ANY_SURVEY, sizes=st.lists(st.integers(-5, 80) | ODD_SCALARS, max_size=3) | ODD_SCALARS,
       resamples=st.integers(-5, 30) | ODD_SCALARS, seed=st.integers(0, 99) | ODD_SCALARS)
def test_ci_widths_and_ci_width_chart(survey, sizes, resamples, seed):
    widths = learner_facing(lambda: jtbd_kit.ci_widths(survey, sizes=sizes, resamples=resamples, seed=seed))
    if isinstance(widths, pd.DataFrame):
        learner_facing(lambda: jtbd_kit.ci_width_chart(widths).to_dict())


@fuzz
@given(widths=st.builds(lambda n: pd.DataFrame({"respondents": [100, 200, 400][:n],
                                                "mean_ci_width": [3.0, 2.0, 1.5][:n],
                                                "may_change_class": [4, 2, 1][:n]}),
                        st.integers(0, 3)).flatmap(mutated) | NOT_FRAMES, title=ODD_SCALARS)
def test_ci_width_chart(widths, title):
    learner_facing(lambda: jtbd_kit.ci_width_chart(widths, title=title).to_dict())


@fuzz
@given(survey=ANY_SURVEY | st.just(None).map(lambda _: _survey().head(80)),
       context=st.none() | st.sampled_from(["All", "home", "business"]) | ODD_SCALARS,
       situation=st.none() | st.sampled_from(["All", "sit_urgent_deadline", "sit_urgent"]) | ODD_SCALARS,
       segment=st.none() | st.integers(0, 3) | ODD_SCALARS,
       segments=st.none() | st.lists(st.integers(0, 2), max_size=80).map(pd.Series) | ODD_SCALARS,
       method=st.sampled_from(["top2box", "mean", "importance-difficulty"]) | ODD_SCALARS,
       sample=st.none() | SMALL_WHOLE, seed=st.integers(0, 9) | ODD_SCALARS)
def test_explore(survey, context, situation, segment, segments, method, sample, seed):
    from jtbd_kit.explorer import View

    view = learner_facing(lambda: jtbd_kit.explore(survey, context=context, situation=situation, segment=segment,
                                                   segments=segments, method=method, sample=sample, seed=seed))
    if isinstance(view, View):
        assert view.respondents >= 10
        view.chart.to_dict()


# --- the generators -----------------------------------------------------------------------------------


@fuzz
@given(n=st.integers(-3, 30) | ODD_SCALARS, seed=st.integers(-3, 2**64) | ODD_SCALARS)
def test_generate_survey_and_support_log(n, seed):
    from jtbd_kit.support_log import generate_support_log
    from jtbd_kit.survey import generate_survey

    learner_facing(lambda: generate_survey(n, seed))
    learner_facing(lambda: generate_support_log(n, seed))


# --- the loaders, on files edited by hand ---------------------------------------------------------------

TOKENS = st.sampled_from(["", " ", ",", '"', "\n", "\r\n", "nan", "NaN", "inf", "-inf", "1e12", "1e400", "-1",
                          "0", "6", "2.5", "١", "\ufeff", "\x00", "😀", "N/A", "null", "True", "2026-13-45",
                          "2026-01-01T08:07", "home", "chat", "I0001", "R000001", "x" * 300])


@st.composite
def edited_text(draw, text: str, lines: int) -> str:
    """The first ``lines`` lines of ``text``, with a few edits a person with a text editor might make."""
    kept = text.splitlines(keepends=True)[:lines]
    body = "".join(kept)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "line", "swap"]))
        at = draw(st.integers(0, max(len(body) - 1, 0)))
        if kind == "replace":
            cut = draw(st.integers(0, 12))
            body = body[:at] + draw(TOKENS | st.text(max_size=8)) + body[at + cut:]
        elif kind == "insert":
            body = body[:at] + draw(TOKENS | st.text(max_size=8)) + body[at:]
        elif kind == "delete":
            body = body[:at] + body[at + draw(st.integers(1, 40)):]
        elif kind == "truncate":
            body = body[:at]
        elif kind == "line":
            rows = body.splitlines(keepends=True)
            if rows:
                rows.insert(draw(st.integers(0, len(rows))), rows[draw(st.integers(0, len(rows) - 1))])
            body = "".join(rows)
        else:
            rows = body.splitlines(keepends=True)
            if len(rows) > 1:
                i, j = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(rows) - 1))
                rows[i], rows[j] = rows[j], rows[i]
            body = "".join(rows)
    return body


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"])
ODD_PATHS = st.one_of(ODD_SCALARS, st.sampled_from(["", ".", "/", "nowhere.csv", "/dev/null", "~", "\x00",
                                                    "datasets", Path("datasets"), Path("nowhere")]))


def _write(folder: Path, name: str, text: str, encoding: str) -> Path:
    path = folder / name
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


_SCRATCH: list[tempfile.TemporaryDirectory] = []


def _folder() -> Path:
    """An empty folder for one example's files (the previous example's folder is removed)."""
    while _SCRATCH:
        _SCRATCH.pop().cleanup()
    _SCRATCH.append(tempfile.TemporaryDirectory(prefix="jtbd-fuzz-"))
    return Path(_SCRATCH[-1].name)


@functools.lru_cache(maxsize=None)
def _text(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


@fuzz
@given(data=st.data(), encoding=ENCODINGS)
def test_load_survey_on_edited_files(data, encoding):
    folder = _folder()
    text = data.draw(edited_text(_text("datasets/survey/repair_survey.csv"), data.draw(st.integers(1, 8))))
    frame = learner_facing(lambda: jtbd_kit.load_survey(_write(folder, "survey.csv", text, encoding)))
    if isinstance(frame, pd.DataFrame):
        assert len(frame) >= 1 and list(frame.columns) == [c for c in _survey().columns if c in frame.columns]


@fuzz
@given(data=st.data(), encoding=ENCODINGS, with_truth=st.booleans(), with_jobs=st.booleans())
def test_load_support_log_on_edited_files(data, encoding, with_truth, with_jobs):
    folder = _folder()
    for name in ("support_log.csv", "support_log_truth.csv"):
        lines = data.draw(st.integers(1, 8))
        text = _text(f"datasets/support/{name}")
        _write(folder, name, data.draw(edited_text(text, lines)) if data.draw(st.booleans()) else
               "".join(text.splitlines(keepends=True)[:lines]), encoding)
    log = learner_facing(lambda: jtbd_kit.load_support_log(folder / "support_log.csv", with_truth=with_truth,
                                                           with_jobs=with_jobs))
    if isinstance(log, pd.DataFrame):
        assert "interaction_id" in log.columns


@fuzz
@given(data=st.data(), encoding=ENCODINGS)
def test_load_repair_job_on_edited_files(data, encoding):
    from jtbd_kit.repair_job import RepairJob

    folder = _folder()
    text = _text("datasets/repair_job.yaml")
    text = data.draw(edited_text(text, data.draw(st.sampled_from([len(text), 5, 40, 120]))))
    job = learner_facing(lambda: jtbd_kit.load_repair_job(_write(folder, "repair_job.yaml", text, encoding)))
    assert isinstance(job, (RepairJob, LearnerError))


@fuzz
@given(data=st.data(), encoding=ENCODINGS)
def test_load_interviews_on_edited_files(data, encoding):
    folder = _folder()
    for name in ("transcripts.yaml", "interviews_truth.yaml"):
        text = _text(f"datasets/interviews/{name}")
        _write(folder, name, data.draw(edited_text(text, data.draw(st.sampled_from([10_000, 5, 30, 90])))),
               encoding)
    learner_facing(lambda: jtbd_kit.load_interviews(path=folder / "transcripts.yaml"))
    learner_facing(lambda: jtbd_kit.load_interview_truth(path=folder / "interviews_truth.yaml"))


@fuzz
@given(path=ODD_PATHS, copy=st.sampled_from(["lesson", "exercise"]) | ODD_SCALARS)
def test_loaders_on_odd_paths_and_copies(path, copy):
    from jtbd_kit.interview import load_interview_truth, load_interviews

    learner_facing(lambda: jtbd_kit.load_survey(path))
    learner_facing(lambda: jtbd_kit.load_survey(copy=copy))
    learner_facing(lambda: jtbd_kit.load_support_log(path))
    learner_facing(lambda: jtbd_kit.load_support_log(copy=copy))
    learner_facing(lambda: jtbd_kit.load_repair_job(path))
    learner_facing(lambda: load_interviews(path=path))
    learner_facing(lambda: load_interviews(copy=copy))
    learner_facing(lambda: load_interview_truth(path=path))
