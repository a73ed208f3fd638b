"""The synthetic repair survey: byte-identical regeneration, planted truth that analysis recovers,
flagged mess, a complete codebook, and a loader that explains broken files."""

import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from jtbd_kit.repair_job import load_repair_job
from jtbd_kit.survey import (
    DATA_DIR, DEFAULT_SURVEY_PATH, SEGMENTS, SurveyDataError, codebook, codebook_markdown, load_survey,
    survey_design, write_survey,
)
from jtbd_kit.survey import design as design_module
from jtbd_kit.survey import generate as generate_module
from jtbd_kit.survey.__main__ import main

FILES = ("repair_survey.csv", "repair_survey_truth.csv", "repair_survey_truth.json", "codebook.md")


@pytest.fixture(scope="module")
def design():
    return survey_design()


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.fixture(scope="module")
def truth():
    per_respondent = pd.read_csv(DATA_DIR / "repair_survey_truth.csv")
    planted = json.loads((DATA_DIR / "repair_survey_truth.json").read_text(encoding="utf-8"))
    return per_respondent, planted


@pytest.fixture(scope="module")
def clean(truth):
    rows = truth[0]
    return ((rows["is_straightliner"] == 0) & (rows["is_speeder"] == 0)).to_numpy()


def rated_items(design):
    """Ids of the items rated on the 1-5 importance/satisfaction scales."""
    return [i.id for i in design.items if i.section in ("outcome", "financial")]


def opportunity(survey, rows, design):
    """{item id: opportunity score} with top-2-box shares (4 or 5, of those who answered) x 10."""
    scores = {}
    for item in rated_items(design):
        imp_col, sat_col = design.item_columns(item)
        imp = (survey.loc[rows, imp_col].dropna() >= 4).mean() * 10
        sat = (survey.loc[rows, sat_col].dropna() >= 4).mean() * 10
        scores[item] = imp + max(imp - sat, 0)
    return scores


# ---------------------------------------------------------------- determinism


def test_committed_files_are_what_the_default_seed_makes(tmp_path):
    write_survey(tmp_path)
    stale = [name for name in FILES if (tmp_path / name).read_bytes() != (DATA_DIR / name).read_bytes()]
    assert not stale, f"datasets/survey/{', '.join(stale)} differ from what the generator makes: run `make survey`"


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        write_survey(tmp_path / name, respondents=300, seed=seed)
    for file in FILES:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file
    assert (tmp_path / "a" / FILES[0]).read_bytes() != (tmp_path / "c" / FILES[0]).read_bytes()


def test_blocks_join_into_one_valid_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(generate_module, "BLOCK_ROWS", 40)
    write_survey(tmp_path, respondents=130, seed=3, progress=True)
    text = (tmp_path / "repair_survey.csv").read_text(encoding="utf-8")
    assert text.count("respondent_id,") == 1 and "\r" not in text
    survey = load_survey(tmp_path / "repair_survey.csv")
    assert list(survey["respondent_id"]) == [f"R{i:06d}" for i in range(1, 131)]
    truth = pd.read_csv(tmp_path / "repair_survey_truth.csv")
    assert list(truth["respondent_id"]) == list(survey["respondent_id"])
    assert json.loads((tmp_path / "repair_survey_truth.json").read_text())["counts"]["respondents"] == 130
    assert "130/130 respondents" in capsys.readouterr().err


def test_bad_sizes_and_seeds_are_refused(tmp_path):
    for respondents, seed in ((0, 1), (2.5, 1), (True, 1), (10, -1), (10, "x")):
        with pytest.raises(ValueError, match="whole number"):
            write_survey(tmp_path, respondents=respondents, seed=seed)
    assert not list(tmp_path.iterdir()), "nothing is written when the request is refused"


# ---------------------------------------------------------------- the table and its codebook


def test_the_committed_survey_is_small_and_typed(survey, design):
    assert (DATA_DIR / "repair_survey.csv").stat().st_size < 1_000_000
    assert survey.shape == (1500, len(design.columns))
    assert list(survey.columns) == design.names
    assert survey["respondent_id"].is_unique
    for name in design.rating_columns():
        column = design.column(name)
        assert str(survey[name].dtype) == "Int8", name
        answered = survey[name].dropna()
        assert answered.between(*column.scale).all(), name
        assert answered.nunique() == column.scale[1], f"{name} should use every point of its scale"
    assert set(survey["context"].cat.categories) == {c.id for c in load_repair_job().contexts}
    assert survey["age_band"].cat.ordered


