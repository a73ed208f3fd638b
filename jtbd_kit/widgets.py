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

from .cards import DIMENSIONS, ScenarioCard, check_scenario_card
from .concepts import ConceptQuestion, explain_choice
from .charts import vega_bundle
from .job_action import check_job_action
from .job_map import UNIVERSAL_JOB_MAP, JobMap, JobMapTemplate, check_job_map, job_map_chart

__all__ = ["CardBuilder", "ChartView", "ConceptWidget", "MappingWidget", "PracticeBox", "concept_html", "feedback_html",
           "mapping_feedback_html", "practice_box"]


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
            description="Statement",  # a label screen readers announce, not just a placeholder
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


def concept_html(question: ConceptQuestion, choice: object) -> str:
    """The explanation box of a concept question for ``choice``: green when right, red when not."""
    text = explain_choice(question, choice)
    if text.startswith("Right."):
        colour = "#067647"
    elif text.startswith("Not quite."):
        colour = "#b42318"
    else:
        colour = "#475467"
    return f"<div style='color:{colour}; max-width:720px'>{html.escape(text)}</div>"


class ConceptWidget(widgets.VBox):
    """A concept question: pick an option and press Check; the explanation of that option appears."""

    def __init__(self, question: ConceptQuestion) -> None:
        self.question = question
        self.prompt = widgets.HTML(f"<b>Check your understanding.</b> {html.escape(question.question)}")
        self.choices = widgets.RadioButtons(options=[o.text for o in question.options], value=None,
                                            layout=widgets.Layout(width="auto"))
        self.button = widgets.Button(description="Check", button_style="primary", tooltip="Check my answer")
        self.feedback = widgets.HTML()
        self.button.on_click(self._show)
        super().__init__([self.prompt, self.choices, self.button, self.feedback],
                         layout=widgets.Layout(max_width="780px"))

    def _show(self, _change: object = None) -> None:
        self.feedback.value = concept_html(self.question, self.choices.value)


def practice_box(checker: Callable[[object], object] = check_job_action,
                 placeholder: str = "Type a job action statement and press Enter") -> PracticeBox:
    """A practice box that checks what the learner types with ``checker`` (job actions by default)."""
    return PracticeBox(checker, placeholder)


def mapping_feedback_html(job_map: JobMap) -> str:
    """Feedback on a job map being built (nothing until at least one step has a phase)."""
    if not any(phase for _, phase in job_map.steps):
        return "<div style='color:#3d4450'>Choose a phase for a step to see the map and the feedback.</div>"
    return check_job_map(job_map)._repr_html_()


