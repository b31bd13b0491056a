from django.urls import path

from roundtable.imports import views

urlpatterns = [path("", views.import_start, name="import_start")]
