"""Explore the opportunity landscape: filter by context, situation and segment, shrink the sample,
switch the scoring method. :func:`explore` does the work and returns plain values; the
:class:`LandscapeExplorer` widget only wires controls to it.

>>> from jtbd_kit import load_survey
>>> view = explore(load_survey(), situation="sit_personal_data", sample=300)
>>> view.respondents, view.table.columns[:3].tolist()
(300, ['outcome', 'importance', 'satisfaction'])
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from . import _inputs
from .analysis import AnalysisError, importance_difficulty, score_outcomes
from .survey_charts import describe_outcomes, landscape_chart
from .widgets import ChartView

__all__ = ["METHODS", "LandscapeExplorer", "View", "explore"]

METHODS = {
    "top2box": "Top-2-box (ODI)",
    "mean": "Mean rating",
    "importance-difficulty": "Importance x difficulty (3-point items)",
}
ALL = "(all)"


@dataclass(frozen=True)
class View:
    """What the explorer shows: the scores, the chart, a short summary, and how many respondents."""

    table: pd.DataFrame
    chart: Any
    summary: str
    respondents: int


def explore(survey: pd.DataFrame, context: str | None = None, situation: str | None = None,
            segment: Any = None, segments: pd.Series | None = None, method: str = "top2box",
            sample: int | None = None, seed: int = 0) -> View:
    """Score the respondents who match the filters (a context, a situation flag set to 1, a segment
    label from ``segments``), optionally a random ``sample`` of them, with ``method``.
    """
    if not isinstance(method, str) or method not in METHODS:
        raise AnalysisError(f"method must be one of {', '.join(METHODS)}, not {_inputs.shown(method)}.")
    if not isinstance(survey, pd.DataFrame) or "context" not in survey:
        raise AnalysisError("explore needs the survey table (load_survey()), with its 'context' and sit_ columns.")
    _inputs.frame(survey, AnalysisError)
    seed = _inputs.whole(seed, "seed", "the starting point of the random sample", AnalysisError, low=0)
    keep = np.ones(len(survey), dtype=bool)
    if not _everyone(context):
        contexts = survey["context"].astype(object).map(str)  # every value as text, a missing one too ("None", "nan")
        if not isinstance(context, str) or context not in set(contexts):
            known = ", ".join(sorted(set(contexts)))
            known = known if len(known) <= 300 else known[:297] + "..."
            raise AnalysisError(f"No respondent is in the context {_inputs.shown(context)}. The contexts are: "
                                f"{known}.")
        keep &= (contexts == context).to_numpy()
    if not _everyone(situation):
        flags = [c for c in survey.columns if isinstance(c, str) and c.startswith("sit_")]
        if not isinstance(situation, str) or situation not in flags:
            raise AnalysisError(f"{_inputs.shown(situation)} is not a situation of the survey. Give a situation "
                                f"flag's column name: {', '.join(flags)}.")
        keep &= (survey[situation] == 1).to_numpy()
    if not _everyone(segment) and segments is not None:
        if not isinstance(segments, pd.Series) or len(segments) != len(survey):
            raise AnalysisError("segments should be the labels of segment_respondents(survey): a Series with one "
                                "segment per respondent of this survey.")
        keep &= (segments.astype(str) == str(segment)).to_numpy()
    if sample is not None:
        sample = _inputs.whole(sample, "sample", "how many respondents to draw", AnalysisError, low=1)
    chosen = survey[keep]
    if sample is not None and sample < len(chosen):
        chosen = chosen.iloc[np.sort(np.random.default_rng(seed).permutation(len(chosen))[:sample])]
    if len(chosen) < 10:
        raise AnalysisError(f"Only {len(chosen)} respondents match these filters: too few to score. Widen a filter.")
    if method == "importance-difficulty":
        parts = []
        for prefix, kind in (("emo", "emotional job"), ("soc", "social job"), ("ideal", "ideal state")):
            part = importance_difficulty(chosen, prefix)
            parts.append(part.assign(kind=kind, statement=part["item"], step=kind))
        table = pd.concat(parts, ignore_index=True).sort_values("struggle", ascending=False, ignore_index=True)
        chart = landscape_chart(table.assign(**{"class": "3-point item"}), color="kind", y="ease",
                                title="Importance against ease (the course's 3-point method)",
                                opportunity_lines=False)
        top = table.head(3)
        lines = [f"{html.escape(r.item)} ({r.kind}): struggle {r.struggle:.1f}" for r in top.itertuples()]
    else:
        table = describe_outcomes(score_outcomes(chosen, method=method))
        chart = landscape_chart(table, title=f"Opportunity landscape ({METHODS[method]})")
        under = table[table["class"].str.startswith("under-served")]
        lines = [f"{html.escape(r.statement)}: {r.opportunity:.1f}" for r in under.head(3).itertuples()]
        if not lines:
            lines = ["No outcome reaches the under-served line (opportunity 10) for these respondents."]
    summary = (f"<div style='color:#1f2328'><strong>{len(chosen)}</strong> respondents. Top of the list:"
               "<ol style='margin:4px 0'>" + "".join(f"<li>{line}</li>" for line in lines) + "</ol></div>")
    return View(table, chart, summary, len(chosen))


def _everyone(choice: Any) -> bool:
    """Whether a filter is left open: None or "All" (compared without ==, which NA or an array would break)."""
    return choice is None or (isinstance(choice, str) and choice == ALL)


class LandscapeExplorer(widgets.VBox):
    """Dropdowns for context, situation and segment, a sample-size slider and a method switch; the
    landscape and the summary follow every change."""

    def __init__(self, survey: pd.DataFrame, segments: pd.Series | None = None) -> None:
        self.survey, self.segments = survey, segments
        contexts = sorted(set(survey["context"].astype(object).map(str)))
        situations = [c for c in survey.columns if c.startswith("sit_")]
        self.context = widgets.Dropdown(options=[ALL] + contexts, description="Context")
        self.situation = widgets.Dropdown(options=[ALL] + situations, description="Situation")
        labels = sorted(set(segments.astype(object).map(str))) if segments is not None else []
        self.segment = widgets.Dropdown(options=[ALL] + labels, description="Segment", disabled=segments is None)
        self.sample = widgets.IntSlider(value=len(survey), min=min(50, len(survey)), max=len(survey), step=50,
                                        description="Sample", continuous_update=False)
        self.method = widgets.ToggleButtons(options=[(label, key) for key, label in METHODS.items()],
                                            value="top2box", description="Method")
        self.summary = widgets.HTML()
        view = explore(survey)
        self.chart = ChartView(view.chart)
        self.summary.value = view.summary
        for control in (self.context, self.situation, self.segment, self.sample, self.method):
            control.observe(self._update, names="value")
        super().__init__([
            widgets.HBox([self.context, self.situation, self.segment]),
            self.sample, self.method, self.chart, self.summary,
        ])

    def _update(self, _change: object = None) -> None:
        try:
            view = explore(self.survey, self.context.value, self.situation.value, self.segment.value, self.segments,
                           self.method.value, self.sample.value)
        except AnalysisError as error:
            self.summary.value = f"<div style='color:#b42318'>{html.escape(str(error))}</div>"
            return
        self.chart.chart = view.chart
        self.summary.value = view.summary
