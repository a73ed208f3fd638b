"""The synthetic support log: same seed, same bytes; clear errors on broken files; findable planted patterns."""

import csv
import io
from datetime import timedelta

import pandas as pd
import pytest

from jtbd_kit import SupportLogError, check_job_action, load_support_log
from jtbd_kit.support_log import (
    CHANNEL_RESOLVED_SHIFT, CHANNELS, DATA_DIR, DEFAULT_ROWS, DEFAULT_SEED, JOB_MODELS, JOBS_BEHIND, LOG_COLUMNS,
    PLANTED, REAL_JOBS, SATISFACTION, SURFACE_REQUESTS, TRUTH_COLUMNS, generate_support_log, main, support_log_files,
    write_support_log,
)

FILES = ("support_log.csv", "support_log_truth.csv", "codebook.md")


@pytest.fixture(scope="module")
def log():
    return load_support_log(with_truth=True)


# --- the generator -------------------------------------------------------------------------


def test_the_default_seed_regenerates_the_committed_files(tmp_path):
    write_support_log(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), \
            f"datasets/support/{name} is out of date: run `make support-log`"


def test_the_same_seed_gives_the_same_files_and_another_seed_does_not():
    first, again, other = support_log_files(80, 7), support_log_files(80, 7), support_log_files(80, 8)
    assert first == again
    assert first["support_log.csv"] != other["support_log.csv"]
    assert first["support_log_truth.csv"] != other["support_log_truth.csv"]


@pytest.mark.parametrize("n", [1, 2, 37, 250])
def test_n_is_the_number_of_rows(n):
    files = support_log_files(n, 11)
    for name in ("support_log.csv", "support_log_truth.csv"):
        assert files[name].count("\n") == n + 1  # header + rows, each ending in \n
        assert "\r" not in files[name]


def test_the_command_line_writes_the_files(tmp_path, capsys):
    assert main(["--n", "30", "--seed", "5", "--out", str(tmp_path / "out")]) == 0
    assert "Wrote 30 contacts (seed 5)" in capsys.readouterr().out
    assert {p.name for p in (tmp_path / "out").iterdir()} == set(FILES)
    assert len(load_support_log(tmp_path / "out" / "support_log.csv", with_truth=True)) == 30


