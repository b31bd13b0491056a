"""Two uvicorn processes sharing Redis serve one session: what happens through one shows on the
other. Real servers, real websockets, one SQLite file (or the PostgreSQL of DATABASE_URL)."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from websockets.sync.client import connect

from roundtable.demo.management.commands.demo import server_command
from roundtable.domain.state_patch import state_apply

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def servers(tmp_path):
    redis.Redis.from_url(REDIS_URL).flushdb()  # our own Redis database number, not the cache's
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    if "DATABASE_URL" in env:  # a database of its own, not the test run's
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/live_two_processes"
        _create_postgres_database(env["DATABASE_URL"])
    env.update(
        DATA_DIR=str(tmp_path), REDIS_URL=REDIS_URL, DJANGO_SETTINGS_MODULE="roundtable.settings"
    )
    setup = subprocess.run(
        [sys.executable, "-m", "tests.live.server_setup", "questions=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    info = json.loads(setup.stdout.strip().splitlines()[-1])
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            server_command(f"127.0.0.1:{port}"),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"server-{port}.log").open("w"),
        )
        for port in ports
    ]
    try:
        for port in ports:
            _wait_until_up(port)
        yield info, ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/j/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server on port {port} did not start")


_sockets = contextlib.ExitStack()


@pytest.fixture(autouse=True)
def _close_sockets():
    with _sockets:
        yield


class Client:
    def __init__(self, port: int, code: str) -> None:
        self.socket = _sockets.enter_context(
            connect(f"ws://127.0.0.1:{port}/ws/live/{code}/", origin=f"http://127.0.0.1:{port}")
        )
        hello = json.loads(self.socket.recv(timeout=10))
        self.state, self.seq = hello["state"], hello["seq"]

    def follow(self, push: dict) -> bool:
        """Take in a state or a patch (numbered on the one before); False for other messages."""
        if push["type"] == "state":
            self.state, self.seq = push["state"], push["seq"]
        elif push["type"] == "patch":
            assert push["base"] == self.seq, "a patch on a state this socket never had"
            self.state, self.seq = state_apply(self.state, push), push["seq"]
        else:
            return False
        return True

    def call(self, message: dict) -> dict:
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv(timeout=10))
            if not self.follow(reply):
                return reply

    def wait_for(self, predicate, seconds: float = 5) -> dict:
        deadline = time.monotonic() + seconds
        while not predicate(self.state):
            left = deadline - time.monotonic()
            assert left > 0, f"the state never matched; last: {self.state}"
            self.follow(json.loads(self.socket.recv(timeout=left)))
        return self.state


def test_a_vote_through_one_process_appears_on_the_other(servers):
    info, (first, second) = servers
    question = info["questions"][0]
    ana, bo = Client(first, info["code"]), Client(second, info["code"])
    assert ana.call({"type": "join", "name": "Ana"})["type"] == "ack"
    assert bo.call({"type": "join", "name": "Bo"})["type"] == "ack"

    asked = ana.call({"type": "ask", "text": "Seen on the other process?"})
    assert asked["type"] == "ack"
    bo.wait_for(lambda s: any(q["text"] == "Seen on the other process?" for q in s["questions"]))

    assert bo.call({"type": "upvote", "question": question})["result"]["votes"] == 1
    ana.wait_for(lambda s: any(q["id"] == question and q["votes"] == 1 for q in s["questions"]))


def test_simultaneous_upvotes_through_both_processes_are_all_counted(servers):
    info, ports = servers
    question = info["questions"][0]
    clients = [Client(ports[i % 2], info["code"]) for i in range(20)]
    for client in clients:
        assert client.call({"type": "join"})["type"] == "ack"
    barrier = threading.Barrier(len(clients))
    replies: list[dict] = []

    def vote(client: Client) -> None:
        barrier.wait()
        replies.append(client.call({"type": "upvote", "question": question}))

    threads = [threading.Thread(target=vote, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r["type"] for r in replies] == ["ack"] * len(clients)
    for client in clients[:2]:  # one on each process
        client.wait_for(lambda s: s["questions"][0]["votes"] == len(clients))
