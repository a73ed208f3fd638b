"""Interactive practice in the notebook: thin ipywidgets layers over the plain checkers.

Every behaviour lives in a plain function (:func:`feedback_html`), so it is tested without a browser;
the widget only wires a text field and a button to it.

>>> box = practice_box()
>>> box.text.value = "Reserve a place to stay while out of town"
>>> "Looks good" in box.feedback.value
True
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as widgets

from .job_action import check_job_action

__all__ = ["PracticeBox", "feedback_html", "practice_box"]


def feedback_html(checker: Callable[[object], object], text: object) -> str:
    """The HTML feedback that ``checker`` gives on ``text``; a friendly note if the checker fails.

    >>> "no problems found" in feedback_html(check_job_action, "Reserve a place to stay while out of town")
    True
    >>> "went wrong" in feedback_html(lambda text: 1 / 0, "anything")
    True
    """
    try:
        result = checker(text)
        shown = result._repr_html_() if hasattr(result, "_repr_html_") else html.escape(str(result))
    except Exception as error:  # a learner's own checker may fail; the box must not
        return (
            "<div style='color:#b42318'>Something went wrong inside the checker "
            f"({html.escape(type(error).__name__)}: {html.escape(str(error))}). "
            "Your text is still in the box.</div>"
        )
    return shown


class PracticeBox(widgets.VBox):
    """A text field and a Check button; the feedback appears below when you press Enter or click."""

    def __init__(self, checker: Callable[[object], object] = check_job_action,
                 placeholder: str = "Type a job action statement and press Enter") -> None:
        self.checker = checker
        self.text = widgets.Text(
            placeholder=placeholder,
            continuous_update=False,  # check on Enter or when the field loses focus
            layout=widgets.Layout(flex="1 1 auto", width="auto"),
        )
        self.button = widgets.Button(description="Check", button_style="primary", tooltip="Check this statement")
        self.feedback = widgets.HTML()
        self.text.observe(self._show, names="value")
        self.button.on_click(self._show)
        super().__init__([widgets.HBox([self.text, self.button]), self.feedback],
                         layout=widgets.Layout(max_width="780px"))

    def _show(self, _change: object = None) -> None:
        self.feedback.value = feedback_html(self.checker, self.text.value)


def practice_box(checker: Callable[[object], object] = check_job_action,
                 placeholder: str = "Type a job action statement and press Enter") -> PracticeBox:
    """A practice box that checks what the learner types with ``checker`` (job actions by default)."""
    return PracticeBox(checker, placeholder)
