from django.urls import path

from roundtable.insights import coverage_views

urlpatterns = [
    path("needs/", coverage_views.needs_coverage_page, name="insights_coverage"),
    path("activities/", coverage_views.activities_compared_page, name="insights_compared"),
]
