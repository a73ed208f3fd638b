"""jtbd_kit: checkers and teaching helpers for the course "Jobs to be Done, hands-on".

Public names are loaded on first use, so ``import jtbd_kit`` stays fast and pulls in neither
ipywidgets nor altair until a notebook asks for a widget or a chart.

>>> from jtbd_kit import check_job_action
>>> check_job_action("Reserve a place to stay while out of town").passed
True
"""

from importlib import import_module

__all__ = [
    "top2box", "opportunity", "classify_opportunity", "score_outcomes", "score_by_group",
    "importance_difficulty", "compare_rankings", "bootstrap_scores", "segment_respondents",
    "profile_segments", "AnalysisError",
    "landscape_chart", "opportunity_bars", "segment_heatmap", "ci_widths", "ci_width_chart", "describe_outcomes",
    "explore", "LandscapeExplorer",
    "CheckResult", "JobActionParts", "Problem", "RepairJobError",
    "JobMap", "UNIVERSAL_JOB_MAP", "MappingWidget", "ChartView",
    "check_emotional_job", "check_job_action", "check_job_map", "check_job_story", "check_outcome",
    "check_social_job", "job_map_chart", "load_repair_job", "practice_box",
    "ScenarioCard", "check_scenario_card", "CardBuilder",
    "enable_offline_charts", "load_survey", "SurveyDataError",
    "load_support_log", "SupportLogError",
    "check", "check_all",
    "copied_from", "course_outcomes",
    "ConceptQuestion", "concept_question", "explain_choice",
    "FORCES", "TIMELINE", "Transcript", "load_interviews", "load_interview_truth", "InterviewDataError",
    "check_interview_question", "check_forces", "check_timeline", "repeated_phrases", "compare_labels",
]

# public name -> the module that defines it
_HOME = {
    "landscape_chart": "survey_charts",
    "opportunity_bars": "survey_charts",
    "segment_heatmap": "survey_charts",
    "ci_widths": "survey_charts",
    "ci_width_chart": "survey_charts",
    "describe_outcomes": "survey_charts",
    "explore": "explorer",
    "LandscapeExplorer": "explorer",
    "top2box": "analysis",
    "opportunity": "analysis",
    "classify_opportunity": "analysis",
    "score_outcomes": "analysis",
    "score_by_group": "analysis",
    "importance_difficulty": "analysis",
    "compare_rankings": "analysis",
    "bootstrap_scores": "analysis",
    "segment_respondents": "analysis",
    "profile_segments": "analysis",
    "AnalysisError": "analysis",
    "CheckResult": "feedback",
    "Problem": "feedback",
    "JobActionParts": "job_action",
    "check_job_action": "job_action",
    "check_outcome": "outcome",
    "check_emotional_job": "feelings",
    "check_social_job": "feelings",
    "check_job_story": "job_story",
    "ScenarioCard": "cards",
    "check_scenario_card": "cards",
    "CardBuilder": "widgets",
    "practice_box": "widgets",
    "load_repair_job": "repair_job",
    "JobMap": "job_map",
    "UNIVERSAL_JOB_MAP": "job_map",
    "check_job_map": "job_map",
    "job_map_chart": "job_map",
    "MappingWidget": "widgets",
    "ChartView": "widgets",
    "enable_offline_charts": "charts",
    "RepairJobError": "repair_job",
    "load_survey": "survey",
    "SurveyDataError": "survey",
    "load_support_log": "support_log",
    "SupportLogError": "support_log",
    "check": "selfcheck",
    "check_all": "selfcheck",
    "copied_from": "originality",
    "course_outcomes": "originality",
    "ConceptQuestion": "concepts",
    "concept_question": "concepts",
    "explain_choice": "concepts",
    **{name: "interview" for name in ("FORCES", "TIMELINE", "Transcript", "load_interviews", "load_interview_truth",
                                      "InterviewDataError", "check_interview_question", "check_forces",
                                      "check_timeline", "repeated_phrases", "compare_labels")},
}

__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _HOME:
        value = getattr(import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jtbd_kit' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
