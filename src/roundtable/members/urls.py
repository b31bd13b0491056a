from django.urls import path

from roundtable.members import views

urlpatterns = [
    path("", views.community_home, name="community_home"),
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_new, name="member_new"),
    path("members/<int:member_id>/", views.member_detail, name="member_detail"),
    path("members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:member_id>/archive/", views.member_archive, name="member_archive"),
    path("members/<int:member_id>/restore/", views.member_restore, name="member_restore"),
    path("members/<int:member_id>/delete/", views.member_delete, name="member_delete"),
    path("members/<int:member_id>/data.json", views.member_data_download, name="member_data"),
    path("members/<int:member_id>/link/", views.member_link, name="member_link"),
    path("people/", views.people, name="people"),
    path("me/<str:token>/", views.member_self, name="member_self"),
]