@pytest.mark.parametrize("args", [["--n", "0"], ["--n", "many"], ["--seed", "-1"]])
def test_the_command_line_refuses_bad_arguments(args, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*args, "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert "error:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- what the committed log holds ----------------------------------------------------------


def test_loaded_columns_have_useful_types(log):
    assert list(log.columns) == [c.name for c in LOG_COLUMNS] + [c.name for c in TRUTH_COLUMNS[1:]]
    assert len(log) == DEFAULT_ROWS
    assert pd.api.types.is_datetime64_any_dtype(log["timestamp"])
    for flag in ("resolved_first_contact", "contacted_again_7d", "job_done", "hint_in_message"):
        assert log[flag].dtype == bool, flag
    assert str(log["satisfaction"].dtype) == "Int64"
    assert log["satisfaction"].dropna().between(1, 5).all()
    assert 0.2 < log["satisfaction"].isna().mean() < 0.4
    assert "real_job" not in load_support_log().columns  # the learner's table hides the truth


def test_every_channel_request_and_job_appears(log):
    assert set(log["channel"]) == set(CHANNELS)
    assert set(log["surface_request"]) == set(SURFACE_REQUESTS)
    assert set(log["real_job"]) == set(REAL_JOBS)
    assert (log.groupby("surface_request")["real_job"].nunique() >= 2).all()  # each request hides several jobs


def test_times_are_plausible(log):
    assert log["timestamp"].is_monotonic_increasing
    first = log[log["follow_up_to"].isna()]
    assert first["timestamp"].min() >= pd.Timestamp("2026-01-01")
    assert first["timestamp"].max() < pd.Timestamp("2026-04-01")
    assert log["timestamp"].max() < pd.Timestamp("2026-04-08")
    hour, weekday = log["timestamp"].dt.hour, log["timestamp"].dt.day_of_week
    assert ((weekday < 5) & hour.between(8, 17)).mean() > 0.6  # mostly working hours ...
    assert (weekday >= 5).mean() > 0.05 and (hour >= 18).mean() > 0.05  # ... some weekends and evenings
    phone = log[log["channel"] == "phone"]
    assert (phone["timestamp"].dt.day_of_week < 6).all() and phone["timestamp"].dt.hour.between(8, 17).all()
    assert log["customer_id"].value_counts().max() >= 3 and log["customer_id"].nunique() < len(log)


def test_repeat_contacts_are_rows_linked_to_the_flagged_contact(log):
    by_id = log.set_index("interaction_id")
    repeats = log[log["follow_up_to"].notna()]
    assert set(repeats["follow_up_to"]) == set(log.loc[log["contacted_again_7d"], "interaction_id"])
    assert repeats["follow_up_to"].is_unique
    earlier = by_id.loc[repeats["follow_up_to"]]
    assert (earlier["customer_id"].to_numpy() == repeats["customer_id"].to_numpy()).all()
    assert (earlier["real_job"].to_numpy() == repeats["real_job"].to_numpy()).all()  # the same job ...
    assert (earlier["surface_request"].to_numpy() != repeats["surface_request"].to_numpy()).any()  # ... not always the same request
    gap = repeats["timestamp"].to_numpy() - earlier["timestamp"].to_numpy()
    assert (gap > timedelta(0)).all() and (gap < timedelta(days=7)).all()
    assert not (log["contacted_again_7d"] & log["job_done"]).any()


def test_messages_are_short_varied_and_only_sometimes_give_the_job_away(log):
    messages = log["first_message"]
    assert messages.str.len().max() <= 200 and messages.str.len().min() >= 15
    assert messages.nunique() > 0.9 * len(log)
    assert 0.25 < log["hint_in_message"].mean() < 0.6
    assert (messages.str.lower() == messages).mean() < 0.15  # lower-case messages are the exception
    assert not messages.str.contains(r"@|https?:|\d{6,}", regex=True).any()  # no emails, links, long numbers


def test_the_real_jobs_are_job_action_statements():
    for statement in REAL_JOBS.values():
        result = check_job_action(statement)
        assert result.passed, (statement, result.codes)


def test_the_model_parameters_are_consistent():
    for surface, jobs in JOBS_BEHIND.items():
        assert surface in SURFACE_REQUESTS and set(jobs) <= set(REAL_JOBS)
        assert sum(jobs.values()) == pytest.approx(1.0)
    assert set(JOB_MODELS) == set(REAL_JOBS)
    assert sum(share for _, share in SURFACE_REQUESTS.values()) == pytest.approx(1.0)
    assert set(CHANNEL_RESOLVED_SHIFT) == set(CHANNELS) == set(SATISFACTION["channel"])


# --- the planted patterns, found with plain pandas ------------------------------------------


def test_one_job_is_resolved_yet_comes_back(log):
    planted = PLANTED["job_done_but_task_resolved"]
    rates = log.groupby("real_job")[["resolved_first_contact", "contacted_again_7d"]].mean()
    repeat = rates["contacted_again_7d"].sort_values(ascending=False)
    assert repeat.index[0] == planted
    assert repeat.iloc[0] > 0.35 and repeat.iloc[0] > 1.5 * repeat.iloc[1]
    assert rates.loc[planted, "resolved_first_contact"] >= 0.85
    assert rates["resolved_first_contact"].idxmax() == planted
    # without the truth file, the request that mostly hides this job shows the highest repeat rate
    by_request = log.groupby("surface_request")["contacted_again_7d"].mean()
    assert by_request.idxmax() == max(JOBS_BEHIND, key=lambda s: JOBS_BEHIND[s].get(planted, 0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_planted_job_stands_out_with_other_seeds_too(seed):
    other = generate_support_log(seed=seed, with_truth=True)
    repeat = other.groupby("real_job")["contacted_again_7d"].mean().sort_values(ascending=False)
    assert repeat.index[0] == PLANTED["job_done_but_task_resolved"]
    assert repeat.iloc[0] > 1.4 * repeat.iloc[1]


def test_satisfaction_follows_the_job_more_than_the_task(log):
    answered = log.dropna(subset=["satisfaction"]).astype({"satisfaction": float})
    by_done = answered.groupby("job_done")["satisfaction"].mean()
    by_resolved = answered.groupby("resolved_first_contact")["satisfaction"].mean()
    assert by_done[True] - by_done[False] > 1.0
    assert by_done[True] - by_done[False] > 2 * (by_resolved[True] - by_resolved[False])
    # visible without the truth: resolved but back again scores lower than unresolved and never back
    cells = answered.groupby(["resolved_first_contact", "contacted_again_7d"])["satisfaction"].mean()
    assert cells[(True, True)] + 1 < cells[(False, False)]


def test_one_channel_is_slightly_worse(log):
    worse = PLANTED["worse_channel"]
    by_channel = log.groupby("channel")[["resolved_first_contact", "satisfaction"]].mean()
    assert by_channel["satisfaction"].idxmin() == worse
    assert by_channel["resolved_first_contact"].idxmin() == worse
    others = by_channel.drop(worse)
    assert 0 < others["resolved_first_contact"].min() - by_channel.loc[worse, "resolved_first_contact"] < 0.15


# --- the codebook ----------------------------------------------------------------------------


def test_the_codebook_lists_every_column_and_value():
    text = (DATA_DIR / "codebook.md").read_text(encoding="utf-8")
    for name in ("support_log.csv", "support_log_truth.csv"):
        with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
            header = next(csv.reader(file))
        for column in header:
            assert f"| `{column}` |" in text, (name, column)
    for value in [*CHANNELS, *SURFACE_REQUESTS, *REAL_JOBS, *REAL_JOBS.values()]:
        assert value in text, value


# --- the loader on broken files ------------------------------------------------------------


def _copy(tmp_path, edit_log=None, edit_truth=None):
    """Copies of the committed files in tmp_path, each optionally changed by a function of its DataFrame."""
    for name, edit in (("support_log.csv", edit_log), ("support_log_truth.csv", edit_truth)):
        frame = pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)
        if edit is not None:
            changed = edit(frame)
            frame = frame if changed is None else changed
        frame.to_csv(tmp_path / name, index=False, lineterminator="\n")
    return tmp_path / "support_log.csv"


def _set(column, value, row=4):
    def edit(frame):
        frame.loc[row, column] = value
    return edit


def test_an_unchanged_copy_loads(tmp_path, log):
    copy = load_support_log(_copy(tmp_path), with_truth=True)
    pd.testing.assert_frame_equal(copy, log)


def test_a_copy_saved_by_a_spreadsheet_program_loads(tmp_path, log):
    path = _copy(tmp_path, edit_log=lambda f: f.assign(my_notes=""))
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # byte-order mark, CRLF
    copy = load_support_log(path, with_truth=True)
    assert list(copy.columns[:2]) == ["interaction_id", "timestamp"] and "my_notes" in copy.columns
    pd.testing.assert_frame_equal(copy.drop(columns="my_notes"), log)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda f: f.drop(columns="channel"), "is missing the column 'channel'. The support log needs"),
        (lambda f: f.drop(columns=["satisfaction", "timestamp"]), "missing the columns 'timestamp' and 'satisfaction'"),
        (_set("channel", "fax"), "row 5 (interaction I0005): channel 'fax' is not one of the allowed values"),
        (_set("channel", " chat"), "channel ' chat' is not one of the allowed values (chat, email, phone, web_form)"),
        (_set("surface_request", "refund"), "surface_request 'refund' is not one of the allowed values"),
        (_set("satisfaction", "7"), "satisfaction '7' must be a whole number from 1 to 5"),
        (_set("satisfaction", "4.5"), "satisfaction '4.5' must be a whole number from 1 to 5"),
        (_set("satisfaction", "0"), "satisfaction '0' must be a whole number from 1 to 5"),
        (_set("resolved_first_contact", "yes"), "resolved_first_contact 'yes' must be 1 (yes) or 0 (no)"),
        (_set("contacted_again_7d", "True"), "contacted_again_7d 'True' must be 1 (yes) or 0 (no)"),
        (_set("contacted_again_7d", ""), "contacted_again_7d '' is empty"),
        (_set("timestamp", "2026-13-01T10:00"), "timestamp '2026-13-01T10:00' is not a date and time"),
        (_set("timestamp", "5 January"), "timestamp '5 January' is not a date and time written like 2026-01-05T09:14"),
        (_set("follow_up_to", "I9999"), "follow_up_to 'I9999' names an interaction_id that is not in the file"),
        (_set("interaction_id", "I0002", row=2), "the interaction_id 'I0002' appears more than once (rows 2, 3)"),
        (_set("first_message", "  "), "first_message '  ' is empty"),
        (lambda f: f.iloc[:0], "has a header row but no contacts"),
    ],
)
def test_a_broken_log_gets_a_clear_error(tmp_path, edit, expected):
    path = _copy(tmp_path, edit_log=edit)
    with pytest.raises(SupportLogError) as error:
        load_support_log(path)
    assert expected in str(error.value)
    assert "support_log.csv" in str(error.value)