class ChartView(widgets.Output):
    """A chart inside a widget: set ``.chart`` to an altair chart and the view redraws in place.

    The course's widgets (the mapping widget, the landscape explorer) hold their chart in one of
    these, so a chart in a widget is drawn the same offline way as a chart on its own
    (:mod:`jtbd_kit.charts`), and each redraw sends only the new chart's few kilobytes.

    >>> import altair as alt
    >>> view = ChartView(alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q"))
    >>> [sorted(output["data"]) for output in view.outputs]
    [['application/vnd.vega.v5+json', 'text/plain']]
    """

    def __init__(self, chart: object = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._chart = None
        if chart is not None:
            self.chart = chart

    @property
    def chart(self) -> object:
        """The altair chart shown now (None before the first one)."""
        return self._chart

    @chart.setter
    def chart(self, chart: object) -> None:
        bundle, metadata = vega_bundle(chart.to_dict())
        self._chart = chart
        self.outputs = ({"output_type": "display_data", "data": bundle, "metadata": metadata},)


class MappingWidget(widgets.VBox):
    """Choose a phase for each step; the chart and the feedback follow every choice.

    ``value`` is the :class:`JobMap` built so far (a step without a phase has phase ``""``), a
    plain value you can assign to a variable or pass to :func:`check_job_map`; step numbers in
    the feedback match the numbers shown next to the steps.
    """

    def __init__(self, job: str, steps: list[str], template: JobMapTemplate = UNIVERSAL_JOB_MAP,
                 chosen: dict[str, str] | None = None) -> None:
        self.job, self.steps, self.template = job, list(steps), template
        chosen = chosen or {}
        options = [("choose a phase", "")] + [(p.name, p.id) for p in template.phases]
        self.choosers = [
            widgets.Dropdown(options=options, value=chosen.get(step, ""), description=f"Step {number}",
                             description_allow_html=False, style={"description_width": "55px"},
                             layout=widgets.Layout(width="210px"))
            for number, step in enumerate(self.steps, start=1)
        ]
        rows = [widgets.HBox([chooser, widgets.Label(step)]) for step, chooser in zip(self.steps, self.choosers)]
        self.chart = ChartView(job_map_chart(self.value))
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


class CardBuilder(widgets.VBox):
    """Build a scenario card field by field; the card and its feedback update as you go.

    ``value`` is the :class:`ScenarioCard` built so far: assign it to a variable to keep it.
    """

    def __init__(self, card: ScenarioCard | None = None) -> None:
        self._history: list[ScenarioCard] = []
        self._card = card if isinstance(card, ScenarioCard) else ScenarioCard()
        wide = widgets.Layout(width="100%")
        self.scenario = widgets.Text(value=str(self._card.scenario or ""), description="Scenario",
                                     placeholder="What happened? (the trigger)", layout=wide)
        self.surface_job = widgets.Text(value=str(self._card.surface_job or ""), description="Surface job",
                                        placeholder="What the customer asks for", layout=wide)
        self.job_text = widgets.Text(description="Real job", placeholder="A job the customer really needs done",
                                     layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.job_dimension = widgets.Dropdown(options=DIMENSIONS, description="kind",
                                              style={"description_width": "35px"}, layout=widgets.Layout(width="170px"))
        self.add_job = widgets.Button(description="Add real job", button_style="primary")
        self.action_text = widgets.Text(description="Action", placeholder="What the agent does",
                                        layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.action_serves = widgets.Dropdown(description="serves", options=[], layout=widgets.Layout(width="300px"))
        self.add_action = widgets.Button(description="Add action", button_style="primary")
        self.undo = widgets.Button(description="Undo last add", tooltip="Remove the last real job or action added")
        self.job_story = widgets.Text(value=str(self._card.job_story or ""), description="Job story",
                                      placeholder="Optional: When ..., I want to ..., so I can ...", layout=wide)
        self.note = widgets.HTML()
        self.preview = widgets.HTML()
        self.feedback = widgets.HTML()
        for field in (self.scenario, self.surface_job, self.job_story):
            field.observe(self._fields_changed, names="value")
        self.add_job.on_click(self._add_job)
        self.add_action.on_click(self._add_action)
        self.undo.on_click(self._undo)
        super().__init__([
            self.scenario, self.surface_job,
            widgets.HBox([self.job_text, self.job_dimension, self.add_job]),
            widgets.HBox([self.action_text, self.action_serves, self.add_action]),
            self.job_story, widgets.HBox([self.undo]), self.note, self.preview, self.feedback,
        ], layout=widgets.Layout(max_width="860px"))
        self._refresh()

    @property
    def value(self) -> ScenarioCard:
        return self._card

    def _fields_changed(self, _change: object = None) -> None:
        story = self.job_story.value.strip() or None
        self._card = ScenarioCard(self.scenario.value, self.surface_job.value, self._card.real_jobs,
                                  self._card.actions, story)
        self._refresh()

    def _add_job(self, _button: object = None) -> None:
        if not self.job_text.value.strip():
            self.note.value = "<span style='color:#b42318'>Type the real job first, then click Add real job.</span>"
            return
        self._history.append(self._card)
        self._card = self._card.with_real_job(self.job_text.value.strip(), self.job_dimension.value)
        self.job_text.value = ""
        self._refresh()

    def _add_action(self, _button: object = None) -> None:
        if not self.action_text.value.strip() or not self.action_serves.value:
            self.note.value = ("<span style='color:#b42318'>Type the action and choose the real job it serves "
                               "(add a real job first), then click Add action.</span>")
            return
        self._history.append(self._card)
        self._card = self._card.with_action(self.action_text.value.strip(), self.action_serves.value)
        self.action_text.value = ""
        self._refresh()

    def _undo(self, _button: object = None) -> None:
        if self._history:
            previous = self._history.pop()
            self._card = ScenarioCard(self._card.scenario, self._card.surface_job, previous.real_jobs,
                                      previous.actions, self._card.job_story)
        self._refresh()

    def _refresh(self) -> None:
        self.note.value = ""
        jobs = [str(job.text) for job in self._card.real_jobs] if isinstance(self._card.real_jobs, tuple) else []
        chosen = self.action_serves.value
        self.action_serves.options = jobs
        self.action_serves.value = chosen if chosen in jobs else (jobs[-1] if jobs else None)
        self.preview.value = self._card._repr_html_()
        self.feedback.value = check_scenario_card(self._card)._repr_html_()
