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
