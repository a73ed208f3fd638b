"""What every statement checker does the same way: take any input, clean it, split it into words,
and spot solutions, outcome words, chains and the kind of statement it is.

>>> prepared = prepare("  Reserve a place\u200b to stay.  ", "job action statement")
>>> prepared.clean, prepared.low[:3]
('Reserve a place to stay', ['reserve', 'a', 'place'])
>>> classify("Avoid feeling ignored when a repair is late")
'emotional job'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import lexicon as lx
from .feedback import CheckResult, Problem
from .rules import EMOTIONAL, JOB_ACTION, JOB_STORY, MAX_CHARS, OUTCOME, SOCIAL, problem

__all__ = ["Prepared", "Token", "classify", "prepare"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\d+(?:[.,]\d+)*|_{2,}")
_LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
SENTENCE_BREAK = re.compile(r"[.;!?]\s+\S")
_ODD_CATEGORIES = {"Cc", "Co", "Cs", "Cn", "So", "Sk"}
_QUOTES = "\"'\u2018\u2019\u201c\u201d`"


@dataclass(frozen=True)
class Token:
    """A word of the cleaned text and where it stands in it."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("\u2019", "'")


@dataclass
class Prepared:
    """A statement ready to check: the original text, the cleaned text, its words, first problems."""

    kind: str
    text: str
    clean: str
    tokens: list[Token]
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # what the checker could not decide

    @property
    def low(self) -> list[str]:
        return [t.low for t in self.tokens]

    def span(self, start: int | None, end: int) -> str | None:
        """The cleaned text from word ``start`` up to (not including) word ``end``."""
        if start is None or start >= end:
            return None
        return self.clean[self.tokens[start].start:self.tokens[end - 1].end]

    def result(self, parts: object = None) -> CheckResult:
        return CheckResult(self.kind, self.text, self.problems, parts, self.notes)


def prepare(value: object, kind: str) -> Prepared | CheckResult:
    """Clean ``value`` for checking, or return the finished result when there is nothing to check."""
    if not isinstance(value, str):
        return CheckResult(kind, "", [problem("not-text", kind, what=describe(value))])
    if len(value) > MAX_CHARS:
        return CheckResult(kind, value, [problem("too-long", kind, length=len(value))])
    clean, odd = _clean(value)
    prepared = Prepared(kind, value, clean, [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(clean)])
    if odd:
        prepared.problems.append(problem("odd-characters", kind, words=quote_all(odd)))
    if not any(t.text[0] != "_" for t in prepared.tokens):
        prepared.problems.append(problem("empty", kind, what=_why_empty(value)))
        return prepared.result()
    return prepared


def describe(value: object) -> str:
    """A learner-worded description of a value that is not text."""
    if value is None:
        return "None (nothing was assigned yet)"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, (int, float, complex)):
        return f"the number {value!r}"
    if isinstance(value, (bytes, bytearray)):
        return "bytes (a b'...' value); write ordinary text instead"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return f"a {type(value).__name__} of {len(value)} item(s); check one statement at a time"
    return f"a value of type {type(value).__name__}"


def _clean(text: str) -> tuple[str, list[str]]:
    """Text with odd characters blanked out, white space folded and wrapping quotes removed."""
    odd: list[str] = []
    chars = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\t\n\r":
            chars.append(" ")
        elif category == "Cf":
            continue  # zero-width and direction marks: invisible, dropped silently
        elif category in _ODD_CATEGORIES:
            name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
            if name not in odd:
                odd.append(name)
            chars.append(" ")
        else:
            chars.append(ch)
    clean = " ".join("".join(chars).split())
    clean = _LIST_MARKER.sub("", clean).strip(_QUOTES + " ").rstrip(".!").strip(_QUOTES + " ")
    return clean, odd


def _why_empty(text: str) -> str:
    if not text:
        return "the text is empty"
    if not text.strip():
        return "the text holds only spaces"
    return "the text holds no words, only symbols, punctuation or blanks"


# --- what kind of statement is this? ----------------------------------------------------------------

