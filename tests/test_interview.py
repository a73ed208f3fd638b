"""The interview module: its checkers, its loaders, and the transcripts and readings it ships."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtbd_kit import (FORCES, TIMELINE, InterviewDataError, check_forces, check_interview_question, check_job_action,
                      check_outcome, check_timeline, compare_labels, load_interview_truth, load_interviews,
                      repeated_phrases)
from jtbd_kit.interview import DATA_DIR, TRUTH_FILE, Transcript

COPIES = ("lesson", "exercise")


def _truth(copy):
    return load_interview_truth(copy, path=DATA_DIR / ("interviews" if copy == "lesson" else "interviews_exercise")
                                / TRUTH_FILE)


@pytest.mark.parametrize(("question", "codes"), [
    ("Tell me about the day the terminal stopped working", []),
    ("That makes sense. What made you decide that day?", []),
    ("How did you decide which service to use?", []),  # about a past decision: a story, not a solution
    ("How long were you without it?", []),
    ("Could you walk me through the morning it broke?", []),  # a polite request, not a yes/no question
    ("Was it the first thing you tried, or had you done something before?", []),  # either/or keeps it open
    ("How do you use the tracking page?", ["asks-how"]),
    ("How would customers like to follow their repair?", ["asks-how"]),
    ("Would you use a service that collects the phone from your home?", ["hypothetical"]),
    ("If we offered a loan laptop, would you pay more?", ["hypothetical"]),
    ("Don't you think it's annoying when a repair takes a week?", ["leading"]),
    ("You'd agree that speed matters most?", ["leading"]),
    ("And then you sent it off, right?", ["leading"]),
    ("Was it fast?", ["yes-no"]),
    ("Did you back up the photos first?", ["yes-no"]),
    ("What do you think of our chat feature?", ["names-solution"]),
    ("Would you book it in the app?", ["hypothetical", "names-solution"]),
])
def test_check_interview_question_finds_the_classic_mistakes(question, codes):
    assert check_interview_question(question).codes == codes


def test_a_lead_in_before_the_question_is_not_judged_as_the_question():
    assert check_interview_question("I see. Tell me more about that week.").passed
    assert check_interview_question("Thanks, that helps. Was it expensive?").codes == ["yes-no"]


def test_every_problem_says_what_to_do_instead():
    for question in ("Was it fast?", "Would you pay more?", "How do you use the app?", "Isn't that slow?"):
        for found in check_interview_question(question).problems:
            assert found.message and found.hint and "'" in found.message  # quotes the question it judged


# --- the transcripts and their planted readings ---------------------------------------------------


@pytest.mark.parametrize("copy", COPIES)
def test_transcripts_load_with_turn_ids_and_alternate_speakers(copy):
    interviews = load_interviews(copy)
    assert interviews and all(isinstance(t, Transcript) for t in interviews.values())
    for tid, transcript in interviews.items():
        assert [turn.id for turn in transcript.turns] == [f"{tid}-{n:02d}" for n in range(1, len(transcript.turns) + 1)]
        assert transcript.turns[0].who == "interviewer"
        assert transcript.turn(f"{tid}-02").number == 2
        with pytest.raises(InterviewDataError, match="is not a turn"):
            transcript.turn(f"{tid}-99")
        assert f"<code>{tid}-01</code>" in transcript._repr_html_() and f"{tid}-01" in str(transcript)


def test_there_are_six_interviews_in_different_situations_and_each_copy_has_a_poor_one():
    lesson, exercise = load_interviews("lesson"), load_interviews("exercise")
    everyone = {**lesson, **exercise}
    assert len(everyone) == len(lesson) + len(exercise) >= 6  # ids are unique across the copies
    assert len({t.situation for t in everyone.values()}) >= 5
    assert len({t.product for t in everyone.values()}) == len(everyone)
    for copy in (lesson, exercise):
        assert {t.quality for t in copy.values()} == {"good", "poor"}
    from jtbd_kit import load_repair_job

    situations = {s.id for s in load_repair_job().situations}
    assert {t.situation for t in everyone.values()} <= situations


@pytest.mark.parametrize("copy", COPIES)
def test_each_good_interview_plants_the_whole_method(copy):
    interviews, truth = load_interviews(copy), _truth(copy)
    assert set(truth) == set(interviews)
    for tid, transcript in interviews.items():
        reading = truth[tid]
        assert check_job_action(reading.job).passed, (tid, reading.job, check_job_action(reading.job).codes)
        for turn in (*reading.forces, *reading.steps, *reading.outcomes, *[t for ts in reading.timeline.values() for t in ts]):
            assert transcript.turn(turn).who == "customer", (tid, turn)
        for turn in reading.poor_questions:
            assert transcript.turn(turn).who == "interviewer", (tid, turn)
        if transcript.quality == "good":
            assert set(reading.forces.values()) == {force.id for force in FORCES}, tid
            assert set(reading.timeline) == {stage.id for stage in TIMELINE}, tid
            assert len(reading.steps) >= 3 and len(reading.outcomes) >= 2, tid
            for statement in reading.outcomes.values():
                assert check_outcome(statement).passed, (tid, statement, check_outcome(statement).codes)
            assert not reading.poor_questions
            phrase = reading.repeated_phrase.lower()
            said = [turn for turn in transcript.customer_turns if phrase in turn.says.lower()]
            assert len(said) >= 2, (tid, phrase)
            assert check_forces(reading.forces, transcript).passed
            assert check_timeline({stage: turns[0] for stage, turns in reading.timeline.items()}, transcript).passed
        else:
            assert len(reading.poor_questions) >= 5 and len(set(reading.poor_questions.values())) >= 4, tid


@pytest.mark.parametrize("copy", COPIES)
def test_the_checker_agrees_with_the_planted_poor_questions_and_passes_the_good_interviewers(copy):
    """The interviewer's planted mistakes are the ones the checker names, and a good interviewer's
    questions pass: the transcripts and the checker teach the same rules."""
    interviews, truth = load_interviews(copy), _truth(copy)
    for tid, transcript in interviews.items():
        poor = truth[tid].poor_questions
        for turn in transcript.turns:
            if turn.who != "interviewer":
                continue
            codes = check_interview_question(turn.says).codes
            if turn.id in poor:
                assert poor[turn.id] in codes, (turn.id, turn.says, poor[turn.id], codes)
            else:
                assert codes == [], (turn.id, turn.says, codes)


def test_repeated_phrases_finds_the_phrase_each_good_interview_repeats():
    interviews, truth = load_interviews("lesson"), _truth("lesson")
    for tid, transcript in interviews.items():
        if transcript.quality == "good":
            found = [phrase for phrase, _ in repeated_phrases(transcript, words=2)]
            assert any(truth[tid].repeated_phrase.lower() in p or p in truth[tid].repeated_phrase.lower()
                       for p in found), (tid, found[:5])


def test_the_exercise_reading_is_not_given_to_learners_through_the_kit(monkeypatch, tmp_path):
    import jtbd_kit.interview as interview

    monkeypatch.setattr(interview, "DATA_DIR", tmp_path)
    (tmp_path / "interviews_exercise").mkdir()
    with pytest.raises(InterviewDataError, match="kept by your instructor"):
        load_interview_truth("exercise")


# --- bad input gets a message, never a traceback ---------------------------------------------------


@pytest.mark.parametrize("copy", [None, 3, "Lesson", "truth", ["lesson"]])
def test_an_unknown_copy_is_named(copy):
    with pytest.raises(InterviewDataError, match="copy=... takes 'lesson'"):
        load_interviews(copy)


def test_broken_transcript_files_are_explained(tmp_path):
    cases = {
        "missing.yaml": None,
        "notyaml.yaml": "transcripts: [",
        "twice.yaml": "transcripts:\n  - id: a\n    id: b\n",
        "empty.yaml": "transcripts: []\n",
        "noturns.yaml": "transcripts:\n  - {id: a, title: t, interviewee: i, product: p, situation: s, quality: good}\n",
        "badturn.yaml": "transcripts:\n  - {id: a, title: t, interviewee: i, product: p, situation: s, quality: good, "
                        "turns: [{who: narrator, says: hi}]}\n",
        "quality.yaml": "transcripts:\n  - {id: a, title: t, interviewee: i, product: p, situation: s, quality: ok, "
                        "turns: [{who: interviewer, says: hi}]}\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(InterviewDataError) as error:
            load_interviews(path=path)
        assert name in str(error.value) or str(path) in str(error.value)
    with pytest.raises(InterviewDataError, match="is a folder"):
        load_interviews(path=tmp_path)
    with pytest.raises(InterviewDataError, match="not int"):
        load_interviews(path=12)


def test_a_reading_that_points_at_a_missing_turn_is_explained(tmp_path):
    tid = next(iter(load_interviews()))
    path = tmp_path / "truth.yaml"
    path.write_text(f"{tid}:\n  forces: {{999: push}}\n", encoding="utf-8")
    with pytest.raises(InterviewDataError, match="there is no turn 999"):
        load_interview_truth(path=path)
    path.write_text("nobody:\n  forces: {2: push}\n", encoding="utf-8")
    with pytest.raises(InterviewDataError, match="'nobody' is not one of the lesson interviews"):
        load_interview_truth(path=path)
    path.write_text(f"{tid}:\n  forces: {{3: shove}}\n", encoding="utf-8")
    with pytest.raises(InterviewDataError, match="shove"):
        load_interview_truth(path=path)


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50),
    st.lists(st.text(max_size=10), max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=12), st.integers(), st.none()),
                    st.one_of(st.text(max_size=12), st.integers(), st.none(), st.sampled_from(["push", "pull", "anxiety"])),
                    max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(labels=anything, other=anything)
def test_check_forces_and_check_timeline_accept_anything(labels, other):
    transcript = next(iter(load_interviews().values()))
    for check in (check_forces, check_timeline):
        for target in (transcript, other):
            result = check(labels, target)
            assert isinstance(result.passed, bool) and result.passed == (not result.problems)
            for found in result.problems:
                assert found.code and found.message and found.hint
            str(result), result._repr_html_()
    if not isinstance(labels, dict) or not labels:
        assert not check_forces(labels, transcript).passed


def test_check_forces_names_each_problem():
    transcript = next(t for t in load_interviews().values() if t.quality == "good")
    customer = [turn.id for turn in transcript.customer_turns]
    result = check_forces({customer[0]: "Push of the situation", transcript.turns[0].id: "pull",
                           "nowhere-01": "habit", customer[1]: "fear"}, transcript)
    assert result.codes == ["force-spelling", "interviewer-turn", "unknown-turn", "unknown-force", "missing-force"]
    assert check_forces({customer[0]: "push", customer[1]: "pull", customer[2]: "anxiety", customer[3]: "habit"},
                        transcript).passed
    stages = {stage.id: customer[0] for stage in TIMELINE}
    assert check_timeline(stages, transcript).passed
    assert check_timeline({**stages, "Active looking": customer[1]}, transcript).codes == ["stage-spelling"]


def test_compare_labels_and_repeated_phrases_explain_bad_input():
    assert compare_labels({"a-01": "push"}, {"a-01": "pull"}) == [("a-01", "push", "pull", "different")]
    with pytest.raises(InterviewDataError, match="two dicts"):
        compare_labels(None, {})
    with pytest.raises(InterviewDataError, match="transcript"):
        repeated_phrases("amara")
    with pytest.raises(InterviewDataError, match="whole number"):
        repeated_phrases(next(iter(load_interviews().values())), words=1)


# --- exercise 05 and lesson 5 agree ------------------------------------------------------------------


def _solution_cell(grade_id):
    import nbformat

    from helpers import notebooks_in

    nb = nbformat.read(notebooks_in("solutions", "05_*/*.ipynb")[0], 4)
    return next(c for c in nb.cells if c.get("id") == grade_id)


def test_the_graders_list_of_course_questions_holds_every_question_lesson_5_shows():
    """Exercise 05's Q5 does not count a rewrite copied from the lesson: its hidden list must hold
    every example question and rewrite the lesson shows, and nothing the lesson does not show."""
    import ast

    from helpers import lesson_questions

    source = _solution_cell("q5-tests-own").source
    listed = next(node for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.AugAssign) and isinstance(node.value, ast.List))
    hidden = {element.value for element in listed.value.elts}
    assert hidden == set(lesson_questions())


def test_the_exercise_reading_accepts_the_model_answers_and_only_labels_it_knows():
    from jtbd_kit import UNIVERSAL_JOB_MAP

    reading = _truth("exercise")
    phases = {phase.id for phase in UNIVERSAL_JOB_MAP.phases}
    for tid, r in {**reading, **_truth("lesson")}.items():
        for turn, labels in r.also_defensible.get("forces", {}).items():
            assert set(labels) <= {force.id for force in FORCES}, (tid, turn)
        for turn, labels in r.also_defensible.get("steps", {}).items():
            assert set(labels) <= phases, (tid, turn)
    namespace = {}
    exec(_solution_cell("q2-answer").source, namespace)
    exec(_solution_cell("q3-answer").source, namespace)
    idris = reading["idris"]
    assert all(idris.accepts("forces", turn, force) for turn, force in namespace["q2_forces"].items())
    assert all(idris.accepts("timeline", stage, turn) for stage, turn in namespace["q3_timeline"].items())
