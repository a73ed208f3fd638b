"""Claims the course text makes that a test can hold: references a learner follows lead somewhere,
the method's schools are named, and the data file says which of its lists are the course's own."""

import re

import nbformat
import yaml

from helpers import REPO, notebooks_in

LESSONS = {int(p.name[:2]) for p in notebooks_in("notebooks")}


def texts():
    for folder in ("notebooks", "solutions", "exercises"):
        for path in notebooks_in(folder):
            for cell in nbformat.read(path, 4).cells:
                yield path, cell.source
    yield REPO / "README.md", (REPO / "README.md").read_text(encoding="utf-8")


def test_every_lesson_reference_names_a_lesson_that_exists():
    problems = []
    for path, text in texts():
        for number in re.findall(r"\b[Ll]essons? (\d+)", text):
            if int(number) not in LESSONS:
                problems.append(f"{path.name}: lesson {number}")
        for vague in re.findall(r"\b(?:a|in a) (?:later|future|coming) (?:lesson|module)\b", text):
            problems.append(f"{path.name}: '{vague}' (say which lesson)")
    assert not problems, problems


def test_lesson_1_names_both_schools_of_the_method():
    text = " ".join(c.source for c in nbformat.read(notebooks_in("notebooks", "01_*.ipynb")[0], 4).cells)
    assert "Outcome-Driven Innovation" in text and "Ulwick" in text
    assert "job stories" in text.lower() and "switch" in text.lower() and "Moesta" in text


def test_the_repair_job_file_says_where_each_list_comes_from():
    lines = (REPO / "datasets" / "repair_job.yaml").read_text(encoding="utf-8").splitlines()
    header = " ".join(line.lstrip("#").strip() for line in lines if line.startswith("#"))
    provenance = header[header.index("Where each list comes from"):]
    data = yaml.safe_load((REPO / "datasets" / "repair_job.yaml").read_text(encoding="utf-8"))
    lists = [key for key, value in data.items() if isinstance(value, (list, dict))]
    assert lists and all(key in provenance for key in lists), [k for k in lists if k not in provenance]
    ours = provenance[provenance.index("are the course's own") - 60:]
    assert "situations" in ours and "desired_outcomes" in ours


def test_lesson_7_evidence_for_the_amplifier_lens_is_not_status_questions():
    """Status questions show a step the platform already offers failing (a channel signal); the
    intelligent-amplifier lens needs requests for jobs next to what the platform does."""
    cells = nbformat.read(notebooks_in("notebooks", "07_*.ipynb")[0], 4).cells
    table = next(c.source for c in cells if '"intelligent_amplifier": {' in c.source)
    amplifier = table.split('"intelligent_amplifier": {', 1)[1].split("},", 1)[0]
    assert "track_repair" not in amplifier and "status" not in amplifier
    assert "quote_request" in amplifier


def test_functional_jobs_on_lesson_4s_cards_and_in_the_support_log_are_jobs_not_outcomes():
    """'Avoid losing work ...' is how a job goes badly (an outcome), not a functional job."""
    from jtbd_kit.support_log import REAL_JOBS

    code = "\n".join(c.source for c in nbformat.read(notebooks_in("notebooks", "04_*.ipynb")[0], 4).cells
                     if c.cell_type == "code")
    names = dict(re.findall(r'^(\w+) = "([^"]+)"$', code, re.M))
    tagged = [names.get(m, m.strip('"')) for m in re.findall(r'\((\w+|"[^"]+"), "functional"\)', code)]
    jobs = tagged + list(REAL_JOBS.values())
    assert len(tagged) >= 8
    wrong = [j for j in jobs if j.split()[0].lower() == "avoid"]
    assert not wrong, wrong


def test_the_course_map_gives_each_lessons_own_time_and_the_long_lessons_a_place_to_stop():
    """Pace: the README states the time each lesson states for itself, and the lessons of more than an
    hour are split into two sittings with a marked place to stop."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in notebooks_in("notebooks"):
        cells = nbformat.read(path, 4).cells
        said = re.search(r"takes about (\d+) minutes(, best in two sittings)?", " ".join(cells[0].source.split()))
        assert said, f"{path.name} does not say how long it takes"
        minutes, two = int(said.group(1)), bool(said.group(2))
        row = next(line for line in readme.splitlines() if f"[`notebooks/{path.name}`]" in line)
        assert f"| {minutes} min" + (" (two sittings)" if two else "") + " |" in row, path.name
        assert two == (minutes > 60), f"{path.name}: a lesson of more than an hour is split in two sittings"
        if two:
            stop = [c for c in cells if c.get("id") == "second-sitting"]
            assert stop and "Run All Above Selected Cell" in stop[0].source, path.name