_KIND_OPENINGS = (
    (("avoid", "being", "perceived"), SOCIAL), (("avoid", "being", "seen"), SOCIAL),
    (("avoid", "being", "viewed"), SOCIAL), (("be", "perceived"), SOCIAL), (("be", "seen", "as"), SOCIAL),
    (("be", "viewed", "as"), SOCIAL), (("be", "regarded", "as"), SOCIAL),
    (("avoid", "feeling"), EMOTIONAL), (("feel",), EMOTIONAL),
    (("minimize",), OUTCOME), (("minimise",), OUTCOME), (("increase", "the", "likelihood"), OUTCOME),
    (("when",), JOB_STORY),
)

DESCRIPTIONS = {
    JOB_ACTION: "a job action statement (something the person does: verb + object + circumstance)",
    OUTCOME: "an outcome statement (how the person measures success: 'Minimize the time it takes to ...')",
    EMOTIONAL: "an emotional job (how the person wants to feel: 'Feel ...' or 'Avoid feeling ...')",
    SOCIAL: "a social job (how the person wants others to see them: 'Be perceived as ...')",
    JOB_STORY: "a job story ('When ..., I want to ..., so I can ...')",
}

DIFFERENCES = {
    frozenset({EMOTIONAL, SOCIAL}): "A feeling is what the person experiences inside; a perception is what "
                                    "other people think of them.",
    frozenset({EMOTIONAL, JOB_ACTION}): "A functional job is something the person does; an emotional job is "
                                        "how they want to feel while doing it.",
    frozenset({SOCIAL, JOB_ACTION}): "A functional job is something the person does; a social job is how they "
                                     "want to be seen by others.",
    frozenset({OUTCOME, JOB_ACTION}): "A job says what the person does; an outcome statement says how they "
                                      "measure whether it went well.",
    frozenset({OUTCOME, EMOTIONAL}): "An outcome statement is a measure of success; a feeling is not measured "
                                     "in time, cost or likelihood.",
    frozenset({OUTCOME, SOCIAL}): "An outcome statement is a measure of success; a perception is how others "
                                  "see the person.",
    frozenset({JOB_STORY, JOB_ACTION}): "A job story tells the situation, the motivation and the expected "
                                        "outcome; a job action statement is one action.",
    frozenset({JOB_STORY, OUTCOME}): "A job story tells a situation, a motivation and what it makes possible; an "
                                     "outcome statement is one measure of success.",
    frozenset({JOB_STORY, EMOTIONAL}): "A job story tells a whole situation; an emotional job names one feeling "
                                       "(which a story's outcome may carry).",
    frozenset({JOB_STORY, SOCIAL}): "A job story tells a whole situation; a social job names one way of being "
                                    "seen by others.",
}


def classify(text: str) -> str | None:
    """The statement type ``text`` is written as, judged by its opening words (None if unclear)."""
    low = [t.group().lower() for t in _WORD.finditer(text)]
    for opening, kind in _KIND_OPENINGS:
        if tuple(low[: len(opening)]) == opening:
            return kind
    if low and lx.verb_form(low[0]) == "base" and low[0] not in ("as", "i", "be"):
        return JOB_ACTION
    return None


def wrong_kind(prepared: Prepared, expected: str, allowed: tuple[str, ...] = ()) -> Problem | None:
    """A 'wrong-kind' problem when the statement is clearly written as another type."""
    found = classify(prepared.clean)
    if found is None or found == expected or found in allowed:
        return None
    difference = DIFFERENCES.get(frozenset({found, expected}), "")
    return problem("wrong-kind", expected, found=DESCRIPTIONS[found], expected=DESCRIPTIONS[expected],
                   difference=difference)


def skip_wish(prepared: Prepared, not_a_wish: frozenset[str] = frozenset(),
              then_skip: frozenset[str] = frozenset()) -> int:
    """Report an opening such as "Customers want to ..." or "I want to ..." as a wish, and return the
    word where the statement proper starts (0 when there is no such opening). ``not_a_wish`` are
    first words that never open a wish; ``then_skip`` are words passed over after the opening
    ("We need a ..." starts after 'need')."""
    low = prepared.low
    start = wish_end(low)
    if start is None or low[0] in not_a_wish:
        return 0
    while start < len(low) and low[start] in then_skip:
        start += 1
    shown = " ".join(token.text for token in prepared.tokens[:start])
    prepared.problems.append(problem("wish", prepared.kind, word=quote(shown)))
    return start


