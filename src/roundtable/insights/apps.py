from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "roundtable.insights"
    label = "insights"

    def ready(self) -> None:
        from roundtable.insights import engagement, needs_coverage  # noqa: F401 - their views
        from roundtable.insights.snapshots import snapshots_forget
        from roundtable.members import events as member_events

        member_events.member_anonymised.connect(
            snapshots_forget, dispatch_uid="insights-forget-erased"
        )
