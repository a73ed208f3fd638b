"""Check-your-understanding questions: pick an answer, and read why it is right or wrong.

Each lesson ends its sections with a short multiple-choice question. Nothing is graded and nothing
is stored: the point is the explanation, which every option has, the wrong ones most of all.

>>> q = ConceptQuestion("Which part of 'Plan a weekly menu for a family of four' is the clarifier?", [
...     ("Plan", False, "That is the action verb."),
...     ("for a family of four", True, "It says in what circumstance the job is done."),
... ])
>>> print(explain_choice(q, "for a family of four"))
Right. It says in what circumstance the job is done.
>>> print(explain_choice(q, 0))
Not quite. That is the action verb.
>>> print(explain_choice(q, None))
Pick an answer first, then press Check.
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import LearnerError

__all__ = ["ConceptQuestion", "ConceptQuestionError", "Option", "concept_question", "explain_choice"]


class ConceptQuestionError(LearnerError, ValueError):
    """A concept question that cannot be asked as written (raised when it is made, never when answered)."""


@dataclass(frozen=True)
class Option:
    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class ConceptQuestion:
    """A question, and its options as ``(text, right, why)``: at least two, at least one right."""

    question: str
    options: tuple[Option, ...]

    def __init__(self, question: str, options) -> None:
        if not isinstance(question, str) or not question.strip():
            raise ConceptQuestionError("A concept question needs its question as text.")
        try:
            made = tuple(o if isinstance(o, Option) else Option(*o) for o in options)
        except TypeError:
            raise ConceptQuestionError("Give each option as (text, right, why), for example "
                                       "('for a family of four', True, 'It says in what circumstance ...').") from None
        if len(made) < 2:
            raise ConceptQuestionError(f"A concept question needs at least two options; this one has {len(made)}.")
        bad = [o for o in made if not (isinstance(o.text, str) and o.text.strip() and isinstance(o.right, bool)
                                       and isinstance(o.why, str) and o.why.strip())]
        if bad:
            raise ConceptQuestionError(f"Each option needs its text, True or False, and why (text); not {bad[0]!r}.")
        if len({o.text for o in made}) < len(made):
            raise ConceptQuestionError("Two options of this question have the same text.")
        if not any(o.right for o in made):
            raise ConceptQuestionError("None of the options is marked right (True).")
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "options", made)


def _find(question: ConceptQuestion, choice: object) -> Option | None:
    if isinstance(choice, Option) and choice in question.options:
        return choice
    if isinstance(choice, str):
        return next((o for o in question.options if o.text == choice), None)
    if isinstance(choice, int) and not isinstance(choice, bool) and 0 <= choice < len(question.options):
        return question.options[choice]
    return None


def explain_choice(question: ConceptQuestion, choice: object) -> str:
    """What to tell a learner who picked ``choice`` (an option's text or its position): right or not,
    and why. Anything else, None included, gets a short instruction instead.

    >>> q = ConceptQuestion("2 + 2?", [("4", True, "Two and two make four."), ("5", False, "One too many.")])
    >>> explain_choice(q, 7)
    'Pick one of the answers above, then press Check.'
    """
    if choice is None:
        return "Pick an answer first, then press Check."
    found = _find(question, choice)
    if found is None:
        return "Pick one of the answers above, then press Check."
    return f"{'Right.' if found.right else 'Not quite.'} {found.why}"


def concept_question(question: str, options):
    """A concept question as a widget: the options as radio buttons, a Check button, the explanation.

    Built on :func:`explain_choice`, so what the widget shows is what that function returns.
    """
    from .widgets import ConceptWidget

    return ConceptWidget(ConceptQuestion(question, options))
