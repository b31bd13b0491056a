import pytest
from django.test import Client

from tests.factories import MemberFactory, NeedFactory, SegmentFactory, UserFactory


@pytest.mark.parametrize(
    "page",
    [
        "/admin/",
        "/admin/members/member/",
        "/admin/needs/need/",
        "/admin/segments/segment/",
        "/admin/imports/importjob/",
        "/admin/communities/community/",
    ],
)
def test_superusers_keep_the_django_admin(page, community) -> None:
    NeedFactory(member=MemberFactory(community=community))
    SegmentFactory(community=community)
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get(page).status_code == 200


def test_community_managers_do_not_get_the_admin(manager_client) -> None:
    assert manager_client.get("/admin/").status_code == 302


def test_admin_edits_reach_the_directory_search(community) -> None:
    from roundtable.members.selectors import member_directory

    member = MemberFactory(community=community, full_name="Old Name")
    admin = UserFactory(email="root2@example.org", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/members/member/{member.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(full_name="Zanele Dlamini", community=community.pk, joined_on="2026-01-01")
    response = client.post(f"/admin/members/member/{member.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(member_directory(community=community, q="zanele")) == [member]
