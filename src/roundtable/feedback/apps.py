from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "roundtable.feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from roundtable.activities import events as activity_events
        from roundtable.execution import events as checklist_events
        from roundtable.feedback import receivers

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
