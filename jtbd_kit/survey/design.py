"""What the survey asks and what the generator plants: items, columns, scales and segments.

Everything about the repair job itself (steps, desired outcomes, financial metrics, contexts,
situations, emotional and social jobs, ideal states) comes from :func:`load_repair_job`; this
module only adds the questionnaire around it and the planted structure.

>>> design = survey_design()
>>> [c.name for c in design.columns][:3]
['respondent_id', 'context', 'sit_under_warranty']
>>> design.column("imp_diagnose_time").scale
(1, 5)
>>> design.column("emo_dif_avoid_anxious").labels[3]
'Difficult'
>>> [s.id for s in SEGMENTS]
['time_critical', 'data_anxious', 'first_timers', 'cost_conscious']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..repair_job import RepairJob, load_repair_job

__all__ = [
    "Column", "Item", "Segment", "SurveyDesign", "SEGMENTS", "survey_design",
    "AGE_BANDS", "CUSTOMER_TYPES", "PRODUCT_KINDS", "DATA_DIR",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "datasets" / "survey"

# ---------------------------------------------------------------- answer scales

# Outcome-driven innovation (ODI) asks importance and satisfaction on five-point scales.
IMPORTANCE_5 = {1: "Not at all important", 2: "Somewhat important", 3: "Important",
                4: "Very important", 5: "Extremely important"}
SATISFACTION_5 = {1: "Not at all satisfied", 2: "Somewhat satisfied", 3: "Satisfied",
                  4: "Very satisfied", 5: "Extremely satisfied"}
# The source's grid for emotional and social jobs (used here for ideal states too).
IMPORTANCE_3 = {1: "Not important", 2: "Neutral", 3: "Important"}
DIFFICULTY_3 = {1: "Not difficult", 2: "Neutral", 3: "Difficult"}

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
CUSTOMER_TYPES = ("consumer", "business")
PRODUCT_KINDS = ("phone", "computer", "tablet", "other device", "software or online account")

# The rated sections: (section, column prefix of the two questions, their label scales, question texts).
_RATED = {
    "outcome": (("imp", IMPORTANCE_5, "How important is this to you?"),
                ("sat", SATISFACTION_5, "How satisfied are you with how well you can do this today?")),
    "emotional": (("emo_imp", IMPORTANCE_3, "How important is it that you are able to do this?"),
                  ("emo_dif", DIFFICULTY_3, "How difficult is it for you to do this?")),
    "social": (("soc_imp", IMPORTANCE_3, "How important is it that you are able to do this?"),
               ("soc_dif", DIFFICULTY_3, "How difficult is it for you to do this?")),
    "ideal": (("ideal_imp", IMPORTANCE_3, "How important is it that you are able to do this?"),
              ("ideal_dif", DIFFICULTY_3, "How difficult is it for you to do this?")),
}
_RATED["financial"] = _RATED["outcome"]


# ---------------------------------------------------------------- planted segments


@dataclass(frozen=True)
class Segment:
    """A needs-based segment the generator plants, with the ids of what it over- and under-rates."""

    id: str
    name: str
    description: str
    share: float                    # expected share of respondents
    situations: tuple[str, ...]     # situation ids that are much more common in the segment
    under_served: tuple[str, ...]   # outcome / financial-metric ids: more important, less satisfied
    over_served: tuple[str, ...]    # outcome / financial-metric ids: less important, more satisfied
    pressing: tuple[str, ...]       # emotional / social / ideal-state ids: more important, more difficult
    business_share: float           # chance that a respondent answers for a business


SEGMENTS: tuple[Segment, ...] = (
    Segment(
        id="time_critical", name="Time-critical",
        description="Work or a deadline depends on the product, so every day without it costs.",
        share=0.28, situations=("business_critical", "urgent_deadline"),
        under_served=("time_without_product", "delay_news_time", "status_unknown_time",
                      "downtime_cost", "expedited_service_cost"),
        over_served=("feedback_time", "unneeded_personal_details", "warranty_extension_cost"),
        pressing=("avoid_frustrated", "not_seen_impatient", "short_downtime", "know_status"),
        business_share=0.55,
    ),
    Segment(
        id="data_anxious", name="Data-anxious",
        description="The product holds private data, and losing or exposing it is the main worry.",
        share=0.24, situations=("personal_data",),
        under_served=("data_exposed", "data_lost", "data_loss_cost", "unneeded_personal_details"),
        over_served=("compare_options_time", "expedited_service_cost", "payment_time"),
        pressing=("avoid_anxious", "feel_assured", "no_damage", "works_after"),
        business_share=0.15,
    ),
    Segment(
        id="first_timers", name="First-timers",
        description="New to online repair: unsure whom to trust, what to choose and what was done.",
        share=0.24, situations=("first_online_repair",),
        under_served=("untrustworthy_service", "fault_misunderstood", "unsuitable_package",
                      "report_understand_time"),
        over_served=("payment_time", "feedback_time"),
        pressing=("avoid_confused", "feel_confident", "not_seen_inept", "seen_tech_savvy",
                  "easy_to_start_and_track", "no_miscommunication"),
        business_share=0.10,
    ),
    Segment(
        id="cost_conscious", name="Cost-conscious",
        description="Covered by a warranty or owning an expensive product, and watching every charge.",
        share=0.24, situations=("under_warranty", "high_value"),
        under_served=("unexpected_charges", "labor_cost", "shipping_cost", "additional_repairs_cost",
                      "follow_up_cost"),
        over_served=("expedited_service_cost", "warranty_extension_cost", "account_setup_time"),
        pressing=("avoid_disappointed", "clear_costs", "no_hidden_charges", "quality_parts"),
        business_share=0.15,
    ),
)

# How often each situation happens outside the segments it drives (default 0.15), and inside them.
SITUATION_BASE_RATE = {"under_warranty": 0.25, "business_critical": 0.10, "first_online_repair": 0.15,
                       "personal_data": 0.20, "urgent_deadline": 0.15, "high_value": 0.20}
SITUATION_IN_SEGMENT_RATE = 0.75
# Relative frequency of each context (default 1) and its shift of satisfaction on the latent scale
# (default 0; difficulty moves the other way).
CONTEXT_WEIGHT = {"e_commerce_platform": 2.0, "telecommunications_company": 2.0,
                  "online_tech_support": 1.5, "online_banking_platform": 1.2}
CONTEXT_SATISFACTION_SHIFT = {
    "online_tech_support": 0.25, "e_commerce_platform": 0.10, "software_development_company": -0.10,
    "online_learning_platform": 0.0, "telecommunications_company": -0.40, "online_gaming_platform": 0.15,
    "social_media_platform": -0.30, "online_banking_platform": 0.20, "online_travel_agency": -0.20,
    "online_healthcare_platform": 0.05,
}
# Chance that the product is a device (not software or an online account), by context (default 0.15).
CONTEXT_DEVICE_SHARE = {"online_tech_support": 0.80, "e_commerce_platform": 0.90,
                        "telecommunications_company": 0.70, "online_gaming_platform": 0.40}
DEVICE_KIND_SHARE = {"phone": 0.40, "computer": 0.35, "tablet": 0.15, "other device": 0.10}
# Mean number of repairs in the last two years (Poisson, capped at 9).
REPAIRS_MEAN = {"first_online_repair": 0.6, "otherwise": 1.3}
AGE_SHARE = {"everyone": (0.12, 0.22, 0.22, 0.19, 0.15, 0.10),
             "first_timers": (0.17, 0.13, 0.12, 0.15, 0.21, 0.22)}


# ---------------------------------------------------------------- items and columns


@dataclass(frozen=True)
class Item:
    """One rated statement of the questionnaire."""

    id: str
    section: str        # outcome, financial, emotional, social or ideal
    statement: str
    step: str | None    # the job step of a desired outcome, else None


@dataclass(frozen=True)
class Column:
    """One column of the survey table and how to read it."""

    name: str
    section: str                     # respondent, context, situation, descriptor, quality, or a rated section
    meaning: str                     # the statement or what the column records
    question: str                    # what the respondent was asked ('' for derived columns)
    kind: str                        # id, category, flag, count, seconds, rating
    scale: tuple[int, int] | None = None          # (low, high) of a rating or count column
    labels: dict[int, str] | None = None          # what each rating code means
    categories: tuple[str, ...] | None = None     # allowed values of a category column
    item: str | None = None                       # the repair-job id behind the column

    @property
    def values(self) -> str:
        """The allowed values, in words (for the codebook)."""
        if self.labels:
            return "; ".join(f"{code} = {text}" for code, text in self.labels.items()) + "; empty = no answer"
        if self.categories:
            return ", ".join(self.categories)
        if self.kind == "flag":
            return "1 = yes, 0 = no"
        if self.kind == "count":
            return f"whole number, {self.scale[0]} to {self.scale[1]}"
        if self.kind == "seconds":
            return "whole number of seconds, 1 or more"
        return "text, unique per row"


@dataclass(frozen=True)
class SurveyDesign:
    """The questionnaire built from a repair job: its items and the columns of the data file."""

    job: RepairJob
    items: tuple[Item, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def rating_columns(self, *sections: str) -> list[str]:
        """Names of the rating columns, of the given sections only when any are named."""
        return [c.name for c in self.columns if c.kind == "rating" and (not sections or c.section in sections)]

    def item_columns(self, item_id: str) -> tuple[str, str]:
        """The two rating columns of an item (importance first)."""
        names = [c.name for c in self.columns if c.item == item_id and c.kind == "rating"]
        return names[0], names[1]


@lru_cache(maxsize=1)
def survey_design() -> SurveyDesign:
    """Build the questionnaire and the column list from the course's repair-job data file.

    Raises ValueError when a segment or table above names an id the repair job does not have.
    """
    job = load_repair_job()
    items = (
        [Item(o.id, "outcome", o.statement, o.step) for o in job.desired_outcomes]
        + [Item(m.id, "financial", m.statement, None) for m in job.financial_metrics]
        + [Item(e.id, "emotional", e.statement, None) for e in job.emotional_jobs]
        + [Item(s.id, "social", s.statement, None) for s in job.social_jobs]
        + [Item(i.id, "ideal", i.statement, None) for i in job.ideal_states]
    )
    columns = [
        Column("respondent_id", "respondent", "Respondent number, unique per row", "", "id"),
        Column("context", "context", "Where the product was being fixed (a context id of the repair job)",
               "Which kind of platform was fixing your product?", "category",
               categories=tuple(c.id for c in job.contexts)),
    ]
    columns += [
        Column(f"sit_{s.id}", "situation", f"{s.name}: {s.description}",
               "Was this true the last time you got a product fixed online?", "flag", (0, 1), item=s.id)
        for s in job.situations
    ]
    columns += [
        Column("age_band", "descriptor", "Age of the respondent, in years", "How old are you?",
               "category", categories=AGE_BANDS),
        Column("customer_type", "descriptor", "Whether the repair was for a household or a business",
               "Was the repair for yourself or for a business?", "category", categories=CUSTOMER_TYPES),
        Column("product_kind", "descriptor", "The kind of product that needed fixing",
               "What needed fixing?", "category", categories=PRODUCT_KINDS),
        Column("repairs_last_2y", "descriptor", "Products the respondent had repaired in the last two years",
               "How many products have you had repaired in the last two years?", "count", (0, 9)),
        Column("duration_sec", "quality", "Time taken to complete the survey, recorded by the survey tool",
               "", "seconds"),
    ]
    for item in items:
        for prefix, labels, question in _RATED[item.section]:
            columns.append(Column(f"{prefix}_{item.id}", item.section, item.statement, question, "rating",
                                  (min(labels), max(labels)), labels, item=item.id))
    design = SurveyDesign(job, tuple(items), tuple(columns))
    _check(design)
    return design


def _check(design: SurveyDesign) -> None:
    """Fail loudly when the planted structure names something the repair job lacks."""
    names = design.names
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise ValueError(f"two survey items would share the column(s) {', '.join(doubled)}: rename one id.")
    sections = {i.id: i.section for i in design.items}
    job = design.job
    known = {
        "situation": {s.id for s in job.situations},
        "context": {c.id for c in job.contexts},
    }
    problems = []
    for segment in SEGMENTS:
        for sid in segment.situations:
            if sid not in known["situation"]:
                problems.append(f"segment {segment.id}: unknown situation {sid!r}")
        for iid in segment.under_served + segment.over_served:
            if sections.get(iid) not in ("outcome", "financial"):
                problems.append(f"segment {segment.id}: {iid!r} is not a desired outcome or financial metric")
        for iid in segment.pressing:
            if sections.get(iid) not in ("emotional", "social", "ideal"):
                problems.append(f"segment {segment.id}: {iid!r} is not an emotional or social job or ideal state")
    for table in (SITUATION_BASE_RATE,):
        problems += [f"unknown situation {k!r}" for k in table if k not in known["situation"]]
    for table in (CONTEXT_WEIGHT, CONTEXT_SATISFACTION_SHIFT, CONTEXT_DEVICE_SHARE):
        problems += [f"unknown context {k!r}" for k in table if k not in known["context"]]
    if problems:
        raise ValueError("the survey design does not match the repair job: " + "; ".join(problems))
