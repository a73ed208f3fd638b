"""Job maps: the universal steps of getting any job done, and checks for a map a learner builds.

A job map describes what a person must do to get a job done, step by step, whatever solution they
use. It is a view of needs, not a process chart of a product or a customer journey. The method
(Bettencourt and Ulwick's universal job map) has eight phases; some practitioners add a ninth,
which this module allows only when you extend the template on purpose.

>>> [phase.id for phase in UNIVERSAL_JOB_MAP.phases]
['define', 'locate', 'prepare', 'confirm', 'execute', 'monitor', 'modify', 'conclude']
>>> job_map = JobMap("Get a product fixed through an online platform", [
...     ("Identify the fault with the product", "define"),
...     ("Ship the product to the repairer", "execute"),
... ])
>>> check_job_map(job_map).codes
['phase-gap']
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator, Sized
from dataclasses import dataclass, field, replace
from typing import Any

from .feedback import CheckResult, Problem
from .job_action import check_job_action
from .rules import JOB_MAP, problem

__all__ = ["JobMap", "JobMapTemplate", "Phase", "UNIVERSAL_JOB_MAP", "check_job_map", "job_map_chart"]


@dataclass(frozen=True)
class Phase:
    """One phase of a job map: an id, a display name, and what the job executor does in it."""

    id: str
    name: str
    purpose: str
    added: bool = False  # True for a phase added to the universal eight


@dataclass(frozen=True)
class JobMapTemplate:
    """The ordered phases a job map is built on."""

    phases: tuple[Phase, ...]

    @property
    def ids(self) -> list[str]:
        return [phase.id for phase in self.phases]

    def extended(self, id: str, name: str, purpose: str, after: str) -> "JobMapTemplate":
        """A copy of this template with one more phase placed after phase ``after``.

        >>> with_troubleshoot = UNIVERSAL_JOB_MAP.extended(
        ...     "troubleshoot", "Troubleshoot", "Find and fix what went wrong.", after="monitor")
        >>> with_troubleshoot.ids[5:8]
        ['monitor', 'troubleshoot', 'modify']
        """
        if after not in self.ids:
            raise ValueError(f"There is no phase {after!r} to add a phase after; phases are {', '.join(self.ids)}.")
        if id in self.ids:
            raise ValueError(f"The template already has a phase {id!r}.")
        at = self.ids.index(after) + 1
        return JobMapTemplate(self.phases[:at] + (Phase(id, name, purpose, added=True),) + self.phases[at:])


UNIVERSAL_JOB_MAP = JobMapTemplate((
    Phase("define", "Define", "Work out the goal and plan how to get there."),
    Phase("locate", "Locate", "Find and gather the inputs the job needs: things and information."),
    Phase("prepare", "Prepare", "Set up the inputs and the surroundings so the job can start."),
    Phase("confirm", "Confirm", "Check that everything is ready before committing."),
    Phase("execute", "Execute", "Carry out the heart of the job."),
    Phase("monitor", "Monitor", "Watch whether the job is going as it should."),
    Phase("modify", "Modify", "Adjust when something is off course."),
    Phase("conclude", "Conclude", "Finish the job, or get ready to do it again."),
))


@dataclass(frozen=True)
class JobMap:
    """A job statement and its steps, in order, each assigned to a phase of ``template``.

    ``steps`` is a list of ``(step statement, phase id)`` pairs. Nothing is checked when you build
    one; :func:`check_job_map` explains what to fix.
    """

    job: Any
    steps: Any = ()
    template: JobMapTemplate = field(default=UNIVERSAL_JOB_MAP)

    def __post_init__(self) -> None:
        if isinstance(self.steps, Iterator):  # a generator would be used up by the first check
            object.__setattr__(self, "steps", tuple(self.steps))

    def __repr__(self) -> str:
        count = len(self.steps) if isinstance(self.steps, Sized) else "?"
        return f"<JobMap {str(self.job)[:60]!r}: {count} steps on {len(self.template.phases)} phases>"

    def assign(self, statement: str, phase: str) -> "JobMap":
        """A copy of this map with one more step at the end."""
        return replace(self, steps=tuple(self.steps) + ((statement, phase),))

    def by_phase(self) -> dict[str, list[str]]:
        """The step statements grouped under each phase of the template, in map order."""
        grouped: dict[str, list[str]] = {phase_id: [] for phase_id in self.template.ids}
        for statement, phase_id in _readable_steps(self.steps):
            key = _phase_key(phase_id)
            if key in grouped:
                grouped[key].append(statement)
        return grouped

    def _repr_html_(self) -> str:
        columns = "".join(
            f"<td style='vertical-align:top;padding:6px;border:1px solid #d0d7de;min-width:90px'>"
            + "".join(f"<div style='margin:3px 0;padding:4px;background:#eef4fb;border-radius:4px'>{html.escape(s)}</div>"
                      for s in steps)
            + ("" if steps else "<div style='color:#6a737d;font-style:italic'>no step yet</div>")
            + "</td>"
            for steps in self.by_phase().values()
        )
        headers = "".join(
            f"<th style='padding:6px;border:1px solid #d0d7de;background:#f6f8fa' title='{html.escape(p.purpose)}'>"
            f"{html.escape(p.name)}{' (added)' if p.added else ''}</th>"
            for p in self.template.phases
        )
        return (
            f"<div style='color:#1f2328;font-family:system-ui,sans-serif'><strong>Job map:</strong> "
            f"{html.escape(str(self.job))}<div style='overflow-x:auto'><table style='border-collapse:collapse;"
            f"margin-top:6px;font-size:0.9em'><tr>{headers}</tr><tr>{columns}</tr></table></div></div>"
        )

    def __str__(self) -> str:
        lines = [f"Job map: {self.job}"]
        for phase in self.template.phases:
            steps = self.by_phase()[phase.id]
            lines.append(f"  {phase.name}{' (added)' if phase.added else ''}: " + ("; ".join(steps) or "-"))
        return "\n".join(lines)


def check_job_map(job_map: object) -> CheckResult:
    """Check a job map: the job statement, each step's wording, phase order, gaps and repeats.

    Steps are checked with the job action rules, except that a step needs no contextual
    clarifier of its own (the job statement carries the circumstance). Never raises.

    >>> bad = JobMap("Get a product fixed through an online platform", [
    ...     ("Pay for the repair", "execute"), ("Find a repair service", "locate")])
    >>> check_job_map(bad).codes
    ['phase-order', 'phase-gap']
    """
    if not isinstance(job_map, JobMap):
        return CheckResult(JOB_MAP, "", [problem("not-a-job-map", what=_describe(job_map))])
    if not isinstance(job_map.template, JobMapTemplate):
        what = (f"a JobMap whose template is {_describe(job_map.template)}: leave template out for the "
                "universal map, or pass one such as UNIVERSAL_JOB_MAP.extended(...)")
        return CheckResult(JOB_MAP, "", [problem("not-a-job-map", what=what)])
    problems: list[Problem] = []
    job = job_map.job
    for found in check_job_action(job).problems:
        problems.append(Problem(found.code, f"The job statement: {found.message}", found.hint))
    steps, malformed = _read_steps(job_map.steps)
    problems += malformed
    if not steps and not malformed:
        problems.append(problem("no-steps"))
    template = job_map.template
    seen: dict[str, int] = {}
    placed: list[tuple[int, int, Any]] = []  # (step number, phase position, statement)
    unplaced: list[int] = []
    scoped = isinstance(job, str) and _CHANNEL.search(job) is not None  # the study names its channel
    for number, (statement, phase_id) in steps:
        found_here = [f for f in check_job_action(statement).problems if f.code != "no-clarifier"]
        for found in found_here:
            problems.append(Problem(found.code, f"Step {number} ({_short(statement)}): {found.message}", found.hint))
        channel = _CHANNEL.search(statement) if isinstance(statement, str) and not scoped else None
        if channel and not any(f.code == "names-solution" for f in found_here):
            problems.append(problem("names-channel", number=number, step=_short(statement), channel=channel.group(0)))
        key = _phase_key(phase_id)
        if key in template.ids:
            placed.append((number, template.ids.index(key), statement))
        elif phase_id is None or key == "":
            unplaced.append(number)
        else:
            problems.append(problem("unknown-phase", number=number, phase=_short(phase_id),
                                    phases=", ".join(template.ids)))
        if isinstance(statement, str):
            same = " ".join(statement.lower().split()).rstrip(".")
            if same in seen:
                problems.append(problem("duplicate-step", number=number, first=seen[same], step=_short(statement)))
            seen.setdefault(same, number)
    if unplaced:
        several = len(unplaced) > 1
        problems.append(problem("no-phase", numbers=", ".join(map(str, unplaced)), s="s" if several else "",
                                ve="ve" if several else "s"))
    for number, position, statement in _out_of_order(placed):
        problems.append(problem("phase-order", number=number, step=_short(statement), phase=template.ids[position]))
    used = {_phase_key(phase_id) for _, (_, phase_id) in steps}
    gaps = [phase for phase in template.phases if phase.id not in used]
    if placed and gaps:
        problems.append(problem("phase-gap", phases=", ".join(p.id for p in gaps),
                                question=gaps[0].purpose[0].lower() + gaps[0].purpose[1:].rstrip(".")))
    text = job if isinstance(job, str) else ""
    return CheckResult(JOB_MAP, text, problems)


# Words that say through which channel a step is done. A job statement that names one scopes the study
# to it (the repair job: "... through an online platform"), and then its steps may name it too.
_CHANNEL = re.compile(
    r"\b(?:online|offline|(?:by|via) (?:e-?mail|phone|telephone|post|mail|text|sms|chat|letter)|over the (?:phone|internet)"
    r"|(?:on|through|in|from|at|via) (?:the |an |a |our |their |its )?(?:\w+ )?(?:platform|portal|website|web site|app)\b)",
    re.IGNORECASE)


_BOX_HEIGHT = 84


def job_map_chart(job_map: JobMap, width_per_phase: int | None = None):
    """An altair chart of the map: one column per phase, one box per step, gaps left visible.

    Columns are 100 px wide, narrower when a template has more than eight phases, so the chart
    keeps to about 800 px and fits JupyterLab with the file browser open.
    """
    import altair as alt
    import pandas as pd

    from .charts import enable_offline_charts

    enable_offline_charts()
    width_per_phase = width_per_phase or max(70, min(100, 800 // len(job_map.template.phases)))
    characters = max(10, (width_per_phase - 10) // 6)  # what fits on one line of a box at font size 11
    rows = []
    for phase in job_map.template.phases:
        steps = job_map.by_phase()[phase.id]
        for slot, statement in enumerate(steps or ["(no step yet)"]):
            rows.append({
                "phase": phase.name + (" +" if phase.added else ""),
                "slot": slot,
                "label": "\n".join(textwrap.wrap(statement, characters)[:5]),
                "step": statement,
                "kind": "step" if steps else "gap",
                "purpose": phase.purpose,
            })
    data = pd.DataFrame(rows)
    order = [p.name + (" +" if p.added else "") for p in job_map.template.phases]
    depth = int(data["slot"].max()) + 1
    base = alt.Chart(data).encode(
        x=alt.X("phase:N", sort=order, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold")),
        y=alt.Y("slot:O", axis=None),
        tooltip=[alt.Tooltip("phase:N", title="Phase"), alt.Tooltip("purpose:N", title="Purpose"),
                 alt.Tooltip("step:N", title="Step")],
    )
    box = {"cornerRadius": 6, "strokeWidth": 1, "width": width_per_phase - 10, "height": _BOX_HEIGHT}
    steps_layer = base.transform_filter(alt.datum.kind == "step").mark_rect(
        fill="#ddeaf7", stroke="#8c959f", **box)
    gaps_layer = base.transform_filter(alt.datum.kind == "gap").mark_rect(
        fill="#fbeaea", stroke="#b42318", strokeDash=[4, 3], **box)
    # The first line of a label sits at the top of its box; at most five lines fit.
    labels = base.mark_text(lineBreak="\n", fontSize=11, color="#1f2328", baseline="top",
                            dy=-(_BOX_HEIGHT // 2) + 6).encode(text="label:N")
    return (steps_layer + gaps_layer + labels).properties(
        width=width_per_phase * len(order), height=(_BOX_HEIGHT + 8) * depth,
        title=alt.Title(str(job_map.job), anchor="start", fontSize=14),
    ).configure_view(stroke=None)


def _out_of_order(placed: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """The steps outside the longest run whose phases never go backwards (the likely misplaced ones)."""
    # For each step: the longest such run ending there, and the step before it in the run (the
    # earliest one where there is a choice). Phases are few, so keep, per phase, the best run so far
    # ending in that phase and where it ends: linear in the number of steps, not quadratic.
    best = [1] * len(placed)
    before = [-1] * len(placed)
    ending: dict[int, tuple[int, int]] = {}  # phase position -> (longest run ending there, its earliest end)
    for i, (_, position, _) in enumerate(placed):
        choices = [(length, -end) for phase, (length, end) in ending.items() if phase <= position]
        if choices:
            length, end = max(choices)
            best[i], before[i] = length + 1, -end
        if position not in ending or best[i] > ending[position][0]:
            ending[position] = (best[i], i)
    keep, i = set(), max(range(len(placed)), key=best.__getitem__, default=-1)
    while i >= 0:
        keep.add(i)
        i = before[i]
    return [step for i, step in enumerate(placed) if i not in keep]


# --- reading what the learner gave ----------------------------------------------------------------


def _read_steps(steps: object) -> tuple[list[tuple[int, tuple[Any, Any]]], list[Problem]]:
    """Numbered (statement, phase) pairs, and a problem for each entry that is not such a pair."""
    if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
        return [], [problem("not-a-job-map", what=f"steps given as {_describe(steps)}")]
    read, problems = [], []
    for number, item in enumerate(steps, start=1):
        if isinstance(item, (tuple, list)) and len(item) == 2:
            read.append((number, (item[0], item[1])))
        else:
            problems.append(problem("not-a-job-map", what=f"step {number} given as {_describe(item)}"))
    return read, problems


def _readable_steps(steps: object) -> list[tuple[str, Any]]:
    read, _ = _read_steps(steps)
    return [(str(statement), phase) for _, (statement, phase) in read]


def _phase_key(phase: object) -> str:
    return " ".join(str(phase).lower().split()) if isinstance(phase, str) else repr(phase)


def _short(value: object, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _describe(value: object) -> str:
    if value is None:
        return "None (nothing was assigned yet)"
    return f"a {type(value).__name__} ({_short(value, 40)})"
