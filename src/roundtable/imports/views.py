from django.http import HttpRequest, HttpResponse

from roundtable.communities.access import MANAGER, community_view


@community_view(MANAGER)
def import_start(request: HttpRequest) -> HttpResponse:
    return HttpResponse("import (in progress)")
