"""The seeded generator: latent scores with noise, cut into ratings, in blocks of rows.

One ``numpy.random.default_rng(seed)`` drives everything, in a fixed order, so the same seed and
the same number of respondents give the same bytes. Rows are made and written
:data:`BLOCK_ROWS` at a time, so a million respondents need about as much memory as fifty thousand.

>>> answers, truth = generate_survey(respondents=5, seed=1)
>>> list(answers["respondent_id"])
['R000001', 'R000002', 'R000003', 'R000004', 'R000005']
>>> sorted(set(truth.columns))
['has_missing', 'is_speeder', 'is_straightliner', 'respondent_id', 'segment']
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from . import design as d
from .._inputs import shown as _shown
from ..feedback import LearnerError
from .design import SEGMENTS, SurveyDesign, survey_design

__all__ = [
    "BLOCK_ROWS", "DEFAULT_RESPONDENTS", "DEFAULT_SEED", "SURVEY_FILE", "TRUTH_FILE", "TRUTH_JSON",
    "CODEBOOK_FILE", "generate_blocks", "generate_survey", "write_survey",
]

DEFAULT_SEED = 2026
DEFAULT_RESPONDENTS = 1_500
BLOCK_ROWS = 50_000

SURVEY_FILE = "repair_survey.csv"
TRUTH_FILE = "repair_survey_truth.csv"
TRUTH_JSON = "repair_survey_truth.json"
CODEBOOK_FILE = "codebook.md"

# Latent-scale model (see the package docstring). Ratings are the latent score cut at these points.
CUTS_5 = (-1.5, -0.6, 0.3, 1.2)
CUTS_3 = (-0.5, 0.6)
NOISE_SD = 0.8           # answer-to-answer noise
PERSON_SD = 0.2          # a respondent's own tendency to answer high or low (per question type)
EFFECT = {"under_served_importance": 1.3, "under_served_satisfaction": -1.3,
          "over_served_importance": -1.1, "over_served_satisfaction": 1.1,
          "pressing_importance": 1.2, "pressing_difficulty": 1.0}
BASE_RANGE = {"importance_5": (-0.4, 0.5), "satisfaction_5": (-0.1, 0.6),
              "importance_3": (-0.2, 0.7), "difficulty_3": (-0.6, 0.3)}
# Realistic mess: straight-liners and speeders exclude each other; skippers leave cells empty.
MESS = {"straightliner_share": 0.03, "speeder_share": 0.03, "skipper_share": 0.08, "skipped_cell_share": 0.25,
        "speeder_seconds": (90, 270), "minimum_honest_seconds": 420, "straightliner_minimum_seconds": 330,
        "median_seconds": 840}


class _Model:
    """The generator's fixed parameters, drawn once from the seed, then rows block by block."""

    def __init__(self, design: SurveyDesign, seed: int, segment_shares: dict[str, float] | None = None) -> None:
        self.design = design
        self.rng = rng = np.random.default_rng(seed)
        job = design.job
        self.five = [i for i in design.items if i.section in ("outcome", "financial")]
        self.three = [i for i in design.items if i.section in ("emotional", "social", "ideal")]
        self.contexts = [c.id for c in job.contexts]
        self.situations = [s.id for s in job.situations]

        def base(kind: str, count: int) -> np.ndarray:
            low, high = BASE_RANGE[kind]
            return np.round(rng.uniform(low, high, count), 2)

        self.imp5, self.sat5 = base("importance_5", len(self.five)), base("satisfaction_5", len(self.five))
        self.imp3, self.dif3 = base("importance_3", len(self.three)), base("difficulty_3", len(self.three))

        five_ids = [i.id for i in self.five]
        three_ids = [i.id for i in self.three]
        seg_count = len(SEGMENTS)
        self.e_imp5 = np.zeros((seg_count, len(five_ids)))
        self.e_sat5 = np.zeros((seg_count, len(five_ids)))
        self.e_imp3 = np.zeros((seg_count, len(three_ids)))
        self.e_dif3 = np.zeros((seg_count, len(three_ids)))
        for s, segment in enumerate(SEGMENTS):
            for iid in segment.under_served:
                self.e_imp5[s, five_ids.index(iid)] += EFFECT["under_served_importance"]
                self.e_sat5[s, five_ids.index(iid)] += EFFECT["under_served_satisfaction"]
            for iid in segment.over_served:
                self.e_imp5[s, five_ids.index(iid)] += EFFECT["over_served_importance"]
                self.e_sat5[s, five_ids.index(iid)] += EFFECT["over_served_satisfaction"]
            for iid in segment.pressing:
                self.e_imp3[s, three_ids.index(iid)] += EFFECT["pressing_importance"]
                self.e_dif3[s, three_ids.index(iid)] += EFFECT["pressing_difficulty"]

        self.shares = _segment_shares(segment_shares)
        shares = np.array([self.shares[s.id] for s in SEGMENTS])
        self.segment_p = shares / shares.sum()
        self.situation_p = np.array([
            [d.SITUATION_IN_SEGMENT_RATE if sit in seg.situations else d.SITUATION_BASE_RATE.get(sit, 0.15)
             for sit in self.situations]
            for seg in SEGMENTS
        ])
        weights = np.array([d.CONTEXT_WEIGHT.get(c, 1.0) for c in self.contexts])
        self.context_p = weights / weights.sum()
        self.context_shift = np.array([d.CONTEXT_SATISFACTION_SHIFT.get(c, 0.0) for c in self.contexts])
        self.device_p = np.array([d.CONTEXT_DEVICE_SHARE.get(c, 0.15) for c in self.contexts])
        self.business_p = np.array([s.business_share for s in SEGMENTS])
        self.first_timer = np.array([s.id == "first_timers" for s in SEGMENTS])
        self.age_cdf = np.cumsum([d.AGE_SHARE["everyone"], d.AGE_SHARE["first_timers"]], axis=1)
        self.device_cdf = np.cumsum([d.DEVICE_KIND_SHARE[k] for k in d.PRODUCT_KINDS[:-1]])

    # ------------------------------------------------------------ blocks of respondents

    def blocks(self, respondents: int) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
        width = max(6, len(str(respondents)))
        for start in range(0, respondents, BLOCK_ROWS):
            yield self.block(start, min(BLOCK_ROWS, respondents - start), width)

    def block(self, start: int, size: int, id_width: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Respondents start+1 .. start+size: (answers in column order, truth)."""
        rng = self.rng
        seg = rng.choice(len(SEGMENTS), size=size, p=self.segment_p)
        sit = (rng.random((size, len(self.situations))) < self.situation_p[seg]).astype(np.int8)
        ctx = rng.choice(len(self.contexts), size=size, p=self.context_p)
        business = rng.random(size) < self.business_p[seg]
        age = (rng.random(size)[:, None] > self.age_cdf[self.first_timer[seg].astype(int)]).sum(axis=1)
        device = rng.random(size) < self.device_p[ctx]
        device_kind = (rng.random(size)[:, None] > self.device_cdf).sum(axis=1)
        kind = np.where(device, device_kind, len(d.PRODUCT_KINDS) - 1)
        first_online = sit[:, self.situations.index("first_online_repair")] == 1
        means = np.where(first_online, d.REPAIRS_MEAN["first_online_repair"], d.REPAIRS_MEAN["otherwise"])
        repairs = np.minimum(rng.poisson(means), 9)

        shift = self.context_shift[ctx][:, None]
        imp5 = self._cut(self.imp5 + self.e_imp5[seg] + self._person(size) + self._noise(size, self.imp5), CUTS_5)
        sat5 = self._cut(self.sat5 + self.e_sat5[seg] + shift + self._person(size) + self._noise(size, self.sat5), CUTS_5)
        imp3 = self._cut(self.imp3 + self.e_imp3[seg] + self._person(size) + self._noise(size, self.imp3), CUTS_3)
        dif3 = self._cut(self.dif3 + self.e_dif3[seg] - shift + self._person(size) + self._noise(size, self.dif3), CUTS_3)

        # Mess: straight-liners give one answer everywhere; speeders answer at random, fast.
        kind_u = rng.random(size)
        straight = kind_u < MESS["straightliner_share"]
        speeder = (~straight) & (kind_u < MESS["straightliner_share"] + MESS["speeder_share"])
        flat5 = rng.choice([3, 4, 5], size=size, p=[0.3, 0.4, 0.3])
        flat3 = rng.choice([2, 3], size=size, p=[0.4, 0.6])
        for grid, flat in ((imp5, flat5), (sat5, flat5), (imp3, flat3), (dif3, flat3)):
            grid[straight] = flat[straight, None]
        for grid, top in ((imp5, 5), (sat5, 5), (imp3, 3), (dif3, 3)):
            random_answers = rng.integers(1, top + 1, size=grid.shape, dtype=np.int8)
            grid[speeder] = random_answers[speeder]

        seconds = rng.lognormal(np.log(MESS["median_seconds"]), 0.35, size)
        floor = MESS["minimum_honest_seconds"]
        seconds = np.where(seconds < floor, floor + rng.uniform(0, 240, size), seconds)
        seconds = np.where(straight, np.maximum(seconds * 0.55, MESS["straightliner_minimum_seconds"]), seconds)
        low, high = MESS["speeder_seconds"]
        seconds = np.where(speeder, rng.uniform(low, high, size), seconds).round().astype(np.int32)

        # Interleave importance and satisfaction (or difficulty) per item, as the columns are ordered.
        ratings = np.empty((size, 2 * (len(self.five) + len(self.three))), dtype=np.int8)
        ratings[:, 0:2 * len(self.five):2], ratings[:, 1:2 * len(self.five):2] = imp5, sat5
        ratings[:, 2 * len(self.five)::2], ratings[:, 2 * len(self.five) + 1::2] = imp3, dif3
        skipper = rng.random(size) < MESS["skipper_share"]
        missing = skipper[:, None] & (rng.random(ratings.shape) < MESS["skipped_cell_share"])

        ids = [f"R{i:0{id_width}d}" for i in range(start + 1, start + size + 1)]
        answers: dict[str, object] = {
            "respondent_id": ids,
            "context": np.array(self.contexts, dtype=object)[ctx],
        }
        for j, sid in enumerate(self.situations):
            answers[f"sit_{sid}"] = sit[:, j]
        answers["age_band"] = np.array(d.AGE_BANDS, dtype=object)[age]
        answers["customer_type"] = np.where(business, "business", "consumer").astype(object)
        answers["product_kind"] = np.array(d.PRODUCT_KINDS, dtype=object)[kind]
        answers["repairs_last_2y"] = repairs.astype(np.int8)
        answers["duration_sec"] = seconds
        rating_names = self.design.rating_columns()
        for j, name in enumerate(rating_names):
            answers[name] = pd.arrays.IntegerArray(ratings[:, j], missing[:, j])
        frame = pd.DataFrame(answers)
        truth = pd.DataFrame({
            "respondent_id": ids,
            "segment": np.array([s.id for s in SEGMENTS], dtype=object)[seg],
            "is_straightliner": straight.astype(np.int8),
            "is_speeder": speeder.astype(np.int8),
            "has_missing": missing.any(axis=1).astype(np.int8),
        })
        return frame, truth

    def _person(self, size: int) -> np.ndarray:
        return self.rng.normal(0.0, PERSON_SD, (size, 1))

    def _noise(self, size: int, base: np.ndarray) -> np.ndarray:
        return self.rng.normal(0.0, NOISE_SD, (size, base.size))

    @staticmethod
    def _cut(latent: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
        return (np.digitize(latent, cuts) + 1).astype(np.int8)

    # ------------------------------------------------------------ what was planted

    def parameters(self) -> dict:
        """The generator's settings and drawn parameters, for the truth file."""
        return {
            "segments": [
                {"id": s.id, "name": s.name, "description": s.description, "share": self.shares[s.id],
                 "situations": list(s.situations), "under_served": list(s.under_served),
                 "over_served": list(s.over_served), "important_and_difficult": list(s.pressing),
                 "business_share": s.business_share}
                for s in SEGMENTS if self.shares[s.id] > 0
            ],
            "situation_rate": {
                "in_segment": d.SITUATION_IN_SEGMENT_RATE,
                "otherwise": {sit: d.SITUATION_BASE_RATE.get(sit, 0.15) for sit in self.situations},
            },
            "context_share": {c: round(float(p), 4) for c, p in zip(self.contexts, self.context_p)},
            "context_satisfaction_shift": {c: float(v) for c, v in zip(self.contexts, self.context_shift)},
            "descriptors": {
                "age_share": {group: dict(zip(d.AGE_BANDS, shares)) for group, shares in d.AGE_SHARE.items()},
                "device_share_by_context": {c: float(p) for c, p in zip(self.contexts, self.device_p)},
                "device_kind_share": d.DEVICE_KIND_SHARE,
                "repairs_last_2y_mean": d.REPAIRS_MEAN,
            },
            "latent_model": {
                "cuts_1_to_5": list(CUTS_5), "cuts_1_to_3": list(CUTS_3), "noise_sd": NOISE_SD,
                "person_sd": PERSON_SD, "effects": EFFECT,
                "base_importance_1_to_5": dict(zip([i.id for i in self.five], self.imp5.tolist())),
                "base_satisfaction_1_to_5": dict(zip([i.id for i in self.five], self.sat5.tolist())),
                "base_importance_1_to_3": dict(zip([i.id for i in self.three], self.imp3.tolist())),
                "base_difficulty_1_to_3": dict(zip([i.id for i in self.three], self.dif3.tolist())),
            },
            "mess": {k: list(v) if isinstance(v, tuple) else v for k, v in MESS.items()},
        }


def _segment_shares(shares) -> dict[str, float]:
    """Each planted segment's share: the design's, or those given (segments left out are not planted)."""
    if shares is None:
        return {s.id: s.share for s in SEGMENTS}
    ids = [s.id for s in SEGMENTS]
    if not isinstance(shares, dict) or not shares or any(k not in ids for k in shares):
        raise ValueError(f"segment_shares should map segment ids ({', '.join(ids)}) to shares; got {shares!r}")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1 for v in shares.values()):
        raise ValueError("Each share in segment_shares should be a number from 0 to 1")
    if not 0.999 <= sum(shares.values()) <= 1.001:
        raise ValueError(f"The shares in segment_shares should add up to 1; they add up to {sum(shares.values()):g}")
    return {i: float(shares.get(i, 0.0)) for i in ids}


