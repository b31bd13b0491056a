"""Coalesced broadcasts: each server process pushes a session's state at most 4 times a second.

A service that changed a session calls :func:`session_changed` after its commit. That only
marks the session dirty; the process's :class:`Hub` wakes every ``TICK_SECONDS``, builds the
state of each dirty session once (one query set per audience) and sends it to the session's
channel-layer group. Each process's hub is the group's only member from that process, and fans
it out to its own websockets, so the channel layer carries one message per process per tick,
never one per vote per listener. With Redis (``REDIS_URL``) the group spans processes: a vote
through one process reaches the sockets of all of them.

Sockets get the full state once (on connect and on ``resync``), then patches: what changed
since the hub's previous push (:mod:`roundtable.domain.state_patch`), numbered per audience so
that a client that missed one asks for the full state again. Each hub diffs against what it
pushed itself, so patches stay consistent whichever process built the state.

A process with no hub (a plain WSGI worker, a management command) forwards "dirty" to the group,
and the hubs of the other processes build and push the state.
"""

import asyncio
import gc
import json
import logging
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer

from roundtable.domain.state_patch import state_diff

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.25  # at most 4 broadcasts a second per session and process
SWITCH_INTERVAL_SECONDS = 0.0005
# Young objects collected every 50,000 allocations instead of 700: most of a message's objects
# die before that, so far fewer are promoted and full collections become rare.
GC_THRESHOLDS = (50_000, 20, 100)
_collector_tuned = False


def group_name(session_id: int) -> str:
    return f"live.{session_id}"


class Listener(Protocol):
    staff: bool

    async def push(self, text: str) -> None: ...


State = dict[str, Any]


def _build(session_id: int) -> tuple[State, State, float] | None:
    """The session's state for participants and for facilitators, and when it was read."""
    from roundtable.live.models import LiveSession
    from roundtable.live.selectors import session_states

    session = LiveSession.objects.select_related("activity").filter(pk=session_id).first()
    if session is None:
        return None
    built_at = time.time()
    public, staff = session_states(session=session)
    return public, staff, built_at


def message_text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"))


@dataclass(frozen=True)
class Pushed:
    """What a hub last pushed for a session, per audience: the state and its number."""

    public: State
    staff: State
    public_seq: int
    staff_seq: int
    built_at: float

    @cached_property
    def public_text(self) -> str:
        """The full state message for a participant's socket (made when one needs it)."""
        return _full_text(self.public, self.public_seq, self.built_at)

    @cached_property
    def staff_text(self) -> str:
        return _full_text(self.staff, self.staff_seq, self.built_at)

    def texts(self) -> tuple[str, str]:
        return self.public_text, self.staff_text

    def advance(
        self, public: State, staff: State, built_at: float
    ) -> tuple["Pushed", str | None, str | None]:
        """The next push: the new record, and the patch message per audience (None when that
        audience's state did not change: nothing to send)."""
        public_patch, staff_patch = state_diff(self.public, public), state_diff(self.staff, staff)
        after = Pushed(
            public if public_patch else self.public,
            staff if staff_patch else self.staff,
            self.public_seq + bool(public_patch),
            self.staff_seq + bool(staff_patch),
            built_at,
        )
        return (
            after,
            _patch_text(public_patch, after.public_seq, built_at) if public_patch else None,
            _patch_text(staff_patch, after.staff_seq, built_at) if staff_patch else None,
        )


def _full_text(state: State, seq: int, built_at: float) -> str:
    return message_text({"type": "state", "built_at": built_at, "seq": seq, "state": state})


def _patch_text(patch: dict[str, Any], seq: int, built_at: float) -> str:
    return message_text(
        {"type": "patch", "built_at": built_at, "seq": seq, "base": seq - 1, **patch}
    )


