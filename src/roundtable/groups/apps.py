from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "roundtable.groups"
    label = "groups"
    verbose_name = "Breakout groups"
