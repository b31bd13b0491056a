"""`roundtable evaluate ACTIVITY_ID [--json]`: an activity's indicators, targets against actuals."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.activities.models import Activity
from roundtable.feedback.selectors import activity_evaluation, evaluation_json


class Command(BaseCommand):
    help = "Evaluate an activity's success indicators from the data (targets against actuals)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("activity", help="the activity's id (the number in its page's URL)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["activity"])
        if not raw.isdigit():
            raise CommandError(f"“{raw}” is not an activity id: give the number from its URL.")
        activity = (
            Activity.objects.filter(pk=int(raw))
            .select_related("segment", "series", "community")
            .first()
        )
        if activity is None:
            raise CommandError(f"There is no activity {raw}.")
        evaluation = activity_evaluation(activity)
        if options["json"]:
            data = evaluation_json(activity, evaluation)
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{activity.title} ({activity.starts_at:%Y-%m-%d}), {activity.community}")
        if not evaluation.results:
            self.stdout.write("No success indicators were set.")
        for r in evaluation.results:
            verdict = {True: "met", False: "NOT met", None: "not judged"}[r.met]
            self.stdout.write(
                f"  {r.name:<32} target {r.target_text:>8}  actual {r.actual_text:>8}  "
                f"{verdict}  ({r.note})"
            )
        s = evaluation.summary
        self.stdout.write(
            f"{s['attended']} attended of {s['registered']} registered; "
            f"{s['pluses']} plus, {s['deltas']} delta; {s['responses']} responses."
        )
