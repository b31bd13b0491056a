from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "roundtable.segments"
    label = "segments"
