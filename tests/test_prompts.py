"""A hidden test checks only what its prompt asks for: the words a hidden test rejects are named in the prompt.

Read from the solution notebooks, so a word added to a hidden test without the prompt fails here.
"""

import ast
import re

import nbformat

from helpers import REPO


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _set_words(code):
    """Every string in the set literals of a piece of Python (the word lists of a hidden test)."""
    words = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Set):
            words |= {elt.value for elt in node.elts if isinstance(elt, ast.Constant) and isinstance(elt.value, str)}
    return words


def test_every_word_ex01_q3s_hidden_test_rejects_is_named_in_its_prompt():
    nb = nbformat.read(REPO / "solutions/01_job_action_statements/01_job_action_statements.ipynb", as_version=4)
    banned = _set_words(_cell(nb, "q3-tests-hidden").source)
    assert len(banned) > 50, "the hidden test's word lists were not found"
    prompt = set(re.findall(r"[a-z]+", _cell(nb, "q3-prompt").source.lower()))
    # "with their plurals": apps for app, taxis for taxi
    unnamed = sorted(w for w in banned if w not in prompt and not (w.endswith("s") and w[:-1] in prompt))
    assert not unnamed, f"Q3's hidden test rejects words its prompt never names: {unnamed}"


def test_every_test_cell_with_hidden_tests_says_so_in_its_first_line():
    from helpers import assignments

    unsaid = []
    for assignment, source in assignments():
        for cell in nbformat.read(source, as_version=4).cells:
            first = cell.source.splitlines()[0] if cell.source else ""
            if "BEGIN HIDDEN TESTS" in cell.source and "hidden test" not in first.lower():
                unsaid.append(f"{assignment} {cell.metadata['nbgrader']['grade_id']}: {first[:80]}")
    assert not unsaid, "\n".join(unsaid)


def test_every_exercise_says_what_validates_success_means():
    """nbgrader's Validate says "Success!" when the visible checks pass, which they do for any answer
    of the right form; the words are nbgrader's own, so every exercise says what they mean."""
    import nbformat

    from helpers import notebooks_in

    for path in notebooks_in("exercises", "*/*.ipynb"):
        submit = next(c for c in nbformat.read(path, 4).cells if c.get("id") == "submit")
        text = " ".join(submit.source.split())
        assert "Success!" in text and "not that they are right" in text and "hidden tests" in text, path.name
