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

import re
import unicodedata
from dataclasses import dataclass

from . import lexicon as lx
from .feedback import CheckResult, Problem
from .rules import JOB_ACTION, MAX_CHARS, problem

__all__ = ["JobActionParts", "check_job_action"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_SENTENCE_BREAK = re.compile(r"[.;!?]\s+\S")
_ODD_CATEGORIES = {"Cc", "Co", "Cs", "Cn", "So", "Sk"}
_QUOTES = "\"'\u2018\u2019\u201c\u201d`"


@dataclass(frozen=True)
class JobActionParts:
    """The three parts of a job action statement as the checker found them (None when missing)."""

    verb: str | None = None
    object: str | None = None
    clarifier: str | None = None


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("\u2019", "'")


def check_job_action(text: object) -> CheckResult:
    """Check one job action statement and explain what, if anything, to fix.

    Accepts any value: anything that is not a usable sentence comes back as a result whose problem
    says what is wrong, never as an exception.

    >>> print(check_job_action("Quickly book a cheap hotel"))
    Job action statement: 'Quickly book a cheap hotel'
      verb: book | object: a cheap hotel | clarifier: (none)
    3 things to fix:
      - [no-clarifier] There is no contextual clarifier: nothing says in which circumstance the job is done.
        Hint: Add the circumstance at the end, starting with a word such as while, when, before, after, during or for: "... while out of town".
      - [names-solution] 'hotel' names a solution (a product, a brand or a way of doing the job), so the statement describes one answer instead of the job.
        Hint: Describe what the solution helps the person do, in words that any competing solution could also serve: "hotel room" becomes "a place to stay".
      - [outcome-words] 'Quickly' and 'cheap' describe how well the job goes or how it feels, not the job itself.
        Hint: Remove it. How fast, easy or reassuring the job is belongs in success statements and emotional jobs (lesson 3), where it can be measured.
    """
    if not isinstance(text, str):
        return CheckResult(JOB_ACTION, "", [problem("not-text", what=_describe(text))])
    if len(text) > MAX_CHARS:
        return CheckResult(JOB_ACTION, text, [problem("too-long", length=len(text))])

    problems: list[Problem] = []
    clean, odd = _clean(text)
    if odd:
        problems.append(problem("odd-characters", words=_quote_all(odd)))
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(clean)]
    if not tokens:
        problems.append(problem("empty", what=_why_empty(text)))
        return CheckResult(JOB_ACTION, text, problems)

    low = [t.low for t in tokens]
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
        verb = clean[tokens[verb_at].start:tokens[object_from - 1].end]
    clarifier_at = _clarifier_start(low, start if passive_at is not None else object_from, end)
    if clarifier_at is not None and clarifier_at + 1 >= end and low[clarifier_at] not in lx.ADVERB_CLARIFIERS:
        clarifier_at = None  # a closing "before" or "on" opens no circumstance: it stays in the object
    object_end = clarifier_at if clarifier_at is not None else end
    if passive_at is not None and passive_at > 0:
        object_end = passive_at
    obj = _span(clean, tokens, object_from, object_end)
    clarifier = _span(clean, tokens, clarifier_at, end) if clarifier_at is not None else None
    parts = JobActionParts(verb, obj, clarifier)

    if verb is not None and obj is None:
        problems.append(problem("no-object", word=_quote(verb)))
    if clarifier is None:
        problems.append(problem("no-clarifier"))
    solutions, names = _solution_words(clean, tokens, low, verb_at)
    if solutions or names:
        reason = (_SOLUTION_REASON if solutions else _NAME_REASON).format(s=_s(solutions + names))
        problems.append(problem("names-solution", words=_quote_all(solutions + names), reason=reason))
    chains = _chained_jobs(clean, tokens, low)
    if chains:
        problems.append(problem("several-jobs", words=_quote_all(chains)))
    outcomes = _outcome_words(tokens, low)
    if outcomes:
        problems.append(problem("outcome-words", words=_quote_all(outcomes), s=_s(outcomes)))
    return CheckResult(JOB_ACTION, text, problems, parts)


# --- cleaning -------------------------------------------------------------------------------------


