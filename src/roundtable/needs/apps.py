from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "roundtable.needs"
    label = "needs"
