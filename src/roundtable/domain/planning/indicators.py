"""The catalogue of success indicators chosen at planning time. No Django.

Each indicator is a metric with a unit and the range its target must lie in; the feedback
part of Roundtable evaluates them after the activity (targets against actuals).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One metric: what it measures, its unit, and the allowed range of a target."""

    id: str
    name: str
    measures: str
    unit: str  # "people", "share", "ratio", "rating", "count" or "text"
    minimum: float | None
    maximum: float | None
    default_target: float | str


INDICATORS: dict[str, Indicator] = {
    indicator.id: indicator
    for indicator in (
        Indicator("attendance", "Attendance", "people who attended", "people", 0, None, 20),
        Indicator(
            "segment_share",
            "Share from the target segment",
            "share of attendees who belong to the target segment",
            "share",
            0,
            1,
            0.6,
        ),
        Indicator(
            "voice_reach",
            "Voice reach",
            "share of attendees who spoke or contributed at least once",
            "share",
            0,
            1,
            0.7,
        ),
        Indicator(
            "plus_delta_ratio",
            "Plus/delta ratio",
            "pluses divided by deltas in the feedback",
            "ratio",
            0,
            None,
            2,
        ),
        Indicator(
            "mean_rating",
            "Mean rating",
            "mean of the 1–5 ratings in the feedback",
            "rating",
            1,
            5,
            4,
        ),
        Indicator(
            "new_connections",
            "New connections",
            "pairs of members who met for the first time in a group or pair",
            "count",
            0,
            None,
            10,
        ),
        Indicator(
            "follow_up_actions",
            "Follow-up actions",
            "actions members took after the activity, as recorded",
            "count",
            0,
            None,
            3,
        ),
        Indicator(
            "manual",
            "Manual",
            "anything else, described in words and judged by the manager",
            "text",
            None,
            None,
            "",
        ),
    )
}


def target_problem(metric: str, target: float | str) -> str | None:
    """Why ``target`` is not a valid target for ``metric``, or None when it is.

    ``metric`` must be a key of INDICATORS; a manual indicator takes text or a number.
    """
    indicator = INDICATORS[metric]
    if indicator.unit == "text":
        return None
    if isinstance(target, str):
        return f"the target of {metric} must be a number ({indicator.unit}), not “{target}”"
    if indicator.minimum is not None and target < indicator.minimum:
        return f"the target of {metric} must be at least {indicator.minimum:g}, not {target:g}"
    if indicator.maximum is not None and target > indicator.maximum:
        return f"the target of {metric} must be at most {indicator.maximum:g}, not {target:g}"
    return None
