"""A member's other e-mail addresses: edited by staff, never another member's, shown on the
profile, searched, downloaded with their data."""

import json

import pytest
from django.urls import reverse

from roundtable.members.models import MemberEmail
from roundtable.members.services import (
    MemberEmailError,
    member_create,
    member_emails_set,
    member_update,
)
from tests.factories import MemberFactory


@pytest.fixture
def ana(community):
    return MemberFactory(community=community, full_name="Ana Lima", email="ana@work.example")


@pytest.fixture
def ben(community):
    return MemberFactory(community=community, full_name="Ben Okoro", email="ben@work.example")


def _edit(client, community, member, **fields):
    data = {"full_name": member.full_name, "email": member.email, "joined_on": "2026-01-10"}
    data.update(fields)
    return client.post(reverse("member_edit", args=[community.slug, member.pk]), data)


def test_managers_give_a_member_other_addresses_one_per_line(manager_client, community, ana):
    response = _edit(
        manager_client, community, ana, other_emails="Ana.Home@Mail.example\n\nana@ngo.example"
    )
    assert response.status_code == 302
    assert sorted(ana.other_emails.values_list("email", flat=True)) == [
        "ana.home@mail.example",
        "ana@ngo.example",
    ]
    profile = manager_client.get(reverse("member_detail", args=[community.slug, ana.pk]))
    assert "Other e-mail addresses" in profile.content.decode()
    assert "ana.home@mail.example" in profile.content.decode()
    form = manager_client.get(reverse("member_edit", args=[community.slug, ana.pk]))
    assert "ana.home@mail.example\nana@ngo.example" in form.content.decode()

    # Emptied, the list is gone.
    _edit(manager_client, community, ana, other_emails="")
    assert not ana.other_emails.exists()


def test_the_form_names_the_member_who_has_an_address_already(manager_client, community, ana, ben):
    MemberEmail.objects.create(community=community, member=ben, email="ben@home.example")
    for taken in ("BEN@work.example", "ben@home.example"):
        response = _edit(manager_client, community, ana, other_emails=f"ana@x.example\n{taken}")
        assert response.status_code == 200
        assert f"{taken.lower()} is already the address of Ben Okoro." in response.content.decode()
    assert not ana.other_emails.exists()


def test_the_form_says_which_line_is_not_an_address(manager_client, community, ana):
    response = _edit(manager_client, community, ana, other_emails="a@b.example\nnot an address")
    assert "Line 2: “not an address” is not an e-mail address." in response.content.decode()
    response = _edit(manager_client, community, ana, other_emails="ana@work.example")
    assert "is the main address above" in response.content.decode()


def test_a_main_address_cannot_be_another_members_other_address(community, ana, ben):
    member_emails_set(member=ben, emails=["ben@home.example"])
    with pytest.raises(MemberEmailError, match=r"ben@home.example is already the address of Ben"):
        member_create(community=community, full_name="Carla", email="ben@home.example")
    with pytest.raises(MemberEmailError, match="already the address of Ben Okoro"):
        member_update(member=ana, email="ben@home.example")
    with pytest.raises(MemberEmailError, match="already the address of Ana Lima"):
        member_emails_set(member=ben, emails=["ana@work.example"])
    with pytest.raises(MemberEmailError, match="main address"):
        member_emails_set(member=ben, emails=["BEN@work.example"])
    assert list(ben.other_emails.values_list("email", flat=True)) == ["ben@home.example"]


def test_an_other_address_becoming_the_main_one_leaves_the_list(community, ana):
    member_emails_set(member=ana, emails=["ana@home.example", "ana@ngo.example"])
    member_update(member=ana, email="ana@home.example")
    assert list(ana.other_emails.values_list("email", flat=True)) == ["ana@ngo.example"]


def test_the_directory_finds_a_member_by_an_other_address(manager_client, community, ana, ben):
    member_emails_set(member=ana, emails=["alima.private@mail.example"])
    response = manager_client.get(
        reverse("member_list", args=[community.slug]), {"q": "alima.private"}
    )
    assert [m.full_name for m in response.context["page"].object_list] == ["Ana Lima"]


def test_the_data_download_lists_the_other_addresses(manager_client, community, ana):
    member_emails_set(member=ana, emails=["ana@home.example"])
    response = manager_client.get(reverse("member_data", args=[community.slug, ana.pk]))
    assert json.loads(response.content)["other_emails"] == ["ana@home.example"]


def test_a_member_cannot_change_their_other_addresses_from_their_own_page(client, community, ana):
    member_emails_set(member=ana, emails=["ana@home.example"])
    page = client.get(reverse("member_self", args=[community.slug, ana.access_token]))
    assert "other_emails" not in page.content.decode()
