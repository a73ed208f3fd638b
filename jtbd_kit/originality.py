"""Is an outcome statement your own, or (nearly) one the course already shows you?

Exercise 03 asks for outcome statements of your own: a statement copied from the course, or nearly
the same as one, does not count. This module is that rule, so you can run the same check the grader
runs before you hand in. The course's statements are the repair job's desired outcomes and financial
metrics (datasets/repair_job.yaml), the worked examples in the lessons, the kit and exercise 03's
prompt, listed in :data:`COURSE_EXAMPLES`, and the outcomes lesson 5 hears in its interviews
(datasets/interviews/interviews_truth.yaml).

The rule compares the *sets* of words (lower case, punctuation ignored). Two statements count as the
same when at most two words are in one set and not the other: one word swapped for another ("describe
the fault" / "explain the fault"), or one or two words added or left out. Word order does not matter.

>>> copied_from("Minimize the time it takes to pack the product")
'Minimize the time it takes to pack the product'
>>> copied_from("minimize the time it takes to wrap the product!")
'Minimize the time it takes to pack the product'
>>> copied_from("Minimize the time it takes to find the receipt the warranty claim needs") is None
True
"""

from __future__ import annotations

import functools
import re

__all__ = ["COURSE_EXAMPLES", "copied_from", "course_outcomes", "MAX_WORDS_APART"]

MAX_WORDS_APART = 2  # words in one statement's word set and not the other's

# The outcome statements that the lessons, the kit's documentation and exercise 03's prompt show as
# examples. The repair job's own outcomes come from its data file (course_outcomes() adds them).
COURSE_EXAMPLES = (
    "Increase the likelihood that the cause of the fault is found on the first try",
    "Increase the likelihood that the product works after the repair",
    "Minimize the cost of shipping the product to and from the repair center",
    "Minimize the effort required to arrange transport to the service center",
    "Minimize the effort required to find packing that protects the product",
    "Minimize the effort required to pack the product",
    "Minimize the likelihood of choosing a package that does not cover the fault",
    "Minimize the likelihood of choosing a package whose turnaround is longer than the customer can wait",
    "Minimize the likelihood that a fault that could be fixed at home is sent away for repair",
    "Minimize the likelihood that the payment is refused after the repair order is placed",
    "Minimize the likelihood that the product is damaged while in transit",
    "Minimize the likelihood that the product is damaged while it is in transit",
    "Minimize the likelihood that the product is delayed on its way to the service center",
    "Minimize the likelihood that the product is lost on its way to the service center",
    "Minimize the number of checks needed to find the cause of the fault",
    "Minimize the time it takes to check that the amount to be paid matches the quote",
    "Minimize the time it takes to compare packages",
    "Minimize the time it takes to compare what each repair package covers",
    "Minimize the time it takes to find a package that fits the fault",
    "Minimize the time it takes to find a repair service that handles this kind of product",
    "Minimize the time it takes to find out what is wrong with the product",
    "Minimize the time it takes to get a repair quote when a device breaks",
    "Minimize the time it takes to narrow the fault down to one part of the product",
    "Minimize the time it takes to pack the product",
    "Minimize the time spent without a working product while it is being repaired",
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'")))


@functools.lru_cache(maxsize=1)
def course_outcomes() -> tuple[str, ...]:
    """Every outcome statement the course shows: the repair job's desired outcomes and financial
    metrics (from its data file, read once), then :data:`COURSE_EXAMPLES`, then the outcomes lesson 5
    reads out of its interviews; each once.

    >>> len(course_outcomes()) > len(COURSE_EXAMPLES)
    True
    """
    from .interview import load_interview_truth
    from .repair_job import load_repair_job

    job = load_repair_job()
    found = [o.statement for o in job.desired_outcomes] + [m.statement for m in job.financial_metrics]
    found += COURSE_EXAMPLES
    # lesson 5 reads these out of its interviews (datasets/interviews/); the exercise's stay hidden
    found += [s for reading in load_interview_truth("lesson").values() for s in reading.outcomes.values()]
    seen, unique = set(), []
    for text in found:
        key = " ".join(sorted(_words(text)))
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return tuple(unique)


def copied_from(statement: object, examples=None) -> str | None:
    """The course statement that ``statement`` copies (the same words, give or take
    :data:`MAX_WORDS_APART`), or ``None`` when it is your own.

    ``examples`` replaces the course's statements (any iterable of strings). Anything that is not
    text is nobody's copy: ``None``.

    >>> copied_from("Increase the likelihood that the product still works after the repair")
    'Increase the likelihood that the product works after the repair'
    >>> copied_from(42) is None
    True
    """
    if not isinstance(statement, str):
        return None
    words = _words(statement)
    if not words:
        return None
    for example in course_outcomes() if examples is None else examples:
        if isinstance(example, str) and len(words ^ _words(example)) <= MAX_WORDS_APART:
            return example
    return None
