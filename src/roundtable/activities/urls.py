from django.urls import path

from roundtable.activities import views

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_new, name="activity_new"),
    path("formats/", views.activity_formats, name="activity_formats"),
    path("<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:activity_id>/agenda/", views.activity_agenda, name="activity_agenda"),
    path("<int:activity_id>/apply/", views.activity_apply, name="activity_apply"),
    path("<int:activity_id>/start/", views.activity_start, name="activity_start"),
    path("<int:activity_id>/indicators/", views.activity_indicators, name="activity_indicators"),
    path("<int:activity_id>/status/", views.activity_status, name="activity_status"),
    path("<int:activity_id>/plan.yaml", views.activity_export, name="activity_export"),
    path("<int:activity_id>/import/", views.activity_import, name="activity_import"),
    path("<int:activity_id>/next/", views.activity_next, name="activity_next"),
]
