"""Pages of this app outside any community (public links)."""

from django.urls import path

from roundtable.execution import public_views

urlpatterns = [
    path("r/<str:token>/", public_views.registration_page, name="registration_page"),
    path("r/<str:token>/calendar.ics", public_views.registration_ics, name="registration_ics"),
    path(
        "r/<str:token>/i/<str:invitation>/",
        public_views.registration_invited,
        name="registration_invited",
    ),
    path(
        "r/<str:token>/answer/<str:registration>/",
        public_views.registration_change,
        name="registration_change",
    ),
]
