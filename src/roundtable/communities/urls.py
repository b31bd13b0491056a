from django.urls import path

from roundtable.communities import views

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/new/", views.community_new, name="community_new"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("c/<slug:community_slug>/confirm/<str:token>/", views.confirmation, name="confirmation"),
    path("c/<slug:community_slug>/settings/", views.community_settings, name="community_settings"),
    path("c/<slug:community_slug>/settings/staff/", views.staff, name="staff"),
    path(
        "c/<slug:community_slug>/settings/staff/<int:role_id>/remove/",
        views.staff_remove,
        name="staff_remove",
    ),
]
