"""The demo's live session: a finished Q&A with votes, polls and raised hands on the latest
past activity, so the Live tab, its voice metrics and the members' participation show data.

Deterministic (a fixed seed), written through the services (so counters and participation
records are what a real session leaves), then dated back to the activity's own time.
Without a past activity it does nothing.
"""

import random
from datetime import datetime, timedelta

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.live import services
from roundtable.live.models import LiveSession, Participant, Question
from roundtable.members.models import Member

SEED = 5
PARTICIPANTS = 36
NAMED_SHARE = 0.6  # the rest stay anonymous
LURKERS = 8

QUESTIONS = (
    "How do you find leaks in plastic pipes, where acoustic loggers hear little?",
    "What did the pilot cost per kilometre of network?",
    "How did you convince the board to fund district metering?",
    "Which indicator do you report to the regulator: NRW % or litres per connection per day?",
    "How long did it take before the pressure management paid back?",
    "Can small utilities share loggers between them?",
    "What would you do differently if you started again?",
    "How do you keep the field crews' data consistent?",
    "Do satellite methods work in dense city centres?",
    "Who owns the data when a contractor installs the sensors?",
)
WORDS = ("pressure", "data", "crews", "budget", "sensors", "trust", "metering", "training")


def seed(*, community: Community, now: datetime) -> None:
    activity = (
        Activity.objects.filter(
            community=community, status__in=[Activity.Status.DONE, Activity.Status.EVALUATED]
        )
        .exclude(live__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    if activity is None or LiveSession.objects.filter(activity__community=community).exists():
        return
    rng = random.Random(SEED)
    start = activity.starts_at
    session = services.session_open(activity=activity, identity="named", now=start)
    members = list(Member.objects.active().filter(community=community).order_by("pk")[:200])
    rng.shuffle(members)
    people: list[Participant] = []
    for index in range(PARTICIPANTS):
        if index < PARTICIPANTS * NAMED_SHARE and index < len(members):
            member = members[index]
            people.append(
                services.participant_join(
                    session=session, name=member.full_name, email=member.email or ""
                )
            )
        else:
            session.identity = LiveSession.Identity.ANONYMOUS
            people.append(services.participant_join(session=session))
    session.identity = LiveSession.Identity.NAMED
    lurkers = set(rng.sample(range(len(people)), LURKERS))  # joined, never took part
    people = [p for i, p in enumerate(people) if i not in lurkers]
    askers = rng.sample(people, len(QUESTIONS))
    questions = [
        services.question_ask(participant=who, text=text, now=start + timedelta(minutes=i))
        for i, (who, text) in enumerate(zip(askers, QUESTIONS, strict=True))
    ]
    for voter in people:
        if rng.random() < 0.75:
            for question in rng.sample(questions, rng.randint(1, 4)):
                if question.participant_id != voter.pk:
                    services.question_upvote(participant=voter, question_id=question.pk)
    ranked = sorted(questions, key=lambda q: -Question.objects.get(pk=q.pk).votes)
    for question in ranked[:4]:
        services.question_moderate(session=session, question_id=question.pk, action="answer")
    services.question_moderate(
        session=session, question_id=ranked[-1].pk, action="merge", into=ranked[0].pk
    )
    choice = services.poll_create(
        session=session,
        kind="single",
        prompt="Where do you lose most water?",
        options=["Mains bursts", "Service connections", "Meter errors", "Illegal connections"],
    )
    services.poll_control(session=session, poll_id=choice.pk, action="open")
    options = list(choice.options.all())
    for voter in people:
        if rng.random() < 0.85:
            pick = rng.choices(options, weights=[3, 5, 2, 1])[0]
            services.poll_answer(participant=voter, poll_id=choice.pk, answer=pick.pk)
    services.poll_control(session=session, poll_id=choice.pk, action="close")
    services.poll_control(session=session, poll_id=choice.pk, action="reveal")
    cloud = services.poll_create(
        session=session, kind="words", prompt="One word: what does your utility need most?"
    )
    services.poll_control(session=session, poll_id=cloud.pk, action="open")
    for voter in rng.sample(people, 20):
        services.poll_answer(participant=voter, poll_id=cloud.pk, answer=rng.choice(WORDS))
    services.poll_control(session=session, poll_id=cloud.pk, action="close")
    services.poll_control(session=session, poll_id=cloud.pk, action="reveal")
    for speaker in rng.sample(people, 5):
        services.hand_raise(participant=speaker)
        services.hand_give_turn(session=session, participant_id=speaker.pk)
    for latecomer in rng.sample(people, 3):
        services.hand_raise(participant=latecomer)
    Question.objects.filter(session=session).update(created_at=start + timedelta(minutes=20))
    services.session_close(session=session, now=activity.ends_at)
