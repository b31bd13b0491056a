from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("roundtable.accounts.urls")),
    path("", include("roundtable.communities.urls")),
    path("c/<slug:community_slug>/", include("roundtable.members.urls")),
    path("c/<slug:community_slug>/needs/", include("roundtable.needs.urls")),
    path("c/<slug:community_slug>/segments/", include("roundtable.segments.urls")),
    path("c/<slug:community_slug>/imports/", include("roundtable.imports.urls")),
    path("c/<slug:community_slug>/activities/", include("roundtable.activities.urls")),
    path("c/<slug:community_slug>/", include("roundtable.execution.urls")),
    path("c/<slug:community_slug>/", include("roundtable.breakouts.urls")),
    path("c/<slug:community_slug>/", include("roundtable.live.urls")),
    path("c/<slug:community_slug>/", include("roundtable.feedback.urls")),
    path("c/<slug:community_slug>/", include("roundtable.insights.urls")),
    path("", include("roundtable.execution.public_urls")),
    path("", include("roundtable.breakouts.public_urls")),
    path("", include("roundtable.live.public_urls")),
    path("", include("roundtable.feedback.public_urls")),
]

handler404 = "roundtable.communities.views.not_found"
handler403 = "roundtable.communities.views.forbidden"
handler500 = "roundtable.communities.views.server_error"
