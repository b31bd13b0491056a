"""The live websocket: ``/ws/live/<code>/``.

On connect the client gets the full state (so a reconnect resyncs); then it sends messages
(docs/live.md) and gets one ``ack`` (after the commit) or ``error`` per message, plus ``state``
pushes from the hub at most 4 times a second. A client that floods is told to slow down, and
disconnected if it keeps going; the session goes on for everyone else.
"""

import functools
import time
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import close_old_connections, connections

from roundtable.live import broadcast
from roundtable.live.models import LiveSession, Participant
from roundtable.live.protocol import (
    ProtocolError,
    join_handle,
    message_handle,
    message_parse,
    reply_error,
    session_lookup,
    unknown_session,
)
from roundtable.web.client_address import client_address_resolve

RATE_PER_SECOND = 5.0  # sustained messages a client may send
BURST = 20
FLOOD_CLOSE_AFTER = 100  # refused messages in a row before the socket is closed
CLOSE_UNKNOWN_SESSION = 4404
CLOSE_FLOOD = 4429


@functools.cache
def _in_parallel() -> bool:
    """Whether actions run on a pool of threads rather than one after the other on the process's
    database thread. PostgreSQL takes concurrent transactions (row locks keep every count
    exact), and there each action is several round trips and a commit that waits for the disk:
    in parallel they overlap (and commits are flushed together). SQLite has a single writer."""
    return connections["default"].vendor == "postgresql"


def cookie_name(code: str) -> str:
    return f"live_{code}"


class TokenBucket:
    def __init__(self, rate: float = RATE_PER_SECOND, burst: int = BURST) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _connect_lookup(
    code: str, token: str | None, user: Any, want_staff: bool, client: str
) -> tuple[LiveSession | None, Participant | None, bool]:
    """The session, the rejoining participant and whether staff; ProtocolError when the
    address tried too many wrong codes."""
    from roundtable.live.selectors import is_facilitator, participant_by_token

    session = session_lookup(code=code, client=client)
    if session is None:
        return None, None, False
    participant = participant_by_token(session=session, token=token)
    staff = want_staff and user is not None and is_facilitator(user=user, session=session)
    return session, participant, staff


def _join(
    session_id: int, message: dict[str, Any], user: Any, client: str
) -> tuple[dict[str, Any], Participant | None]:
    session = LiveSession.objects.select_related("activity").get(pk=session_id)
    return join_handle(session=session, message=message, user=user, client=client)


def _scope_client(scope: dict[str, Any]) -> str:
    """The socket's client address, honouring X-Forwarded-For only from trusted proxies."""
    peer = (scope.get("client") or [None])[0]
    forwarded = [
        value.decode("latin-1")
        for name, value in scope.get("headers", [])
        if name.lower() == b"x-forwarded-for"
    ]
    return client_address_resolve(peer=peer, forwarded_for=forwarded)


# Participant actions whose service reads the session's status with its target (one query
# fewer per action): they run with the session the socket read when it connected.
KEPT_SESSION_TYPES = frozenset({"upvote", "unvote", "vote"})


def _handle(
    session: LiveSession, participant: Participant | None, staff: bool, message: dict[str, Any]
) -> dict[str, Any]:
    if message["type"] not in KEPT_SESSION_TYPES or participant is None:
        session = LiveSession.objects.select_related("activity").get(pk=session.pk)
    return message_handle(session=session, participant=participant, staff=staff, message=message)


def _handle_in_parallel(
    session: LiveSession, participant: Participant | None, staff: bool, message: dict[str, Any]
) -> dict[str, Any]:
    """``_handle`` on a thread of the pool. Its connection lives in the call's context, where
    database_sync_to_async's own clean-up around the call does not see it: closed here once
    older than CONN_MAX_AGE, as any request's connection (kept open between calls otherwise)."""
    close_old_connections()
    try:
        return _handle(session, participant, staff, message)
    finally:
        close_old_connections()


