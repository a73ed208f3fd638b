"""Charts for the survey module, always drawn from small aggregated tables (one row per outcome or
group), never from the respondents themselves: a few kilobytes per chart, and no row limit to lift.

>>> from jtbd_kit import load_survey, score_outcomes
>>> scores = describe_outcomes(score_outcomes(load_survey()))
>>> chart = landscape_chart(scores)
>>> len(chart.to_dict()["datasets"]) <= 3 and len(scores) == 34
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _inputs
from .analysis import AnalysisError, bootstrap_scores
from .charts import enable_offline_charts

__all__ = ["ci_width_chart", "ci_widths", "describe_outcomes", "landscape_chart", "opportunity_bars",
           "segment_heatmap"]

CLASS_COLOURS = {  # colour-blind-safe, dark enough to read on white
    "under-served (15+)": "#b2182b", "under-served (12-15)": "#d6604d", "under-served (10-12)": "#f4a582",
    "appropriately served": "#8c8c8c", "over-served": "#2166ac",
}


def describe_outcomes(scores: pd.DataFrame) -> pd.DataFrame:
    """Add the outcome's statement, its job step and its kind (step outcome or financial metric)."""
    from .repair_job import load_repair_job

    if not isinstance(scores, pd.DataFrame) or not ({"outcome", "item"} & set(scores.columns)):
        what = type(scores).__name__ if not isinstance(scores, pd.DataFrame) else "a table without an 'outcome' column"
        raise AnalysisError(f"describe_outcomes adds statements to a table of scores, one row per outcome "
                            f"(from score_outcomes, score_by_group or bootstrap_scores), not {what}. "
                            "Score the survey first: describe_outcomes(score_outcomes(survey)).")
    _scores_table(scores, "describe_outcomes", limit=None)
    job = load_repair_job()
    steps = {step.id: step.statement for step in job.job_steps}
    rows = {o.id: (o.statement, steps.get(o.step, o.step), "step outcome") for o in job.desired_outcomes}
    rows.update({m.id: (m.statement, "Financial metrics", "financial metric") for m in job.financial_metrics})
    info = pd.DataFrame.from_dict(rows, orient="index", columns=["statement", "step", "kind"])
    key = "outcome" if "outcome" in scores else "item"
    ids = scores[key].astype(object).map(lambda v: v if isinstance(v, str) else None)  # an id is a text
    found = info.reindex(ids.to_numpy())
    described = scores.drop(columns=[c for c in info.columns if c in scores])  # run twice: replaced, not doubled
    for column in info.columns:
        described[column] = found[column].to_numpy()
    return described


def landscape_chart(scores: pd.DataFrame, color: str = "class", title: str = "Opportunity landscape",
                    x: str = "importance", y: str = "satisfaction", opportunity_lines: bool = True):
    """Importance against satisfaction, one point per outcome, with the diagonal and (unless
    ``opportunity_lines`` is False) the opportunity 10, 12 and 15 lines, labelled at their foot.
    Hover a point for its statement, step and scores.
    """
    import altair as alt

    _scores_table(scores, "landscape_chart")
    x = _inputs.column_name(x, scores, "x", "the score on the horizontal axis", AnalysisError, numeric=True)
    y = _inputs.column_name(y, scores, "y", "the score on the vertical axis", AnalysisError, numeric=True)
    _inputs.text(color, "color", "the column that colours the points, such as 'class'", AnalysisError)
    _inputs.text(title, "title", "the chart's title", AnalysisError)
    enable_offline_charts()
    wanted = ("outcome", "item", "statement", "step", "kind", x, y, "opportunity", "class", "struggle", "ease")
    data = _small(scores, [c for c in dict.fromkeys(wanted) if c in scores])
    levels = (10, 12, 15) if opportunity_lines else ()
    lines = pd.DataFrame([
        {"line": "importance = satisfaction", "x": 0.0, "y": 0.0}, {"line": "importance = satisfaction", "x": 10.0, "y": 10.0},
        *[{"line": f"opportunity {level}", "x": level / 2, "y": 0.0} for level in levels],
        *[{"line": f"opportunity {level}", "x": 10.0, "y": 20.0 - level} for level in levels],
    ])
    scale = alt.Scale(domain=[0, 10], nice=False)
    guide = alt.Chart(lines).mark_line(strokeDash=[4, 4], color="#6e7781").encode(
        x=alt.X("x:Q", scale=scale, title=x.capitalize() + " (0-10)"),
        y=alt.Y("y:Q", scale=scale, title=y.capitalize() + " (0-10)"),
        detail="line:N",
    )
    feet = lines[(lines["y"] == 0.0) & lines["line"].str.startswith("opportunity")]
    labels = alt.Chart(feet).mark_text(align="left", baseline="bottom", dx=4, dy=-3, angle=297, fontSize=10,
                                       color="#57606a").encode(x="x:Q", y="y:Q", text="line:N")
    tooltip = [alt.Tooltip(c, title=c.capitalize()) for c in ("statement", "step") if c in data]
    tooltip += [alt.Tooltip(f"{c}:Q", format=".1f", title=c.capitalize()) for c in (x, y, "opportunity", "struggle")
                if c in data]
    encoding: dict[str, Any] = {}
    if color == "class" and "class" in data:
        encoding["color"] = alt.Color("class:N", title="Class", scale=alt.Scale(
            domain=list(CLASS_COLOURS), range=list(CLASS_COLOURS.values())))
    elif color in data:
        encoding["color"] = alt.Color(f"{color}:N", title=color.capitalize())
    points = alt.Chart(data).mark_circle(size=90, opacity=0.85, stroke="#1f2328", strokeWidth=0.5).encode(
        x=alt.X(f"{x}:Q", scale=scale), y=alt.Y(f"{y}:Q", scale=scale), tooltip=tooltip, **encoding)
    return (guide + labels + points).properties(width=460, height=420, title=title)


