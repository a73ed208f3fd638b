"""The repair job data file and its loader: what later modules rely on, and clear errors when broken."""

from collections import Counter

import pytest
import yaml

from jtbd_kit.repair_job import DEFAULT_PATH, RepairJobError, load_repair_job


@pytest.fixture(scope="module")
def job():
    return load_repair_job()


def test_the_repair_job_has_everything_later_modules_need(job):
    assert job.job == "Get a product fixed through an online platform"
    assert len(job.job_steps) == 12
    assert len(job.contexts) == 10
    assert len(job.situations) >= 5
    assert len(job.ideal_states) == 10
    assert len(job.financial_metrics) == 10
    assert Counter(r.when for r in job.related_jobs) == {"before": 5, "during": 5, "after": 5}
    assert Counter(e.desired for e in job.emotional_jobs) == {True: 5, False: 5}
    assert Counter(s.desired for s in job.social_jobs) == {True: 5, False: 5}
    assert len(job.desired_outcomes) >= 24
    assert all(len(job.outcomes_for(step.id)) >= 2 for step in job.job_steps)


def test_statements_follow_the_seed_forms(job):
    assert all(m.statement.startswith("Minimize the cost of ") for m in job.financial_metrics)
    assert all(e.statement.startswith("Feel ") for e in job.emotional_jobs if e.desired)
    assert all(e.statement.startswith("Avoid feeling ") for e in job.emotional_jobs if not e.desired)
    assert all(s.statement.startswith("Be perceived as ") for s in job.social_jobs if s.desired)
    assert all(s.statement.startswith("Avoid being perceived as ") for s in job.social_jobs if not s.desired)
    forms = ("Minimize the time ", "Minimize the likelihood ", "Minimize the number ")
    assert all(o.statement.startswith(forms) for o in job.desired_outcomes)
    assert all(not o.statement.endswith(".") for o in job.desired_outcomes)


def test_desired_outcomes_follow_the_step_order(job):
    step_order = [s.id for s in job.job_steps]
    positions = [step_order.index(o.step) for o in job.desired_outcomes]
    assert positions == sorted(positions)


def test_ids_are_unique_across_each_list(job):
    for items in (job.job_steps, job.contexts, job.situations, job.ideal_states, job.financial_metrics,
                  job.related_jobs, job.emotional_jobs, job.social_jobs, job.desired_outcomes):
        ids = [item.id for item in items]
        assert len(ids) == len(set(ids))


def _broken(tmp_path, edit):
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "repair_job.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d.pop("job"), "the field 'job' is missing"),
        (lambda d: d.pop("contexts"), "the list 'contexts' is missing"),
        (lambda d: d["job_steps"][2].pop("statement"), "job_steps, entry 3: the field 'statement' is missing"),
        (lambda d: d["job_steps"][1].update(id=d["job_steps"][0]["id"]), "is used twice"),
        (lambda d: d["contexts"][0].update(colour="red"), "unknown field(s) 'colour'"),
        (lambda d: d["contexts"][0].update(skips="ship_product"), "'skips' should be a list of ids"),
        (lambda d: d["contexts"][1].update(skips=["ship_the_thing"]), "contexts, entry 2: 'skips' names 'ship_the_thing'"),
        (lambda d: d["situations"][0].update(id="Under Warranty"), "snake_case"),
        (lambda d: d.update(ideal_states=[]), "ideal_states: expected a non-empty list"),
        (lambda d: d["financial_metrics"][0].update(statement=42), "must be non-empty text, found a int"),
        (lambda d: d["related_jobs"].pop("during"), "the list 'during' is missing"),
        (lambda d: d["emotional_jobs"].update(neutral=[]), "unknown group(s) 'neutral'"),
        (lambda d: d.update(social_jobs=["x"]), "social_jobs: expected named fields"),
        (lambda d: d.pop("desired_outcomes"), "the list 'desired_outcomes' is missing"),
        (lambda d: d["desired_outcomes"][4].update(step="fix_it"), "desired_outcomes, entry 5: the step 'fix_it' is not a job step"),
        (lambda d: d["desired_outcomes"][0].pop("step"), "desired_outcomes, entry 1: the field 'step' is missing"),
        (lambda d: d.update(desired_outcomes=d["desired_outcomes"][1:]), "too few for identify_issue"),
    ],
)
def test_a_broken_file_is_explained(tmp_path, edit, expected):
    path = _broken(tmp_path, edit)
    with pytest.raises(RepairJobError) as error:
        load_repair_job(path)
    assert expected in str(error.value) and str(path) in str(error.value)


def test_missing_and_unparseable_files_are_explained(tmp_path):
    with pytest.raises(RepairJobError, match="missing"):
        load_repair_job(tmp_path / "nowhere.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("job: [unclosed\nsteps: 1\n", encoding="utf-8")
    with pytest.raises(RepairJobError, match="not valid YAML near line"):
        load_repair_job(bad)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00job")
    with pytest.raises(RepairJobError, match="not UTF-8"):
        load_repair_job(binary)


def test_contexts_narrow_the_job_to_steps_that_happen_there():
    """Lesson 2 uses contexts to scope the job: each names the steps it leaves out, and every context
    keeps the steps that no repair can do without."""
    job = load_repair_job()
    kept_everywhere = {"identify_issue", "describe_problem", "track_progress", "review_report"}
    for context in job.contexts:
        assert context.skips and len(set(context.skips)) == len(context.skips), context.id
        assert not kept_everywhere & set(context.skips), context.id
    assert len({c.skips for c in job.contexts}) >= 4  # the scopes differ