# --- words that do not belong ---------------------------------------------------------------------

_SOLUTION_REASON = (
    "name{s} a solution (a product, a brand or a way of doing the job), so the statement describes "
    "one answer instead of the need"
)
_CHANNEL_REASON = (
    "name{s} how the job gets done (a call, a message, a booking or an order), not the job: say what "
    "the call or the booking is for"
)
_NAME_REASON = (
    "look{s} like a name (capitalised in mid-sentence). A brand or product name ties the need to "
    "one solution, and a company name makes it narrower than the need"
)


def solution_problem(prepared: Prepared, verb_at: int | None = None, first: int = 0, last: int | None = None
                     ) -> Problem | None:
    """A 'names-solution' problem for solution words, brands and names between words first and last."""
    tokens, low = prepared.tokens, prepared.low
    last = len(tokens) if last is None else last
    found: list[str] = []
    names: list[str] = []
    channel = None
    if verb_at is not None:
        pair = tuple(low[verb_at:verb_at + 2])
        if low[verb_at] in lx.CHANNEL_VERBS:
            channel = tokens[verb_at].text
        elif low[verb_at] in lx.SOLUTION_VERBS:
            found.append(tokens[verb_at].text)
        elif pair in lx.SOLUTION_VERB_PHRASES:
            found.append(f"{tokens[verb_at].text} {tokens[verb_at + 1].text}")
    capitalised = [t for t in tokens if t.text[:1].isupper() and not t.text.isupper()]
    sentence_starts = {m.end() - 1 for m in SENTENCE_BREAK.finditer(prepared.clean)}
    title_case = len(tokens) >= 3 and len(capitalised) >= 0.6 * len(tokens)
    for j in range(first, last):
        token, word = tokens[j], low[j]
        if word in lx.SOLUTION_NOUNS or word in lx.BRANDS or word in ("using", "utilising", "utilizing"):
            found.append(token.text)
        elif word in lx.DEVICE_NOUNS and _after_instrument(low, j, first):
            found.append(token.text)  # "with a glucose monitor": the tool the job is done with
        elif token.text[:1].islower() and any(ch.isupper() for ch in token.text[1:]):
            found.append(token.text)  # iPhone, eBay
        elif (token.text.isupper() and 2 <= len(token.text) <= 6 and word not in lx.COMMON_ACRONYMS
              and not prepared.clean.isupper() and j > 0 and word not in ("i", "a")):
            names.append(token.text)  # DHL, IKEA: a brand in capitals
        elif (
            j > 0
            and not title_case
            and token in capitalised
            and token.start not in sentence_starts
            and word not in lx.NOT_PROPER_NOUNS
            and not word.startswith("i'")  # I'm, I'll, I've, I'd: the pronoun, not a name
            and low[j - 1] not in lx.PLACE_PREPOSITIONS
            and (j < 2 or (low[j - 1], low[j - 2]) != ("can", "i"))  # "so I can ..." after a comma
        ):
            names.append(token.text)  # a proper noun: a brand, product or company
    found, names = unique(found), unique(names)
    if channel is not None and not found and not names:
        return problem("names-solution", prepared.kind, words=quote(channel), reason=_CHANNEL_REASON.format(s="s"))
    if channel is not None:
        found.insert(0, channel)
    if not found and not names:
        return None
    reason = (_SOLUTION_REASON if found else _NAME_REASON).format(s=plural_s(found + names))
    return problem("names-solution", prepared.kind, words=quote_all(found + names), reason=reason)


def _after_instrument(low: list[str], at: int, first: int) -> bool:
    """True when word ``at`` ends a phrase opened by "with", "using", "on", "via" or "through" (at most
    three words back, over describing words: "with a small glucose monitor")."""
    for j in range(at - 1, max(first, at - 4) - 1, -1):
        if low[j] in lx.INSTRUMENT_WORDS:
            return True
        if low[j] in lx.STRONG_CLARIFIERS or low[j] in lx.WEAK_CLARIFIERS or low[j] in ("and", "or"):
            return False
    return False


