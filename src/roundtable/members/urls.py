from django.urls import path

from roundtable.members import views

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("me/<str:token>/", views.member_self, name="member_self"),
    path("activities/", views.activity_list, name="activity_list"),
    path("insights/", views.insights, name="insights"),
]
