"""Coalesced broadcasts: each server process pushes a session's state at most 4 times a second.

A service that changed a session calls :func:`session_changed` after its commit. That only
marks the session dirty; the process's :class:`Hub` wakes every ``TICK_SECONDS``, builds the
state of each dirty session once (one query set, one JSON text per audience) and sends it to the
session's channel-layer group. Each process's hub is the group's only member from that process,
and fans the text out to its own websockets, so the channel layer carries one message per
process per tick, never one per vote per listener. With Redis (``REDIS_URL``) the group spans
processes: a vote through one process reaches the sockets of all of them.

A process with no hub (a plain WSGI worker, a management command) forwards "dirty" to the group,
and the hubs of the other processes build and push the state.
"""

import asyncio
import json
import logging
import sys
import time
from typing import Any, Protocol

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.25  # at most 4 broadcasts a second per session and process
SWITCH_INTERVAL_SECONDS = 0.0005


def group_name(session_id: int) -> str:
    return f"live.{session_id}"


class Listener(Protocol):
    staff: bool

    async def push(self, text: str) -> None: ...


def _build(session_id: int) -> tuple[str, str] | None:
    from roundtable.live.models import LiveSession
    from roundtable.live.selectors import session_state

    session = LiveSession.objects.select_related("activity").filter(pk=session_id).first()
    if session is None:
        return None
    built_at = time.time()
    public = {
        "type": "state",
        "built_at": built_at,
        "state": session_state(session=session, staff=False),
    }
    staff = {
        "type": "state",
        "built_at": built_at,
        "state": session_state(session=session, staff=True),
    }
    return json.dumps(public, separators=(",", ":")), json.dumps(staff, separators=(",", ":"))


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
        # The last state pushed per session (public text, staff text): a socket that connects
        # while this process follows the session starts from it instead of a fresh build.
        self.latest: dict[int, tuple[str, str]] = {}
        self.channel = ""
        self._tasks: list[asyncio.Task[None]] = []
        self._building: dict[int, asyncio.Future[tuple[str, str] | None]] = {}

    async def start(self) -> None:
        # The database thread releases the GIL on every query; with the default 5 ms switch
        # interval it then waits up to 5 ms for the event loop to hand it back, per query
        # (a convoy that capped the actions a second far below the CPU available).
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_SECONDS))
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

    async def current(self, session_id: int) -> tuple[str, str] | None:
        """The session's state texts (public, staff) for a socket that just attached: the last
        push when there was one, else one build shared by every socket connecting meanwhile (a
        room filling up costs one build, not one per socket). Call after ``attach``: a change
        committed after the build is pushed by the next tick."""
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
            if built is not None and session_id in self.listeners:
                self.latest.setdefault(session_id, built)  # a push meanwhile is newer
            building.set_result(built)
            return built
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
        public, staff = built
        if self.layer is None:
            await self.fan_out(session_id, public, staff)
            return
        await self.layer.group_send(
            group_name(session_id),
            {"type": "live.state", "session": session_id, "public": public, "staff": staff},
        )

    async def _receive(self) -> None:
        assert self.layer is not None
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
                await self.fan_out(session_id, message["public"], message["staff"])
            elif message.get("type") == "live.dirty":
                self.mark(session_id)

    async def fan_out(self, session_id: int, public: str, staff: str) -> None:
        """Send the prepared text to this process's sockets of the session, one after the other
        (a send only queues bytes, so this is cheaper than a task per socket)."""
        if session_id in self.listeners:
            self.latest[session_id] = (public, staff)
        for listener in list(self.listeners.get(session_id, ())):
            try:
                await listener.push(staff if listener.staff else public)
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


def message_text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"))
