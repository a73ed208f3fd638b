"""Scenario cards: structure checks, wording checks, the HTML card, Markdown export and the builder widget."""

import pytest

from jtbd_kit import CardBuilder, ScenarioCard, check_scenario_card
from jtbd_kit.cards import Action, RealJob
from jtbd_kit.rules import RULES

GOOD = RULES["job-without-action"].examples["scenario card"][0]


def card(**changes):
    return ScenarioCard(**{**GOOD, **changes})


def test_a_complete_card_passes_and_pairs_become_objects():
    result = check_scenario_card(card())
    assert result.passed, str(result)
    assert card().real_jobs[0] == RealJob("Get the gift to the party on time", "functional")
    assert isinstance(card().actions[0], Action)


def test_the_seed_failed_payment_card():
    failed_payment = ScenarioCard(
        scenario="A business customer's software subscription payment fails",
        surface_job="Fix the payment issue",
        real_jobs=[("Prevent business disruption tomorrow", "functional"),
                   ("Avoid feeling embarrassed in front of the boss", "emotional"),
                   ("Be perceived as reliable by the team", "social")],
        actions=[("Restore access immediately while the payment is processed", "Prevent business disruption tomorrow"),
                 ("Explain what caused the failure and how to prevent it", "Avoid feeling embarrassed in front of the boss"),
                 ("Send a follow-up email documenting everything", "Be perceived as reliable by the team")],
        job_story="When our subscription payment fails the day before a release, I want access kept open, "
                  "so I can keep the team working",
    )
    assert check_scenario_card(failed_payment).passed, str(check_scenario_card(failed_payment))


def test_real_jobs_are_worded_as_their_dimension_expects():
    result = check_scenario_card(card(real_jobs=[("Booking a new delivery slot", "functional"),
                                                 ("Be perceived as reliable by the family", "emotional")],
                                      actions=[("Offer a new slot", "Booking a new delivery slot"),
                                               ("Call back", "Be perceived as reliable by the family")]))
    assert "gerund" in result.codes and "wrong-kind" in result.codes
    assert any(p.message.startswith("Real job 1") for p in result.problems)


def test_actions_may_name_solutions_but_must_start_with_a_verb():
    result = check_scenario_card(card(actions=[("Send a link to the tracking app", GOOD["real_jobs"][0][0]),
                                               ("A gift card", GOOD["real_jobs"][1][0])]))
    assert result.codes == ["no-verb"] and "Action 2" in result.problems[0].message


@pytest.mark.parametrize("value", [None, "card", 3, {"scenario": "x"}, ScenarioCard(real_jobs=5, actions="x"),
                                   ScenarioCard(scenario=None, surface_job=3, real_jobs=[1, (None, None)],
                                                actions=[("x",)], job_story=42)])
def test_anything_gets_feedback_never_an_exception(value):
    result = check_scenario_card(value)
    assert not result.passed and all(p.message and p.hint for p in result.problems)
    if isinstance(value, ScenarioCard):
        value._repr_html_(), value.to_markdown()


def test_html_card_shows_every_field_and_escapes_learner_text():
    shown = card(scenario="A <script>alert(1)</script> parcel is late",
                 job_story="When a parcel is late, I want to know where it is, so I can plan")._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    for text in ("Track the parcel", "Get the gift to the party on time", "Offer a digital gift card as a backup",
                 "functional", "emotional", "serves", "Job story", "I want to know where it is"):
        assert text in shown
    assert "http" not in shown and "<link" not in shown and "<img" not in shown  # no external assets


def test_markdown_export():
    text = card().to_markdown()
    assert text.startswith("### Scenario: A parcel with a birthday gift is late")
    assert "**Surface job:** Track the parcel" in text
    assert "- Avoid feeling embarrassed in front of the family *(emotional)*" in text
    assert "2. Offer a digital gift card as a backup (serves: Avoid feeling embarrassed in front of the family)" in text


def test_the_card_builder_builds_the_card_as_a_value():
    builder = CardBuilder()
    builder.scenario.value = GOOD["scenario"]
    builder.surface_job.value = GOOD["surface_job"]
    for text, dimension in GOOD["real_jobs"]:
        builder.job_text.value, builder.job_dimension.value = text, dimension
        builder.add_job.click()
    assert builder.job_text.value == "" and list(builder.action_serves.options) == [t for t, _ in GOOD["real_jobs"]]
    for text, serves in GOOD["actions"]:
        builder.action_text.value, builder.action_serves.value = text, serves
        builder.add_action.click()
    assert builder.value == card()
    assert "no problems found" in builder.feedback.value and "Offer a digital gift card" in builder.preview.value


def test_the_card_builder_explains_empty_adds_and_can_undo():
    builder = CardBuilder(card())
    builder.add_job.click()
    assert "Type the real job first" in builder.note.value and len(builder.value.real_jobs) == 2
    builder.job_text.value = "Keep the party plan on track"
    builder.add_job.click()
    assert len(builder.value.real_jobs) == 3 and "job-without-action" in builder.feedback.value
    builder.undo.click()
    assert builder.value == card()
