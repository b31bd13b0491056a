"""Benchmark: stream a Slack export of 1,000,000 messages with ``read_slack(...).items()``.

Target: the whole export read in under 2 minutes, with peak memory that does not grow with the
export's size (the reader holds one day file at a time, plus who started each thread of the
conversation being read).

    .venv/bin/python benches/bench_conversations.py [--channels 50] [--days 400 40] [--per-day 50]

For each number of days it writes, in a temporary folder, a Slack workspace export ZIP of
``channels x days x per-day`` messages from 400 people and 4 bots: plain messages, threads (a
third of the replies without ``parent_user_id``, so the reader must remember who started them),
broadcasts to the channel, file shares, ``<@U…>`` mentions, joins, topic changes and bot posts.
Then, in a child process, it opens the export and consumes every item, timing it; the parent
reads the child's own peak resident memory (``ru_maxrss`` from ``os.wait4``). A second child
repeats the reading under ``tracemalloc`` for the peak of Python allocations (slower; its time
is not the figure). Prints one JSON line per size and exits 1 if a target is missed.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

TARGET_SECONDS = 120.0
PEOPLE = 400
BOTS = 4
START = 1_600_000_000  # 2020-09-13
WORDS = [
    "leak",
    "pressure",
    "meter",
    "tariff",
    "billing",
    "pump",
    "valve",
    "sensor",
    "report",
    "draft",
    "network",
    "district",
    "asset",
    "survey",
    "pilot",
    "budget",
    "training",
    "logger",
    "zone",
    "reading",
    "question",
    "thanks",
    "idea",
]


def _users() -> list[dict[str, Any]]:
    people = [
        {
            "id": f"U{index:06d}",
            "name": f"person{index}",
            "real_name": f"Person {index}",
            "profile": {"real_name": f"Person {index}", "email": f"person{index}@example.org"},
            "is_bot": False,
            "deleted": index % 50 == 0,
        }
        for index in range(PEOPLE)
    ]
    bots = [
        {"id": f"UB{index:04d}", "name": f"bot{index}", "is_bot": True, "profile": {}}
        for index in range(BOTS)
    ]
    return people + bots


def _day_messages(rng: random.Random, day_start: int, per_day: int) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    threads: list[tuple[str, str]] = []
    for index in range(per_day):
        ts = f"{day_start + index * 60}.{rng.randrange(1_000_000):06d}"
        user = f"U{rng.randrange(PEOPLE):06d}"
        text = " ".join(rng.choices(WORDS, k=rng.randint(3, 30)))
        roll = rng.random()
        message: dict[str, Any] = {"type": "message", "ts": ts, "user": user, "text": text}
        if roll < 0.05:
            message["subtype"] = "channel_join"
        elif roll < 0.07:
            message.update(subtype="bot_message", bot_id="B01", username="ci")
            del message["user"]
        elif roll < 0.08:
            message["user"] = f"UB{rng.randrange(BOTS):04d}"
        elif roll < 0.09:
            message["subtype"] = "channel_topic"
        elif roll < 0.12:
            message["subtype"] = "file_share"
        elif roll < 0.30 and threads:
            thread_ts, starter = rng.choice(threads)
            message["thread_ts"] = thread_ts
            if rng.random() < 0.66:
                message["parent_user_id"] = starter
            if rng.random() < 0.1:
                message["subtype"] = "thread_broadcast"
        elif roll < 0.40:
            message["thread_ts"] = ts
            message["reply_count"] = 2
            threads.append((ts, user))
        if rng.random() < 0.2:
            message["text"] += f" <@U{rng.randrange(PEOPLE):06d}>"
        messages.append(message)
    return messages


def write_export(path: Path, *, channels: int, days: int, per_day: int, seed: int = 7) -> int:
    """A Slack export ZIP at ``path``; returns the number of messages written."""
    rng = random.Random(seed)
    names = [f"channel-{index:03d}" for index in range(channels)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("users.json", json.dumps(_users()))
        archive.writestr(
            "channels.json",
            json.dumps([{"id": f"C{index:05d}", "name": name} for index, name in enumerate(names)]),
        )
        for name in names:
            for day in range(days):
                day_start = START + day * 86_400
                stamp = time.strftime("%Y-%m-%d", time.gmtime(day_start))
                messages = _day_messages(rng, day_start, per_day)
                archive.writestr(f"{name}/{stamp}.json", json.dumps(messages))
    return channels * days * per_day


def _consume(path: str, traced: bool) -> None:
    """Run in the child: read every item and print the counts and the seconds it took."""
    import tracemalloc

    from roundtable.domain.conversations import Contribution, read_slack

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    export = read_slack(Path(path))
    contributions = interactions = 0
    for item in export.items():
        if isinstance(item, Contribution):
            contributions += 1
        else:
            interactions += 1
    seconds = time.perf_counter() - started
    result = {
        "seconds": round(seconds, 1),
        "contributions": contributions,
        "interactions": interactions,
        "authors": len(export.authors()),
        "problems": len(export.problems),
    }
    if traced:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    print(json.dumps(result))


def _measured(path: Path, traced: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--consume", str(path)]
    if traced:
        command.append("--traced")
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"the reading failed: {output}")
    result: dict[str, Any] = json.loads(output)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--days", type=int, nargs="+", default=[40, 400])
    parser.add_argument("--per-day", type=int, default=50)
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--consume", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.consume:
        _consume(args.consume, args.traced)
        return 0

    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-conversations-") as folder:
        for days in args.days:
            path = Path(folder) / f"slack-{days}-days.zip"
            started = time.perf_counter()
            messages = write_export(path, channels=args.channels, days=days, per_day=args.per_day)
            written = time.perf_counter() - started
            result: dict[str, Any] = {
                "messages": messages,
                "channels": args.channels,
                "days": days,
                "zip_mb": round(path.stat().st_size / 2**20, 1),
                "write_seconds": round(written, 1),
                **_measured(path, traced=False),
            }
            if not args.no_tracemalloc:
                traced = _measured(path, traced=True)
                result["tracemalloc_peak_mb"] = traced["tracemalloc_peak_mb"]
                result["traced_seconds"] = traced["seconds"]
            result["pass"] = result["seconds"] < TARGET_SECONDS
            failed = failed or not result["pass"]
            print(json.dumps(result), flush=True)
            path.unlink()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
