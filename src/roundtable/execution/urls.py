from django.urls import path

from roundtable.execution import attendance_views, views

A = "activities/<int:activity_id>/"

urlpatterns = [
    path(A + "checklist/", views.activity_checklist, name="activity_checklist"),
    path(A + "checklist/generate/", views.checklist_generate, name="checklist_generate"),
    path(A + "checklist/<int:item_id>/", views.checklist_item_edit, name="checklist_item_edit"),
    path(
        A + "checklist/<int:item_id>/done/", views.checklist_item_done, name="checklist_item_done"
    ),
    path(
        A + "checklist/<int:item_id>/remove/",
        views.checklist_item_remove,
        name="checklist_item_remove",
    ),
    path(A + "registrations/", views.activity_registrations, name="activity_registrations"),
    path(A + "registrations.csv", views.registrations_csv, name="registrations_csv"),
    path(A + "invite/", views.activity_invite, name="activity_invite"),
    path(
        A + "invite/<int:batch_id>/", views.invitation_batch_status, name="invitation_batch_status"
    ),
    path(A + "checkin/", views.activity_checkin, name="activity_checkin"),
    path(A + "checkin/walk-in/", views.checkin_walk_in_add, name="checkin_walk_in"),
    path(A + "checkin/<int:registration_id>/", views.checkin_toggle, name="checkin_toggle"),
    path(A + "attendance/", attendance_views.attendance_import, name="attendance_import"),
    path(A + "attendance/<int:file_id>/", attendance_views.attendance_file, name="attendance_file"),
    path(
        A + "attendance/<int:file_id>/discard/",
        attendance_views.attendance_discard,
        name="attendance_file_discard",
    ),
]