def wish_end(low: list[str]) -> int | None:
    """Where the statement proper starts after a persona or a wish ("I want to ...", "Customers need
    to ...", "Small teams want to ..."), or None when it opens with neither.

    >>> wish_end("small teams want to share files".split()), wish_end("share files".split())
    (4, None)
    """
    listed = next((o for o in lx.WISH_OPENINGS if tuple(low[: len(o)]) == o), None)
    if listed is None and low and low[0] in lx.SUBJECTS and not (low[0] == "i" and len(low) == 1):
        listed = (low[0],)
    if listed is not None:
        to = next((j for j in range(len(listed) - 1, min(len(low), 8)) if low[j] == "to"), None)
        return to + 1 if to is not None else len(listed)
    if low and lx.verb_form(low[0]) == "base":
        return None  # a command: "Need ..." is handled by the lists, "Plan ..." is the action
    for k in range(1, min(len(low) - 1, 5)):
        if low[k] in lx.WANT_WORDS and low[k + 1] == "to":
            return k + 2
        if tuple(low[k:k + 3]) == ("would", "like", "to"):
            return k + 3
    return None


def is_outcome_word(word: str) -> bool:
    """An outcome or feeling word: listed, or a manner adverb in -ly ('carefully')."""
    if word in lx.OUTCOME_WORDS:
        return True
    return (
        word.endswith("ly")
        and len(word) > 4
        and word not in lx.CIRCUMSTANCE_ADVERBS
        and "ADV" in lx.word_classes(word)
    )


def chained(prepared: Prepared, first: int = 1) -> list[str]:
    """Signs of more than one job: a second sentence, 'then', or 'and' + a verb that opens a new job."""
    tokens, low = prepared.tokens, prepared.low
    found: list[str] = []
    if SENTENCE_BREAK.search(prepared.clean):
        found.append("more than one sentence")
    for j in range(first, len(low) - 1):
        word, following = low[j], low[j + 1]
        if word == "then":
            found.append(tokens[j].text)
        elif word == "or" and any(w in ("whether", "either", "between") for w in low[:j]):
            continue  # "decide whether to repair or replace it" is one choice, not two jobs
        elif word in ("and", "or", "&", "plus") and lx.verb_form(following) == "base":
            after = low[j + 2] if j + 2 < len(low) else ""
            verb_only = "NOUN" not in lx.word_classes(following) and following not in lx.PARTICLES
            opens_object = after in lx.DETERMINERS or after in lx.SUBJECTS
            opens_clause = after in lx.STRONG_CLARIFIERS or after in lx.WEAK_CLARIFIERS or after == "to"
            phrasal = after in lx.PARTICLES  # "Stretch and cool down ..."
            if verb_only or opens_object or opens_clause or phrasal:
                found.append(f"{tokens[j].text} {tokens[j + 1].text}")
    # A list of actions: "Plan, shop for and cook meals ...": the first word, a comma, another verb
    if (len(tokens) > 2 and first == 1 and lx.verb_form(low[0]) == "base"
            and prepared.clean[tokens[0].end:tokens[1].start].strip() == ","
            and lx.verb_form(low[1]) == "base" and low[1] not in lx.SUBJECTS):
        found.insert(0, f"{tokens[0].text}, {tokens[1].text}")
    return unique(found)


def clarifier_start(low: list[str], after: int, end: int) -> int | None:
    """Where the circumstance starts: the first strong marker, else a weak one after the object."""
    strong = next((j for j in range(after, end) if low[j] in lx.STRONG_CLARIFIERS), None)
    if strong is not None:
        return strong
    for j in range(after + 1, end):
        if low[j] in lx.WEAK_CLARIFIERS:
            return j
        if low[j] in lx.TIME_DETERMINERS and j + 1 < end and low[j + 1] in lx.TIME_NOUNS:
            return j  # "Be healthier this year", "Water the plants every morning"
        ends_phrase = j + 1 == end or low[j + 1] in lx.WEAK_CLARIFIERS  # "abroad", not "online shop"
        if low[j] in lx.ADVERB_CLARIFIERS and ends_phrase:
            return j
    return None


# --- wording helpers ------------------------------------------------------------------------------


def quote(text: str) -> str:
    return f"'{text}'"


def quote_all(words: list[str]) -> str:
    quoted = [quote(w) for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def plural_s(words: list[str]) -> str:
    """The verb ending that agrees with a list of words: 'names' for one, 'name' for several."""
    return "s" if len(words) == 1 else ""


def unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))
