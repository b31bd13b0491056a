"""`roundtable demo`: set up the database, load the demo community, and serve it.

Runs ``migrate`` quietly, seeds the demo (once), then starts two child processes: the task
worker (``db_worker`` from django-tasks-db, so that imports started in the web UI run) and the
ASGI server (uvicorn, without its reloader, so the live sessions' websockets work and Ctrl-C
stops everything at once). Both children are stopped when the server stops, however it stops.
"""

import os
import re
import signal
import socket
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from roundtable.demo.management.commands.seed_demo import seed
from roundtable.demo.services import DEMO_PASSWORD, DEMO_SLUG, FACILITATOR, MANAGER, MEMBER
from roundtable.web.links import absolute_url

DEFAULT_ADDRPORT = "127.0.0.1:8000"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# The pages the demo names when it starts, by URL name (each takes the community's slug).
DEMO_LINKS = [
    ("The community", "community_home"),
    ("Its activities", "activity_list"),
    ("Insights", "insights"),
    ("Needs intake (public)", "need_intake"),
]
STOP_TIMEOUT_SECONDS = 10
_ADDRPORT = re.compile(r"^(?:(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):)?(?P<port>\d{1,5})$")


def parse_addrport(addrport: str) -> tuple[str, int]:
    """(host, port) from "HOST:PORT" or "PORT" (host 127.0.0.1); CommandError when malformed."""
    match = _ADDRPORT.match(addrport.strip())
    port = int(match["port"]) if match else 0
    if not match or not 1 <= port <= 65535:
        raise CommandError(
            f"--addrport: “{addrport}” is not an address and port; "
            "write it like 127.0.0.1:8000 or 8000."
        )
    return match["host"] or "127.0.0.1", port


def worker_command() -> list[str]:
    """The task worker's command line (same interpreter and settings as this process).

    Without its auto-reloader, which would run the worker in a grandchild process that
    stopping the child does not reach. One worker takes both queues, the imports' and the rest:
    a demo has one community, so nobody's import waits behind another's.
    """
    return [
        sys.executable,
        "-m",
        "roundtable.cli",
        "db_worker",
        "--no-reload",
        "--queue-name",
        "default,imports",
    ]


# The largest websocket frame the server reads: the live protocol's messages are at most 4 KB
# (live/protocol.py); uvicorn's default, 16 MiB, let 40 sockets take a process past 1 GB.
WS_MAX_BYTES = 16 * 1024


def server_command(addrport: str) -> list[str]:
    """The ASGI server's command line (uvicorn serves HTTP and the live websockets); no reloader,
    so Ctrl-C ends it cleanly. Static files are served by the ASGI app in DEBUG.

    Without uvicorn's proxy headers: it would otherwise take the client's address from any
    X-Forwarded-For sent from 127.0.0.1; Roundtable reads that header itself, from the
    TRUSTED_PROXIES only (roundtable.web.client_address)."""
    host, port = parse_addrport(addrport)
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "roundtable.asgi:application",
        "--host",
        host.strip("[]"),
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--no-access-log",
        "--no-proxy-headers",
        "--ws-max-size",
        str(WS_MAX_BYTES),
    ]


def site_url(addrport: str) -> str:
    host, port = parse_addrport(addrport)
    return f"http://{host}:{port}/"


def served_environment(url: str) -> str:
    """Make the links this demo mails and prints point at ``url`` (unless ``SITE_URL`` is set),
    here and in the server and worker it starts; and, unless a mail server or backend is
    configured, have mails written to files under DATA_DIR rather than printed (inviting 300
    members printed 19,000 lines). Returns the mail folder, or "" when mails are sent."""
    if "SITE_URL" not in os.environ:
        os.environ["SITE_URL"] = url.rstrip("/")
        settings.SITE_URL = url.rstrip("/")
    if os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND"):
        return ""
    os.environ["EMAIL_BACKEND"] = FILE_BACKEND
    os.environ["EMAIL_FILE_PATH"] = str(settings.EMAIL_FILE_PATH)
    settings.EMAIL_BACKEND = FILE_BACKEND
    return str(settings.EMAIL_FILE_PATH)


def check_port_free(addrport: str) -> None:
    """CommandError when something already listens there, before we say the demo is running."""
    host, port = parse_addrport(addrport)
    try:
        with socket.create_server((host.strip("[]"), port), family=_family(host)):
            pass
    except OSError as error:
        raise CommandError(
            f"Cannot serve on {host}:{port}: {_reason(error)}. If another server uses "
            "this port, choose another with --addrport, e.g. --addrport 127.0.0.1:8001."
        ) from None


def _reason(error: OSError) -> str:
    return os.strerror(error.errno).lower() if error.errno else str(error)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if host.startswith("[") else socket.AF_INET


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    """Ask a child to stop, then insist; never leave it running."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = (
        "Set up the database, load the demo community and serve it on "
        f"http://{DEFAULT_ADDRPORT}/ with a task worker. Ctrl-C stops both."
    )
    requires_system_checks: list[str] = []  # migrate must run before the checks can pass

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"Address and port to serve on (default {DEFAULT_ADDRPORT}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        addrport: str = options["addrport"]
        server_argv = server_command(addrport)  # refuse a bad address before doing anything
        url = site_url(addrport)
        mail_folder = served_environment(url)
        self.stdout.write("Setting up the database…")
        call_command("migrate", verbosity=0, interactive=False)
        seed(self, reset=False)
        check_port_free(addrport)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Roundtable demo is running at {url} — log in as {MANAGER.email} "
                f"with the password {DEMO_PASSWORD}"
            )
        )
        links = [
            (label, absolute_url(reverse(name, args=[DEMO_SLUG]))) for label, name in DEMO_LINKS
        ]
        self.stdout.write(
            f"  Also try {FACILITATOR.email} (facilitator) and {MEMBER.email} (a member's own "
            "view), same password.\n"
            + "".join(f"  {label + ':':<24}{link}\n" for label, link in links)
            + (
                f"  Mails are not sent: each sending is written to a file in {mail_folder}\n"
                if mail_folder
                else ""
            )
            + "  Press Ctrl-C to stop the server and the task worker.\n"
        )
        self.serve(server_argv)

    def serve(self, server_argv: list[str]) -> None:
        """Run the worker and the server until the server ends; stop both whatever happens."""
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        worker = server = None
        try:
            # Our own command lines, built from sys.executable: no untrusted input.
            worker = subprocess.Popen(worker_command())  # noqa: S603
            server = subprocess.Popen(server_argv)  # noqa: S603
            status = server.wait()
            if status < 0:
                self.stdout.write(f"The server was stopped (signal {-status}).")
            elif status != 0:
                raise CommandError(
                    f"The server stopped with exit status {status}. If the address is in use, "
                    "choose another with --addrport, e.g. --addrport 127.0.0.1:8001."
                )
        except KeyboardInterrupt:
            self.stdout.write("\nStopping the demo…")
        finally:
            _stop(server)
            _stop(worker)
            signal.signal(signal.SIGTERM, previous)
