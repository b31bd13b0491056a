"""The demo's activities: the past year's programme as planned activities, and what is coming up.

Past activities come from :mod:`roundtable.demo.programme` (the same titles as the participation
records, which are linked to them, and each attendance becomes a registration marked present).
Upcoming ones show the planner at work, among them a 60-minute panel for peer support whose
design the alignment check questions.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from roundtable.accounts.models import User
from roundtable.activities.models import Activity, Registration, Series
from roundtable.activities.services import ActivityFields, activity_create
from roundtable.communities.models import Community, Role
from roundtable.demo.programme import ACTIVITIES, PastActivity, activity_title
from roundtable.domain.planning.formats import format_library
from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.planning.plan import AgendaBlock, SuccessIndicator
from roundtable.members.models import ParticipationRecord
from roundtable.segments.models import Segment

# (title prefix, series, format, deeper purpose, expressed purpose)
_KINDS = (
    ("Webinar:", "Monthly webinar", "webinar", "knowledge_exchange",
     "Learn from a utility that has done it, and put your questions to them."),
    ("Peer assist:", "Peer assists", "peer-assist", "peer_support",
     "A member brings a real challenge; peers who have faced it help them find a way forward."),
    ("NRW clinic", "Clinics", "clinic", "problem_solving",
     "Bring your problem and work on it with peers and an expert."),
    ("GIS clinic", "Clinics", "clinic", "problem_solving",
     "Bring your problem and work on it with peers and an expert."),
    ("Coffee-chat round", "Coffee-chat rounds", "coffee-chat-round", "relationship_building",
     "Meet members you do not know yet, one conversation at a time."),
    ("Regional meetup", "Regional meetups", "world-cafe", "relationship_building",
     "Meet the members of your region and learn what they are working on."),
    ("Online discussion", None, "online-discussion-thread", "knowledge_exchange",
     "Share how your utility handles it, and learn how others do."),
    ("Annual Knowledge Fair", None, "world-cafe", "knowledge_exchange",
     "The year's best cases, told by the people who did the work."),
    ("Writeshop", None, "workshop", "co_creation",
     "Write your case story with peers who review it with you."),
    ("Virtual field visit", None, "show-and-tell", "knowledge_exchange",
     "See a utility's work on the ground and ask the team how they did it."),
)  # fmt: skip


@dataclass(frozen=True)
class Upcoming:
    title: str
    days_ahead: int
    hour_utc: int
    format: str
    purpose: str
    expressed: str
    expected: int
    series: str | None = None
    segment: str | None = None
    status: str = Activity.Status.PLANNED
    agenda: tuple[AgendaBlock, ...] | None = None
    indicators: tuple[str, ...] = ()
    feedback: bool = True
    follow_up: str = ""


UPCOMING = (
    Upcoming(
        "Leak detection in intermittent supply: a panel", 9, 13, "panel", "peer_support",
        "Three utilities share how they find leaks when the network is not always under "
        "pressure, and members get help with their own leak detection problems.",
        80, agenda=(
            AgendaBlock("Welcome", 5, "presentation"),
            AgendaBlock("Panel: three utilities, three approaches", 45, "panel", speakers=3),
            AgendaBlock("Questions from the floor", 10, "plenary_discussion"),
        ), feedback=False,
    ),
    Upcoming(
        "NRW clinic: your water balance, part 2", 16, 12, "clinic", "problem_solving",
        "Bring your water balance and leave with the next step to reduce non-revenue water.",
        18, series="Clinics", indicators=("follow_up_actions", "mean_rating"),
        follow_up="Each participant posts their next step in the NRW thread within a week.",
    ),
    Upcoming(
        "Webinar: Digital customer service", 23, 13, "webinar", "knowledge_exchange",
        "How three utilities answer customers on WhatsApp, and what it changed for complaints.",
        60, series="Monthly webinar", indicators=("voice_reach", "mean_rating"),
    ),
    Upcoming(
        "Troika consulting: preparing a tariff hearing", 30, 10, "troika-consulting",
        "peer_support",
        "Regulators help each other prepare tariff hearings: bring your case, get two peers' "
        "advice.", 12, segment="Regulators", indicators=("voice_reach", "follow_up_actions"),
        follow_up="A thread for the troikas to keep advising each other until the hearings.",
    ),
    Upcoming(
        "Coffee-chat round: December", 12, 9, "coffee-chat-round", "relationship_building",
        "Meet two members you have not met yet, in 20-minute conversations.", 24,
        series="Coffee-chat rounds", indicators=("new_connections",),
    ),
    Upcoming(
        "Annual Knowledge Fair 2027 (draft)", 120, 11, "world-cafe", "knowledge_exchange",
        "The year's best cases, told by the people who did the work.", 120,
        status=Activity.Status.DRAFT,
    ),
)  # fmt: skip


def _kind(title: str) -> tuple[str | None, str, str, str]:
    for prefix, series, format_id, purpose, expressed in _KINDS:
        if title.startswith(prefix):
            return series, format_id, purpose, expressed
    return None, "workshop", "knowledge_exchange", "Learn from one another."


def _minutes(format_id: str, agenda: tuple[AgendaBlock, ...] | None) -> int:
    if agenda:
        return sum(block.minutes for block in agenda)
    return format_library()[format_id].duration_minutes


def _indicators(ids: tuple[str, ...]) -> list[SuccessIndicator]:
    return [SuccessIndicator(i, INDICATORS[i].default_target) for i in ids]


def seed(*, community: Community, now: datetime) -> None:
    owner_role = Role.objects.filter(community=community, kind=Role.Kind.MANAGER).first()
    owner = owner_role.user if owner_role else None
    series: dict[str, Series] = {}

    def series_named(name: str | None) -> Series | None:
        if name is None:
            return None
        if name not in series:
            series[name] = Series.objects.create(community=community, title=name)
        return series[name]

    today = now.date()
    records: dict[str, list[ParticipationRecord]] = defaultdict(list)
    for record in ParticipationRecord.objects.filter(community=community).select_related("member"):
        records[record.activity_title].append(record)
    for past in ACTIVITIES:
        _past_activity(community, past, today, series_named, records, owner)
    segments = {s.name: s for s in Segment.objects.filter(community=community)}
    for plan in UPCOMING:
        start = datetime.combine(today + timedelta(days=plan.days_ahead), time(plan.hour_utc), UTC)
        activity = activity_create(
            community=community,
            by=owner,
            fields=ActivityFields(
                title=plan.title,
                purpose_expressed=plan.expressed,
                purpose_deeper=plan.purpose,
                starts_at=start,
                duration_minutes=_minutes(plan.format, plan.agenda),
                expected_headcount=plan.expected,
                timezone="Europe/Paris",
                format=plan.format,
                link="https://meet.example.org/wun",
                segment=segments.get(plan.segment or ""),
                series=series_named(plan.series),
                feedback=plan.feedback,
                follow_up=plan.follow_up,
            ),
            agenda=plan.agenda,
            indicators=_indicators(plan.indicators),
        )
        activity.status = plan.status
        activity.save(update_fields=["status"])


def _past_activity(
    community: Community,
    past: PastActivity,
    today: date,
    series_named: Callable[[str | None], Series | None],
    records: dict[str, list[ParticipationRecord]],
    owner: User | None,
) -> None:
    title = activity_title(past, today)
    series_name, format_id, purpose, expressed = _kind(past.title)
    day = today - timedelta(days=past.days_ago)
    start = datetime.combine(day, time(past.hour_utc), UTC)
    activity = activity_create(
        community=community,
        by=owner,
        fields=ActivityFields(
            title=title,
            purpose_expressed=expressed,
            purpose_deeper=purpose,
            starts_at=start,
            duration_minutes=_minutes(format_id, None),
            expected_headcount=max(past.size, 2),
            timezone="UTC",
            format=format_id,
            series=series_named(series_name),
            feedback=True,
        ),
        indicators=_indicators(("attendance",)),
    )
    activity.status = Activity.Status.DONE
    activity.save(update_fields=["status"])
    mine = records.get(title, [])
    ParticipationRecord.objects.filter(pk__in=[r.pk for r in mine]).update(activity=activity)
    attended = {r.member_id: r for r in mine if r.kind == ParticipationRecord.Kind.ATTENDANCE}
    Registration.objects.bulk_create(
        Registration(
            activity=activity,
            member=r.member,
            name=r.member.full_name,
            email=r.member.email or f"member{r.member_id}@demo.invalid",
            response=Registration.Response.ATTENDING,
            attended_at=r.occurred_at,
        )
        for r in attended.values()
    )
