from django.urls import path

from roundtable.needs import views

urlpatterns = [
    path("", views.need_board, name="need_board"),
    path("intake/", views.need_intake, name="need_intake"),
    path("intake/qr.svg", views.need_intake_qr, name="need_intake_qr"),
    path("intake/print/", views.need_intake_print, name="need_intake_print"),
    path("new/", views.need_new, name="need_new"),
    path("<int:need_id>/edit/", views.need_edit, name="need_edit"),
    path("<int:need_id>/status/", views.need_status, name="need_status"),
]
