from django.apps import AppConfig


class BreakoutsConfig(AppConfig):
    name = "roundtable.breakouts"
    verbose_name = "Breakouts"
