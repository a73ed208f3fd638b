"""The rules behind every checker, kept as data.

Each rule has a stable ``code`` (tests, notebooks and graders rely on it, so it never changes), a
learner-worded ``message`` template and a ``hint``, and, for every statement type it applies to, a
``good`` and a ``bad`` example. Where a rule means the same thing for several statement types (a
solution named, a wish instead of a statement, text that is not text) it is one rule with one code.
The tests check every rule against its own examples with the checker of each type, and
``docs/rules.md`` is generated from this table (``make docs``), so the documentation cannot drift.

>>> RULES["no-clarifier"].applies_to
('job action statement',)
>>> RULES["names-solution"].applies_to[:3]
('job action statement', 'outcome statement', 'emotional job')
>>> problem("no-object", word="'Reserve'").message
"'Reserve' is not followed by what it acts on."
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import Problem

__all__ = ["Rule", "RULES", "KINDS", "problem", "rules_table"]

JOB_ACTION = "job action statement"
OUTCOME = "outcome statement"
EMOTIONAL = "emotional job"
SOCIAL = "social job"
JOB_STORY = "job story"
JOB_MAP = "job map"
SCENARIO_CARD = "scenario card"
INTERVIEW_QUESTION = "interview question"
KINDS = (JOB_ACTION, OUTCOME, EMOTIONAL, SOCIAL, JOB_STORY, JOB_MAP, SCENARIO_CARD, INTERVIEW_QUESTION)
STATEMENTS = KINDS[:5]  # the kinds that are one sentence of text
TEXTS = STATEMENTS + (INTERVIEW_QUESTION,)  # every kind that is checked as text
MAX_CHARS = 300


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, how it explains itself, and an example either side of it per type."""

    code: str
    title: str
    message: str
    hint: str
    examples: dict[str, tuple[object, object]]
    note: bool = False  # a note: the checker is unsure, the statement passes, the learner checks


    @property
    def applies_to(self) -> tuple[str, ...]:
        return tuple(self.examples)


# One good example per statement type, reused as the passing side of the shared rules.
GOOD = {
    JOB_ACTION: "Reserve a place to stay while out of town",
    OUTCOME: "Minimize the time it takes to find out what is wrong with the product",
    EMOTIONAL: "Feel confident that the repair will work",
    SOCIAL: "Be perceived as technically savvy by the support team",
    JOB_STORY: "When my laptop stops charging before a deadline, I want to know whether it can be fixed "
               "in time, so I can decide whether to borrow one",
    INTERVIEW_QUESTION: "Tell me about the last time something you own needed fixing",
}


def _each(bad: dict[str, object]) -> dict[str, tuple[object, object]]:
    """Examples for a shared rule: the type's good example against the given bad one."""
    return {kind: (GOOD[kind], example) for kind, example in bad.items()}


