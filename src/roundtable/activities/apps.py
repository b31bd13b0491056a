from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "roundtable.activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from roundtable.activities import receivers
        from roundtable.members import events

        events.member_anonymised.connect(
            receivers.erase_registrations, dispatch_uid="activities-erase-registrations"
        )
        events.member_data.connect(
            receivers.registrations_of_member, dispatch_uid="activities-member-data"
        )
