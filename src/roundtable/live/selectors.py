"""Reading live sessions: the full state a (re)connecting client loads, and the voice metrics.

``session_state`` is the one function behind the first message of every websocket, every
broadcast and the HTTP fallback, so all clients see the same thing whichever way they connect.
"""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

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

__all__ = [
    "VoiceMetrics",
    "activity_voice_metrics",
    "session_metrics",
    "session_state",
    "session_states",
]

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
    """The session with this code (any case, spaces ignored), open, or closed less than
    ``LIVE_CLOSED_VISIBLE_DAYS`` ago (participants see its results for that long; afterwards
    the code leads nowhere and the facilitators keep the results on the activity); None
    otherwise."""
    cleaned = "".join(code.split()).upper()
    if not cleaned or len(cleaned) > 12:
        return None
    faded = timezone.now() - timedelta(days=settings.LIVE_CLOSED_VISIBLE_DAYS)
    return (
        LiveSession.objects.filter(code=cleaned)
        .exclude(status=LiveSession.Status.CLOSED, closed_at__lt=faded)
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


STAFF_QUESTION_FIELDS = ("status", "reason", "author")
RESULT_FIELDS = ("results", "mean", "words", "texts")


def _question(q: Question) -> dict[str, Any]:
    """A question as facilitators see it; participants get it without STAFF_QUESTION_FIELDS."""
    return {
        "id": q.pk,
        "text": q.text,
        "votes": q.votes,
        "answered": q.answered,
        "pinned": q.pinned,
        "at": q.created_at.isoformat(),
        "status": q.status,
        "reason": q.hidden_reason,
        "author": q.participant.label if q.participant else "Anonymous",
    }


def _public_question(question: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in question.items() if k not in STAFF_QUESTION_FIELDS}


def _polls(session: LiveSession) -> Any:
    """Polls with their options and how many people answered each (one aggregate query)."""
    return (
        Poll.objects.filter(session=session)
        .annotate(respondents=Count("responses__participant", distinct=True))
        .prefetch_related("options")
    )


def _poll(poll: Poll, *, results: bool) -> dict[str, Any]:
    """A poll from :func:`_polls`, with its results when asked (RESULT_FIELDS)."""
    options = list(poll.options.all())
    data: dict[str, Any] = {
        "id": poll.pk,
        "kind": poll.kind,
        "prompt": poll.prompt,
        "status": poll.status,
        "revealed": poll.revealed,
        "scale_max": poll.scale_max,
        "options": [{"id": o.pk, "label": o.label} for o in options],
        "respondents": poll.respondents,  # type: ignore[attr-defined]
    }
    if not results:
        return data
    responses = PollResponse.objects.filter(poll=poll)
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE, Poll.Kind.RATING):
        data["results"] = [o.votes for o in options]
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


def _public_poll(poll: dict[str, Any]) -> dict[str, Any]:
    """The poll as participants see it: its results only once revealed."""
    if poll["revealed"]:
        return poll
    return {k: v for k, v in poll.items() if k not in RESULT_FIELDS}


def session_state(*, session: LiveSession, staff: bool) -> dict[str, Any]:
    """Everything a client shows, as JSON-ready data.

    Participants and the presenter (``staff=False``) get visible questions and the current poll,
    with results only once revealed; facilitators (``staff=True``) also get the moderation queue,
    hidden questions, every poll with live results, the hand queue with names, and the metrics.
    """
    public, facilitators = _states(session, staff=staff)
    return facilitators if facilitators is not None else public


def session_states(*, session: LiveSession) -> tuple[dict[str, Any], dict[str, Any]]:
    """The participants' and the facilitators' states from one set of queries (what the
    broadcaster builds on every tick)."""
    public, facilitators = _states(session, staff=True)
    assert facilitators is not None  # noqa: S101 - an invariant, stated for the type checker
    return public, facilitators


def _states(session: LiveSession, *, staff: bool) -> tuple[dict[str, Any], dict[str, Any] | None]:
    questions = Question.objects.filter(session=session).select_related("participant")
    shown = [
        _question(q) for q in questions.filter(status=Question.Status.VISIBLE)[:QUESTIONS_SHOWN]
    ]
    polls = list(_polls(session) if staff else _polls(session).filter(pk=session.current_poll_id))
    current = next(
        (p for p in polls if p.pk == session.current_poll_id and p.status != Poll.Status.DRAFT),
        None,
    )
    current_data = _poll(current, results=staff or current.revealed) if current else None
    metrics = session_metrics(session=session) if staff else None
    public: dict[str, Any] = {
        "session": {
            "code": session.code,
            "title": session.activity.title,
            "status": session.status,
            "identity": session.identity,
            "moderation": session.moderation,
        },
        "questions": [_public_question(q) for q in shown],
        "poll": _public_poll(current_data) if current_data else None,
        "hands": Hand.objects.filter(session=session).count(),
        "reactions": {r.kind: r.count for r in ReactionCount.objects.filter(session=session)},
        "joined": (
            metrics.joined if metrics else Participant.objects.filter(session=session).count()
        ),
    }
    if metrics is None:
        return public, None
    return public, {
        **public,
        "questions": shown,
        "poll": current_data,
        "pending": [
            _question(q)
            for q in questions.filter(status=Question.Status.PENDING).order_by("created_at")
        ],
        "hidden": [
            _question(q)
            for q in questions.filter(status=Question.Status.HIDDEN).order_by("-created_at")[:50]
        ],
        "polls": [current_data if p is current else _poll(p, results=True) for p in polls],
        "queue": hand_queue(session=session),
        "metrics": metrics.__dict__,
    }


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


def poll_results(session: LiveSession) -> list[tuple[str, str, str, str, int]]:
    """Every poll's results, one row per answer: (prompt, kind, status, answer, count); the
    answers of word and text polls grouped by their exact text, most given first."""
    rows: list[tuple[str, str, str, str, int]] = []
    polls = Poll.objects.filter(session=session).prefetch_related("options").order_by("pk")
    texts: dict[int, Counter[str]] = {}
    for poll_id, text in PollResponse.objects.filter(
        poll__session=session, poll__kind__in=(Poll.Kind.WORDS, Poll.Kind.TEXT)
    ).values_list("poll_id", "text"):
        texts.setdefault(poll_id, Counter())[text] += 1
    for poll in polls:
        if poll.kind in (Poll.Kind.WORDS, Poll.Kind.TEXT):
            counted = texts.get(poll.pk, Counter())
            answers = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
        else:
            answers = [(option.label, option.votes) for option in poll.options.all()]
        rows += [(poll.prompt, poll.kind, poll.status, text, n) for text, n in answers]
    return rows
