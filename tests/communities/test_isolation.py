"""Community isolation, checked on every URL of the product.

The URL list is read from the URL configuration, so a new page is covered the day it is added:
if it takes a parameter this test does not know, the test fails and asks for it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from roundtable.activities.models import Activity, Registration
from roundtable.breakouts.models import CoffeeChatRound
from roundtable.communities.access import FACILITATOR, MANAGER, MEMBER, PUBLIC, required_role
from roundtable.communities.models import Community, Role
from roundtable.execution.models import AttendanceFile, ChecklistItem, InvitationBatch
from roundtable.feedback.models import Decision, FeedbackImport, Theme
from roundtable.imports.models import ImportJob
from roundtable.members.models import Member
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    NeedFactory,
    RegistrationFactory,
    RoleFactory,
    SegmentFactory,
    SeriesFactory,
    UserFactory,
)


@dataclass(frozen=True)
class CommunityUrl:
    name: str
    params: tuple[str, ...]
    role: str


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def community_urls() -> list[CommunityUrl]:
    urls = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if "<slug:community_slug>" not in route or not pattern.name:
            continue
        params = tuple(
            name for name in re.findall(r"<(?:\w+:)?(\w+)>", route) if name != "community_slug"
        )
        urls.append(CommunityUrl(pattern.name, params, required_role(pattern.callback)))
    return urls


ALL_URLS = community_urls()
ZERO = timedelta(0)


def objects_of(community: Community) -> dict[str, Any]:
    """One object of every kind a community URL can name, belonging to ``community``."""
    member = MemberFactory(community=community)
    need = NeedFactory(member=member)
    staff = RoleFactory(community=community, user=UserFactory(), kind=Role.Kind.FACILITATOR)
    job = ImportJob.objects.create(
        community=community, original_name="members.csv", stored_path="/nonexistent"
    )
    activity = ActivityFactory(community=community)
    feedback_objects = {
        "theme_id": Theme.objects.create(activity=activity, kind="plus", label="Pace").pk,
        "decision_id": Decision.objects.create(origin=activity, text="Shorter talks").pk,
        "import_id": FeedbackImport.objects.create(activity=activity, original_name="f.csv").pk,
    }
    return {
        **feedback_objects,
        "activity_id": activity.pk,
        "series_id": SeriesFactory(community=community).pk,
        "member_id": member.pk,
        "need_id": need.pk,
        "segment_id": SegmentFactory(community=community).pk,
        "role_id": staff.pk,
        "job_id": job.pk,
        "token": member.access_token,
        "item_id": ChecklistItem.objects.create(activity=activity, title="T", due_offset=ZERO).pk,
        "batch_id": InvitationBatch.objects.create(activity=activity).pk,
        "registration_id": RegistrationFactory(activity=activity).pk,
        "round_id": CoffeeChatRound.objects.create(community=community).pk,
        "file_id": _attendance_report(activity).pk,
    }


# A name as someone could type it in Zoom: the preview must show it as text.
TYPED_NAME = "Eve <img src=x onerror=alert(1)>"


def _attendance_report(activity) -> AttendanceFile:
    person = {
        "index": 0,
        "name": TYPED_NAME,
        "email": "",
        "upn": "",
        "minutes": 12.0,
        "first_join": "",
        "last_leave": "",
        "role": TYPED_NAME,
        "lines": [2],
        "attended": True,
        "default": "ignore",
        "member": None,
        "how": "",
        "proposals": [{"member": 0, "name": TYPED_NAME, "score": 0.9}],
    }
    return AttendanceFile.objects.create(
        activity=activity,
        original_name=f"{TYPED_NAME}.csv",
        format="zoom-meeting",
        label="Zoom meeting participant report",
        digest="0" * 64,
        preview={"people": [person], "meeting": {"topic": TYPED_NAME}},
        summary={
            "label": "Zoom meeting participant report",
            "people": 1,
            "rows": 1,
            "attended": 1,
            "dropped_in": 0,
            "matched": 0,
            "unmatched": 1,
            "new": 0,
            "minutes": 12.0,
            "problems": [{"line": 2, "field": TYPED_NAME, "message": TYPED_NAME}],
            "warnings": [TYPED_NAME],
        },
    )


def url_for(entry: CommunityUrl, community: Community, objects: dict[str, Any]) -> str:
    missing = [p for p in entry.params if p not in objects]
    assert not missing, f"{entry.name}: teach test_isolation.objects_of about {missing}"
    return reverse(entry.name, args=[community.slug, *[objects[p] for p in entry.params]])


def test_the_product_has_community_urls() -> None:
    names = {u.name for u in ALL_URLS}
    assert {"member_list", "member_detail", "need_board", "segment_list", "import_start"} <= names


@pytest.mark.parametrize("entry", [u for u in ALL_URLS if u.role != PUBLIC], ids=lambda u: u.name)
def test_another_communitys_pages_are_not_found(entry, manager_client, other_community) -> None:
    url = url_for(entry, other_community, objects_of(other_community))
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url).status_code == 404


@pytest.mark.parametrize("entry", [u for u in ALL_URLS if u.params], ids=lambda u: u.name)
def test_another_communitys_objects_are_not_found(
    entry, manager_client, community, other_community
) -> None:
    objects_of(community)  # the viewer's own community has objects of every kind too
    url = url_for(entry, community, objects_of(other_community))
    # A POST-only action answers GET with 405 whatever the id, which reveals nothing.
    assert manager_client.get(url).status_code in (404, 405)
    assert manager_client.post(url).status_code == 404


@pytest.mark.parametrize(
    "entry", [u for u in ALL_URLS if u.role in (FACILITATOR, MANAGER)], ids=lambda u: u.name
)
def test_members_without_a_staff_role_cannot_reach_staff_pages(
    entry, member_client, community
) -> None:
    url = url_for(entry, community, objects_of(community))
    assert member_client.get(url).status_code == 403
    assert member_client.post(url).status_code == 403


@pytest.mark.parametrize("entry", [u for u in ALL_URLS if u.role == MANAGER], ids=lambda u: u.name)
def test_facilitators_cannot_reach_manager_pages(entry, facilitator_client, community) -> None:
    url = url_for(entry, community, objects_of(community))
    assert facilitator_client.get(url).status_code == 403


@pytest.mark.parametrize("entry", [u for u in ALL_URLS if u.role != PUBLIC], ids=lambda u: u.name)
def test_anonymous_visitors_are_asked_to_log_in(entry, client, community) -> None:
    url = url_for(entry, community, objects_of(community))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_community_is_not_found(manager_client) -> None:
    assert manager_client.get("/c/no-such-community/members/").status_code == 404


# Who may do what (docs/roles.md): the rules beyond "the role a page declares".


def _addresses_in(community: Community, objects: dict[str, Any]) -> set[str]:
    """The addresses of the people ``objects_of`` made: a member, a registrant, and the
    members the demo-free set-up adds (factories give everyone an address)."""
    members = set(
        Member.objects.filter(community=community)
        .exclude(email=None)
        .values_list("email", flat=True)
    )
    return members | {Registration.objects.get(pk=objects["registration_id"]).email}


def _member_name(objects: dict[str, Any]) -> str:
    return Member.objects.get(pk=objects["member_id"]).full_name


def _pages_seen_by(
    client: Any, community: Community, objects: dict[str, Any], roles: tuple[str, ...]
) -> dict[str, str]:
    """The body of every page (and download) of the given roles that answers 200 to GET."""
    bodies = {}
    for entry in ALL_URLS:
        if entry.role not in roles:
            continue
        response = client.get(url_for(entry, community, objects))
        if response.status_code != 200:
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[entry.name] = content.decode(errors="replace")
    return bodies


def test_a_facilitator_sees_no_address_outside_the_activities_they_facilitate(
    facilitator_client, community
) -> None:
    objects = objects_of(community)
    addresses = _addresses_in(community, objects)
    pages = _pages_seen_by(facilitator_client, community, objects, (PUBLIC, MEMBER, FACILITATOR))
    assert {"member_detail", "activity_registrations", "registrations_csv"} <= set(pages)
    for name, body in pages.items():
        shown = [address for address in addresses if address in body]
        assert not shown, f"{name} shows {shown} to a facilitator who runs nothing"


def test_a_facilitator_sees_the_addresses_of_the_activity_they_facilitate(
    facilitator, facilitator_client, community
) -> None:
    objects = objects_of(community)
    Activity.objects.get(pk=objects["activity_id"]).facilitators.add(facilitator)
    registrant = Registration.objects.get(pk=objects["registration_id"]).email
    pages = _pages_seen_by(facilitator_client, community, objects, (FACILITATOR,))
    for name in ("activity_registrations", "registrations_csv", "activity_checkin"):
        assert registrant in pages[name], name
    member = Member.objects.get(pk=objects["member_id"])
    assert member.email not in pages["member_detail"]  # not among this activity's people


def test_members_see_no_address_on_any_page_open_to_them(member_client, community) -> None:
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    objects = objects_of(community)
    Member.objects.filter(community=community).update(listed_in_directory=True)
    addresses = _addresses_in(community, objects)
    pages = _pages_seen_by(member_client, community, objects, (PUBLIC, MEMBER))
    assert "people" in pages and escape(_member_name(objects)) in pages["people"]
    for name, body in pages.items():
        shown = [address for address in addresses if address in body]
        assert not shown, f"{name} shows {shown} to a member"


@pytest.mark.parametrize("name", ["member_edit", "member_new", "member_link"])
def test_editing_profiles_is_for_managers(name) -> None:
    assert {u.name: u.role for u in ALL_URLS}[name] == MANAGER


def test_the_members_directory_is_open_to_members_and_hidden_from_outsiders(
    member_client, outsider_client, community
) -> None:
    url = reverse("people", args=[community.slug])
    closed = member_client.get(url)
    assert closed.status_code == 200
    assert "has not opened its members' directory" in closed.content.decode()
    assert outsider_client.get(url).status_code == 404


def test_only_site_staff_create_communities_unless_signup_is_open(
    manager, manager_client, settings
) -> None:
    new = reverse("community_new")
    assert manager_client.get(new).status_code == 403
    settings.ROUNDTABLE_OPEN_SIGNUP = True
    assert manager_client.get(new).status_code == 200
    settings.ROUNDTABLE_OPEN_SIGNUP = False
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    assert manager_client.get(new).status_code == 200
