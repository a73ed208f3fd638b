"""The rules behind the checkers, kept as data.

Each rule has a stable ``code`` (tests, notebooks and graders rely on it, so it never changes), a
learner-worded ``message`` template, a ``hint``, and a ``good`` and a ``bad`` example. The tests check
every rule against its own examples, and ``docs/rules.md`` is generated from this table
(``python -m jtbd_kit.rules``), so the documentation cannot drift from the code.

>>> RULES["no-clarifier"].applies_to
('job action statement',)
>>> problem("names-solution", words="'hotel'", reason="names a solution").message
"'hotel' names a solution."
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import Problem

__all__ = ["Rule", "RULES", "problem", "rules_table"]

JOB_ACTION = "job action statement"
JOB_MAP = "job map"
MAX_CHARS = 300


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, how it explains itself, and an example either side of it."""

    code: str
    title: str
    message: str
    hint: str
    good: object
    bad: object
    applies_to: tuple[str, ...] = (JOB_ACTION,)


_RULES = [
    # --- input that is not a statement at all -----------------------------------------------
    Rule(
        "not-text",
        "The answer is text",
        "I expected a sentence in quotes, but got {what}.",
        "Write the statement as text between quotes, for example "
        "\"Reserve a place to stay while out of town\".",
        good="Reserve a place to stay while out of town",
        bad=None,
    ),
    Rule(
        "empty",
        "The answer has words in it",
        "There is nothing to check yet: {what}.",
        "Type a short statement that starts with an action verb, for example "
        "\"Reserve a place to stay while out of town\".",
        good="Reserve a place to stay while out of town",
        bad="   ",
    ),
    Rule(
        "too-long",
        f"The statement is at most {MAX_CHARS} characters",
        "This is {length:,} characters long. A job action statement is one short sentence "
        f"(at most {MAX_CHARS} characters), so I did not check it further.",
        "Keep the verb, the object and one circumstance; move the rest into your notes.",
        good="Reserve a place to stay while out of town",
        bad="Reserve a place to stay while out of town " * 10,
    ),
    Rule(
        "odd-characters",
        "The statement is plain words",
        "The text contains characters that do not belong in a statement: {words}.",
        "Retype the statement in plain words; paste it into a plain-text editor first if it "
        "came from a web page or a chat.",
        good="Reserve a place to stay while out of town",
        bad="Reserve a place to stay \U0001F3E8 while out of town",
    ),
    # --- the action verb -----------------------------------------------------------------------
    Rule(
        "no-verb",
        "It starts with an action verb",
        "A job action statement starts with an action verb, but this starts with {word}, "
        "which {why}.",
        "Put the action first, in the plain command form: \"Reserve ...\", \"Get ...\", "
        "\"Keep ...\". A noun phrase such as \"A place to stay\" names a thing, not the job.",
        good="Reserve a place to stay while out of town",
        bad="A place to stay while out of town",
    ),
    Rule(
        "not-imperative",
        "The verb is in the plain command form",
        "{word} is not the plain command form of the verb.",
        "Write the verb as an instruction: {suggestion}.",
        good="Reserve a place to stay while out of town",
        bad="Reserved a place to stay while out of town",
    ),
    Rule(
        "gerund",
        "The verb is not an -ing form",
        "{word} is an -ing form: it reads like the name of an activity, not an action.",
        "Use the plain command form instead: {suggestion}.",
        good="Reserve a place to stay while out of town",
        bad="Reserving a place to stay while out of town",
    ),
    Rule(
        "wish",
        "It states the action, not a wish or a persona",
        "The statement opens with {word}: that says who wants something, or that they want it, "
        "instead of naming the action itself.",
        "Drop the opening and start with the verb: \"I want to reserve a room\" becomes "
        "\"Reserve a ...\". Personas and wishes belong in job stories (lesson 3).",
        good="Reserve a place to stay while out of town",
        bad="I want to reserve a place to stay while out of town",
    ),
    Rule(
        "passive",
        "It is in the active voice",
        "{word} is passive voice: it says what happens to something, not what the job "
        "executor does.",
        "Make the person doing the job the (unspoken) subject: \"Room is reserved\" becomes "
        "\"Reserve a place to stay ...\".",
        good="Reserve a place to stay while out of town",
        bad="Be booked into a place to stay while out of town",
    ),
    # --- the object and the clarifier ----------------------------------------------------------
    Rule(
        "no-object",
        "The verb has an object",
        "I found the verb {word} but nothing that it acts on.",
        "Say what the action is done to: \"Reserve\" what? \"Reserve a place to stay\".",
        good="Reserve a place to stay while out of town",
        bad="Reserve while out of town",
    ),
    Rule(
        "no-clarifier",
        "It has a contextual clarifier",
        "There is no contextual clarifier: nothing says in which circumstance the job is done.",
        "Add the circumstance at the end, starting with a word such as while, when, before, "
        "after, during or for: \"... while out of town\".",
        good="Reserve a place to stay while out of town",
        bad="Reserve a place to stay",
    ),
    # --- what a job action statement leaves out ------------------------------------------------
    Rule(
        "names-solution",
        "It names no solution",
        "{words} {reason}.",
        "Describe what the solution helps the person do, in words that any competing solution "
        "could also serve: \"hotel room\" becomes \"a place to stay\".",
        good="Reserve a place to stay while out of town",
        bad="Book a hotel room while out of town",
    ),
    Rule(
        "several-jobs",
        "It states one job",
        "This looks like more than one job ({words}).",
        "Keep one action. A chain of jobs is a job map (lesson 2): write one statement per step.",
        good="Reserve a place to stay while out of town",
        bad="Find and reserve a place to stay while out of town",
    ),
    Rule(
        "outcome-words",
        "It leaves out outcomes and feelings",
        "{words} describe{s} how well the job goes or how it feels, not the job itself.",
        "Remove it. How fast, easy or reassuring the job is belongs in success statements and "
        "emotional jobs (lesson 3), where it can be measured.",
        good="Reserve a place to stay while out of town",
        bad="Quickly reserve a place to stay while out of town",
    ),
]

