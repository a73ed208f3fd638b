"""The synthetic repair-platform survey: a seeded generator with planted truth, and its loader.

Learners analyse ``datasets/survey/repair_survey.csv`` in the survey module. Every answer in it
was made by this package, not by a person: the file says so in its codebook, and what was planted
is written to separate truth files for instructors and tests.

Files (``python -m jtbd_kit.survey --out FOLDER`` writes all four; ``make survey`` the course's copy)
    ``repair_survey.csv``        one row per respondent: the learners' table
    ``codebook.md``              every column, its question, scale and meaning
    ``repair_survey_truth.csv``  per respondent: planted segment, is_straightliner, is_speeder, has_missing
    ``repair_survey_truth.json`` the planted segments, their under- and over-served outcomes, the
                                 context effects, every generator parameter, and counts

The questionnaire (built from ``datasets/repair_job.yaml`` through ``load_repair_job()``, never
repeated here)
    * ``respondent_id`` (R000001 ...), ``context`` (a context id of the repair job),
      ``sit_<situation id>`` 0/1 flags, descriptors ``age_band``, ``customer_type``,
      ``product_kind``, ``repairs_last_2y``, and ``duration_sec`` (completion time).
    * For each desired outcome of the 12 job steps (two or more per step) and each of the 10
      financial metrics: ``imp_<id>`` and ``sat_<id>``, importance and satisfaction on the 1-5
      scales of outcome-driven innovation.
    * For the 10 emotional jobs, 10 social jobs and 10 ideal states: ``emo_imp_<id>`` /
      ``emo_dif_<id>``, ``soc_imp_`` / ``soc_dif_``, ``ideal_imp_`` / ``ideal_dif_``: importance
      and difficulty on the source's 3-point scales (1 Not important, 2 Neutral, 3 Important;
      1 Not difficult, 2 Neutral, 3 Difficult). Distinct prefixes keep the two kinds of scale apart.
    * Empty cell = no answer. Ratings are whole numbers.

How the answers are made (``generate.py``; all numbers are in the truth JSON)
    1. Each respondent belongs to one of four needs-based segments (:data:`SEGMENTS`):
       time-critical, data-anxious, first-timers, cost-conscious. The segment's situations are
       present with probability 0.75 (otherwise 0.10-0.25), so situations explain the segments.
       Customer type and age lean by segment too; product kind depends on the context.
    2. Each rating starts as a latent score: the item's base level (drawn once from the seed)
       + the segment's effect + a context shift (satisfaction up or down by at most 0.4; difficulty
       the other way) + the respondent's own tendency to answer high or low + noise. The score
       is cut at fixed thresholds into 1-5 or 1-3.
    3. In its segment, an under-served outcome is much more important and much less satisfied
       (+1.3 / -1.3 on the latent scale); an over-served one the reverse (-1.1 / +1.1); a
       "pressing" emotional job, social job or ideal state is more important and more difficult.
       So a clustering of the importance ratings recovers the segments, and in each segment the
       planted under-served outcomes top an opportunity ranking.
    4. Mess, as in a real export: about 3% straight-liners (one answer in every 1-5 question and
       one in every 1-3 question), 3% speeders (random answers, under 270 s, while honest
       respondents take 420 s or more), and about 2% missing cells, concentrated in 8% of
       respondents who skip a quarter of the questions.

Determinism: one ``numpy.random.default_rng(seed)`` draws everything in a fixed order, in blocks
of 50,000 rows that are written as they are made (a million respondents fit in modest memory).
The same seed and size give the same bytes: a test regenerates the committed 1,500 respondents
(seed 2026) and compares.

>>> from jtbd_kit.survey import load_survey
>>> survey = load_survey()
>>> survey.shape[0], "imp_unexpected_charges" in survey
(1500, True)
"""

from .codebook import codebook, codebook_markdown
from .design import DATA_DIR, SEGMENTS, Segment, survey_design
from .generate import DEFAULT_RESPONDENTS, DEFAULT_SEED, generate_blocks, generate_survey, write_survey
from .load import DEFAULT_SURVEY_PATH, SurveyDataError, load_survey

__all__ = [
    "SurveyDataError", "load_survey", "write_survey", "generate_survey", "generate_blocks", "codebook", "codebook_markdown",
    "survey_design", "Segment", "SEGMENTS", "DATA_DIR", "DEFAULT_SURVEY_PATH", "DEFAULT_RESPONDENTS",
    "DEFAULT_SEED",
]
