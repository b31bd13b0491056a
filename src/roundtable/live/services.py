"""Live session services: every state change of a live session, each in one transaction.

Each service commits, then (``transaction.on_commit``) tells the broadcaster that the session
changed; the broadcaster pushes the new state on its next tick. A caller that acknowledges an
action to a client does so after the service returned, so after the commit: an acknowledged
action is stored. Errors are :class:`LiveError` with a message meant for the participant.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities import events as activity_events
from roundtable.activities.models import Activity
from roundtable.after_commit import send_on_commit
from roundtable.live import broadcast
from roundtable.live.models import (
    ANSWER_MAX_CHARS,
    NAME_MAX_CHARS,
    QUESTION_MAX_CHARS,
    REACTIONS,
    WORD_MAX_CHARS,
    Hand,
    LiveSession,
    Participant,
    Poll,
    PollOption,
    PollResponse,
    Question,
    QuestionVote,
    ReactionCount,
    new_code,
)
from roundtable.members.models import Member, ParticipationRecord
from roundtable.members.services import participation_levels_refresh
from roundtable.service_error import ServiceError

QUESTIONS_PER_MINUTE = 3  # per participant: enough to ask, too few to flood
QUESTIONS_PER_SESSION = 20  # per participant
WORDS_PER_POLL = 3  # word-cloud and open-text answers per participant
POLL_OPTIONS_MAX = 12
RATING_SCALES = range(2, 11)
RECORD_SOURCE = "live"


class LiveError(ServiceError):
    """A refused action; ``field`` names the part of the input at fault ("" when none), and
    ``code`` is the error frame's code."""

    field: str

    def __init__(self, message: str, *, field: str = "", code: str = "invalid") -> None:
        super().__init__(message, field, code)


def _changed(session_id: int) -> None:
    transaction.on_commit(lambda: broadcast.session_changed(session_id))


class _SQL:
    """The statements of the hot path (upvotes and poll answers), written once.

    In a large room these run hundreds of times a second, one after the other on the server's
    database thread. Through the ORM an upvote cost about 2 ms of Python (building and compiling
    five queries) for well under 0.1 ms of database work; as plain statements it costs a tenth of
    that. Portable SQL (SQLite and PostgreSQL) on the models' tables (a test checks the names).
    """

    # Counts the vote only while the question is visible and its session open: a refusal is a
    # row count of 0, explained afterwards by the ORM path.
    question_count = (
        "UPDATE live_question SET votes = votes + %s"
        " WHERE id = %s AND session_id = %s AND status = %s"
        " AND EXISTS (SELECT 1 FROM live_livesession WHERE id = %s AND status = %s)"
    )
    question_votes = "SELECT votes FROM live_question WHERE id = %s"
    upvote_insert = (
        "INSERT INTO live_questionvote (question_id, participant_id, created_at)"
        " VALUES (%s, %s, %s)"
    )
    upvote_delete = "DELETE FROM live_questionvote WHERE question_id = %s AND participant_id = %s"
    contributed = "UPDATE live_participant SET contributions = contributions + 1 WHERE id = %s"
    poll_read = (
        "SELECT p.kind, p.status, s.status FROM live_poll p"
        " JOIN live_livesession s ON s.id = p.session_id WHERE p.id = %s AND p.session_id = %s"
    )
    poll_options = "SELECT id, position FROM live_polloption WHERE poll_id = %s"
    option_count = "UPDATE live_polloption SET votes = votes + 1 WHERE id = %s"
    answer_insert = (
        "INSERT INTO live_pollresponse (poll_id, participant_id, slot, option_id, text, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)"
    )
    answers_given = (
        "SELECT COUNT(*) FROM live_pollresponse WHERE poll_id = %s AND participant_id = %s"
    )


class _Refused(Exception):
    """The hot path's statement changed nothing: the slow path says why."""


