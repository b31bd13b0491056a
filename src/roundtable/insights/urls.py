from django.urls import path

from roundtable.insights import views

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("insights/moves/", views.insights_move, name="insights_move"),
]