def _describe(value: object) -> str:
    if value is None:
        return "None (nothing was assigned yet)"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, (int, float, complex)):
        return f"the number {value!r}"
    if isinstance(value, (bytes, bytearray)):
        return "bytes (a b'...' value); write ordinary text instead"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        kind = type(value).__name__
        return f"a {kind} of {len(value)} item(s); check one statement at a time"
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
    return "the text holds no words, only symbols or punctuation"


# --- the opening and the verb ---------------------------------------------------------------------


def _find_action_start(tokens: list[_Token], low: list[str]) -> tuple[int, list[Problem], int | None]:
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
            passive = problem("passive", word=_quote(f"{tokens[j].text} {tokens[j + 1].text}"))
            return j + 2, [passive], j
    opening = next((o for o in lx.WISH_OPENINGS if tuple(low[: len(o)]) == o), None)
    if opening is None and low[0] in lx.SUBJECTS and not (low[0] == "i" and n == 1):
        opening = (low[0],)
    if opening is not None:
        to = next((j for j in range(len(opening) - 1, min(n, 8)) if low[j] == "to"), None)
        start = to + 1 if to is not None else len(opening)
        shown = " ".join(t.text for t in tokens[:start]) if to is not None else tokens[0].text
        found = [problem("wish", word=_quote(shown))]
        if start >= n:
            found.append(problem("no-verb", word=_quote(shown), why="is not followed by an action"))
        return start, found, None
    if n > 1 and (low[0] in lx.SOFT_OPENINGS or _is_outcome_word(low[0])) and lx.verb_form(low[1]):
        return 1, [], None  # "Quickly reserve ...": the verb is the next word; outcome-words flags the adverb
    if low[0] == "to" and n > 1:
        suggestion = _quote(f"{tokens[1].text.capitalize()} ...")
        return 1, [problem("not-imperative", word=_quote("To " + tokens[1].text), suggestion=suggestion)], None
    return 0, [], None


def _verb_form_problem(token: _Token, low: list[str], at: int) -> Problem | None:
    word = token.low
    word_shown = _quote(token.text)
    if word in lx.DETERMINERS or word in lx.SUBJECTS:
        return problem("no-verb", word=word_shown, why="opens a noun phrase")
    if word in lx.QUESTION_WORDS:
        return problem("no-verb", word=word_shown, why="opens a question")
    form = lx.verb_form(word)
    if form == "base":
        classes = lx.word_classes(word)
        if at + 1 < len(low) and low[at + 1] == "of" and "NOUN" in classes:
            return problem("no-verb", word=word_shown, why=f"reads as a noun here ('{token.text} of ...')")
        return None
    if form in ("gerund", "past", "third-person"):
        suggestion = _quote(f"{(lx.base_form(word) or word[:-3]).capitalize()} ...")
        code = "gerund" if form == "gerund" else "not-imperative"
        return problem(code, word=word_shown, suggestion=suggestion)
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
    return problem("no-verb", word=word_shown, why=why)


# --- object and clarifier -------------------------------------------------------------------------


def _purpose_start(low: list[str]) -> int:
    for j in range(len(low)):
        for phrase in (("so", "that"), ("so", "i"), ("so", "we"), ("so", "they"), ("in", "order", "to")):
            if tuple(low[j:j + len(phrase)]) == phrase:
                return j
    return len(low)


def _clarifier_start(low: list[str], after: int, end: int) -> int | None:
    strong = next((j for j in range(after, end) if low[j] in lx.STRONG_CLARIFIERS), None)
    if strong is not None:
        return strong
    for j in range(after + 1, end):
        if low[j] in lx.WEAK_CLARIFIERS:
            return j
        ends_phrase = j + 1 == end or low[j + 1] in lx.WEAK_CLARIFIERS  # "abroad", not "online shop"
        if low[j] in lx.ADVERB_CLARIFIERS and ends_phrase:
            return j
    return None


def _span(clean: str, tokens: list[_Token], start: int | None, end: int) -> str | None:
    if start is None or start >= end:
        return None
    return clean[tokens[start].start:tokens[end - 1].end]


# --- what a job action statement leaves out -------------------------------------------------------