_RULES = [
    # --- input that is not a statement at all ---------------------------------------------------
    Rule(
        "not-text",
        "The answer is text",
        "I expected a sentence in quotes, but got {what}.",
        "Write the statement as text between quotes, for example \"{example}\".",
        _each({kind: None for kind in TEXTS}),
    ),
    Rule(
        "empty",
        "The answer has words in it",
        "There is nothing to check yet: {what}.",
        "Type the statement between the quotes, for example \"{example}\".",
        _each({kind: "   " for kind in TEXTS}),
    ),
    Rule(
        "too-long",
        f"The statement is at most {MAX_CHARS} characters",
        "This is {length:,} characters long. A statement is one sentence "
        f"(at most {MAX_CHARS} characters), so I did not check it further.",
        "Keep the heart of the statement; move the rest into your notes.",
        _each({kind: GOOD[kind] + " " + "and more " * 40 for kind in TEXTS}),
    ),
    Rule(
        "odd-characters",
        "The statement is plain words",
        "The text contains characters that do not belong in a statement: {words}.",
        "Retype the statement in plain words; paste it into a plain-text editor first if it "
        "came from a web page or a chat.",
        _each({kind: GOOD[kind] + " \U0001F527" for kind in TEXTS}),
    ),
    Rule(
        "wrong-kind",
        "It is the kind of statement asked for",
        "This reads as {found}, not as {expected}. {difference}",
        "Write it in the form of {expected}, for example \"{example}\".",
        _each({
            JOB_ACTION: "Feel confident that the repair will work",
            OUTCOME: "Be perceived as technically savvy by the support team",
            EMOTIONAL: "Be perceived as patient while a repair takes long",
            SOCIAL: "Feel patient while a repair takes long",
            JOB_STORY: "Minimize the time it takes to describe the fault",
        }),
    ),
    # --- job action statements: the action verb -------------------------------------------------
    Rule(
        "no-verb",
        "It starts with an action verb",
        "A job action statement starts with an action verb, but this starts with {word}, "
        "which {why}.",
        "Put the action first, in the plain command form: \"Reserve ...\", \"Get ...\", "
        "\"Keep ...\". A noun phrase such as \"A place to stay\" names a thing, not the job.",
        _each({JOB_ACTION: "A place to stay while out of town"}),
    ),
    Rule(
        "not-imperative",
        "The verb is in the plain command form",
        "{word} is not the plain command form of the verb.",
        "Write the verb as an instruction: {suggestion}.",
        _each({JOB_ACTION: "Reserved a place to stay while out of town"}),
    ),
    Rule(
        "gerund",
        "The verb is not an -ing form",
        "{word} is an -ing form: it reads like the name of an activity, not an action.",
        "Use the plain command form instead: {suggestion}.",
        _each({
            JOB_ACTION: "Reserving a place to stay while out of town",
            EMOTIONAL: "Feeling confident that the repair will work",
            SOCIAL: "Being perceived as technically savvy by the support team",
        }),
    ),
    Rule(
        "wish",
        "It states the need itself, not a wish or a persona",
        "The statement opens with {word}: that says who wants something, or that they want it, "
        "instead of stating the need itself.",
        "Drop the opening and write the statement itself, for example \"{example}\". Personas "
        "and wishes belong in job stories.",
        _each({
            JOB_ACTION: "I want to reserve a place to stay while out of town",
            OUTCOME: "Customers want to minimize the time it takes to find out what is wrong",
            EMOTIONAL: "I want to feel confident that the repair will work",
            SOCIAL: "I want to be perceived as technically savvy by the support team",
        }),
    ),
    Rule(
        "passive",
        "It is in the active voice",
        "{word} is passive voice: it says what happens to something, not what the job "
        "executor does.",
        "Make the person doing the job the (unspoken) subject: \"Room is reserved\" becomes "
        "\"Reserve a place to stay ...\", \"Be seen by a doctor\" becomes \"Get a diagnosis ...\".",
        _each({JOB_ACTION: "Be booked into a place to stay while out of town"}),
    ),
    # --- objects and clarifiers -----------------------------------------------------------------
    Rule(
        "no-object",
        "It says what the action or the measure is about",
        "{word} is not followed by what it acts on.",
        "Say what it is about, for example \"{example}\".",
        _each({JOB_ACTION: "Reserve while out of town", OUTCOME: "Minimize the time it takes"}),
    ),
    Rule(
        "no-clarifier",
        "It has a contextual clarifier",
        "There is no contextual clarifier: nothing says in which circumstance the job is done.",
        "Add the circumstance at the end, starting with a word such as while, when, before, "
        "after, during or for: \"... while out of town\", \"... before a job interview\", \"... when a "
        "child is ill\".",
        _each({JOB_ACTION: "Reserve a place to stay"}),
    ),
    # --- what statements leave out --------------------------------------------------------------
    Rule(
        "names-solution",
        "It names no solution",
        "{words} {reason}.",
        "Describe what the solution helps the person do, in words that any competing solution "
        "could also serve: \"hotel room\" becomes \"a place to stay\", \"call the GP\" becomes \"get advice "
        "on a symptom\", \"with a budgeting app\" becomes what the app is for.",
        _each({
            JOB_ACTION: "Book a hotel room while out of town",
            OUTCOME: "Minimize the time it takes to find the repair status in the app",
            EMOTIONAL: "Feel confident that the chatbot understood the problem",
            SOCIAL: "Be perceived as tech-savvy on Instagram",
            JOB_STORY: "When my laptop stops charging, I want to open the repair app, so I can book a slot",
            INTERVIEW_QUESTION: "What do you think of our chatbot for booking a repair?",
        }),
    ),
    Rule(
        "several-jobs",
        "It states one thing",
        "This looks like more than one job ({words}).",
        "Keep one. A chain of jobs is a job map (lesson 2), and two feelings or perceptions are "
        "two statements: write one statement each.",
        _each({
            JOB_ACTION: "Find and reserve a place to stay while out of town",
            EMOTIONAL: "Feel confident and respected during the repair",
            SOCIAL: "Be perceived as patient and cooperative by the support team",
        }),
    ),
    Rule(
        "outcome-words",
        "It leaves out outcomes and feelings",
        "{words} describe{s} how well the job goes or how it feels, not the job itself.",
        "Remove it. How fast, easy or reassuring the job is belongs in success statements and "
        "emotional jobs (lesson 3), where it can be measured.",
        _each({JOB_ACTION: "Quickly reserve a place to stay while out of town"}),
    ),
    # --- outcome (success) statements -------------------------------------------------------------
    Rule(
        "no-direction",
        "It starts with a direction of improvement",
        "An outcome statement starts with the direction of improvement, but this starts with {word}.",
        "Start with \"Minimize\" (for time, cost, effort, the number of problems or the likelihood "
        "of something bad) or \"Increase the likelihood that\" (for something good): {example}.",
        _each({OUTCOME: "Reduce the time it takes to find out what is wrong with the product"}),
    ),
    Rule(
        "wrong-direction",
        "The direction fits the metric",
        "{word} goes with the likelihood of something good; with {metric} the customer wants less.",
        "Use \"Minimize\" with time, cost, effort and numbers; keep \"Increase\" for \"the "
        "likelihood that\" something good happens.",
        _each({OUTCOME: "Increase the time it takes to find out what is wrong with the product"}),
    ),
    Rule(
        "no-metric",
        "It names a metric",
        "I could not find a metric after {word}: how would a customer measure this?",
        "Name what is measured: \"the time it takes to ...\", \"the likelihood that ...\", \"the "
        "number of ...\", \"the cost of ...\" or \"the effort required to ...\".",
        _each({OUTCOME: "Minimize problems with the repair"}),
    ),
    Rule(
        "vague-words",
        "It uses measurable words, not vague ones",
        "{words} {is_are} vague: customers and teams will each read {it_them} differently, so {it_they} "
        "cannot be measured.",
        "Say what is measured instead: \"easy\" becomes \"the effort required to ...\", \"fast\" "
        "becomes \"the time it takes to ...\", \"better\" becomes \"the likelihood that ...\".",
        _each({OUTCOME: "Minimize the time it takes to get an easy repair quote"}),
    ),
    Rule(
        "several-outcomes",
        "It states one outcome",
        "This measures more than one thing ({words}).",
        "Split it: one outcome statement per metric, so each can be rated on its own.",
        _each({OUTCOME: "Minimize the time and cost of shipping the product to the repairer"}),
    ),
    Rule(
        "feature-request",
        "It describes the need, not a feature",
        "{words} asks for a feature or tells a product what to do; an outcome statement describes "
        "what the customer wants to achieve.",
        "Ask what the feature would do for the customer, and measure that: \"add a tracking page\" "
        "becomes \"Minimize the time it takes to find out where the product is\", \"the portal should "
        "show grades\" becomes \"Minimize the time it takes to find out how a course is going\".",
        _each({OUTCOME: "The app should show the repair status"}),
    ),
    # --- emotional and social jobs ----------------------------------------------------------------
    Rule(
        "no-feeling",
        "It names a feeling",
        "{word} is not followed by a feeling.",
        "Name one feeling: \"Feel reassured ...\", \"Avoid feeling ignored ...\".",
        _each({EMOTIONAL: "Avoid feeling"}),
    ),
    Rule(
        "negative-feeling",
        "Undesired feelings are written as 'Avoid feeling ...'",
        "{word} is a feeling the customer does not want, written as if they wanted it.",
        "Write undesired feelings as \"Avoid feeling {feeling} ...\", so every statement says "
        "what the customer is after.",
        _each({EMOTIONAL: "Feel frustrated when a repair takes long"}),
    ),
    Rule(
        "avoided-wanted-feeling",
        "'Avoid feeling ...' names a feeling to escape",
        "{word} avoids a feeling people usually want to have.",
        "Write a wanted feeling as \"Feel {feeling} ...\"; keep \"Avoid feeling ...\" for feelings to "
        "escape, such as anxious or ignored.",
        _each({EMOTIONAL: "Avoid feeling happy when the repair is done"}),
    ),
    Rule(
        "no-perception",
        "It names how others should see the person",
        "{word} is not followed by how the person wants to be seen.",
        "Name one trait: \"Be perceived as cooperative ...\", \"Avoid being perceived as rude ...\".",
        _each({SOCIAL: "Be perceived as"}),
    ),
    Rule(
        "negative-perception",
        "Undesired perceptions are written as 'Avoid being perceived as ...'",
        "{word} is a way the person does not want to be seen, written as if they wanted it.",
        "Write it as \"Avoid being perceived as {trait} ...\".",
        _each({SOCIAL: "Be perceived as impatient by the support team"}),
    ),
    Rule(
        "avoided-wanted-perception",
        "'Avoid being perceived as ...' names a way not to be seen",
        "{word} avoids being seen in a way people usually want to be seen.",
        "Write it as \"Be perceived as {trait} ...\"; keep \"Avoid being perceived as ...\" for traits "
        "to escape, such as careless or rude.",
        _each({SOCIAL: "Avoid being perceived as reliable by the repair shop"}),
    ),
    Rule(
        "unsure-feeling",
        "A note: the checker could not tell whether the feeling is wanted",
        "I do not know whether {word} is a feeling people want or one they want to escape; {form} says "
        "you {wanted} it.",
        "Check it yourself: a feeling the person wants is written \"Feel ...\", one they want to escape "
        "\"Avoid feeling ...\". If your form is right, there is nothing to change.",
        _each({EMOTIONAL: "Feel seasick on the ferry to the island"}),
        note=True,
    ),
    Rule(
        "unsure-perception",
        "A note: the checker could not tell whether the trait is wanted",
        "I do not know whether {word} is a way people want to be seen or one they want to avoid; {form} "
        "says you {wanted} it.",
        "Check it yourself: a way the person wants to be seen is written \"Be perceived as ...\", one to "
        "avoid \"Avoid being perceived as ...\". If your form is right, there is nothing to change.",
        _each({SOCIAL: "Be perceived as tall by the support team"}),
        note=True,
    ),
    # --- job stories ------------------------------------------------------------------------------
    Rule(
        "user-story",
        "It starts from a situation, not a persona",
        "This is a user story: it opens with who the user is ({word}) instead of the situation "
        "they are in.",
        "Start with the situation that triggers the need: \"When ..., I want to ..., so I can ...\". "
        "The same person acts differently in different situations; the situation explains why.",
        _each({JOB_STORY: "As a customer, I want to track my repair, so I can plan my week"}),
    ),
    Rule(
        "no-situation",
        "It has a situation: 'When ...'",
        "The job story has no situation: it should open with \"When ...\".",
        "Say what is happening when the need arises: \"When my phone screen cracks the day "
        "before a trip, ...\", \"When a new hire starts on Monday, ...\".",
        _each({JOB_STORY: "I want to know whether the laptop can be fixed, so I can decide what to do"}),
    ),
    Rule(
        "no-motivation",
        "It has a motivation: 'I want to ...'",
        "The job story has no motivation: the \"I want to ...\" part is missing.",
        "Say what the person wants to do in that situation: \"..., I want to know whether it can "
        "be fixed in time, ...\", \"..., I want to cook one menu everyone can eat, ...\".",
        _each({JOB_STORY: "When my laptop stops charging before a deadline, so I can decide what to do"}),
    ),
    Rule(
        "no-outcome",
        "It has an expected outcome: 'so I can ...'",
        "The job story has no expected outcome: the \"so I can ...\" part is missing.",
        "Say what getting it done makes possible: \"..., so I can finish my work on time\", \"..., so "
        "the day team can act on it\".",
        _each({JOB_STORY: "When my laptop stops charging before a deadline, I want to know whether it can be fixed"}),
    ),
    Rule(
        "empty-slot",
        "Every part is filled in",
        "The {part} is still a blank ({words}).",
        "Fill in the blank with the real situation, motivation or outcome.",
        _each({JOB_STORY: "When I _____, I want to _____, so I can _____"}),
    ),
]

