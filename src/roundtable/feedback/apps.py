from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "roundtable.feedback"
    verbose_name = "Feedback"
