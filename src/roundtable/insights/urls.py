from django.urls import path

from roundtable.insights import coverage_views, network_views, report_views, views

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("insights/moves/", views.insights_move, name="insights_move"),
    path("insights/needs/", coverage_views.needs_coverage_page, name="insights_coverage"),
    path("insights/activities/", coverage_views.activities_compared_page, name="insights_compared"),
    path("insights/report/", report_views.community_report_page, name="insights_report"),
    path("insights/report.pdf", report_views.community_report_pdf, name="insights_report_pdf"),
    path("insights/network/", network_views.insights_network, name="insights_network"),
]
