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
]

handler404 = "roundtable.communities.views.not_found"
handler403 = "roundtable.communities.views.forbidden"
handler500 = "roundtable.communities.views.server_error"
