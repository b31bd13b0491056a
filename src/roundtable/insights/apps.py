from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "roundtable.insights"
    label = "insights"
