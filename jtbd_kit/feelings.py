"""Check emotional jobs ("Feel ...", "Avoid feeling ...") and social jobs ("Be perceived as ...",
"Avoid being perceived as ...").

Besides getting something done, people want to feel a certain way while they do it (emotional
jobs) and to be seen a certain way by others (social jobs). Both are written in fixed forms, so a
survey can ask how important each one is and how hard it is to achieve.

>>> check_emotional_job("Avoid feeling ignored while a repair is under way").passed
True
>>> check_emotional_job("Feel frustrated when a repair takes long").codes
['negative-feeling']
>>> check_social_job("Be perceived as cooperative by the support team").parts
SocialParts(form='Be perceived as', perception='cooperative', context='by the support team')
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .feedback import CheckResult
from .rules import EMOTIONAL, SOCIAL, problem
from .text import DESCRIPTIONS, Prepared, prepare, quote, quote_all, skip_wish, solution_problem, wrong_kind

__all__ = ["EmotionalParts", "SocialParts", "check_emotional_job", "check_social_job"]

NEGATIVE_FEELINGS = lx._words(
    "frustrated anxious confused ignored disappointed stressed worried embarrassed angry annoyed "
    "overwhelmed scared afraid nervous uncertain insecure helpless guilty ashamed lonely bored upset "
    "sad unhappy irritated cheated misled powerless humiliated neglected rushed trapped"
)
NEGATIVE_TRAITS = lx._words(
    "impatient inept uncommunicative uncooperative disrespectful rude lazy stupid ignorant incompetent "
    "difficult demanding careless unprofessional disorganized disorganised naive clueless needy pushy "
    "aggressive annoying unreliable dishonest cheap stingy rude ungrateful"
)
# Feelings and traits people want: "Avoid feeling calm" turns a wanted feeling into one to escape.
WANTED_FEELINGS = lx._words(
    "happy calm confident secure reassured relaxed safe satisfied proud valued respected informed "
    "comfortable optimistic hopeful pleased delighted supported appreciated trusted listened understood"
)
WANTED_TRAITS = lx._words(
    "competent professional reliable cooperative responsible smart knowledgeable patient organised organized "
    "considerate respectful trustworthy capable savvy careful polite friendly honest prepared reasonable"
)
# "Avoid feeling not valued", "Avoid feeling less confident": a negation makes the feeling unwanted
_NEGATIONS = lx._words("not no never less without hardly barely")
_EMOTIONAL_FORMS = ((("avoid", "feeling"), "undesired"), (("feel",), "desired"))
_SOCIAL_FORMS = tuple(
    (opening + (verb, "as"), kind)
    for verb in ("perceived", "seen", "viewed", "regarded")
    for opening, kind in ((("avoid", "being"), "undesired"), (("be",), "desired"))
)
# words that end the feeling or perception and open what it is about or when it happens
_CONTEXT_WORDS = lx.STRONG_CLARIFIERS | lx.WEAK_CLARIFIERS | lx._words("that about by to of like toward towards")


@dataclass(frozen=True)
class EmotionalParts:
    form: str | None = None
    feeling: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class SocialParts:
    form: str | None = None
    perception: str | None = None
    context: str | None = None


def check_emotional_job(text: object) -> CheckResult:
    """Check an emotional job: "Feel <feeling> ..." or "Avoid feeling <feeling> ...". Never raises."""
    clashes = {"desired": (NEGATIVE_FEELINGS, "negative-feeling"),
               "undesired": (WANTED_FEELINGS, "avoided-wanted-feeling")}
    return _check(text, EMOTIONAL, _EMOTIONAL_FORMS, clashes, "no-feeling", EmotionalParts, "feeling")


def check_social_job(text: object) -> CheckResult:
    """Check a social job: "Be perceived as <trait> ..." or "Avoid being perceived as <trait> ...".

    >>> check_social_job("Feel patient while a repair takes long").codes
    ['wrong-kind']
    """
    clashes = {"desired": (NEGATIVE_TRAITS, "negative-perception"),
               "undesired": (WANTED_TRAITS, "avoided-wanted-perception")}
    return _check(text, SOCIAL, _SOCIAL_FORMS, clashes, "no-perception", SocialParts, "trait")


def _check(text, kind, forms, clashes, missing_code, parts_type, slot) -> CheckResult:
    """``clashes`` maps each form's desire ("desired", "undesired") to the words that clash with it and
    the problem code for naming one."""
    prepared = prepare(text, kind)
    if isinstance(prepared, CheckResult):
        return prepared
    low, tokens, problems = prepared.low, prepared.tokens, prepared.problems
    start = skip_wish(prepared)
    words = _without_gerund(prepared, start)
    form = next(((opening, desire) for opening, desire in forms
                 if tuple(words[start:start + len(opening)]) == opening), None)
    if form is None:
        kind_problem = wrong_kind(prepared, kind)
        if kind_problem is None:  # neither this form nor another kind's: say what the form is
            forms_text = ("opens with 'Feel' or 'Avoid feeling'" if kind == EMOTIONAL
                          else "opens with 'Be perceived as' or 'Avoid being perceived as'")
            problems.append(problem("wrong-kind", kind, found="a statement in another form",
                                    expected=DESCRIPTIONS[kind], difference=f"This kind of statement {forms_text}."))
        else:
            problems.append(kind_problem)
        return prepared.result()
    opening, desire = form
    after = start + len(opening)
    end = next((j for j in range(after, len(low)) if low[j] in _CONTEXT_WORDS), len(low))
    form_text = prepared.span(start, after)
    named = prepared.span(after, end)
    context = prepared.span(end, len(low))
    if named is None:
        problems.append(problem(missing_code, kind, word=quote(form_text)))
    else:
        words = low[after:end]
        # "Feel frustrated" wants an unwanted feeling; "Avoid feeling calm" escapes a wanted one
        clash, code = clashes[desire]
        negated = desire == "undesired" and any(w in _NEGATIONS for w in words)
        if not negated and any(w in clash for w in words):
            bad = next(tokens[j].text for j in range(after, end) if low[j] in clash)
            problems.append(problem(code, kind, word=quote(f"{form_text} {named}"), **{slot: bad.lower()}))
        joins = [j for j in range(after + 1, end) if low[j] in ("and", "or", "&")]
        if joins:
            problems.append(problem("several-jobs", kind, words=quote_all([named])))
    solution = solution_problem(prepared)
    if solution is not None:
        problems.append(solution)
    return prepared.result(parts_type(form_text, named, context))


def _without_gerund(prepared: Prepared, start: int) -> list[str]:
    """The words to match the form against, with "Feeling ..." / "Being perceived ..." read as
    "Feel ..." / "Be perceived ..." after reporting the -ing form."""
    words = list(prepared.low)
    if start < len(words) and words[start] in ("feeling", "being") and start + 1 < len(words):
        if words[start] == "feeling" or words[start + 1] in ("perceived", "seen", "viewed", "regarded"):
            plain = "feel" if words[start] == "feeling" else "be"
            prepared.problems.append(problem("gerund", prepared.kind, word=quote(prepared.tokens[start].text),
                                             suggestion=quote(plain.capitalize() + " ...")))
            words[start] = plain
    return words
