"""Import and export pages (managers only: they handle personal data)."""

from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from roundtable.communities.access import MANAGER, CommunityRequest, community_view
from roundtable.domain.member_rows import EXPORT_HEADERS, SYNONYMS
from roundtable.imports.conversations import IGNORE, NEW
from roundtable.imports.forms import ConversationUploadForm, ImportUploadForm
from roundtable.imports.models import ImportJob
from roundtable.imports.selectors import (
    conversation_member_choices,
    export_bytes,
    export_csv_lines,
    import_job_progress,
    import_job_stalled,
    import_jobs_recent,
    member_export_rows,
    need_export_rows,
)
from roundtable.imports.services import (
    CONVERSATIONS,
    import_job_confirm,
    import_job_create,
    import_job_retry,
)

TEMPLATE_ROWS = [
    [EXPORT_HEADERS[f] for f in EXPORT_HEADERS],
    [
        "Amina Odhiambo",
        "amina@example.org",
        "Nairobi City Water",
        "Kenya",
        "Africa/Nairobi",
        "English, Swahili",
        "Leak detection engineer",
        "leak detection, GIS",
        "pricing, climate",
        "2023-04-12",
        "Runs the district metering programme.",
        "We cannot find leaks fast enough in old pipes.",
        "urgent",
        "amina.odhiambo@example.com",
    ],
]
RUNNING = (ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)


def _job(request: CommunityRequest, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob, community=request.community, pk=job_id)


def _columns_help() -> list[tuple[str, str]]:
    return [
        (EXPORT_HEADERS.get(f, names[0]), ", ".join(names[1:5])) for f, names in SYNONYMS.items()
    ]


@community_view(MANAGER)
@require_http_methods(["GET", "POST"])
def import_start(request: CommunityRequest) -> HttpResponse:
    community = request.community
    talks = request.method == "POST" and "conversations" in request.FILES
    form = ImportUploadForm(
        request.POST if request.method == "POST" and not talks else None, request.FILES or None
    )
    talks_form = ConversationUploadForm(
        request.POST if talks else None, request.FILES if talks else None
    )
    chosen = talks_form if talks else form
    if request.method == "POST" and chosen.is_valid():
        data = chosen.cleaned_data
        try:
            job = import_job_create(
                community=community,
                user=request.user,  # type: ignore[arg-type]
                upload=data["conversations"] if talks else data["file"],
                skip_invalid=bool(data.get("skip_invalid")),
                kind=CONVERSATIONS if talks else "members",
                options={"add_unknown": bool(data.get("add_unknown"))} if talks else {},
            )
        except ValidationError as error:
            chosen.add_error("conversations" if talks else "file", error)
        else:
            return redirect("import_job", community.slug, job.pk)
    return render(
        request,
        "imports/start.html",
        {
            "form": form,
            "talks_form": talks_form,
            "jobs": import_jobs_recent(community=community),
            "columns": _columns_help(),
        },
        status=400 if form.errors or talks_form.errors else 200,
    )


@community_view(MANAGER)
@require_GET
def import_template(request: CommunityRequest) -> HttpResponse:
    data = export_bytes(rows=iter(TEMPLATE_ROWS), file_format="csv", title="members")
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roundtable-members-template.csv"'
    return response


def _job_context(job: ImportJob) -> dict[str, object]:
    processed, total = import_job_progress(job=job)
    report = job.report or {}
    to_import = report.get("created", 0) + report.get("updated", 0)
    stalled = import_job_stalled(job=job, now=timezone.now())
    ignored_count = report.get("ignored_count", len(report.get("ignored_columns", [])))
    return {
        "job": job,
        "report": report,
        "running": job.status in RUNNING and not stalled,
        "stalled": stalled,
        "can_retry": stalled or job.status == ImportJob.Status.FAILED,
        "stale_minutes": settings.IMPORT_STALE_MINUTES,
        "more_ignored": max(0, ignored_count - len(report.get("ignored_columns", []))),
        "processed": processed,
        "total": total,
        "percent": min(100, round(100 * processed / total)) if total else 0,
        "more_errors": max(0, report.get("error_count", 0) - len(report.get("errors", []))),
        "can_import": job.status == ImportJob.Status.VALIDATED and to_import > 0,
        "to_import": to_import,
        "member_choices": (
            conversation_member_choices(community=job.community)
            if job.kind == CONVERSATIONS
            and job.status == ImportJob.Status.VALIDATED
            and report.get("to_decide")
            else []
        ),
        "NEW": NEW,
        "IGNORE": IGNORE,
    }


# Job views find the job before checking the method, so that another community's job id is a
# 404 whatever the method.


@community_view(MANAGER)
def import_job(request: CommunityRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "imports/job.html", _job_context(job))


@community_view(MANAGER)
def import_job_status(request: CommunityRequest, job_id: int) -> HttpResponse:
    """The job's changing part, polled by htmx every second while it runs."""
    job = _job(request, job_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "imports/_job_body.html", _job_context(job))


@community_view(MANAGER)
def import_confirm(request: CommunityRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    decisions = {
        str(person["index"]): value
        for person in (job.report or {}).get("to_decide", [])
        if (value := request.POST.get(f"person-{person['index']}", ""))
    }
    try:
        import_job_confirm(job=job, decisions=decisions)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("import_job", request.community.slug, job.pk)


@community_view(MANAGER)
def import_retry(request: CommunityRequest, job_id: int) -> HttpResponse:
    """Queue a failed or stalled job's run again (the "Try again" button)."""
    job = _job(request, job_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        import_job_retry(job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("import_job", request.community.slug, job.pk)


def _export(request: CommunityRequest, kind: str) -> HttpResponseBase:
    community = request.community
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        return HttpResponse(
            "Unknown format: use csv or xlsx.", status=400, content_type="text/plain"
        )
    rows = (member_export_rows if kind == "members" else need_export_rows)(community=community)
    filename = f"{community.slug}-{kind}.{file_format}"
    response: HttpResponseBase
    if file_format == "xlsx":
        response = HttpResponse(
            export_bytes(rows=rows, file_format="xlsx", title=kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        lines = export_csv_lines(rows)
        response = StreamingHttpResponse(
            chain(["\ufeff"], lines),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@community_view(MANAGER)
@require_GET
def member_export(request: CommunityRequest) -> HttpResponseBase:
    return _export(request, "members")


@community_view(MANAGER)
@require_GET
def need_export(request: CommunityRequest) -> HttpResponseBase:
    return _export(request, "needs")
