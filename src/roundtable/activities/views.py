"""Activity pages: the list, planning (strategic and design levels), the agenda editor with its
live voice budget, one-click fixes, and plans as files."""

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from roundtable.accounts.middleware import viewer_timezone_name
from roundtable.activities import selectors, services
from roundtable.activities.forms import (
    ActivityForm,
    PlanImportForm,
    agenda_from_post,
    agenda_rows,
)
from roundtable.activities.models import MODE_LABELS, Activity
from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.places import current_timezone, timezone_names
from roundtable.domain.planning.formats import PHASES, format_library
from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.planning.located_yaml import LocatedError
from roundtable.domain.planning.plan import SuccessIndicator as PlanIndicator
from roundtable.domain.planning.rules import RULES, PlanContext, plan_check
from roundtable.domain.planning.taxonomy import purposes
from roundtable.domain.planning.timezones import best_start_times, start_fairness
from roundtable.members.selectors import activity_history

MAX_PLAN_BYTES = 200_000


@community_view(FACILITATOR)
def activity_list(request: CommunityRequest) -> HttpResponse:
    community = request.community
    lists = selectors.activity_lists(community=community)
    return render(
        request,
        "activities/activity_list.html",
        {"lists": lists, "history": activity_history(community=community, limit=50)},
    )


def due_words(due: timedelta) -> str:
    """``-3 days`` → "3 days before", ``0`` → "at the start", ``+1 hour`` → "1 hour after"."""
    if not due:
        return "at the start"
    minutes = abs(int(due.total_seconds())) // 60
    size, unit = next(
        (size, unit)
        for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute"))
        if minutes % size == 0
    )
    amount = minutes // size
    words = f"{amount} {unit}{'s' * (amount != 1)}"
    return f"{words} {'before' if due < timedelta(0) else 'after'}"


@community_view(FACILITATOR)
def activity_formats(request: CommunityRequest) -> HttpResponse:
    """The format library: what each format is for, its agenda, voice and checklist."""
    formats = [
        {
            "format": found,
            "purposes": [purposes()[p].name for p in found.suits],
            "minutes": sum(block.minutes for block in found.agenda),
            "settings": ", ".join(dict(Activity.Mode.choices)[s].lower() for s in found.settings),
            "agenda": [(block, MODE_LABELS[block.mode]) for block in found.agenda],
            "checklist": {
                phase: [
                    (item.title, item.owner, due_words(item.due))
                    for item in found.checklist
                    if item.phase == phase
                ]
                for phase in PHASES
            },
        }
        for found in format_library().values()
    ]
    return render(
        request, "activities/format_list.html", {"formats": formats, "modes": MODE_LABELS}
    )


def _form_context(form: ActivityForm) -> dict[str, Any]:
    return {
        "form": form,
        "purposes": list(purposes().values()),
        "formats": list(format_library().values()),
    }


def _apply_service_error(form: ActivityForm, error: services.ActivityError) -> None:
    field = error.field if error.field in form.fields else None
    if error.field == "starts_at":
        field = "start_date"
    form.add_error(field, str(error))


def _team_save(activity: Activity, form: ActivityForm) -> None:
    owner = form.cleaned_data["owner"] or activity.owner
    services.activity_team_set(
        activity=activity, owner=owner, facilitators=form.cleaned_data["facilitators"]
    )