# --- job maps: examples are (job, steps) values; the tests build a JobMap from each ---------------
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


def _map_with(*changes: tuple[int, tuple[str, str | None] | None]) -> tuple[str, list]:
    steps = list(_GOOD_MAP[1])
    for index, step in changes:
        steps[index] = step
    return _JOB, [step for step in steps if step is not None]


def _rules_for(kind: str, good: object):
    """A maker of rules for one statement type whose good example is always ``good``."""
    def make(code: str, title: str, message: str, hint: str, bad: object) -> Rule:
        return Rule(code, title, message, hint, {kind: (good, bad)})
    return make


_map_rule = _rules_for(JOB_MAP, _GOOD_MAP)


_RULES += [
    _map_rule(
        "not-a-job-map",
        "The answer is a job map",
        "I expected a job map (JobMap(job, steps) with steps as (statement, phase) pairs), but got {what}.",
        "Build it like JobMap(\"Get ...\", [(\"Find a repair service\", \"locate\"), ...]).",
        None,
    ),
    _map_rule(
        "no-steps",
        "The map has steps",
        "The job map has no steps yet.",
        "Add one step per phase to start: what must the person do to define, locate, prepare, ... the job?",
        (_JOB, []),
    ),
    _map_rule(
        "unknown-phase",
        "Each step sits in a phase of the map",
        "Step {number} is placed in {phase}, which is not a phase of this map ({phases}).",
        "Use one of the phase names. If your team really needs another phase, extend the template on "
        "purpose: UNIVERSAL_JOB_MAP.extended(id, name, purpose, after=...).",
        _map_with((4, ("Carry the boxes into the new flat", "troubleshoot"))),
    ),
    _map_rule(
        "no-phase",
        "Every step has a phase",
        "Step{s} {numbers} ha{ve} no phase yet.",
        "Choose a phase for each step: which of define, locate, prepare, confirm, execute, monitor, "
        "modify or conclude does it serve?",
        _map_with((2, ("Pack belongings into labelled boxes", None))),
    ),
    _map_rule(
        "phase-order",
        "Phases come in order",
        "Step {number} ({step}) is in '{phase}', which breaks the order of the steps around it.",
        "A job map runs from define to conclude: move the step, or check the phase you chose for it.",
        _map_with((0, ("Check that every box has arrived", "monitor")),
                  (5, ("Decide which neighbourhood to live in", "define"))),
    ),
    _map_rule(
        "phase-gap",
        "Every phase has a step",
        "No step yet in: {phases}.",
        "Every job passes through every phase, even briefly. For the first gap, ask what the person "
        "must do to {question}.",
        _map_with((3, None)),
    ),
    _map_rule(
        "names-channel",
        "Steps name no channel",
        "Step {number} ({step}) says through which channel it is done: '{channel}'. A channel is one way "
        "of getting the step done, and the map should hold for every way.",
        "Leave the channel out: 'Find flats that fit the budget', not '... online'. If a study is about one "
        "channel on purpose, say so in the job statement ('... through an online platform'); every step "
        "inherits it, and the steps may then name it.",
        _map_with((1, ("Find flats that fit the budget online", "locate"))),
    ),
    _map_rule(
        "duplicate-step",
        "Each step appears once",
        "Step {number} ({step}) repeats step {first}.",
        "Remove the copy, or say what is different about the second step.",
        (_JOB, _GOOD_MAP[1] + [_GOOD_MAP[1][-1]]),
    ),
]

