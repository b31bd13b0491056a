from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "roundtable.segments"
    label = "segments"

    def ready(self) -> None:
        from roundtable.members import events
        from roundtable.segments import receivers

        events.member_data.connect(
            receivers.segments_of_member, dispatch_uid="segments-member-data"
        )
