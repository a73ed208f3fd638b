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
from .text import DESCRIPTIONS, Prepared, chained, prepare, quote, quote_all, skip_wish, solution_problem, wrong_kind

__all__ = ["EmotionalParts", "SocialParts", "check_emotional_job", "check_social_job"]

NEGATIVE_FEELINGS = lx._words(
    "frustrated anxious confused ignored disappointed stressed worried embarrassed angry annoyed "
    "overwhelmed scared afraid nervous uncertain insecure helpless guilty ashamed lonely bored upset "
    "sad unhappy irritated cheated misled powerless humiliated neglected rushed trapped judged patronised "
    "patronized excluded isolated stuck exposed pressured pressurised ripped lost inadequate dumb foolish"
)
NEGATIVE_TRAITS = lx._words(
    "impatient inept uncommunicative uncooperative disrespectful rude lazy stupid ignorant incompetent "
    "difficult demanding careless unprofessional disorganized disorganised naive clueless needy pushy "
    "aggressive annoying unreliable dishonest cheap stingy rude ungrateful negligent irresponsible "
    "pushover amateur amateurish nuisance burden liability snob snobbish show-off know-it-all freeloader "
    "hypocrite hypocritical slacker flaky untrustworthy incapable bossy nosy smug"
)
# Feelings and traits people want: "Avoid feeling calm" turns a wanted feeling into one to escape.
WANTED_FEELINGS = lx._words(
    "happy calm confident secure reassured relaxed safe satisfied proud valued respected informed "
    "comfortable optimistic hopeful pleased delighted supported appreciated trusted listened understood "
    "heard seen included welcome welcomed ready capable settled control competent involved"
)
WANTED_TRAITS = lx._words(
    "competent professional reliable cooperative responsible smart knowledgeable patient organised organized "
    "considerate respectful trustworthy capable savvy careful polite friendly honest prepared reasonable "
    "handy resourceful disciplined level-headed approachable innovative informed experienced seasoned "
    "thorough dependable fair generous helpful hospitable diligent punctual credible fit healthy"
)
# "Avoid feeling not valued", "Avoid feeling less confident": a negation makes the feeling unwanted
_NEGATIONS = lx._words("not no never less without hardly barely out")
# A feeling or a trait may be a phrase that opens with a preposition: "Feel in control of ...", "Feel at
# ease ...", "Feel like a good parent ...", "Be perceived as on top of things". Its first words are then
# part of the feeling, not the start of what it is about.
_PHRASE_OPENERS = lx._words("in at on like out under part of")
# Words of the phrase that say nothing about the feeling itself
_FILLER = lx.DETERMINERS | lx.SUBJECTS | lx._words("of to as very really quite so too more most a bit little")
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
    lists = (NEGATIVE_FEELINGS, WANTED_FEELINGS)
    codes = {"desired": "negative-feeling", "undesired": "avoided-wanted-feeling", "unsure": "unsure-feeling"}
    return _check(text, EMOTIONAL, _EMOTIONAL_FORMS, lists, codes, "no-feeling", EmotionalParts, "feeling")


def check_social_job(text: object) -> CheckResult:
    """Check a social job: "Be perceived as <trait> ..." or "Avoid being perceived as <trait> ...".

    >>> check_social_job("Feel patient while a repair takes long").codes
    ['wrong-kind']
    """
    lists = (NEGATIVE_TRAITS, WANTED_TRAITS)
    codes = {"desired": "negative-perception", "undesired": "avoided-wanted-perception",
             "unsure": "unsure-perception"}
    return _check(text, SOCIAL, _SOCIAL_FORMS, lists, codes, "no-perception", SocialParts, "trait")


def polarity(words: list[str], unwanted: frozenset[str], wanted: frozenset[str],
             negations: bool = True) -> tuple[str | None, str | None]:
    """Whether a feeling or trait is one people want ("wanted"), one they want to escape ("unwanted"), or
    None when neither the course's lists nor VADER's ratings tell; and the word that decided it.

    The course's lists decide first; otherwise the words' VADER ratings are added up (a word rated
    below -0.9 or above 0.9 counts). A negation ("not valued", "less confident") turns the result round,
    unless ``negations`` is False.

    >>> polarity(["arrogant"], frozenset(), frozenset())
    ('unwanted', 'arrogant')
    >>> polarity(["not", "valued"], frozenset(), frozenset({"valued"}))
    ('unwanted', 'valued')
    >>> polarity(["purple"], frozenset(), frozenset())
    (None, None)
    """
    def negated(at: int) -> bool:  # a negation close before the word: "not valued", "less confident"
        return negations and any(w in _NEGATIONS for w in words[max(at - 3, 0):at])

    def reading(at: int, sign: int) -> tuple[str, str]:
        return ("wanted" if sign * (-1 if negated(at) else 1) > 0 else "unwanted"), words[at]

    listed = next((j for j, w in enumerate(words) if w in unwanted or w in wanted), None)
    if listed is not None:
        return reading(listed, -1 if words[listed] in unwanted else 1)
    # "unfit", "impatient", "dishonest": a negating prefix on a listed word turns it round
    for j, w in enumerate(words):
        stem = next((w[len(p):] for p in _PREFIXES if w.startswith(p) and len(w) - len(p) > 2
                     and (w[len(p):] in wanted or w[len(p):] in unwanted)), None)
        if stem is not None:
            return reading(j, 1 if stem in unwanted else -1)
    # Adverbs ("taken seriously", "really") qualify the feeling and are not rated themselves.
    rated = []
    for j, w in enumerate(words):
        v = None if w in _FILLER or w in _NEGATIONS or _is_adverb(w) else lx.valence(w)
        if v is not None and abs(v) >= _RATED:
            rated.append((w, -v if negated(j) else v))
    total = sum(v for _, v in rated)
    if not rated or abs(total) < _RATED:
        return None, None
    return ("wanted" if total > 0 else "unwanted"), max(rated, key=lambda item: abs(item[1]))[0]


