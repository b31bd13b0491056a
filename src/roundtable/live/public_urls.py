"""Pages of this app outside any community (public links)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
