"""Every rule is checked against its own good and bad example, with the checker for its statement type."""

import pytest

from jtbd_kit import (JobMap, ScenarioCard, check_emotional_job, check_scenario_card, check_job_action, check_job_map, check_job_story,
                      check_interview_question, check_outcome, check_social_job)
from jtbd_kit.rules import KINDS, RULES, rules_table

CHECKERS = {
    "job action statement": check_job_action,
    "outcome statement": check_outcome,
    "emotional job": check_emotional_job,
    "social job": check_social_job,
    "job story": check_job_story,
    "job map": lambda example: check_job_map(JobMap(*example) if isinstance(example, tuple) else example),
    "scenario card": lambda example: check_scenario_card(ScenarioCard(**example) if isinstance(example, dict) else example),
    "interview question": check_interview_question,
}


CASES = [(rule, kind) for rule in RULES.values() for kind in rule.applies_to]


@pytest.mark.parametrize(("rule", "kind"), CASES, ids=[f"{rule.code}:{kind}" for rule, kind in CASES])
def test_every_rule_against_its_own_examples(rule, kind):
    good, bad = rule.examples[kind]
    check = CHECKERS[kind]
    assert check(good).passed, f"{rule.code} ({kind}): its good example {good!r} does not pass:\n{check(good)}"
    found = check(bad)
    if rule.note:  # a note: the statement passes, and the checker says what it could not decide
        assert found.passed and rule.code in found.note_codes, f"{rule.code} ({kind}): {bad!r}:\n{found}"
    else:
        assert rule.code in found.codes, f"{rule.code} ({kind}): its bad example {bad!r} is not flagged:\n{found}"
    assert not check(good).notes, f"{rule.code} ({kind}): its good example {good!r} gets a note:\n{check(good)}"


def test_every_checker_is_covered():
    assert set(CHECKERS) == set(KINDS)


def test_rule_codes_are_stable_names():
    for rule in RULES.values():
        assert rule.code == rule.code.lower() and " " not in rule.code
        assert rule.title and rule.message and rule.hint
        assert set(rule.applies_to) <= set(CHECKERS)


def test_shared_codes_carry_an_example_of_the_right_type_in_their_hint():
    for kind in ("outcome statement", "emotional job", "job story"):
        found = CHECKERS[kind]("   ").problems[0]
        assert found.code == "empty" and RULES["empty"].examples[kind][0] in found.hint


def test_the_reference_lists_every_rule():
    table = rules_table()
    assert all(f"`{code}`" in table for code in RULES)