_JOINS = lx._words("and or & but")
_PREFIXES = ("un", "in", "im", "ir", "il", "dis")
# "Feel the ...", "Feel this ...": what follows is something sensed or touched, not a feeling
_SENSED = lx._words("the this that these those its")
_RATED = 0.9  # VADER ratings closer to zero than this say little about whether a feeling is wanted


def _is_adverb(word: str) -> bool:
    classes = lx.word_classes(word)
    return word.endswith("ly") and "ADV" in classes and "ADJ" not in classes


def _check(text, kind, forms, lists, codes, missing_code, parts_type, slot) -> CheckResult:
    """``lists`` are the unwanted and the wanted words of this kind; ``codes`` the problem code for
    each form's clash ("desired": an unwanted word in "Feel ...") and the note when unsure."""
    prepared = prepare(text, kind)
    if isinstance(prepared, CheckResult):
        return prepared
    low, tokens, problems = prepared.low, prepared.tokens, prepared.problems
    start = skip_wish(prepared)
    words = _without_gerund(prepared, start)
    form = next(((opening, desire) for opening, desire in forms
                 if tuple(words[start:start + len(opening)]) == opening), None)
    if form is None and any(tuple(words[start:start + len(o) - 1]) == o[:-1] for o, _ in forms if o[-1] == "as"):
        # "Be perceived well by ...", "Be perceived by the panel": the form without the trait
        problems.append(problem(missing_code, kind, word=quote(prepared.span(start, start + 2) or "")))
        return prepared.result()
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
    first = after + 2 if after < len(low) and low[after] in _PHRASE_OPENERS else after
    end = next((j for j in range(first, len(low)) if low[j] in _CONTEXT_WORDS), len(low))
    form_text = prepared.span(start, after)
    named = prepared.span(after, end)
    context = prepared.span(end, len(low))
    if named is not None and kind == EMOTIONAL and low[after] in _SENSED:
        named = None  # "Feel the difference in the brakes": something sensed, not a feeling
    if named is None:
        problems.append(problem(missing_code, kind, word=quote(form_text)))
    else:
        words = low[after:end]
        # "Feel frustrated" wants an unwanted feeling; "Avoid feeling calm" escapes a wanted one
        # "Avoid feeling not valued" escapes an unwanted feeling; "Feel not frustrated" is still written
        # as wanting the feeling it names, so a negation only turns the "Avoid ..." forms round
        found, word = polarity(words, *lists, negations=desire == "undesired")
        if found == ("unwanted" if desire == "desired" else "wanted"):
            problems.append(problem(codes[desire], kind, word=quote(f"{form_text} {named}"), **{slot: named.lower()}))
        elif found is None:
            prepared.notes.append(problem(codes["unsure"], kind, word=quote(named), form=quote(form_text),
                                          wanted="want" if desire == "desired" else "want to escape"))
        joins = [j for j in range(after + 1, end) if low[j] in _JOINS]
        # a second feeling or trait after the context ("prepared for the meeting and confident about
        # the price") or a job joined on ("... by the security team and sign the contract")
        later = [j for j in range(end, len(low) - 1) if low[j] in _JOINS
                 and polarity([low[j + 1]], *lists)[0] is not None and "ADJ" in lx.word_classes(low[j + 1])]
        chains = [c for c in chained(prepared, first=end) if c != "more than one sentence"] if end < len(low) else []
        if joins or later or chains:
            shown = [named] + [prepared.span(j + 1, j + 2) for j in later] + chains
            problems.append(problem("several-jobs", kind, words=quote_all(shown)))
    solution = solution_problem(prepared)
    if solution is not None:
        problems.append(solution)
    return prepared.result(parts_type(form_text, named, context))


def _without_gerund(prepared: Prepared, start: int) -> list[str]:
    """The words to match the form against, with "Feeling ..." / "Being perceived ..." read as
    "Feel ..." / "Be perceived ..." after reporting the -ing form."""
    words = list(prepared.low)
    if start + 1 < len(words) and words[start] == "avoiding" and words[start + 1] in ("feeling", "being"):
        prepared.problems.append(problem("gerund", prepared.kind, word=quote(prepared.tokens[start].text),
                                         suggestion=quote("Avoid ...")))
        words[start:start + 2] = ["avoid", words[start + 1]]
        return words
    if start < len(words) and words[start] in ("feeling", "being") and start + 1 < len(words):
        if words[start] == "feeling" or words[start + 1] in ("perceived", "seen", "viewed", "regarded"):
            plain = "feel" if words[start] == "feeling" else "be"
            prepared.problems.append(problem("gerund", prepared.kind, word=quote(prepared.tokens[start].text),
                                             suggestion=quote(plain.capitalize() + " ...")))
            words[start] = plain
    return words
