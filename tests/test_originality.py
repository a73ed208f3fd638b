"""copied_from(): exercise 03's "your own statement" rule, the same for the learner and the grader.

The grader's copy of the rule lives in the hidden tests of solutions/03 (so that a notebook that
changes the kit cannot change its grade); these tests hold the two together, check that every
statement the rule compares with is one a learner can see, and that the prompt states the rule.
"""

import functools
import re

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import REPO, nbgrader_meta
from jtbd_kit import copied_from, course_outcomes
from jtbd_kit.originality import COURSE_EXAMPLES, MAX_WORDS_APART

EX03 = next((REPO / "solutions").glob("03_*/03_*.ipynb"))
RELEASED = next((REPO / "exercises").glob("03_*/03_*.ipynb"))


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def cell(nb, grade_id):
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)


@functools.lru_cache
def graders_rule(grade_id):
    """The hidden test's own `_copied`, from its definitions (run without the asserts that use them)."""
    source = cell(nbformat.read(EX03, 4), grade_id).source
    hidden = source.split("### BEGIN HIDDEN TESTS", 1)[1]
    definitions = hidden[:hidden.index("# A statement of your own")]
    space = {}
    exec(definitions, space)  # noqa: S102 - the course's own solution notebook
    return space


# ---------------------------------------------------------------- the rule


def test_the_course_statement_itself_and_near_copies_count_as_copies():
    original = "Minimize the time it takes to pack the product"
    assert copied_from(original) == original
    assert copied_from("MINIMIZE the time it takes to pack the product!!") == original  # case, punctuation
    assert copied_from("Minimize the time it takes to wrap the product") == original  # one word swapped
    assert copied_from("Minimize the time it takes to pack the product carefully") == original  # one added
    assert copied_from("Minimize the time it takes to pack up the product safely") == original  # two added
    assert copied_from("Minimize the time it takes to pack the product for the courier safely") is None  # three


def test_a_statement_of_your_own_is_not_a_copy():
    for own in ["Minimize the time it takes to find the receipt the warranty claim needs",
                "Minimize the likelihood that the courier arrives while nobody is at home",
                "Minimize the number of times the customer has to ask for news about the repair"]:
        assert copied_from(own) is None, own


def test_every_course_outcome_is_a_copy_of_itself():
    for statement in course_outcomes():
        assert copied_from(statement) is not None, statement


def test_course_outcomes_hold_the_data_file_and_the_examples():
    from jtbd_kit import load_repair_job

    job = load_repair_job()
    listed = {" ".join(sorted(set(words(t)))) for t in course_outcomes()}
    from jtbd_kit import load_interview_truth

    heard = [s for reading in load_interview_truth("lesson").values() for s in reading.outcomes.values()]
    assert len(heard) >= 6
    for text in [o.statement for o in job.desired_outcomes] + [m.statement for m in job.financial_metrics] \
            + list(COURSE_EXAMPLES) + heard:
        assert " ".join(sorted(set(words(text)))) in listed, text


def test_every_example_is_one_a_learner_can_see():
    """COURSE_EXAMPLES holds only statements the lessons, the kit or exercise 03's prompt show."""
    shown = []
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        shown += [c.source for c in nbformat.read(path, 4).cells]
    shown += [p.read_text(encoding="utf-8") for p in sorted((REPO / "jtbd_kit").glob("*.py"))
              if p.name != "originality.py"]
    shown.append(cell(nbformat.read(RELEASED, 4), "q1-prompt").source)
    text = " ".join(" ".join(words(s)) for s in shown)
    missing = [e for e in COURSE_EXAMPLES if " ".join(words(e)) not in text]
    assert not missing, missing


@pytest.mark.parametrize("value", [None, 3, 2.5, [], {}, b"Minimize the time", "", "   ", "!!!",
                                   "Ｍinimize ťhe ⁂ 🙂", "word " * 200_000, object()])
def test_anything_that_is_not_a_statement_gets_none(value):
    assert copied_from(value) is None


def test_own_examples_replace_the_course_ones():
    assert copied_from("Get the laptop back", examples=["Get the laptop back soon"]) == "Get the laptop back soon"
    assert copied_from("Get the laptop back", examples=[None, 3, "Something else entirely here"]) is None


# ---------------------------------------------------------------- the grader applies the same rule


@pytest.mark.parametrize("grade_id", ["q1-tests-different", "q1-tests-on-topic"])
def test_the_hidden_tests_list_the_same_statements(grade_id):
    space = graders_rule(grade_id)
    ours = sorted(" ".join(words(t)) for t in course_outcomes())
    assert sorted(space["_not_yours"]) == ours


def _variants(statement, rng):
    """The statement with one, two or three words swapped, added or dropped."""
    w = words(statement)
    out = []
    for n in (1, 2, 3):
        swapped, added, dropped = list(w), list(w), list(w)
        for _ in range(n):
            i = rng.randrange(len(swapped))
            swapped[i] = rng.choice(["parcel", "laptop", "courier", "quickly", "fault", "the"])
            added.insert(rng.randrange(len(added) + 1), rng.choice(["new", "broken", "home", "again"]))
            if len(dropped) > 1:
                dropped.pop(rng.randrange(len(dropped)))
        out += [" ".join(swapped), " ".join(added), " ".join(dropped)]
    return out


@pytest.mark.parametrize("grade_id", ["q1-tests-different", "q1-tests-on-topic"])
def test_the_hidden_tests_apply_the_same_rule(grade_id):
    import random

    rng = random.Random(3)
    copied = graders_rule(grade_id)["_copied"]
    probes = [v for s in course_outcomes() for v in [s, *_variants(s, rng)]]
    probes += ["Minimize the time it takes to find the receipt the warranty claim needs", "", "   "]
    disagree = [p for p in probes if copied(p) != (copied_from(p) is not None)]
    assert not disagree, disagree[:5]
    assert sum(copied(p) for p in probes) > len(course_outcomes())  # the probes include copies and not


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_learner_and_grader_agree_on_any_text(text):
    copied = graders_rule("q1-tests-different")["_copied"]
    assert copied(text) == (copied_from(text) is not None)


# ---------------------------------------------------------------- the learner is told


def test_the_prompt_states_the_rule_and_names_the_function():
    prompt = " ".join(cell(nbformat.read(RELEASED, 4), "q1-prompt").source.split())
    assert "at most two words" in prompt and "copied_from(statement)" in prompt and "course_outcomes()" in prompt
    assert MAX_WORDS_APART == 2


def test_the_feedback_cell_says_which_statement_is_not_your_own():
    """Run the released exercise's setup, a Q1 answer with one copy, and the feedback cell."""
    from nbclient import NotebookClient

    nb = nbformat.read(RELEASED, 4)
    answer = ('q1_outcomes = {"describe_problem": ["Minimize the time it takes to wrap the product",\n'
              '    "Minimize the time it takes to find the receipt the warranty claim needs"]}')
    cells = [cell(nb, "setup"), nbformat.v4.new_code_cell(answer), cell(nb, "q1-view")]
    run = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    NotebookClient(run, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(RELEASED.parent)}}).execute()
    printed = "".join(o.get("text", "") for o in run.cells[2].outputs if o.get("output_type") == "stream")
    assert "Not your own" in printed and "'Minimize the time it takes to pack the product'" in printed
    assert printed.count("Not your own") == 1