def generate_blocks(respondents: int = DEFAULT_RESPONDENTS, seed: int = DEFAULT_SEED,
                    design: SurveyDesign | None = None) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield (answers, truth) data frames of at most :data:`BLOCK_ROWS` respondents each."""
    model = _Model(design or survey_design(), _seed(seed))
    yield from model.blocks(_respondents(respondents))


def generate_survey(respondents: int = DEFAULT_RESPONDENTS,
                          seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole survey in memory, as (answers, truth): for small runs and tests."""
    blocks = list(generate_blocks(_respondents(respondents, MAX_IN_MEMORY), seed))
    return (pd.concat([b[0] for b in blocks], ignore_index=True),
            pd.concat([b[1] for b in blocks], ignore_index=True))


def write_survey(folder: str | Path = d.DATA_DIR, respondents: int = DEFAULT_RESPONDENTS,
                 seed: int = DEFAULT_SEED, progress: bool | None = None,
                 segment_shares: dict[str, float] | None = None) -> dict[str, Path]:
    """Generate the survey and write the data, the two truth files and the codebook into ``folder``.

    ``segment_shares`` ({segment id: share}, adding up to 1) replaces the design's shares of the
    planted segments; a segment left out is not planted. The exercise's copy uses it, so that the
    number of segments is not the lesson's.

    Rows are written block by block, so memory stays flat however many respondents are asked for.
    ``progress`` shows a progress line on stderr (default: only when there is more than one block).
    Returns {file name: path}.
    """
    from .codebook import codebook_markdown

    respondents, seed = _respondents(respondents), _seed(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    design = survey_design()
    model = _Model(design, seed, segment_shares)
    show = respondents > BLOCK_ROWS if progress is None else progress
    bar = _Progress(respondents) if show else None
    paths = {name: folder / name for name in (SURVEY_FILE, TRUTH_FILE, TRUTH_JSON, CODEBOOK_FILE)}
    temps = {name: path.with_name(path.name + ".tmp") for name, path in paths.items()}
    counts = {"respondents": 0, "segments": {s.id: 0 for s in SEGMENTS if model.shares[s.id] > 0}, "straightliners": 0,
              "speeders": 0, "respondents_with_missing": 0, "missing_cells": 0}
    try:
        with open(temps[SURVEY_FILE], "w", encoding="utf-8", newline="") as data, \
                open(temps[TRUTH_FILE], "w", encoding="utf-8", newline="") as truth_out:
            done = 0
            for answers, truth in model.blocks(respondents):
                answers.to_csv(data, index=False, header=done == 0, lineterminator="\n")
                truth.to_csv(truth_out, index=False, header=done == 0, lineterminator="\n")
                _count(counts, answers, truth, design)
                done += len(answers)
                if bar:
                    bar.update(done)
        summary = {
            "about": ("GROUND TRUTH of the synthetic repair-platform survey (repair_survey.csv): what the "
                      "generator planted. For instructors and automated checks; learners analyse the survey "
                      "without it. Made by `python -m jtbd_kit.survey`."),
            "generator": "jtbd_kit.survey", "seed": seed, "respondents": respondents,
            "block_rows": BLOCK_ROWS, "counts": counts, **model.parameters(),
        }
        temps[TRUTH_JSON].write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        temps[CODEBOOK_FILE].write_text(codebook_markdown(design), encoding="utf-8")
        for name, path in paths.items():
            os.replace(temps[name], path)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        if bar:
            bar.done()
    return paths


class SurveySizeError(LearnerError, ValueError):
    """A number of respondents or a seed the generator cannot use; the message says what it takes."""


MAX_RESPONDENTS = 10_000_000  # written in blocks, so memory stays flat; in memory (generate_survey): 1,000,000
MAX_IN_MEMORY = 1_000_000


def _respondents(value, most: int = MAX_RESPONDENTS) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= most:
        raise SurveySizeError(f"the number of respondents must be a whole number from 1 to {most:,}, not "
                              f"{_shown(value)}.")
    return int(value)


def _seed(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise SurveySizeError(f"the seed must be a whole number of 0 or more, not {_shown(value)}.")
    return int(value)


def _count(counts: dict, answers: pd.DataFrame, truth: pd.DataFrame, design: SurveyDesign) -> None:
    counts["respondents"] += len(truth)
    for seg, number in truth["segment"].value_counts().items():
        counts["segments"][seg] += int(number)
    counts["straightliners"] += int(truth["is_straightliner"].sum())
    counts["speeders"] += int(truth["is_speeder"].sum())
    counts["respondents_with_missing"] += int(truth["has_missing"].sum())
    counts["missing_cells"] += int(answers[design.rating_columns()].isna().to_numpy().sum())


class _Progress:
    """A one-line progress report on stderr (no dependency needed)."""

    def __init__(self, total: int) -> None:
        self.total, self.start = total, time.perf_counter()

    def update(self, done: int) -> None:
        elapsed = time.perf_counter() - self.start
        width = 30
        filled = int(width * done / self.total)
        sys.stderr.write(f"\rrepair survey [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done:,}/{self.total:,} respondents, {elapsed:.0f} s")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()
