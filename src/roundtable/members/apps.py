from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "roundtable.members"
    label = "members"

    def ready(self) -> None:
        from roundtable.communities import events
        from roundtable.members import receivers

        events.thresholds_changed.connect(
            receivers.levels_follow_thresholds, dispatch_uid="members-levels"
        )
