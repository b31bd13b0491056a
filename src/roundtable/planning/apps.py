from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "roundtable.planning"
    label = "planning"