def _now_value() -> Any:
    """Now, as the database backend stores a DateTimeField (what the ORM would send)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _require_open(session: LiveSession) -> None:
    if not session.is_open:
        raise LiveError("This live session is closed.", code="closed")


def _clean_text(value: Any, *, field: str, label: str, max_chars: int) -> str:
    if not isinstance(value, str):
        raise LiveError(f"{label}: expected text.", field=field)
    text = " ".join(value.split())
    if not text:
        raise LiveError(f"{label} is empty.", field=field, code="empty")
    if len(text) > max_chars:
        raise LiveError(
            f"{label} is too long: {len(text)} characters, at most {max_chars}.",
            field=field,
            code="too_long",
        )
    return text


# --- the session -----------------------------------------------------------------------------


def session_open(
    *,
    activity: Activity,
    identity: str = LiveSession.Identity.ANONYMOUS,
    moderation: bool = False,
    now: datetime | None = None,
) -> LiveSession:
    """Open the activity's live session (creating it with a fresh unique code), or reopen it."""
    if identity not in LiveSession.Identity.values:
        raise LiveError(f"Unknown identity setting “{identity}”.", field="identity")
    now = now or timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().filter(activity=activity).first()
        if session is None:
            for _ in range(10):
                code = new_code()
                if not LiveSession.objects.filter(code=code).exists():
                    break
            session = LiveSession.objects.create(
                activity=activity,
                code=code,
                identity=identity,
                moderation=moderation,
                opened_at=now,
            )
        else:
            session.status = LiveSession.Status.OPEN
            session.closed_at = None
            session.save(update_fields=["status", "closed_at"])
        _changed(session.pk)
    return session


def session_settings(*, session: LiveSession, identity: str, moderation: bool) -> LiveSession:
    if identity not in LiveSession.Identity.values:
        raise LiveError(f"Unknown identity setting “{identity}”.", field="identity")
    with transaction.atomic():
        session.identity = identity
        session.moderation = moderation
        session.save(update_fields=["identity", "moderation"])
        _changed(session.pk)
    return session


