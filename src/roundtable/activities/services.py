"""Activity services: create, edit, plan and re-plan activities, all-or-nothing.

The web pages, the plan-file import and the one-click fixes all write through here. An activity's
plan as the alignment rules see it is :func:`activity_plan`; :func:`activity_plan_save` writes a
(changed) :class:`Plan` back into the activity in one transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import transaction

from roundtable.accounts.models import User
from roundtable.activities import events
from roundtable.activities.models import Activity, AgendaBlock, Series, SuccessIndicator
from roundtable.activities.selectors import (
    activity_check,
    activity_plan,
    audience_timezones,
    staff_users,
)
from roundtable.after_commit import send_on_commit
from roundtable.communities.models import Community
from roundtable.domain.places import PlaceError, timezone_name
from roundtable.domain.planning.formats import format_library
from roundtable.domain.planning.indicators import INDICATORS, target_problem
from roundtable.domain.planning.located_yaml import LocatedError, Problem
from roundtable.domain.planning.plan import (
    AgendaBlock as PlanBlock,
)
from roundtable.domain.planning.plan import (
    Plan,
    plan_parse,
)
from roundtable.domain.planning.plan import (
    SuccessIndicator as PlanIndicator,
)
from roundtable.domain.planning.rules import (
    Finding,
    finding_apply,
)
from roundtable.domain.planning.taxonomy import purposes
from roundtable.segments.models import Segment
from roundtable.service_error import ServiceError


class ActivityError(ServiceError):
    """An activity change that cannot be made; ``field`` names the form field, if one."""


@dataclass(frozen=True)
class ActivityFields:
    """What a manager states when planning; the form and the plan import both fill it."""

    title: str
    purpose_expressed: str
    purpose_deeper: str
    starts_at: datetime
    duration_minutes: int
    expected_headcount: int
    timezone: str = "UTC"
    description: str = ""
    format: str = ""
    mode: str = Activity.Mode.ONLINE
    place: str = ""
    link: str = ""
    segment: Segment | None = None
    series: Series | None = None
    feedback: bool = False
    follow_up: str = ""


def _validate(community: Community, fields: ActivityFields) -> ActivityFields:
    if not fields.title.strip():
        raise ActivityError("Title: please give the activity a title.", "title")
    if fields.purpose_deeper not in purposes():
        raise ActivityError(
            f"Deeper purpose: “{fields.purpose_deeper}” is not one of {', '.join(purposes())}.",
            "purpose_deeper",
        )
    if not fields.purpose_expressed.strip():
        raise ActivityError(
            "Expressed purpose: write it in the words of the invitation.", "purpose_expressed"
        )
    if fields.format and fields.format not in format_library():
        raise ActivityError(f"Format: “{fields.format}” is not in the format library.", "format")
    if fields.starts_at.tzinfo is None:
        raise ActivityError("Start: the date and time need a time zone.", "starts_at")
    if fields.duration_minutes < 1:
        raise ActivityError("Duration: at least 1 minute.", "duration_minutes")
    if fields.expected_headcount < 1:
        raise ActivityError("Expected headcount: at least 1 person.", "expected_headcount")
    try:
        zone = timezone_name(fields.timezone)
    except PlaceError as error:
        raise ActivityError(f"Time zone: {error}", "timezone") from None
    for related, name in ((fields.segment, "segment"), (fields.series, "series")):
        if related is not None and related.community_id != community.pk:
            raise ActivityError(f"{name.title()}: not one of this community's.", name)
    return replace(fields, title=fields.title.strip(), timezone=zone)


def _format_agenda(format_id: str) -> tuple[PlanBlock, ...]:
    found = format_library().get(format_id)
    return found.agenda if found else ()


@transaction.atomic
def activity_create(
    *,
    community: Community,
    fields: ActivityFields,
    by: User | None = None,
    agenda: Iterable[PlanBlock] | None = None,
    indicators: Iterable[PlanIndicator] | None = None,
) -> Activity:
    """A new draft activity. Without an ``agenda``, the format's default agenda is copied;
    without ``indicators``, none are set (the planner's rules ask for them)."""
    fields = _validate(community, fields)
    activity = Activity.objects.create(community=community, owner=by, **fields.__dict__)
    blocks = tuple(agenda) if agenda is not None else _format_agenda(fields.format)
    _write_agenda(activity, blocks)
    _write_indicators(activity, tuple(indicators or ()))
    send_on_commit(events.activity_created, activity_id=activity.pk)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, fields: ActivityFields) -> Activity:
    fields = _validate(activity.community, fields)
    previous_start, previous_series = activity.starts_at, activity.series_id
    for name, value in fields.__dict__.items():
        setattr(activity, name, value)
    activity.save()
    _moved(activity, previous_start, previous_series)
    return activity


