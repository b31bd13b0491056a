from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from roundtable.imports.retention import imports_cleanup


class Command(BaseCommand):
    help = (
        "Mark failed the imports whose run made no progress for IMPORT_STALE_MINUTES (their "
        "worker died; each can be tried again from its page), and delete the uploaded import "
        "files that are no longer needed: those of applied imports, "
        "and those not imported within IMPORT_ABANDON_HOURS of their upload (the job is marked "
        "abandoned and its preview dropped). The task worker does this on its own; run this "
        "from cron as well, e.g. hourly."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = imports_cleanup()
        if counts["stalled"]:
            self.stdout.write(
                f"{counts['stalled']} stalled import(s) marked failed (no progress for "
                f"{settings.IMPORT_STALE_MINUTES} min); each can be tried again from its page."
            )
        self.stdout.write(
            f"{counts['abandoned']} import(s) abandoned (older than "
            f"{settings.IMPORT_ABANDON_HOURS} h), {counts['files']} file(s) deleted."
        )
        if counts.get("attendance_previews"):
            self.stdout.write(
                f"{counts['attendance_previews']} attendance report(s) read and never "
                "confirmed forgotten."
            )
