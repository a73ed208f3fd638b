"""Check a job action statement: action verb + object + contextual clarifier, naming no solution.

The checker is a teaching aid built from word lists and a few grammar rules (see ``docs/rules.md``).
It explains each verdict, never raises, and is deterministic and offline.

>>> result = check_job_action("Reserve a place to stay while out of town")
>>> result.passed
True
>>> result.parts
JobActionParts(verb='Reserve', object='a place to stay', clarifier='while out of town')
>>> check_job_action("Book a hotel room").codes
['no-clarifier', 'names-solution']
>>> check_job_action(None).codes
['not-text']
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .feedback import CheckResult, Problem
from .rules import JOB_ACTION, problem
from .text import Prepared, Token, chained, clarifier_start, is_outcome_word, plural_s, prepare, quote, quote_all
from .text import solution_problem, unique, wish_end, wrong_kind

__all__ = ["JobActionParts", "check_job_action"]


@dataclass(frozen=True)
class JobActionParts:
    """The three parts of a job action statement as the checker found them (None when missing)."""

    verb: str | None = None
    object: str | None = None
    clarifier: str | None = None


def check_job_action(text: object) -> CheckResult:
    """Check one job action statement and explain what, if anything, to fix.

    Accepts any value: anything that is not a usable sentence comes back as a result whose problem
    says what is wrong, never as an exception.

    >>> print(check_job_action("Quickly book a cheap hotel"))
    Job action statement: 'Quickly book a cheap hotel'
      verb: book | object: a cheap hotel | clarifier: (none)
    3 things to fix:
      - [no-clarifier] There is no contextual clarifier: nothing says in which circumstance the job is done.
        Hint: Add the circumstance at the end, starting with a word such as while, when, before, after, during or for: "... while out of town", "... before a job interview", "... when a child is ill".
      - [names-solution] 'book' and 'hotel' name a solution (a product, a brand or a way of doing the job), so the statement describes one answer instead of the need.
        Hint: Describe what the solution helps the person do, in words that any competing solution could also serve: "hotel room" becomes "a place to stay", "call the GP" becomes "get advice on a symptom", "with a budgeting app" becomes what the app is for.
      - [outcome-words] 'Quickly' and 'cheap' describe how well the job goes or how it feels, not the job itself.
        Hint: Remove it. How fast, easy or reassuring the job is belongs in success statements and emotional jobs (lesson 3), where it can be measured.
    """
    prepared = prepare(text, JOB_ACTION)
    if isinstance(prepared, CheckResult):
        return prepared
    kind_problem = wrong_kind(prepared, JOB_ACTION)
    if kind_problem is not None:  # a feeling, a perception or an outcome: explain the difference only
        prepared.problems.append(kind_problem)
        return prepared.result()
    return prepared.result(_analyse(prepared))


def _analyse(prepared: Prepared) -> JobActionParts:
    """Find the parts of the statement and add a problem for each rule it breaks."""
    tokens, low, problems = prepared.tokens, prepared.low, prepared.problems
    end = _purpose_start(low)  # "so that ..." and the like end the statement proper
    start, opening_problems, passive_at = _find_action_start(tokens, low)
    problems += opening_problems

    verb_at = start if start < end and not any(p.code in ("no-verb", "passive") for p in problems) else None
    if verb_at is not None:
        form_problem = _verb_form_problem(tokens[verb_at], low, verb_at)
        if form_problem is not None:
            problems.append(form_problem)
            if form_problem.code == "no-verb":
                verb_at = None

    object_from = start
    if passive_at is not None and passive_at > 0:
        object_from = 0  # "A toddler is entertained ...": the toddler is what the job acts on
    verb = None
    if verb_at is not None:
        object_from = verb_at + 1
        pair = tuple(low[verb_at:verb_at + 2])
        if object_from < end and (low[object_from] in lx.PARTICLES or pair in lx.PHRASAL_VERBS):
            object_from += 1  # a phrasal verb: "Set up", "Fill in"
        verb = prepared.span(verb_at, object_from)
    clarifier_at = clarifier_start(low, start if passive_at is not None else object_from, end)
    if clarifier_at is not None and clarifier_at + 1 >= end and low[clarifier_at] not in lx.ADVERB_CLARIFIERS:
        clarifier_at = None  # a closing "before" or "on" opens no circumstance: it stays in the object
    object_end = clarifier_at if clarifier_at is not None else end
    if passive_at is not None and passive_at > 0:
        object_end = passive_at
    obj = prepared.span(object_from, object_end)
    clarifier = prepared.span(clarifier_at, end)

    state = _state(prepared, verb_at, object_end)
    if state is not None:
        obj = None  # "Be more productive at work": a state to be in, nothing acted on
        problems.append(problem("no-object", JOB_ACTION, word=f"{quote(state)} names a state to be in, and"))
    elif verb is not None and obj is None:
        problems.append(problem("no-object", JOB_ACTION, word=f"The verb {quote(verb)}"))
    if clarifier is None:
        problems.append(problem("no-clarifier", JOB_ACTION))
    solution = solution_problem(prepared, verb_at)
    if solution is not None:
        problems.append(solution)
    chains = chained(prepared)
    if chains:
        problems.append(problem("several-jobs", JOB_ACTION, words=quote_all(chains)))
    outcomes = _outcome_words(tokens, low)
    if outcomes:
        problems.append(problem("outcome-words", JOB_ACTION, words=quote_all(outcomes), s=plural_s(outcomes)))
    return JobActionParts(verb, obj, clarifier)


# --- the opening and the verb ---------------------------------------------------------------------


def _find_action_start(tokens: list[Token], low: list[str]) -> tuple[int, list[Problem], int | None]:
    """Where the action should start, the problems of any opening before it, and where a passive
    'be + participle' stands (None when there is none)."""
    n = len(low)
    # Passive: "Be booked ...", "Room is reserved ...", "The room is reserved ...". A statement that
    # opens with a verb ("Check that the door is locked") is active, whatever its clause says.
    imperative = lx.verb_form(low[0]) == "base" and low[0] not in lx.BE_FORMS
    for j in range(min(n - 1, 6)):
        if imperative and j != 1:
            continue
        if low[j] in lx.BE_FORMS and lx.is_participle(low[j + 1]):
            passive = problem("passive", JOB_ACTION, word=quote(f"{tokens[j].text} {tokens[j + 1].text}"))
            return j + 2, [passive], j
    start = wish_end(low)
    if start is not None:
        shown = " ".join(t.text for t in tokens[:start]) if "to" in low[:start] else tokens[0].text
        found = [problem("wish", JOB_ACTION, word=quote(shown))]
        if start >= n:
            found.append(problem("no-verb", JOB_ACTION, word=quote(shown), why="is not followed by an action"))
        return start, found, None
    if n > 1 and (low[0] in lx.SOFT_OPENINGS or is_outcome_word(low[0])) and lx.verb_form(low[1]):
        return 1, [], None  # "Quickly reserve ...": the verb is the next word; outcome-words flags the adverb
    if low[0] == "to" and n > 1:
        suggestion = quote(f"{tokens[1].text.capitalize()} ...")
        return 1, [problem("not-imperative", JOB_ACTION, word=quote("To " + tokens[1].text), suggestion=suggestion)], None
    return 0, [], None


def _verb_form_problem(token: Token, low: list[str], at: int) -> Problem | None:
    word = token.low
    word_shown = quote(token.text)
    if word in lx.DETERMINERS or word in lx.SUBJECTS:
        return problem("no-verb", JOB_ACTION, word=word_shown, why="opens a noun phrase")
    if word in lx.QUESTION_WORDS:
        return problem("no-verb", JOB_ACTION, word=word_shown, why="opens a question")
    form = lx.verb_form(word)
    if form == "base":
        classes = lx.word_classes(word)
        if at + 1 < len(low) and low[at + 1] == "of" and "NOUN" in classes:
            return problem("no-verb", JOB_ACTION, word=word_shown, why=f"reads as a noun here ('{token.text} of ...')")
        return None
    if form in ("gerund", "past", "third-person"):
        suggestion = quote(f"{(lx.base_form(word) or word[:-3]).capitalize()} ...")
        code = "gerund" if form == "gerund" else "not-imperative"
        return problem(code, JOB_ACTION, word=word_shown, suggestion=suggestion)
    classes = lx.word_classes(word)
    if token.text[:1].isdigit():
        why = "is a number"
    elif "ADV" in classes or word.endswith("ly"):
        why = "describes how something is done, not what is done"
    elif "ADJ" in classes:
        why = "is a describing word"
    elif "NOUN" in classes or "PROPN" in classes:
        why = "is a noun"
    else:
        why = "is not an action verb I recognise (if it is one, your reviewer can overrule me)"
    return problem("no-verb", JOB_ACTION, word=word_shown, why=why)


def _state(prepared: Prepared, verb_at: int | None, end: int) -> str | None:
    """'Be more productive', 'Stay healthy', 'Become fitter': a linking verb whose whole object is a
    describing word (after 'more', 'less', 'very' ...). Returns the phrase, or None. 'Keep the house
    warm' and 'Get the car fixed' act on something and are not states."""
    low = prepared.low
    if verb_at is None or low[verb_at] not in lx.STATE_VERBS or verb_at + 1 >= end:
        return None
    words = [w for w in low[verb_at + 1:end] if w not in ("more", "less", "very", "really", "much", "a", "bit")]
    if not words or len(words) > 2:
        return None
    describing = all("ADJ" in lx.word_classes(w) and "NOUN" not in lx.word_classes(w) for w in words)
    return prepared.span(verb_at, end) if describing else None


def _purpose_start(low: list[str]) -> int:
    for j in range(len(low)):
        for phrase in (("so", "that"), ("so", "i"), ("so", "we"), ("so", "they"), ("in", "order", "to")):
            if tuple(low[j:j + len(phrase)]) == phrase:
                return j
    return len(low)


def _outcome_words(tokens: list[Token], low: list[str]) -> list[str]:
    found: list[str] = []
    for j, word in enumerate(low):
        for phrase in lx.OUTCOME_PHRASES:
            if tuple(low[j:j + len(phrase)]) == phrase:
                found.append(" ".join(t.text for t in tokens[j:j + len(phrase)]))
        if is_outcome_word(word):
            found.append(tokens[j].text)
    return unique(found)
