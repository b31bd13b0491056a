from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "roundtable.communities"
    label = "communities"
