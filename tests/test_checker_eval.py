"""The checkers against an expert: the labelled evaluation set in tests/data/checker_eval/ (issue 17).

The set was labelled without running the checkers; tools/checker_eval.py measures agreement, and
`make bench` reports it per checker and per rule. A second set, tests/data/checker_eval_heldout/,
was written by another author after the checkers were fixed against the first, and never used to fix
them: it shows how well the rules carry to statements nobody tuned them on.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import checker_eval  # noqa: E402

from jtbd_kit.rules import EMOTIONAL, JOB_ACTION, JOB_STORY, OUTCOME, RULES, SOCIAL  # noqa: E402

CASES = checker_eval.load_cases()
HELDOUT = REPO / "tests" / "data" / "checker_eval_heldout"
MINIMUM = {JOB_ACTION: 150, OUTCOME: 60, EMOTIONAL: 60, SOCIAL: 60, JOB_STORY: 60}


def test_the_set_is_large_and_spans_domains():
    counts = Counter(case.kind for case in CASES)
    for kind, least in MINIMUM.items():
        assert counts[kind] >= least, (kind, counts[kind])
    assert len(checker_eval.domains(CASES)) >= 8
    for kind in MINIMUM:
        assert len({c.domain for c in CASES if c.kind == kind}) >= 8, kind


@pytest.mark.parametrize("cases", [CASES, checker_eval.load_cases(HELDOUT)], ids=["development", "held-out"])
def test_every_label_is_a_rule_of_its_type_with_a_reason(cases):
    assert cases
    for case in cases:
        assert case.reason.strip() and case.text.strip() and case.domain.strip(), case.source
        for code in case.expect:
            assert code in RULES and case.kind in RULES[code].applies_to, (case.source, code)
    texts = Counter((case.kind, case.text.lower()) for case in cases)
    assert not [text for text, n in texts.items() if n > 1]
    # faults and passes both: a set of only good statements would not test the rules
    for kind in MINIMUM:
        mine = [c for c in cases if c.kind == kind]
        assert 0.3 <= sum(not c.expect for c in mine) / len(mine) <= 0.7, kind


def test_the_two_sets_share_no_statement():
    development = {case.text.lower() for case in CASES}
    assert not [c.text for c in checker_eval.load_cases(HELDOUT) if c.text.lower() in development]


@pytest.mark.parametrize("kind", list(MINIMUM))
def test_each_checker_agrees_with_the_expert_on_97_percent(kind):
    verdicts = checker_eval.judge([case for case in CASES if case.kind == kind])
    rate = checker_eval.by_checker(verdicts)[kind]["rate"]
    misses = [f"{v.case.text!r}: expert {v.case.label}, checker {v.said}" for v in verdicts if not v.agrees]
    assert rate >= checker_eval.TARGET, "\n".join(misses)


def test_the_held_out_set_stays_close():
    """A floor, not the target: the held-out set was measured once as it came (docs/rules.md gives the
    figures); this catches a change that makes the rules fit the development set and nothing else."""
    verdicts = checker_eval.judge(checker_eval.load_cases(HELDOUT))
    agree = sum(v.agrees for v in verdicts) / len(verdicts)
    assert agree >= 0.85, checker_eval.report(verdicts, misses=True)


def test_agreement_is_counted_honestly():
    """An unsure pass is no catch, a wrong code is no catch, and a pass label needs a clean pass."""
    case = checker_eval.Case(SOCIAL, "Be perceived as a pushover", "x", ("negative-perception",), "r", "t")
    unsure = checker_eval.Verdict(case, (), True)
    wrong = checker_eval.Verdict(case, ("wish",), False)
    right = checker_eval.Verdict(case, ("wish", "negative-perception"), False)
    good = checker_eval.Case(SOCIAL, "Be perceived as fair", "x", (), "r", "t")
    assert not unsure.agrees and not wrong.agrees and right.agrees
    assert checker_eval.Verdict(good, (), True).agrees and not checker_eval.Verdict(good, ("wish",), False).agrees


def test_the_report_names_every_checker_and_each_labelled_rule():
    verdicts = checker_eval.judge(CASES)
    text = checker_eval.report(verdicts)
    for kind in MINIMUM:
        assert f"| {kind} |" in text
    for code in {c.expect[0] for c in CASES if c.expect}:
        assert f"`{code}`" in text


def test_the_agreement_section_of_the_rule_reference_is_up_to_date():
    from jtbd_kit.rules import rules_table

    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_table() + "\n" + checker_eval.doc_section(), "docs/rules.md is out of date: run `make docs`"
