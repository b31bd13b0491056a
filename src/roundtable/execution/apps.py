from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "roundtable.execution"
    verbose_name = "Execution"

    def ready(self) -> None:
        from roundtable.activities import events
        from roundtable.communities.confirmations import confirmation_kind_register
        from roundtable.execution import receivers, sections
        from roundtable.execution.attendance_command import ATTENDANCE
        from roundtable.execution.registrations import REGISTRATION_CONFIRMATION
        from roundtable.imports import events as import_events
        from roundtable.imports.kinds import import_kind_register
        from roundtable.members import events as member_events
        from roundtable.members.sections import section_register

        events.activity_created.connect(
            receivers.generate_checklist_when_created, dispatch_uid="execution-generate"
        )
        events.activity_scheduled.connect(
            receivers.reschedule_reminders_when_moved, dispatch_uid="execution-reschedule"
        )
        for section in sections.SECTIONS:
            section_register(section)
        import_kind_register(ATTENDANCE)
        confirmation_kind_register(REGISTRATION_CONFIRMATION)
        import_events.cleanup_due.connect(
            receivers.attendance_previews_forget, dispatch_uid="execution-attendance-cleanup"
        )
        events.members_joined_live.connect(
            receivers.attended_live, dispatch_uid="execution-attended-live"
        )
        member_events.member_anonymised.connect(
            receivers.erase_invitations, dispatch_uid="execution-erase-invitations"
        )
        member_events.member_anonymised.connect(
            receivers.erase_attendance, dispatch_uid="execution-erase-attendance"
        )
        member_events.member_data.connect(
            receivers.invitations_of_member, dispatch_uid="execution-member-data"
        )
        member_events.member_data.connect(
            receivers.attendance_of_member, dispatch_uid="execution-member-attendance"
        )
