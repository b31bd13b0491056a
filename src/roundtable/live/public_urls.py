"""Public live pages: join by code, the participant client, and the HTTP fallback."""

from django.urls import path

from roundtable.live import views

urlpatterns = [
    path("j/", views.live_join_code, name="live_join_code"),
    path("j/<str:code>/", views.live_join, name="live_join"),
    path("j/<str:code>/state/", views.live_http_state, name="live_http_state"),
    path("j/<str:code>/act/", views.live_http_act, name="live_http_act"),
    path("j/<str:code>/qr.svg", views.live_qr, name="live_qr"),
]
