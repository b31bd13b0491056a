from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "roundtable.activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from roundtable.activities import receivers
        from roundtable.activities.needs_served import needs_served
        from roundtable.members import events
        from roundtable.needs.serving import serving_finder_register

        serving_finder_register(needs_served)

        events.member_anonymised.connect(
            receivers.erase_registrations, dispatch_uid="activities-erase-registrations"
        )
        events.member_data.connect(
            receivers.registrations_of_member, dispatch_uid="activities-member-data"
        )
