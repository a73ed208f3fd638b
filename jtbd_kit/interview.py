"""Learning a job from an interview: the questions to ask, the timeline of a switch and the four forces.

The course's interviews are synthetic transcripts written for it (``datasets/interviews/``, and
``datasets/interviews_exercise/`` for the graded exercise). Each turn has an id made of the
transcript's id and its position, counted from 1: ``"amara-03"`` is the third turn of ``amara``.

>>> check_interview_question("Tell me about the day the terminal stopped working").passed
True
>>> check_interview_question("Would you use an app that books the repair for you?").codes
['hypothetical', 'names-solution']
>>> [force.id for force in FORCES]
['push', 'pull', 'anxiety', 'habit']
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .feedback import CheckResult, LearnerError, Problem
from .rules import INTERVIEW_QUESTION, problem
from .text import prepare, quote, solution_problem

__all__ = [
    "FORCES", "TIMELINE", "Force", "Stage", "Turn", "Transcript", "InterviewReading", "InterviewDataError",
    "load_interviews", "load_interview_truth", "check_interview_question", "check_forces", "check_timeline",
    "repeated_phrases", "compare_labels",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "datasets"
COPIES = {"lesson": "interviews", "exercise": "interviews_exercise"}
TRANSCRIPTS_FILE = "transcripts.yaml"
TRUTH_FILE = "interviews_truth.yaml"


@dataclass(frozen=True)
class Force:
    """One of the four forces of progress: ``id``, a short ``name`` and what it ``means``."""

    id: str
    name: str
    means: str
    moves: str  # "towards the new" or "against the new"


FORCES = (
    Force("push", "Push of the situation",
          "what makes the way things are intolerable: the trouble, the deadline, the thing that went wrong",
          "towards the new"),
    Force("pull", "Pull of the new",
          "what attracts the person to a new way: what they imagine it will let them do",
          "towards the new"),
    Force("anxiety", "Anxiety of the new",
          "worries about the new way: will it work, what could go wrong, what it costs, whom to trust",
          "against the new"),
    Force("habit", "Habit of the present",
          "what holds the person in the old way: what they know, a workaround, putting up with it",
          "against the new"),
)


@dataclass(frozen=True)
class Stage:
    """A stage of the timeline of a switch."""

    id: str
    name: str
    means: str


TIMELINE = (
    Stage("first_thought", "First thought", "the first sign that something has to change"),
    Stage("passive_looking", "Passive looking", "noticing options without doing anything about them yet"),
    Stage("active_looking", "Active looking", "searching and comparing on purpose, with time set aside"),
    Stage("deciding", "Deciding", "the moment of choice, and what tipped it"),
    Stage("consuming", "Consuming", "using the new way: sending the product off, waiting, getting it back"),
)

_FORCE_IDS = tuple(force.id for force in FORCES)
_STAGE_IDS = tuple(stage.id for stage in TIMELINE)


class InterviewDataError(LearnerError, ValueError):
    """An interview data file is missing or not in the expected form."""


@dataclass(frozen=True)
class Turn:
    """One turn of an interview: its ``id`` (``"amara-03"``), its position, who speaks and what they say."""

    id: str
    number: int
    who: str  # "interviewer" or "customer"
    says: str


@dataclass(frozen=True)
class Transcript:
    """One interview. Shows as a table of its turns in a notebook; ``turn("amara-03")`` finds a turn."""

    id: str
    title: str
    interviewee: str
    product: str
    situation: str
    quality: str
    turns: tuple[Turn, ...]

    def turn(self, turn_id: str) -> Turn:
        for turn in self.turns:
            if turn.id == turn_id:
                return turn
        raise InterviewDataError(f"{turn_id!r} is not a turn of the interview {self.id!r}: its turns run from "
                                 f"{self.turns[0].id} to {self.turns[-1].id}.")

    @property
    def customer_turns(self) -> tuple[Turn, ...]:
        return tuple(turn for turn in self.turns if turn.who == "customer")

    def __str__(self) -> str:
        lines = [f"{self.title} ({self.id}): {self.interviewee}"]
        lines += [f"{turn.id}  {turn.who:<11}  {turn.says}" for turn in self.turns]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='white-space:nowrap'><code>{turn.id}</code></td>"
            f"<td>{'<b>Interviewer</b>' if turn.who == 'interviewer' else 'Customer'}</td>"
            f"<td style='text-align:left'>{html.escape(turn.says)}</td></tr>"
            for turn in self.turns
        )
        return (f"<div class='jtbd-transcript'><p><b>{html.escape(self.title)}</b>: "
                f"{html.escape(self.interviewee)}</p><table><thead><tr><th>turn</th><th>who</th>"
                f"<th style='text-align:left'>says</th></tr></thead><tbody>{rows}</tbody></table></div>")


@dataclass(frozen=True)
class InterviewReading:
    """What the course planted in one transcript, as turn ids: the reading a lesson compares yours with."""

    transcript: str
    job: str
    repeated_phrase: str
    timeline: dict[str, tuple[str, ...]]
    forces: dict[str, str]
    steps: dict[str, str]
    outcomes: dict[str, str]
    poor_questions: dict[str, str]
    also_defensible: dict[str, dict[str, tuple[str, ...]]]  # {"forces": {turn id: other labels}, ...}

    def accepts(self, group: str, turn_id: str, label: str) -> bool:
        """Whether ``label`` for ``turn_id`` agrees with this reading (``group``: forces, steps or timeline).

        For the timeline, ``turn_id`` is the stage and ``label`` the turn."""
        if group == "timeline":
            return label in self.timeline.get(turn_id, ()) or label in self.also_defensible.get(group, {}).get(turn_id, ())
        planted = getattr(self, group).get(turn_id)
        return label == planted or label in self.also_defensible.get(group, {}).get(turn_id, ())


def _read_yaml(path: Path, what: str):
    import yaml

    from ._inputs import file_name
    from .repair_job import _unique_keys_loader

    file_name(path, InterviewDataError)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_unique_keys_loader())  # noqa: S506 (a SafeLoader)
    except FileNotFoundError:
        raise InterviewDataError(f"{path}: the {what} file is missing.") from None
    except IsADirectoryError:
        raise InterviewDataError(f"{path} is a folder; give the path of the {what} file (a .yaml file).") from None
    except UnicodeDecodeError as error:
        raise InterviewDataError(f"{path}: the file is not UTF-8 text ({error.reason}).") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" near line {where.line + 1}" if where is not None else ""
        raise InterviewDataError(f"{path}: this is not valid YAML{line}: {getattr(error, 'problem', error)}.") from None


def _folder(copy: object) -> Path:
    if type(copy) is not str or copy not in COPIES:
        raise InterviewDataError(f"copy=... takes 'lesson' (the lesson's interviews, the default) or 'exercise' "
                                 f"(the graded exercise's), not {copy!r}.")
    return DATA_DIR / COPIES[copy]


def load_interviews(copy: str = "lesson", path: str | Path | None = None) -> dict[str, Transcript]:
    """The course's interview transcripts, by id (``copy="exercise"`` for the graded exercise's).

    >>> interviews = load_interviews()
    >>> first = next(iter(interviews.values()))
    >>> first.turns[0].id == f"{first.id}-01" and first.turns[0].who
    'interviewer'
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise InterviewDataError(f"load_interviews() takes the path of a YAML file, as text, not {type(path).__name__}.")
    file = Path(path) if path is not None else _folder(copy) / TRANSCRIPTS_FILE
    raw = _read_yaml(file, "interview transcripts")
    entries = raw.get("transcripts") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InterviewDataError(f"{file}: expected a list under 'transcripts:'.")
    found: dict[str, Transcript] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{file}, transcript {n}"
        if not isinstance(entry, dict):
            raise InterviewDataError(f"{where}: expected a mapping with id, title, interviewee, product, situation, "
                                     "quality and turns.")
        fields = {}
        for key in ("id", "title", "interviewee", "product", "situation", "quality"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InterviewDataError(f"{where}: '{key}' should be text, not {value!r}.")
            fields[key] = value.strip()
        if fields["quality"] not in ("good", "poor"):
            raise InterviewDataError(f"{where}: 'quality' is 'good' or 'poor', not {fields['quality']!r}.")
        if fields["id"] in found:
            raise InterviewDataError(f"{where}: the id {fields['id']!r} is used twice.")
        raw_turns = entry.get("turns")
        if not isinstance(raw_turns, list) or not raw_turns:
            raise InterviewDataError(f"{where} ({fields['id']}): 'turns' should be a list of {{who, says}}.")
        turns = []
        for k, turn in enumerate(raw_turns, 1):
            if (not isinstance(turn, dict) or turn.get("who") not in ("interviewer", "customer")
                    or not isinstance(turn.get("says"), str) or not turn["says"].strip()):
                raise InterviewDataError(f"{where} ({fields['id']}), turn {k}: expected {{who: interviewer or "
                                         f"customer, says: text}}, not {turn!r}.")
            turns.append(Turn(f"{fields['id']}-{k:02d}", k, turn["who"], " ".join(turn["says"].split())))
        found[fields["id"]] = Transcript(**fields, turns=tuple(turns))
    return found


def load_interview_truth(copy: str = "lesson", path: str | Path | None = None) -> dict[str, InterviewReading]:
    """What the course planted in each transcript of ``copy``, with every turn given by its id.

    The lesson's reading is open, so you can compare yours with it; the exercise's stays with your
    instructor.

    >>> reading = next(iter(load_interview_truth().values()))
    >>> sorted(set(reading.forces.values())) == sorted(["anxiety", "habit", "pull", "push"]) or reading.poor_questions != {}
    True
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise InterviewDataError(f"load_interview_truth() takes the path of a YAML file, as text, not "
                                 f"{type(path).__name__}.")
    if path is None and copy == "exercise" and not (_folder(copy) / TRUTH_FILE).is_file():
        raise InterviewDataError("The reading of the exercise's interviews is kept by your instructor: it is what "
                                 "your answers are graded against. Compare your reading with a classmate's instead.")
    file = Path(path) if path is not None else _folder(copy) / TRUTH_FILE
    transcripts = load_interviews(copy)
    raw = _read_yaml(file, "interview reading")
    if not isinstance(raw, dict):
        raise InterviewDataError(f"{file}: expected one entry per transcript id.")
    readings = {}
    for tid, entry in raw.items():
        if not isinstance(entry, dict):
            raise InterviewDataError(f"{file}, {tid}: expected a mapping.")

        def turn_id(n: object, tid: str = tid) -> str:
            if type(n) is not int or n < 1:
                raise InterviewDataError(f"{file}, {tid}: turn numbers are whole numbers from 1, not {n!r}.")
            if tid not in transcripts:
                raise InterviewDataError(f"{file}: {tid!r} is not one of the {copy} interviews ({', '.join(transcripts)}).")
            if n > len(transcripts[tid].turns):
                raise InterviewDataError(f"{file}, {tid}: there is no turn {n} (the interview has "
                                         f"{len(transcripts[tid].turns)} turns).")
            return f"{tid}-{n:02d}"

        def labels(key: str, allowed: tuple[str, ...] | None = None, tid: str = tid) -> dict[str, str]:
            value = entry.get(key) or {}
            if not isinstance(value, dict):
                raise InterviewDataError(f"{file}, {tid}: '{key}' should map turn numbers to labels.")
            out = {}
            for n, label in value.items():
                if not isinstance(label, str) or (allowed and label not in allowed):
                    raise InterviewDataError(f"{file}, {tid}, {key}, turn {n}: {label!r} is not one of {allowed}.")
                out[turn_id(n)] = label
            return out

        also = entry.get("also_defensible") or {}
        if not isinstance(also, dict) or any(group not in ("forces", "steps", "timeline") for group in also):
            raise InterviewDataError(f"{file}, {tid}: 'also_defensible' maps forces, steps or timeline to "
                                     "{turn or stage: [other labels]}.")
        also_defensible = {}
        for group, extra in also.items():
            if not isinstance(extra, dict) or not all(isinstance(v, list) for v in extra.values()):
                raise InterviewDataError(f"{file}, {tid}: also_defensible.{group} maps each entry to a list.")
            if group == "timeline":
                also_defensible[group] = {str(stage): tuple(turn_id(n) for n in ns) for stage, ns in extra.items()}
            else:
                also_defensible[group] = {turn_id(n): tuple(map(str, labels)) for n, labels in extra.items()}
        timeline = entry.get("timeline") or {}
        if not isinstance(timeline, dict) or any(stage not in _STAGE_IDS for stage in timeline):
            raise InterviewDataError(f"{file}, {tid}: 'timeline' maps stages ({', '.join(_STAGE_IDS)}) to lists of turns.")
        readings[tid] = InterviewReading(
            transcript=tid,
            job=str(entry.get("job", "")),
            repeated_phrase=str(entry.get("repeated_phrase", "")),
            timeline={stage: tuple(turn_id(n) for n in (ns if isinstance(ns, list) else [ns]))
                      for stage, ns in timeline.items()},
            forces=labels("forces", _FORCE_IDS),
            steps=labels("steps", ("define", "locate", "prepare", "confirm", "execute", "monitor", "modify", "conclude")),
            outcomes=labels("outcomes"),
            poor_questions=labels("poor_questions", ("asks-how", "hypothetical", "leading", "names-solution", "yes-no")),
            also_defensible=also_defensible,
        )
    return readings


# --- questions ------------------------------------------------------------------------------------

_AUX = {"do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will",
        "would", "should", "shall", "may", "might", "must", "am"}
_AUX_NOT = {f"{aux}n't" for aux in _AUX} | {"don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
                                             "won't", "wouldn't", "couldn't", "shouldn't", "haven't", "hasn't"}
_OPEN_WORDS = {"what", "why", "when", "where", "who", "which", "whose", "whom", "how", "tell", "describe",
               "walk", "talk", "explain", "take"}
_POLITE = re.compile(r"^(could|can|would|will) you (please )?(tell|describe|walk|talk|explain|say|share|show|take)\b")
_LEADING = re.compile(
    r"^(don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wouldn't|won't|couldn't|shouldn't|haven't|hasn't)\b"
    r"|\b(you'd agree|you would agree|wouldn't you say|surely|obviously|i bet|i guess you|you must have|"
    r"you probably|isn't it true|is it fair to say)\b"
    r"|,\s*(right|didn't you|wasn't it|isn't it|don't you|wouldn't you|correct|no)\s*\??$")
_HYPOTHETICAL = re.compile(
    r"^(would|will) you\b|\b(if (we|you|there|they|it) (were|could|had|offered|made|built|added|would)|"
    r"imagine|in the future|someday|one day|would you ever|would it help|would you like|"
    r"how likely|how much would you|would you pay|could you see yourself|what would you)\b")
_PITCH = re.compile(r"\bour (\w+ ){0,2}\w+|\b(feature|features|button|buttons|chatbot|widget|dashboard)\b")
_HOW = re.compile(r"^(and |so |then )?how (do|does|would|will|could|can|should) (you|they|we|people|customers)\b")
_HOW_OPEN = re.compile(r"^(and |so |then )?how (do|does|would|will|could|can|should) (you|they|we|people|customers) "
                       r"(feel|felt|decide|choose|know|tell)\b")


def check_interview_question(text: object) -> CheckResult:
    """Check one question for an interview about a job, and say what to change. Never raises.

    A good question asks about something that really happened, in the person's own words, and leaves
    room for a story. The checker looks for the four classic mistakes (a leading question, an
    imagined future, a question about how they use a solution, a yes/no question) and for a product
    or feature named in the question. It reads wording only: it cannot tell whether the question
    is the right one to ask next.

    >>> check_interview_question("Don't you think the wait was too long?").codes
    ['leading']
    >>> check_interview_question("How do you use the tracking page?").codes
    ['asks-how']
    >>> check_interview_question("Was it expensive?").codes
    ['yes-no']
    """
    prepared = prepare(text, INTERVIEW_QUESTION)
    if isinstance(prepared, CheckResult):
        return prepared
    problems = prepared.problems
    # The last sentence that asks something is the question; what comes before is often a lead-in
    # ("That makes sense. What happened next?").
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", prepared.clean) if s.strip()]
    questions = [s for s in sentences if s.endswith("?")] or sentences[-1:]
    for sentence in questions:
        low = " ".join(sentence.lower().replace("\u2019", "'").split())
        words = re.findall(r"[a-z']+", low)
        shown = quote(sentence if len(sentence) <= 80 else sentence[:77] + "...")
        if _LEADING.search(low):
            problems.append(problem("leading", INTERVIEW_QUESTION, words=shown))
        elif _HYPOTHETICAL.search(low) and not _POLITE.search(low):
            problems.append(problem("hypothetical", INTERVIEW_QUESTION, words=shown))
        elif _HOW.search(low) and not _HOW_OPEN.search(low):
            problems.append(problem("asks-how", INTERVIEW_QUESTION, words=shown))
        elif (words and (words[0] in _AUX or words[0] in _AUX_NOT) and not _POLITE.search(low)
              and low.endswith("?") and "or" not in words):
            problems.append(problem("yes-no", INTERVIEW_QUESTION, words=shown))
    solution = solution_problem(prepared)
    pitch = _PITCH.search(" ".join(prepared.low))
    if solution is not None:
        problems.append(solution)
    elif pitch:
        problems.append(problem("names-solution", INTERVIEW_QUESTION, words=quote(pitch.group()), reason=(
            "talks about your own solution. The interview is about the person's job; once they judge your "
            "product, you hear opinions about it instead of what they were trying to get done")))
    seen: set[str] = set()
    prepared.problems = [p for p in problems if not (p.code in seen or seen.add(p.code))]
    return prepared.result()


# --- labelling a transcript -----------------------------------------------------------------------

def _labels_problems(labels: object, transcript: object, what: str, allowed: tuple[str, ...], keys_are: str
                     ) -> tuple[list[Problem], dict, Transcript | None]:
    problems: list[Problem] = []
    if not isinstance(transcript, Transcript):
        problems.append(Problem("not-a-transcript", f"The second argument should be a transcript from "
                                f"load_interviews(), not {type(transcript).__name__}.",
                                "Pass one of the interviews: check_forces(my_labels, interviews['amara'])."))
        return problems, {}, None
    if not isinstance(labels, dict):
        problems.append(Problem("not-a-dict", f"I expected a dict of {what}, but got {type(labels).__name__}.",
                                f"Write it like {{'{transcript.turns[1].id}': '{allowed[0]}', ...}}."))
        return problems, {}, transcript
    if not labels:
        problems.append(Problem("empty", f"The dict of {what} is empty.",
                                f"Add one entry per {keys_are}, like {{'{transcript.turns[1].id}': '{allowed[0]}'}}."))
    return problems, labels, transcript


def _turn_problem(key: object, transcript: Transcript) -> Problem | None:
    ids = {turn.id: turn for turn in transcript.turns}
    if not isinstance(key, str) or key.strip() not in ids:
        shown = repr(key) if not isinstance(key, str) else quote(key[:40])
        return Problem("unknown-turn", f"{shown} is not a turn of this interview (its turns run from "
                       f"{transcript.turns[0].id} to {transcript.turns[-1].id}).",
                       "Use the turn ids in the first column of the transcript, as text, for example "
                       f"'{transcript.turns[1].id}'.")
    if ids[key.strip()].who != "customer":
        return Problem("interviewer-turn", f"{key} is the interviewer speaking. Forces and stages are in what the "
                       "customer says.", "Label the customer's answer instead: the turn after the question.")
    return None


def _label(value: object, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return None
    low = "_".join(value.lower().replace("-", " ").split())
    if low in allowed:
        return low
    for item in allowed:  # "anxiety of the new", "push of the situation", "active looking"
        if low.startswith(item + "_") or low == item.replace("_", ""):
            return item
    return None


def check_forces(labels: object, transcript: object) -> CheckResult:
    """Check a labelling of the four forces in a transcript: ``{turn id: force id}``. Never raises.

    It checks the form only: every key is a customer turn of this transcript, every value one of
    ``push``, ``pull``, ``anxiety``, ``habit``, and all four forces appear (every switch has all
    four, even when one is faint). Whether a turn carries the force you say is for you to argue,
    and for the grader.

    >>> interview = next(iter(load_interviews().values()))
    >>> check_forces({interview.turns[0].id: "push"}, interview).codes
    ['interviewer-turn', 'missing-force']
    """
    problems, labels, transcript = _labels_problems(labels, transcript, "forces", _FORCE_IDS, "turn you label")
    if transcript is None or not isinstance(labels, dict):
        return CheckResult("forces of progress", "", problems)
    found = set()
    for key, value in labels.items():
        turn_problem = _turn_problem(key, transcript)
        if turn_problem is not None:
            problems.append(turn_problem)
        force = _label(value, _FORCE_IDS)
        if force is None:
            problems.append(Problem("unknown-force", f"{value!r} (for {key}) is not one of the four forces.",
                                    "Use one of 'push', 'pull', 'anxiety', 'habit' (lower case, as text)."))
        elif force != value:
            problems.append(Problem("force-spelling", f"Write {value!r} (for {key}) as {force!r}.",
                                    "The grader reads the four ids exactly: 'push', 'pull', 'anxiety', 'habit'."))
        else:
            found.add(force)
    missing = [force for force in _FORCE_IDS if force not in found]
    if labels and missing:
        problems.append(Problem("missing-force", f"No turn is labelled {', '.join(missing)} yet.",
                                "All four forces are at work in every switch, even if one is faint: read the "
                                "transcript again for what held the person back, or drew them on."))
    return CheckResult("forces of progress", "", _unique(problems))


def check_timeline(stages: object, transcript: object) -> CheckResult:
    """Check a timeline of a switch: ``{stage id: turn id}``, one customer turn per stage. Never raises.

    >>> interview = next(iter(load_interviews().values()))
    >>> check_timeline({"deciding": interview.turns[1].id}, interview).codes
    ['missing-stage']
    """
    problems, stages, transcript = _labels_problems(stages, transcript, "stages", _STAGE_IDS, "stage")
    if transcript is None or not isinstance(stages, dict):
        return CheckResult("timeline of a switch", "", problems)
    found = set()
    for key, value in stages.items():
        stage = _label(key, _STAGE_IDS)
        if stage is None:
            problems.append(Problem("unknown-stage", f"{key!r} is not a stage of the timeline.",
                                    f"The keys are the stage ids: {', '.join(_STAGE_IDS)}."))
        elif stage != key:
            problems.append(Problem("stage-spelling", f"Write the stage {key!r} as {stage!r}.",
                                    f"The grader reads the stage ids exactly: {', '.join(_STAGE_IDS)}."))
        else:
            found.add(stage)
        turn_problem = _turn_problem(value, transcript)
        if turn_problem is not None:
            problems.append(turn_problem)
    missing = [stage for stage in _STAGE_IDS if stage not in found]
    if stages and missing:
        problems.append(Problem("missing-stage", f"No turn yet for: {', '.join(missing)}.",
                                "Give one turn for each of the five stages; the same turn may serve two."))
    return CheckResult("timeline of a switch", "", _unique(problems))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.code, p.message) not in seen:
            seen.add((p.code, p.message))
            out.append(p)
    return out


# --- teaching helpers -----------------------------------------------------------------------------

_STOP = set("a an the and or but so to of in on at for with it is was i my me we our you your that this "
            "then there they them he she his her had have has be been just like really about what when "
            "do did not no yes well um oh all one if as by from up out".split())


def repeated_phrases(transcript: object, words: int = 3, least: int = 2) -> list[tuple[str, int]]:
    """Phrases of ``words`` words that the customer says in at least ``least`` different turns, most repeated first.

    People come back to what matters to them; a phrase they repeat is worth a follow-up question.

    >>> phrases = repeated_phrases(next(iter(load_interviews().values())))
    >>> all(count >= 2 for _, count in phrases)
    True
    """
    if not isinstance(transcript, Transcript):
        raise InterviewDataError(f"repeated_phrases() takes a transcript from load_interviews(), not "
                                 f"{type(transcript).__name__}.")
    if type(words) is not int or not 2 <= words <= 8 or type(least) is not int or least < 2:
        raise InterviewDataError("words is a whole number from 2 to 8, and least a whole number of 2 or more.")
    said = [(turn.id, re.findall(r"[a-z0-9']+", turn.says.lower().replace("\u2019", "'")))
            for turn in transcript.customer_turns]
    found: list[tuple[str, int]] = []
    for n in range(8, words - 1, -1):  # longest first, so that a long phrase is not also listed in pieces
        counts: dict[str, set[str]] = {}
        for turn_id, tokens in said:
            for i in range(len(tokens) - n + 1):
                gram = tokens[i:i + n]
                if sum(token not in _STOP for token in gram) >= 2:
                    counts.setdefault(" ".join(gram), set()).add(turn_id)
        for phrase, turns in counts.items():
            if len(turns) >= least and not any(f" {phrase} " in f" {longer} " and m >= len(turns) for longer, m in found):
                found.append((phrase, len(turns)))
    return sorted(found, key=lambda item: (-item[1], item[0]))


def compare_labels(yours: object, planted: object) -> list[tuple[str, str, str, str]]:
    """Your labels next to the planted ones, turn by turn: ``(turn, yours, planted, verdict)``.

    ``verdict`` is ``"same"``, ``"different"``, ``"only yours"`` or ``"only planted"``. Use it in
    the lesson to compare your reading of a transcript with the course's.

    >>> compare_labels({"a-02": "push", "a-04": "pull"}, {"a-02": "push", "a-06": "habit"})
    [('a-02', 'push', 'push', 'same'), ('a-04', 'pull', '', 'only yours'), ('a-06', '', 'habit', 'only planted')]
    """
    if not isinstance(yours, dict) or not isinstance(planted, dict):
        raise InterviewDataError("compare_labels() takes two dicts of {turn id: label}: yours, then the planted one.")
    rows = []
    for turn in sorted(set(map(str, yours)) | set(map(str, planted))):
        a, b = str(yours.get(turn, "")), str(planted.get(turn, ""))
        verdict = "same" if a == b else "only yours" if not b else "only planted" if not a else "different"
        rows.append((turn, a, b, verdict))
    return rows
