"""Find under-served needs in survey data: top-2-box scores, opportunity, classes, groups, uncertainty
and needs-based segments. Plain functions on pandas objects, vectorised (no loop over respondents).

The method is Ulwick's outcome-driven innovation (ODI). For each desired outcome, respondents rate
importance and satisfaction on 1-5 scales. The **top-2-box** score is the share of 4 and 5 answers,
times 10 (0-10). The **opportunity** score is ``importance + max(importance - satisfaction, 0)``
(0-20): important outcomes that are poorly satisfied score highest.

>>> round(top2box([5] * 200 + [1] * 70), 1), round(top2box([4] * 75 + [2] * 195), 1)
(7.4, 2.8)
>>> round(opportunity(7.4, 2.8), 1)
12.0
>>> classify_opportunity(7.4, 2.8)
'under-served (12-15)'
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from . import _inputs
from .feedback import LearnerError

__all__ = [
    "AnalysisError", "OPPORTUNITY_CLASSES", "Segmentation", "bootstrap_scores", "classify_opportunity",
    "compare_rankings", "importance_difficulty", "opportunity", "outcome_items", "profile_segments",
    "score_by_group", "score_outcomes", "segment_respondents", "top2box",
]

_SCORE_COLUMNS = ("outcome", "importance", "satisfaction", "answers", "opportunity", "class")
OPPORTUNITY_CLASSES = ("under-served (15+)", "under-served (12-15)", "under-served (10-12)",
                       "appropriately served", "over-served")


class AnalysisError(LearnerError, ValueError):
    """The data handed to an analysis function cannot be scored; the message says why and what to do."""


# --- scores -----------------------------------------------------------------------------------------


def top2box(ratings: Any, top: tuple[int, ...] = (4, 5), scale: tuple[int, int] = (1, 5)) -> Any:
    """The share of answers in the top two boxes (4 or 5), times 10; missing answers are left out.

    A list, 1-D array or Series gives one number; a DataFrame gives one score per column (a Series),
    and so does a 2-D array (an array). An all-missing column scores NaN.

    >>> top2box(pd.DataFrame({"a": [5, 4, 1, None], "b": [1, 2, 3, 3]}))
    a    6.666667
    b    0.000000
    dtype: float64
    """
    frame = ratings if isinstance(ratings, pd.DataFrame) else None
    values = _ratings_array(ratings, scale)
    if values.ndim > 2:
        raise AnalysisError(f"top2box takes a list of ratings, or a table with one column per item; these ratings "
                            f"are nested {values.ndim} deep. Pass one column, or a DataFrame.")
    hits, answered = _top_counts(values, top)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = hits / answered * 10
    if frame is not None:
        return pd.Series(scores, index=frame.columns, dtype=float)
    return scores.astype(float) if values.ndim == 2 else float(scores)


def opportunity(importance: Any, satisfaction: Any) -> Any:
    """Ulwick's opportunity score: importance + max(importance - satisfaction, 0), on 0-10 scores.

    Takes numbers, arrays or Series (returned in the same shape).

    >>> opportunity(pd.Series([9.0, 5.0]), pd.Series([3.0, 8.0])).tolist()
    [15.0, 5.0]
    """
    imp, sat = _score(importance, "importance"), _score(satisfaction, "satisfaction")
    score = _paired(lambda: imp + np.maximum(imp - sat, 0))
    return float(score) if np.ndim(score) == 0 and not isinstance(score, pd.Series) else score


def classify_opportunity(importance: Any, satisfaction: Any, under: float = 10.0,
                         bands: tuple[float, float] = (12.0, 15.0)) -> Any:
    """'under-served (10-12)', '(12-15)' or '(15+)' when the opportunity is at least ``under``;
    'over-served' when satisfaction is above importance; else 'appropriately served'.

    The thresholds are parameters, because teams and studies set them differently.

    >>> classify_opportunity(pd.Series([9.0, 5.0, 6.0]), pd.Series([2.0, 7.0, 5.0])).tolist()
    ['under-served (15+)', 'over-served', 'appropriately served']
    """
    imp, sat = _score(importance, "importance"), _score(satisfaction, "satisfaction")
    under = _inputs.number(under, "under", "the opportunity score from which an outcome is under-served",
                           AnalysisError, 0, 20)
    if not isinstance(bands, (tuple, list)) or len(bands) != 2:
        raise AnalysisError(f"bands are the two opportunity scores that split the under-served outcomes, such as "
                            f"(12.0, 15.0), not {_inputs.shown(bands)}.")
    bands = tuple(_inputs.number(b, "each band", "an opportunity score", AnalysisError, 0, 20) for b in bands)
    opp = _paired(lambda: imp + np.maximum(imp - sat, 0))
    over = _paired(lambda: np.asarray(sat > imp))
    labels = np.select(
        [opp >= bands[1], opp >= bands[0], opp >= under, over],
        [f"under-served ({bands[1]:g}+)", f"under-served ({bands[0]:g}-{bands[1]:g})",
         f"under-served ({under:g}-{bands[0]:g})", "over-served"],
        default="appropriately served",
    )
    if isinstance(importance, pd.Series):
        return pd.Series(labels, index=importance.index, name="class")
    return labels.item() if labels.ndim == 0 else labels


def outcome_items(survey: pd.DataFrame) -> list[str]:
    """The ids of the items rated for importance and satisfaction (columns imp_<id> and sat_<id>)."""
    _require_frame(survey)
    return [c[4:] for c in survey.columns if c.startswith("imp_") and f"sat_{c[4:]}" in survey.columns]


def score_outcomes(survey: pd.DataFrame, items: list[str] | None = None, method: str = "top2box") -> pd.DataFrame:
    """One row per outcome: importance, satisfaction, opportunity, class, answers, sorted by opportunity.

    ``method`` is "top2box" (the ODI convention) or "mean" (the mean rating rescaled to 0-10), so
    learners can see how much the choice matters.
    """
    items = _items(survey, items)
    _method(method)
    _require_columns(survey, [f"{p}_{i}" for i in items for p in ("imp", "sat")])
    columns = [f"imp_{i}" for i in items] + [f"sat_{i}" for i in items]
    values = _ratings_array(survey[columns], (1, 5))
    if method == "top2box":
        hits, answered = _top_counts(values, (4, 5))
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = hits / answered * 10
    elif method == "mean":
        answered = (~np.isnan(values)).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = (np.nansum(values, axis=0) / answered - 1) / 4 * 10
    else:
        raise AnalysisError(f"method must be 'top2box' or 'mean', not {method!r}.")
    k = len(items)
    table = pd.DataFrame({"outcome": items, "importance": scores[:k], "satisfaction": scores[k:],
                          "answers": answered[:k]})
    return _finish(table)


def score_by_group(survey: pd.DataFrame, by: str | list[str], items: list[str] | None = None,
                   method: str = "top2box") -> pd.DataFrame:
    """Scores per group (a context, a situation flag, a segment ...) in one call: a tidy table with the
    group column(s) first. The same as filtering each group and calling :func:`score_outcomes`.
    """
    _require_frame(survey)
    by = _inputs.names(by, "by", "the column or columns to group by, such as 'context'", AnalysisError)
    if not by:
        raise AnalysisError("by is the column or columns to group by, such as 'context'; the list is empty.")
    if len(set(by)) < len(by):
        raise AnalysisError(f"by names a column more than once ({_inputs.shown(by)}): name each column once.")
    taken = [name for name in by if name in _SCORE_COLUMNS]
    if taken:
        raise AnalysisError(f"by={taken[0]!r}: the result already has a column of that name (it has "
                            f"{', '.join(_SCORE_COLUMNS)}). Rename the column you group by first, for example "
                            f"survey.rename(columns={{{taken[0]!r}: 'group'}}).")
    items = _items(survey, items)
    _method(method)
    _require_columns(survey, by + [f"{p}_{i}" for i in items for p in ("imp", "sat")])
    columns = [f"imp_{i}" for i in items] + [f"sat_{i}" for i in items]
    values = _ratings_array(survey[columns], (1, 5))
    codes, groups = pd.MultiIndex.from_frame(survey[by].astype(object)).factorize(sort=True) if len(by) > 1 \
        else pd.factorize(survey[by[0]], sort=True)
    # One integer count per column: each answer falls in (group, state) with state 0 = missing,
    # 1 = answered, 2 = top box; rows whose group is missing go to an extra bucket that is dropped.
    n_groups = len(groups)
    base = np.where(codes >= 0, codes, n_groups).astype(np.int64)
    states = np.empty((values.shape[1], n_groups + 1, 3), dtype=np.int64)
    sums = np.empty((values.shape[1], n_groups + 1), dtype=np.float64)
    for j in range(values.shape[1]):
        column = values[:, j]
        state = (column >= 4).view(np.int8) + (~np.isnan(column)).view(np.int8)
        states[j] = np.bincount(base * 3 + state, minlength=(n_groups + 1) * 3).reshape(n_groups + 1, 3)
        if method == "mean":
            sums[j] = np.bincount(base, weights=np.nan_to_num(column, nan=0.0), minlength=n_groups + 1)
    answered = (states[:, :n_groups, 1] + states[:, :n_groups, 2]).T.astype(np.float64)  # groups x columns
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "top2box":
            block = states[:, :n_groups, 2].T / answered * 10
        elif method == "mean":
            block = (sums[:, :n_groups].T / answered - 1) / 4 * 10
        else:
            raise AnalysisError(f"method must be 'top2box' or 'mean', not {method!r}.")
    index = groups if isinstance(groups, pd.MultiIndex) else pd.Index(groups, name=by[0])
    if isinstance(index, pd.MultiIndex):
        index = index.set_names(by)
    scores = pd.DataFrame(block, index=index, columns=columns)
    counts = pd.DataFrame(answered.astype(int), index=index, columns=columns)
    long = []
    for outcome in items:
        part = pd.DataFrame({
            "outcome": outcome,
            "importance": scores[f"imp_{outcome}"],
            "satisfaction": scores[f"sat_{outcome}"],
            "answers": counts[f"imp_{outcome}"],
        })
        long.append(part)
    table = pd.concat(long).reset_index()
    table = _finish(table, sort=False)
    return table.sort_values(by + ["opportunity"], ascending=[True] * len(by) + [False], ignore_index=True)


# --- the course's method for the 3-point questions -------------------------------------------------


def importance_difficulty(survey: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The course's own score for the source's 3-point questions (importance and difficulty).

    This is NOT part of ODI, which uses 1-5 importance and satisfaction; it is a simple analogue
    that uses every answer, Neutral included. For each item with columns ``<prefix>_imp_<id>`` and
    ``<prefix>_dif_<id>`` (1-3): importance = (mean - 1) / 2 x 10, so all "Important" is 10 and all
    "Not important" is 0; difficulty likewise; ease = 10 - difficulty, playing the part of
    satisfaction; struggle = importance + max(importance - ease, 0), read like an opportunity score.

    >>> data = pd.DataFrame({"emo_imp_calm": [3, 3, 3, 1], "emo_dif_calm": [3, 3, 1, 2]})
    >>> importance_difficulty(data, "emo")[["item", "importance", "ease", "struggle"]].round(2).to_dict("records")
    [{'item': 'calm', 'importance': 7.5, 'ease': 3.75, 'struggle': 11.25}]
    """
    _require_frame(survey)
    _inputs.text(prefix, "prefix", "the start of the 3-point columns, such as 'emo' for emo_imp_<id>", AnalysisError)
    head = f"{prefix}_imp_"
    items = [c[len(head):] for c in survey.columns if c.startswith(head) and f"{prefix}_dif_{c[len(head):]}" in survey]
    if not items:
        raise AnalysisError(f"No columns like '{prefix}_imp_<id>' with a matching '{prefix}_dif_<id>' were found.")
    imp = _ratings_array(survey[[f"{head}{i}" for i in items]], (1, 3))
    dif = _ratings_array(survey[[f"{prefix}_dif_{i}" for i in items]], (1, 3))
    with np.errstate(invalid="ignore"):
        importance = (np.nanmean(imp, axis=0) - 1) / 2 * 10
        ease = 10 - (np.nanmean(dif, axis=0) - 1) / 2 * 10
    table = pd.DataFrame({"item": items, "importance": importance, "ease": ease,
                          "answers": (~np.isnan(imp)).sum(axis=0)})
    table["struggle"] = table["importance"] + np.maximum(table["importance"] - table["ease"], 0)
    return table.sort_values("struggle", ascending=False, ignore_index=True)