def session_close(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Close the session: nobody can act any more, open polls close, hands are lowered, and
    the participation of named and matched members is recorded on the activity."""
    now = now or timezone.now()
    with transaction.atomic():
        session.status = LiveSession.Status.CLOSED
        session.closed_at = now
        session.save(update_fields=["status", "closed_at"])
        Poll.objects.filter(session=session, status=Poll.Status.OPEN).update(
            status=Poll.Status.CLOSED
        )
        Hand.objects.filter(session=session).delete()
        participation_record(session=session, now=now)
        _changed(session.pk)
    return session


def participation_record(*, session: LiveSession, now: datetime | None = None) -> int:
    """Record the participation of the session's members; returns how many contribution
    records were written.

    Only participants linked to a member count (anonymous participants count in the metrics but
    are never linked to anyone). Those who contributed get a contribution record, rewritten on
    every close so that closing twice does not double them. That they attended is told to
    execution (``members_joined_live``, after commit), which marks their registration and
    writes their attendance once, whether they also checked in or appear in an imported report.
    """
    activity = session.activity
    occurred_at = session.closed_at or now or timezone.now()
    earlier = ParticipationRecord.objects.filter(activity=activity, source=RECORD_SOURCE)
    touched = set(earlier.values_list("member_id", flat=True))
    earlier.delete()
    rows = []
    linked = Participant.objects.filter(session=session, member__isnull=False)
    seen: set[int] = set()
    for participant in linked.order_by("-contributions"):
        member_id = participant.member_id
        if member_id is None or member_id in seen:
            continue
        seen.add(member_id)
        if participant.contributions:
            rows.append(
                ParticipationRecord(
                    community_id=activity.community_id,
                    member_id=member_id,
                    kind=ParticipationRecord.Kind.CONTRIBUTION,
                    activity=activity,
                    activity_title=activity.title[:200],
                    detail=f"{participant.contributions} contributions in the live session",
                    occurred_at=occurred_at,
                    source=RECORD_SOURCE,
                )
            )
    ParticipationRecord.objects.bulk_create(rows)
    # The records count towards the members' participation levels, as a check-in's does.
    participation_levels_refresh(community=activity.community, member_ids=touched | seen)
    if seen:
        send_on_commit(
            activity_events.members_joined_live,
            activity_id=activity.pk,
            member_ids=sorted(seen),
            when=session.opened_at.isoformat(),
        )
    return len(rows)


# --- joining ---------------------------------------------------------------------------------


def _member_match(session: LiveSession, email: str, user: User | None) -> Member | None:
    members = Member.objects.active().filter(community_id=session.activity.community_id)
    if user is not None and user.is_authenticated:
        by_login = members.filter(user=user).first() or (
            members.filter(email__iexact=user.email).first() if user.email else None
        )
        if by_login:
            return by_login
    if email:
        return members.filter(email__iexact=email).first()
    return None


def participant_join(
    *, session: LiveSession, name: Any = "", email: Any = "", user: User | None = None
) -> Participant:
    """A new participant, following the session's identity setting.

    anonymous: a name is optional, nobody is linked to a member; named: a name is required and
    a given e-mail (or the login) links the participant to the matching member; members: the
    e-mail or login must match a member of the community.
    """
    _require_open(session)
    name = "" if name is None else name
    email = "" if email is None else email
    if not isinstance(name, str) or not isinstance(email, str):
        raise LiveError("Name and e-mail must be text.", field="name")
    name = " ".join(name.split())
    email = email.strip()
    if len(name) > NAME_MAX_CHARS:
        raise LiveError(
            f"Name is too long: {len(name)} characters, at most {NAME_MAX_CHARS}.", field="name"
        )
    if len(email) > 254 or (email and "@" not in email):
        raise LiveError(f"“{email[:60]}” is not an e-mail address.", field="email")
    member = None
    if session.identity == LiveSession.Identity.NAMED:
        if not name:
            raise LiveError("This session asks for your name.", field="name", code="empty")
        member = _member_match(session, email, user)
    elif session.identity == LiveSession.Identity.MEMBERS:
        member = _member_match(session, email, user)
        if member is None:
            raise LiveError(
                "This session is for members of the community: enter the e-mail address "
                "you are registered with (or log in).",
                field="email",
                code="not_member",
            )
        name = name or member.full_name
    with transaction.atomic():
        participant = Participant.objects.create(session=session, name=name, member=member)
        _changed(session.pk)
    return participant


# --- questions -------------------------------------------------------------------------------


def _contributed(participant: Participant) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_SQL.contributed, [participant.pk])


def question_ask(*, participant: Participant, text: Any, now: datetime | None = None) -> Question:
    session = participant.session
    _require_open(session)
    text = _clean_text(text, field="text", label="Question", max_chars=QUESTION_MAX_CHARS)
    now = now or timezone.now()
    mine = Question.objects.filter(participant=participant)
    if mine.filter(created_at__gte=now - timedelta(minutes=1)).count() >= QUESTIONS_PER_MINUTE:
        raise LiveError(
            f"You can ask at most {QUESTIONS_PER_MINUTE} questions a minute: wait a moment.",
            field="text",
            code="rate_limited",
        )
    if mine.count() >= QUESTIONS_PER_SESSION:
        raise LiveError(
            f"You have asked {QUESTIONS_PER_SESSION} questions, the most one person can ask "
            "in a session.",
            field="text",
            code="rate_limited",
        )
    status = Question.Status.PENDING if session.moderation else Question.Status.VISIBLE
    with transaction.atomic():
        question = Question.objects.create(
            session=session, participant=participant, text=text, status=status
        )
        _contributed(participant)
        _changed(session.pk)
    return question


# Ids are 64-bit database keys: a larger number (JSON allows any) is no object's id, and
# comparing it with a key would overflow the database driver.
MAX_OBJECT_ID = 2**63 - 1


def _is_object_id(value: Any) -> bool:
    """True when ``value`` can be a row's id: a positive integer within 64 bits (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_OBJECT_ID


def _question_of(session: LiveSession, question_id: Any) -> Question:
    if not _is_object_id(question_id):
        raise LiveError("question: expected a question id (a number).", field="question")
    question = Question.objects.filter(session=session, pk=question_id).first()
    if question is None:
        raise LiveError(f"There is no question {question_id} in this session.", field="question")
    return question


def _require_open_now(session_id: int) -> None:
    """The session's status as stored now (for callers holding a session read earlier)."""
    if not LiveSession.objects.filter(pk=session_id, status=LiveSession.Status.OPEN).exists():
        raise LiveError("This live session is closed.", code="closed")


def question_upvote(*, participant: Participant, question_id: Any, undo: bool = False) -> int:
    """Upvote (or take back an upvote); returns the question's new vote count.

    The session's status is checked in the statement that counts the vote, so the caller's
    ``participant.session`` may have been read earlier (a websocket keeps it).
    """
    session = participant.session
    if not _is_object_id(question_id):
        _require_open_now(session.pk)
        raise LiveError("question: expected a question id (a number).", field="question")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _SQL.question_count,
                [-1 if undo else 1, question_id, session.pk, Question.Status.VISIBLE]
                + [session.pk, LiveSession.Status.OPEN],
            )
            if cursor.rowcount != 1:
                raise _Refused
            if undo:
                cursor.execute(_SQL.upvote_delete, [question_id, participant.pk])
                if cursor.rowcount != 1:
                    raise LiveError(
                        "You have not upvoted this question.", field="question", code="not_voted"
                    )
            else:
                cursor.execute(_SQL.upvote_insert, [question_id, participant.pk, _now_value()])
                cursor.execute(_SQL.contributed, [participant.pk])
            cursor.execute(_SQL.question_votes, [question_id])
            (votes,) = cursor.fetchone()
            _changed(session.pk)
    except IntegrityError:  # only the vote's unique constraint can fail here
        raise LiveError(
            "You have already upvoted this question.", field="question", code="duplicate"
        ) from None
    except _Refused:  # say why: the session's status first, then the question's
        _require_open_now(session.pk)
        _question_of(session, question_id)
        raise LiveError("This question is not open for votes.", field="question") from None
    return int(votes)


