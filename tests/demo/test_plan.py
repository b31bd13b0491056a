"""The demo plan (pure Python): deterministic, consistent, and dated inside its year."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from roundtable.demo.needs_text import NEEDS
from roundtable.demo.people import COUNTRIES, NAME_POOLS, TAGS
from roundtable.demo.plan import EMAIL_DOMAINS, demo_plan
from roundtable.domain.places import region_of, timezone_name

NOW = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def plan():
    return demo_plan(now=NOW)


def test_the_same_now_gives_the_same_community():
    first, second = demo_plan(now=NOW), demo_plan(now=NOW)
    assert [m.email for m in first.members] == [m.email for m in second.members]
    assert first.records == second.records
    assert first.needs == second.needs


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        demo_plan(now=datetime(2026, 3, 15, 10, 30))


def test_people_live_in_real_countries_with_their_own_time_zones_and_names(plan):
    countries = {c.code: c for c in COUNTRIES}
    for member in plan.members:
        country = countries[member.country]
        assert region_of(member.country), member.country
        assert member.timezone in country.zones, (member.full_name, member.timezone)
        assert timezone_name(member.timezone) == member.timezone
        given_names, family_names = NAME_POOLS[country.names]
        assert any(member.full_name.startswith(g + " ") for g in given_names), member.full_name
        assert any(member.full_name.endswith(" " + f) for f in family_names), member.full_name
        assert member.languages.split(", ")[0] == country.languages[0]


def test_emails_are_distinct_and_only_on_reserved_domains(plan):
    emails = [m.email for m in plan.members]
    assert len(set(emails)) == len(emails)
    assert {e.split("@")[1] for e in emails} <= set(EMAIL_DOMAINS)
    assert all(e.isascii() and " " not in e for e in emails)


def test_members_joined_over_three_years_and_nobody_in_the_future(plan):
    joined = [m.joined_on for m in plan.members]
    assert max(joined) <= NOW.date()
    assert (max(joined) - min(joined)).days > 2.5 * 365


def test_history_covers_the_last_twelve_months_and_follows_joining(plan):
    dates = [r.occurred_at for r in plan.records]
    assert max(dates) <= NOW
    assert min(dates) >= NOW - timedelta(days=365)
    assert (max(dates) - min(dates)).days >= 300
    for record in plan.records:
        assert plan.members[record.member].joined_on <= record.occurred_at.date()
    attendance = Counter(r.activity_title for r in plan.records if r.kind == "attendance")
    assert len(attendance) >= 28
    assert min(attendance.values()) >= 10
    assert max(attendance.values()) <= 120


def test_every_contribution_is_made_at_an_activity_the_member_attended(plan):
    attended = {(r.member, r.activity_title) for r in plan.records if r.kind == "attendance"}
    contributions = [r for r in plan.records if r.kind == "contribution"]
    assert contributions
    for record in contributions:
        assert (record.member, record.activity_title) in attended
        assert record.detail


def test_needs_are_in_members_words_with_the_shared_vocabulary(plan):
    assert len({n.text for n in NEEDS}) >= 40
    assert len(plan.needs) >= 80
    for need in plan.needs:
        assert set(need.tags) <= set(TAGS), need.tags
        assert 1 <= need.urgency <= 4
        assert need.created_at <= NOW
        assert need.created_at.date() >= plan.members[need.member].joined_on
    statuses = Counter(n.status for n in plan.needs)
    assert statuses["open"] > statuses["being_addressed"] > 0
    assert statuses["addressed"] > 0
    assert set(Counter(n.source for n in plan.needs)) == {"intake", "survey", "conversation"}


def test_the_steering_committee_is_eight_engaged_members_from_several_regions(plan):
    committee = [plan.members[i] for i in plan.steering_committee]
    assert len(set(plan.steering_committee)) == 8
    assert {m.target_level for m in committee} <= {"core", "active"}
    assert len({region_of(m.country) for m in committee}) >= 4