def compare_rankings(survey: pd.DataFrame, items: list[str] | None = None) -> pd.DataFrame:
    """Rank the 1-5 outcomes two ways and compare: ODI's top-2-box opportunity, and the course's
    3-point struggle score after collapsing the 1-5 answers onto 3 points (1-2, 3, 4-5; satisfaction
    read as the opposite of difficulty). Where both apply they mostly agree; where they differ,
    the 3-point score has counted the Neutral answers that top-2-box ignores. The returned table has both ranks; its ``attrs["spearman"]`` holds
    their rank correlation (1 = same order).
    """
    odi = score_outcomes(survey, items)
    items = odi["outcome"].tolist()
    collapse = {1: 1, 2: 1, 3: 2, 4: 3, 5: 3}
    collapsed = pd.DataFrame(index=survey.index)
    for item in items:
        collapsed[f"odi_imp_{item}"] = survey[f"imp_{item}"].map(collapse)
        collapsed[f"odi_dif_{item}"] = survey[f"sat_{item}"].map({1: 3, 2: 3, 3: 2, 4: 1, 5: 1})
    three = importance_difficulty(collapsed, "odi").set_index("item")
    table = odi[["outcome", "opportunity"]].copy()
    table["struggle"] = three.loc[table["outcome"], "struggle"].to_numpy()
    table["odi_rank"] = table["opportunity"].rank(ascending=False, method="min").astype("Int64")  # no answers: <NA>
    table["three_point_rank"] = table["struggle"].rank(ascending=False, method="min").astype("Int64")
    table.attrs["spearman"] = float(table["opportunity"].corr(table["struggle"], method="spearman"))
    return table


