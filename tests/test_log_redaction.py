"""No log line carries a feedback link's token: not Django's, not the servers' access logs."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from roundtable.demo.management.commands.demo import server_command
from roundtable.log_redaction import redact
from tests.log_output import log_output

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "Zq8u1mVd3kTfW0pLx7yA2b"


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        (f"GET /feedback/me/{TOKEN}/ HTTP/1.1", "GET /feedback/me/…/ HTTP/1.1"),
        (f"POST /feedback/{TOKEN}/ HTTP/1.1", "POST /feedback/…/ HTTP/1.1"),
        (f"/feedback/{TOKEN}/qr.svg", "/feedback/…/qr.svg"),
        (f"https://rt.example.org/feedback/me/{TOKEN}/?utm=x", "https://rt.example.org/feedback/me/…/?utm=x"),
        (f"Not Found: /feedback/me/{TOKEN}", "Not Found: /feedback/me/…"),
        ("GET /c/alpha/feedback/settings/ HTTP/1.1", "GET /c/alpha/feedback/settings/ HTTP/1.1"),
        ("GET /c/alpha/activities/7/review/", "GET /c/alpha/activities/7/review/"),
    ],
)  # fmt: skip
def test_a_feedback_token_is_replaced_and_other_paths_are_kept(line: str, logged: str) -> None:
    assert redact(line) == logged


def test_djangos_not_found_line_of_a_personal_link_has_no_token(db) -> None:
    with log_output() as logs:
        assert Client().get(reverse("feedback_personal", args=[TOKEN])).status_code == 404
    assert "Not Found: /feedback/me/…/" in logs.getvalue()
    assert TOKEN not in logs.getvalue()


def test_the_access_lines_keep_their_shape_without_the_token_or_the_address() -> None:
    with log_output() as logs:
        access = logging.getLogger("uvicorn.access")
        line = '%s - "%s %s HTTP/%s" %d'  # as uvicorn's protocols write it
        access.info(line, "198.51.100.4:5123", "GET", f"/feedback/me/{TOKEN}/", "1.1", 200)
        access.info(line, "198.51.100.4:5123", "GET", "/c/alpha/", "1.1", 200)
        server = logging.getLogger("django.server")
        server.info('"%s" %s %s', f"POST /feedback/{TOKEN}/ HTTP/1.1", "200", "512")
    lines = logs.getvalue().splitlines()
    assert '… - "GET /feedback/me/…/ HTTP/1.1" 200' in lines[0]
    assert '198.51.100.4:5123 - "GET /c/alpha/ HTTP/1.1" 200' in lines[1]
    assert lines[2].endswith('"POST /feedback/…/ HTTP/1.1" 200 512')
    assert TOKEN not in logs.getvalue()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_real_uvicorn_access_log_shows_no_token(tmp_path) -> None:
    """uvicorn as `roundtable demo` starts it, with its access log on: the filter holds."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # a SQLite file of its own
    env.update(DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="roundtable.settings", DEBUG="true")
    subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "migrate", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    port = _free_port()
    argv = [a for a in server_command(f"127.0.0.1:{port}") if a != "--no-access-log"]
    output = tmp_path / "server.log"
    with output.open("w") as sink:
        server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/feedback/me/{TOKEN}/", timeout=5)
            except urllib.error.HTTPError as error:
                assert error.code == 404
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = output.read_text()
    assert '… - "GET /feedback/me/…/ HTTP/1.1" 404' in written, written
    assert "Not Found: /feedback/me/…/" in written
    assert TOKEN not in written
