from django.http import HttpRequest, HttpResponse

from roundtable.communities.access import FACILITATOR, PUBLIC, community_view


@community_view(FACILITATOR)
def member_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("members (in progress)")


@community_view(PUBLIC)
def member_self(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse("self (in progress)")


@community_view(FACILITATOR)
def activity_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("activities (in progress)")


@community_view(FACILITATOR)
def insights(request: HttpRequest) -> HttpResponse:
    return HttpResponse("insights (in progress)")
