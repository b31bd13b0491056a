from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.communities.models import Community
from roundtable.insights.score_services import engagement_scores_refresh
from roundtable.insights.snapshots import snapshots_refresh
from roundtable.insights.tasks import engagement_scores_refresh_task, insights_refresh_task


class Command(BaseCommand):
    help = (
        "Recompute the insights pages in use (viewed in the last INSIGHTS_KEEP_DAYS days) so "
        "that they are ready in the morning, and every member's engagement score; run it "
        "nightly at INSIGHTS_REFRESH_HOUR (02:00 UTC by default). Each community is handed to "
        "the task worker, or computed here with --now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", help="Only this community")
        parser.add_argument(
            "--now", action="store_true", help="Compute here and wait, instead of the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        communities = Community.objects.order_by("slug")
        if options["community"]:
            communities = communities.filter(slug=options["community"])
            if not communities.exists():
                raise CommandError(f"No community with the slug {options['community']!r}.")
        for community in communities:
            if options["now"]:
                counts = snapshots_refresh(community=community)
                self.stdout.write(
                    f"{community.slug}: {counts['refreshed']} view(s) recomputed, "
                    f"{counts['dropped']} no longer in use dropped"
                )
                scored = engagement_scores_refresh(community=community)
                self.stdout.write(f"{community.slug}: {scored} engagement score(s) recomputed")
            else:
                insights_refresh_task.enqueue(community.pk)
                engagement_scores_refresh_task.enqueue(community.pk)
                self.stdout.write(f"{community.slug}: handed to the task worker")
