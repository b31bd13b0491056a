from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class ExecutionConfig(AppConfig):
    name = "roundtable.execution"
    verbose_name = "Execution"

    def ready(self) -> None:
        from roundtable.activities.models import Activity
        from roundtable.execution.signals import remember_start, reschedule_when_moved

        pre_save.connect(remember_start, sender=Activity, dispatch_uid="execution-start")
        post_save.connect(reschedule_when_moved, sender=Activity, dispatch_uid="execution-moved")