def test_the_error_says_how_many_more_rows_are_wrong(tmp_path):
    def edit(frame):
        frame.loc[[3, 8, 9], "satisfaction"] = "10"
    with pytest.raises(SupportLogError, match=r"row 4 .*The same problem is in 2 more row\(s\)"):
        load_support_log(_copy(tmp_path, edit_log=edit))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda f: f.drop(index=10), "1 contact(s) of the log are not in it (first: I0011)"),
        (_set("interaction_id", "I9999", row=0), "it has 1 contact(s) that are not in the log (first: I9999)"),
        (_set("real_job", "get_rich"), "real_job 'get_rich' is not one of the allowed values"),
        (_set("real_job_statement", "Get it fixed"), "is not the statement of the job"),
        (_set("job_done", "maybe"), "job_done 'maybe' must be 1 (yes) or 0 (no)"),
        (lambda f: f.drop(columns="real_job"), "is missing the column 'real_job'. The truth file needs"),
    ],
)
def test_a_truth_file_that_does_not_match_gets_a_clear_error(tmp_path, edit, expected):
    path = _copy(tmp_path, edit_truth=edit)
    load_support_log(path)  # the log alone is fine
    with pytest.raises(SupportLogError) as error:
        load_support_log(path, with_truth=True)
    assert expected in str(error.value)
    assert "support_log_truth.csv" in str(error.value)


