"""A synthetic support log for the repair platform: a quarter of customer contacts and the real jobs behind them.

Support teams count what is easy to count: was the request resolved on first contact, how
satisfied was the customer. The Jobs-to-be-Done question is different: *did the customer get the
job done, or did they have to contact us again about the same job?* This module makes a log on
which the two answers disagree, so a learner can find that out with plain pandas.

Files (``datasets/support/``, written by ``make support-log``, i.e.
``python -m jtbd_kit.support_log --n 600 --seed 2026 --out datasets/support``):

- ``support_log.csv``: the log as the support team sees it, one row per contact (:data:`LOG_COLUMNS`).
- ``support_log_truth.csv``: the ground truth, one row per contact: the real job behind it, whether
  the job got done, whether the first message gives the job away (:data:`TRUTH_COLUMNS`). Lessons
  say when to open it; the log never contains it.
- ``codebook.md``: every column of both files, the channels, surface requests and real jobs,
  built from the same constants as the data.

File format: UTF-8, comma-separated, one header row, ``\\n`` line endings, rows in time order.
Yes/no columns are written ``0``/``1`` (and loaded as booleans); an empty cell is a missing value
(``satisfaction`` when the customer did not answer the survey, ``follow_up_to`` on a first contact);
timestamps are ISO 8601 local times to the minute, without a time zone (``2026-01-05T09:14``).

How the data is made (one ``numpy.random.default_rng(seed)``, drawn in a fixed order, so the same
``n`` and ``seed`` give byte-identical files):

1. A *case* starts with a first contact between 2026-01-01 and 2026-03-31: a channel
   (:data:`CHANNEL_SHARE`), a time in that channel's opening hours (weekdays and working hours
   more likely, some evenings and weekends), a surface request (:data:`SURFACE_REQUESTS`) and the
   real job behind it, drawn from :data:`JOBS_BEHIND` (each request hides several jobs).
   15% of cases come from a customer who had an earlier case.
2. Each contact draws, from its real job's :data:`JOB_MODELS` row: resolved on first contact
   (minus :data:`CHANNEL_RESOLVED_SHIFT` for the channel), then whether the job got done
   (likelier when resolved). A customer whose job is not done comes back within 7 days with
   probability :data:`RETURN_IF_NOT_DONE`; a customer whose job is done does not come back.
3. A return is a row of its own, up to 6 days and 23 hours later (so possibly in early April),
   with ``follow_up_to`` naming the earlier contact, which is flagged ``contacted_again_7d = 1``.
   Its surface request may differ from the first one: the job stays the same. Cases stop after
   :data:`MAX_CONTACTS` contacts, and the last case is cut so the log has exactly ``n`` rows.
4. Satisfaction (1-5, missing for :data:`SATISFACTION_MISSING` of contacts) follows mostly
   whether the job got done, a little whether the request was resolved (:data:`SATISFACTION`).
5. The first message is built from short templates: an opening, the problem of the surface
   request, sometimes a sentence that gives the real job away (:data:`JOB_MODELS`' ``hint``), a
   closing; a few are lower-cased or carry a typo. No brands, names or personal data.

Two copies are made from this generator. ``datasets/support/`` (seed 2026) is the lessons' copy:
lessons 4 and 7 open its truth file. ``datasets/support_exercise/`` (``copy="exercise"``) is the one
exercise 04 is graded on: other customers, made from a seed and job models that only the instructor's
repository has, so nothing a lesson shows about its copy answers the exercise. Students get that
copy's log and ``support_log_jobs.csv`` (the real job of each contact, which the exercise measures
by), never its truth file.

Planted patterns of the lessons' copy (:data:`PLANTED`; the tests check that plain pandas finds them
in the committed file):

- The job "Get the fault fixed before the device is returned" (``fixed_for_good``) is resolved on
  first contact more often than any other job, yet its customers contact support again within
  7 days far more often (about 40% of its contacts, against 10-25% for the others): the task is
  done, the job is not. Without the truth file it shows as the request that mostly hides it,
  ``repair_not_working``, having the highest repeat-contact rate.
- Satisfaction follows whether the job got done (and so whether the customer had to come back)
  much more than whether the request was resolved.
- Email is slightly worse: the lowest resolved rate and the lowest mean satisfaction.

>>> log = generate_support_log(n=40, seed=1)
>>> len(log), list(log.columns[:4])
(40, ['interaction_id', 'timestamp', 'customer_id', 'channel'])
>>> log["contacted_again_7d"].dtype, log["satisfaction"].dtype
(dtype('bool'), Int64Dtype())
>>> both = generate_support_log(n=40, seed=1, with_truth=True)
>>> sorted(set(both["real_job"]) - set(REAL_JOBS))
[]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from .feedback import LearnerError

__all__ = [
    "CHANNELS", "CHANNEL_SHARE", "CHANNEL_RESOLVED_SHIFT", "DEFAULT_PATH", "DEFAULT_ROWS", "DEFAULT_SEED",
    "COPIES", "JOBS_BEHIND", "JOBS_COLUMNS", "JOB_MODELS", "JobModel", "LOG_COLUMNS", "PLANTED", "REAL_JOBS", "SURFACE_REQUESTS", "SupportLogError",
    "TRUTH_COLUMNS", "codebook_markdown", "generate_support_log", "load_support_log", "support_log_files",
    "write_support_log", "main",
]

DEFAULT_SEED = 2026
DEFAULT_ROWS = 600
QUARTER = (date(2026, 1, 1), date(2026, 3, 31))  # first contacts fall in these days (inclusive)
DATA_DIR = Path(__file__).resolve().parents[1] / "datasets" / "support"
LOG_FILE, TRUTH_FILE, CODEBOOK_FILE = "support_log.csv", "support_log_truth.csv", "codebook.md"
JOBS_FILE = "support_log_jobs.csv"  # the exercise copy's real jobs, without the rest of the truth
DEFAULT_PATH = DATA_DIR / LOG_FILE
# The copy that exercise 04 is graded on: same generator, other customers (tools/exercise_data.py).
EXERCISE_PATH = DATA_DIR.parent / "support_exercise" / LOG_FILE
COPIES = {"lesson": DEFAULT_PATH, "exercise": EXERCISE_PATH}
TIME_FORMAT = "%Y-%m-%dT%H:%M"


class SupportLogError(LearnerError, ValueError):
    """The support log (or its truth file) is missing or malformed; the message says where and how."""


# ---------------------------------------------------------------------------------------------
# What the log can contain

CHANNELS = {
    "chat": "Live chat on the platform's website, staffed 08:00-22:00 every day",
    "email": "Email to the support address, answered in working hours (sent at any time)",
    "phone": "Phone line, open Monday-Friday 08:00-18:00 and Saturday 09:00-13:00",
    "web_form": "The contact form on the platform's website (sent at any time)",
}
# opening hours per channel: (first hour, last hour + 1) for Monday..Sunday; None = closed
_OPEN = {
    "chat": [(8, 22)] * 7,
    "email": [(0, 24)] * 7,
    "phone": [(8, 18)] * 5 + [(9, 13), None],
    "web_form": [(0, 24)] * 7,
}
CHANNEL_SHARE = {"chat": 0.35, "email": 0.25, "phone": 0.25, "web_form": 0.15}
FOLLOW_UP_CHANNEL_SHARE = {"chat": 0.30, "email": 0.15, "phone": 0.45, "web_form": 0.10}

# id -> (what the customer asks for, share of first contacts)
SURFACE_REQUESTS = {
    "track_repair": ("Asks where the device is or when the repair will be finished", 0.24),
    "payment_failed": ("Reports a payment for a repair that did not go through", 0.10),
    "change_pickup": ("Wants to move the courier pickup or change how the device is handed over", 0.10),
    "quote_request": ("Asks what a repair would cost", 0.14),
    "repair_not_working": ("Reports that a repaired device has the fault again or a new one", 0.12),
    "data_backup": ("Asks what happens to the data on the device during the repair", 0.09),
    "warranty_claim": ("Asks whether a repair is covered by a warranty", 0.12),
    "cancel_repair": ("Wants to cancel a booked repair", 0.09),
}

# The real jobs behind the requests, as job action statements (verb + object + clarifier).
REAL_JOBS = {
    "back_by_deadline": "Get the device back before a deadline",
    "keep_data_safe": "Keep personal data safe during the repair",
    "pay_only_once": "Settle the payment for a booked repair",
    "fixed_for_good": "Get the fault fixed before the device is returned",
    "know_full_cost": "Know the full cost before committing to a repair",
    "keep_team_working": "Keep the team working while a device is away",
}

# surface request -> the real jobs behind it (probabilities, each row sums to 1)
JOBS_BEHIND = {
    "track_repair": {"back_by_deadline": 0.45, "keep_team_working": 0.25, "fixed_for_good": 0.15,
                     "keep_data_safe": 0.05, "know_full_cost": 0.05, "pay_only_once": 0.05},
    "payment_failed": {"pay_only_once": 0.45, "keep_team_working": 0.25, "know_full_cost": 0.20,
                       "back_by_deadline": 0.10},
    "change_pickup": {"back_by_deadline": 0.50, "keep_team_working": 0.25, "keep_data_safe": 0.15,
                      "fixed_for_good": 0.10},
    "quote_request": {"know_full_cost": 0.65, "pay_only_once": 0.15, "back_by_deadline": 0.10,
                      "fixed_for_good": 0.10},
    "repair_not_working": {"fixed_for_good": 0.75, "pay_only_once": 0.15, "back_by_deadline": 0.10},
    "data_backup": {"keep_data_safe": 0.80, "keep_team_working": 0.10, "back_by_deadline": 0.10},
    "warranty_claim": {"pay_only_once": 0.50, "fixed_for_good": 0.35, "know_full_cost": 0.15},
    "cancel_repair": {"know_full_cost": 0.35, "back_by_deadline": 0.30, "keep_data_safe": 0.20,
                      "pay_only_once": 0.15},
}


@dataclass(frozen=True)
class JobModel:
    """How contacts about one real job turn out (probabilities)."""

    resolved: float            # the agent resolves the request during the contact
    done_if_resolved: float    # ... and the customer's real job then gets done
    done_if_unresolved: float  # the job gets done although the request was not resolved
    hint: float                # the first message says something that gives the job away


JOB_MODELS = {
    "back_by_deadline": JobModel(resolved=0.78, done_if_resolved=0.93, done_if_unresolved=0.50, hint=0.40),
    "keep_data_safe": JobModel(resolved=0.80, done_if_resolved=0.94, done_if_unresolved=0.50, hint=0.45),
    "pay_only_once": JobModel(resolved=0.72, done_if_resolved=0.92, done_if_unresolved=0.45, hint=0.40),
    "fixed_for_good": JobModel(resolved=0.90, done_if_resolved=0.40, done_if_unresolved=0.35, hint=0.35),
    "know_full_cost": JobModel(resolved=0.80, done_if_resolved=0.95, done_if_unresolved=0.55, hint=0.35),
    "keep_team_working": JobModel(resolved=0.74, done_if_resolved=0.90, done_if_unresolved=0.45, hint=0.45),
}
CHANNEL_RESOLVED_SHIFT = {"chat": 0.0, "email": -0.10, "phone": 0.0, "web_form": 0.0}
RETURN_IF_NOT_DONE = 0.75
MAX_CONTACTS = 5
RETURNING_CUSTOMER = 0.15
# satisfaction = round(base + job_done + resolved + channel + noise), clipped to 1..5
SATISFACTION = {"base": 2.4, "job_done": 1.7, "resolved": 0.3, "noise_sd": 0.8,
                "channel": {"chat": 0.0, "email": -0.35, "phone": 0.0, "web_form": 0.0}}
SATISFACTION_MISSING = 0.30

PLANTED = {
    "job_done_but_task_resolved": "fixed_for_good",  # high resolved rate, highest repeat-contact rate
    "worse_channel": "email",                         # lower resolved rate and satisfaction
    "satisfaction_follows": "job_done",               # more than resolved_first_contact
}

# timing: weights for the hour of day (0..23) and the day of the week (Monday..Sunday)
_HOUR_WEIGHTS = (0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.6, 1.2, 2.0, 2.0, 1.9,
                 1.5, 1.8, 1.8, 1.7, 1.6, 1.3, 1.0, 0.9, 0.85, 0.7, 0.45, 0.2)
_DAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 0.95, 0.5, 0.35)
_RETURN_AFTER_DAYS = (0.12, 0.28, 0.20, 0.14, 0.10, 0.09, 0.07)  # a return 0..6 days later
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ---------------------------------------------------------------------------------------------
# Message templates ({device}, {ref}, {day} are filled in; sentences are joined with spaces)

_DEVICES = ("phone", "laptop", "tablet", "smartwatch", "games console", "camera", "e-reader",
            "desktop computer")
_WORK_DEVICES = ("phone", "laptop", "tablet", "desktop computer")  # for keep_team_working
_PROBLEMS = {
    "track_repair": (
        "Where is my {device}? It has been in for repair since {day}.",
        "Can you tell me the status of repair {ref}?",
        "The tracking page for my {device} has not changed in days.",
        "Any news on my {device}? Nothing since {day}.",
        "How long until my {device} is repaired?",
        "When do I get my {device} back?",
    ),
    "payment_failed": (
        "My card was declined when paying for repair {ref}, but there is money on it.",
        "The payment for my {device} repair failed twice.",
        "I got an email saying my payment didn't go through.",
        "The payment page shows an error when I try to pay for {ref}.",
        "Why did my payment fail? The repair of my {device} is on hold now.",
    ),
    "change_pickup": (
        "Can the courier collect my {device} on {day} instead?",
        "I won't be home for the pickup, can we change the date?",
        "I need to change the collection address for my {device}.",
        "Is it possible to drop my {device} off instead of a pickup?",
        "Can you move the pickup for repair {ref} to {day}?",
    ),
    "quote_request": (
        "How much to replace the screen on my {device}?",
        "Can I get a quote for a new battery in my {device}?",
        "What's the price to fix my {device}, it won't charge.",
        "Could you quote me for a water-damaged {device}?",
        "Is the diagnosis fee part of the quote for {ref}?",
    ),
    "repair_not_working": (
        "I got my {device} back on {day} and it has the same fault again.",
        "The repair didn't hold: my {device} stopped working after two days.",
        "My {device} came back but the problem is still there.",
        "Since the repair my {device} keeps restarting.",
        "Repair {ref} is back and it still doesn't work properly.",
    ),
    "data_backup": (
        "Will my files be deleted when you repair my {device}?",
        "Do I need to back up my {device} before I send it in?",
        "Can you save the data from my {device} before repairing it?",
        "Is everything on my {device} wiped during the repair?",
    ),
    "warranty_claim": (
        "My {device} is still under warranty, does that cover this?",
        "I'd like to make a warranty claim for my {device}.",
        "Is repair {ref} covered by the warranty?",
        "How do I claim the repair warranty for my {device}?",
    ),
    "cancel_repair": (
        "I want to cancel repair {ref}.",
        "Please cancel the repair on my {device} and send it back.",
        "How do I cancel my repair order?",
        "Can I still cancel? I booked the {device} repair on {day}.",
    ),
}
_HINTS = {
    "back_by_deadline": (
        "I need it for a trip on {day}.",
        "My exams start next week and I need it.",
        "I have a presentation on {day}.",
        "It has to be back before {day}.",
        "I'm travelling soon and can't go without it.",
    ),
    "keep_data_safe": (
        "There are photos on it I can't lose.",
        "All my work files are on it and I have no backup.",
        "I don't want anyone reading my messages.",
        "It has years of family photos on it.",
    ),
    "pay_only_once": (
        "I was already charged once for this.",
        "I don't want to be charged twice.",
        "My bank shows two payments.",
        "I already paid for this repair last month.",
    ),
    "fixed_for_good": (
        "This is the second time it's gone in for the same fault.",
        "It was supposed to be fixed already.",
        "I just want it to work properly this time.",
        "Same problem as last time.",
    ),
    "know_full_cost": (
        "I need to know the total before I agree.",
        "Are there any extra fees on top?",
        "I can't spend more than the quote.",
        "Will the price change after the diagnosis?",
    ),
    "keep_team_working": (
        "Three people in my office share it.",
        "Our shop can't take card payments without it.",
        "My team can't work until it's back.",
        "We use it at the front desk every day.",
    ),
}
_OPENINGS = ("Hi,", "Hello,", "Hi there,", "Good morning,", "Hello team,", "Hey,", "Hi support,", "Hello.")
_OPENING_SHARE = {"chat": 0.5, "email": 0.8, "phone": 0.4, "web_form": 0.3}
_FOLLOW_UPS = ("Me again.", "Following up on my message from {prev}:", "Second time asking:",
               "I already contacted you about this.", "Still not sorted.", "As I said on {prev},")
_CLOSINGS = ("Thanks", "Thank you.", "thx", "Please help.", "Cheers", "Thanks in advance.", "Kind regards")
_CLOSING_SHARE = {"chat": 0.3, "email": 0.7, "phone": 0.15, "web_form": 0.3}
_LOWERCASE_SHARE = {"chat": 0.15, "email": 0.03, "phone": 0.02, "web_form": 0.05}
_TYPO_SHARE = 0.06
MAX_MESSAGE = 200


# ---------------------------------------------------------------------------------------------
# Columns: the one description behind the loader's checks and the codebook


@dataclass(frozen=True)
class Column:
    name: str
    kind: str      # id, timestamp, text, choice, flag, rating, reference
    values: str    # for the codebook
    meaning: str


LOG_COLUMNS = (
    Column("interaction_id", "id", "`I0001`, `I0002`, ... (unique, in time order)",
           "One contact of a customer with support."),
    Column("timestamp", "timestamp", "`2026-01-05T09:14` (local time, to the minute)",
           "When the contact started."),
    Column("customer_id", "text", "`C1000`-`C9999`",
           "Who got in touch. Some customers appear several times, about one job or several."),
    Column("channel", "choice", "see *Channels*", "How the customer got in touch."),
    Column("first_message", "text", "free text, at most 200 characters",
           "The customer's first message; for phone calls, the first thing they said, as typed by the agent."),
    Column("surface_request", "choice", "see *Surface requests*",
           "What the customer asked for, as the agent filed it (one per contact)."),
    Column("resolved_first_contact", "flag", "`1` yes, `0` no",
           "The agent marked the request as resolved during this contact, with no hand-off or callback."),
    Column("contacted_again_7d", "flag", "`1` yes, `0` no",
           "The customer contacted support again about the same matter within 7 days "
           "(that later contact is a row of its own, whose `follow_up_to` names this row)."),
    Column("follow_up_to", "reference", "an `interaction_id`, or empty",
           "For a repeat contact: the earlier contact it follows up. Empty for a first contact."),
    Column("satisfaction", "rating", "`1` (very dissatisfied) to `5` (very satisfied), or empty",
           "The customer's answer to the survey sent after the contact; empty when they did not answer."),
)
TRUTH_COLUMNS = (
    Column("interaction_id", "id", "as in `support_log.csv`", "The contact (every contact of the log, once)."),
    Column("real_job", "choice", "see *Real jobs*", "The job the customer was really trying to get done."),
    Column("real_job_statement", "text", "see *Real jobs*", "The same job, written as a job action statement."),
    Column("job_done", "flag", "`1` yes, `0` no",
           "The real job got done after this contact, without the customer having to come back."),
    Column("hint_in_message", "flag", "`1` yes, `0` no",
           "The first message contains a sentence that gives the real job away."),
)
JOBS_COLUMNS = TRUTH_COLUMNS[:3]  # support_log_jobs.csv: the real job of each contact, nothing else
_ALLOWED = {"channel": CHANNELS, "surface_request": SURFACE_REQUESTS, "real_job": REAL_JOBS}


# ---------------------------------------------------------------------------------------------
# The generator


@dataclass
class _Contact:
    when: datetime
    customer: str
    channel: str
    surface: str
    job: str
    message: str
    hint: bool
    resolved: bool
    done: bool
    again: bool
    satisfaction: int | None
    previous: "_Contact | None"


class _Generator:
    def __init__(self, seed: int, models: dict[str, JobModel] | None = None) -> None:
        import numpy as np  # imported on first use, so `import jtbd_kit` stays light

        self.np = np
        self.models = JOB_MODELS if models is None else models
        self.rng = np.random.default_rng(seed)
        first, last = QUARTER
        self.days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.cells = {channel: self._cells(channel, self.days, [1.0] * len(self.days)) for channel in CHANNELS}
        self.surface_p = self._probabilities({k: share for k, (_, share) in SURFACE_REQUESTS.items()})
        self.customers: list[str] = []
        self.new_customers = iter(int(x) for x in self.rng.permutation(np.arange(1000, 10000)))

    # small helpers -------------------------------------------------------------------------
    def _probabilities(self, weights: dict[str, float]):
        p = self.np.array(list(weights.values()), dtype=float)
        return list(weights), p / p.sum()

    def _pick(self, options: tuple[list[str], list[float]]) -> str:
        keys, p = options
        return keys[int(self.rng.choice(len(keys), p=p))]

    def _any(self, items: tuple[str, ...]) -> str:
        return items[int(self.rng.integers(len(items)))]

    def _chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def _cells(self, channel: str, days: list[date], day_weights: list[float], not_before: datetime | None = None):
        """Every (start minute, end minute) hour slot the channel is open, with its weight."""
        slots, weights = [], []
        for day, day_weight in zip(days, day_weights):
            hours = _OPEN[channel][day.weekday()]
            if hours is None or day_weight == 0:
                continue
            for hour in range(*hours):
                start = datetime(day.year, day.month, day.day, hour)
                if not_before is not None and start + timedelta(hours=1) <= not_before:
                    continue
                slots.append(start)
                weights.append(day_weight * _DAY_WEIGHTS[day.weekday()] * _HOUR_WEIGHTS[hour])
        p = self.np.array(weights)
        return slots, p / p.sum()

    def _time(self, slots_and_p, not_before: datetime | None = None) -> datetime:
        slots, p = slots_and_p
        start = slots[int(self.rng.choice(len(slots), p=p))]
        first_minute = 0
        if not_before is not None and start < not_before:
            first_minute = not_before.minute
        return start + timedelta(minutes=int(self.rng.integers(first_minute, 60)))

    # one contact --------------------------------------------------------------------------
    def contact(self, customer: str, channel: str, when: datetime, surface: str, job: str,
                device: str, ref: str, previous: _Contact | None) -> _Contact:
        model = self.models[job]
        resolved = self._chance(model.resolved + CHANNEL_RESOLVED_SHIFT[channel])
        done = self._chance(model.done_if_resolved if resolved else model.done_if_unresolved)
        again = (not done) and self._chance(RETURN_IF_NOT_DONE)
        s = SATISFACTION
        latent = (s["base"] + s["job_done"] * done + s["resolved"] * resolved + s["channel"][channel]
                  + self.rng.normal(0.0, s["noise_sd"]))
        rating = int(min(5, max(1, round(float(latent)))))
        answered = not self._chance(SATISFACTION_MISSING)
        hint = self._chance(model.hint)
        message = self.message(channel, surface, job if hint else None, device, ref, previous)
        return _Contact(when, customer, channel, surface, job, message, hint, resolved, done, again,
                        rating if answered else None, previous)

    def message(self, channel: str, surface: str, hinted_job: str | None, device: str, ref: str,
                previous: _Contact | None) -> str:
        day = self._any(_WEEKDAYS)
        opening = self._any(_OPENINGS) if self._chance(_OPENING_SHARE[channel]) else ""
        follow_up = ""
        if previous is not None and self._chance(0.6):
            follow_up = self._any(_FOLLOW_UPS).format(prev=_WEEKDAYS[previous.when.weekday()])
        problem = self._any(_PROBLEMS[surface]).format(device=device, ref=ref, day=day)
        hint = self._any(_HINTS[hinted_job]).format(day=self._any(_WEEKDAYS)) if hinted_job else ""
        closing = self._any(_CLOSINGS) if self._chance(_CLOSING_SHARE[channel]) else ""
        lowercase = self._chance(_LOWERCASE_SHARE[channel])
        typo = self._chance(_TYPO_SHARE)
        typo_at = float(self.rng.random())

        parts = [opening, follow_up, problem, hint, closing]
        text = _join(parts)
        for drop in (4, 0, 1):  # too long: lose the closing, then the opening, then the follow-up words
            if len(text) <= MAX_MESSAGE:
                break
            parts[drop] = ""
            text = _join(parts)
        if typo:
            text = _typo(text, typo_at)
        return text.lower() if lowercase else text

    # the whole log ------------------------------------------------------------------------
    def contacts(self, n: int) -> list[_Contact]:
        contacts: list[_Contact] = []
        while len(contacts) < n:
            if self.customers and self._chance(RETURNING_CUSTOMER):
                customer = self.customers[int(self.rng.integers(len(self.customers)))]
            else:
                customer = f"C{next(self.new_customers)}"
                self.customers.append(customer)
            ref = f"R{int(self.rng.integers(10000, 100000))}"
            channel = self._pick(self._probabilities(CHANNEL_SHARE))
            when = self._time(self.cells[channel])
            surface = self._pick(self.surface_p)
            job = self._pick(self._probabilities(JOBS_BEHIND[surface]))
            device = self._any(_WORK_DEVICES if job == "keep_team_working" else _DEVICES)
            previous = None
            for number in range(1, MAX_CONTACTS + 1):
                current = self.contact(customer, channel, when, surface, job, device, ref, previous)
                contacts.append(current)
                if number == MAX_CONTACTS or len(contacts) == n:
                    current.again = False
                if not current.again:
                    break
                previous = current
                channel = self._pick(self._probabilities(FOLLOW_UP_CHANNEL_SHARE))
                start = when.date()
                days = [start + timedelta(days=i) for i in range(len(_RETURN_AFTER_DAYS))]
                when = self._time(self._cells(channel, days, list(_RETURN_AFTER_DAYS), when + timedelta(minutes=20)),
                                  when + timedelta(minutes=20))
                if not self._chance(0.55):  # the same job, often a different request
                    surface = self._pick(self._probabilities(
                        {s: SURFACE_REQUESTS[s][1] * JOBS_BEHIND[s].get(job, 0.0) for s in SURFACE_REQUESTS}))
        contacts.sort(key=lambda c: c.when)  # stable: ties keep the order they were made in
        return contacts


def _join(parts: list[str]) -> str:
    """Join sentence parts; after a comma or colon the next part goes on in lower case."""
    text = ""
    for part in (p for p in parts if p):
        if text and text[-1] in ",:":
            head = part.split(" ", 1)[0]
            if head not in {"I", "I'd", "I'm", "I've", "I'll"}:
                part = part[0].lower() + part[1:]
        text = f"{text} {part}" if text else part
    return text


def _typo(text: str, where: float) -> str:
    """Swap two neighbouring letters inside one longer word (the word picked by ``where`` in [0, 1))."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return text
    i = long_words[int(where * len(long_words))]
    word = words[i]
    k = 1 + int(where * 1000) % (len(word) - 3)
    words[i] = word[:k] + word[k + 1] + word[k] + word[k + 2:]
    return " ".join(words)