_SOLUTION_REASON = (
    "name{s} a solution (a product, a brand or a way of doing the job), so the statement describes "
    "one answer instead of the job"
)
_NAME_REASON = (
    "look{s} like a name (capitalised in mid-sentence). A brand or product name ties the job to "
    "one solution, and a place or company name makes it narrower than the job"
)


def _solution_words(
    clean: str, tokens: list[_Token], low: list[str], verb_at: int | None
) -> tuple[list[str], list[str]]:
    """Words that name a solution, and capitalised words that look like names."""
    found: list[str] = []
    names: list[str] = []
    if verb_at is not None:
        pair = tuple(low[verb_at:verb_at + 2])
        if low[verb_at] in lx.SOLUTION_VERBS:
            found.append(tokens[verb_at].text)
        elif pair in lx.SOLUTION_VERB_PHRASES:
            found.append(f"{tokens[verb_at].text} {tokens[verb_at + 1].text}")
    capitalised = [t for t in tokens if t.text[:1].isupper() and not t.text.isupper()]
    sentence_starts = {m.end() - 1 for m in _SENTENCE_BREAK.finditer(clean)}
    title_case = len(tokens) >= 3 and len(capitalised) >= 0.6 * len(tokens)
    for j, token in enumerate(tokens):
        word = low[j]
        if word in lx.SOLUTION_NOUNS or word in lx.BRANDS or word in ("using", "utilising", "utilizing"):
            found.append(token.text)
        elif token.text[:1].islower() and any(ch.isupper() for ch in token.text[1:]):
            found.append(token.text)  # iPhone, eBay
        elif (
            j > 0
            and not title_case
            and token in capitalised
            and token.start not in sentence_starts
            and word not in lx.NOT_PROPER_NOUNS
            and low[j - 1] not in lx.PLACE_PREPOSITIONS
        ):
            names.append(token.text)  # a proper noun: a brand, product, company or place
    return _unique(found), _unique(names)


def _chained_jobs(clean: str, tokens: list[_Token], low: list[str]) -> list[str]:
    found: list[str] = []
    if _SENTENCE_BREAK.search(clean):
        found.append("more than one sentence")
    for j in range(1, len(low) - 1):
        word, following = low[j], low[j + 1]
        if word == "then":
            found.append(tokens[j].text)
        elif word in ("and", "or", "&", "plus") and lx.verb_form(following) == "base":
            after = low[j + 2] if j + 2 < len(low) else ""
            verb_only = "NOUN" not in lx.word_classes(following) and following not in lx.PARTICLES
            opens_object = after in lx.DETERMINERS or after in lx.SUBJECTS
            opens_clause = after in lx.STRONG_CLARIFIERS or after in lx.WEAK_CLARIFIERS or after == "to"
            if verb_only or opens_object or opens_clause:
                found.append(f"{tokens[j].text} {tokens[j + 1].text}")
    return _unique(found)


def _outcome_words(tokens: list[_Token], low: list[str]) -> list[str]:
    found: list[str] = []
    for j, word in enumerate(low):
        for phrase in lx.OUTCOME_PHRASES:
            if tuple(low[j:j + len(phrase)]) == phrase:
                found.append(" ".join(t.text for t in tokens[j:j + len(phrase)]))
        if _is_outcome_word(word):
            found.append(tokens[j].text)
    return _unique(found)


def _is_outcome_word(word: str) -> bool:
    """An outcome or feeling word: listed, or a manner adverb in -ly ('carefully')."""
    if word in lx.OUTCOME_WORDS:
        return True
    return (
        word.endswith("ly")
        and len(word) > 4
        and word not in lx.CIRCUMSTANCE_ADVERBS
        and "ADV" in lx.word_classes(word)
    )


# --- wording helpers ------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return f"'{text}'"


def _quote_all(words: list[str]) -> str:
    quoted = [_quote(w) for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _s(words: list[str]) -> str:
    """The verb ending that agrees with a list of words: 'names' for one, 'name' for several."""
    return "s" if len(words) == 1 else ""


def _unique(words: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        seen.setdefault(word, None)
    return list(seen)
