from django.apps import AppConfig


class BreakoutsConfig(AppConfig):
    name = "roundtable.breakouts"
    verbose_name = "Breakouts"

    def ready(self) -> None:
        from roundtable.activities import events
        from roundtable.breakouts import receivers, sections
        from roundtable.members import events as member_events
        from roundtable.members.sections import section_register

        events.activity_done.connect(
            receivers.record_encounters_when_done, dispatch_uid="breakouts-encounters"
        )
        member_events.member_anonymised.connect(
            receivers.erase_names_in_pairs, dispatch_uid="breakouts-erase-pair-reasons"
        )
        for section in sections.SECTIONS:
            section_register(section)
