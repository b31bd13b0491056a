from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "roundtable.imports"
    label = "imports"

    def ready(self) -> None:
        from roundtable.imports import retention
        from roundtable.members import events

        events.member_anonymised.connect(
            retention.erase_from_import_jobs, dispatch_uid="imports-erase-reports"
        )