MAX_ROWS = 5_000  # the generator draws new customers from 9,000 ids


def _check_size(n: object, seed: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_ROWS:
        raise SupportLogError(f"n must be a whole number of contacts, from 1 to {MAX_ROWS:,}; got {n!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SupportLogError(f"seed must be a whole number, 0 or more; got {seed!r}.")


def _check_models(models) -> None:
    if models is None:
        return
    if not isinstance(models, dict) or sorted(models) != sorted(REAL_JOBS) or not all(
            isinstance(m, JobModel) for m in models.values()):
        raise SupportLogError("models must be a dict with a JobModel for each of the six real jobs "
                              f"({', '.join(REAL_JOBS)}), like JOB_MODELS.")
    for job, m in models.items():
        if not all(isinstance(p, (int, float)) and 0 <= p <= 1 for p in (
                m.resolved, m.done_if_resolved, m.done_if_unresolved, m.hint)):
            raise SupportLogError(f"Every probability of the model of {job} must be between 0 and 1.")


def _tables(n: int, seed: int, models: dict[str, JobModel] | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of the log and of the truth file, as text, in time order."""
    _check_size(n, seed)
    _check_models(models)
    contacts = _Generator(seed, models).contacts(n)
    ids = {id(c): f"I{i:04d}" for i, c in enumerate(contacts, start=1)}
    log, truth = [], []
    for c in contacts:
        key = ids[id(c)]
        log.append([key, c.when.strftime(TIME_FORMAT), c.customer, c.channel, c.message, c.surface,
                    str(int(c.resolved)), str(int(c.again)), ids[id(c.previous)] if c.previous else "",
                    "" if c.satisfaction is None else str(c.satisfaction)])
        truth.append([key, c.job, REAL_JOBS[c.job], str(int(c.done)), str(int(c.hint))])
    return log, truth


def _csv_text(columns: tuple[Column, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    writer.writerows(rows)
    return out.getvalue()


def support_log_files(n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, *,
                      models: dict[str, JobModel] | None = None, exercise: bool = False) -> dict[str, str]:
    """The text of the three files (log, truth, codebook), by file name.

    ``models`` replaces :data:`JOB_MODELS` (how contacts about each job turn out). With
    ``exercise=True`` the files are those of a graded copy: a fourth file, ``support_log_jobs.csv``,
    holds only the real job of each contact, and the codebook names neither the seed nor the
    truth file's contents, which stay with the instructor.

    >>> files = support_log_files(n=5, seed=3)
    >>> sorted(files)
    ['codebook.md', 'support_log.csv', 'support_log_truth.csv']
    >>> files["support_log.csv"].splitlines()[0]
    'interaction_id,timestamp,customer_id,channel,first_message,surface_request,resolved_first_contact,contacted_again_7d,follow_up_to,satisfaction'
    >>> sorted(support_log_files(n=5, seed=3, exercise=True))
    ['codebook.md', 'support_log.csv', 'support_log_jobs.csv', 'support_log_truth.csv']
    """
    log, truth = _tables(n, seed, models)
    files = {
        LOG_FILE: _csv_text(LOG_COLUMNS, log),
        TRUTH_FILE: _csv_text(TRUTH_COLUMNS, truth),
        CODEBOOK_FILE: codebook_markdown(n, seed, exercise=exercise),
    }
    if exercise:
        files[JOBS_FILE] = _csv_text(JOBS_COLUMNS, [row[:len(JOBS_COLUMNS)] for row in truth])
    return dict(sorted(files.items()))


def write_support_log(out: str | Path = DATA_DIR, n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, *,
                      models: dict[str, JobModel] | None = None, exercise: bool = False) -> list[Path]:
    """Write the log, its truth file and the codebook into the folder ``out``; return their paths."""
    files = support_log_files(n, seed, models=models, exercise=exercise)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def generate_support_log(n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, with_truth: bool = False):
    """The log as a DataFrame, exactly as :func:`load_support_log` would return it from the written files."""
    files = support_log_files(n, seed)
    log = _parse(io.StringIO(files[LOG_FILE]), LOG_FILE, LOG_COLUMNS)
    if not with_truth:
        return log
    return _with_truth(log, _parse(io.StringIO(files[TRUTH_FILE]), TRUTH_FILE, TRUTH_COLUMNS), TRUTH_FILE)


# ---------------------------------------------------------------------------------------------
# The loader


def load_support_log(path: str | Path | None = None, with_truth: bool = False, *, with_jobs: bool = False,
                     copy: str = "lesson"):
    """Read and check the support log (the course's copy unless ``path`` is given).

    The course has two copies: ``copy="lesson"`` (the default), which lessons 4 and 7 analyse
    and whose truth they open, and ``copy="exercise"``, which exercise 04 is graded on. With
    ``with_jobs=True`` only the real job of each contact is added (``real_job``,
    ``real_job_statement``), from ``support_log_jobs.csv`` next to the log, or from the truth file
    where there is no such file.

    Returns a pandas DataFrame, one row per contact: ``timestamp`` as a date-time, the yes/no
    columns as booleans, ``satisfaction`` as whole numbers with missing answers as ``<NA>``.
    With ``with_truth=True`` the ground-truth columns (``real_job``, ``real_job_statement``,
    ``job_done``, ``hint_in_message``) are added; they are read from the file next to the log
    whose name ends in ``_truth.csv`` (``support_log_truth.csv`` for ``support_log.csv``).

    Raises :class:`SupportLogError`, saying which file, row and column is wrong, when a file is
    missing, a column is missing, or a value is not one the codebook allows. Columns the codebook
    does not list are kept, after the known ones.

    >>> log = load_support_log()
    >>> log["channel"].value_counts().index.tolist()[0]
    'chat'
    >>> int(load_support_log(with_truth=True)["real_job"].isna().sum())
    0
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise SupportLogError(f"The path should be the name of a file, as text, not {type(path).__name__}. "
                              "Call load_support_log() with no argument for the course's copy.")
    if type(copy) is not str or copy not in COPIES:
        raise SupportLogError(f"load_support_log(copy=...) takes 'lesson' (the default: the lessons' copy) or "
                              f"'exercise' (exercise 04's copy), not {copy!r}.")
    file = Path(path) if path is not None else COPIES[copy]
    log = _parse(file, file.name, LOG_COLUMNS)
    if with_truth:
        truth_file = file.with_name(f"{file.stem}_truth.csv")
        if not truth_file.exists() and file.with_name(f"{file.stem}_jobs.csv").exists():
            raise SupportLogError(
                f"This copy of the log comes without its truth file ({truth_file.name}): your instructor keeps "
                "it. Use with_jobs=True for the real job of each contact.")
        return _with_truth(log, _parse(truth_file, truth_file.name, TRUTH_COLUMNS), truth_file.name)
    if with_jobs:
        jobs_file = file.with_name(f"{file.stem}_jobs.csv")
        if jobs_file.exists():
            return _with_truth(log, _parse(jobs_file, jobs_file.name, JOBS_COLUMNS), jobs_file.name)
        truth_file = file.with_name(f"{file.stem}_truth.csv")
        truth = _parse(truth_file, truth_file.name, TRUTH_COLUMNS)
        return _with_truth(log, truth[[c.name for c in JOBS_COLUMNS]], truth_file.name)
    return log


def _parse(source, name: str, columns: tuple[Column, ...]):
    import pandas as pd  # imported on first use, so `import jtbd_kit` stays light

    from ._inputs import file_name

    what = {id(TRUTH_COLUMNS): "truth file", id(JOBS_COLUMNS): "file of real jobs"}.get(id(columns), "support log")
    if isinstance(source, (str, Path)):
        file_name(source, SupportLogError)
    try:
        # utf-8-sig: a file saved by a spreadsheet program may start with a byte-order mark
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise SupportLogError(
            f"Cannot find the {what} '{source}'. Check the path; the course's copy is rebuilt with "
            "`make support-log`.") from None
    except IsADirectoryError:
        raise SupportLogError(f"'{source}' is a folder; give the path of the {what} file (a .csv file).") from None
    except UnicodeDecodeError:
        raise SupportLogError(f"{name} is not UTF-8 text. Save it again as UTF-8 CSV.") from None
    except pd.errors.EmptyDataError:
        raise SupportLogError(f"{name} is empty: expected a header row and one row per contact.") from None
    except pd.errors.ParserError as error:
        raise SupportLogError(f"{name} is not a well-formed CSV file: {error}".rstrip(".") + ".") from None
    if not isinstance(raw.index, pd.RangeIndex):  # pandas made the extra values of the first rows an index
        raise SupportLogError(
            f"{name} is not a well-formed CSV file: its header row names {len(raw.columns)} columns but the first "
            f"rows have {len(raw.columns) + raw.index.nlevels} values. Look for an extra comma, or a text with a "
            "comma in it that is not in double quotes.")

    names = [c.name for c in columns]
    missing = [n for n in names if n not in raw.columns]
    if missing:
        quoted = [f"'{m}'" for m in missing]
        listed = f"column {quoted[0]}" if len(quoted) == 1 else f"columns {', '.join(quoted[:-1])} and {quoted[-1]}"
        raise SupportLogError(
            f"{name} is missing the {listed}. The {what} needs these columns: {', '.join(names)}.")
    if raw.empty:
        raise SupportLogError(f"{name} has a header row but no contacts.")

    out = raw[names + [c for c in raw.columns if c not in names]].copy()
    for column in columns:
        values = raw[column.name]
        if column.kind in ("id", "text", "choice", "timestamp", "flag"):
            _require(values.str.strip() != "", name, raw, column.name, "is empty, but every contact needs one")
        if column.kind == "id":
            repeated = values.duplicated(keep=False)
            if repeated.any():
                first = values[repeated].iloc[0]
                rows = ", ".join(str(i + 1) for i in values.index[values == first])
                raise SupportLogError(f"{name}: the {column.name} '{first}' appears more than once (rows {rows}); "
                                      "each contact must have its own id.")
        elif column.kind == "choice":
            allowed = _ALLOWED[column.name]
            _require(values.isin(list(allowed)), name, raw, column.name,
                     f"is not one of the allowed values ({', '.join(allowed)})")
        elif column.kind == "flag":
            _require(values.isin(["0", "1"]), name, raw, column.name, "must be 1 (yes) or 0 (no)")
            out[column.name] = values == "1"
        elif column.kind == "rating":
            _require(values.isin(["", "1", "2", "3", "4", "5"]), name, raw, column.name,
                     "must be a whole number from 1 to 5, or empty when the customer did not answer")
            out[column.name] = pd.array([int(v) if v else None for v in values], dtype="Int64")
        elif column.kind == "timestamp":
            parsed = pd.to_datetime(values, format=TIME_FORMAT, errors="coerce")
            _require(parsed.notna(), name, raw, column.name,
                     "is not a date and time written like 2026-01-05T09:14")
            out[column.name] = parsed
        elif column.kind == "reference":
            ids = set(raw["interaction_id"])
            _require((values == "") | values.isin(ids), name, raw, column.name,
                     "names an interaction_id that is not in the file")
            out[column.name] = values.mask(values == "")
    return out


def _require(ok, name: str, raw, column: str, problem: str) -> None:
    """Raise a learner-worded error about the first row where ``ok`` is False."""
    if bool(ok.all()):
        return
    bad = [i for i, good in zip(raw.index, ok) if not good]
    row = bad[0]
    ident = raw.at[row, "interaction_id"] if "interaction_id" in raw.columns else ""
    where = f"row {row + 1}" + (f" (interaction {ident})" if ident and column != "interaction_id" else "")
    more = f" The same problem is in {len(bad) - 1} more row(s)." if len(bad) > 1 else ""
    raise SupportLogError(f"{name}, {where}: {column} {raw.at[row, column]!r} {problem}.{more}")


def _with_truth(log, truth, name: str):
    log_ids, truth_ids = set(log["interaction_id"]), set(truth["interaction_id"])
    if log_ids != truth_ids:
        lacking, extra = sorted(log_ids - truth_ids), sorted(truth_ids - log_ids)
        parts = []
        if lacking:
            parts.append(f"{len(lacking)} contact(s) of the log are not in it (first: {lacking[0]})")
        if extra:
            parts.append(f"it has {len(extra)} contact(s) that are not in the log (first: {extra[0]})")
        raise SupportLogError(f"{name} does not match the support log: {'; '.join(parts)}. "
                              "Use the log and truth file that were made together.")
    wrong = truth["real_job_statement"] != truth["real_job"].map(REAL_JOBS)
    if bool(wrong.any()):
        row = truth.index[wrong][0]
        raise SupportLogError(f"{name}, row {row + 1}: real_job_statement {truth.at[row, 'real_job_statement']!r} "
                              f"is not the statement of the job '{truth.at[row, 'real_job']}'.")
    extra_columns = [c for c in truth.columns if c != "interaction_id" and c not in log.columns]
    return log.merge(truth[["interaction_id", *extra_columns]], on="interaction_id", how="left", validate="1:1")


# ---------------------------------------------------------------------------------------------
# The codebook


def _table(header: tuple[str, ...], rows) -> list[str]:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return lines


def codebook_markdown(n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, *, exercise: bool = False) -> str:
    """The codebook of both files as Markdown; ``datasets/support/codebook.md`` is its output.

    With ``exercise=True``, the codebook of a graded copy (``datasets/support_exercise/``): it
    describes the log and ``support_log_jobs.csv`` and names neither the seed nor the truth file.

    >>> text = codebook_markdown()
    >>> all(f"`{c.name}`" in text for c in LOG_COLUMNS + TRUTH_COLUMNS)
    True
    >>> "--seed" in codebook_markdown(seed=99, exercise=True), "job_done" in codebook_markdown(exercise=True)
    (False, False)
    """
    if exercise:
        return _exercise_codebook(n)
    first, last = QUARTER
    lines = [
        "# Codebook: the repair platform's support log (synthetic)",
        "",
        "<!-- GENERATED FILE: do not edit by hand. Made by `python -m jtbd_kit.support_log` "
        "(`make support-log`) from jtbd_kit/support_log.py. -->",
        "",
        f"{n} contacts of customers with the support team of an online repair platform. The cases start "
        f"between {first:%Y-%m-%d} and {last:%Y-%m-%d}; a repeat contact about the same case can fall up to "
        "a week later, so a few rows are in early April. The data is synthetic, made by a seeded generator "
        f"(`python -m jtbd_kit.support_log --n {n} --seed {seed}`): the customers, messages and numbers are "
        "made up, and no brand, name or personal detail is real.",
        "",
        "## Files",
        "",
        *_table(("File", "What it holds", "Rows"), [
            (f"`{LOG_FILE}`", "The log as the support team sees it: one row per contact, in time order.", n),
            (f"`{TRUTH_FILE}`", "Ground truth for each contact: the real job behind it. "
             "Open it only when the lesson says so.", n),
            (f"`{CODEBOOK_FILE}`", "This description.", ""),
        ]),
        "",
        _FORMAT,
        "",
        "Load the files with `jtbd_kit` (it checks them and gives the columns their types):",
        "",
        "```python",
        "from jtbd_kit import load_support_log",
        "log = load_support_log()                    # support_log.csv",
        "both = load_support_log(with_truth=True)    # ... plus the columns of support_log_truth.csv",
        "```",
        "",
        f"## `{LOG_FILE}`",
        "",
        *_column_table(LOG_COLUMNS),
        "",
        "### Channels",
        "",
        *_table(("`channel`", "What it is"), [(f"`{k}`", v) for k, v in CHANNELS.items()]),
        "",
        "### Surface requests",
        "",
        "The agent files each contact under one request: what the customer asked for, not why.",
        "",
        *_table(("`surface_request`", "The customer ..."),
                [(f"`{k}`", d[0].lower() + d[1:]) for k, (d, _) in SURFACE_REQUESTS.items()]),
        "",
        f"## `{TRUTH_FILE}` (ground truth)",
        "",
        "In real support data nobody writes down the job behind a contact: you infer it from what the customer "
        "says and does. This file tells you what the generator used, so that you can check what you inferred.",
        "",
        *_column_table(TRUTH_COLUMNS),
        "",
        *_real_jobs_section(),
    ]
    return "\n".join(lines)


_FORMAT = ("Format: UTF-8, comma-separated, a header row, one line per row. Yes/no columns hold `1` or `0`; an "
           "empty cell is a missing value; times are local times to the minute, written `2026-01-05T09:14`.")


def _column_table(columns: tuple[Column, ...]) -> list[str]:
    return _table(("Column", "Values", "Meaning"), [(f"`{c.name}`", c.values, c.meaning) for c in columns])


def _real_jobs_section() -> list[str]:
    return ["### Real jobs", "",
            *_table(("`real_job`", "`real_job_statement`"), [(f"`{k}`", v) for k, v in REAL_JOBS.items()]), ""]


def _exercise_codebook(n: int) -> str:
    first, last = QUARTER
    lines = [
        "# Codebook: the repair platform's support log, exercise copy (synthetic)",
        "",
        "<!-- GENERATED FILE: do not edit by hand. Made by tools/exercise_data.py (`make support-log`) "
        "from jtbd_kit/support_log.py. -->",
        "",
        f"{n} contacts of customers with the support team of an online repair platform, in the same form as "
        "the lessons' log (`datasets/support/`) but from other customers: cases start between "
        f"{first:%Y-%m-%d} and {last:%Y-%m-%d}, and a repeat contact can fall up to a week later. The data is "
        "synthetic, made by the course's generator (`jtbd_kit.support_log`) from settings your instructor "
        "keeps; the customers, messages and numbers are made up, and no brand, name or personal detail is real. "
        "Exercise 04 is graded on this copy: what lesson 4 found in its own copy does not carry over.",
        "",
        "## Files",
        "",
        *_table(("File", "What it holds", "Rows"), [
            (f"`{LOG_FILE}`", "The log as the support team sees it: one row per contact, in time order.", n),
            (f"`{JOBS_FILE}`", "The real job behind each contact.", n),
            (f"`{CODEBOOK_FILE}`", "This description.", ""),
        ]),
        "",
        _FORMAT,
        "",
        "```python",
        "from jtbd_kit import load_support_log",
        'log = load_support_log(copy="exercise")                   # support_log.csv',
        'both = load_support_log(copy="exercise", with_jobs=True)  # ... plus the columns of support_log_jobs.csv',
        "```",
        "",
        f"## `{LOG_FILE}`",
        "",
        *_column_table(LOG_COLUMNS),
        "",
        "Channels and surface requests are those of the lessons' codebook (`datasets/support/codebook.md`).",
        "",
        f"## `{JOBS_FILE}`",
        "",
        "In a real log nobody writes down the job behind a contact: a team infers it, as lesson 4 does by "
        "tagging messages, or asks the customers. Here the generator gives it, so that you can measure by job.",
        "",
        *_column_table(JOBS_COLUMNS),
        "",
        *_real_jobs_section(),
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: list[str] | None = None) -> int:
    """``python -m jtbd_kit.support_log [--n 600] [--seed 2026] [--out datasets/support]``."""
    parser = argparse.ArgumentParser(
        prog="python -m jtbd_kit.support_log",
        description="Write the synthetic support log, its truth file and its codebook.")
    parser.add_argument("--n", type=int, default=DEFAULT_ROWS, help=f"number of contacts (default {DEFAULT_ROWS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", default=str(DATA_DIR), help="folder to write into (default: datasets/support)")
    args = parser.parse_args(argv)
    try:
        paths = write_support_log(args.out, n=args.n, seed=args.seed)
    except SupportLogError as error:
        parser.error(str(error))
    except OSError as error:
        parser.error(f"cannot write into {args.out}: {error.strerror or error}")
    print(f"Wrote {args.n} contacts (seed {args.seed}): " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
