from django.urls import path

from roundtable.feedback import views

urlpatterns = [
    path("activities/<int:activity_id>/review/", views.activity_review, name="activity_review"),
    path(
        "activities/<int:activity_id>/review/form/",
        views.feedback_form_state,
        name="activity_feedback_form_state",
    ),
    path(
        "activities/<int:activity_id>/review/requests/",
        views.feedback_requests,
        name="activity_feedback_requests",
    ),
    path(
        "activities/<int:activity_id>/review/actuals/",
        views.indicator_actuals,
        name="activity_indicator_actuals",
    ),
    path(
        "activities/<int:activity_id>/review/themes/",
        views.themes_regroup,
        name="activity_themes_regroup",
    ),
    path(
        "activities/<int:activity_id>/review/themes/<int:theme_id>/",
        views.theme_edit,
        name="activity_theme_edit",
    ),
    path(
        "activities/<int:activity_id>/review/retrospective/",
        views.retrospective,
        name="activity_retrospective",
    ),
    path(
        "activities/<int:activity_id>/review/decisions/",
        views.decision_add,
        name="activity_decision_add",
    ),
    path("decisions/<int:decision_id>/status/", views.decision_status, name="decision_status"),
    path(
        "activities/<int:activity_id>/review/import/",
        views.feedback_import,
        name="activity_feedback_upload",
    ),
    path(
        "activities/<int:activity_id>/review/import/<int:import_id>/",
        views.feedback_import_preview,
        name="activity_feedback_upload_preview",
    ),
    path("activities/<int:activity_id>/report/", views.activity_report, name="activity_report"),
    path(
        "activities/<int:activity_id>/report.pdf",
        views.activity_report_pdf,
        name="activity_report_pdf",
    ),
    path("series/<int:series_id>/", views.series_detail, name="series_detail"),
    path("feedback/settings/", views.feedback_settings, name="feedback_settings"),
]
