"""Every rule is checked against its own good and bad example, with the checker for its statement type."""

import pytest

from jtbd_kit import JobMap, check_job_action, check_job_map
from jtbd_kit.rules import RULES, rules_table

CHECKERS = {
    "job action statement": check_job_action,
    "job map": lambda example: check_job_map(JobMap(*example) if isinstance(example, tuple) else example),
}


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_against_its_own_examples(rule):
    for kind in rule.applies_to:
        check = CHECKERS[kind]
        assert check(rule.good).passed, f"{rule.code}: its good example {rule.good!r} does not pass"
        assert rule.code in check(rule.bad).codes, f"{rule.code}: its bad example {rule.bad!r} is not flagged"


def test_rule_codes_are_stable_names():
    for rule in RULES.values():
        assert rule.code == rule.code.lower() and " " not in rule.code
        assert rule.title and rule.message and rule.hint
        assert set(rule.applies_to) <= set(CHECKERS)


def test_the_reference_lists_every_rule():
    table = rules_table()
    assert all(f"`{code}`" in table for code in RULES)
