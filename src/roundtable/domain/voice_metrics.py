"""Voice metrics of a live session: who had a voice, and how evenly it was spread.

Pure functions over plain numbers (no Django), so the live app, the evaluation and the
benchmarks compute them the same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceMetrics:
    """The voice of one live session.

    ``joined`` counts every participant (anonymous ones too); ``contributors`` those with at least
    one contribution (asked, upvoted, voted in a poll, or took a turn to speak); ``voice_reach`` is
    contributors / joined (0 when nobody joined); ``contributions_per_participant`` is the mean over
    all who joined; ``gini`` is the spread of contributions over all who joined (0 = everyone
    contributed equally, towards 1 = one person did everything).
    """

    joined: int
    contributors: int
    voice_reach: float
    contributions_per_participant: float
    gini: float
    questions_asked: int
    questions_answered: int


def gini(values: Sequence[int | float]) -> float:
    """Gini coefficient of non-negative values: 0 for an even spread, (n-1)/n when one holds all.

    An empty sequence or one whose total is 0 gives 0.0 (nobody contributed: nothing is unequal).
    """
    if any(v < 0 for v in values):
        raise ValueError("gini: values must not be negative")
    n = len(values)
    total = float(sum(values))
    if n == 0 or total == 0:
        return 0.0
    ordered = sorted(values)
    weighted = sum((index + 1) * value for index, value in enumerate(ordered))
    return (2.0 * weighted) / (n * total) - (n + 1.0) / n


def voice_metrics(
    *, contributions: Sequence[int], questions_asked: int, questions_answered: int
) -> VoiceMetrics:
    """Metrics from the number of contributions of each participant who joined (zeros included)."""
    joined = len(contributions)
    contributors = sum(1 for c in contributions if c > 0)
    return VoiceMetrics(
        joined=joined,
        contributors=contributors,
        voice_reach=contributors / joined if joined else 0.0,
        contributions_per_participant=sum(contributions) / joined if joined else 0.0,
        gini=gini(contributions),
        questions_asked=questions_asked,
        questions_answered=questions_answered,
    )
