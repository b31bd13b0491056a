from django.urls import path

from roundtable.segments import views

urlpatterns = [
    path("", views.segment_list, name="segment_list"),
    path("new/", views.segment_new, name="segment_new"),
    path("preview/", views.segment_preview, name="segment_preview"),
    path("rule-rows/", views.segment_rule_rows, name="segment_rule_rows"),
    path("<int:segment_id>/", views.segment_detail, name="segment_detail"),
    path("<int:segment_id>/edit/", views.segment_edit, name="segment_edit"),
    path("<int:segment_id>/delete/", views.segment_delete, name="segment_delete"),
    path("<int:segment_id>/members/add/", views.segment_members_add, name="segment_members_add"),
    path(
        "<int:segment_id>/members/remove/",
        views.segment_members_remove,
        name="segment_members_remove",
    ),
]
