from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from roundtable.imports.retention import imports_cleanup


class Command(BaseCommand):
    help = (
        "Delete the uploaded import files that are no longer needed: those of applied imports, "
        "and those not imported within IMPORT_ABANDON_HOURS of their upload (the job is marked "
        "abandoned and its preview dropped). The task worker does this on its own; run this "
        "from cron as well, e.g. hourly."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = imports_cleanup()
        self.stdout.write(
            f"{counts['abandoned']} import(s) abandoned (older than "
            f"{settings.IMPORT_ABANDON_HOURS} h), {counts['files']} file(s) deleted."
        )
