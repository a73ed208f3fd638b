"""Check a job story: "When <situation>, I want to <motivation>, so I can <expected outcome>."

A job story carries a job into design work. It starts from the situation that triggers the need
(not from a persona, as a user story does), says what the person wants to do in it, and what that
makes possible for them.

>>> story = check_job_story("When my phone screen cracks before a trip, I want to know if it can be "
...                         "repaired in two days, so I can travel with a working phone")
>>> story.passed
True
>>> story.parts.motivation
'know if it can be repaired in two days'
>>> check_job_story("As a customer, I want to track my repair, so I can plan my week").codes
['user-story']
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import CheckResult
from .rules import JOB_STORY, problem
from .text import Prepared, prepare, quote, solution_problem, wrong_kind

__all__ = ["JobStoryParts", "check_job_story"]

_MOTIVATION_OPENINGS = (
    ("i", "want", "to"), ("we", "want", "to"), ("i", "need", "to"), ("we", "need", "to"),
    ("i", "would", "like", "to"), ("i'd", "like", "to"), ("we", "would", "like", "to"), ("i", "wish", "to"),
    ("i", "want"), ("i", "need"),
)
_OUTCOME_OPENINGS = (
    ("so", "that", "i", "can"), ("so", "that", "we", "can"), ("so", "i", "can"), ("so", "we", "can"),
    ("so", "that", "i"), ("so", "that"), ("so", "i"), ("so", "we"), ("in", "order", "to"),
)
_PLACEHOLDERS = {"x", "y", "z", "something", "situation", "motivation", "outcome", "etc", "tbd", "todo", "blank"}


@dataclass(frozen=True)
class JobStoryParts:
    situation: str | None = None
    motivation: str | None = None
    outcome: str | None = None


def check_job_story(text: object) -> CheckResult:
    """Check one job story and explain what, if anything, to fix. Never raises.

    >>> check_job_story("When I _____, I want to _____, so I can _____").codes
    ['empty-slot', 'empty-slot', 'empty-slot']
    """
    prepared = prepare(text, JOB_STORY)
    if isinstance(prepared, CheckResult):
        return prepared
    low, problems = prepared.low, prepared.problems
    if low[0] == "as" and _persona_comma(prepared):
        comma = prepared.clean.find(",")
        persona = prepared.clean[:comma] if comma > 0 else " ".join(t.text for t in prepared.tokens[:3])
        problems.append(problem("user-story", JOB_STORY, word=quote(persona)))
        return prepared.result(_parts(prepared, situation_at=None))
    if low[0] != "when" and not _find(low, _MOTIVATION_OPENINGS, 0):
        kind_problem = wrong_kind(prepared, JOB_STORY)
        if kind_problem is not None:
            problems.append(kind_problem)
            return prepared.result()
    parts = _parts(prepared, situation_at=0 if low[0] == "when" else None)
    for name, value, code in (("situation", parts.situation, "no-situation"),
                              ("motivation", parts.motivation, "no-motivation"),
                              ("expected outcome", parts.outcome, "no-outcome")):
        if value is None:
            problems.append(problem(code, JOB_STORY))
        elif _is_blank(value):
            problems.append(problem("empty-slot", JOB_STORY, part=name, words=quote(value)))
    motivation_at = _find(low, _MOTIVATION_OPENINGS, 0)
    outcome_at = _outcome(prepared, motivation_at[1] if motivation_at else 0)
    end = outcome_at[0] if outcome_at else len(low)
    solution = solution_problem(prepared, first=0, last=end)  # a solution in the situation or motivation
    if solution is not None:
        problems.append(solution)
    return prepared.result(parts)


def _persona_comma(prepared: Prepared) -> bool:
    """'As a nurse, ...', 'As someone relocating for work, ...': 'As' + who, then a comma and a wish."""
    comma = prepared.clean.find(",")
    if comma < 0:
        return prepared.low[:2] in (["as", "a"], ["as", "an"])
    return len(prepared.clean[:comma].split()) <= 8 and _find(prepared.low, _MOTIVATION_OPENINGS, 0) is not None


def _outcome(prepared: Prepared, after: int) -> tuple[int, int] | None:
    """(start, end) of the opening of the expected outcome: a listed opening, else any 'so' after a
    comma ("..., so they can ...", "..., so the day team can ...", "..., so I'm not stranded")."""
    low = prepared.low
    listed = _find(low, _OUTCOME_OPENINGS, after)
    if listed is not None:
        return listed
    for j in range(max(after, 1), len(low) - 1):
        before = prepared.clean[prepared.tokens[j - 1].end:prepared.tokens[j].start]
        if low[j] == "so" and "," in before:
            return j, j + 1
    return None


def _parts(prepared: Prepared, situation_at: int | None) -> JobStoryParts:
    low = prepared.low
    motivation = _find(low, _MOTIVATION_OPENINGS, 0)
    outcome = _outcome(prepared, motivation[1] if motivation else 0)
    ends = [found[0] for found in (motivation, outcome) if found]
    situation = None
    if situation_at is not None:
        situation = _slot(prepared, 1, min(ends) if ends else len(low))
    motivation_text = _slot(prepared, motivation[1], outcome[0] if outcome else len(low)) if motivation else None
    outcome_text = _slot(prepared, outcome[1], len(low)) if outcome else None
    return JobStoryParts(situation, motivation_text, outcome_text)


def _find(low: list[str], openings: tuple[tuple[str, ...], ...], after: int) -> tuple[int, int] | None:
    """(start, end) of the first opening found at or after word ``after``."""
    for j in range(after, len(low)):
        for opening in openings:
            if tuple(low[j:j + len(opening)]) == opening:
                return j, j + len(opening)
    return None


def _slot(prepared: Prepared, start: int, end: int) -> str:
    """The text of one part, or '' when it is empty; trailing commas removed."""
    text = prepared.span(start, end)
    return (text or "").rstrip(" ,;")


def _is_blank(value: str) -> bool:
    words = [w.strip(".,;:<>[]()'\"") for w in value.lower().split()]
    words = [w for w in words if w and w not in ("i", "we", "my", "our")]  # "When I _____"
    return not words or all(w.startswith("_") or w in _PLACEHOLDERS or set(w) <= {"."} for w in words)
