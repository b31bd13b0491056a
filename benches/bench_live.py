"""Live sessions under load: simulated participants over real websockets against uvicorn.

Usage:  roundtable bench live --participants 2000 --seconds 60 [--interval 5] [--processes 2]
        roundtable bench live --participants 500 --seconds 30 --url http://host:port --code ABC123

Without --url it prepares a throw-away database (``django_bench``: a SQLite file, or a new
database on the PostgreSQL server of DATABASE_URL, dropped after) with one session of 40
questions and an open single-choice poll, starts one uvicorn process as in production (DEBUG
off, uvloop, httptools, DATABASE_CONN_MAX_AGE=600; or --processes 2 behind the Redis of --redis-
url, the simulated participants split between them), and stops them after. The room fills first:
each participant connects and joins (``fill_s``, ``join_p99_ms``); then for --seconds each acts
every --interval seconds (first offset at random so the load is steady): its first action votes
in the poll, later ones upvote a question it has not upvoted yet. It prints one JSON object:

- ``sent``, ``acked``, ``errors`` (refused with an error reply), ``lost``: sent but never
  acknowledged, plus acknowledged but missing from the database afterwards (checked in the
  database when the bench started the server; against the final state's vote counts with --url);
- ``ack_p50_ms``, ``ack_p99_ms``: from sending an action to its acknowledgement;
- ``broadcast_p99_ms``: from sending an action to the first state push built after its commit;
- ``server_peak_rss_mb``: the peak resident memory of the largest server process (VmHWM).

Targets (2 cores, server and load generator together): 2,000 participants acting every 5 s for
60 s, p99 ack under 250 ms, p99 broadcast lag under 1 s, nothing lost. Exit status 1 if missed.
"""

import argparse
import asyncio
import contextlib
import gc
import json
import os
import platform
import random
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import websockets  # noqa: E402

ACK_TARGET_MS = 250.0
BROADCAST_TARGET_MS = 1000.0
QUESTIONS = 40
# Added to the demo's server command line: the recommended production flags (docs/live.md).
PRODUCTION_FLAGS = (
    "--log-level",
    "warning",
    "--backlog",
    "4096",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
    "--ws",
    "websockets-sansio",
)
# A push (the full state or a patch) and when the state it carries was read.
BUILT_AT = re.compile(rb'^\{"type":"(?:state|patch)","built_at":([0-9.]+)')


def prepare() -> dict[str, Any]:
    """Create the benchmark's session (in this process's database)."""
    from datetime import timedelta

    from django.utils import timezone

    from roundtable.activities.models import Activity
    from roundtable.communities.models import Community
    from roundtable.live import services
    from roundtable.live.models import Question

    community = Community.objects.create(slug=f"bench-{int(time.time())}", name="Bench")
    activity = Activity.objects.create(
        community=community,
        title="Live benchmark",
        starts_at=timezone.now() + timedelta(hours=1),
        duration_minutes=60,
        purpose_expressed="Load",
        purpose_deeper="peer_support",
        expected_headcount=2000,
    )
    session = services.session_open(activity=activity)
    questions = Question.objects.bulk_create(
        Question(session=session, text=f"Question number {i + 1} from the room?")
        for i in range(QUESTIONS)
    )
    poll = services.poll_create(
        session=session, kind="single", prompt="Pick one", options=["A", "B", "C", "D"]
    )
    services.poll_control(session=session, poll_id=poll.pk, action="open")
    return {
        "code": session.code,
        "session": session.pk,
        "questions": [q.pk for q in questions],
        "poll": poll.pk,
        "options": list(poll.options.values_list("pk", flat=True)),
    }


def verify(session_id: int, acked: list[tuple[int, str, int]]) -> int:
    """Acknowledged actions missing from the database."""
    from roundtable.live.models import PollResponse, QuestionVote

    votes = set(
        QuestionVote.objects.filter(question__session_id=session_id).values_list(
            "participant_id", "question_id"
        )
    )
    answers = set(
        PollResponse.objects.filter(poll__session_id=session_id).values_list(
            "participant_id", "poll_id"
        )
    )
    missing = 0
    for participant, kind, target in acked:
        stored = votes if kind == "upvote" else answers
        missing += (participant, target) not in stored
    return missing


@dataclass
class Stats:
    sent: int = 0
    acked: int = 0
    errors: int = 0
    connected: int = 0
    arrived: int = 0  # participants that joined or failed to
    join_ms: list[float] = field(default_factory=list)
    fill_s: float = 0.0
    ack_ms: list[float] = field(default_factory=list)
    broadcast_ms: list[float] = field(default_factory=list)
    acked_actions: list[tuple[int, str, int]] = field(default_factory=list)
    error_messages: dict[str, int] = field(default_factory=dict)


