from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "roundtable.feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from roundtable.activities import events as activity_events
        from roundtable.execution import events as checklist_events
        from roundtable.feedback import receivers, sections
        from roundtable.feedback.import_command import FEEDBACK
        from roundtable.imports.kinds import import_kind_register
        from roundtable.members import events as member_events
        from roundtable.members.sections import section_register

        activity_events.activity_created.connect(
            receivers.open_form_when_created, dispatch_uid="feedback-form"
        )
        activity_events.activity_created.connect(
            receivers.carry_decisions_into_edition, dispatch_uid="feedback-carry-new"
        )
        activity_events.activity_scheduled.connect(
            receivers.carry_decisions_into_edition, dispatch_uid="feedback-carry-moved"
        )
        checklist_events.checklist_item_done.connect(
            receivers.decision_done_when_item_ticked, dispatch_uid="feedback-decision-done"
        )
        import_kind_register(FEEDBACK)
        member_events.member_anonymised.connect(
            receivers.erase_named_feedback, dispatch_uid="feedback-erase-named"
        )
        member_events.member_data.connect(
            receivers.named_feedback_of_member, dispatch_uid="feedback-member-data"
        )
        for section in sections.SECTIONS:
            section_register(section)