def _mine(participant: Participant) -> dict[str, Any]:
    from roundtable.live.selectors import participant_mine

    return participant_mine(participant=participant)


class LiveConsumer(AsyncWebsocketConsumer):
    # No channel of its own on the layer: the process's hub is the only layer member and fans
    # out to its sockets (one Redis reader per process, not one per participant).
    channel_layer_alias = "live-sockets-use-the-hub"
    session_id: int = 0
    session: LiveSession
    participant: Participant | None = None
    staff = False

    async def connect(self) -> None:
        await self.accept()
        code = self.scope["url_route"]["kwargs"]["code"]
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [None])[0] or self.scope.get("cookies", {}).get(
            cookie_name(code.upper())
        )
        user = self.scope.get("user")
        try:
            session, participant, staff = await database_sync_to_async(_connect_lookup)(
                code, token, user, (query.get("staff") or [""])[0] == "1", _scope_client(self.scope)
            )
        except ProtocolError as error:
            await self.send_json(reply_error(None, error))
            await self.close(code=CLOSE_UNKNOWN_SESSION)
            return
        if session is None:
            await self.send_json(unknown_session(code))
            await self.close(code=CLOSE_UNKNOWN_SESSION)
            return
        self.session, self.session_id = session, session.pk
        self.participant, self.staff = participant, staff
        self.bucket = TokenBucket()
        self.refused = 0
        self.hub = await broadcast.hub()
        await self.hub.attach(self.session_id, self)
        await self._send_current()

    async def _send_current(self) -> None:
        """The full state, from this process's last push (or one build shared by every socket
        connecting meanwhile: no state build per (re)connection), with the participant's own
        part; the patches that follow build on its number."""
        me = await database_sync_to_async(_mine)(self.participant) if self.participant else None
        current = await self.hub.current(self.session_id)
        if current is None:  # deleted meanwhile
            await self.close(code=CLOSE_UNKNOWN_SESSION)
            return
        text = current.staff_text if self.staff else current.public_text
        mine = broadcast.message_text(me) if me is not None else "null"
        # A JSON object: splice "me" in before its closing brace.
        await self.send(text_data=text[:-1] + ',"me":' + mine + "}")

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, in a trip of its
        # own to the database thread; every database call here goes through
        # database_sync_to_async, which does that already. One trip per message instead of two.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        if self.session_id:
            await self.hub.detach(self.session_id, self)

    async def push(self, text: str) -> None:
        await self.send(text_data=text)

    async def send_json(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=broadcast.message_text(payload))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.session_id:
            return
        if not self.bucket.take():
            self.refused += 1
            if self.refused >= FLOOD_CLOSE_AFTER:
                await self.send_json(
                    {
                        "type": "error",
                        "code": "flood",
                        "message": "Too many messages: disconnected.",
                    }
                )
                await self.close(code=CLOSE_FLOOD)
            elif self.refused == 1 or self.refused % 10 == 0:
                await self.send_json(
                    {
                        "type": "error",
                        "code": "rate_limited",
                        "message": f"Too many messages: at most {RATE_PER_SECOND:g} a second. "
                        "Wait a moment.",
                    }
                )
            return
        self.refused = 0
        try:
            message = message_parse(text_data if text_data is not None else bytes_data)
        except ProtocolError as error:
            await self.send_json(reply_error(None, error))
            return
        if message["type"] == "join" and self.participant is None and not self.staff:
            await self._join(message)
            return
        if message["type"] == "resync":
            await self._send_current()
            return
        if _in_parallel():
            handle = database_sync_to_async(_handle_in_parallel, thread_sensitive=False)
        else:
            handle = database_sync_to_async(_handle)
        reply = await handle(self.session, self.participant, self.staff, message)
        await self.send_json(reply)

    async def _join(self, message: dict[str, Any]) -> None:
        reply, participant = await database_sync_to_async(_join)(
            self.session_id, message, self.scope.get("user"), _scope_client(self.scope)
        )
        if participant is not None:
            self.participant = participant
        await self.send_json(reply)
