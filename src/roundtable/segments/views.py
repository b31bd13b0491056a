from django.http import HttpRequest, HttpResponse

from roundtable.communities.access import FACILITATOR, community_view


@community_view(FACILITATOR)
def segment_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("segments (in progress)")