@community_view(FACILITATOR)
def activity_new(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if request.method == "POST":
        form = ActivityForm(request.POST, community=community)
        if form.is_valid():
            try:
                with transaction.atomic():
                    activity = services.activity_create(
                        community=community,
                        fields=form.fields_value(),
                        by=request.user,  # type: ignore[arg-type]
                    )
                    _team_save(activity, form)
            except services.ActivityError as error:
                _apply_service_error(form, error)
            else:
                messages.success(request, f"“{activity.title}” is planned as a draft.")
                return redirect("activity_detail", community.slug, activity.pk)
    else:
        chosen = request.GET.get("format", "")
        found = format_library().get(chosen)
        # The viewer's zone (their account's, else their browser's), by its current name.
        viewer_zone = viewer_timezone_name(request) or "UTC"
        if viewer_zone not in timezone_names():
            viewer_zone = "UTC"
        initial: dict[str, Any] = {
            "timezone": current_timezone(viewer_zone),
            "mode": "online",
            "expected_headcount": 20,
            "duration_minutes": 60,
            "feedback": True,
        }
        if found:
            initial.update(
                format=found.id,
                duration_minutes=found.duration_minutes,
                purpose_deeper=found.suits[0] if found.suits else "",
            )
        form = ActivityForm(initial=initial, community=community)
    return render(request, "activities/activity_form.html", _form_context(form))


@community_view(FACILITATOR)
def activity_edit(request: CommunityRequest, activity_id: int) -> HttpResponse:
    community = request.community
    activity = selectors.activity_of(request, activity_id)
    if request.method == "POST":
        form = ActivityForm(request.POST, community=community)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.activity_update(activity=activity, fields=form.fields_value())
                    _team_save(activity, form)
            except services.ActivityError as error:
                _apply_service_error(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("activity_detail", community.slug, activity.pk)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(activity), community=community)
    context = _form_context(form)
    context["activity"] = activity
    return render(request, "activities/activity_form.html", context)


def _voice_percent(report: Any) -> dict[str, Any]:
    voice = report.voice
    return {
        "spoken_reach": round(voice.spoken_reach * 100),
        "interactive_share": round(voice.interactive_share * 100),
        "tool_reach": round(voice.tool_reach * 100),
        "minutes": round(voice.speaking_minutes_per_participant, 1),
    }


def _findings(report: Any) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    rows = []
    for finding in report.findings:
        rows.append(
            {
                "finding": finding,
                "index": seen[finding.rule],
                "title": RULES[finding.rule].title,
                "fixable": finding.fix is not None,
            }
        )
        seen[finding.rule] += 1
    return rows


def _fairness(activity: Activity, timezones: selectors.AudienceZones) -> dict[str, Any] | None:
    zones = dict(timezones)
    if not zones:
        return None
    current = start_fairness(activity.starts_at, zones, activity.duration_minutes)
    day = activity.starts_at.astimezone(UTC).date()
    best = [
        {"option": option} for option in best_start_times(zones, day, activity.duration_minutes)
    ]
    return {"current": current, "best": best, "zones": len(zones)}


@community_view(FACILITATOR)
def activity_detail(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_of(request, activity_id)
    # One GROUP BY over the audience for the check, the fairness card and the rotation card.
    zones = selectors.audience_timezones(activity)
    report = selectors.activity_check(activity, timezones=zones)
    blocks = list(activity.agenda_blocks.all())
    needs = selectors.audience_open_needs(activity)
    tags = selectors.audience_need_tags(activity, needs=needs)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "tab": "plan",
            "voice": _voice_percent(report),
            "findings": _findings(report),
            "errors": sum(f.severity == "error" for f in report.findings),
            "purpose": purposes().get(activity.purpose_deeper),
            "format": format_library().get(activity.format),
            "blocks": blocks,
            "agenda_minutes": sum(b.minutes for b in blocks),
            "indicators": list(activity.indicators.all()),
            "catalogue": list(INDICATORS.values()),
            "audience_size": selectors.audience_members(activity).count(),
            "needs_count": needs.count(),
            "top_tags": list(tags),
            "quotes": list(needs.select_related("member")[:5]),
            "fairness": _fairness(activity, zones),
            "audience_zones": zones,
            "edition": selectors.edition_number(activity),
            "next_edition": selectors.edition_after(activity),
            "statuses": Activity.Status.choices,
            "phases": PHASES,
        },
    )


def _agenda_context(activity: Activity, blocks: list[Any], rows: list[Any]) -> dict[str, Any]:
    plan = replace(selectors.activity_plan(activity, timezones=False), agenda=tuple(blocks))
    report = plan_check(plan, PlanContext())
    return {
        "activity": activity,
        "tab": "plan",
        "rows": rows,
        "modes": list(MODE_LABELS.items()),
        "voice": _voice_percent(report),
        "agenda_minutes": sum(b.minutes for b in blocks),
        "findings": [
            f
            for f in _findings(report)
            if f["finding"].rule not in ("segment-needs-untouched", "start-outside-working-hours")
        ],
        "invalid": any(row.errors for row in rows),
    }


