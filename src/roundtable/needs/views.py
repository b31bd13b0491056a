"""Needs pages: the board, the public intake form with its QR code, adding and editing needs."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from roundtable.communities.access import FACILITATOR, PUBLIC, CommunityRequest, community_view
from roundtable.communities.confirmations import Held, confirmations_waiting
from roundtable.communities.models import PendingConfirmation
from roundtable.communities.submissions import AlreadySubmitted
from roundtable.members.identity import visitor_owns
from roundtable.members.models import Member
from roundtable.needs.forms import IntakeForm, NeedForm
from roundtable.needs.models import Need
from roundtable.needs.selectors import NeedFilters, need_get
from roundtable.needs.selectors import need_board as board_select
from roundtable.needs.services import (
    NeedError,
    need_create,
    need_intake_hold,
    need_intake_submit,
    need_status_set,
    need_update,
)
from roundtable.service_error import ServiceError
from roundtable.web.bot_trap import bot_trap_message, bot_trap_reason
from roundtable.web.links import absolute_url
from roundtable.web.qr_codes import qr_response
from roundtable.web.rate_limit import rate_limited

INTAKE_LIMIT_PER_HOUR = 10


def _intake_url(request: CommunityRequest) -> str:
    return absolute_url(reverse("need_intake", args=[request.community.slug]))


@community_view(FACILITATOR)
def need_board(request: CommunityRequest) -> HttpResponse:
    filters = NeedFilters.from_query(request.GET)
    board = board_select(community=request.community, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "needs/board.html",
        {
            "board": board,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": Need.Status.choices,
            "urgencies": list(reversed(Need.Urgency.choices)),
            "intake_url": _intake_url(request),
            "waiting": confirmations_waiting(
                community=request.community, kind=PendingConfirmation.Kind.NEED
            ),
            "max_tag": max((n for _, n in board.by_tag), default=0),
        },
    )


def _intake_thanks(request: CommunityRequest, held: Held | None) -> HttpResponse:
    status = 429 if held is not None and not held.sent else 200
    context = {"held": held, "hours": settings.CONFIRMATION_LINK_HOURS}
    return render(request, "needs/intake_thanks.html", context, status=status)


@community_view(PUBLIC)
def need_intake(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if not community.intake_open:
        return render(request, "needs/intake_closed.html", status=404)
    error = ""
    if request.method == "POST":
        form = IntakeForm(request.POST)
        caught = bot_trap_reason(request.POST)
        if caught:  # store nothing, and say so: a person sends it again
            context = {"form": form, "error": bot_trap_message(caught)}
            return render(request, "needs/intake.html", context, status=400)
        if rate_limited(
            request,
            scope=f"need-intake:{community.pk}",
            limit=INTAKE_LIMIT_PER_HOUR,
            seconds=3600,
        ):
            return render(
                request,
                "needs/intake.html",
                {
                    "form": form,
                    "error": "Too many needs were sent from your connection in the last hour. "
                    "Please try again later, or write to the community's staff.",
                },
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            answers = {
                "full_name": data["full_name"],
                "email": data["email"],
                "organisation": data["organisation"],
                "country": data["country"],
                "timezone": data["timezone"],
                "text": data["text"],
                "tag_names": data["tags"],
                "urgency": data["urgency"],
            }
            key = request.POST.get("submission_key", "")
            identified = visitor_owns(request, community=community, email=data["email"])
            held = None
            try:
                if identified:
                    need_intake_submit(community=community, submission_key=key, **answers)
                else:
                    held = need_intake_hold(
                        request=request, community=community, submission_key=key, **answers
                    )
            except AlreadySubmitted:  # sent twice: the first one was recorded, or sent the link
                held = None if identified else Held(data["email"], sent=True)
            except ServiceError as err:
                error = str(err)
            if not error:
                return _intake_thanks(request, held)
    else:
        form = IntakeForm()
    return render(request, "needs/intake.html", {"form": form, "error": error})


@community_view(PUBLIC)
def need_intake_qr(request: CommunityRequest) -> HttpResponse:
    return qr_response(_intake_url(request))


@community_view(FACILITATOR)
def need_intake_print(request: CommunityRequest) -> HttpResponse:
    return render(request, "needs/intake_print.html", {"intake_url": _intake_url(request)})


def _need_form_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    return {"statuses": Need.Status.choices, **extra}


@community_view(FACILITATOR)
def need_new(request: CommunityRequest) -> HttpResponse:
    community = request.community
    member_id = request.GET.get("member", "")
    if not member_id.isdigit():
        search = request.GET.get("q", "").strip()[:200]
        found = []
        if search:
            found = list(
                Member.objects.active()
                .filter(community=community)
                .filter(Q(full_name__icontains=search) | Q(email__icontains=search))[:20]
            )
        return render(request, "needs/need_pick_member.html", {"search": search, "found": found})
    member = get_object_or_404(Member.objects.filter(community=community), pk=int(member_id))
    error = ""
    if request.method == "POST":
        form = NeedForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                need = need_create(
                    community=community,
                    member=member,
                    text=data["text"],
                    tag_names=data["tags"],
                    urgency=data["urgency"],
                    source=data["source"] or Need.Source.STAFF,
                )
                if data["status"] != need.status:
                    need_status_set(need=need, status=data["status"])
            except NeedError as err:
                error = str(err)
            else:
                messages.success(request, f"The need of {member.full_name} was added.")
                return redirect("need_board", community.slug)
    else:
        form = NeedForm()
    return render(request, "needs/need_form.html", {"form": form, "member": member, "error": error})


@community_view(FACILITATOR)
def need_edit(request: CommunityRequest, need_id: int) -> HttpResponse:
    community = request.community
    try:
        need = need_get(community=community, need_id=need_id)
    except Need.DoesNotExist:
        raise Http404("No such need") from None
    error = ""
    if request.method == "POST":
        form = NeedForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                need_update(
                    need=need,
                    text=data["text"],
                    tag_names=data["tags"],
                    urgency=data["urgency"],
                    status=data["status"],
                )
            except NeedError as err:
                error = str(err)
            else:
                messages.success(request, "The need was saved.")
                return redirect("need_board", community.slug)
    else:
        form = NeedForm(
            initial={
                "text": need.text,
                "tags": ", ".join(t.name for t in need.tags.all()),
                "urgency": need.urgency,
                "status": need.status,
                "source": need.source,
            }
        )
        form.fields["source"].disabled = True
    return render(
        request,
        "needs/need_form.html",
        {"form": form, "member": need.member, "need": need, "error": error},
    )


@community_view(FACILITATOR)
def need_status(request: CommunityRequest, need_id: int) -> HttpResponse:
    community = request.community
    try:
        need = need_get(community=community, need_id=need_id)
    except Need.DoesNotExist:
        raise Http404("No such need") from None
    if request.method != "POST":  # after the look-up: another community's id is a 404
        return HttpResponseNotAllowed(["POST"])
    error = ""
    try:
        need_status_set(need=need, status=request.POST.get("status", ""))
    except NeedError as err:
        error = str(err)
    if request.htmx:
        return render(
            request,
            "needs/_status_form.html",
            {"need": need, "statuses": Need.Status.choices, "error": error, "saved": not error},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect("need_board", community.slug)