def _collector_tune() -> None:
    """Tune the garbage collector of a process that serves live sessions (once per process).

    With 2,000 sockets the heap holds a few million objects, and a full collection walked them
    all every ~12 s, stopping the event loop and the database thread for 250–350 ms: the p99 of
    every acknowledgement. What is alive when the first socket connects (Django, the app) is
    frozen out of collections, and young collections run far less often, so that short-lived
    objects die by reference counting instead of being promoted towards full collections.
    """
    global _collector_tuned
    if _collector_tuned:
        return
    _collector_tuned = True
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class Hub:
    """One per process and event loop: the dirty set, the ticker, and the local fan-out."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.layer = get_channel_layer()
        self.dirty: set[int] = set()
        # Sessions whose mark is already scheduled on the loop: a burst of commits from the
        # database thread schedules one callback, not one per commit (each call_soon_threadsafe
        # writes to the loop's wake-up pipe and hands the GIL over, stalling the writer).
        self.requested: set[int] = set()
        self.listeners: dict[int, set[Listener]] = {}
        # The last push per session: the base of the next patch, and where a socket that
        # connects while this process follows the session starts, instead of a fresh build.
        self.latest: dict[int, Pushed] = {}
        self.channel = ""
        self._tasks: list[asyncio.Task[None]] = []
        self._building: dict[int, asyncio.Future[Pushed | None]] = {}
        # One process (the in-memory layer reaches no other): fan out without the layer.
        self.local = self.layer is None or isinstance(self.layer, InMemoryChannelLayer)

    async def start(self) -> None:
        # The database thread releases the GIL on every query; with the default 5 ms switch
        # interval it then waits up to 5 ms for the event loop to hand it back, per query
        # (a convoy that capped the actions a second far below the CPU available).
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_SECONDS))
        _collector_tune()
        if self.layer is not None:
            self.channel = await self.layer.new_channel("live-hub.")
            self._tasks.append(self.loop.create_task(self._receive()))
        self._tasks.append(self.loop.create_task(self._tick()))

    def mark(self, session_id: int) -> None:
        self.requested.discard(session_id)
        self.dirty.add(session_id)

    def mark_threadsafe(self, session_id: int) -> None:
        """Mark from another thread, after a commit. When a mark of this session is already
        scheduled, it runs after this call, so its tick builds a state that includes the commit."""
        if session_id in self.requested:
            return
        self.requested.add(session_id)
        self.loop.call_soon_threadsafe(self.mark, session_id)

    async def attach(self, session_id: int, listener: Listener) -> None:
        listeners = self.listeners.setdefault(session_id, set())
        if not listeners and self.layer is not None:
            await self.layer.group_add(group_name(session_id), self.channel)
        listeners.add(listener)

    async def detach(self, session_id: int, listener: Listener) -> None:
        listeners = self.listeners.get(session_id)
        if listeners is None:
            return
        listeners.discard(listener)
        if not listeners:
            del self.listeners[session_id]
            self.latest.pop(session_id, None)  # no longer followed: it would go stale
            if self.layer is not None:
                await self.layer.group_discard(group_name(session_id), self.channel)

    async def current(self, session_id: int) -> Pushed | None:
        """The session's last push, for a socket that just attached (or asked to resync): its
        full state texts carry the number the next patch builds on. When nothing was pushed
        yet, one build shared by every socket connecting meanwhile (a room filling up costs one
        build, not one per socket). Call after ``attach``: a later change comes as a patch."""
        latest = self.latest.get(session_id)
        if latest is not None:
            return latest
        building = self._building.get(session_id)
        if building is None:
            building = self.loop.create_future()
            self._building[session_id] = building
            try:
                built = await database_sync_to_async(_build)(session_id)
            except BaseException as error:
                building.set_exception(error)
                building.exception()  # retrieved: no "never retrieved" warning without waiters
                raise
            finally:
                del self._building[session_id]
            pushed = None
            if built is not None:
                public, staff, built_at = built
                pushed = self.latest.get(session_id) or Pushed(public, staff, 1, 1, built_at)
                if session_id in self.listeners:
                    self.latest[session_id] = pushed  # a push meanwhile is newer: kept
            building.set_result(pushed)
            return pushed
        return await building

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            if not self.dirty:
                continue
            dirty, self.dirty = self.dirty, set()
            for session_id in dirty:
                try:
                    await self._publish(session_id)
                except Exception:  # one failed tick must not stop the broadcasts
                    logger.exception("live: broadcasting session %s failed", session_id)

    async def _publish(self, session_id: int) -> None:
        built = await database_sync_to_async(_build)(session_id)
        if built is None:
            return
        public, staff, built_at = built
        if self.local:
            await self.fan_out(session_id, public, staff, built_at)
            return
        assert self.layer is not None  # noqa: S101 - an invariant, stated for the type checker
        await self.layer.group_send(
            group_name(session_id),
            {
                "type": "live.state",
                "session": session_id,
                "public": public,
                "staff": staff,
                "built_at": built_at,
            },
        )

    async def _receive(self) -> None:
        assert self.layer is not None  # noqa: S101 - an invariant, stated for the type checker
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("live: the channel layer failed; retrying")
                await asyncio.sleep(1)
                continue
            session_id = message.get("session")
            if not isinstance(session_id, int):
                continue
            if message.get("type") == "live.state":
                await self.fan_out(
                    session_id, message["public"], message["staff"], message["built_at"]
                )
            elif message.get("type") == "live.dirty":
                self.mark(session_id)

    async def fan_out(self, session_id: int, public: State, staff: State, built_at: float) -> None:
        """Send what changed since this process's last push to its sockets of the session
        (the full state when there was none), one after the other (a send only queues bytes,
        so this is cheaper than a task per socket)."""
        previous = self.latest.get(session_id)
        if previous is not None and built_at < previous.built_at:
            # With several processes two builds can cross on their way through Redis: a state
            # read before the one already pushed would take the sockets back in time.
            return
        public_text: str | None
        staff_text: str | None
        if previous is None:
            pushed = Pushed(public, staff, 1, 1, built_at)
            public_text, staff_text = pushed.texts()
        else:
            pushed, public_text, staff_text = previous.advance(public, staff, built_at)
        listeners = self.listeners.get(session_id)
        if not listeners:
            return
        self.latest[session_id] = pushed
        for listener in list(listeners):
            text = staff_text if listener.staff else public_text
            if text is None:
                continue
            try:
                await listener.push(text)
            except Exception:  # a socket that went away; its disconnect detaches it
                logger.debug("live: a push to a closing socket failed", exc_info=True)

    def stop(self) -> None:
        for task in self._tasks:
            task.cancel()


_hub: Hub | None = None


async def hub() -> Hub:
    """This process's hub, started on first use in the running event loop."""
    global _hub
    loop = asyncio.get_running_loop()
    if _hub is None or _hub.loop is not loop or loop.is_closed():
        if _hub is not None:
            _hub.stop()
        _hub = Hub(loop)
        await _hub.start()
    return _hub


def session_changed(session_id: int) -> None:
    """Mark a session dirty (call after the commit; safe from any thread, never raises)."""
    current = _hub
    if current is not None and not current.loop.is_closed() and current.loop.is_running():
        current.mark_threadsafe(session_id)
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(session_id), {"type": "live.dirty", "session": session_id}
        )
    except Exception:  # the change is committed; a missed push is healed by the next one
        logger.warning("live: could not forward a change of session %s", session_id)