def opportunity_bars(scores: pd.DataFrame, top: int = 15, value: str = "opportunity",
                     title: str = "Outcomes ranked by opportunity"):
    """The ``top`` outcomes as a ranked horizontal bar chart, coloured by class, with the 10 line."""
    import altair as alt

    _scores_table(scores, "opportunity_bars", limit=None)
    _inputs.text(title, "title", "the chart's title", AnalysisError)
    if not isinstance(value, str) or value not in scores or not pd.api.types.is_numeric_dtype(scores[value]) \
            or pd.api.types.is_bool_dtype(scores[value]):
        raise AnalysisError(f"The table has no column of numbers called {_inputs.shown(value)}. Pass a table from "
                            "score_outcomes or score_by_group, or name the column to rank by with value=... "
                            "(for importance_difficulty's table: value='struggle').")
    top = _inputs.whole(top, "top", "how many outcomes to show", AnalysisError, low=1)
    enable_offline_charts()
    key = "statement" if "statement" in scores else ("outcome" if "outcome" in scores else "item")
    wanted = dict.fromkeys(c for c in (key, "outcome", "item", "step", value, "class") if c in scores)
    data = _small(scores.nlargest(int(top), value), list(wanted))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=value.capitalize(), scale=alt.Scale(domain=[0, 20])),
        y=alt.Y(f"{key}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=420)),
        color=(alt.Color("class:N", scale=alt.Scale(domain=list(CLASS_COLOURS), range=list(CLASS_COLOURS.values())),
                         title="Class") if "class" in data else alt.value("#d6604d")),
        tooltip=[c for c in data.columns],
    )
    rule = alt.Chart(pd.DataFrame({"at": [10]})).mark_rule(strokeDash=[4, 4], color="#6e7781").encode(x="at:Q")
    return (bars + rule).properties(width=420, height=max(18 * len(data), 120), title=title)


def segment_heatmap(grouped: pd.DataFrame, group: str = "segment", value: str = "opportunity", top: int = 20,
                    title: str | None = None):
    """Groups (segments, contexts ...) against outcomes, coloured by ``value``; the ``top`` outcomes
    by their highest score in any group are shown."""
    import altair as alt

    _scores_table(grouped, "segment_heatmap", source="score_by_group(survey, 'segment')")
    if not isinstance(group, str) or not isinstance(value, str) or group not in grouped or value not in grouped \
            or "outcome" not in grouped:
        raise AnalysisError(f"The table needs the columns 'outcome', {_inputs.shown(group)} and {_inputs.shown(value)} "
                            "(from score_by_group); name others with group=... and value=...")
    _inputs.column_name(value, grouped, "value", "the score that colours the cells", AnalysisError, numeric=True)
    top = _inputs.whole(top, "top", "how many outcomes to show", AnalysisError, low=1)
    _inputs.text(title, "title", "the chart's title", AnalysisError, none=True)
    if len({group, value, "outcome"}) < 3:
        raise AnalysisError(f"group={_inputs.shown(group)} and value={_inputs.shown(value)} should name two "
                            "different columns, other than 'outcome' (the rows of the chart).")
    enable_offline_charts()
    columns = [c for c in (group, "outcome", value, "class") if c in grouped]
    table = grouped[columns].copy()
    for column in (group, "outcome", "class"):  # labels on the chart: texts, whatever the table held
        if column in table:
            table[column] = table[column].astype(object).map(str)
    best = table.groupby("outcome")[value].max().nlargest(top).index
    data = _small(table[table["outcome"].isin(best)], columns)
    return alt.Chart(data).mark_rect().encode(
        x=alt.X(f"{group}:N", title=group.capitalize()),
        y=alt.Y("outcome:N", sort=list(best), title=None),
        color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="reds", domain=[0, 20]), title=value.capitalize()),
        tooltip=[group, "outcome", alt.Tooltip(f"{value}:Q", format=".1f")] + (["class"] if "class" in data else []),
    ).properties(width=max(70 * data[group].nunique(), 200), height=16 * len(best),
                 title=title or f"{value.capitalize()} by {group}")


