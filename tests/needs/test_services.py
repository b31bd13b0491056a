"""Needs services: creation, update, status, and the public intake upsert."""

import pytest

from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.needs.services import (
    NeedError,
    need_create,
    need_intake_submit,
    need_status_set,
    need_update,
)
from tests.factories import MemberFactory, NeedFactory

pytestmark = pytest.mark.django_db


def test_need_create_normalises_tags(community) -> None:
    member = MemberFactory(community=community)
    need = need_create(
        community=community,
        member=member,
        text="  We cannot find leaks fast enough.  ",
        tag_names="Leak detection; GIS, gis",
        urgency=4,
        source=Need.Source.CONVERSATION,
    )
    assert need.text == "We cannot find leaks fast enough."
    assert sorted(t.name for t in need.tags.all()) == ["gis", "leak detection"]
    assert need.urgency == 4 and need.status == Need.Status.OPEN


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "Need: please describe the need in a few words; the text is empty."),
        ({"text": "x" * 2001}, "Need: the text is 2,001 characters long; the limit is 2,000."),
        ({"urgency": 9}, "Urgency: 9 is not an urgency"),
        ({"source": "gossip"}, "Source: 'gossip' is not a source"),
        ({"tag_names": "a" * 70}, "Tags: the tag"),
    ],
)
def test_need_create_refuses_bad_input(community, kwargs, message) -> None:
    member = MemberFactory(community=community)
    arguments = {"community": community, "member": member, "text": "A real need", **kwargs}
    with pytest.raises(NeedError) as raised:
        need_create(**arguments)
    assert message in str(raised.value)
    assert not Need.objects.exists()


def test_need_create_refuses_a_member_of_another_community(community, other_community) -> None:
    stranger = MemberFactory(community=other_community)
    with pytest.raises(NeedError, match="not part of the community"):
        need_create(community=community, member=stranger, text="x")


def test_need_update_and_status(community) -> None:
    need = NeedFactory(member=MemberFactory(community=community))
    need_update(need=need, text="New words", tag_names=["pricing"], urgency=1)
    need.refresh_from_db()
    assert (need.text, need.urgency) == ("New words", 1)
    assert [t.name for t in need.tags.all()] == ["pricing"]
    need_status_set(need=need, status=Need.Status.ADDRESSED)
    need.refresh_from_db()
    assert need.status == "addressed"
    with pytest.raises(NeedError, match="'done' is not a status"):
        need_status_set(need=need, status="done")


def test_intake_creates_a_new_member_with_source_intake(community) -> None:
    need = need_intake_submit(
        community=community,
        full_name="Amina Diallo",
        email="Amina@Example.org",
        organisation="SDE",
        country="SN",
        timezone="Africa/Dakar",
        text="Pricing for informal settlements",
        tag_names="pricing",
        urgency=3,
    )
    member = need.member
    assert (member.email, member.source, member.country) == ("amina@example.org", "intake", "SN")
    assert need.source == Need.Source.INTAKE


def test_intake_keeps_an_existing_members_data(community) -> None:
    existing = MemberFactory(
        community=community, email="ana@example.org", full_name="Ana Quispe", country="PE"
    )
    need = need_intake_submit(
        community=community,
        full_name="Someone Else",
        email="ANA@example.org",
        country="FR",
        text="Help with GIS",
    )
    existing.refresh_from_db()
    assert need.member == existing
    assert (existing.full_name, existing.country) == ("Ana Quispe", "PE")
    assert Member.objects.count() == 1


def test_intake_validates_everything_before_writing(community) -> None:
    with pytest.raises(NeedError, match="E-mail: “not-an-email” is not an e-mail address"):
        need_intake_submit(community=community, full_name="A", email="not-an-email", text="x")
    with pytest.raises(NeedError, match="the limit is 2,000"):
        need_intake_submit(community=community, full_name="A", email="a@b.org", text="y" * 2500)
    assert not Member.objects.exists() and not Need.objects.exists()


def test_the_directory_finds_the_member_by_the_words_of_a_new_or_edited_need(community) -> None:
    member = MemberFactory(community=community)
    need = need_create(community=community, member=member, text="Sludge drying beds flood")
    member.refresh_from_db()
    assert "sludge" in member.search_text
    need_update(need=need, text="Biogas from digesters")
    member.refresh_from_db()
    assert "biogas" in member.search_text and "sludge" not in member.search_text