# --- scenario cards: examples are keyword arguments of ScenarioCard -------------------------------------
_GOOD_CARD = {
    "scenario": "A parcel with a birthday gift is late the day before the party",
    "surface_job": "Track the parcel",
    "real_jobs": [("Get the gift to the party on time", "functional"),
                  ("Avoid feeling embarrassed in front of the family", "emotional")],
    "actions": [("Give an immediate update on where the parcel is", "Get the gift to the party on time"),
                ("Offer a digital gift card as a backup", "Avoid feeling embarrassed in front of the family")],
}


def _card_with(**changes: object) -> dict:
    return {**_GOOD_CARD, **changes}


_card_rule = _rules_for(SCENARIO_CARD, _GOOD_CARD)


_RULES += [
    _card_rule(
        "not-a-card",
        "The answer is a scenario card",
        "I expected a scenario card (ScenarioCard(scenario=..., surface_job=..., real_jobs=[...], actions=[...])), "
        "but got {what}.",
        "Build it with ScenarioCard(...), or with the card builder in the lesson, and assign the result.",
        None,
    ),
    _card_rule(
        "too-many-items",
        "The card is small enough to read",
        "This card has {jobs:,} real jobs and {actions:,} actions; a card holds at most {limit} of each.",
        "A scenario card is for one customer moment: keep the few real jobs that matter most, and one or two "
        "actions for each.",
        _card_with(real_jobs=[(f"Get item {n} of the order delivered", "functional") for n in range(1, 52)]),
    ),
    _card_rule(
        "missing-field",
        "The scenario and the surface job are filled in",
        "The {field} is missing.",
        "The scenario is the trigger (what happened); the surface job is what the customer asks for.",
        _card_with(surface_job=""),
    ),
    _card_rule(
        "unknown-dimension",
        "Each real job is functional, emotional or social",
        "Real job {number} is tagged {dimension}; use \"functional\", \"emotional\" or \"social\".",
        "Functional: something to get done. Emotional: how the customer wants to feel. Social: how they "
        "want others to see them.",
        _card_with(real_jobs=[("Get the gift to the party on time", "practical"),
                              ("Avoid feeling embarrassed in front of the family", "emotional")]),
    ),
    _card_rule(
        "no-functional-job",
        "At least one real job is functional",
        "No real job is functional: what is the customer trying to get done?",
        "Add the practical job behind the request, for example \"Get the gift to the party on time\".",
        _card_with(real_jobs=_GOOD_CARD["real_jobs"][1:], actions=_GOOD_CARD["actions"][1:]),
    ),
    _card_rule(
        "no-emotional-or-social-job",
        "At least one real job is emotional or social",
        "No real job is emotional or social: how does the customer want to feel, or to be seen?",
        "Add one, for example \"Avoid feeling embarrassed in front of the family\" (emotional) or "
        "\"Be perceived as reliable by the family\" (social).",
        _card_with(real_jobs=_GOOD_CARD["real_jobs"][:1], actions=_GOOD_CARD["actions"][:1]),
    ),
    _card_rule(
        "surface-as-real-job",
        "The surface job is not repeated as a real job",
        "Real job {number} repeats the surface job: it is what the customer asked for, not what they need.",
        "Ask why the customer wants the surface job done: the answer is the real job.",
        _card_with(real_jobs=_GOOD_CARD["real_jobs"] + [("Track the parcel", "functional")],
                   actions=_GOOD_CARD["actions"] + [("Send the tracking link", "Track the parcel")]),
    ),
    _card_rule(
        "action-serves-nothing",
        "Every action serves a named real job",
        "Action {number} serves {serves}, which is not one of the card's real jobs.",
        "Copy the real job's text exactly into the action's 'serves', or add the job it serves.",
        _card_with(actions=_GOOD_CARD["actions"] + [("Apologise for the delay", "Keep the customer happy")]),
    ),
    _card_rule(
        "job-without-action",
        "Every real job has an action",
        "Real job {number} ({job}) has no action in the plan.",
        "Add at least one action that serves it; a real job nobody acts on stays undone.",
        _card_with(actions=_GOOD_CARD["actions"][:1]),
    ),
]

