"""The result every checker in the kit returns: a verdict, the problems found and the parts found.

One shape for every statement type keeps notebooks, widgets and autograder tests simple: they only
ever look at ``.passed``, ``.problems`` (each with a stable ``.code``) and ``.parts``.

>>> result = CheckResult("job action statement", "Fix a bike", [Problem("no-clarifier", "m", "h")])
>>> result.passed, result.codes
(False, ['no-clarifier'])

A checker that cannot decide a point says so in a note: the statement passes, and the note asks the
learner to check that point themselves.

>>> unsure = CheckResult("social job", "Be perceived as tall", [], notes=[Problem("unsure-perception", "m", "h")])
>>> unsure.passed, unsure.unsure, unsure.note_codes
(True, True, ['unsure-perception'])
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Problem", "CheckResult", "LearnerError"]

class LearnerError(Exception):
    """Base of the kit's errors about a learner's input: Jupyter shows only their message, no traceback.

    IPython shows an exception through its ``_render_traceback_`` when it has one; the kit's errors
    say what was wrong and what to do, so the stack of the kit's own frames would only hide that.
    Outside IPython they are ordinary exceptions (``except ValueError`` still catches the loaders').

    >>> class OddError(LearnerError, ValueError):
    ...     pass
    >>> OddError("The column x is missing.")._render_traceback_()
    ['OddError: The column x is missing.']
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


# Long input is kept whole in ``.text``; only what is shown is shortened.
_SHOWN_CHARS = 240


@dataclass(frozen=True)
class Problem:
    """One thing to fix: a stable ``code``, a learner-worded ``message`` and a ``hint``.

    >>> Problem("no-verb", "Start with an action verb.", "Try 'Reserve ...'.").code
    'no-verb'
    """

    code: str
    message: str
    hint: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}\n    Hint: {self.hint}"


@dataclass(frozen=True)
class CheckResult:
    """What a checker found in one statement.

    ``kind`` names the statement type ("job action statement"), ``text`` is the statement as it was
    checked ('' when the input was not text), ``problems`` lists what to fix, ``parts`` holds the
    pieces the checker recognised (a small dataclass, or None), and ``notes`` lists what the checker
    could not decide and asks the learner to check (notes never fail a statement).

    >>> ok = CheckResult("job action statement", "Reserve a place to stay while out of town", [])
    >>> ok.passed
    True
    >>> print(ok)
    Job action statement: 'Reserve a place to stay while out of town'
    Looks good: no problems found.
    """

    kind: str
    text: str
    problems: list[Problem] = field(default_factory=list)
    parts: Any = None
    notes: list[Problem] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    @property
    def unsure(self) -> bool:
        """True when no problem was found but the checker could not decide something (see ``notes``)."""
        return self.passed and bool(self.notes)

    @property
    def note_codes(self) -> list[str]:
        """The codes of the notes, in order."""
        return [n.code for n in self.notes]

    @property
    def codes(self) -> list[str]:
        """The problem codes, in the order the problems were found."""
        return [p.code for p in self.problems]

    def _parts_items(self) -> list[tuple[str, str | None]]:
        if self.parts is None:
            return []
        return [(f.name, getattr(self.parts, f.name)) for f in fields(self.parts)]

    def __repr__(self) -> str:
        unsure = f", unsure={self.note_codes}" if self.notes else ""
        return f"<{type(self).__name__} {self.kind}: passed={self.passed}, codes={self.codes}{unsure}>"

    def __str__(self) -> str:
        lines = [f"{self.kind.capitalize()}: {_shorten(self.text)!r}"]
        parts = self._parts_items()
        if parts:
            lines.append("  " + " | ".join(f"{name}: {_printable(value or '(none)')}" for name, value in parts))
        if self.unsure:
            lines.append("No problems found, but I am not sure of one thing: check it yourself.")
        elif self.passed:
            lines.append("Looks good: no problems found.")
        else:
            count = len(self.problems)
            lines.append(f"{count} thing{'s' if count > 1 else ''} to fix:")
            lines.extend(f"  - {_printable(str(p))}" for p in self.problems)
        if self.notes:
            lines.append("Not sure:" if not self.passed else "To check yourself:")
            lines.extend(f"  - {_printable(str(p))}" for p in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if self.unsure:
            colour, background = "#8a5a00", "#fff8e6"
            title = "? No problems found, but I am not sure of one thing: check it yourself."
        elif self.passed:
            colour, background, title = "#1a7f37", "#eefbf1", "&#10004; Looks good: no problems found."
        else:
            count = len(self.problems)
            colour, background = "#b42318", "#fff4f2"
            title = f"&#10008; {count} thing{'s' if count > 1 else ''} to fix"
        rows = "".join(
            f"<tr><th style='text-align:left;padding:2px 12px 2px 0'>{html.escape(name)}</th>"
            f"<td style='padding:2px 0'>{_esc(value) if value else '<em>not found</em>'}</td></tr>"
            for name, value in self._parts_items()
        )
        problems = "".join(
            f"<li style='margin-bottom:6px'>{_esc(p.message)}<br>"
            f"<span style='color:#3d4450'><strong>Hint:</strong> {_esc(p.hint)}</span> "
            f"<code style='color:#3d4450;background:none'>{html.escape(p.code)}</code></li>"
            for p in self.problems + self.notes
        )
        return (
            f"<div class='jtbd-feedback' style='border-left:6px solid {colour};background:{background};"
            "color:#1f2328;padding:8px 14px;margin:4px 0;font-family:system-ui,sans-serif;line-height:1.45'>"
            f"<div style='color:#3d4450'>{html.escape(self.kind.capitalize())}</div>"
            f"<div style='font-size:1.05em;margin:2px 0 6px'>&ldquo;{_esc(_shorten(self.text))}&rdquo;</div>"
            f"<div style='color:{colour};font-weight:600'>{title}</div>"
            + (f"<table style='margin:6px 0;border-collapse:collapse'>{rows}</table>" if rows else "")
            + (f"<ul style='margin:6px 0 2px;padding-left:20px'>{problems}</ul>" if problems else "")
            + "</div>"
        )


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + " ..."


def _printable(text: str) -> str:
    """Text that any terminal or browser can show (lone surrogates become escapes)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _esc(text: str) -> str:
    return html.escape(_printable(text))
