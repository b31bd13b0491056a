from django.urls import path

from roundtable.needs import views

urlpatterns = [
    path("", views.need_board, name="need_board"),
    path("intake/", views.need_intake, name="need_intake"),
]