def activity_start_set(*, activity: Activity, starts_at: datetime) -> Activity:
    """Move the start (an aware datetime, e.g. one of the suggested times); nothing else."""
    if starts_at.tzinfo is None:
        raise ActivityError("Start: that is not a date and time with a UTC offset.", "starts_at")
    with transaction.atomic():
        previous_start = activity.starts_at
        activity.starts_at = starts_at
        activity.save(update_fields=["starts_at", "updated_at"])
        _moved(activity, previous_start, activity.series_id)
    return activity


def _moved(activity: Activity, previous_start: datetime, previous_series: int | None) -> None:
    """Tell the apps that schedule by the start or the series (checklists, carry-over of
    decisions) that the activity moved."""
    if previous_start != activity.starts_at or previous_series != activity.series_id:
        send_on_commit(
            events.activity_scheduled, activity_id=activity.pk, previous_start=previous_start
        )


@transaction.atomic
def activity_team_set(
    *, activity: Activity, owner: User | None, facilitators: Iterable[User]
) -> Activity:
    """Set who owns the activity and who facilitates it; all must be staff of its community."""
    staff = set(staff_users(activity.community).values_list("pk", flat=True))
    facilitators = list(facilitators)
    if owner is not None and owner.pk not in staff:
        raise ActivityError(
            f"Owner: {owner} is not a manager or facilitator of this community.", "owner"
        )
    strangers = [str(user) for user in facilitators if user.pk not in staff]
    if strangers:
        raise ActivityError(
            f"Facilitators: {', '.join(strangers)} not a manager or facilitator of this community.",
            "facilitators",
        )
    activity.owner = owner
    activity.save(update_fields=["owner", "updated_at"])
    activity.facilitators.set(facilitators)
    return activity


def activity_status_set(*, activity: Activity, status: str) -> Activity:
    """Set the status; marking the activity done sends ``activity_done`` (breakouts record who
    met whom, attendance counts the live session)."""
    if status not in Activity.Status.values:
        raise ActivityError(
            f"Status: “{status}” is not one of {', '.join(Activity.Status.values)}."
        )
    with transaction.atomic():
        activity.status = status
        activity.save(update_fields=["status", "updated_at"])
        if status == Activity.Status.DONE:
            send_on_commit(events.activity_done, activity_id=activity.pk)
    return activity


def _write_agenda(activity: Activity, blocks: tuple[PlanBlock, ...]) -> None:
    activity.agenda_blocks.all().delete()
    AgendaBlock.objects.bulk_create(
        AgendaBlock(
            activity=activity,
            position=position,
            title=block.title,
            minutes=block.minutes,
            mode=block.mode,
            group_size=block.group_size,
            speakers=block.speakers,
        )
        for position, block in enumerate(blocks)
    )


def _write_indicators(activity: Activity, indicators: tuple[PlanIndicator, ...]) -> None:
    manual = {i.metric: i.manual_actual for i in activity.indicators.all() if i.manual_actual}
    activity.indicators.all().delete()
    SuccessIndicator.objects.bulk_create(
        SuccessIndicator(
            activity=activity,
            position=position,
            metric=indicator.metric,
            target=_target_text(indicator.target),
            description=indicator.description,
            manual_actual=manual.get(indicator.metric, ""),
        )
        for position, indicator in enumerate(indicators)
    )


def _target_text(target: float | str) -> str:
    if isinstance(target, float) and target.is_integer():
        return str(int(target))
    return str(target)


@transaction.atomic
def activity_plan_save(*, activity: Activity, plan: Plan) -> Activity:
    """Write ``plan`` into the activity: fields, agenda and indicators, all or nothing.

    The plan's audience segment is looked up by name in the activity's community; its time
    zones are not stored (they are read from the members each time).
    """
    segment = None
    if plan.audience.segment:
        segment = Segment.objects.filter(
            community=activity.community, name=plan.audience.segment
        ).first()
        if segment is None:
            raise ActivityError(
                f"Audience: there is no segment “{plan.audience.segment}” in "
                f"{activity.community.name}.",
                "segment",
            )
    start = plan.start
    zone = activity.timezone
    offset_zone = getattr(start.tzinfo, "key", None)
    if offset_zone:
        zone = offset_zone
    fields = ActivityFields(
        title=plan.title,
        description=plan.description,
        format=plan.format or "",
        purpose_expressed=plan.purpose.expressed,
        purpose_deeper=plan.purpose.deeper,
        starts_at=start,
        duration_minutes=plan.duration_minutes,
        expected_headcount=plan.audience.expected,
        timezone=zone,
        mode=activity.mode,
        place=activity.place,
        link=activity.link,
        segment=segment,
        series=activity.series,
        feedback=plan.feedback,
        follow_up=plan.follow_up or "",
    )
    activity_update(activity=activity, fields=fields)
    _write_agenda(activity, plan.agenda)
    _write_indicators(activity, plan.success_indicators)
    return activity


