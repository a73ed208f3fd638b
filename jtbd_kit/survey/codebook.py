"""The codebook: every column of the survey table, its scale and meaning, built from the design.

``datasets/survey/codebook.md`` is this module's output (``make survey`` writes it); a test checks
that the committed file is up to date and that it lists exactly the columns of the data.

>>> book = codebook()
>>> book.loc[book["column"] == "sat_unexpected_charges", "values"].item()[:24]
'1 = Not at all satisfied'
>>> list(book.columns)
['column', 'section', 'meaning', 'question', 'values']
"""

from __future__ import annotations

import pandas as pd

from .design import SurveyDesign, survey_design

__all__ = ["codebook", "codebook_markdown", "SECTION_TITLES"]

SECTION_TITLES = {
    "respondent": "Respondent",
    "context": "Context",
    "situation": "Situations (complexity factors)",
    "descriptor": "Descriptors",
    "quality": "Survey paradata",
    "outcome": "Desired outcomes of the job steps (1-5 scales)",
    "financial": "Financial metrics (1-5 scales)",
    "emotional": "Emotional jobs (1-3 scales)",
    "social": "Social jobs (1-3 scales)",
    "ideal": "Ideal states (1-3 scales)",
}


def codebook(design: SurveyDesign | None = None) -> pd.DataFrame:
    """One row per column of the survey table, in the table's order."""
    design = design or survey_design()
    steps = {s.id: s.statement for s in design.job.job_steps}
    items = {i.id: i for i in design.items}
    rows = []
    for column in design.columns:
        meaning = column.meaning
        item = items.get(column.item) if column.kind == "rating" else None
        if item is not None and item.step:
            meaning = f"{meaning} (step: {steps[item.step]})"
        rows.append({"column": column.name, "section": column.section, "meaning": meaning,
                     "question": column.question, "values": column.values})
    return pd.DataFrame(rows, columns=["column", "section", "meaning", "question", "values"])


def codebook_markdown(design: SurveyDesign | None = None) -> str:
    """The codebook as a Markdown document: what the data is, the scales, then every column."""
    design = design or survey_design()
    book = codebook(design)
    contexts = "\n".join(f"| `{c.id}` | {c.name} | {c.description} |" for c in design.job.contexts)
    lines = [
        "# Codebook: the repair-platform survey (synthetic)",
        "",
        "<!-- GENERATED FILE: do not edit by hand. Made by `python -m jtbd_kit.survey` (`make survey`)",
        "     from jtbd_kit/survey/ and datasets/repair_job.yaml. -->",
        "",
        "`repair_survey.csv` holds one row per respondent of a survey about the job",
        f"*{design.job.job}*. **The data is synthetic**: a seeded statistical",
        "generator (`jtbd_kit.survey`) made every answer; no real person took this survey. It is built",
        "to be analysed like a real survey export, so it has not been cleaned.",
        "",
        "Read it with `jtbd_kit.load_survey()`, which checks the file and sets the column types.",
        "Missing answers are empty cells. Column names are lower snake_case built from the ids in",
        "`datasets/repair_job.yaml`:",
        "",
        "| Prefix | Asked about | Scale |",
        "| --- | --- | --- |",
        "| `sit_` | a situation (complexity factor) of the respondent's last repair | 1 = yes, 0 = no |",
        "| `imp_` / `sat_` | a desired outcome of a job step, or a financial metric | importance and satisfaction, 1-5 |",
        "| `emo_imp_` / `emo_dif_` | an emotional job | importance and difficulty, 1-3 |",
        "| `soc_imp_` / `soc_dif_` | a social job | importance and difficulty, 1-3 |",
        "| `ideal_imp_` / `ideal_dif_` | an ideal state | importance and difficulty, 1-3 |",
        "",
        "The 1-5 scales follow outcome-driven innovation: importance runs from 1 (not at all important)",
        "to 5 (extremely important), satisfaction from 1 (not at all satisfied) to 5 (extremely",
        "satisfied). The 1-3 scales are the source's grid: Not important / Neutral / Important and",
        "Not difficult / Neutral / Difficult. Do not mix the two kinds of scale in one average.",
        "",
        "## Contexts",
        "",
        "| `context` value | Name | Meaning |",
        "| --- | --- | --- |",
        contexts,
        "",
        "## Columns",
    ]
    for section, title in SECTION_TITLES.items():
        part = book[book["section"] == section]
        if part.empty:
            continue
        lines += ["", f"### {title}", "", "| Column | Meaning | Question | Values |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{row.column}` | {_cell(row.meaning)} | {_cell(row.question) or '(recorded, not asked)'} "
            f"| {_cell(row.values)} |"
            for row in part.itertuples()
        ]
    lines += [
        "",
        "## For instructors",
        "",
        "The generator plants needs-based segments tied to situations, with known under- and",
        "over-served outcomes, context effects on satisfaction, and some low-quality responses.",
        "What was planted, per respondent and overall, is in `repair_survey_truth.csv` and",
        "`repair_survey_truth.json`, kept apart from the learners' table: leave them out of the",
        "learners' materials if they are to find the segments themselves.",
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