MODERATION_ACTIONS = (
    "approve",
    "hide",
    "restore",
    "merge",
    "answer",
    "unanswer",
    "pin",
    "unpin",
)


def question_moderate(
    *, session: LiveSession, question_id: Any, action: str, reason: Any = "", into: Any = None
) -> Question:
    """A facilitator's decision on a question: approve, hide (with a reason), restore, merge
    into another (its votes move there), mark answered or not, pin or unpin (one pin at a time)."""
    if action not in MODERATION_ACTIONS:
        raise LiveError(
            f"Unknown action “{action}”; one of {', '.join(MODERATION_ACTIONS)}.", field="action"
        )
    question = _question_of(session, question_id)
    with transaction.atomic():
        fields: list[str] = []
        if action in ("approve", "restore"):
            question.status, question.hidden_reason = Question.Status.VISIBLE, ""
            fields = ["status", "hidden_reason"]
        elif action == "hide":
            reason = _clean_text(reason, field="reason", label="Reason", max_chars=200)
            question.status, question.hidden_reason, question.pinned = (
                Question.Status.HIDDEN,
                reason,
                False,
            )
            fields = ["status", "hidden_reason", "pinned"]
        elif action == "merge":
            target = _question_of(session, into)
            if target.pk == question.pk:
                raise LiveError("A question cannot be merged into itself.", field="into")
            if target.status == Question.Status.MERGED:
                raise LiveError("That question was itself merged away.", field="into")
            _merge(question, target)
            question.status, question.merged_into, question.pinned = (
                Question.Status.MERGED,
                target,
                False,
            )
            fields = ["status", "merged_into", "pinned"]
        elif action in ("answer", "unanswer"):
            question.answered = action == "answer"
            fields = ["answered"]
        elif action == "pin":
            Question.objects.filter(session=session, pinned=True).update(pinned=False)
            question.pinned = True
            fields = ["pinned"]
        elif action == "unpin":
            question.pinned = False
            fields = ["pinned"]
        question.save(update_fields=fields)
        _changed(session.pk)
    return question


def _merge(duplicate: Question, target: Question) -> None:
    """Move the duplicate's upvotes to the target; someone who upvoted both counts once."""
    already = QuestionVote.objects.filter(question=target).values("participant_id")
    moved = QuestionVote.objects.filter(question=duplicate).exclude(participant_id__in=already)
    moved_count = moved.update(question=target)
    QuestionVote.objects.filter(question=duplicate).delete()
    Question.objects.filter(pk=target.pk).update(votes=F("votes") + moved_count)
    Question.objects.filter(pk=duplicate.pk).update(votes=0)


# --- polls -----------------------------------------------------------------------------------