# --- uncertainty ----------------------------------------------------------------------------------


def bootstrap_scores(survey: pd.DataFrame, items: list[str] | None = None, resamples: int = 1000,
                     level: float = 0.95, seed: int = 0, under: float = 10.0) -> pd.DataFrame:
    """Bootstrap confidence intervals for importance, satisfaction and opportunity, and how often each
    outcome's class (under-served or not) flips across resamples.

    Respondents are resampled with replacement ``resamples`` times, all at once (a weight matrix,
    no Python loop over resamples). ``may_change_class`` is True when the outcome is on the other
    side of the under-served line in more than (1 - level) of the resamples.
    """
    items = _items(survey, items)
    _require_columns(survey, [f"{p}_{i}" for i in items for p in ("imp", "sat")])
    if len(survey) < 2:
        raise AnalysisError("Bootstrapping needs at least two respondents.")
    resamples = _inputs.whole(resamples, "resamples", "how many times to resample the respondents (1,000 is usual)",
                              AnalysisError, 10, 100_000)
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0.5 <= level < 1:
        raise AnalysisError(f"level is the confidence level, a share such as 0.95 (from 0.5 to just under 1), not "
                            f"{_inputs.shown(level)}.")
    seed = _inputs.whole(seed, "seed", "the starting point of the random draws", AnalysisError, low=0)
    under = _inputs.number(under, "under", "the opportunity score from which an outcome is under-served",
                           AnalysisError, 0, 20)
    point = score_outcomes(survey, items).set_index("outcome").loc[items]  # checks every rating first
    rng = np.random.default_rng(seed)
    n = len(survey)
    weights = rng.multinomial(n, np.full(n, 1 / n), size=resamples).astype(np.float32)  # resamples x n

    def replicate(prefix: str) -> np.ndarray:
        values = survey[[f"{prefix}_{i}" for i in items]].to_numpy(dtype=float, na_value=np.nan)
        answered = ~np.isnan(values)
        hits = ((values >= 4) & answered).astype(np.float32)
        with np.errstate(invalid="ignore", divide="ignore"):
            return weights @ hits / (weights @ answered.astype(np.float32)) * 10  # resamples x items

    imp, sat = replicate("imp").astype(np.float64), replicate("sat").astype(np.float64)
    opp = imp + np.maximum(imp - sat, 0)
    low, high = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    table = point.reset_index()[["outcome", "importance", "satisfaction", "opportunity", "class"]]
    for name, draws in (("importance", imp), ("satisfaction", sat), ("opportunity", opp)):
        table[f"{name}_low"] = np.nanpercentile(draws, low, axis=0)
        table[f"{name}_high"] = np.nanpercentile(draws, high, axis=0)
    under_now = table["opportunity"].to_numpy() >= under
    flips = ((opp >= under) != under_now).mean(axis=0)
    table["class_flip_share"] = flips
    table["may_change_class"] = flips > (1 - level)
    return table


