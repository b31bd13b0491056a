from datetime import timedelta

from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.live.demo import seed
from roundtable.live.models import LiveSession
from roundtable.live.selectors import activity_voice_metrics
from roundtable.members.models import ParticipationRecord
from tests.factories import ActivityFactory, MemberFactory


def test_the_demo_leaves_a_finished_session_on_the_latest_past_activity(community):
    past = ActivityFactory(
        community=community,
        status=Activity.Status.DONE,
        starts_at=timezone.now() - timedelta(days=10),
    )
    ActivityFactory(community=community)  # upcoming: left alone
    MemberFactory.create_batch(30, community=community)

    seed(community=community, now=timezone.now())
    seed(community=community, now=timezone.now())  # a second run adds nothing

    session = LiveSession.objects.get()
    assert session.activity == past and session.status == "closed"
    metrics = activity_voice_metrics(activity=past)
    assert metrics.joined == 36 and metrics.voice_reach == 28 / 36
    assert metrics.questions_asked == 9 and metrics.questions_answered >= 3
    assert session.polls.count() == 2
    records = ParticipationRecord.objects.filter(activity=past, source="live")
    assert records.filter(kind="attendance").count() == 22  # the named, matched members
    assert records.filter(kind="contribution").count() < 22  # some of them only listened


def test_the_demo_does_nothing_without_a_past_activity(community):
    seed(community=community, now=timezone.now())
    assert not LiveSession.objects.exists()
