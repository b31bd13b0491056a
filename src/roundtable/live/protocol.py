"""The live protocol: one function that turns a client's message into a service call.

The websocket consumer and the HTTP fallback both call :func:`message_handle`, so the two
transports accept the same messages and answer with the same acknowledgements and errors
(docs/live.md lists them). It runs synchronously (in a worker thread under ASGI) and returns
only after the service committed.
"""

import json
import logging
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError

from roundtable.live import services
from roundtable.live.models import LiveSession, Participant
from roundtable.live.selectors import participant_mine, session_by_code, session_state
from roundtable.web.rate_limit import rate_limited

logger = logging.getLogger(__name__)

MESSAGE_MAX_BYTES = 4096

PARTICIPANT_TYPES = ("ask", "upvote", "unvote", "vote", "hand", "react")
STAFF_TYPES = ("moderate", "poll_create", "poll", "give_turn")


class ProtocolError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", field: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.field = field


def message_parse(text: str | bytes | None) -> dict[str, Any]:
    """The message as a dict, or ProtocolError saying what is wrong with it."""
    if text is None:
        raise ProtocolError("Empty message: send a JSON object.", code="empty")
    if len(text) > MESSAGE_MAX_BYTES:
        raise ProtocolError(
            f"Message too large: {len(text)} bytes, at most {MESSAGE_MAX_BYTES}.", code="too_large"
        )
    if not text.strip():
        raise ProtocolError("Empty message: send a JSON object.", code="empty")
    try:
        message = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ProtocolError(f"Malformed JSON: {error}.", code="malformed") from None
    if not isinstance(message, dict):
        raise ProtocolError("A message must be a JSON object with a “type”.", code="malformed")
    if not isinstance(message.get("type"), str):
        raise ProtocolError("The message has no “type”.", code="malformed", field="type")
    return message


def reply_error(ref: Any, error: Exception) -> dict[str, Any]:
    return {
        "type": "error",
        "ref": ref,
        "code": getattr(error, "code", "invalid"),
        "field": getattr(error, "field", ""),
        "message": str(error),
    }


def unknown_session(code: str) -> dict[str, Any]:
    """The error for a code no session has (on the socket before closing it, or over HTTP)."""
    return {
        "type": "error",
        "code": "unknown_session",
        "message": f"No live session has the code “{code[:12]}”.",
    }


BUSY_RETRY_SECONDS = 1


def message_handle(
    *,
    session: LiveSession,
    participant: Participant | None,
    staff: bool,
    message: dict[str, Any],
) -> dict[str, Any]:
    """Carry out one message; the acknowledgement to send (after the commit) or an error reply."""
    ref = message.get("ref")
    kind = message["type"]
    try:
        result = _dispatch(session, participant, staff, kind, message)
    except (services.LiveError, ProtocolError) as error:
        return reply_error(ref, error)
    except OperationalError as error:
        if not database_busy(error):
            raise
        # SQLite's writer lock held past its timeout (a large import): nothing was written, the
        # socket stays open, and the client sends the action again after ``retry_after``.
        logger.warning("live %s refused: the database is busy", kind)
        return {
            "type": "error",
            "ref": ref,
            "code": "busy",
            "field": "",
            "message": "The server is busy: your action was not saved yet. Sending it again…",
            "retry_after": BUSY_RETRY_SECONDS,
        }
    return {"type": "ack", "ref": ref, "committed_at": time.time(), "result": result}


def database_busy(error: OperationalError) -> bool:
    """Whether the database refused for being busy (SQLite's lock), not for another fault."""
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text


