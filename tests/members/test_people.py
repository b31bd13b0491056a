"""The members' directory (``people``): who may open it, who appears, what shows, the search."""

import pytest
from django.urls import reverse

from roundtable.members import services
from roundtable.members.models import Member
from tests.factories import MemberFactory, TagFactory


@pytest.fixture
def open_directory(community):
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    return community


def _listed(community, name: str, *, expertise=(), **fields) -> Member:
    member = MemberFactory(community=community, full_name=name, listed_in_directory=True, **fields)
    member.expertise.set([TagFactory(community=community, name=t) for t in expertise])
    return member


def _people(client, community, **query) -> str:
    response = client.get(reverse("people", args=[community.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_finds_listed_members_but_never_their_email(member_client, open_directory):
    _listed(
        open_directory,
        "Amara Nwosu",
        expertise=["leak detection"],
        organisation="Lagos Water",
        country="NG",
        email="amara@example.org",
    )
    MemberFactory(community=open_directory, full_name="Quiet Person", email="quiet@example.org")
    body = _people(member_client, open_directory)
    assert "Amara Nwosu" in body
    assert "Lagos Water" in body
    assert "Nigeria" in body
    assert "leak detection" in body
    assert "Quiet Person" not in body
    assert "@example.org" not in body
    assert "1 member listed" in body


def test_archived_and_deleted_members_are_not_listed(member_client, open_directory, clock):
    gone = _listed(open_directory, "Archived Person")
    gone.archived_at = gone.created_at
    gone.save(update_fields=["archived_at"])
    assert "Archived Person" not in _people(member_client, open_directory)


def test_search_by_expertise_name_organisation_and_country(member_client, open_directory):
    _listed(open_directory, "Amara Nwosu", expertise=["leak detection"], country="NG")
    _listed(
        open_directory, "Bruno Silva", expertise=["billing"], organisation="Sabesp", country="BR"
    )

    def found(**query: str) -> list[str]:
        body = _people(member_client, open_directory, **query)
        return [name for name in ("Amara Nwosu", "Bruno Silva") if name in body]

    assert found(q="leak") == ["Amara Nwosu"]
    assert found(q="sabesp") == ["Bruno Silva"]
    assert found(q="brazil") == ["Bruno Silva"]
    assert found(q="nwosu leak") == ["Amara Nwosu"]
    assert found(q="nwosu billing") == []
    assert found(expertise="billing") == ["Bruno Silva"]
    assert found(country="NG") == ["Amara Nwosu"]
    assert "Nobody listed matches" in _people(member_client, open_directory, q="zzz")


def test_search_does_not_match_emails(member_client, open_directory):
    _listed(open_directory, "Amara Nwosu", email="secret.handle@example.org")
    body = _people(member_client, open_directory, q="secret.handle")
    assert "Amara Nwosu" not in body


def test_an_unknown_filter_value_is_ignored_not_an_error(member_client, open_directory):
    _listed(open_directory, "Amara Nwosu")
    body = _people(member_client, open_directory, country="XX", expertise="<b>", page="abc")
    assert "Amara Nwosu" in body


def test_the_directory_is_paginated(member_client, open_directory):
    for n in range(30):
        _listed(open_directory, f"Person {n:02d}")
    first = _people(member_client, open_directory)
    second = _people(member_client, open_directory, page="2")
    assert "Page 1 of 2" in first
    assert "Person 00" in first and "Person 29" not in first
    assert "Person 29" in second


def test_a_closed_directory_says_so_to_members(member_client, community):
    _listed(community, "Amara Nwosu")
    body = _people(member_client, community)
    assert "Water Utilities Network has not opened its members' directory." in body
    assert "Amara Nwosu" not in body


def test_a_closed_directory_tells_managers_where_to_open_it(manager_client, community):
    body = _people(manager_client, community)
    assert reverse("community_settings", args=[community.slug]) in body


def test_outsiders_get_not_found_and_visitors_log_in(outsider_client, client, open_directory):
    url = reverse("people", args=[open_directory.slug])
    assert outsider_client.get(url).status_code == 404
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_member_home_links_to_an_open_directory(member_client, community):
    home = reverse("community_home", args=[community.slug])
    people = reverse("people", args=[community.slug])
    assert people not in member_client.get(home).content.decode()
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    assert people in member_client.get(home).content.decode()


def test_managers_open_the_directory_in_the_settings(manager_client, community):
    manager_client.post(
        reverse("community_settings", args=[community.slug]),
        {"section": "general", "name": community.name, "directory_open": "on"},
    )
    community.refresh_from_db()
    assert community.directory_open


def test_a_member_agrees_to_be_listed_on_their_own_page(client, community):
    member = MemberFactory(community=community, full_name="Amara Nwosu")
    url = reverse("member_self", args=[community.slug, member.access_token])
    assert "List me in the members" in client.get(url).content.decode()
    client.post(
        url,
        {"action": "profile", "full_name": "Amara Nwosu", "listed_in_directory": "on"},
    )
    member.refresh_from_db()
    assert member.listed_in_directory


def test_a_manager_lists_a_member_on_the_edit_form(manager_client, community):
    member = MemberFactory(community=community, full_name="Amara Nwosu")
    manager_client.post(
        reverse("member_edit", args=[community.slug, member.pk]),
        {"full_name": "Amara Nwosu", "joined_on": "2026-01-10", "listed_in_directory": "on"},
    )
    member.refresh_from_db()
    assert member.listed_in_directory


def test_members_are_not_listed_unless_they_agree(community):
    assert not MemberFactory(community=community).listed_in_directory


def test_the_directory_reads_a_fixed_number_of_queries(
    member_client, open_directory, django_assert_max_num_queries
):
    for n in range(20):
        _listed(open_directory, f"Person {n:02d}", expertise=[f"topic {n}"])
    url = reverse("people", args=[open_directory.slug])
    with django_assert_max_num_queries(12):
        member_client.get(url)


def test_the_filters_offer_what_listed_members_have_after_a_change(member_client, open_directory):
    amara = _listed(open_directory, "Amara Nwosu", expertise=["gis"], country="NG")
    assert 'value="gis"' in _people(member_client, open_directory)  # now cached
    services.member_update(member=amara, expertise=["leak detection"], country="KE")
    body = _people(member_client, open_directory)
    assert 'value="leak detection"' in body and 'value="gis"' not in body
    assert 'value="KE"' in body and 'value="NG"' not in body
