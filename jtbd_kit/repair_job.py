"""The course's running example, "Get a product fixed through an online platform", as typed objects.

The job is described once, in ``datasets/repair_job.yaml``; every module reads it through
:func:`load_repair_job`, which checks the file and says exactly what is wrong when it is broken.

>>> job = load_repair_job()
>>> job.job
'Get a product fixed through an online platform'
>>> len(job.job_steps), job.job_steps[0].statement
(12, 'Identify the issue with the product')
>>> [c.name for c in job.contexts][:2]
['Online Tech Support', 'E-commerce Platform']
>>> [o.statement for o in job.outcomes_for("identify_issue")][0]
'Minimize the time it takes to work out what is wrong with the product'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from .feedback import LearnerError

__all__ = [
    "Context", "DesiredOutcome", "FinancialMetric", "IdealState", "JobStep", "RelatedJob", "RepairJob", "RepairJobError",
    "Situation", "SocialOrEmotionalJob", "load_repair_job", "DEFAULT_PATH",
]

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "datasets" / "repair_job.yaml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WHEN = ("before", "during", "after")
_DESIRED = {"desired": {"desired": True}, "undesired": {"desired": False}}


class RepairJobError(LearnerError, ValueError):
    """The repair-job data file is missing or malformed; the message says where and how."""


@dataclass(frozen=True)
class JobStep:
    id: str
    statement: str
    description: str


@dataclass(frozen=True)
class Context:
    id: str
    name: str
    description: str
    skips: tuple[str, ...] = ()  # ids of the job steps that do not happen in this context (the course's reading)

    _LISTS = ("skips",)  # optional fields that hold a list of step ids


@dataclass(frozen=True)
class Situation:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class IdealState:
    id: str
    statement: str
    why: str


@dataclass(frozen=True)
class FinancialMetric:
    id: str
    statement: str


@dataclass(frozen=True)
class DesiredOutcome:
    id: str
    step: str  # the id of the job step it measures
    statement: str


@dataclass(frozen=True)
class RelatedJob:
    id: str
    name: str
    description: str
    when: str  # "before", "during" or "after" the core job


@dataclass(frozen=True)
class SocialOrEmotionalJob:
    id: str
    statement: str
    why: str
    desired: bool  # False for the "Avoid ..." jobs


@dataclass(frozen=True)
class RepairJob:
    """Everything the course knows about the repair job, in the order the data file gives it."""

    job: str
    executor: str
    job_steps: tuple[JobStep, ...]
    contexts: tuple[Context, ...]
    situations: tuple[Situation, ...]
    ideal_states: tuple[IdealState, ...]
    financial_metrics: tuple[FinancialMetric, ...]
    related_jobs: tuple[RelatedJob, ...]
    emotional_jobs: tuple[SocialOrEmotionalJob, ...]
    social_jobs: tuple[SocialOrEmotionalJob, ...]
    desired_outcomes: tuple[DesiredOutcome, ...]

    def outcomes_for(self, step_id: str) -> tuple[DesiredOutcome, ...]:
        """The desired outcomes of one job step, in file order."""
        return tuple(o for o in self.desired_outcomes if o.step == step_id)


def _unique_keys_loader():
    """YAML's safe loader, except that a key given twice in one mapping is an error, not a silent overwrite,
    and a date is read as text."""
    import yaml

    class UniqueKeys(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key should be a name, not {type(key).__name__}", key_node.start_mark) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in the same entry", key_node.start_mark)
            seen.add(key)
        return loader.construct_mapping(node, deep)

    UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    # A date stays text: the course's files hold none, and an impossible one (2026-13-45) would be a raw ValueError.
    UniqueKeys.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return UniqueKeys


def load_repair_job(path: str | Path | None = None) -> RepairJob:
    """Read and check the repair-job data file (the course's copy unless ``path`` is given).

    Raises :class:`RepairJobError` with a plain-language message naming the file, the entry and
    the field when anything is missing, misspelt, duplicated or of the wrong kind.
    """
    import yaml  # imported on first use, so `import jtbd_kit` stays light

    from ._inputs import file_name

    if path is not None and not isinstance(path, (str, Path)):
        raise RepairJobError(f"load_repair_job() takes the path of a YAML file, as text, not "
                             f"{type(path).__name__}. Call it with no argument for the course's copy.")
    file = Path(path) if path is not None else DEFAULT_PATH
    file_name(file, RepairJobError)
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_unique_keys_loader())  # noqa: S506 (a SafeLoader)
    except FileNotFoundError:
        raise RepairJobError(f"{file}: the repair-job data file is missing.") from None
    except IsADirectoryError:
        raise RepairJobError(f"{file} is a folder; give the path of the repair-job file (a .yaml file).") from None
    except UnicodeDecodeError as error:
        raise RepairJobError(f"{file}: the file is not UTF-8 text ({error.reason}).") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" near line {where.line + 1}" if where is not None else ""
        raise RepairJobError(f"{file}: this is not valid YAML{line}: {getattr(error, 'problem', error)}.") from None
    reader = _Reader(file)
    top = reader.mapping(raw, "the file")
    job_steps = reader.entries(top, "job_steps", JobStep)
    contexts = reader.entries(top, "contexts", Context)
    step_ids = {step.id for step in job_steps}
    for number, context in enumerate(contexts, start=1):
        unknown = [s for s in context.skips if s not in step_ids]
        if unknown:
            raise reader.fail(f"contexts, entry {number}", f"'skips' names {', '.join(map(repr, unknown))}, "
                              "which are not ids of job_steps.")
    return RepairJob(
        job=reader.text(top, "job", "the file"),
        executor=reader.text(top, "executor", "the file"),
        job_steps=job_steps,
        contexts=contexts,
        situations=reader.entries(top, "situations", Situation),
        ideal_states=reader.entries(top, "ideal_states", IdealState),
        financial_metrics=reader.entries(top, "financial_metrics", FinancialMetric),
        related_jobs=reader.grouped(top, "related_jobs", RelatedJob, {g: {"when": g} for g in _WHEN}),
        emotional_jobs=reader.grouped(top, "emotional_jobs", SocialOrEmotionalJob, _DESIRED),
        social_jobs=reader.grouped(top, "social_jobs", SocialOrEmotionalJob, _DESIRED),
        desired_outcomes=reader.outcomes(top, job_steps),
    )


class _Reader:
    """Checks each piece of the parsed file, so that errors name the exact place."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, what: str) -> RepairJobError:
        return RepairJobError(f"{self.file}: {where}: {what}")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected named fields (key: value), found {_kind(value)}.")
        return value

    def text(self, mapping: dict, key: str, where: str) -> str:
        if key not in mapping:
            raise self.fail(where, f"the field '{key}' is missing.")
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be non-empty text, found {_kind(value)}.")
        return value.strip()

    def entries(self, mapping: dict, key: str, cls: type, where: str | None = None, **extra: Any) -> tuple:
        where = where or key
        if key not in mapping:
            raise self.fail("the file", f"the list '{key}' is missing.")
        items = mapping[key]
        if not isinstance(items, list) or not items:
            raise self.fail(where, f"expected a non-empty list, found {_kind(items)}.")
        lists = getattr(cls, "_LISTS", ())
        names = [f for f in cls.__dataclass_fields__ if f not in extra]
        built, seen = [], set()
        for number, item in enumerate(items, start=1):
            place = f"{where}, entry {number}"
            item = self.mapping(item, place)
            unknown = sorted(set(item) - set(names))
            if unknown:
                raise self.fail(place, f"unknown field(s) {', '.join(map(repr, unknown))}; expected {', '.join(names)}.")
            values = {name: self.text(item, name, place) for name in names if name not in lists}
            for name in lists:
                value = item.get(name, [])
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise self.fail(place, f"'{name}' should be a list of ids, found {_kind(value)}.")
                values[name] = tuple(v.strip() for v in value)
            if not _ID.match(values["id"]):
                raise self.fail(place, f"the id {values['id']!r} must be lower-case snake_case (letters, digits, _).")
            if values["id"] in seen:
                raise self.fail(place, f"the id {values['id']!r} is used twice.")
            seen.add(values["id"])
            built.append(cls(**values, **extra))
        return tuple(built)

    def grouped(self, mapping: dict, key: str, cls: type, groups: dict[str, dict[str, Any]]) -> tuple:
        """Entries kept under named groups (before/during/after, desired/undesired), in group order."""
        if key not in mapping:
            raise self.fail("the file", f"the section '{key}' is missing.")
        section = self.mapping(mapping[key], key)
        unknown = sorted(set(section) - set(groups))
        if unknown:
            raise self.fail(key, f"unknown group(s) {', '.join(map(repr, unknown))}; expected {', '.join(groups)}.")
        built: list = []
        for group, extra in groups.items():
            built += self.entries(section, group, cls, f"{key} -> {group}", **extra)
        return tuple(built)


    def outcomes(self, mapping: dict, steps: tuple[JobStep, ...]) -> tuple[DesiredOutcome, ...]:
        """Desired outcomes, each tied to a known job step, at least two per step."""
        outcomes = self.entries(mapping, "desired_outcomes", DesiredOutcome)
        step_ids = [s.id for s in steps]
        for number, outcome in enumerate(outcomes, start=1):
            if outcome.step not in step_ids:
                raise self.fail(
                    f"desired_outcomes, entry {number}",
                    f"the step {outcome.step!r} is not a job step; use one of {', '.join(step_ids)}.",
                )
        thin = [s for s in step_ids if sum(o.step == s for o in outcomes) < 2]
        if thin:
            raise self.fail("desired_outcomes", f"give every job step at least two outcomes; too few for {', '.join(thin)}.")
        return outcomes


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return {list: "a list", dict: "named fields", bool: "true/false"}.get(type(value), f"a {type(value).__name__}")
