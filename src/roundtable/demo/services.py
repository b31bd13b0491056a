"""Write the demo community to the database (see :mod:`roundtable.demo.plan` for what is in it)."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.communities.models import Community, Role
from roundtable.communities.services import community_create, role_grant
from roundtable.demo.people import TAGS
from roundtable.demo.plan import DemoPlan, demo_plan
from roundtable.demo.programme import STEERING_COMMITTEE, segment_rules
from roundtable.members.models import Member, ParticipationRecord, Tag
from roundtable.members.services import (
    member_search_refresh,
    participation_levels_refresh,
    tags_get_or_create,
)
from roundtable.needs.models import Need
from roundtable.segments.models import Segment

DEMO_SLUG = "demo"
DEMO_NAME = "Water & Sanitation Utilities Network"
DEMO_DESCRIPTION = (
    "A community of practice run by the Meridian Development Bank for utility engineers, "
    "regulators, ministries, NGOs and researchers working on urban water and sanitation. "
    "Members learn from one another on non-revenue water, tariffs, sanitation, climate "
    "resilience and running a utility people trust. (Demo data: every person is invented.)"
)
DEMO_PASSWORD = "roundtable-demo"  # noqa: S105 - the demo login is public by design
RECORD_SOURCE = "demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    what: str  # shown in the command's output: what this login lets you see
    role: str | None  # the Role.Kind in the demo community, None for the admin
    superuser: bool = False


MANAGER = DemoLogin(
    "manager@demo.example.org", "Helena Marchetti", "community manager", Role.Kind.MANAGER
)
FACILITATOR = DemoLogin(
    "facilitator@demo.example.org", "Kofi Asante", "facilitator", Role.Kind.FACILITATOR
)
MEMBER = DemoLogin("member@demo.example.org", "", "member (their own view)", Role.Kind.MEMBER)
ADMIN = DemoLogin(
    "admin@demo.example.org", "Demo Administrator", "Django admin (superuser)", None, True
)
DEMO_LOGINS = (MANAGER, FACILITATOR, MEMBER, ADMIN)


@dataclass(frozen=True)
class DemoSeedResult:
    community: Community
    created: bool  # False when the demo was already there and nothing was written


@transaction.atomic
def demo_seed(*, reset: bool = False, now: datetime | None = None) -> DemoSeedResult:
    """Create the demo community with its members, needs, segments, history and logins.

    When the community ``demo`` exists nothing is written, unless ``reset`` is true: then it is
    deleted and created again, in this same transaction, so a failure leaves the old one whole.
    The four demo logins (manager, facilitator, member, admin) are accounts shared with the
    rest of the installation: they are created when missing and their password is set to
    ``DEMO_PASSWORD``. ``now`` (aware; default now) is the end of the year of history.
    """
    existing = Community.objects.select_for_update().filter(slug=DEMO_SLUG).first()
    if existing is not None:
        if not reset:
            return DemoSeedResult(existing, created=False)
        existing.delete()
    now = now or timezone.now()
    plan = demo_plan(now=now)
    users = {login.email: _login_user(login, plan) for login in DEMO_LOGINS}
    community = community_create(
        slug=DEMO_SLUG, name=DEMO_NAME, description=DEMO_DESCRIPTION, manager=users[MANAGER.email]
    )
    for login in (FACILITATOR, MEMBER):
        assert login.role is not None  # noqa: S101 - an invariant, stated for the type checker
        role_grant(community=community, user=users[login.email], kind=login.role)
    tags = {t.name: t for t in tags_get_or_create(community=community, names=TAGS)}
    members = _write_members(community, plan, tags, member_user=users[MEMBER.email])
    _write_needs(community, plan, tags, members)
    _write_records(community, plan, members)
    today = timezone.localdate(now)
    _write_segments(community, plan, members, today=today, created_by=users[MANAGER.email])
    for app in apps.get_app_configs():  # each capability adds its part: see _seed_hooks
        hook = _seed_hook(app.name)
        if hook is not None:
            hook(community=community, now=now)
    participation_levels_refresh(community=community, now=now)
    member_search_refresh(community=community)
    return DemoSeedResult(community, created=True)


def _seed_hook(app_name: str) -> Callable[..., None] | None:
    """``seed(*, community, now)`` from the app's ``demo`` module, if it has one.

    Apps run in INSTALLED_APPS order, so activities exist before registrations, breakouts,
    live sessions and feedback are added to them.
    """
    if not app_name.startswith("roundtable.") or app_name == "roundtable.demo":
        return None
    try:
        module = importlib.import_module(f"{app_name}.demo")
    except ModuleNotFoundError as error:
        if error.name != f"{app_name}.demo":
            raise
        return None
    return getattr(module, "seed", None)


def _login_user(login: DemoLogin, plan: DemoPlan) -> User:
    full_name = login.full_name or plan.members[plan.login_member].full_name
    user = User.objects.filter(email=login.email).first()
    if user is None:
        user = User(email=login.email)
    user.full_name = full_name
    user.is_active = True
    user.is_staff = user.is_superuser = login.superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _write_members(
    community: Community, plan: DemoPlan, tags: dict[str, Tag], *, member_user: User
) -> list[Member]:
    members = [
        Member(
            community=community,
            full_name=p.full_name,
            email=p.email,
            organisation=p.organisation,
            country=p.country,
            timezone=p.timezone,
            languages=p.languages,
            role=p.role,
            bio=p.bio,
            joined_on=p.joined_on,
            source=Member.Source.DEMO,
        )
        for p in plan.members
    ]
    # The member login shows this person's own view.
    members[plan.login_member].email = MEMBER.email
    members[plan.login_member].user = member_user
    members = Member.objects.bulk_create(members, batch_size=500)
    Member.expertise.through.objects.bulk_create(
        Member.expertise.through(member_id=m.pk, tag_id=tags[name].pk)
        for m, p in zip(members, plan.members, strict=True)
        for name in p.expertise
    )
    Member.interests.through.objects.bulk_create(
        Member.interests.through(member_id=m.pk, tag_id=tags[name].pk)
        for m, p in zip(members, plan.members, strict=True)
        for name in p.interests
    )
    return members


def _write_needs(
    community: Community, plan: DemoPlan, tags: dict[str, Tag], members: list[Member]
) -> None:
    needs = Need.objects.bulk_create(
        Need(
            community=community,
            member=members[p.member],
            text=p.text,
            urgency=p.urgency,
            status=p.status,
            source=p.source,
        )
        for p in plan.needs
    )
    Need.tags.through.objects.bulk_create(
        Need.tags.through(need_id=need.pk, tag_id=tags[name].pk)
        for need, p in zip(needs, plan.needs, strict=True)
        for name in p.tags
    )
    # created_at is set on insert; needs were stated over the past year, so date them after.
    for need, p in zip(needs, plan.needs, strict=True):
        need.created_at = need.updated_at = p.created_at
        need.addressed_at = p.addressed_at
    Need.objects.bulk_update(needs, ["created_at", "updated_at", "addressed_at"], batch_size=500)


def _write_records(community: Community, plan: DemoPlan, members: list[Member]) -> None:
    ParticipationRecord.objects.bulk_create(
        (
            ParticipationRecord(
                community=community,
                member=members[r.member],
                kind=r.kind,
                activity_title=r.activity_title,
                detail=r.detail,
                occurred_at=r.occurred_at,
                source=RECORD_SOURCE,
            )
            for r in plan.records
        ),
        batch_size=1000,
    )


def _write_segments(
    community: Community, plan: DemoPlan, members: list[Member], *, today: date, created_by: User
) -> None:
    Segment.objects.bulk_create(
        Segment(
            community=community,
            name=name,
            description=description,
            kind=Segment.Kind.RULE,
            rule=rule,
            created_by=created_by,
        )
        for name, description, rule in segment_rules(today)
    )
    steering = Segment.objects.create(
        community=community,
        name=STEERING_COMMITTEE,
        description="Eight members from across the regions who advise the coordination team.",
        kind=Segment.Kind.STATIC,
        created_by=created_by,
    )
    steering.static_members.set([members[i] for i in plan.steering_committee])
