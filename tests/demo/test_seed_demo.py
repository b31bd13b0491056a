"""`roundtable seed-demo`: the demo community, its segments and history, its logins, idempotence."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.communities.models import Community, Role
from roundtable.demo.selectors import demo_summary
from roundtable.demo.services import DEMO_PASSWORD, demo_seed
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT
from roundtable.domain.segment_rules import parse_rule
from roundtable.members.models import Member, ParticipationRecord
from roundtable.needs.models import Need
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_members
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> Community:
    seed_demo()
    return Community.objects.get(slug="demo")


def test_seeding_loads_a_believable_community_and_says_what_it_loaded():
    output = seed_demo()

    demo = Community.objects.get(slug="demo")
    summary = demo_summary(community=demo)
    assert summary.members >= 280
    assert summary.countries >= 40
    assert summary.time_zones >= 15
    assert summary.organisations >= 25
    assert summary.needs >= 80
    assert "Loaded the demo community" in output
    assert f"{summary.members} members in {summary.countries} countries" in output
    assert f"{summary.records} participation records" in output
    for email in ("manager@demo.example.org", "facilitator@demo.example.org"):
        assert email in output
    assert DEMO_PASSWORD in output


def test_members_have_profiles_tags_and_reserved_emails(demo):
    members = Member.objects.filter(community=demo)
    assert not members.filter(country="").exists()
    assert not members.filter(timezone="").exists()
    assert not members.filter(role="").exists()
    assert not members.filter(organisation="").exists()
    domains = {email.split("@")[1] for email in members.values_list("email", flat=True)}
    assert domains <= {"example.org", "example.net", "example.com", "demo.example.org"}
    tagged = members.annotate(n=Count("expertise")).filter(n__gt=0).count()
    assert tagged == members.count()
    assert set(members.values_list("source", flat=True)) == {Member.Source.DEMO}


def test_needs_have_tags_urgency_status_and_sources_over_the_past_year(demo):
    needs = Need.objects.filter(community=demo)
    assert needs.filter(tags__isnull=True).count() == 0
    assert set(needs.values_list("status", flat=True)) == set(Need.Status.values)
    assert set(needs.values_list("urgency", flat=True)) == {1, 2, 3, 4}
    assert set(needs.values_list("source", flat=True)) == {"intake", "survey", "conversation"}
    dates = needs.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert dates["last"] - dates["first"] > timedelta(days=180)
    assert needs.filter(text__icontains="leak detection").exists()


def test_a_year_of_participation_gives_every_level_in_realistic_shares(demo):
    records = ParticipationRecord.objects.filter(community=demo)
    now = timezone.now()
    span = records.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    assert span["last"] <= now
    assert span["first"] >= now - timedelta(days=366)
    assert span["last"] - span["first"] >= timedelta(days=300)
    sources = set(records.values_list("source", flat=True))
    assert {"demo", "live"} <= sources  # the seeded history, and the demo's live session
    assert records.values("activity_title").distinct().count() >= 28
    assert records.filter(kind="contribution").exclude(detail="").exists()

    levels = demo_summary(community=demo).levels
    total = sum(levels.values())
    assert list(levels) == [level.value for level in LEVELS_BY_ENGAGEMENT]
    assert all(levels.values()), levels
    assert 0.04 <= levels["core"] / total <= 0.09
    assert 0.10 <= levels["active"] / total <= 0.20
    assert 0.18 <= levels["occasional"] / total <= 0.32
    assert 0.14 <= levels["peripheral"] / total <= 0.26


def test_segments_are_valid_rules_that_match_someone_and_a_static_committee(demo):
    segments = {s.name: s for s in Segment.objects.filter(community=demo)}
    for name in (
        "New members from Africa who have not attended yet",
        "Core group",
        "Regulators",
        "Latin America (Spanish speakers)",
        "People asking about leak detection",
    ):
        assert name in segments
    for segment in segments.values():
        if segment.kind == Segment.Kind.RULE:
            parse_rule(segment.rule)  # raises RuleError with the reason if invalid
        assert segment_members(segment=segment).exists(), segment.name

    committee = segments["Steering committee"]
    assert committee.kind == Segment.Kind.STATIC
    assert segment_members(segment=committee).count() == 8

    newcomers = segment_members(
        segment=segments["New members from Africa who have not attended yet"]
    )
    assert not ParticipationRecord.objects.filter(member__in=newcomers).exists()
    regulators = segment_members(segment=segments["Regulators"])
    assert all(
        "Regula" in m.organisation or "Superintendencia" in m.organisation or "Regulatory" in m.role
        for m in regulators
    )
    leak = segment_members(segment=segments["People asking about leak detection"])
    assert all(
        m.needs.filter(tags__name="leak detection", status__in=["open", "being_addressed"]).exists()
        for m in leak
    )


def test_a_second_run_changes_nothing_and_says_so(demo):
    before = sorted(
        Member.objects.filter(community=demo).values_list("pk", "email", "participation_level")
    )
    records = ParticipationRecord.objects.filter(community=demo).count()

    output = seed_demo()

    assert "already exists; nothing was changed" in output
    assert "--reset" in output
    after = sorted(
        Member.objects.filter(community=demo).values_list("pk", "email", "participation_level")
    )
    assert after == before
    assert ParticipationRecord.objects.filter(community=demo).count() == records
    assert Community.objects.filter(slug="demo").count() == 1


def test_reset_deletes_and_recreates_the_demo_but_nothing_else(demo, community):
    other = MemberFactory(community=community, email="someone@example.org")
    old_ids = set(Member.objects.filter(community=demo).values_list("pk", flat=True))
    old_count = len(old_ids)
    demo.segments.first().delete()  # a change the reset must undo

    output = seed_demo("--reset")

    assert "Loaded the demo community" in output
    new = Community.objects.get(slug="demo")
    assert new.pk != demo.pk
    new_ids = set(Member.objects.filter(community=new).values_list("pk", flat=True))
    assert len(new_ids) == old_count
    assert not new_ids & old_ids
    assert not Member.objects.filter(pk__in=old_ids).exists()
    assert Segment.objects.filter(community=new).count() == 9
    assert Member.objects.filter(pk=other.pk).exists()
    # The logins are reused, each with exactly one role in the new community.
    assert User.objects.filter(email__endswith="@demo.example.org").count() == 4
    assert Role.objects.filter(community=new).count() == 3


def test_the_demo_logins_work_with_their_roles():
    demo_seed()
    demo = Community.objects.get(slug="demo")
    expected = {
        "manager@demo.example.org": Role.Kind.MANAGER,
        "facilitator@demo.example.org": Role.Kind.FACILITATOR,
        "member@demo.example.org": Role.Kind.MEMBER,
    }
    for email, kind in expected.items():
        assert Client().login(request=HttpRequest(), email=email, password=DEMO_PASSWORD), email
        assert Role.objects.get(community=demo, user__email=email).kind == kind
    member = Member.objects.get(community=demo, user__email="member@demo.example.org")
    assert member.email == "member@demo.example.org"
    assert member.participation_level == "active"

    admin = Client()
    assert admin.login(
        request=HttpRequest(), email="admin@demo.example.org", password=DEMO_PASSWORD
    )
    assert admin.get("/admin/").status_code == 200
    manager = Client()
    manager.login(request=HttpRequest(), email="manager@demo.example.org", password=DEMO_PASSWORD)
    assert manager.get("/c/demo/", follow=True).status_code == 200
    assert not Client().login(
        request=HttpRequest(), email="manager@demo.example.org", password="wrong"
    )


def test_reset_restores_a_changed_demo_password():
    demo_seed()
    user = User.objects.get(email="manager@demo.example.org")
    user.set_password("something else")
    user.save()

    demo_seed(reset=True)

    assert Client().login(
        request=HttpRequest(), email="manager@demo.example.org", password=DEMO_PASSWORD
    )


def test_demo_members_can_be_found_by_the_words_of_their_needs(db):
    from roundtable.demo.services import demo_seed
    from roundtable.members.selectors import member_directory
    from roundtable.needs.models import Need

    community = demo_seed().community
    need = Need.objects.filter(community=community).select_related("member").first()
    word = max(need.text.split(), key=len).strip(".,;:!?—()\"'")
    found = member_directory(community=community, q=word)
    assert need.member in found
