"""Interactive practice in the notebook: thin ipywidgets layers over the plain checkers.

Every behaviour lives in a plain function (:func:`feedback_html`), so it is tested without a browser;
the widget only wires a text field and a button to it.

>>> box = practice_box()
>>> box.text.value = "Reserve a place to stay while out of town"
>>> "Looks good" in box.feedback.value
True
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as widgets

from .job_action import check_job_action
from .job_map import UNIVERSAL_JOB_MAP, JobMap, JobMapTemplate, check_job_map, job_map_chart

__all__ = ["MappingWidget", "PracticeBox", "feedback_html", "mapping_feedback_html", "practice_box"]


def feedback_html(checker: Callable[[object], object], text: object) -> str:
    """The HTML feedback that ``checker`` gives on ``text``; a friendly note if the checker fails.

    >>> "no problems found" in feedback_html(check_job_action, "Reserve a place to stay while out of town")
    True
    >>> "went wrong" in feedback_html(lambda text: 1 / 0, "anything")
    True
    """
    try:
        result = checker(text)
        shown = result._repr_html_() if hasattr(result, "_repr_html_") else html.escape(str(result))
    except Exception as error:  # a learner's own checker may fail; the box must not
        return (
            "<div style='color:#b42318'>Something went wrong inside the checker "
            f"({html.escape(type(error).__name__)}: {html.escape(str(error))}). "
            "Your text is still in the box.</div>"
        )
    return shown


class PracticeBox(widgets.VBox):
    """A text field and a Check button; the feedback appears below when you press Enter or click."""

    def __init__(self, checker: Callable[[object], object] = check_job_action,
                 placeholder: str = "Type a job action statement and press Enter") -> None:
        self.checker = checker
        self.text = widgets.Text(
            placeholder=placeholder,
            continuous_update=False,  # check on Enter or when the field loses focus
            layout=widgets.Layout(flex="1 1 auto", width="auto"),
        )
        self.button = widgets.Button(description="Check", button_style="primary", tooltip="Check this statement")
        self.feedback = widgets.HTML()
        self.text.observe(self._show, names="value")
        self.button.on_click(self._show)
        super().__init__([widgets.HBox([self.text, self.button]), self.feedback],
                         layout=widgets.Layout(max_width="780px"))

    def _show(self, _change: object = None) -> None:
        self.feedback.value = feedback_html(self.checker, self.text.value)


def practice_box(checker: Callable[[object], object] = check_job_action,
                 placeholder: str = "Type a job action statement and press Enter") -> PracticeBox:
    """A practice box that checks what the learner types with ``checker`` (job actions by default)."""
    return PracticeBox(checker, placeholder)


def mapping_feedback_html(job_map: JobMap) -> str:
    """Feedback on a job map being built (nothing until at least one step has a phase)."""
    if not any(phase for _, phase in job_map.steps):
        return "<div style='color:#3d4450'>Choose a phase for a step to see the map and the feedback.</div>"
    return check_job_map(job_map)._repr_html_()


class MappingWidget(widgets.VBox):
    """Choose a phase for each step; the chart and the feedback follow every choice.

    ``value`` is the :class:`JobMap` built so far (a step without a phase has phase ``""``), a
    plain value you can assign to a variable or pass to :func:`check_job_map`; step numbers in
    the feedback match the numbers shown next to the steps.
    """

    def __init__(self, job: str, steps: list[str], template: JobMapTemplate = UNIVERSAL_JOB_MAP,
                 chosen: dict[str, str] | None = None) -> None:
        import altair as alt

        self.job, self.steps, self.template = job, list(steps), template
        chosen = chosen or {}
        options = [("choose a phase", "")] + [(p.name, p.id) for p in template.phases]
        self.choosers = [
            widgets.Dropdown(options=options, value=chosen.get(step, ""), layout=widgets.Layout(width="150px"),
                             description_allow_html=False)
            for step in self.steps
        ]
        rows = [
            widgets.HBox([chooser, widgets.Label(f"{number}. {step}")])
            for number, (step, chooser) in enumerate(zip(self.steps, self.choosers), start=1)
        ]
        self.chart = alt.JupyterChart(job_map_chart(self.value))
        self.feedback = widgets.HTML(mapping_feedback_html(self.value))
        for chooser in self.choosers:
            chooser.observe(self._update, names="value")
        super().__init__(rows + [self.chart, self.feedback])

    @property
    def unplaced(self) -> int:
        return sum(1 for chooser in self.choosers if not chooser.value)

    @property
    def value(self) -> JobMap:
        return JobMap(self.job, [(step, chooser.value) for step, chooser in zip(self.steps, self.choosers)],
                      self.template)

    def _update(self, _change: object = None) -> None:
        job_map = self.value
        self.chart.chart = job_map_chart(job_map)
        self.feedback.value = mapping_feedback_html(job_map)
