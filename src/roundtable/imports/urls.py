from django.urls import path

from roundtable.imports import views

urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("template.csv", views.import_template, name="import_template"),
    path("<int:job_id>/", views.import_job, name="import_job"),
    path("<int:job_id>/status/", views.import_job_status, name="import_job_status"),
    path("<int:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:job_id>/retry/", views.import_retry, name="import_retry"),
    path("export/members/", views.member_export, name="member_export"),
    path("export/needs/", views.need_export, name="need_export"),
]