@dataclass
class Room:
    """The room fills first (every participant connected and joined, or failed to), then the
    actions run for --seconds: the join rush is measured apart (``join_p99_ms``, ``fill_s``)."""

    size: int
    full: asyncio.Event = field(default_factory=asyncio.Event)
    stop: float = 0.0

    def arrive(self, stats: Stats, seconds: float) -> None:
        stats.arrived += 1
        if stats.arrived == self.size:
            self.stop = time.time() + seconds
            self.full.set()


async def participant(
    index: int, url: str, info: dict[str, Any], args: argparse.Namespace, stats: Stats, room: Room
) -> None:
    rng = random.Random(index)
    origin = url.split("/ws/")[0].replace("ws://", "http://").replace("wss://", "https://")
    try:
        socket_ = await websockets.connect(
            url, origin=origin, compression=None, max_size=2**22, open_timeout=60
        )
    except Exception as error:  # counted: not connected
        stats.error_messages[type(error).__name__] = (
            stats.error_messages.get(type(error).__name__, 0) + 1
        )
        room.arrive(stats, args.seconds)
        return
    stats.connected += 1
    pending: dict[int, tuple[float, str, int]] = {}  # ref -> (sent at, kind, target)
    awaiting: list[tuple[float, float]] = []  # (committed_at, sent at) not yet broadcast
    me = 0
    joined = asyncio.Event()
    questions = info["questions"][:]
    rng.shuffle(questions)
    ref = 0

    async def reader() -> None:
        nonlocal me
        async for raw in socket_:
            data = raw if isinstance(raw, bytes) else raw.encode()
            match = BUILT_AT.match(data[:64])
            now = time.time()
            if match:
                built = float(match.group(1))
                keep = []
                for committed, sent_at in awaiting:
                    if committed <= built:
                        stats.broadcast_ms.append((now - sent_at) * 1000)
                    else:
                        keep.append((committed, sent_at))
                awaiting[:] = keep
                continue
            message = json.loads(data)
            sent = pending.pop(message.get("ref"), None) if message.get("ref") else None
            if message["type"] == "ack" and message["result"].get("token"):
                me = message["result"]["participant"]
                joined.set()
                continue
            if sent is None:
                continue
            sent_at, kind, target = sent
            if message["type"] == "ack":
                stats.acked += 1
                stats.ack_ms.append((now - sent_at) * 1000)
                stats.acked_actions.append((me, kind, target))
                awaiting.append((message["committed_at"], sent_at))
            else:
                stats.errors += 1
                code = message.get("code", "?")
                stats.error_messages[code] = stats.error_messages.get(code, 0) + 1

    task = asyncio.create_task(reader())
    try:
        asked_at = time.time()
        await socket_.send(json.dumps({"type": "join", "ref": 0}))
        try:
            await asyncio.wait_for(joined.wait(), 60)
            stats.join_ms.append((time.time() - asked_at) * 1000)
        except TimeoutError:
            stats.error_messages["join_timeout"] = stats.error_messages.get("join_timeout", 0) + 1
            return
        finally:
            room.arrive(stats, args.seconds)
        await room.full.wait()
        await asyncio.sleep(rng.uniform(0, args.interval))
        while time.time() < room.stop:
            ref += 1
            if ref == 1:
                message = {
                    "type": "vote",
                    "poll": info["poll"],
                    "answer": rng.choice(info["options"]),
                }
                action = ("vote", info["poll"])
            elif questions:
                target = questions.pop()
                message = {"type": "upvote", "question": target}
                action = ("upvote", target)
            else:
                break
            message["ref"] = ref
            pending[ref] = (time.time(), *action)
            stats.sent += 1
            await socket_.send(json.dumps(message))
            await asyncio.sleep(args.interval)
        deadline = time.time() + 60  # wait for every answer: unanswered after 60 s counts as lost
        while (pending or awaiting) and time.time() < deadline:
            await asyncio.sleep(0.25)
    except websockets.ConnectionClosed:
        pass
    finally:
        task.cancel()
        await socket_.close()


def _stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


