from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "roundtable.members"
    label = "members"
