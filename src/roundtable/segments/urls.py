from django.urls import path

from roundtable.segments import views

urlpatterns = [path("", views.segment_list, name="segment_list")]
