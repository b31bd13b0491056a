"""A member's data export (for an access request): everything held about them, as a JSON file,
for managers only, and nothing about anyone else."""

import json

from django.urls import reverse
from django.utils import timezone

from roundtable.execution.models import Invitation
from roundtable.feedback.models import FeedbackComment, FeedbackResponse
from roundtable.live import services as live_services
from roundtable.live.models import Participant
from roundtable.segments.models import Segment
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    NeedFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
    SegmentFactory,
    TagFactory,
)


def _give_rows(member, activity, session, word: str) -> None:
    """Rows of every kind for ``member``, each holding ``word``."""
    member.expertise.add(TagFactory(community=member.community, name=f"{word} expertise"))
    NeedFactory(member=member, text=f"{word} need")
    ParticipationRecordFactory(member=member, detail=f"{word} asked a question")
    RegistrationFactory(activity=activity, member=member, name=member.full_name, email=member.email)
    Invitation.objects.create(
        activity=activity,
        member=member,
        name=member.full_name,
        email=member.email,
        sent_at=timezone.now(),
    )
    Participant.objects.create(session=session, name=f"{word} live", member=member)
    response = FeedbackResponse.objects.create(
        activity=activity,
        rating=4,
        respondent_name=member.full_name,
        member=member,
        submitted_on=timezone.localdate(),
    )
    FeedbackComment.objects.create(
        response=response, activity=activity, kind="plus", text=f"{word} comment"
    )


def test_export_holds_the_members_data_and_nobody_elses(manager_client, community) -> None:
    ana = MemberFactory(
        community=community, full_name="Ana Lima", email="ana@example.org", country="PE"
    )
    ben = MemberFactory(
        community=community, full_name="Benedikt Other", email="benedikt@example.org", country="DE"
    )
    activity = ActivityFactory(community=community, title="Leak detection clinic")
    session = live_services.session_open(activity=activity)
    _give_rows(ana, activity, session, "Anaword")
    _give_rows(ben, activity, session, "Benword")
    SegmentFactory(community=community, name="Peru")  # by rule: country PE
    static = SegmentFactory(community=community, name="Advisers", kind=Segment.Kind.STATIC)
    static.static_members.add(ana)
    SegmentFactory(
        community=community,
        name="Germany",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["DE"]}]},
    )

    response = manager_client.get(reverse("member_data", args=["alpha", ana.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="member-{ana.pk}-data.json"'
    body = response.content.decode()
    data = json.loads(body)
    assert data["profile"]["full_name"] == "Ana Lima"
    assert data["profile"]["email"] == "ana@example.org"
    assert data["expertise"] == ["Anaword expertise"]
    assert [n["text"] for n in data["needs"]] == ["Anaword need"]
    assert [p["detail"] for p in data["participation"]] == ["Anaword asked a question"]
    assert [r["email"] for r in data["registrations"]] == ["ana@example.org"]
    assert [i["activity"] for i in data["invitations"]] == ["Leak detection clinic"]
    assert [p["name"] for p in data["live_participation"]] == ["Anaword live"]
    assert [c["text"] for c in data["feedback"][0]["comments"]] == ["Anaword comment"]
    assert sorted(s["name"] for s in data["segments"]) == ["Advisers", "Peru"]
    for other in ("Benedikt", "benedikt@example.org", "Benword", "Germany"):
        assert other.lower() not in body.lower()


def test_only_managers_of_the_community_download_it(
    facilitator_client, outsider_client, manager_client, community
) -> None:
    member = MemberFactory(community=community)
    url = reverse("member_data", args=["alpha", member.pk])
    assert facilitator_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    page = manager_client.get(reverse("member_detail", args=["alpha", member.pk]))
    assert url in page.content.decode() and "Download their data (JSON)" in page.content.decode()