# --- needs-based segments -------------------------------------------------------------------------


@dataclass(frozen=True)
class Segmentation:
    """The result of :func:`segment_respondents`."""

    labels: pd.Series          # segment number per respondent (index as the survey's)
    k: int                     # the number of segments chosen
    silhouettes: pd.Series     # silhouette score for each k tried (the stated criterion)


def segment_respondents(survey: pd.DataFrame, k: int | None = None, k_range: range = range(2, 7),
                        prefix: str = "imp_", seed: int = 0) -> Segmentation:
    """Needs-based segments from the importance ratings: standardise (missing -> column mean), reduce
    with PCA (keeping 90% of the variance), then k-means. When ``k`` is not given it is the k in
    ``k_range`` with the highest silhouette score (how much closer respondents are to their own
    segment than to the next one).
    """
    from threadpoolctl import threadpool_limits

    _require_frame(survey)
    _inputs.text(prefix, "prefix", "the start of the columns to segment on, such as 'imp_'", AnalysisError)
    seed = _inputs.whole(seed, "seed", "the starting point of k-means", AnalysisError, low=0)
    if k is not None:
        k = _inputs.whole(k, "k", "the number of segments to find", AnalysisError, low=2)
    if len(survey) < 10:
        raise AnalysisError(f"Segmenting needs at least 10 respondents; this table has {len(survey)}.")
    if k is not None and k > len(survey) // 5:
        raise AnalysisError(f"k = {k} segments is too many for {len(survey)} respondents: each segment needs "
                            f"several respondents (at least 5), so k can be at most {len(survey) // 5}.")
    if not isinstance(k_range, range) or k is None and not [c for c in k_range if 2 <= c <= len(survey) // 5]:
        raise AnalysisError(f"k_range should be a range of numbers of segments to try, such as range(2, 7), "
                            f"with at least one from 2 to {len(survey) // 5}; got {_inputs.shown(k_range)}.")
    # One thread: on a small shared machine (a laptop, Binder) BLAS threads fight each other and a
    # call takes several times longer for the same result.
    with threadpool_limits(limits=1):
        return _segment(survey, k, k_range, prefix, seed)


def _segment(survey: pd.DataFrame, k: int | None, k_range: range, prefix: str, seed: int) -> Segmentation:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    columns = [c for c in survey.columns if c.startswith(prefix)]
    if not columns:
        raise AnalysisError(f"No columns starting with {_inputs.shown(prefix)} to segment on.")
    values = _numbers(survey, columns, f"The columns starting with {prefix!r}")
    values = values.fillna(values.mean()).fillna(0.0)
    reduced = PCA(n_components=0.9, random_state=seed).fit_transform(StandardScaler().fit_transform(values))
    tried = {}
    candidates = [k] if k is not None else [c for c in k_range if 2 <= c < len(reduced)]
    best = None
    for candidate in candidates:
        model = KMeans(n_clusters=candidate, n_init=4, random_state=seed).fit(reduced)
        tried[candidate] = float(silhouette_score(reduced, model.labels_, sample_size=min(len(reduced), 1500),
                                                  random_state=seed))
        if best is None or tried[candidate] > tried[best[0]]:
            best = (candidate, model.labels_)
    labels = pd.Series(best[1], index=survey.index, name="segment")
    return Segmentation(labels, best[0], pd.Series(tried, name="silhouette"))


def profile_segments(survey: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Who is in each segment: size, share of each situation flag (sit_*), and the most common context.

    ``labels`` is the segment of each respondent: a Series (``segment_respondents(...).labels``),
    the :class:`Segmentation` itself, or a list or array as long as the survey."""
    _require_frame(survey)
    if isinstance(labels, Segmentation):
        labels = labels.labels
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (pd.Series, list, tuple, np.ndarray, pd.Index)):
        raise AnalysisError(f"labels must give one segment per respondent ({len(survey)} values, such as "
                            f"segment_respondents(survey).labels), not {_inputs.shown(labels)}.")
    if len(labels) != len(survey):
        raise AnalysisError(f"labels should give one segment per respondent: it has {len(labels)} values but the "
                            f"survey has {len(survey)} respondents.")
    labels = _segment_labels(labels, survey.index)
    situations = [c for c in survey.columns if c.startswith("sit_")]
    flags = _numbers(survey, situations, "The situation flags (sit_ columns)")
    grouped = flags.groupby(labels.rename("segment"), observed=True)
    profile = grouped.mean() if situations else pd.DataFrame(index=grouped.size().index)
    profile.insert(0, "size", grouped.size())
    if "context" in survey and len(profile):
        contexts = survey["context"].astype(str).groupby(labels.rename("segment"), observed=True)
        profile["top_context"] = contexts.agg(lambda s: s.mode().iloc[0] if len(s) else None)
    return profile


def _segment_labels(labels: Any, index: pd.Index) -> pd.Series:
    """One segment label per respondent, on the survey's index: numbers or texts, missing allowed.

    A Series whose index holds the same respondents in another order is lined up by respondent;
    anything else is taken in order."""
    if isinstance(labels, pd.Series) and not labels.index.equals(index):
        same = labels.index.is_unique and index.is_unique and len(labels.index.symmetric_difference(index)) == 0
        labels = labels.reindex(index) if same else labels.set_axis(index)
    elif not isinstance(labels, pd.Series):
        values = np.empty(len(labels), dtype=object)
        values[:] = list(labels)
        labels = pd.Series(values, index=index)
    try:
        distinct = labels.drop_duplicates().tolist()
    except TypeError:  # unhashable labels (lists, dicts): the loop below names one
        distinct = labels.tolist()
    kinds = set()
    for value in distinct:
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            continue
        if isinstance(value, str):
            kinds.add("text")
        elif isinstance(value, (int, float, np.integer, np.floating)) and np.isfinite(value):
            kinds.add("number")
        else:
            raise AnalysisError(f"Each segment label should be a number or a text, such as 0 or 'busy owners'; "
                                f"labels holds {_inputs.shown(value)}.")
    if not kinds:
        raise AnalysisError("labels gives no segment for any respondent (every label is missing). Pass the "
                            "labels of segment_respondents(survey).")
    if len(kinds) > 1:
        raise AnalysisError("labels mixes numbers and texts; use one kind, for example .astype(str).")
    return labels.rename("segment")


# --- helpers ----------------------------------------------------------------------------------------


def _finish(table: pd.DataFrame, sort: bool = True) -> pd.DataFrame:
    table["opportunity"] = opportunity(table["importance"], table["satisfaction"])
    table["class"] = classify_opportunity(table["importance"], table["satisfaction"])
    if sort:
        table = table.sort_values("opportunity", ascending=False, ignore_index=True)
    return table


def _top_counts(values: np.ndarray, top: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per column: how many answers are in ``top``, and how many answered (NaN compares False).

    Column by column, so each pass stays in the processor's cache even for a million rows."""
    columns = values[:, None] if values.ndim == 1 else values  # one column, or one per rated item
    hits = np.empty(columns.shape[1], dtype=np.int64)
    answered = np.empty(columns.shape[1], dtype=np.int64)
    run = list(top) == list(range(min(top), max(top) + 1))
    for j in range(columns.shape[1]):
        column = columns[:, j]
        answered[j] = len(column) - np.count_nonzero(np.isnan(column))
        if run:  # a run of boxes (4-5): two comparisons instead of a set lookup
            hits[j] = np.count_nonzero(column >= min(top)) - np.count_nonzero(column > max(top))
        else:
            hits[j] = np.count_nonzero(np.isin(column, top))
    if values.ndim == 1:
        return hits[0], answered[0]
    return hits, answered


def _ratings_array(ratings: Any, scale: tuple[int, int]) -> np.ndarray:
    """Ratings as a float32 array (NaN = missing), or a clear error for what cannot be ratings."""
    if isinstance(ratings, (str, bytes)) or ratings is None:
        raise AnalysisError(f"Expected ratings (numbers from {scale[0]} to {scale[1]}), got {type(ratings).__name__}.")
    if _has_text(ratings):
        raise AnalysisError(f"Expected ratings (numbers from {scale[0]} to {scale[1]}); some values are text, not numbers, such "
                            "as '4' in quotes. Convert the column first (for example with pd.to_numeric(..., "
                            "errors='coerce')).")
    try:
        if isinstance(ratings, pd.DataFrame) and all(dtype == np.float32 for dtype in ratings.dtypes):
            values = ratings.to_numpy()  # already float32: no copy
        elif isinstance(ratings, (pd.DataFrame, pd.Series)):
            values = ratings.to_numpy(dtype=np.float32, na_value=np.nan)
        else:
            values = np.asarray(ratings, dtype=np.float32)
    except (TypeError, ValueError):
        raise AnalysisError(f"Expected ratings (numbers from {scale[0]} to {scale[1]}); some values are not numbers. "
                            "Clean the column first (for example with pd.to_numeric(..., errors='coerce')).") from None
    if values.ndim == 0:
        values = values.reshape(1)
    if values.size:
        with warnings.catch_warnings():  # an all-missing input is allowed: it scores NaN, silently
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = np.nanmin(values), np.nanmax(values)
        if low < scale[0] or high > scale[1]:
            found = low if low < scale[0] else high
            raise AnalysisError(f"Ratings must be from {scale[0]} to {scale[1]}; found {found:g}. "
                                "Check that you passed rating columns, not ids or durations.")
    return values


def _has_text(values: Any) -> bool:
    """Whether a list, array, Series or DataFrame holds text (numpy would turn '4' into 4.0 silently)."""
    if isinstance(values, pd.DataFrame):
        return any(_has_text(values.iloc[:, j]) for j in range(values.shape[1]))
    if isinstance(values, pd.Series):
        if pd.api.types.is_numeric_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype) and \
                pd.api.types.is_numeric_dtype(values.cat.categories):
            return False
        return pd.api.types.is_string_dtype(values) or any(isinstance(v, (str, bytes)) for v in values)
    try:
        array = np.asarray(values, dtype=object)
    except (TypeError, ValueError):
        return False
    return any(isinstance(v, (str, bytes)) for v in array.ravel())


def _score(value: Any, name: str) -> Any:
    if value is None or isinstance(value, (str, bytes)):
        raise AnalysisError(f"{name} must be a 0-10 score (a number), not {type(value).__name__} "
                            f"{_inputs.shown(value)}.")
    if _has_text(value):
        raise AnalysisError(f"{name} must be 0-10 scores; some values are text, not numbers.")
    try:
        array = np.asarray(value, dtype=float) if not isinstance(value, pd.Series) else value.astype(float)
    except (TypeError, ValueError):
        raise AnalysisError(f"{name} must be 0-10 scores (numbers); some values are not numbers.") from None
    finite = np.asarray(array)[~np.isnan(np.asarray(array))]
    if finite.size and (finite.min() < 0 or finite.max() > 10):
        raise AnalysisError(f"{name} must be a 0-10 score (a top-2-box score), not a raw 1-5 rating or a "
                            f"percentage; found {finite.max() if finite.max() > 10 else finite.min():g}.")
    return array if isinstance(value, pd.Series) or np.ndim(array) else float(array)


def _require_frame(survey: Any) -> None:
    _inputs.frame(survey, AnalysisError)


def _items(survey: Any, items: Any) -> list[str]:
    """The outcome ids to score: all of the survey's (None), one id, or a list of ids."""
    if items is None:
        found = outcome_items(survey)
        if not found:
            raise AnalysisError("This table has no outcomes to score: no pair of columns imp_<id> and sat_<id> "
                                "(such as imp_data_lost and sat_data_lost). Pass the survey from load_survey().")
        return found
    items = _inputs.names(items, "items", "the outcome ids to score (imp_<id> and sat_<id>)", AnalysisError)
    if not items:
        raise AnalysisError("items is an empty list: name at least one outcome id, such as ['data_lost'], or leave "
                            "items out to score every outcome of the survey.")
    return items


def _method(method: Any) -> None:
    if not isinstance(method, str) or method not in ("top2box", "mean"):
        raise AnalysisError(f"method must be 'top2box' or 'mean', not {_inputs.shown(method)}.")


def _paired(combine: Any) -> Any:
    """``combine()`` for importance and satisfaction, or a clear error when they do not pair up."""
    try:
        return combine()
    except ValueError:
        raise AnalysisError("importance and satisfaction should pair up: one of each per outcome, two numbers or "
                            "two lists (or Series with the same index) of the same length.") from None


def _numbers(survey: pd.DataFrame, columns: list[str], what: str) -> pd.DataFrame:
    """The columns as finite floats (NaN = missing), or a clear error naming the first bad column."""
    values = {}
    for column in columns:
        try:
            values[column] = survey[column].to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise AnalysisError(f"{what} should hold numbers; {column!r} holds {survey[column].dtype} values that "
                                "are not. Clean it first (for example with pd.to_numeric(..., errors='coerce')).") from None
        if np.isinf(values[column]).any():
            raise AnalysisError(f"{what} should hold finite numbers; {column!r} holds an infinite value.")
    return pd.DataFrame(values, index=survey.index, columns=columns)


def _require_columns(survey: Any, columns: list[str]) -> None:
    _require_frame(survey)
    missing = [c for c in columns if c not in survey.columns]
    if missing:
        raise AnalysisError(f"The survey has no column {missing[0]!r}"
                            + (f" (and {len(missing) - 1} more missing)" if len(missing) > 1 else "") + ".")
