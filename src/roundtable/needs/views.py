from django.http import HttpRequest, HttpResponse

from roundtable.communities.access import FACILITATOR, PUBLIC, community_view


@community_view(FACILITATOR)
def need_board(request: HttpRequest) -> HttpResponse:
    return HttpResponse("needs board (in progress)")


@community_view(PUBLIC)
def need_intake(request: HttpRequest) -> HttpResponse:
    return HttpResponse("intake (in progress)")
