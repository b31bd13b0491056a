from datetime import timedelta

from django.core import mail
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.communities.models import Community, Invitation, Role
from tests.factories import MemberFactory, ParticipationRecordFactory, UserFactory


def test_site_staff_create_a_community_and_become_its_manager(client, db):
    user = UserFactory(email="new@example.org", is_staff=True)
    client.force_login(user)
    response = client.post(
        reverse("community_new"), {"name": "Rural Health CoP", "slug": "rural-health"}
    )
    community = Community.objects.get(slug="rural-health")
    assert response.status_code == 302
    assert Role.objects.get(community=community, user=user).kind == Role.Kind.MANAGER


def test_other_accounts_cannot_create_a_community_and_are_told_why(manager_client, manager):
    home = manager_client.get(reverse("home")).content.decode()
    response = manager_client.post(
        reverse("community_new"), {"name": "Rural Health CoP", "slug": "rural-health"}
    )
    assert response.status_code == 403
    assert "Only the administrators of this site create communities" in response.content.decode()
    assert not Community.objects.filter(slug="rural-health").exists()
    assert reverse("community_new") not in home


def test_open_signup_lets_any_account_create_a_community(client, db, settings):
    settings.ROUNDTABLE_OPEN_SIGNUP = True
    user = UserFactory(email="new@example.org")
    client.force_login(user)
    assert reverse("community_new") in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("community_new"), {"name": "Rural Health CoP", "slug": "rural-health"}
    )
    assert response.status_code == 302
    assert Community.objects.filter(slug="rural-health").exists()


def test_a_taken_slug_is_refused_with_a_message(manager_client, manager, community):
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    response = manager_client.post(reverse("community_new"), {"name": "Again", "slug": "alpha"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_home_lists_only_my_communities(manager_client, community, other_community):
    body = manager_client.get(reverse("home")).content.decode()
    assert community.name in body
    assert other_community.name not in body


def test_manager_invites_staff_who_sign_up_and_get_the_role(manager_client, client, community):
    manager_client.post(
        reverse("staff", args=[community.slug]),
        {"email": "New.Facilitator@example.org", "kind": "facilitator"},
    )
    invitation = Invitation.objects.get(community=community)
    assert invitation.email == "new.facilitator@example.org"
    assert invitation.token in mail.outbox[0].body
    url = reverse("invitation_accept", args=[invitation.token])
    response = client.post(url, {"full_name": "Nia", "password": "a long enough passphrase"})
    assert response.status_code == 302
    role = Role.objects.get(community=community, user__email="new.facilitator@example.org")
    assert role.kind == Role.Kind.FACILITATOR
    assert client.get(reverse("member_list", args=[community.slug])).status_code == 200
    again = client.post(url)
    assert "already accepted" in again.content.decode()


def test_an_invitation_expires_and_creates_no_account_then(community, client, clock, settings):
    settings.STAFF_INVITATION_DAYS = 14
    invitation = Invitation.objects.create(community=community, email="late@example.org")
    url = reverse("invitation_accept", args=[invitation.token])
    clock.shift(timedelta(days=15))
    assert "This invitation expired on" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Late", "password": "a long enough passphrase"})
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()  # nothing half-written
    assert not Role.objects.filter(community=community, user__email="late@example.org").exists()


def test_an_invitation_for_someone_else_is_refused(community, manager):
    invitation = Invitation.objects.create(community=community, email="x@example.org")
    other = UserFactory(email="y@example.org")
    from django.test import Client

    c = Client()
    c.force_login(other)
    response = c.post(reverse("invitation_accept", args=[invitation.token]), follow=True)
    assert "This invitation is for x@example.org" in response.content.decode()
    assert not Role.objects.filter(user=other, community=community).exists()


def test_the_last_manager_cannot_be_removed(manager_client, community, manager):
    role = Role.objects.get(community=community, user=manager)
    response = manager_client.post(
        reverse("staff_remove", args=[community.slug, role.pk]), follow=True
    )
    assert "at least one manager" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_changing_thresholds_recomputes_levels(manager_client, community):
    member = MemberFactory(community=community)
    ParticipationRecordFactory.create_batch(2, member=member)
    url = reverse("community_settings", args=[community.slug])
    fields = {
        "section": "levels",
        "window_months": 12,
        "core_min_attendances": 2,
        "core_min_contributions": 0,
        "active_min": 1,
        "occasional_min": 1,
    }
    response = manager_client.post(url, fields)
    assert "Occasional needs at least 2" in response.content.decode()
    fields.update(active_min=3, occasional_min=2, core_min_attendances=2, core_min_contributions=2)
    manager_client.post(url, fields)
    member.refresh_from_db()
    assert member.participation_level == "occasional"
    fields.update(core_min_attendances=2, core_min_contributions=0, active_min=3, occasional_min=2)
    response = manager_client.post(url, fields)
    assert "Core must need more" in response.content.decode()


def test_a_member_gets_their_home(member_client, member_user, community):
    MemberFactory(community=community, email=member_user.email, full_name="Milan Member")
    response = member_client.get(reverse("community_home", args=[community.slug]))
    assert response.status_code == 200
    assert "Hello Milan Member" in response.content.decode()
    assert "Coming up" in response.content.decode()


def test_staff_go_straight_to_the_directory(manager_client, community):
    response = manager_client.get(reverse("community_home", args=[community.slug]))
    assert response["Location"] == reverse("member_list", args=[community.slug])


def test_granting_a_role_never_lowers_one(community, manager):
    from roundtable.communities.services import role_grant

    assert role_grant(community=community, user=manager, kind="member").kind == "manager"
    newcomer = UserFactory(email="newcomer@example.org")
    assert role_grant(community=community, user=newcomer, kind="member").kind == "member"
    assert role_grant(community=community, user=newcomer, kind="facilitator").kind == "facilitator"
