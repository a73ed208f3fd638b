"""Concept questions (jtbd_kit.concepts): every option explains itself, nothing a learner does raises."""

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import concept_questions, notebooks_in
from jtbd_kit import ConceptQuestion, concept_question, explain_choice
from jtbd_kit.concepts import ConceptQuestionError
from jtbd_kit.widgets import concept_html

OPTIONS = [("Plan", False, "That is the action verb."),
           ("a weekly menu", False, "That is the object."),
           ("for a family of four", True, "It says in what circumstance the job is done.")]


def test_the_chosen_option_says_whether_it_is_right_and_why():
    q = ConceptQuestion("Which part is the clarifier?", OPTIONS)
    assert explain_choice(q, "for a family of four") == "Right. It says in what circumstance the job is done."
    assert explain_choice(q, "Plan") == "Not quite. That is the action verb."
    assert explain_choice(q, 1) == "Not quite. That is the object."
    assert explain_choice(q, q.options[2]).startswith("Right.")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.lists(st.integers())))
def test_anything_else_gets_an_instruction_not_an_error(choice):
    q = ConceptQuestion("Which part is the clarifier?", OPTIONS)
    text = explain_choice(q, choice)
    assert text.startswith(("Right.", "Not quite.", "Pick"))
    if choice not in ("Plan", "a weekly menu", "for a family of four", 0, 1, 2) or isinstance(choice, bool):
        assert text.startswith("Pick")


@pytest.mark.parametrize("question, options, says", [
    ("", OPTIONS, "question as text"),
    ("Q?", OPTIONS[:1], "at least two options"),
    ("Q?", [("a", False, "x"), ("b", False, "y")], "None of the options is marked right"),
    ("Q?", [("a", True, ""), ("b", False, "y")], "Each option needs"),
    ("Q?", [("a", True, "x"), ("a", False, "y")], "same text"),
    ("Q?", [("a", True), ("b", False, "y")], "(text, right, why)"),
    ("Q?", None, "(text, right, why)"),
])
def test_a_question_that_cannot_be_asked_says_what_to_fix(question, options, says):
    with pytest.raises(ConceptQuestionError, match=None) as raised:
        ConceptQuestion(question, options)
    assert says in str(raised.value)


def test_the_widget_shows_the_explanation_of_the_ticked_option():
    box = concept_question("Which part is the clarifier?", OPTIONS)
    assert box.feedback.value == ""
    box.button.click()
    assert "Pick an answer first" in box.feedback.value
    box.choices.value = "a weekly menu"
    box.button.click()
    assert box.feedback.value == concept_html(box.question, "a weekly menu") and "Not quite." in box.feedback.value
    box.choices.value = "for a family of four"
    box.button.click()
    assert "Right." in box.feedback.value


def test_every_concept_question_in_the_lessons_has_a_right_answer_and_explains_every_option():
    asked = [(path.name, q) for path in notebooks_in("notebooks") for q in concept_questions(path).values()]
    for lesson in ("01_", "02_", "03_", "04_", "05_", "06_", "07_"):
        assert len([a for a in asked if a[0].startswith(lesson)]) >= 2, lesson
    for name, q in asked:
        assert sum(o.right for o in q.options) == 1, (name, q.question)
        assert all(len(o.why.split()) >= 5 for o in q.options), (name, q.question)


def test_think_it_over_model_answers_are_hidden_until_opened_and_give_no_graded_answer():
    """A model answer sits in a closed <details> block after the prompts; where a prompt is also a
    graded question, the block says so instead of answering it."""
    import re

    found = 0
    prompts_seen = 0
    for path in notebooks_in("notebooks"):
        for cell in nbformat.read(path, 4).cells:
            if cell.source and "Think it over" in cell.source.splitlines()[0]:
                prompts_seen += 1
                assert "<details>" in cell.source, f"{path.name}: its Think it over has no model answers"
                found += 1
                block = cell.source[cell.source.index("<details>"):]
                assert "<details open" not in cell.source and "<summary>" in block and block.rstrip().endswith("</details>")
                prompts = len(re.findall(r"^\d+\. ", cell.source[:cell.source.index("<details>")], re.M))
                answers = len(re.findall(r"^\d+\.", block, re.M))
                assert answers >= prompts - 1, path.name  # "1. and 2." answers two prompts at once
    assert found == prompts_seen >= 6