def _dispatch(
    session: LiveSession,
    participant: Participant | None,
    staff: bool,
    kind: str,
    m: dict[str, Any],
) -> dict[str, Any]:
    if kind in PARTICIPANT_TYPES:
        if participant is None:
            raise ProtocolError("Join the session first (send “join”).", code="not_joined")
        participant.session = session
        if kind == "ask":
            question = services.question_ask(participant=participant, text=m.get("text"))
            return {"question": question.pk, "status": question.status}
        if kind in ("upvote", "unvote"):
            votes = services.question_upvote(
                participant=participant, question_id=m.get("question"), undo=kind == "unvote"
            )
            return {"question": m.get("question"), "votes": votes}
        if kind == "vote":
            services.poll_answer(
                participant=participant, poll_id=m.get("poll"), answer=m.get("answer")
            )
            return {"poll": m.get("poll")}
        if kind == "hand":
            return {
                "hand": services.hand_raise(participant=participant, up=m.get("up") is not False)
            }
        services.react(participant=participant, kind=m.get("reaction"))
        return {}
    if kind in STAFF_TYPES:
        if not staff:
            raise ProtocolError("Only the session's facilitators can do that.", code="forbidden")
        if kind == "moderate":
            question = services.question_moderate(
                session=session,
                question_id=m.get("question"),
                action=str(m.get("action")),
                reason=m.get("reason", ""),
                into=m.get("into"),
            )
            return {"question": question.pk, "status": question.status}
        if kind == "poll_create":
            options = m.get("options") or []
            if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
                raise ProtocolError("options: expected a list of texts.", field="options")
            scale = m.get("scale_max", 5)
            poll = services.poll_create(
                session=session,
                kind=str(m.get("kind")),
                prompt=m.get("prompt"),
                options=options,
                scale_max=scale if isinstance(scale, int) else 0,
            )
            return {"poll": poll.pk}
        if kind == "poll":
            controlled = services.poll_control(
                session=session, poll_id=m.get("poll"), action=str(m.get("action"))
            )
            return {"poll": controlled.pk if controlled else None}
        given = services.hand_give_turn(session=session, participant_id=m.get("participant"))
        return {"participant": given.pk}
    if kind == "join":
        raise ProtocolError("Use the join message only once, before anything else.", code="joined")
    raise ProtocolError(f"Unknown message type “{kind[:40]}”.", code="unknown_type", field="type")


def session_lookup(*, code: str, client: str) -> LiveSession | None:
    """The session a typed or linked code names (see ``selectors.session_by_code``), for any
    transport; ``client`` is the sender's address.

    A wrong code counts against the address: past ``LIVE_CODE_MISSES_PER_MINUTE`` wrong codes
    in a minute, every lookup from it is refused for the rest of the minute (ProtocolError,
    code ``rate_limited``), so codes cannot be tried one after the other.
    """

    def missed(*, count: bool) -> bool:
        return rate_limited(
            None,
            scope="live-code-miss",
            key=client,
            limit=settings.LIVE_CODE_MISSES_PER_MINUTE,
            seconds=60,
            count=count,
        )

    if missed(count=False):
        raise ProtocolError(
            "Too many wrong codes from this address: wait a minute, then check the code on the "
            "screen.",
            code="rate_limited",
        )
    session = session_by_code(code=code)
    if session is None:
        missed(count=True)
    return session


def join_handle(
    *, session: LiveSession, message: dict[str, Any], user: Any, client: str
) -> tuple[dict[str, Any], Participant | None]:
    """A ``join`` message, from either transport: the reply (an ack with the participant's id
    and token, or an error) and the new participant (None when refused).

    ``client`` is the sender's address (``roundtable.web.client_address``): at most
    ``LIVE_JOINS_PER_MINUTE`` joins a minute from one address, whichever transport carries
    them, so a poll cannot be stuffed and members-only sessions cannot be probed for e-mail
    addresses. ``user`` is the logged-in account, if any.
    """
    ref = message.get("ref")
    if rate_limited(
        None,
        scope="live-join",
        key=client,
        limit=settings.LIVE_JOINS_PER_MINUTE,
        seconds=60,
    ):
        error = ProtocolError(
            "Too many people joined from this address in the last minute: wait a minute and "
            "try again.",
            code="rate_limited",
        )
        return reply_error(ref, error), None
    authenticated = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        participant = services.participant_join(
            session=session,
            name=message.get("name", ""),
            email=message.get("email", ""),
            user=authenticated,
        )
    except services.LiveError as error:
        return reply_error(ref, error), None
    result = {"participant": participant.pk, "token": participant.token}
    return {"type": "ack", "ref": ref, "committed_at": time.time(), "result": result}, participant


def hello(*, session: LiveSession, participant: Participant | None, staff: bool) -> dict[str, Any]:
    """The first message after (re)connecting: the full current state, and what is mine."""
    return {
        "type": "state",
        "built_at": time.time(),
        "state": session_state(session=session, staff=staff),
        "me": participant_mine(participant=participant) if participant else None,
    }