# --- interview questions -------------------------------------------------------------------------
_question_rule = _rules_for(INTERVIEW_QUESTION, GOOD[INTERVIEW_QUESTION])

_RULES += [
    _question_rule(
        "leading",
        "It does not suggest the answer",
        "{words} suggests the answer you expect, so the person is likely to agree instead of telling "
        "you what happened.",
        "Ask neutrally about what happened: \"What was that like?\" rather than \"Wasn't that annoying?\"",
        "Don't you think waiting a week for a repair is too long?",
    ),
    _question_rule(
        "hypothetical",
        "It asks about what happened, not an imagined future",
        "{words} asks the person to imagine a future. People predict their own behaviour badly; what "
        "they did last time is what tells you about the job.",
        "Ask about a real past event: \"Tell me about the last time ...\", \"What did you do when ...?\"",
        "Would you pay more for a repair that comes back in two days?",
    ),
    _question_rule(
        "asks-how",
        "It asks what the person was trying to get done, not how they use a solution",
        "{words} asks how the person uses (or would use) a way of getting the job done. That keeps the "
        "talk on today's solution; start with what they were trying to get done, and come to the how later.",
        "Ask what they were trying to do and why: \"What were you trying to get done when ...?\"",
        "How do you use the status page while your laptop is away?",
    ),
    _question_rule(
        "yes-no",
        "It is open: it cannot be answered with yes or no",
        "{words} can be answered with yes or no, which ends the story where it should start.",
        "Open it up: \"What happened when ...?\", \"Tell me about ...\", \"What made you ...?\"",
        "Was the repair quick?",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def problem(code: str, kind: str | None = None, **details: object) -> Problem:
    """Build the :class:`Problem` for rule ``code``, filling its message and hint with ``details``.

    ``{example}`` in a hint becomes the rule's good example for ``kind`` (the statement type being
    checked), so a shared rule shows an example of the right type.

    >>> problem("empty", kind=OUTCOME, what="the text is empty").hint.startswith('Type the statement')
    True
    """
    rule = RULES[code]
    kind = kind if kind in rule.examples else rule.applies_to[0]
    details.setdefault("example", rule.examples[kind][0])
    return Problem(code, rule.message.format(**details).strip(), rule.hint.format(**details).strip())


def rules_table() -> str:
    """The rule reference as Markdown: one table per statement type (written to ``docs/rules.md``)."""
    lines = [
        "# Rule reference",
        "",
        "Generated from `jtbd_kit/rules.py` by `make docs` (`python -m jtbd_kit.rules`); do not edit by hand.",
        "Each rule has a stable code. A code shared by several statement types means the same thing in each.",
    ]
    for kind in KINDS:
        lines += ["", f"## {kind.capitalize()}", "", "| code | rule | passes | fails |", "| --- | --- | --- | --- |"]
        for rule in _RULES:
            if kind in rule.examples:
                good, bad = rule.examples[kind]
                lines.append(f"| `{rule.code}` | {rule.title} | {_example(good)} | {_example(bad)} |")
    return "\n".join(lines) + "\n"


def _example(value: object) -> str:
    if isinstance(value, dict):  # a scenario card
        dims = ", ".join(dim for _, dim in value.get("real_jobs", [])) or "none"
        surface = value.get("surface_job") or "(missing)"
        return f"surface job: {surface}; real jobs: {dims}; {len(value.get('actions', []))} action(s)"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        phases = [phase or "(no phase)" for _, phase in value[1]]
        return " → ".join(phases) if phases else "no steps"
    if not isinstance(value, str):
        return f"`{value!r}`"
    shown = value if len(value) <= 70 else value[:67] + "..."
    return shown.replace("|", "\\|") if shown.strip() else f"`{value!r}`"


if __name__ == "__main__":  # pragma: no cover - exercised through `make docs`
    print(rules_table(), end="")
