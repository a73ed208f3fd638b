"""Scenario cards for service agents: the job a customer asks for, and the jobs they really need done.

A customer who writes about a failed payment asks for one thing (fix the payment: the surface job)
but is often trying to get other jobs done: keep their team working tomorrow, not look careless to
their boss, stop it happening again. A scenario card names the trigger, the surface job, the real
jobs (functional, emotional or social) and an action plan in which every action serves a real job.

>>> card = ScenarioCard(
...     scenario="A customer's payment for business software fails the day before a team deadline",
...     surface_job="Fix the failed payment",
...     real_jobs=[("Keep the team working through the deadline", "functional"),
...                ("Avoid feeling embarrassed in front of the manager", "emotional")],
...     actions=[("Restore access at once while the payment is retried", "Keep the team working through the deadline"),
...              ("Confirm in writing that no one lost access", "Avoid feeling embarrassed in front of the manager")])
>>> check_scenario_card(card).passed
True
>>> print(card.to_markdown().splitlines()[0])
### Scenario: A customer's payment for business software fails the day before a team deadline
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .feedback import CheckResult, Problem
from .feelings import check_emotional_job, check_social_job
from .job_action import check_job_action
from .job_story import check_job_story
from .rules import SCENARIO_CARD, problem
from .text import describe

__all__ = ["DIMENSIONS", "Action", "RealJob", "ScenarioCard", "check_scenario_card"]

DIMENSIONS = ("functional", "emotional", "social")
MAX_ITEMS = 50  # real jobs, and actions, on one card: more is not a card a person reads (and slow to check)
# Chip colours with at least 4.5:1 contrast for the dark text on them.
_CHIP = {"functional": "#dbe9f8", "emotional": "#fde8d7", "social": "#e4f3e2"}


@dataclass(frozen=True)
class RealJob:
    """A job the customer is really trying to get done, and its dimension."""

    text: Any
    dimension: Any = "functional"


@dataclass(frozen=True)
class Action:
    """One item of the action plan, and the real job (its text) that it serves."""

    text: Any
    serves: Any = None


@dataclass(frozen=True)
class ScenarioCard:
    """A scenario card. ``real_jobs`` and ``actions`` take objects or plain ``(text, dimension)`` and
    ``(text, serves)`` pairs. Nothing is checked when you build one: :func:`check_scenario_card` is
    the place that explains what to fix."""

    scenario: Any = ""
    surface_job: Any = ""
    real_jobs: Any = ()
    actions: Any = ()
    job_story: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "real_jobs", _items(self.real_jobs, RealJob))
        object.__setattr__(self, "actions", _items(self.actions, Action))

    def with_real_job(self, text: str, dimension: str = "functional") -> "ScenarioCard":
        """A copy of the card with one more real job."""
        return replace(self, real_jobs=tuple(self.real_jobs) + (RealJob(text, dimension),))

    def with_action(self, text: str, serves: str) -> "ScenarioCard":
        """A copy of the card with one more action, serving the real job ``serves``."""
        return replace(self, actions=tuple(self.actions) + (Action(text, serves),))

    def to_markdown(self) -> str:
        """The card as Markdown, for a team wiki or a training handout."""
        lines = [f"### Scenario: {_plain(self.scenario)}", "", f"**Surface job:** {_plain(self.surface_job)}", "",
                 "**Real jobs:**", ""]
        lines += [f"- {_plain(job.text)} *({_plain(job.dimension)})*" for job in _jobs(self)] or ["- (none yet)"]
        lines += ["", "**Action plan:**", ""]
        lines += [f"{number}. {_plain(action.text)} (serves: {_plain(action.serves)})"
                  for number, action in enumerate(_actions(self), start=1)] or ["1. (none yet)"]
        if self.job_story:
            lines += ["", f"**Job story:** {_plain(self.job_story)}"]
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        chips = "".join(
            f"<li style='display:inline-block;margin:2px 6px 2px 0;padding:2px 10px;border-radius:12px;"
            f"background:{_CHIP.get(str(job.dimension), '#eeeeee')};color:#1f2328'>{_esc(job.text)} "
            f"<span style='color:#3d4450;font-size:0.85em'>({_esc(job.dimension)})</span></li>"
            for job in _jobs(self)
        ) or "<li style='color:#57606a'>none yet</li>"
        plan = "".join(
            f"<li style='margin:3px 0'>{_esc(action.text)} <span style='color:#3d4450;font-size:0.85em'>"
            f"&rarr; serves: {_esc(action.serves)}</span></li>"
            for action in _actions(self)
        ) or "<li style='color:#57606a'>none yet</li>"
        story = (f"<div style='margin-top:8px'><strong>Job story:</strong> {_esc(self.job_story)}</div>"
                 if self.job_story else "")
        return (
            "<div class='jtbd-card' style='border:1px solid #8c959f;border-radius:8px;padding:12px 16px;"
            "max-width:720px;background:#ffffff;color:#1f2328;font-family:system-ui,sans-serif;line-height:1.45'>"
            f"<div style='font-size:0.8em;color:#3d4450;text-transform:uppercase;letter-spacing:.05em'>Scenario</div>"
            f"<div style='font-size:1.1em;font-weight:600;margin-bottom:8px'>{_esc(self.scenario)}</div>"
            f"<div><strong>Surface job:</strong> {_esc(self.surface_job)}</div>"
            f"<div style='margin-top:8px'><strong>Real jobs:</strong><ul style='list-style:none;padding:0;"
            f"margin:4px 0'>{chips}</ul></div>"
            f"<div style='margin-top:4px'><strong>Action plan:</strong><ol style='margin:4px 0'>{plan}</ol></div>"
            f"{story}</div>"
        )


def check_scenario_card(card: object) -> CheckResult:
    """Check a scenario card's structure and wording. Never raises.

    >>> check_scenario_card(ScenarioCard("A parcel is late", "Track the parcel")).codes
    ['no-functional-job', 'no-emotional-or-social-job']
    """
    if not isinstance(card, ScenarioCard):
        return CheckResult(SCENARIO_CARD, "", [problem("not-a-card", SCENARIO_CARD, what=describe(card))])
    problems: list[Problem] = []
    scenario = card.scenario if isinstance(card.scenario, str) else ""
    jobs, actions = _jobs(card), _actions(card)
    if len(jobs) > MAX_ITEMS or len(actions) > MAX_ITEMS:  # checking 100,000 items would take a minute
        return CheckResult(SCENARIO_CARD, scenario, [problem("too-many-items", SCENARIO_CARD, jobs=len(jobs),
                                                             actions=len(actions), limit=MAX_ITEMS)])
    for name, value in (("scenario", card.scenario), ("surface job", card.surface_job)):
        if not isinstance(value, str) or not value.strip():
            problems.append(problem("missing-field", SCENARIO_CARD, field=name))
    # plain copies of the dimensions, so that an object with its own __eq__ or __hash__ decides nothing
    kinds = [str.__str__(job.dimension) if isinstance(job.dimension, str) else None for job in jobs]
    for number, (job, kind) in enumerate(zip(jobs, kinds), start=1):
        if kind not in DIMENSIONS:
            problems.append(problem("unknown-dimension", SCENARIO_CARD, number=number,
                                    dimension=_short(job.dimension)))
        else:
            problems += _wording(f"Real job {number}", job.text, _JOB_CHECKERS[kind])
    dimensions = set(kinds)
    if "functional" not in dimensions:
        problems.append(problem("no-functional-job", SCENARIO_CARD))
    if not dimensions & {"emotional", "social"}:
        problems.append(problem("no-emotional-or-social-job", SCENARIO_CARD))
    surface = _same(card.surface_job)
    for number, job in enumerate(jobs, start=1):
        if surface and _same(job.text) == surface:
            problems.append(problem("surface-as-real-job", SCENARIO_CARD, number=number))
    names = {_same(job.text) for job in jobs}
    served = set()
    for number, action in enumerate(actions, start=1):
        problems += _wording(f"Action {number}", action.text, _check_action)
        if _same(action.serves) in names:
            served.add(_same(action.serves))
        else:
            problems.append(problem("action-serves-nothing", SCENARIO_CARD, number=number, serves=_short(action.serves)))
    for number, job in enumerate(jobs, start=1):
        if _same(job.text) not in served:
            problems.append(problem("job-without-action", SCENARIO_CARD, number=number, job=_short(job.text)))
    if card.job_story is not None:
        problems += _wording("The job story", card.job_story, check_job_story)
    return CheckResult(SCENARIO_CARD, scenario, problems)


# --- wording ----------------------------------------------------------------------------------------


def _functional(text: object) -> CheckResult:
    """A functional real job reads as a job action, but needs no clarifier (the scenario gives it)."""
    result = check_job_action(text)
    return replace(result, problems=[p for p in result.problems if p.code != "no-clarifier"])


_ACTION_HINT = "Start the action with what the agent does: \"Send ...\", \"Offer ...\", \"Restore ...\"."


def _check_action(text: object) -> CheckResult:
    """An action is something the agent does: it must start with a verb, and may name a solution."""
    result = check_job_action(text)
    keep = {"not-text", "empty", "too-long", "odd-characters", "no-verb", "not-imperative", "gerund", "wish",
            "passive", "no-object"}
    problems = []
    for found in result.problems:
        if found.code not in keep:
            continue
        if found.code in ("no-verb", "wish", "passive"):  # worded for job statements: say it for actions
            message = found.message.replace("A job action statement starts", "An action starts")
            found = Problem(found.code, message, _ACTION_HINT)
        problems.append(found)
    return replace(result, problems=problems)


_JOB_CHECKERS = {"functional": _functional, "emotional": check_emotional_job, "social": check_social_job}


def _wording(label: str, text: object, check) -> list[Problem]:
    return [Problem(p.code, f"{label} ({_short(text)}): {p.message}", p.hint) for p in check(text).problems]


# --- reading what the learner gave ----------------------------------------------------------------


def _items(value: Any, cls: type) -> Any:
    """Pairs and objects as a tuple of ``cls``; anything else is kept for the checker to explain."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value
    items = []
    for item in value:
        if isinstance(item, cls):
            items.append(item)
        elif isinstance(item, (tuple, list)) and 1 <= len(item) <= 2:
            items.append(cls(*item))
        else:
            items.append(cls(item))
    return tuple(items)


def _jobs(card: ScenarioCard) -> tuple[RealJob, ...]:
    return card.real_jobs if isinstance(card.real_jobs, tuple) else ()


def _actions(card: ScenarioCard) -> tuple[Action, ...]:
    return card.actions if isinstance(card.actions, tuple) else ()


def _same(text: object) -> str:
    return " ".join(str.lower(text).split()).rstrip(".") if isinstance(text, str) else ""


def _short(value: object, limit: int = 60) -> str:
    text = str.__str__(value) if isinstance(value, str) else describe(value)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _plain(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _esc(value: object) -> str:
    return html.escape(_plain(value)).encode("utf-8", "backslashreplace").decode("utf-8")
