"""Voice metrics of a session and the participation records written when it closes."""

from roundtable.domain.participation import Level
from roundtable.live import services
from roundtable.live.models import LiveSession
from roundtable.live.selectors import activity_voice_metrics
from roundtable.members.models import ParticipationRecord
from tests.factories import ActivityFactory, MemberFactory


def test_an_activity_without_live_session_has_no_metrics(community):
    assert activity_voice_metrics(activity=ActivityFactory(community=community)) is None


def test_metrics_count_everyone_and_their_contributions(session, alice, bob):
    carol = services.participant_join(session=session, name="Carol")
    first = services.question_ask(participant=alice, text="How do you find leaks at night?")
    services.question_ask(participant=alice, text="Which sensors last longest?")
    services.question_upvote(participant=bob, question_id=first.pk)
    services.question_moderate(session=session, question_id=first.pk, action="answer")
    metrics = activity_voice_metrics(activity=session.activity)
    assert metrics is not None
    assert metrics.joined == 3
    assert metrics.contributors == 2
    assert metrics.voice_reach == 2 / 3
    assert metrics.contributions_per_participant == 1.0
    assert metrics.questions_asked == 2
    assert metrics.questions_answered == 1
    assert 0 < metrics.gini < 1
    assert carol.contributions == 0


def test_closing_records_participation_of_matched_members_only(community, activity):
    member = MemberFactory(community=community, email="ana@example.org")
    session = services.session_open(activity=activity, identity=LiveSession.Identity.NAMED)
    named = services.participant_join(session=session, name="Ana", email="ANA@example.org")
    stranger = services.participant_join(session=session, name="Someone")
    services.question_ask(participant=named, text="What about pressure sensors?")
    services.question_ask(participant=stranger, text="And acoustic loggers?")
    assert named.member == member and stranger.member is None

    services.session_close(session=session)
    services.session_close(session=session)  # closing again does not double the records

    records = ParticipationRecord.objects.filter(activity=activity)
    assert sorted(records.values_list("kind", flat=True)) == ["attendance", "contribution"]
    assert set(records.values_list("member", flat=True)) == {member.pk}


def test_anonymous_participants_are_never_linked(community, activity):
    MemberFactory(community=community, email="ana@example.org")
    session = services.session_open(activity=activity)  # anonymous allowed
    participant = services.participant_join(session=session, name="Ana", email="ana@example.org")
    assert participant.member is None
    services.session_close(session=session)
    assert not ParticipationRecord.objects.filter(activity=activity).exists()
    assert activity_voice_metrics(activity=activity).joined == 1


def test_closing_updates_the_members_participation_levels(community, activity):
    member = MemberFactory(community=community, email="ana@example.org")
    assert member.participation_level == Level.INACTIVE
    session = services.session_open(activity=activity, identity=LiveSession.Identity.NAMED)
    ana = services.participant_join(session=session, name="Ana", email="ana@example.org")
    services.question_ask(participant=ana, text="Who maintains the loggers?")

    services.session_close(session=session)  # an attendance and a contribution

    member.refresh_from_db()
    assert member.participation_level == Level.OCCASIONAL
