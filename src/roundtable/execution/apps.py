from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "roundtable.execution"
    verbose_name = "Execution"