def test_missing_and_unreadable_files_get_a_clear_error(tmp_path):
    with pytest.raises(SupportLogError, match="Cannot find the support log .*make support-log"):
        load_support_log(tmp_path / "nowhere.csv")
    path = _copy(tmp_path)
    (tmp_path / "support_log_truth.csv").unlink()
    with pytest.raises(SupportLogError, match="Cannot find the truth file"):
        load_support_log(path, with_truth=True)
    with pytest.raises(SupportLogError, match="is a folder"):
        load_support_log(tmp_path)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(SupportLogError, match="empty.csv is empty"):
        load_support_log(tmp_path / "empty.csv")
    (tmp_path / "latin.csv").write_bytes("interaction_id,timestamp\nI0001,caf\xe9\n".encode("latin-1"))
    with pytest.raises(SupportLogError, match="not UTF-8"):
        load_support_log(tmp_path / "latin.csv")


# --- the exercise's copy -------------------------------------------------------------------


def test_the_exercise_copy_loads_with_its_real_jobs_only():
    both = load_support_log(copy="exercise", with_jobs=True)
    assert list(both.columns) == [c.name for c in LOG_COLUMNS] + ["real_job", "real_job_statement"]
    assert len(both) == 600 and set(both["real_job"]) == set(REAL_JOBS)
    lesson = load_support_log()
    assert not both["first_message"].head(50).equals(lesson["first_message"].head(50)), "the copies are not the same log"


def test_with_jobs_on_the_lessons_copy_gives_the_truth_files_jobs(log):
    jobs = load_support_log(with_jobs=True)
    assert list(jobs.columns) == [c.name for c in LOG_COLUMNS] + ["real_job", "real_job_statement"]
    assert jobs["real_job"].tolist() == log["real_job"].tolist()


def test_a_copy_without_its_truth_file_says_who_has_it(tmp_path):
    files = support_log_files(40, 3, exercise=True)
    assert sorted(files) == ["codebook.md", "support_log.csv", "support_log_jobs.csv", "support_log_truth.csv"]
    for name in ("support_log.csv", "support_log_jobs.csv"):
        (tmp_path / name).write_text(files[name], encoding="utf-8")
    assert len(load_support_log(tmp_path / "support_log.csv", with_jobs=True)) == 40
    with pytest.raises(SupportLogError, match="without its truth file .*instructor keeps it.*with_jobs=True"):
        load_support_log(tmp_path / "support_log.csv", with_truth=True)
    assert "job_done" not in files["support_log_jobs.csv"] and "--seed" not in files["codebook.md"]


@pytest.mark.parametrize("copy", ["Exercise", "", None, 4, ["lesson"]])
def test_an_unknown_copy_gets_a_clear_error(copy):
    with pytest.raises(SupportLogError, match="takes 'lesson' .* or 'exercise'"):
        load_support_log(copy=copy)


def test_models_replace_how_each_job_turns_out():
    from jtbd_kit.support_log import JobModel

    never = {job: JobModel(resolved=0.9, done_if_resolved=0.0, done_if_unresolved=0.0, hint=0.0) for job in REAL_JOBS}
    files = support_log_files(60, 5, models=never)
    truth = pd.read_csv(io.StringIO(files["support_log_truth.csv"]))
    assert truth["job_done"].eq(0).all() and truth["hint_in_message"].eq(0).all()
    assert files != support_log_files(60, 5)
    with pytest.raises(SupportLogError, match="JobModel for each of the six real jobs"):
        support_log_files(60, 5, models={"fixed_for_good": never["fixed_for_good"]})