def poll_create(
    *,
    session: LiveSession,
    kind: str,
    prompt: Any,
    options: Sequence[str] = (),
    scale_max: int = 5,
) -> Poll:
    if kind not in Poll.Kind.values:
        raise LiveError(
            f"Unknown poll kind “{kind}”; one of {', '.join(Poll.Kind.values)}.", field="kind"
        )
    prompt = _clean_text(prompt, field="prompt", label="Poll question", max_chars=300)
    labels = [" ".join(o.split()) for o in options if o and o.strip()]
    if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        if len(labels) < 2:
            raise LiveError("A choice poll needs at least two options.", field="options")
        if len(labels) > POLL_OPTIONS_MAX:
            raise LiveError(f"At most {POLL_OPTIONS_MAX} options.", field="options")
        if len(set(labels)) != len(labels):
            raise LiveError("Two options have the same text.", field="options")
        too_long = [label for label in labels if len(label) > 200]
        if too_long:
            raise LiveError(
                f"Option “{too_long[0][:40]}…” is over 200 characters.", field="options"
            )
    elif kind == Poll.Kind.RATING:
        if scale_max not in RATING_SCALES:
            raise LiveError("A rating scale goes from 1 to between 2 and 10.", field="scale_max")
        labels = [str(n) for n in range(1, scale_max + 1)]
    else:
        labels = []
    with transaction.atomic():
        position = Poll.objects.filter(session=session).count() + 1
        poll = Poll.objects.create(
            session=session, kind=kind, prompt=prompt, scale_max=scale_max, position=position
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=i, label=label) for i, label in enumerate(labels, 1)
        )
        _changed(session.pk)
    return poll


POLL_ACTIONS = ("open", "close", "reveal", "unreveal", "reset", "show", "unshow", "delete")


def poll_control(*, session: LiveSession, poll_id: Any, action: str) -> Poll | None:
    """open (and show it), close, reveal / unreveal results, reset (drop every answer), show /
    unshow on the participants' and presenter's screens, delete. One poll is shown at a time."""
    if action not in POLL_ACTIONS:
        raise LiveError(
            f"Unknown poll action “{action}”; one of {', '.join(POLL_ACTIONS)}.", field="action"
        )
    if not _is_object_id(poll_id):
        raise LiveError("poll: expected a poll id (a number).", field="poll")
    with transaction.atomic():
        poll = Poll.objects.select_for_update().filter(session=session, pk=poll_id).first()
        if poll is None:
            raise LiveError(f"There is no poll {poll_id} in this session.", field="poll")
        if action == "delete":
            poll.delete()
            _changed(session.pk)
            return None
        if action == "open":
            _require_open(session)
            poll.status = Poll.Status.OPEN
            LiveSession.objects.filter(pk=session.pk).update(current_poll=poll)
            session.current_poll = poll
        elif action == "close":
            poll.status = Poll.Status.CLOSED
        elif action in ("reveal", "unreveal"):
            poll.revealed = action == "reveal"
        elif action == "reset":
            PollResponse.objects.filter(poll=poll).delete()
            PollOption.objects.filter(poll=poll).update(votes=0)
            poll.revealed = False
        elif action == "show":
            LiveSession.objects.filter(pk=session.pk).update(current_poll=poll)
            session.current_poll = poll
        elif action == "unshow":
            LiveSession.objects.filter(pk=session.pk, current_poll=poll).update(current_poll=None)
            session.current_poll = None
        poll.save(update_fields=["status", "revealed"])
        _changed(session.pk)
    return poll


def poll_answer(*, participant: Participant, poll_id: Any, answer: Any) -> None:
    """Answer a poll: ``answer`` is an option id (single), a list of option ids (multiple),
    a number 1..scale (rating), or a text (word cloud: one word or short phrase; open text).

    The poll's and the session's status are read in the transaction that stores the answer, so
    the caller's ``participant.session`` may have been read earlier (a websocket keeps it)."""
    session = participant.session
    if not _is_object_id(poll_id):
        _require_open_now(session.pk)
        raise LiveError("poll: expected a poll id (a number).", field="poll")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_SQL.poll_read, [poll_id, session.pk])
            found = cursor.fetchone()
            if found is None:
                _require_open_now(session.pk)
                raise LiveError(f"There is no poll {poll_id} in this session.", field="poll")
            kind, status, session_status = found
            if session_status != LiveSession.Status.OPEN:
                raise LiveError("This live session is closed.", code="closed")
            if status != Poll.Status.OPEN:
                raise LiveError("This poll is closed.", field="poll", code="closed")
            cursor.execute(_SQL.poll_options, [poll_id])
            options: dict[int, int] = dict(cursor.fetchall())  # id -> position
            rows, chosen = _answer_rows(cursor, kind, options, poll_id, participant, answer)
            now = _now_value()
            cursor.executemany(
                _SQL.answer_insert,
                [[poll_id, participant.pk, slot, option, text, now] for slot, option, text in rows],
            )
            if chosen:
                cursor.executemany(_SQL.option_count, [[option] for option in chosen])
            cursor.execute(_SQL.contributed, [participant.pk])
            _changed(session.pk)
    except IntegrityError:
        raise LiveError(
            "You have already answered this poll.", field="poll", code="duplicate"
        ) from None


