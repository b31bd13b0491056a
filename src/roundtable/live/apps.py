from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "roundtable.live"
    verbose_name = "Live"

    def ready(self) -> None:
        from roundtable.live import receivers
        from roundtable.members import events

        events.member_anonymised.connect(
            receivers.erase_participant_names, dispatch_uid="live-erase-names"
        )
        events.member_data.connect(
            receivers.live_participation_of_member, dispatch_uid="live-member-data"
        )
