"""Reading live sessions: the full state a (re)connecting client loads, and the voice metrics.

``session_state`` is the one function behind the first message of every websocket, every
broadcast and the HTTP fallback, so all clients see the same thing whichever way they connect.
"""

from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from roundtable.activities.models import Activity
from roundtable.communities.access import FACILITATOR, has_role, role_of
from roundtable.communities.models import Community
from roundtable.domain.voice_metrics import VoiceMetrics, voice_metrics
from roundtable.live.models import (
    Hand,
    LiveSession,
    Participant,
    Poll,
    PollResponse,
    Question,
    QuestionVote,
    ReactionCount,
)

__all__ = ["VoiceMetrics", "activity_voice_metrics", "session_metrics", "session_state"]

QUESTIONS_SHOWN = 200  # the most a client receives; the rest are in the export
WORDS_SHOWN = 60
TEXTS_SHOWN = 100


def activity_voice_metrics(*, activity: Activity) -> VoiceMetrics | None:
    """The voice metrics of the activity's live session, or None when it had none."""
    session = LiveSession.objects.filter(activity=activity).first()
    return session_metrics(session=session) if session else None


def session_metrics(*, session: LiveSession) -> VoiceMetrics:
    contributions = list(
        Participant.objects.filter(session=session).values_list("contributions", flat=True)
    )
    questions = (
        Question.objects.filter(session=session)
        .exclude(status=Question.Status.MERGED)
        .aggregate(asked=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
    )
    return voice_metrics(
        contributions=contributions,
        questions_asked=questions["asked"],
        questions_answered=questions["answered"],
    )


def live_session_of(*, community: Community, activity: Activity) -> LiveSession | None:
    if activity.community_id != community.pk:
        raise Http404("No such activity in this community.")
    return LiveSession.objects.filter(activity=activity).select_related("activity").first()


def session_by_code(*, code: str) -> LiveSession | None:
    """The session with this code (any case, spaces ignored), open or closed; None if unknown."""
    cleaned = "".join(code.split()).upper()
    if not cleaned or len(cleaned) > 12:
        return None
    return (
        LiveSession.objects.filter(code=cleaned)
        .select_related("activity", "activity__community")
        .first()
    )


def is_facilitator(*, user: Any, session: LiveSession) -> bool:
    """Whether the user may moderate the session (a facilitator or manager of its community)."""
    return has_role(role_of(user, session.activity.community), FACILITATOR)


def participant_by_token(*, session: LiveSession, token: str | None) -> Participant | None:
    if not token:
        return None
    return Participant.objects.filter(session=session, token=token).first()


def _question(q: Question, *, staff: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.pk,
        "text": q.text,
        "votes": q.votes,
        "answered": q.answered,
        "pinned": q.pinned,
        "at": q.created_at.isoformat(),
    }
    if staff:
        data["status"] = q.status
        data["reason"] = q.hidden_reason
        data["author"] = q.participant.label if q.participant else "Anonymous"
    return data


def _poll(poll: Poll, *, staff: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": poll.pk,
        "kind": poll.kind,
        "prompt": poll.prompt,
        "status": poll.status,
        "revealed": poll.revealed,
        "scale_max": poll.scale_max,
        "options": [{"id": o.pk, "label": o.label} for o in poll.options.all()],
    }
    responses = PollResponse.objects.filter(poll=poll)
    data["respondents"] = responses.values("participant").distinct().count()
    if not (staff or poll.revealed):
        return data
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE, Poll.Kind.RATING):
        data["results"] = [o.votes for o in poll.options.all()]
        if poll.kind == Poll.Kind.RATING:
            total = sum(data["results"])
            weighted = sum((i + 1) * v for i, v in enumerate(data["results"]))
            data["mean"] = round(weighted / total, 2) if total else None
    elif poll.kind == Poll.Kind.WORDS:
        words = (
            responses.values("text").annotate(n=Count("pk")).order_by("-n", "text")[:WORDS_SHOWN]
        )
        data["words"] = [[w["text"], w["n"]] for w in words]
    else:
        data["texts"] = list(
            responses.order_by("-created_at").values_list("text", flat=True)[:TEXTS_SHOWN]
        )
    return data


def session_state(*, session: LiveSession, staff: bool) -> dict[str, Any]:
    """Everything a client shows, as JSON-ready data.

    Participants and the presenter (``staff=False``) get visible questions and the current poll,
    with results only once revealed; facilitators (``staff=True``) also get the moderation queue,
    hidden questions, every poll with live results, the hand queue with names, and the metrics.
    """
    questions = Question.objects.filter(session=session).select_related("participant")
    shown = questions.filter(status=Question.Status.VISIBLE)[:QUESTIONS_SHOWN]
    reactions = {r.kind: r.count for r in ReactionCount.objects.filter(session=session)}
    current = (
        Poll.objects.filter(pk=session.current_poll_id).prefetch_related("options").first()
        if session.current_poll_id
        else None
    )
    state: dict[str, Any] = {
        "session": {
            "code": session.code,
            "title": session.activity.title,
            "status": session.status,
            "identity": session.identity,
            "moderation": session.moderation,
        },
        "questions": [_question(q, staff=staff) for q in shown],
        "poll": _poll(current, staff=staff) if current and current.status != "draft" else None,
        "hands": Hand.objects.filter(session=session).count(),
        "reactions": reactions,
        "joined": Participant.objects.filter(session=session).count(),
    }
    if staff:
        state["pending"] = [
            _question(q, staff=True)
            for q in questions.filter(status=Question.Status.PENDING).order_by("created_at")
        ]
        state["hidden"] = [
            _question(q, staff=True)
            for q in questions.filter(status=Question.Status.HIDDEN).order_by("-created_at")[:50]
        ]
        state["polls"] = [
            _poll(p, staff=True)
            for p in Poll.objects.filter(session=session).prefetch_related("options")
        ]
        state["queue"] = hand_queue(session=session)
        metrics = session_metrics(session=session)
        state["metrics"] = metrics.__dict__
    return state


def hand_queue(*, session: LiveSession) -> list[dict[str, Any]]:
    """Raised hands, those who have not spoken yet first, then fewest turns, then earliest."""
    hands = (
        Hand.objects.filter(session=session)
        .select_related("participant")
        .order_by("participant__turns", "raised_at")
    )
    return [
        {
            "participant": h.participant_id,
            "name": h.participant.label,
            "turns": h.participant.turns,
            "raised_at": h.raised_at.isoformat(),
        }
        for h in hands
    ]


def participant_mine(*, participant: Participant) -> dict[str, Any]:
    """What this participant did: their upvotes, poll answers, questions and hand (for rejoin)."""
    return {
        "participant": participant.pk,
        "name": participant.name,
        "upvoted": list(
            QuestionVote.objects.filter(participant=participant).values_list(
                "question_id", flat=True
            )
        ),
        "answered_polls": sorted(
            set(
                PollResponse.objects.filter(participant=participant).values_list(
                    "poll_id", flat=True
                )
            )
        ),
        "asked": list(
            Question.objects.filter(participant=participant).values("id", "text", "status")
        ),
        "hand": Hand.objects.filter(participant=participant).exists(),
    }
