"""The practice box: a thin widget layer over the checker, tested without a browser."""

from jtbd_kit import check_job_action, practice_box
from jtbd_kit.widgets import feedback_html


def test_typing_and_pressing_enter_shows_the_feedback():
    box = practice_box()
    assert box.feedback.value == ""
    box.text.value = "Book a hotel room"
    assert "names-solution" in box.feedback.value and "to fix" in box.feedback.value
    box.text.value = "Reserve a place to stay while out of town"
    assert "no problems found" in box.feedback.value


def test_the_check_button_checks_the_current_text():
    box = practice_box()
    box.text.value = ""
    box.button.click()
    assert "nothing to check" in box.feedback.value.lower()
    assert box.text.value == ""


def test_a_failing_checker_keeps_the_box_working():
    def broken(text):
        raise ValueError("oops")

    box = practice_box(checker=broken)
    box.text.value = "Reserve a place to stay while out of town"
    assert "went wrong" in box.feedback.value and "ValueError" in box.feedback.value
    assert box.text.value == "Reserve a place to stay while out of town"


def test_feedback_is_the_checkers_own_html():
    text = "Reserve a place to stay while out of town"
    assert feedback_html(check_job_action, text) == check_job_action(text)._repr_html_()
