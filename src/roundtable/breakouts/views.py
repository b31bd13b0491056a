"""Breakout pages of an activity and the community's coffee-chat page. Views parse the
request, call one service or selector and render."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from roundtable.activities.models import Activity
from roundtable.activities.selectors import activity_of
from roundtable.breakouts import coffee_chats, selectors, services
from roundtable.breakouts.forms import BreakoutPlanForm, HoursForm, OptInForm, ReplanForm
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatRound
from roundtable.communities.access import (
    FACILITATOR,
    MANAGER,
    PUBLIC,
    CommunityRequest,
    community_view,
)
from roundtable.members.email_access import email_access
from roundtable.members.selectors import member_by_token, member_get
from roundtable.service_error import form_error_add


def _to_tab(request: CommunityRequest, activity: Activity) -> HttpResponse:
    """Back to the breakouts tab (the community is the request's: no read of the activity's)."""
    return redirect("activity_breakouts", request.community.slug, activity.pk)


PlanView = Callable[[CommunityRequest, Activity, BreakoutPlan], HttpResponse]


def _with_plan(view: PlanView) -> Callable[[CommunityRequest, int], HttpResponse]:
    """The view gets the activity and its latest plan; without a plan, back to the tab."""

    @functools.wraps(view)
    def wrapper(request: CommunityRequest, activity_id: int) -> HttpResponse:
        activity = activity_of(request, activity_id)
        plan = selectors.plan_latest(activity=activity)
        if plan is None:
            messages.error(request, "Plan the breakouts first.")
            return _to_tab(request, activity)
        return view(request, activity, plan)

    return wrapper


def _addresses_refused(request: CommunityRequest, activity: Activity) -> HttpResponse | None:
    """The Zoom file and the Teams lists are made of e-mail addresses: a 403 page saying so
    unless the viewer may see this activity's addresses (``members.email_access``)."""
    if email_access(request).of_activity(activity.pk):
        return None
    return render(
        request,
        "403.html",
        {
            "reason": "The Zoom and Teams room lists are made of e-mail addresses, which only "
            "the managers and this activity's facilitators see."
        },
        status=403,
    )


def _figures(quality: selectors.Quality) -> str:
    return (
        f"{quality.repeat_pairs} repeated pairs, {quality.met_before} pairs who met before, "
        f"{quality.new_connections} new connections."
    )


def _round_number(request: HttpRequest) -> int:
    value = request.GET.get("round", "1")
    return int(value) if value.isdigit() else 1


def _page(
    request: HttpRequest,
    activity: Activity,
    form: BreakoutPlanForm,
    plan: BreakoutPlan | None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"activity": activity, "tab": "breakouts", "form": form, "plan": plan}
    if plan is not None:
        rounds = selectors.plan_view(plan)
        context.update(
            rounds=rounds,
            quality=selectors.plan_quality(plan),
            without_email=sorted(
                {
                    a.registration.name
                    for r in rounds
                    for room in r.rooms
                    for a in room.people
                    if not selectors.assignment_email(a)
                }
            ),
            encounters=activity.encounters.count(),
        )
    return render(request, "breakouts/breakouts.html", context, status=status)