def test_columns_come_from_the_repair_job(design):
    job = load_repair_job()
    names = set(design.names)
    expected = {f"sit_{s.id}" for s in job.situations}
    expected |= {f"{p}_{o.id}" for o in (*job.desired_outcomes, *job.financial_metrics) for p in ("imp", "sat")}
    expected |= {f"emo_{p}_{e.id}" for e in job.emotional_jobs for p in ("imp", "dif")}
    expected |= {f"soc_{p}_{s.id}" for s in job.social_jobs for p in ("imp", "dif")}
    expected |= {f"ideal_{p}_{i.id}" for i in job.ideal_states for p in ("imp", "dif")}
    assert expected <= names
    assert len(job.desired_outcomes) >= 2 * len(job.job_steps)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)


def test_the_codebook_lists_exactly_the_columns(design):
    header = (DATA_DIR / "repair_survey.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    markdown = (DATA_DIR / "codebook.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z0-9_]+)` \|", markdown.split("\n## Columns\n", 1)[1], re.M)
    assert documented == header
    book = codebook(design)
    assert list(book["column"]) == header
    assert (book[["meaning", "values"]] != "").all().all()
    assert markdown == codebook_markdown(design)
    assert "synthetic" in markdown.lower()


def test_the_truth_is_kept_out_of_the_learners_table(survey, truth):
    per_respondent, planted = truth
    assert not {"segment", "is_straightliner", "is_speeder", "has_missing"} & set(survey.columns)
    assert list(per_respondent["respondent_id"]) == list(survey["respondent_id"])
    assert planted["seed"] == 2026 and planted["respondents"] == len(survey)
    assert [s["id"] for s in planted["segments"]] == [s.id for s in SEGMENTS]
    assert planted["counts"]["segments"] == per_respondent["segment"].value_counts().to_dict()


# ---------------------------------------------------------------- planted structure is recoverable


def test_a_simple_clustering_recovers_the_segments(survey, truth, clean, design):
    columns = [c for c in design.rating_columns("outcome", "financial") if c.startswith("imp_")]
    ratings = survey.loc[clean, columns].astype("float64")
    ratings = ratings.fillna(ratings.mean())
    standardised = (ratings - ratings.mean()) / ratings.std()
    labels = KMeans(n_clusters=len(SEGMENTS), n_init=10, random_state=0).fit_predict(standardised)
    planted = truth[0].loc[clean, "segment"]
    ari = adjusted_rand_score(planted, labels)
    chance = adjusted_rand_score(planted.sample(frac=1, random_state=0), labels)
    assert ari > 0.8, f"adjusted Rand index {ari:.2f}"
    assert abs(chance) < 0.05


def test_planted_under_served_outcomes_top_each_segments_opportunity_ranking(survey, truth, clean, design):
    for segment in SEGMENTS:
        rows = clean & (truth[0]["segment"] == segment.id).to_numpy()
        scores = opportunity(survey, rows, design)
        ranking = sorted(scores, key=scores.get, reverse=True)
        top = ranking[: len(segment.under_served)]
        assert set(top) == set(segment.under_served), f"{segment.id}: top {top}"
        for item in segment.over_served:
            imp_col, sat_col = design.item_columns(item)
            imp = (survey.loc[rows, imp_col].dropna() >= 4).mean()
            sat = (survey.loc[rows, sat_col].dropna() >= 4).mean()
            assert sat > imp + 0.2, f"{segment.id}: {item} should be over-served"


def test_the_whole_sample_hides_the_segments(survey, truth, clean, design):
    """Averaged over everyone, the planted needs are diluted: the reason to segment."""
    everyone = opportunity(survey, clean, design)
    weakest_planted = min(
        opportunity(survey, clean & (truth[0]["segment"] == s.id).to_numpy(), design)[item]
        for s in SEGMENTS for item in s.under_served
    )
    assert max(everyone.values()) < weakest_planted


def test_situations_explain_the_segments(survey, truth):
    segment = truth[0]["segment"]
    for planted in SEGMENTS:
        inside = (segment == planted.id).to_numpy()
        for situation in planted.situations:
            flags = survey[f"sit_{situation}"].to_numpy()
            assert flags[inside].mean() > 0.6 and flags[~inside].mean() < 0.35, (planted.id, situation)


def test_contexts_shift_satisfaction(survey, truth, clean, design):
    columns = [c for c in design.rating_columns("outcome", "financial") if c.startswith("sat_")]
    mean = survey.loc[clean, columns].astype("float64").mean(axis=1).groupby(
        survey.loc[clean, "context"], observed=True).mean()
    shift = pd.Series(truth[1]["context_satisfaction_shift"])
    assert mean.corr(shift, method="spearman") > 0.9


def test_the_mess_is_flagged_and_can_be_found_from_the_data(survey, truth, design):
    per_respondent, planted = truth
    five = survey[[c for c in design.rating_columns() if c.startswith(("imp_", "sat_"))]].astype("float64")
    three = survey[[c for c in design.rating_columns() if c.startswith(("emo_", "soc_", "ideal_"))]].astype("float64")
    straight = (five.nunique(axis=1) == 1) & (three.nunique(axis=1) == 1)
    speeder = survey["duration_sec"] < survey["duration_sec"].median() / 3
    missing = survey[design.rating_columns()].isna()
    assert (straight.astype(int) == per_respondent["is_straightliner"]).all()
    assert (speeder.astype(int) == per_respondent["is_speeder"]).all()
    assert (missing.any(axis=1).astype(int) == per_respondent["has_missing"]).all()
    assert 0.015 < straight.mean() < 0.05 and 0.015 < speeder.mean() < 0.05
    assert 0.01 < missing.to_numpy().mean() < 0.03
    assert planted["counts"]["missing_cells"] == missing.to_numpy().sum()
    assert not (straight & speeder).any()


# ---------------------------------------------------------------- the loader explains broken files


def _rows():
    lines = DEFAULT_SURVEY_PATH.read_text(encoding="utf-8").splitlines()[:21]
    return [line.split(",") for line in lines]


def _write(tmp_path, rows):
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def _set(rows, line, column, value):
    rows[line - 1][rows[0].index(column)] = value
    return rows


def _drop(rows, column):
    at = rows[0].index(column)
    return [row[:at] + row[at + 1:] for row in rows]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda r: _drop(r, "imp_data_lost"), ["column(s) imp_data_lost are missing"]),
        (lambda r: [row + ["x"] for row in r[:1]] + [row + ["1"] for row in r[1:]], ["'x' are not in the codebook"]),
        (lambda r: [[""] + r[0]] + [[str(i)] + row for i, row in enumerate(r[1:])], ["index=False"]),
        (lambda r: _set(r, 5, "imp_data_lost", "7"), ["column imp_data_lost", "out of range", "line 5",
                                                      "respondent R000004", "ratings from 1 to 5"]),
        (lambda r: _set(r, 3, "emo_dif_avoid_anxious", "3.5"), ["not a whole number", "line 3"]),
        (lambda r: _set(r, 4, "sat_unexpected_charges", "very"), ["line 4 (respondent R000003)",
                                                                   "column sat_unexpected_charges", "'very' is text"]),
        (lambda r: _set(r, 6, "context", "online_shop"), ["column context", "'online_shop'", "one of: online_tech"]),
        (lambda r: _set(r, 6, "context", ""), ["column context", "is empty"]),
        (lambda r: _set(r, 2, "sit_personal_data", "2"), ["sit_personal_data", "1 (yes) or 0 (no)"]),
        (lambda r: _set(r, 9, "respondent_id", "R000002"), ["repeats a respondent id", "line 9"]),
        (lambda r: _set(r, 7, "duration_sec", ""), ["duration_sec", "is empty"]),
        (lambda r: r[:7] + [r[7] + ["5"]] + r[8:], ["line 8 has 142 values", "header names 141 columns"]),
        (lambda r: r[:10] + [r[10][:-1]] + r[11:], ["line 11 has 140 values"]),
        (lambda r: [r[0]] + [_set(r, i, "imp_data_lost", "0")[i - 1] for i in range(2, 8)],
         ["6 values are out of range", "line 2 (respondent R000001): 0", "and 3 more"]),
        (lambda r: r[:1], ["no respondents"]),
        (lambda r: [r[0] + ["context"]] + r[1:], ["context appear more than once"]),
    ],
)
def test_a_broken_file_is_explained(tmp_path, edit, expected):
    path = _write(tmp_path, edit(_rows()))
    with pytest.raises(SurveyDataError) as error:
        load_survey(path)
    message = str(error.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message, message


def test_missing_empty_and_binary_files_are_explained(tmp_path):
    with pytest.raises(SurveyDataError, match="was not found"):
        load_survey(tmp_path / "nowhere.csv")
    with pytest.raises(SurveyDataError, match="a folder"):
        load_survey(tmp_path)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="empty"):
        load_survey(tmp_path / "empty.csv")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00respondent_id")
    with pytest.raises(SurveyDataError, match="not UTF-8"):
        load_survey(tmp_path / "binary.csv")


def test_a_valid_copy_loads_and_empty_ratings_stay_missing(tmp_path):
    rows = _set(_rows(), 2, "imp_data_lost", "")
    survey = load_survey(_write(tmp_path, rows))
    assert len(survey) == 20 and pd.isna(survey.loc[0, "imp_data_lost"])


def test_a_spreadsheet_export_loads(tmp_path, survey):
    """Excel's CSV: a byte-order mark, Windows line ends, columns in another order, 4.0 for 4."""
    part = survey.head(30)
    shuffled = part[list(reversed(part.columns))].astype({"imp_data_lost": "float64"})
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + shuffled.to_csv(index=False, lineterminator="\r\n").encode())
    pd.testing.assert_frame_equal(load_survey(path), part)


def test_something_other_than_a_path_is_refused(survey):
    with pytest.raises(SurveyDataError, match="takes the path of a CSV file"):
        load_survey(survey)


def test_the_design_must_match_the_repair_job(monkeypatch):
    broken = SEGMENTS[0].__class__(**{**SEGMENTS[0].__dict__, "under_served": ("no_such_outcome",)})
    monkeypatch.setattr(design_module, "SEGMENTS", (broken,))
    with pytest.raises(ValueError, match="'no_such_outcome' is not a desired outcome"):
        survey_design.__wrapped__()


# ---------------------------------------------------------------- command line


def test_command_line_writes_a_loadable_survey(tmp_path, capsys):
    assert main(["-n", "120", "--seed", "5", "--out", str(tmp_path), "--quiet"]) == 0
    assert "repair_survey.csv" in capsys.readouterr().out
    assert len(load_survey(tmp_path / "repair_survey.csv")) == 120
    with pytest.raises(SystemExit):
        main(["-n", "0", "--out", str(tmp_path)])
    assert "expected at least 1" in capsys.readouterr().err


def test_python_dash_m_runs(tmp_path):
    done = subprocess.run([sys.executable, "-m", "jtbd_kit.survey", "-n", "30", "--out", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress line for a small run
    assert len(pd.read_csv(tmp_path / "repair_survey.csv")) == 30


def test_segment_shares_plant_only_the_segments_given(tmp_path):
    import json

    from jtbd_kit.survey import write_survey

    shares = {"first_timers": 0.5, "cost_conscious": 0.5}
    paths = write_survey(tmp_path, 300, 7, progress=False, segment_shares=shares)
    truth = pd.read_csv(paths["repair_survey_truth.csv"])
    assert set(truth["segment"]) == set(shares)
    planted = json.loads(paths["repair_survey_truth.json"].read_text(encoding="utf-8"))
    assert [s["id"] for s in planted["segments"]] == ["first_timers", "cost_conscious"]
    assert sum(planted["counts"]["segments"].values()) == 300


@pytest.mark.parametrize("shares", [{}, {"nobody": 1.0}, {"first_timers": 0.5}, {"first_timers": True},
                                    {"first_timers": 1.5, "cost_conscious": -0.5}, ["first_timers"]])
def test_impossible_segment_shares_are_refused(tmp_path, shares):
    from jtbd_kit.survey import write_survey

    with pytest.raises(ValueError, match="segment_shares|shares"):
        write_survey(tmp_path, 50, 7, progress=False, segment_shares=shares)
    assert not any(tmp_path.iterdir())
