"""A busy database (SQLite's writer lock held by a long import) gets an error frame that asks
the client to send again, never a dropped socket; once the lock is free the action goes through.

Run in a fresh process on a SQLite file, whatever database this test run uses: the lock is held
by a second, real connection to that file."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sqlite3
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.utils import timezone
from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.live import services
from roundtable.live.protocol import message_handle
from roundtable.live.models import Question

community = Community.objects.create(slug="busy", name="Busy")
activity = Activity.objects.create(
    community=community, title="Clinic", purpose_expressed="Help", purpose_deeper="peer_support",
    starts_at=timezone.now(), duration_minutes=60, expected_headcount=10,
)
session = services.session_open(activity=activity)
participant = services.participant_join(session=session, name="Ana")
ask = {"type": "ask", "ref": 7, "text": "Who maintains the loggers?"}

holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
holder.execute("BEGIN IMMEDIATE")  # an import's transaction holding the writer lock
busy = message_handle(session=session, participant=participant, staff=False, message=dict(ask))
holder.execute("ROLLBACK")
after = message_handle(session=session, participant=participant, staff=False, message=dict(ask))
print(json.dumps({"busy": busy, "after": after, "questions": Question.objects.count()}))
"""


def test_a_live_action_on_a_busy_database_gets_an_error_frame_to_retry(tmp_path: Path) -> None:
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "roundtable.settings",
        "DATA_DIR": str(tmp_path),
        "SQLITE_BUSY_TIMEOUT_SECONDS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    busy, after = result["busy"], result["after"]
    assert (busy["type"], busy["code"], busy["ref"]) == ("error", "busy", 7)
    assert busy["retry_after"] >= 1 and "not saved" in busy["message"]
    assert (after["type"], after["ref"]) == ("ack", 7)
    assert result["questions"] == 1  # the busy attempt wrote nothing
