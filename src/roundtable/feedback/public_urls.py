"""Pages of this app outside any community (public links): the feedback form and its QR code."""

from django.urls import path

from roundtable.feedback import views

urlpatterns = [
    path("feedback/<str:token>/", views.feedback_public, name="feedback_public"),
    path("feedback/<str:token>/qr.svg", views.feedback_qr, name="feedback_qr"),
    path("feedback/me/<str:token>/", views.feedback_personal, name="feedback_personal"),
]
