"""`roundtable demo`: its command lines, its address checking, and a real short run."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.mail import send_mail
from django.core.management import CommandError, call_command
from websockets.sync.client import connect

from roundtable.demo.management.commands.demo import (
    check_port_free,
    parse_addrport,
    served_environment,
    server_command,
    site_url,
    worker_command,
)
from roundtable.web.links import absolute_url


def test_the_worker_is_django_tasks_db_without_its_reloader():
    from django_tasks_db.management.commands import db_worker  # the command must exist

    assert db_worker.Command
    assert worker_command() == [
        sys.executable,
        "-m",
        "roundtable.cli",
        "db_worker",
        "--no-reload",
        "--queue-name",
        "default,imports",  # imports run in their own queue
    ]


def test_the_server_is_uvicorn_without_the_reloader_on_the_given_address():
    assert server_command("127.0.0.1:8000") == [
        sys.executable,
        "-m",
        "uvicorn",
        "roundtable.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--lifespan",
        "off",
        "--no-access-log",
        "--no-proxy-headers",
        "--ws-max-size",
        "16384",
    ]
    assert server_command("8123")[5:8] == ["127.0.0.1", "--port", "8123"]
    assert server_command("0.0.0.0:9000")[5:8] == ["0.0.0.0", "--port", "9000"]  # noqa: S104 - the argument under test
    assert server_command("[::1]:9000")[5] == "::1"
    assert site_url("127.0.0.1:8000") == "http://127.0.0.1:8000/"


def test_the_server_does_not_take_the_client_address_from_forwarded_headers():
    """uvicorn's own proxy headers, on by default for 127.0.0.1, would let any local client (or a
    proxy passing the header along) choose the address that rate limits key on."""
    from uvicorn.main import main as uvicorn_command_line

    context = uvicorn_command_line.make_context("uvicorn", server_command("127.0.0.1:8000")[3:])
    assert context.params["proxy_headers"] is False
    assert context.params["ws_max_size"] == 16384  # frames past the protocol's 4 KB are refused


@pytest.mark.parametrize("addrport", ["", "localhost:", "127.0.0.1:99999", "a b:80", ":80x"])
def test_a_malformed_address_is_refused_with_a_clear_message(addrport):
    with pytest.raises(CommandError, match="is not an address and port; write it like"):
        parse_addrport(addrport)


def test_a_malformed_address_stops_the_command_before_it_touches_anything(db):
    with pytest.raises(CommandError, match="--addrport: “nowhere:port”"):
        call_command("demo", addrport="nowhere:port")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_demo_serves_the_login_page_and_ctrl_c_stops_server_and_worker(tmp_path: Path):
    """A real run on a free port in a fresh data folder (SQLite), then Ctrl-C to its group."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL")
        and not k.startswith("EMAIL_")
    }
    env["DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [sys.executable, "-m", "roundtable.cli", "demo", "--addrport", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    lines: list[str] = []  # the demo's output, read as it comes (the worker starts on its own)
    reader = threading.Thread(
        target=lambda: lines.extend(line.decode() for line in process.stdout), daemon=True
    )
    reader.start()
    try:
        page = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as r:
                    page = r.read().decode()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        assert page is not None, "the demo server did not answer within 60 s"
        assert "password" in page.lower()
        css = f"http://127.0.0.1:{port}/static/roundtable/roundtable.css"
        with urllib.request.urlopen(css, timeout=5) as r:  # static files are served
            assert r.status == 200 and b"--accent" in r.read()
        with connect(  # the live sessions' websockets are served too
            f"ws://127.0.0.1:{port}/ws/live/NOCODE/", origin=f"http://127.0.0.1:{port}"
        ) as socket_:
            assert json.loads(socket_.recv(timeout=10))["code"] == "unknown_session"
        deadline = time.monotonic() + 60  # on a loaded machine the worker may still be starting
        while not any("Starting worker" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        process.wait(timeout=30)
        reader.join(timeout=10)
        output = "".join(lines)
        assert process.returncode == 0, output
        assert (
            f"Roundtable demo is running at http://127.0.0.1:{port}/ — log in as "
            "manager@demo.example.org with the password roundtable-demo"
        ) in output
        assert "facilitator@demo.example.org" in output
        assert "member@demo.example.org" in output
        # The links it prints are those it serves, and mails go to files it names.
        assert f"Insights:               http://127.0.0.1:{port}/c/demo/insights/" in output
        mail = tmp_path / "data" / "mail"
        assert f"Mails are not sent: each sending is written to a file in {mail}" in output
        assert "Starting worker" in output  # the task worker really ran
        deadline = time.monotonic() + 10
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(process.pid), "a demo child process outlived the demo"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        if process.poll() is None:
            process.wait(timeout=10)


def test_links_and_mails_of_a_demo_on_another_port(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the environment, so that what the demo sets for its children stays in the test.
    kept = ("SITE_URL", "EMAIL_HOST", "EMAIL_BACKEND", "EMAIL_FILE_PATH")
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k not in kept})
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")

    folder = served_environment("http://127.0.0.1:8100/")
    send_mail("Your link", f"Open {absolute_url('/c/demo/')}", None, ["ana@example.org"])

    assert folder == str(tmp_path / "mail")
    # The server and worker the demo starts read the same (from their environment).
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8100"
    assert os.environ["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    (written,) = (tmp_path / "mail").iterdir()
    assert "Open http://127.0.0.1:8100/c/demo/" in written.read_text()


def test_a_site_url_or_a_mail_server_already_set_is_kept(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    monkeypatch.setattr(os, "environ", environ)
    os.environ.update(SITE_URL="https://community.example.org", EMAIL_HOST="smtp.example.org")
    settings.SITE_URL = "https://community.example.org"

    assert served_environment("http://127.0.0.1:8100/") == ""
    assert absolute_url("/c/demo/") == "https://community.example.org/c/demo/"
    assert "EMAIL_BACKEND" not in os.environ


def test_a_port_in_use_is_reported_before_the_demo_claims_to_run():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(CommandError, match=f"Cannot serve on 127.0.0.1:{port}: .*--addrport"):
            check_port_free(f"127.0.0.1:{port}")
    check_port_free(f"127.0.0.1:{port}")  # free again once closed
