from django.apps import AppConfig


class BreakoutsConfig(AppConfig):
    name = "roundtable.breakouts"
    verbose_name = "Breakouts"

    def ready(self) -> None:
        from roundtable.activities import events
        from roundtable.breakouts import receivers

        events.activity_done.connect(
            receivers.record_encounters_when_done, dispatch_uid="breakouts-encounters"
        )
