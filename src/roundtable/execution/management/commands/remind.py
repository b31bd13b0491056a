from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.execution.services import checklist_reminder_send, reminders_due_ids


class Command(BaseCommand):
    help = (
        "E-mail the owner of every checklist item that has come due and was not reminded yet "
        "(each item once). The task worker does this on its own; run this from cron as well "
        "if no worker runs, e.g. every 10 minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", help="Only this community")

    def handle(self, *args: Any, **options: Any) -> None:
        community_id = None
        if options["community"]:
            community = Community.objects.filter(slug=options["community"]).first()
            if community is None:
                raise CommandError(f"No community with the slug {options['community']!r}.")
            community_id = community.pk
        now = timezone.now()
        sent = failed = 0
        for item_id in reminders_due_ids(now=now, community_id=community_id):
            try:
                sent += checklist_reminder_send(item_id=item_id, now=now)
            except Exception as error:  # one failure must not stop the others
                failed += 1
                self.stderr.write(f"Item {item_id}: the reminder could not be sent ({error}).")
        self.stdout.write(f"{sent} reminder(s) sent.")
        if failed:
            raise CommandError(f"{failed} reminder(s) could not be sent; they will be retried.")