def ci_widths(survey: pd.DataFrame, sizes: tuple[int, ...] = (100, 200, 400, 800, 1500), resamples: int = 200,
              seed: int = 0) -> pd.DataFrame:
    """Mean width of the 95% bootstrap interval of the opportunity score at each sample size, and how
    many outcomes could still change class: how conclusions firm up as more people answer."""
    _scores_table(survey, "ci_widths", limit=None, what="survey", source="load_survey()")
    if not isinstance(sizes, (list, tuple, range)) or not sizes:
        raise AnalysisError(f"sizes are the numbers of respondents to try, such as (100, 200, 400), not "
                            f"{_inputs.shown(sizes)}.")
    sizes = [_inputs.whole(size, "each size", "a number of respondents", AnalysisError, low=2) for size in sizes]
    _inputs.whole(resamples, "resamples", "how many times to resample the respondents", AnalysisError, 10, 100_000)
    seed = _inputs.whole(seed, "seed", "the starting point of the random draws", AnalysisError, low=0)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(survey))
    rows = []
    for size in sorted({min(size, len(survey)) for size in sizes}):  # a size beyond the data means all of it
        boot = bootstrap_scores(survey.iloc[order[:size]], resamples=resamples, seed=seed)
        rows.append({"respondents": size,
                     "mean_ci_width": float((boot["opportunity_high"] - boot["opportunity_low"]).mean()),
                     "may_change_class": int(boot["may_change_class"].sum())})
    return pd.DataFrame(rows)


def ci_width_chart(widths: pd.DataFrame, title: str = "Uncertainty shrinks as more people answer"):
    """A line chart of :func:`ci_widths`: mean interval width against the number of respondents."""
    import altair as alt

    _scores_table(widths, "ci_width_chart", source="ci_widths(survey)")
    for name in ("respondents", "mean_ci_width"):
        _inputs.column_name(name, widths, name, "a column of ci_widths' table", AnalysisError, numeric=True)
    _inputs.text(title, "title", "the chart's title", AnalysisError)
    enable_offline_charts()
    shown = [c for c in ("respondents", "mean_ci_width", "may_change_class") if c in widths]  # other columns: left out
    return alt.Chart(_small(widths, shown)).mark_line(point=True).encode(
        x=alt.X("respondents:Q", title="Respondents"),
        y=alt.Y("mean_ci_width:Q", title="Mean width of the 95% interval (opportunity points)"),
        tooltip=shown,
    ).properties(width=420, height=260, title=title)


def _scores_table(table: Any, function: str, limit: int | None = 500, what: str = "table of scores",
                  source: str = "score_outcomes(survey)") -> pd.DataFrame:
    """A DataFrame with distinct text column names (at most ``limit`` rows), or a clear error."""
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError(f"{function} needs a {what}, a DataFrame from {source}, not {type(table).__name__}.")
    _inputs.frame(table, AnalysisError, what=f"the {what}", source=source, example="opportunity")
    if limit is not None:
        _aggregated(table, limit)
    return table


def _aggregated(table: pd.DataFrame, limit: int = 500) -> None:
    """Refuse to chart more than ``limit`` rows: raw respondent data, not a table of scores."""
    if len(table) > limit:
        raise AnalysisError(f"This chart expects an aggregated table (one row per outcome or group), not "
                            f"{len(table)} rows: score the survey first (score_outcomes / score_by_group).")


def _small(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a chart needs, rounded, with a guard against charting raw respondent data."""
    _aggregated(table)
    data = table[columns].copy()
    for column in data.select_dtypes("number").columns:
        data[column] = data[column].round(2)
    return data.reset_index(drop=True)
