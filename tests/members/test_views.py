from django.core import mail
from django.urls import reverse

from roundtable.members.models import Member
from roundtable.needs.models import Need
from tests.factories import MemberFactory, NeedFactory, ParticipationRecordFactory


def test_add_a_member(manager_client, community):
    response = manager_client.post(
        reverse("member_new", args=[community.slug]),
        {
            "full_name": "Ngozi Okafor",
            "email": "Ngozi@Example.org",
            "organisation": "Lagos Water",
            "country": "NG",
            "timezone": "Africa/Lagos",
            "expertise": "Leak detection, GIS",
            "joined_on": "2026-01-10",
        },
    )
    member = Member.objects.get(community=community, email="ngozi@example.org")
    assert response.status_code == 302
    assert sorted(t.name for t in member.expertise.all()) == ["gis", "leak detection"]


def test_adding_a_member_with_a_taken_email_says_who_has_it(manager_client, community):
    MemberFactory(community=community, full_name="First Person", email="taken@example.org")
    response = manager_client.post(
        reverse("member_new", args=[community.slug]),
        {"full_name": "Second", "email": "TAKEN@example.org", "joined_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert "taken@example.org is already the address of First Person." in response.content.decode()
    assert Member.objects.filter(community=community).count() == 1


def test_edit_refuses_an_unknown_time_zone(manager_client, community):
    member = MemberFactory(community=community)
    response = manager_client.post(
        reverse("member_edit", args=[community.slug, member.pk]),
        {"full_name": "X", "timezone": "Mars/Base", "joined_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert "Mars/Base" in response.content.decode()
    member.refresh_from_db()
    assert member.timezone == "America/Lima"


def test_archive_keeps_history_and_restore_brings_back(manager_client, community):
    member = MemberFactory(community=community)
    ParticipationRecordFactory(member=member)
    manager_client.post(reverse("member_archive", args=[community.slug, member.pk]))
    member.refresh_from_db()
    assert member.archived_at is not None
    assert member.participations.count() == 1
    listing = manager_client.get(reverse("member_list", args=[community.slug]))
    assert member not in listing.context["page"].object_list
    manager_client.post(reverse("member_restore", args=[community.slug, member.pk]))
    member.refresh_from_db()
    assert member.archived_at is None


def test_delete_anonymises_and_keeps_history(manager_client, community):
    member = MemberFactory(community=community, full_name="Ana Lima", email="ana@example.org")
    NeedFactory(member=member, text="A need that names my employer")
    ParticipationRecordFactory.create_batch(3, member=member)
    url = reverse("member_delete", args=[community.slug, member.pk])
    manager_client.post(url, {"confirm": "wrong name"})
    member.refresh_from_db()
    assert member.anonymised_at is None
    manager_client.post(url, {"confirm": "Ana Lima"})
    member.refresh_from_db()
    assert member.anonymised_at is not None
    assert member.full_name == f"Former member #{member.pk}"
    assert member.email is None and member.organisation == ""
    assert member.participations.count() == 3
    assert "employer" not in Need.objects.get(member=member).text
    token_url = reverse("member_self", args=[community.slug, member.access_token])
    assert manager_client.get(token_url).status_code == 404


def test_facilitators_cannot_delete(facilitator_client, community):
    member = MemberFactory(community=community)
    response = facilitator_client.post(
        reverse("member_delete", args=[community.slug, member.pk]), {"confirm": member.full_name}
    )
    assert response.status_code == 403


def test_personal_link_lets_a_member_update_profile_and_needs(client, community):
    member = MemberFactory(community=community, full_name="Kofi Mensah", country="GH")
    url = reverse("member_self", args=[community.slug, member.access_token])
    assert "Kofi Mensah" in client.get(url).content.decode()
    client.post(
        url,
        {
            "action": "profile",
            "full_name": "Kofi A. Mensah",
            "country": "GH",
            "timezone": "Africa/Accra",
            "organisation": "Ghana Water",
        },
    )
    member.refresh_from_db()
    assert (member.full_name, member.timezone) == ("Kofi A. Mensah", "Africa/Accra")
    client.post(
        url,
        {
            "action": "need",
            "text": "Need help with prepaid meters",
            "tags": "metering",
            "urgency": "3",
        },
    )
    need = Need.objects.get(member=member)
    assert need.source == Need.Source.SELF_SERVICE
    assert [t.name for t in need.tags.all()] == ["metering"]
    client.post(url, {"action": "addressed", "need": need.pk})
    need.refresh_from_db()
    assert need.status == Need.Status.ADDRESSED


def test_a_need_with_too_many_tags_is_refused_with_its_reason_on_the_own_page(client, community):
    member = MemberFactory(community=community)
    url = reverse("member_self", args=[community.slug, member.access_token])
    tags = ", ".join(f"topic{n}" for n in range(25))
    response = client.post(
        url, {"action": "need", "text": "Help with tariffs", "tags": tags, "urgency": "3"}
    )
    assert response.status_code == 200
    assert "Tags: 25 tags is too many; the limit is" in response.content.decode()
    assert not Need.objects.filter(member=member).exists()


def test_a_wrong_or_rotated_token_is_not_found(manager_client, client, community):
    member = MemberFactory(community=community)
    old = reverse("member_self", args=[community.slug, member.access_token])
    assert client.get(reverse("member_self", args=[community.slug, "guess"])).status_code == 404
    manager_client.post(
        reverse("member_link", args=[community.slug, member.pk]), {"action": "rotate"}
    )
    assert client.get(old).status_code == 404


def test_personal_link_is_emailed(manager_client, community):
    member = MemberFactory(community=community, email="kofi@example.org")
    manager_client.post(
        reverse("member_link", args=[community.slug, member.pk]), {"action": "send"}
    )
    assert mail.outbox[0].to == ["kofi@example.org"]
    assert member.access_token in mail.outbox[0].body


def test_activities_and_insights_show_the_records(manager_client, community):
    member = MemberFactory(community=community, participation_level="active")
    ParticipationRecordFactory(member=member, activity_title="Knowledge fair 2026")
    activities = manager_client.get(reverse("activity_list", args=[community.slug]))
    assert "Knowledge fair 2026" in activities.content.decode()
    insights = manager_client.get(reverse("insights", args=[community.slug]))
    today = insights.context["page"].today
    assert today["total"] == 1
    assert {"level": "active", "label": "Active", "count": 1} in today["levels"]
