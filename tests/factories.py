"""Factories for the test suite: real rows in the real database, never mocks."""

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities.models import Activity, AgendaBlock, Registration, Series
from roundtable.activities.services import ActivityFields
from roundtable.communities.models import Community, Role
from roundtable.feedback.models import FeedbackForm
from roundtable.members.models import Member, ParticipationRecord, Tag
from roundtable.needs.models import Need
from roundtable.segments.models import Segment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"community-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.MANAGER


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("community", "name")

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"topic {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    community = factory.SubFactory(CommunityFactory)
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    organisation = "Water Utility of Lima"
    country = "PE"
    timezone = "America/Lima"
    languages = "Spanish, English"
    role = "Engineer"
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    member = factory.SubFactory(MemberFactory)
    community = factory.LazyAttribute(lambda o: o.member.community)
    text = "We lose a third of our water to leaks and cannot find them fast enough."
    urgency = Need.Urgency.HIGH


class ParticipationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationRecord

    member = factory.SubFactory(MemberFactory)
    community = factory.LazyAttribute(lambda o: o.member.community)
    kind = ParticipationRecord.Kind.ATTENDANCE
    activity_title = "Peer assist on non-revenue water"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Segment {n}")
    kind = Segment.Kind.RULE
    rule = factory.LazyFunction(
        lambda: {"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["PE"]}]}
    )


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Monthly clinic {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    """A planned 60-minute online panel for 80 people, two weeks from now."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title = "Leak detection: what works"
    purpose_expressed = "Members help each other with leak detection challenges."
    purpose_deeper = "peer_support"
    format = "panel"
    # On the hour, more than an hour past "now" two weeks ahead: a checklist item due "14 days
    # before" is never already due, whatever the hour the clock shows.
    starts_at = factory.LazyFunction(lambda: _two_weeks_ahead())
    duration_minutes = 60
    expected_headcount = 80
    status = Activity.Status.PLANNED
    # As when the activity service creates one: every activity has its feedback form.
    feedback_form = factory.RelatedFactory(
        "tests.factories.FeedbackFormFactory", factory_related_name="activity"
    )


class FeedbackFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackForm


def _two_weeks_ahead() -> datetime:
    return (timezone.now() + timedelta(days=14, hours=2)).replace(minute=0, second=0, microsecond=0)


def activity_fields(**changes: Any) -> ActivityFields:
    """What a manager states for the factory's activity, for tests that go through the
    activity services (which send the events other apps react to)."""
    fields = ActivityFields(
        title="Leak detection: what works",
        purpose_expressed="Members help each other with leak detection challenges.",
        purpose_deeper="peer_support",
        starts_at=_two_weeks_ahead(),
        duration_minutes=60,
        expected_headcount=80,
        format="panel",
    )
    return replace(fields, **changes)


class AgendaBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaBlock

    activity = factory.SubFactory(ActivityFactory)
    position = factory.Sequence(lambda n: n)
    title = "Panel"
    minutes = 60
    mode = "panel"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    response = Registration.Response.ATTENDING