@community_view(FACILITATOR)
def activity_agenda(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """The agenda editor: blocks with minutes and a mode; the voice budget follows each change."""
    activity = selectors.activity_of(request, activity_id)
    if request.method == "POST":
        blocks, rows = agenda_from_post(request.POST)
        context = _agenda_context(activity, blocks, rows)
        if request.htmx and request.POST.get("preview"):
            return render(request, "activities/_agenda_budget.html", context)
        if not context["invalid"]:
            services.activity_agenda_save(activity=activity, blocks=blocks)
            messages.success(request, "Agenda saved.")
            return redirect("activity_detail", request.community.slug, activity.pk)
        messages.error(request, "The agenda was not saved: fix the fields marked below.")
        return render(request, "activities/agenda_form.html", context, status=400)
    plan = selectors.activity_plan(activity, timezones=False)
    context = _agenda_context(activity, list(plan.agenda), agenda_rows(plan.agenda))
    return render(request, "activities/agenda_form.html", context)


@community_view(FACILITATOR)
@require_POST
def activity_apply(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Apply one suggestion of the alignment check (POST ``rule`` and ``index``)."""
    activity = selectors.activity_of(request, activity_id)
    rule = request.POST.get("rule", "")
    try:
        index = int(request.POST.get("index", "0"))
    except ValueError:
        index = -1
    try:
        if index < 0:
            raise services.ActivityError("That suggestion is not known.")
        finding = services.activity_finding_apply(activity=activity, rule=rule, index=index)
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Applied: {finding.suggestion}")
    return redirect("activity_detail", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def activity_start(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Move the start to one of the suggested times (POST ``start`` as ISO 8601)."""
    activity = selectors.activity_of(request, activity_id)
    try:
        start = datetime.fromisoformat(request.POST.get("start", ""))
        services.activity_start_set(activity=activity, starts_at=start)
    except (ValueError, services.ActivityError):
        messages.error(request, "Start: that is not a date and time with a UTC offset.")
    else:
        local = start.astimezone(ZoneInfo(activity.timezone))
        messages.success(
            request, f"The activity now starts {local:%A %d %B, %H:%M} ({activity.timezone})."
        )
    return redirect("activity_detail", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def activity_indicators(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Replace the success indicators (parallel lists ``metric``, ``target``, ``description``)."""
    activity = selectors.activity_of(request, activity_id)
    metrics = request.POST.getlist("metric")
    targets = request.POST.getlist("target")
    notes = request.POST.getlist("description")
    indicators = []
    for number, metric in enumerate(metrics):
        target_text = targets[number].strip() if number < len(targets) else ""
        if not metric:
            continue
        if not target_text:
            messages.error(
                request,
                f"Indicator {number + 1} ({INDICATORS.get(metric, metric)}): give it a target.",
            )
            return redirect("activity_detail", request.community.slug, activity.pk)
        note = notes[number].strip() if number < len(notes) else ""
        indicators.append(PlanIndicator(metric, selectors.target_value(target_text), note[:300]))
    try:
        services.activity_indicators_save(activity=activity, indicators=indicators)
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Success indicators saved.")
    return redirect("activity_detail", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def activity_status(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_of(request, activity_id)
    try:
        services.activity_status_set(activity=activity, status=request.POST.get("status", ""))
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Status: {activity.get_status_display()}.")
    return redirect("activity_detail", request.community.slug, activity.pk)


@community_view(FACILITATOR)
def activity_export(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_of(request, activity_id)
    response = HttpResponse(
        selectors.activity_export(activity), content_type="application/yaml; charset=utf-8"
    )
    name = slugify(activity.title) or "activity"
    response["Content-Disposition"] = f'attachment; filename="{name}.plan.yaml"'
    return response


@community_view(FACILITATOR)
def activity_import(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Replace the plan from a plan file; every problem is shown with its line."""
    activity = selectors.activity_of(request, activity_id)
    problems: list[str] = []
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        text = ""
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload is not None:
                if upload.size > MAX_PLAN_BYTES:
                    problems.append(
                        f"The file is {upload.size:,} bytes; "
                        f"a plan file is at most {MAX_PLAN_BYTES:,}."
                    )
                else:
                    try:
                        text = upload.read().decode("utf-8")
                    except UnicodeDecodeError:
                        problems.append(
                            "The file is not UTF-8 text; save it as UTF-8 and try again."
                        )
            else:
                text = form.cleaned_data["text"]
            if not problems and not text.strip():
                problems.append("Choose a plan file or paste a plan.")
        if not problems:
            try:
                services.activity_import(activity=activity, text=text)
            except LocatedError as error:
                problems = [str(problem) for problem in error.problems]
            except services.ActivityError as error:
                problems = [str(error)]
            else:
                messages.success(request, "The plan was imported.")
                return redirect("activity_detail", request.community.slug, activity.pk)
    else:
        form = PlanImportForm(initial={"text": selectors.activity_export(activity)})
    return render(
        request,
        "activities/plan_import.html",
        {"activity": activity, "tab": "plan", "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@community_view(FACILITATOR)
@require_POST
def activity_next(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Plan the next edition: a copy in the same series (created if needed), a week later by
    default or at the posted ``start_date``."""
    activity = selectors.activity_of(request, activity_id)
    zone = ZoneInfo(activity.timezone)
    local = activity.starts_at.astimezone(zone)
    try:
        day = datetime.fromisoformat(request.POST.get("start_date", "")).date()
    except ValueError:
        messages.error(request, "Next edition: choose the date of the next edition.")
        return redirect("activity_detail", request.community.slug, activity.pk)
    start = datetime.combine(day, local.time(), tzinfo=zone)
    edition = services.activity_next_edition(activity=activity, starts_at=start, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"The next edition is planned for {start:%A %d %B %Y}.")
    return redirect("activity_detail", request.community.slug, edition.pk)
