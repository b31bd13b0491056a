from django.urls import path

from roundtable.live import views

urlpatterns = [
    path("activities/<int:activity_id>/live/", views.live_console, name="live_console"),
    path("activities/<int:activity_id>/live/settings/", views.live_settings, name="live_settings"),
    path("activities/<int:activity_id>/live/status/", views.live_status, name="live_status"),
    path("activities/<int:activity_id>/live/polls/new/", views.live_poll_new, name="live_poll_new"),
    path("activities/<int:activity_id>/live/present/", views.live_presenter, name="live_presenter"),
    path("activities/<int:activity_id>/live/polls.csv", views.live_export, name="live_export"),
]
