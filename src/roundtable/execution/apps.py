from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "roundtable.execution"
    verbose_name = "Execution"

    def ready(self) -> None:
        from roundtable.activities import events
        from roundtable.execution import receivers
        from roundtable.members import events as member_events

        events.activity_created.connect(
            receivers.generate_checklist_when_created, dispatch_uid="execution-generate"
        )
        events.activity_scheduled.connect(
            receivers.reschedule_reminders_when_moved, dispatch_uid="execution-reschedule"
        )
        member_events.member_anonymised.connect(
            receivers.erase_invitations, dispatch_uid="execution-erase-invitations"
        )
        member_events.member_data.connect(
            receivers.invitations_of_member, dispatch_uid="execution-member-data"
        )
