"""Segment rules compiled to queries: every field and operator, and/or nesting, on the real DB."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from roundtable.domain.segment_rules import RuleError
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.segments.selectors import rule_members, segment_counts, segment_members
from tests.factories import MemberFactory, NeedFactory, SegmentFactory, TagFactory

# A January instant: Europe/London is UTC+0, America/Lima UTC−5, Africa/Nairobi UTC+3.
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def people(community):
    gis = TagFactory(community=community, name="gis")
    leaks = TagFactory(community=community, name="leaks")
    pricing = TagFactory(community=community, name="pricing")
    ana = MemberFactory(
        community=community,
        full_name="Ana Quispe",
        country="PE",
        timezone="America/Lima",
        organisation="Sedapal",
        role="GIS engineer",
        languages="Spanish, English",
        joined_on=date(2024, 5, 1),
        participation_level="core",
    )
    ana.expertise.add(gis)
    ana.interests.add(leaks)
    kofi = MemberFactory(
        community=community,
        full_name="Kofi Mensah",
        country="GH",
        timezone="Africa/Accra",
        organisation="Ghana Water",
        role="Operations manager",
        languages="English",
        joined_on=date(2026, 4, 1),
        participation_level="occasional",
    )
    kofi.interests.add(gis)
    wanjiru = MemberFactory(
        community=community,
        full_name="Wanjiru Kamau",
        country="KE",
        timezone="Africa/Nairobi",
        organisation="Nairobi Water",
        role="Billing officer",
        languages="Swahili, English, French",
        joined_on=date(2026, 6, 1),
        participation_level="peripheral",
    )
    NeedFactory(member=wanjiru, status=Need.Status.OPEN).tags.add(pricing)
    NeedFactory(member=ana, status=Need.Status.ADDRESSED).tags.add(pricing)
    NeedFactory(member=kofi, status=Need.Status.BEING_ADDRESSED).tags.add(leaks)
    emma = MemberFactory(
        community=community,
        full_name="Emma Clarke",
        country="GB",
        timezone="Europe/London",
        organisation="Thames Water",
        role="Data analyst",
        languages="English",
        joined_on=date(2023, 1, 10),
        participation_level="inactive",
    )
    emma.expertise.add(gis, leaks)
    archived = MemberFactory(
        community=community, full_name="Archie Ved", country="KE", timezone="Africa/Nairobi"
    )
    archived.archived_at = timezone.now()
    archived.save()
    return {"ana": ana, "kofi": kofi, "wanjiru": wanjiru, "emma": emma, "archived": archived}


def names(community, rule, at=WINTER) -> list[str]:
    return [m.full_name.split()[0] for m in rule_members(community=community, rule=rule, at=at)]


def one(field, op, value, match="all"):
    return {"match": match, "conditions": [{"field": field, "op": op, "value": value}]}


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "op", "value", "expected"),
    [
        ("country", "in", ["KE", "PE"], ["Ana", "Wanjiru"]),
        ("country", "not_in", ["KE", "PE"], ["Emma", "Kofi"]),
        ("region", "in", ["Africa"], ["Kofi", "Wanjiru"]),
        ("region", "not_in", ["Africa"], ["Ana", "Emma"]),
        ("organisation", "in", ["sedapal", "Thames Water"], ["Ana", "Emma"]),
        ("organisation", "contains", "water", ["Emma", "Kofi", "Wanjiru"]),
        ("role", "contains", "ENGINEER", ["Ana"]),
        ("tag", "has_any", ["gis"], ["Ana", "Emma", "Kofi"]),
        ("tag", "has_any", ["leaks", "nothing"], ["Ana", "Emma"]),
        ("tag", "has_all", ["gis", "leaks"], ["Ana", "Emma"]),
        ("timezone_offset", "between", [0, 3], ["Emma", "Kofi", "Wanjiru"]),
        ("timezone_offset", "between", [-6, -4], ["Ana"]),
        ("joined", "before", "2024-05-01", ["Emma"]),
        ("joined", "after", "2026-03-31", ["Kofi", "Wanjiru"]),
        ("participation_level", "in", ["core", "peripheral"], ["Ana", "Wanjiru"]),
        ("participation_level", "not_in", ["inactive"], ["Ana", "Kofi", "Wanjiru"]),
        ("open_need_tag", "has_any", ["pricing"], ["Wanjiru"]),
        ("open_need_tag", "has_any", ["leaks", "pricing"], ["Kofi", "Wanjiru"]),
        ("language", "contains", "french", ["Wanjiru"]),
    ],
)
def test_every_field_and_operator(community, people, field, op, value, expected) -> None:
    assert names(community, one(field, op, value)) == expected


def test_empty_rule_is_every_active_member(community, people) -> None:
    assert names(community, {}) == ["Ana", "Emma", "Kofi", "Wanjiru"]
    assert names(community, {"match": "any", "conditions": []}) == [
        "Ana",
        "Emma",
        "Kofi",
        "Wanjiru",
    ]


def test_archived_and_other_communities_members_are_excluded(community, other_community, people):
    MemberFactory(community=other_community, full_name="Zed Kenyan", country="KE")
    assert names(community, one("country", "in", ["KE"])) == ["Wanjiru"]


def test_all_any_and_nesting(community, people) -> None:
    africa_or_gis = {
        "match": "any",
        "conditions": [
            {"field": "region", "op": "in", "value": ["Africa"]},
            {"field": "tag", "op": "has_any", "value": ["gis"]},
        ],
    }
    assert names(community, africa_or_gis) == ["Ana", "Emma", "Kofi", "Wanjiru"]
    africa_and_gis = {**africa_or_gis, "match": "all"}
    assert names(community, africa_and_gis) == ["Kofi"]
    nested = {
        "match": "all",
        "conditions": [
            {"field": "participation_level", "op": "not_in", "value": ["inactive"]},
            {
                "match": "any",
                "conditions": [
                    {"field": "country", "op": "in", "value": ["PE"]},
                    {"field": "open_need_tag", "op": "has_any", "value": ["pricing"]},
                ],
            },
        ],
    }
    assert names(community, nested) == ["Ana", "Wanjiru"]
    with_empty_group = {"match": "any", "conditions": [{"match": "all", "conditions": []}]}
    assert names(community, with_empty_group) == ["Ana", "Emma", "Kofi", "Wanjiru"]


def test_member_with_many_tags_appears_once(community, people) -> None:
    members = rule_members(community=community, rule=one("tag", "has_any", ["gis", "leaks"]))
    assert members.count() == 3
    assert len(list(members)) == 3


def test_timezone_offset_follows_daylight_saving(community, people) -> None:
    summer = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)  # London is UTC+1 in July
    assert names(community, one("timezone_offset", "between", [1, 1]), at=WINTER) == []
    assert names(community, one("timezone_offset", "between", [1, 1]), at=summer) == ["Emma"]


def test_invalid_rule_raises_a_named_error(community) -> None:
    with pytest.raises(RuleError, match="condition 1: 'XX' is not a country code"):
        rule_members(community=community, rule=one("country", "in", ["XX"]))


def test_segment_members_for_rule_and_static_segments(community, people) -> None:
    rule_segment = SegmentFactory(community=community, rule=one("region", "in", ["Africa"]))
    assert [m.full_name for m in segment_members(segment=rule_segment)] == [
        "Kofi Mensah",
        "Wanjiru Kamau",
    ]
    static = SegmentFactory(community=community, kind="static", rule={})
    static.static_members.add(people["emma"], people["archived"])
    assert list(segment_members(segment=static)) == [people["emma"]]
    broken = SegmentFactory(community=community, rule=one("country", "in", ["XX"]))
    assert list(segment_members(segment=broken)) == []
    counts = segment_counts(community=community, segments=[rule_segment, static, broken])
    assert counts == {rule_segment.pk: 2, static.pk: 1, broken.pk: 0}


def test_rule_members_returns_member_queryset(community, people) -> None:
    assert rule_members(community=community, rule=None).model is Member
