"""Check a desired outcome (success) statement: direction + metric + object of control + clarifier.

Customers judge how well a job step went by a handful of measures. Outcome-Driven Innovation writes
each as one statement with a fixed shape, so that hundreds of them can be rated and compared:
"Minimize the time it takes to find out what is wrong with the product", "Increase the likelihood
that the product works after the repair". The contextual clarifier at the end is optional.

>>> result = check_outcome("Minimize the time it takes to get a repair quote when a device breaks")
>>> result.passed
True
>>> result.parts
OutcomeParts(direction='Minimize', metric='the time it takes to', object='get a repair quote', clarifier='when a device breaks')
>>> check_outcome("Make the repair fast and easy").codes
['no-direction', 'no-metric', 'vague-words']
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .feedback import CheckResult, Problem
from .feelings import polarity
from .rules import JOB_ACTION, OUTCOME, problem
from .text import Prepared, prepare, quote, quote_all, skip_wish, solution_problem, unique, wrong_kind

__all__ = ["OutcomeParts", "check_outcome"]

_DIRECTIONS = {"minimize": "down", "minimise": "down", "increase": "up", "maximize": "up", "maximise": "up"}
# metric noun -> what it measures; "up" directions only make sense for likelihood
_METRIC_NOUNS = {
    "time": "time", "likelihood": "likelihood", "chance": "likelihood", "chances": "likelihood",
    "risk": "likelihood", "probability": "likelihood", "number": "number", "frequency": "number",
    "cost": "cost", "costs": "cost", "expense": "cost", "money": "cost", "effort": "effort", "amount": "amount",
}
# Metrics of doing something: their object of control is an action ("the time it takes *to get a
# quote*", "the effort required *to compare offers*"), not a moment or a person.
_ACTION_METRICS = {"time", "effort"}
# words that join the metric to its object: "the time it takes to", "the likelihood that", ...
_CONNECTORS = (
    ("it", "takes", "to"), ("it", "takes"), ("required", "to"), ("needed", "to"), ("spent",),
    ("that",), ("of",), ("to",),
)
_VAGUE = lx._words(
    "easy easily easier easiest fast quick quickly better best simple simply good great nice "
    "convenient conveniently seamless seamlessly efficient efficiently effective effectively "
    "user-friendly intuitive intuitively hassle-free smooth smoothly painless optimal optimally "
    "satisfying satisfactory"
)
# verbs people reach for instead of the standard directions ("Reduce ...", "Improve ...")
_DIRECTION_LIKE = lx._words("reduce decrease lower cut lessen improve optimize optimise eliminate speed make raise")
_MODALS = lx._words("need needs want wants would like wish must should can could")
_FEATURE_VERBS = lx._words("add build create offer include provide implement introduce enable allow let show display")


@dataclass(frozen=True)
class OutcomeParts:
    """The parts of an outcome statement as the checker found them (None when missing)."""

    direction: str | None = None
    metric: str | None = None
    object: str | None = None
    clarifier: str | None = None


def check_outcome(text: object) -> CheckResult:
    """Check one desired outcome statement and explain what, if anything, to fix. Never raises.

    >>> check_outcome("Minimize the cost of shipping the product to and from the repair center").passed
    True
    >>> check_outcome("Minimize the time and cost of shipping the product").codes
    ['several-outcomes']
    >>> check_outcome("The app should send a text when the repair is done").codes
    ['no-direction', 'no-metric', 'names-solution', 'feature-request']
    """
    prepared = prepare(text, OUTCOME)
    if isinstance(prepared, CheckResult):
        return prepared
    # A job action is let through when it looks like an outcome with the wrong direction word
    # ("Reduce the time ...") or a feature request ("Add a chatbot"); otherwise it is the wrong kind.
    low = prepared.low
    attempt = any(word in _METRIC_NOUNS for word in low) or low[0] in _FEATURE_VERBS | _DIRECTION_LIKE | set(_DIRECTIONS)
    kind_problem = wrong_kind(prepared, OUTCOME, allowed=(JOB_ACTION,) if attempt else ())
    if kind_problem is not None:
        prepared.problems.append(kind_problem)
        return prepared.result()
    return prepared.result(_analyse(prepared))


def _analyse(prepared: Prepared) -> OutcomeParts:
    tokens, low, problems = prepared.tokens, prepared.low, prepared.problems
    n = len(low)
    start = skip_wish(prepared, not_a_wish=frozenset(_DIRECTIONS), then_skip=_MODALS)
    direction = metric = None
    metric_end = start
    metric_kind = None
    if start < n and low[start] in _DIRECTIONS:
        direction = tokens[start].text
        metric_at, metric_end, metric_kind = _find_metric(low, start + 1)
        if metric_kind is None:
            problems.append(problem("no-metric", OUTCOME, word=quote(direction)))
            metric_end = start + 1
        else:
            metric = prepared.span(metric_at, metric_end)
            if _DIRECTIONS[low[start]] == "up" and metric_kind != "likelihood":
                problems.append(problem("wrong-direction", OUTCOME, word=quote(direction), metric=quote(metric)))
            elif metric_kind == "likelihood":
                turned = _event_against_direction(prepared, _DIRECTIONS[low[start]], metric_end)
                if turned is not None:
                    problems.append(turned)
    else:
        shown = tokens[start].text if start < n else "nothing"
        problems.append(problem("no-direction", OUTCOME, word=quote(shown)))
        if not any(low[j] in _METRIC_NOUNS for j in range(start, n)):
            problems.append(problem("no-metric", OUTCOME, word=quote(shown)))

    # The clarifier of an outcome is optional; only a clear marker (while, when, before ...) opens it,
    # because prepositions inside the object ("the cost of shipping the product to ...") are common.
    clarifier_at = None
    if metric is not None:
        clarifier_at = next((j for j in range(metric_end + 1, n - 1) if low[j] in lx.STRONG_CLARIFIERS), None)
    obj = prepared.span(metric_end, clarifier_at if clarifier_at is not None else n) if metric else None
    clarifier = prepared.span(clarifier_at, n)
    if metric is not None and obj is not None and metric_kind in _ACTION_METRICS and not _names_action(low, metric_end, clarifier_at):
        obj = None  # "the time it takes after the product is handed in": no action is measured
    if metric is not None and obj is None:
        problems.append(problem("no-object", OUTCOME, word=f"The metric {quote(metric)}"))

    vague = unique([tokens[j].text for j in range(n) if low[j] in _VAGUE])
    if vague:
        several = len(vague) > 1
        problems.append(problem("vague-words", OUTCOME, words=quote_all(vague), is_are="are" if several else "is",
                                it_them="them" if several else "it", it_they="they" if several else "it"))
    second = _second_metric(prepared, metric_end)
    if second:
        problems.append(problem("several-outcomes", OUTCOME, words=quote_all(second)))
    solution = solution_problem(prepared)
    if solution is not None:
        problems.append(solution)
    feature = _feature_words(prepared, start, direction is not None)
    if feature:
        problems.append(problem("feature-request", OUTCOME, words=quote_all(feature)))
    return OutcomeParts(direction, metric, obj, clarifier)


def _find_metric(low: list[str], at: int) -> tuple[int, int, str | None]:
    """(first word, end, kind) of the metric phrase that follows the direction."""
    first = at
    if at < len(low) and low[at] in ("the", "a"):
        at += 1
    if at < len(low) and low[at] == "amount" and at + 2 < len(low) and low[at + 1] == "of":
        kind = {"time": "time", "money": "cost", "effort": "effort"}.get(low[at + 2], "amount")
        return first, at + 3, kind
    if at >= len(low) or low[at] not in _METRIC_NOUNS:
        return first, first, None
    kind, end = _METRIC_NOUNS[low[at]], at + 1
    for connector in _CONNECTORS:
        if tuple(low[end:end + len(connector)]) == connector:
            end += len(connector)
            break
    return first, end, kind


def _second_metric(prepared: Prepared, after: int) -> list[str]:
    """Further metrics: joined to the first ("the time, cost and effort"), a second metric phrase
    ("... and the cost of ..."), or a second action ("... to ship it and to get a receipt")."""
    low, tokens = prepared.low, prepared.tokens
    found = []
    listed_until = after
    first = next((j for j in range(max(after - 4, 0), after) if low[j] in _METRIC_NOUNS), None)
    if first is not None:  # a list of metric nouns right after the first: "time, cost and effort"
        j = first + 1
        while j < len(low) and (low[j] in ("and", "or", "the") or low[j] in _METRIC_NOUNS):
            if low[j] in _METRIC_NOUNS:
                found.append(tokens[j].text)
            j += 1
        listed_until = max(after, j)
    for j in range(listed_until, len(low) - 1):
        if low[j] in ("and", "or", "plus"):
            k = j + 2 if low[j + 1] == "the" and j + 2 < len(low) else j + 1
            joins_metric = low[k] in _METRIC_NOUNS and low[k] != "amount" and (
                k + 1 >= len(low) or low[k + 1] in ("of", "it", "to", "required", "needed", "that"))
            joins_action = low[j + 1] == "to" and j + 2 < len(low) and lx.verb_form(low[j + 2]) == "base"
            # "... to pay a bill and confirm that it was received": a second action after the first
            joins_action = joins_action or (after > 0 and low[j + 1] not in lx.PARTICLES
                                            and _second_action(low, j + 1))
            if joins_metric or joins_action:
                found.append(f"{tokens[j].text} {prepared.span(j + 1, k + 1 if joins_metric else j + 3)}")
    return unique(found)


def _second_action(low: list[str], at: int) -> bool:
    """True when word ``at`` (after 'and') opens a second action: a verb only, followed by what it acts on
    or by a clause."""
    word = low[at]
    if lx.verb_form(word) != "base" or "NOUN" in lx.word_classes(word) or "ADJ" in lx.word_classes(word):
        return False
    following = low[at + 1] if at + 1 < len(low) else ""
    return following in lx.DETERMINERS or following in ("that", "whether", "if", "it", "them") or following == ""


def _names_action(low: list[str], start: int, end: int | None) -> bool:
    """True when the object of a time or effort metric names an action: 'to' + a verb, an -ing form, or
    a verb right after the metric ('the time it takes *get* ...' is read kindly)."""
    end = len(low) if end is None else end
    if start < end and low[start] in ("between", "from"):
        return True  # "the time between a delay and hearing about it": a span between two events
    while start < end and low[start] in ("not", "never"):
        start += 1  # "the time spent not knowing where the product is"
    for j in range(start, end):
        form = lx.verb_form(low[j])
        if j == start and form in ("base", "gerund"):
            return True  # "the time spent getting a quote", "the time it takes get ..." (read kindly)
        if form == "gerund" and j > 0 and low[j - 1] in ("of", "spent"):
            return True  # "the time and cost of shipping ...", "the amount of time spent waiting ..."
        if form == "base" and j > 0 and low[j - 1] == "to":
            return True  # "... for the hiring manager to review the CVs"
    return False


# What a likelihood is of: something good ("that the candidate accepts the offer") goes with
# "Increase the likelihood", something bad with "Minimize". Read from the words' VADER ratings, with
# a negation ("without complications", "not working") turning the reading round.
_GOOD_EVENTS = lx._words(
    "accept accepts accepted recover recovers recovered heal heals healed succeed succeeds succeeded pass "
    "passes passed arrive arrives arrived win wins thrive thrives cure cures cured fix fixes fixed solve "
    "solves solved resolve resolves resolved repair repairs repaired work works worked")
_NEGATIONS = lx._words("not no never fails fail failing doesn't don't isn't won't didn't")
# A base form is a verb of the event only after one of these ("will arrive"); else it may be a noun ("a repair").
_OPENS_VERB = lx._words("will would can could to does do did may might should must")


def _event_against_direction(prepared: Prepared, direction: str, start: int) -> Problem | None:
    """A 'wrong-direction' problem when what the likelihood is of reads as the opposite of what the
    direction wants, or None (also when the words do not tell).

    A verb of success decides first ("the fault is cured" is good, "the parcel never arrives" bad);
    otherwise the words' VADER ratings ("the offer is turned down", "complications").
    """
    low = prepared.low
    words = low[start:]
    clarifier = next((j for j, w in enumerate(words) if w in lx.STRONG_CLARIFIERS), len(words))
    words = words[:clarifier]
    good = next((j for j, w in enumerate(words) if w in _GOOD_EVENTS
                 and (lx.verb_form(w) != "base" or (j > 0 and words[j - 1] in _OPENS_VERB))), None)
    if good is not None:
        negated = any(w in _NEGATIONS for w in words[max(good - 2, 0):good])
        found = "unwanted" if negated else "wanted"
    else:
        found, _ = polarity(words, frozenset(), frozenset())
    wants = "unwanted" if direction == "down" else "wanted"
    if found is None or found == wants:
        return None
    event = quote(prepared.span(start, start + clarifier) or "")
    if direction == "down":
        return Problem(
            "wrong-direction",
            f"'Minimize the likelihood' goes with something the customer wants to avoid, but {event} reads as "
            "something they want.",
            "Use \"Increase the likelihood that ...\" for a good event, or name the bad event to minimize, for "
            "example \"Minimize the likelihood that the offer is turned down\".")
    return Problem(
        "wrong-direction",
        f"'Increase the likelihood' goes with something the customer wants, but {event} reads as something "
        "they want to avoid.",
        "Use \"Minimize the likelihood that ...\" for a bad event, or name the good event to increase, for "
        "example \"Increase the likelihood that the repair works the first time\".")


def _feature_words(prepared: Prepared, start: int, has_direction: bool) -> list[str]:
    low, tokens = prepared.low, prepared.tokens
    found = [tokens[j].text for j in range(len(low)) if low[j] in ("feature", "features", "button", "buttons",
                                                                   "functionality")]
    if not has_direction:
        found += [tokens[j].text for j in range(len(low)) if low[j] in ("should", "must", "needs", "requires")]
        if start < len(low) and low[start] in _FEATURE_VERBS:
            found.insert(0, tokens[start].text)
    return unique(found)
