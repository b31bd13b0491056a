from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.communities.models import Community
from roundtable.members.services import participation_levels_refresh


class Command(BaseCommand):
    help = (
        "Recompute members' participation levels from their records. Levels decay as records "
        "leave the window, so run this daily (cron or a scheduler)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", help="Only this community")

    def handle(self, *args: Any, **options: Any) -> None:
        communities = Community.objects.all()
        if options["community"]:
            communities = communities.filter(slug=options["community"])
            if not communities.exists():
                raise CommandError(f"No community with the slug {options['community']!r}.")
        for community in communities:
            changed = participation_levels_refresh(community=community)
            self.stdout.write(f"{community.slug}: {changed} level(s) changed")
