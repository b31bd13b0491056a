"""Reads for activities compared: every activity held in a period with its evaluation's facts,
as the outcomes :mod:`roundtable.domain.insights.formats_compared` groups and sorts."""

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.domain.evaluation import Evaluation, share
from roundtable.domain.insights.formats_compared import (
    ActivityOutcome,
    FormatPurpose,
    compare_formats,
    sorted_outcomes,
)
from roundtable.domain.planning.formats import format_library
from roundtable.domain.planning.taxonomy import purposes
from roundtable.feedback.selectors import activities_evaluations

ACTIVITIES_MAX = 500  # a period's table shows at most these, the latest first


@dataclass(frozen=True)
class ComparedActivity:
    activity: Activity
    outcome: ActivityOutcome
    evaluation: Evaluation


@dataclass(frozen=True)
class ActivitiesCompared:
    start: date
    end: date
    rows: list[ComparedActivity]
    total: int  # activities held in the period (more than ``rows`` when over ACTIVITIES_MAX)
    formats: list[FormatPurpose]


def _outcome(activity: Activity, evaluation: Evaluation) -> ActivityOutcome:
    facts = evaluation.facts
    formats, taxonomy = format_library(), purposes()
    found = formats.get(activity.format)
    purpose = taxonomy.get(activity.purpose_deeper)
    return ActivityOutcome(
        activity_id=activity.pk,
        format=found.name if found else activity.format,
        purpose=purpose.name if purpose else "",
        registered=facts.registered,
        attended=facts.attended,
        voice_reach=share(facts.voice.contributors, facts.voice.participants),
        ratings=facts.ratings,
        pluses=facts.pluses,
        deltas=facts.deltas,
        new_connections=facts.new_connections,
        indicators_judged=evaluation.judged_count,
        indicators_met=evaluation.met_count,
    )


def activities_compared(
    *,
    community: Community,
    start: date,
    end: date,
    sort: str | None = None,
    descending: bool = True,
    now: datetime | None = None,
) -> ActivitiesCompared:
    """The community's activities that started from ``start`` to ``end`` (UTC days, both
    included) and by now, the latest first or sorted by a column of
    :data:`~roundtable.domain.insights.formats_compared.SORTS`, and the comparison of their
    formats and purposes (over the activities listed)."""
    now = now or timezone.now()
    held = Activity.objects.filter(
        community=community,
        starts_at__gte=datetime.combine(start, time.min, tzinfo=UTC),
        starts_at__lte=min(datetime.combine(end, time.max, tzinfo=UTC), now),
    )
    total = held.count()
    activities = list(
        held.select_related("segment", "series")
        .prefetch_related("indicators")
        .order_by("-starts_at", "-pk")[:ACTIVITIES_MAX]
    )
    evaluations = activities_evaluations(activities)
    rows = [
        ComparedActivity(a, _outcome(a, evaluations[a.pk]), evaluations[a.pk]) for a in activities
    ]
    if sort is not None:
        order = {o.activity_id: i for i, o in enumerate(
            sorted_outcomes([r.outcome for r in rows], sort, descending=descending)
        )}  # fmt: skip
        rows.sort(key=lambda r: order[r.outcome.activity_id])
    return ActivitiesCompared(
        start=start,
        end=end,
        rows=rows,
        total=total,
        formats=compare_formats(r.outcome for r in rows),
    )


def compared_json(compared: ActivitiesCompared) -> dict[str, Any]:
    """The comparison as plain JSON (``roundtable insights --json``)."""
    return {
        "total": compared.total,
        "activities": [
            {
                **asdict(row.outcome),
                "title": row.activity.title,
                "starts_at": row.activity.starts_at.isoformat(),
                "turnout": row.outcome.turnout,
                "mean_rating": row.outcome.mean_rating,
                "plus_share": row.outcome.plus_share,
            }
            for row in compared.rows
        ],
        "formats": [asdict(row) for row in compared.formats],
    }