def _answer_rows(
    cursor: Any,
    kind: str,
    options: dict[int, int],
    poll_id: int,
    participant: Participant,
    answer: Any,
) -> tuple[list[tuple[int, int | None, str]], list[int]]:
    """The response rows (slot, option id, text) an answer stores, and the options it counts;
    LiveError when the answer does not fit the poll."""
    if kind == Poll.Kind.SINGLE:
        if answer not in options or isinstance(answer, bool):
            raise LiveError("answer: choose one of the poll's options.", field="answer")
        return [(0, answer, "")], [answer]
    if kind == Poll.Kind.MULTIPLE:
        if (
            not isinstance(answer, list)
            or not answer
            or any(a not in options or isinstance(a, bool) for a in answer)
            or len(set(answer)) != len(answer)
        ):
            raise LiveError("answer: choose one or more of the poll's options.", field="answer")
        return [(options[a], a, "") for a in answer], list(answer)
    if kind == Poll.Kind.RATING:
        if (
            not isinstance(answer, int)
            or isinstance(answer, bool)
            or not 1 <= answer <= len(options)
        ):
            raise LiveError(f"answer: give a rating from 1 to {len(options)}.", field="answer")
        option = next(pk for pk, position in options.items() if position == answer)
        return [(0, option, "")], [option]
    limit = WORD_MAX_CHARS if kind == Poll.Kind.WORDS else ANSWER_MAX_CHARS
    text = _clean_text(answer, field="answer", label="Answer", max_chars=limit)
    if kind == Poll.Kind.WORDS:
        text = text.lower()
    cursor.execute(_SQL.answers_given, [poll_id, participant.pk])
    (used,) = cursor.fetchone()
    if used >= WORDS_PER_POLL:
        raise LiveError(
            f"You have given {WORDS_PER_POLL} answers to this poll, the most it takes.",
            field="answer",
            code="duplicate",
        )
    return [(used + 1, None, text)], []


# --- hands and reactions ---------------------------------------------------------------------


def hand_raise(*, participant: Participant, up: bool = True) -> bool:
    """Raise (or lower) the participant's hand; returns whether it is now raised."""
    session = participant.session
    _require_open(session)
    with transaction.atomic():
        if up:
            Hand.objects.get_or_create(session=session, participant=participant)
        else:
            Hand.objects.filter(session=session, participant=participant).delete()
        _changed(session.pk)
    return up


def hand_give_turn(*, session: LiveSession, participant_id: Any) -> Participant:
    """Give the floor to a raised hand: it leaves the queue; the turn counts as a contribution."""
    hand = (
        Hand.objects.filter(session=session, participant_id=participant_id)
        .select_related("participant")
        .first()
        if _is_object_id(participant_id)
        else None
    )
    if hand is None:
        raise LiveError("That participant has no hand raised.", field="participant")
    with transaction.atomic():
        hand.delete()
        Participant.objects.filter(pk=hand.participant_id).update(
            turns=F("turns") + 1, contributions=F("contributions") + 1
        )
        _changed(session.pk)
    return hand.participant


def react(*, participant: Participant, kind: Any) -> None:
    session = participant.session
    _require_open(session)
    if kind not in REACTIONS:
        raise LiveError(f"Unknown reaction; one of {', '.join(REACTIONS)}.", field="reaction")
    with transaction.atomic():
        counter, _ = ReactionCount.objects.get_or_create(session=session, kind=kind)
        ReactionCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        _changed(session.pk)
