from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "roundtable.activities"
    verbose_name = "Activities"