@community_view(FACILITATOR)
def activity_breakouts(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    if request.method == "POST":
        form = BreakoutPlanForm(request.POST, activity=activity)
        if form.is_valid():
            try:
                plan = services.breakout_plan_create(
                    activity=activity, request=form.request(), by=request.user
                )
            except services.BreakoutError as error:
                form_error_add(form, error)
            else:
                quality = selectors.plan_quality(plan)
                level = messages.success if plan.complete else messages.warning
                level(request, f"{plan.message} {_figures(quality)}")
                return _to_tab(request, activity)
        latest = selectors.plan_latest(activity=activity)
        return _page(request, activity, form, latest, status=400 if form.errors else 200)
    latest = selectors.plan_latest(activity=activity)
    initial: dict[str, Any] = {
        "source": selectors.default_source(activity=activity),
        "group_size": 4,
        "rounds": 3,
        "use_history": True,
    }
    if latest is not None:
        stored = latest.parameters
        initial.update(
            {k: stored.get(k) for k in ("source", "group_size", "rooms", "rounds", "mix")},
            max_rounds=latest.max_rounds,
            use_history=stored.get("use_history", True),
            facilitators=stored.get("facilitators", []),
        )
    return _page(request, activity, BreakoutPlanForm(initial=initial, activity=activity), latest)


@community_view(FACILITATOR)
@_with_plan
@require_POST
def activity_breakouts_swap(
    request: CommunityRequest, activity: Activity, plan: BreakoutPlan
) -> HttpResponse:
    chosen = [int(x) for x in request.POST.getlist("swap") if x.isdigit()]
    try:
        if len(chosen) != 2:
            raise services.BreakoutError(
                f"Select exactly two people of one round to swap ({len(chosen)} selected)."
            )
        services.breakout_swap(plan=plan, first=chosen[0], second=chosen[1])
    except services.BreakoutError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Swapped. Now {_figures(selectors.plan_quality(plan))}")
    return _to_tab(request, activity)


@community_view(FACILITATOR)
@_with_plan
def activity_breakouts_replan(
    request: CommunityRequest, activity: Activity, plan: BreakoutPlan
) -> HttpResponse:
    if request.method == "POST":
        form = ReplanForm(request.POST, activity=activity)
        if form.is_valid():
            try:
                new = services.breakout_replan(
                    plan=plan,
                    finished=form.cleaned_data["finished"],
                    present=form.cleaned_data["present"],
                    by=request.user,
                )
            except services.BreakoutError as error:
                form_error_add(form, error)
            else:
                level = messages.success if new.complete else messages.warning
                level(
                    request,
                    f"Rounds {new.finished_rounds + 1}–{new.rounds} re-planned. {new.message} "
                    f"{_figures(selectors.plan_quality(new))}",
                )
                return _to_tab(request, activity)
    else:
        current = {pk for r in selectors.plan_rounds(plan) for g in r for pk in g}
        form = ReplanForm(
            initial={"finished": max(plan.finished_rounds, 1), "present": sorted(current)},
            activity=activity,
        )
    return render(
        request,
        "breakouts/replan.html",
        {"activity": activity, "tab": "breakouts", "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@community_view(FACILITATOR)
@_with_plan
def activity_breakouts_print(
    request: CommunityRequest, activity: Activity, plan: BreakoutPlan
) -> HttpResponse:
    return render(
        request,
        "breakouts/room_sheet.html",
        {"activity": activity, "plan": plan, "rounds": selectors.plan_view(plan)},
    )


@community_view(FACILITATOR)
@_with_plan
def activity_breakouts_zoom(
    request: CommunityRequest, activity: Activity, plan: BreakoutPlan
) -> HttpResponse:
    refused = _addresses_refused(request, activity)
    if refused:
        return refused
    number = _round_number(request)
    rooms = selectors.round_export(plan, number)
    response = HttpResponse(selectors.zoom_csv(rooms), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="breakouts-{activity.pk}-round-{number}.csv"'
    )
    return response


@community_view(FACILITATOR)
@_with_plan
def activity_breakouts_teams(
    request: CommunityRequest, activity: Activity, plan: BreakoutPlan
) -> HttpResponse:
    refused = _addresses_refused(request, activity)
    if refused:
        return refused
    number = _round_number(request)
    rooms = selectors.round_export(plan, number)
    return render(
        request,
        "breakouts/teams.html",
        {
            "activity": activity,
            "tab": "breakouts",
            "plan": plan,
            "number": number,
            "rooms": rooms,
            "round_numbers": range(1, plan.rounds + 1),
            "without_email": [n for room in rooms for n in room.without_email],
        },
    )


@community_view(MANAGER)
def activity_breakouts_encounters(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    created = services.encounters_record(activity=activity)
    total = activity.encounters.count()
    messages.success(
        request, f"{total} encounters stored for this activity ({created} new this time)."
    )
    return _to_tab(request, activity)


# Coffee chats


def _coffee_page(
    request: CommunityRequest, opt_in_form: OptInForm | None = None, status: int = 200
) -> HttpResponse:
    community = request.community
    rounds = coffee_chats.rounds_list(community=community)
    draft = next((r for r in rounds if r.status == CoffeeChatRound.Status.DRAFT), None)
    return render(
        request,
        "breakouts/coffee_chats.html",
        {
            "opt_ins": list(coffee_chats.opt_ins(community=community)),
            "opt_in_form": opt_in_form or OptInForm(community=community),
            "draft": draft,
            "past": [r for r in rounds if r.status != CoffeeChatRound.Status.DRAFT],
        },
        status=status,
    )


@community_view(FACILITATOR)
def coffee_chat_list(request: CommunityRequest) -> HttpResponse:
    return _coffee_page(request)


@community_view(MANAGER)
def coffee_chat_opt_in(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OptInForm(request.POST, community=community)
    if form.is_valid():
        try:
            added = coffee_chats.coffee_chat_opt_in_many(
                community=community,
                people=form.cleaned_data["people"].splitlines(),
                segment_id=form.cleaned_data["segment"],
            )
        except coffee_chats.CoffeeChatError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"{added} members opted in.")
            return redirect("coffee_chats", community.slug)
    return _coffee_page(request, form, status=400)


@community_view(MANAGER)
def coffee_chat_opt_out(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = request.community
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = member_get(community=community, member_id=member_id)
    coffee_chats.coffee_chat_opt_out(member=member)
    messages.success(request, f"{member} no longer gets coffee chats.")
    return redirect("coffee_chats", community.slug)


@community_view(MANAGER)
def coffee_chat_round_new(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        round_ = coffee_chats.coffee_chat_round_preview(
            community=community,
            by=request.user,
            seed=CoffeeChatRound.objects.filter(community=community).count(),
        )
    except coffee_chats.CoffeeChatError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{round_.pairs.count()} pairs to preview. Nothing is sent until you send."
        )
    return redirect("coffee_chats", community.slug)


@community_view(MANAGER)
def coffee_chat_round_action(request: CommunityRequest, round_id: int) -> HttpResponse:
    community = request.community
    round_ = coffee_chats.round_get(community=community, round_id=round_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if request.POST.get("action") == "send":
            coffee_chats.coffee_chat_round_send(round_=round_)
            messages.success(request, "The introductions are being sent, one e-mail per pair.")
        elif request.POST.get("action") == "discard":
            coffee_chats.coffee_chat_round_discard(round_=round_)
            messages.success(request, "The preview was discarded.")
        else:
            messages.error(request, "Choose to send or to discard the round.")
    except coffee_chats.CoffeeChatError as error:
        messages.error(request, str(error))
    return redirect("coffee_chats", community.slug)


@community_view(PUBLIC)
def coffee_chat_self(request: CommunityRequest, token: str) -> HttpResponse:
    """A member's own opt-in, from their personal page (POST only)."""
    community = request.community
    member = member_by_token(community=community, token=token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("action") == "out":
        coffee_chats.coffee_chat_opt_out(member=member)
        messages.success(request, "You will not be paired for coffee chats.")
    else:
        form = HoursForm(request.POST)
        if form.is_valid():
            coffee_chats.coffee_chat_opt_in(
                member=member,
                hours_start=form.cleaned_data["hours_start"],
                hours_end=form.cleaned_data["hours_end"],
            )
            messages.success(request, "You are in: we will introduce you to someone new.")
        else:
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, f"Coffee chats: {errors}")
    home = reverse("community_home", args=[community.slug])  # the logged-in member's home
    if request.POST.get("next") == home:
        return redirect(home)
    return redirect("member_self", community.slug, token)
