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
    if not isinstance(value, str):
        return f"`{value!r}`"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return shown.replace("|", "\\|") if shown.strip() else f"`{value!r}`"


if __name__ == "__main__":  # pragma: no cover - exercised through `make docs`
    print(rules_table(), end="")