# Job map examples are (job, steps) values; the tests build a JobMap from each.
# (Deliberately not the repair job: placing its steps is a graded exercise.)
_JOB = "Move to a new flat in another city"
_GOOD_MAP = (_JOB, [
    ("Decide which neighbourhood to live in", "define"),
    ("Find flats that fit the budget", "locate"),
    ("Pack belongings into labelled boxes", "prepare"),
    ("Check the moving date with the landlord", "confirm"),
    ("Carry the boxes into the new flat", "execute"),
    ("Check that every box has arrived", "monitor"),
    ("Rearrange furniture that does not fit", "modify"),
    ("Return the keys of the old flat", "conclude"),
])


def _map_with(*changes: tuple[int, tuple[str, str] | None]) -> tuple[str, list]:
    steps = list(_GOOD_MAP[1])
    for index, step in changes:
        steps[index] = step
    return _JOB, [step for step in steps if step is not None]


_RULES += [
    Rule(
        "not-a-job-map",
        "The answer is a job map",
        "I expected a job map (JobMap(job, steps) with steps as (statement, phase) pairs), but got {what}.",
        "Build it like JobMap(\"Get ...\", [(\"Find a repair service\", \"locate\"), ...]).",
        good=_GOOD_MAP,
        bad=None,
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "no-steps",
        "The map has steps",
        "The job map has no steps yet.",
        "Add one step per phase to start: what must the person do to define, locate, prepare, ... the job?",
        good=_GOOD_MAP,
        bad=(_JOB, []),
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "unknown-phase",
        "Each step sits in a phase of the map",
        "Step {number} is placed in {phase}, which is not a phase of this map ({phases}).",
        "Use one of the phase names. If your team really needs another phase, extend the template on "
        "purpose: UNIVERSAL_JOB_MAP.extended(id, name, purpose, after=...).",
        good=_GOOD_MAP,
        bad=_map_with((4, ("Carry the boxes into the new flat", "troubleshoot"))),
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "no-phase",
        "Every step has a phase",
        "Step{s} {numbers} ha{ve} no phase yet.",
        "Choose a phase for each step: which of define, locate, prepare, confirm, execute, monitor, "
        "modify or conclude does it serve?",
        good=_GOOD_MAP,
        bad=_map_with((2, ("Pack belongings into labelled boxes", None))),
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "phase-order",
        "Phases come in order",
        "Step {number} ({step}) is in '{phase}', which breaks the order of the steps around it.",
        "A job map runs from define to conclude: move the step, or check the phase you chose for it.",
        good=_GOOD_MAP,
        bad=_map_with((0, ("Check that every box has arrived", "monitor")),
                      (5, ("Decide which neighbourhood to live in", "define"))),
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "phase-gap",
        "Every phase has a step",
        "No step yet in: {phases}.",
        "Every job passes through every phase, even briefly. For the first gap, ask what the person "
        "must do to {question}.",
        good=_GOOD_MAP,
        bad=_map_with((3, None)),
        applies_to=(JOB_MAP,),
    ),
    Rule(
        "duplicate-step",
        "Each step appears once",
        "Step {number} ({step}) repeats step {first}.",
        "Remove the copy, or say what is different about the second step.",
        good=_GOOD_MAP,
        bad=(_JOB, _GOOD_MAP[1] + [_GOOD_MAP[1][-1]]),
        applies_to=(JOB_MAP,),
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def problem(code: str, **details: object) -> Problem:
    """Build the :class:`Problem` for rule ``code``, filling its message with ``details``.

    >>> problem("no-object", word="'Reserve'").message
    "I found the verb 'Reserve' but nothing that it acts on."
    """
    rule = RULES[code]
    return Problem(code, rule.message.format(**details), rule.hint.format(**details))


def rules_table() -> str:
    """The rule reference as a Markdown table (written to ``docs/rules.md``)."""
    lines = [
        "# Rule reference",
        "",
        "Generated from `jtbd_kit/rules.py` by `make docs` (`python -m jtbd_kit.rules`); do not edit by hand.",
        "",
        "| code | applies to | rule | passes | fails |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in _RULES:
        lines.append(
            f"| `{rule.code}` | {', '.join(rule.applies_to)} | {rule.title} "
            f"| {_example(rule.good)} | {_example(rule.bad)} |"
        )
    return "\n".join(lines) + "\n"


def _example(value: object) -> str:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        phases = [phase or "(no phase)" for _, phase in value[1]]
        return " → ".join(phases) if phases else "no steps"
    if not isinstance(value, str):
        return f"`{value!r}`"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return shown.replace("|", "\\|") if shown.strip() else f"`{value!r}`"


if __name__ == "__main__":  # pragma: no cover - exercised through `make docs`
    print(rules_table(), end="")