async def run_load(urls: list[str], info: dict[str, Any], args: argparse.Namespace) -> Stats:
    stats = Stats()
    room = Room(size=args.participants)
    start = time.time()
    tasks = []
    for index in range(args.participants):
        url = urls[index % len(urls)]
        tasks.append(asyncio.create_task(participant(index, url, info, args, stats, room)))
        if index % 50 == 49:
            await asyncio.sleep(0.05)  # connect in waves, as a room fills
    await room.full.wait()
    stats.fill_s = time.time() - start
    await asyncio.gather(*tasks)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--code", help="the session code on that server (with --url)")
    parser.add_argument("--processes", type=int, default=1, choices=[1, 2])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    if args.participants < 1 or args.seconds <= 0 or args.interval <= 0:
        parser.error("--participants, --seconds and --interval must be positive")
    if args.url and not args.code:
        parser.error("--url needs --code (the session code shown on its console)")

    servers: list[subprocess.Popen[bytes]] = []
    database = None
    with contextlib.ExitStack() as stack:
        if args.url:
            base = args.url.rstrip("/")
            info = _remote_info(base, args.code)
            urls = [base.replace("http", "ws", 1) + f"/ws/live/{args.code}/"]
        else:
            if args.processes > 1:
                import redis

                redis.Redis.from_url(args.redis_url).flushdb()
                os.environ["REDIS_URL"] = args.redis_url
            from benches.bench_database import django_bench

            database = stack.enter_context(django_bench("roundtable_bench_live"))
            stack.callback(_stop, servers)
            from roundtable.demo.management.commands.demo import server_command

            info = prepare()
            env = dict(
                os.environ,
                LIVE_JOINS_PER_MINUTE="1000000",
                # As in production: DEBUG off (DEBUG wraps every query in a recording cursor).
                DEBUG="false",
                SECRET_KEY=secrets.token_urlsafe(48),
                ALLOWED_HOSTS="127.0.0.1,localhost",
                SECURE_SSL_REDIRECT="false",  # plain http on the loopback
                DATABASE_CONN_MAX_AGE="600",
            )
            urls = []
            for _ in range(args.processes):
                port = _free_port()
                servers.append(
                    subprocess.Popen(  # noqa: S603 - our own command line
                        [*server_command(f"127.0.0.1:{port}"), *PRODUCTION_FLAGS],
                        env=env,
                        cwd=ROOT,
                    )
                )
                _wait_up(port, info["code"])
                urls.append(f"ws://127.0.0.1:{port}/ws/live/{info['code']}/")
        started = time.perf_counter()
        # The load generator's own garbage collections (100-200 ms with 2,000 clients) would
        # count as server latency: off while the load runs.
        gc.collect()
        gc.disable()
        try:
            stats = asyncio.run(run_load(urls, info, args))
        finally:
            gc.enable()
        elapsed = time.perf_counter() - started
        if args.url:
            lost = (stats.sent - stats.acked - stats.errors) + _remote_missing(urls[0], info, stats)
        else:
            lost = (stats.sent - stats.acked - stats.errors) + verify(
                info["session"], stats.acked_actions
            )
        peak = max((_peak_rss_mb(s.pid) for s in servers), default=None)
    result = {
        "bench": "live",
        "participants": args.participants,
        "connected": stats.connected,
        "processes": len(servers) or None,
        "seconds": args.seconds,
        "interval_s": args.interval,
        "sent": stats.sent,
        "acked": stats.acked,
        "errors": stats.errors,
        "error_kinds": stats.error_messages,
        "lost": lost,
        "fill_s": round(stats.fill_s, 1),
        "join_p99_ms": _percentile(stats.join_ms, 0.99),
        "ack_p50_ms": _percentile(stats.ack_ms, 0.50),
        "ack_p99_ms": _percentile(stats.ack_ms, 0.99),
        "broadcast_p99_ms": _percentile(stats.broadcast_ms, 0.99),
        "server_peak_rss_mb": round(peak, 1) if peak else None,
        "elapsed_s": round(elapsed, 1),
        "database": database,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    result["meets_targets"] = bool(
        stats.connected == args.participants
        and lost == 0
        and (result["ack_p99_ms"] or 1e9) < ACK_TARGET_MS
        and (result["broadcast_p99_ms"] or 1e9) < BROADCAST_TARGET_MS
    )
    print(json.dumps(result))
    return 0 if result["meets_targets"] else 1


def _wait_up(port: int, code: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/j/{code}/state/", timeout=2
            )
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start within 60 s")


def _remote_info(base: str, code: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/j/{code}/state/", timeout=10) as response:  # noqa: S310
        state = json.load(response)["state"]
    poll = state.get("poll")
    if not poll or poll["status"] != "open" or not state["questions"]:
        raise SystemExit("The session needs an open choice poll and some visible questions.")
    return {
        "code": code,
        "questions": [q["id"] for q in state["questions"]],
        "poll": poll["id"],
        "options": [o["id"] for o in poll["options"]],
        "start_votes": {q["id"]: q["votes"] for q in state["questions"]},
    }


def _remote_missing(url: str, info: dict[str, Any], stats: Stats) -> int:
    """With --url: compare each question's final votes with the acknowledged upvotes."""

    async def final_state() -> dict[str, Any]:
        origin = url.split("/ws/")[0].replace("ws", "http", 1)
        async with websockets.connect(url, origin=origin, compression=None, max_size=2**22) as ws:
            return json.loads(await ws.recv())["state"]

    state = asyncio.run(final_state())
    expected = dict(info["start_votes"])
    for _, kind, target in stats.acked_actions:
        if kind == "upvote":
            expected[target] = expected.get(target, 0) + 1
    final = {q["id"]: q["votes"] for q in state["questions"]}
    return sum(max(0, expected[q] - final.get(q, 0)) for q in expected)


if __name__ == "__main__":
    sys.exit(main())
