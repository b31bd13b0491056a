from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "roundtable.imports"
    label = "imports"
