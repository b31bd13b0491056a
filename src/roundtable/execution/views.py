"""Execution pages for staff: the checklist, registrations with invitations, and check-in."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from roundtable.accounts.models import User
from roundtable.activities.models import Activity, Registration
from roundtable.activities.selectors import activity_of
from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.communities.confirmations import confirmations_waiting
from roundtable.communities.models import PendingConfirmation
from roundtable.domain.tabular import csv_lines
from roundtable.execution import selectors, services
from roundtable.execution.forms import StaffRegistrationForm, WalkInForm
from roundtable.execution.invitations import (
    InvitationError,
    invitation_batch_start,
    invitation_preview,
)
from roundtable.execution.mail import registration_page_url
from roundtable.execution.models import ChecklistItem
from roundtable.execution.registrations import (
    RegistrationError,
    checkin_set,
    checkin_walk_in,
    registration_closed_reason,
    registration_submit,
)
from roundtable.members.email_access import email_access
from roundtable.members.models import Member
from roundtable.service_error import form_error_add


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# Checklist ---------------------------------------------------------------------------------


def _checklist_context(activity: Activity, **extra: object) -> dict[str, object]:
    phases = selectors.checklist_phases(activity=activity)
    return {
        "activity": activity,
        "tab": "checklist",
        "phases": phases,
        "owners": services.checklist_owner_choices(activity),
        "phase_choices": ChecklistItem.Phase.choices,
        "has_format": bool(activity.format),
        "open_count": sum(1 for p in phases for r in p.rows if r.item.done_at is None),
        "overdue_count": sum(1 for p in phases for r in p.rows if r.overdue),
        **extra,
    }


def _checklist_response(
    request: CommunityRequest, activity: Activity, error: str = "", status: int = 200
) -> HttpResponse:
    if _is_htmx(request):
        return render(
            request, "execution/_checklist.html", _checklist_context(activity, error=error)
        )
    if error:
        messages.error(request, error)
    return redirect("activity_checklist", request.community.slug, activity.pk)


def _due_from(request: HttpRequest, activity: Activity) -> datetime | None:
    text = request.POST.get("due", "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise services.ChecklistError(
            f"Due: “{text[:40]}” is not a date and time.", "due"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(activity.timezone))
    return moment


def _owner_from(request: HttpRequest, activity: Activity) -> User | None:
    value = request.POST.get("owner", "")
    if not value:
        return None
    if not value.isdigit():
        raise services.ChecklistError("Owner: choose one of the community's staff.", "owner")
    owners = services.checklist_owner_choices(activity)
    owner = next((u for u in owners if u.pk == int(value)), None)
    if owner is None:
        raise services.ChecklistError("Owner: not a facilitator or manager of this community.")
    return owner


@community_view(FACILITATOR)
def activity_checklist(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """The checklist; POST adds an item."""
    activity = activity_of(request, activity_id)
    if request.method == "POST":
        try:
            services.checklist_item_add(
                activity=activity,
                title=request.POST.get("title", ""),
                phase=request.POST.get("phase", "before"),
                due=_due_from(request, activity),
                owner=_owner_from(request, activity),
            )
        except services.ChecklistError as error:
            return _checklist_response(request, activity, str(error))
        return _checklist_response(request, activity)
    return render(request, "execution/checklist.html", _checklist_context(activity))


@community_view(FACILITATOR)
@require_POST
def checklist_generate(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    if not activity.format:
        messages.error(request, "This activity has no format to take a checklist from.")
    else:
        generated = services.checklist_generate(activity=activity)
        if generated.added:
            messages.success(request, f"{generated.added} item(s) added from the format.")
        else:
            messages.info(request, "The checklist already has every item of the format.")
    return redirect("activity_checklist", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def checklist_item_edit(request: CommunityRequest, activity_id: int, item_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    item = selectors.checklist_item_get(activity=activity, item_id=item_id)
    try:
        due = _due_from(request, activity)
        services.checklist_item_update(
            item=item,
            title=request.POST.get("title", ""),
            phase=request.POST.get("phase", ""),
            due=due if due is not None else item.due_offset,
            owner=_owner_from(request, activity),
        )
    except services.ChecklistError as error:
        return _checklist_response(request, activity, f"“{item.title}”: {error}")
    return _checklist_response(request, activity)


@community_view(FACILITATOR)
@require_POST
def checklist_item_done(request: CommunityRequest, activity_id: int, item_id: int) -> HttpResponse:
    """Mark done (POST done=1) or not done (done=0); htmx gets the item's row back."""
    activity = activity_of(request, activity_id)
    item = selectors.checklist_item_get(activity=activity, item_id=item_id)
    services.checklist_item_done_set(
        item=item,
        done=request.POST.get("done") == "1",
        by=request.user,  # type: ignore[arg-type]
    )
    if _is_htmx(request):
        return render(
            request,
            "execution/_checklist_row.html",
            {
                "activity": activity,
                "row": selectors.checklist_row(item),
                "owners": services.checklist_owner_choices(activity),
                "phase_choices": ChecklistItem.Phase.choices,
            },
        )
    return redirect("activity_checklist", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def checklist_item_remove(
    request: CommunityRequest, activity_id: int, item_id: int
) -> HttpResponse:
    activity = activity_of(request, activity_id)
    item = selectors.checklist_item_get(activity=activity, item_id=item_id)
    services.checklist_item_remove(item=item)
    return _checklist_response(request, activity)


# Registrations and invitations -----------------------------------------------------------


def _registrations_context(activity: Activity, request: HttpRequest) -> dict[str, object]:
    response = request.GET.get("answer", "")
    return {
        "activity": activity,
        "tab": "registrations",
        "counts": selectors.registration_counts(activity=activity),
        "registrations": selectors.registration_list(activity=activity, response=response),
        "answer": response,
        "answers": Registration.Response.choices,
        "public_url": registration_page_url(activity),
        "closed": registration_closed_reason(activity),
        "batch": selectors.invitation_batch_latest(activity=activity),
        "waiting": confirmations_waiting(
            community=activity.community,
            kind=PendingConfirmation.Kind.REGISTRATION,
            activity_id=activity.pk,
        ),
    }


@community_view(FACILITATOR)
def activity_registrations(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Who answered, with counts; POST adds a registration by hand."""
    activity = activity_of(request, activity_id)
    form = StaffRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = registration_submit(
                    activity=activity,
                    name=data["name"],
                    email=data["email"],
                    response=data["response"],
                    check_open=False,
                    confirm=data["confirm"],
                )
            except RegistrationError as error:
                form_error_add(form, error)
            else:
                verb = "added" if done.created else "updated (they had registered already)"
                messages.success(request, f"{done.registration.name} {verb}.")
                return redirect("activity_registrations", request.community.slug, activity.pk)
        status = 400
    context = _registrations_context(activity, request)
    context["form"] = form
    return render(request, "execution/registrations.html", context, status=status)


@community_view(FACILITATOR)
def registrations_csv(request: CommunityRequest, activity_id: int) -> StreamingHttpResponse:
    activity = activity_of(request, activity_id)
    response = StreamingHttpResponse(
        csv_lines(
            selectors.registration_csv_rows(
                activity=activity,
                with_emails=email_access(request).of_activity(activity.pk),
            )
        ),
        content_type="text/csv; charset=utf-8",
    )
    name = slugify(activity.title) or "activity"
    response["Content-Disposition"] = f'attachment; filename="{name}-registrations.csv"'
    return response


@community_view(FACILITATOR)
def activity_invite(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Preview the invitation (GET) and send it to every new audience member (POST)."""
    activity = activity_of(request, activity_id)
    if request.method == "POST":
        try:
            batch = invitation_batch_start(activity=activity, by=request.user)  # type: ignore[arg-type]
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("activity_invite", request.community.slug, activity.pk)
        if batch.finished_at and not batch.error:
            messages.success(request, f"{batch.sent} invitation(s) sent.")
        elif batch.error:
            messages.error(request, batch.error)
        else:
            messages.info(
                request,
                f"Sending {batch.total} invitations in the background: see the count below.",
            )
        return redirect("activity_registrations", request.community.slug, activity.pk)
    return render(
        request,
        "execution/invite.html",
        {
            "activity": activity,
            "tab": "registrations",
            "preview": invitation_preview(activity),
            "closed": registration_closed_reason(activity),
            "batch": selectors.invitation_batch_latest(activity=activity),
        },
    )


@community_view(FACILITATOR)
def invitation_batch_status(
    request: CommunityRequest, activity_id: int, batch_id: int
) -> HttpResponse:
    activity = activity_of(request, activity_id)
    batch = selectors.invitation_batch_get(activity=activity, batch_id=batch_id)
    return render(request, "execution/_batch.html", {"activity": activity, "batch": batch})


# Check-in ----------------------------------------------------------------------------------


def _checkin_context(activity: Activity, query: str) -> dict[str, object]:
    registrations = selectors.registration_list(activity=activity, query=query)
    return {
        "activity": activity,
        "tab": "checkin",
        "query": query,
        "registrations": registrations.exclude(
            response=Registration.Response.NOT_ATTENDING, attended_at__isnull=True
        )
        if not query
        else registrations,
        "candidates": selectors.checkin_candidates(activity=activity, query=query),
        "counts": selectors.registration_counts(activity=activity),
    }


@community_view(FACILITATOR)
def activity_checkin(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """The door list: search, tap to mark present; htmx searches get the list alone."""
    activity = activity_of(request, activity_id)
    query = request.GET.get("q", "")[:100]
    context = _checkin_context(activity, query)
    if _is_htmx(request) and request.GET.get("partial"):
        return render(request, "execution/_checkin_list.html", context)
    context["walk_in"] = WalkInForm()
    return render(request, "execution/checkin.html", context)


@community_view(FACILITATOR)
@require_POST
def checkin_toggle(
    request: CommunityRequest, activity_id: int, registration_id: int
) -> HttpResponse:
    """Mark present (POST present=1) or undo (present=0)."""
    activity = activity_of(request, activity_id)
    registration = selectors.registration_get(activity=activity, registration_id=registration_id)
    registration = checkin_set(
        registration=registration, present=request.POST.get("present") == "1"
    )
    if _is_htmx(request):
        return render(
            request,
            "execution/_checkin_toggled.html",
            {
                "activity": activity,
                "r": registration,
                "counts": selectors.registration_counts(activity=activity),
            },
        )
    return redirect("activity_checkin", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def checkin_walk_in_add(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """A walk-in: a member of the community (``member``) or a new person (name and e-mail)."""
    activity = activity_of(request, activity_id)
    member_id = request.POST.get("member", "")
    try:
        if member_id:
            member = Member.objects.filter(
                community=request.community,
                pk=int(member_id) if member_id.isdigit() else 0,
            ).first()
            if member is None:
                raise RegistrationError("Member: not a member of this community.")
            registration = checkin_walk_in(activity=activity, member=member)
        else:
            form = WalkInForm(request.POST)
            if not form.is_valid():
                problems = "; ".join(
                    f"{form.fields[name].label or name.title()}: {' '.join(map(str, errors))}"
                    for name, errors in form.errors.items()
                )
                raise RegistrationError(f"Walk-in not added. {problems}")
            registration = checkin_walk_in(
                activity=activity,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{registration.name} is checked in.")
    return redirect("activity_checkin", request.community.slug, activity.pk)