def activity_finding_apply(*, activity: Activity, rule: str, index: int = 0) -> Finding:
    """Apply the ``index``-th finding of ``rule`` (as currently checked); returns it.

    Raises ActivityError when the finding is gone (already fixed) or has no automatic fix.
    """
    zones = audience_timezones(activity)  # once, for the check and for the fix
    report = activity_check(activity, timezones=zones)
    found = [f for f in report.findings if f.rule == rule]
    if index >= len(found):
        raise ActivityError(
            "That suggestion no longer applies: the plan has changed since the page was shown."
        )
    finding = found[index]
    if finding.fix is None:
        raise ActivityError(f"“{finding.suggestion}” has to be done by hand.")
    plan = activity_plan(activity, timezones=zones)
    activity_plan_save(activity=activity, plan=finding_apply(plan, finding))
    return finding


def activity_agenda_save(*, activity: Activity, blocks: Iterable[PlanBlock]) -> Activity:
    """Replace the agenda (the agenda editor)."""
    with transaction.atomic():
        _write_agenda(activity, tuple(blocks))
    return activity


def activity_indicators_save(
    *, activity: Activity, indicators: Iterable[PlanIndicator]
) -> Activity:
    indicators = tuple(indicators)
    for number, indicator in enumerate(indicators, start=1):
        if indicator.metric not in INDICATORS:
            raise ActivityError(f"Indicator {number}: unknown metric “{indicator.metric}”.")
        problem = target_problem(indicator.metric, indicator.target)
        if problem:
            raise ActivityError(
                f"Indicator {number} ({INDICATORS[indicator.metric].name}): {problem}"
            )
    with transaction.atomic():
        _write_indicators(activity, indicators)
    return activity


def activity_import(*, activity: Activity, text: str) -> Activity:
    """Replace the activity's plan with the plan file ``text``.

    Raises LocatedError (every problem with its line) for an unreadable plan, and ActivityError
    (nothing saved) for a plan that does not fit this community, such as an unknown segment.
    """
    plan = plan_parse(text, known_formats=frozenset(format_library()))
    if (
        plan.audience.segment
        and not Segment.objects.filter(
            community=activity.community, name=plan.audience.segment
        ).exists()
    ):
        location = plan.locations.get("audience.segment")
        raise LocatedError(
            [
                Problem(
                    location,  # type: ignore[arg-type]
                    f"audience.segment: there is no segment “{plan.audience.segment}” in "
                    f"{activity.community.name}",
                )
            ]
        )
    return activity_plan_save(activity=activity, plan=plan)


def series_create(*, community: Community, title: str, description: str = "") -> Series:
    title = title.strip()
    if not title:
        raise ActivityError("Series: please give the series a title.", "title")
    if Series.objects.filter(community=community, title=title).exists():
        raise ActivityError(f"Series: “{title}” exists already.", "title")
    return Series.objects.create(community=community, title=title, description=description)


def activity_next_edition(
    *, activity: Activity, starts_at: datetime, by: User | None = None
) -> Activity:
    """A copy of ``activity`` as the next edition of its series (created if it has none)."""
    with transaction.atomic():
        series = activity.series
        if series is None:
            base = activity.title
            title = base
            n = 2
            while Series.objects.filter(community=activity.community, title=title).exists():
                title = f"{base} ({n})"
                n += 1
            series = Series.objects.create(community=activity.community, title=title)
            activity.series = series
            activity.save(update_fields=["series", "updated_at"])
        plan = activity_plan(activity, timezones=False)
        fields = ActivityFields(
            title=activity.title,
            description=activity.description,
            format=activity.format,
            purpose_expressed=activity.purpose_expressed,
            purpose_deeper=activity.purpose_deeper,
            starts_at=starts_at,
            duration_minutes=activity.duration_minutes,
            expected_headcount=activity.expected_headcount,
            timezone=activity.timezone,
            mode=activity.mode,
            place=activity.place,
            link=activity.link,
            segment=activity.segment,
            series=series,
            feedback=activity.feedback,
            follow_up=activity.follow_up,
        )
        edition = activity_create(
            community=activity.community,
            fields=fields,
            by=by,
            agenda=plan.agenda,
            indicators=plan.success_indicators,
        )
        send_on_commit(events.edition_created, activity_id=edition.pk, previous_id=activity.pk)
        return edition
