"""Feedback pages: the public plus/delta form, the activity's review (evaluation, themes,
retrospective, decisions), the series view, the report, and importing form exports."""

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.activities.models import Activity
from roundtable.activities.selectors import activity_of, series_get
from roundtable.communities.access import FACILITATOR, MANAGER, CommunityRequest, community_view
from roundtable.domain.feedback_rows import (
    FIELDS,
    FeedbackRow,
    RowProblem,
    guess_mapping,
    mapping_problem,
    rows_read,
    unused_columns,
)
from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.tabular import TableError
from roundtable.feedback import charts, selectors, services
from roundtable.feedback.answer_receipts import request_answered
from roundtable.feedback.forms import DecisionForm, FeedbackAnswerForm, ImportUploadForm
from roundtable.feedback.models import Decision, FeedbackForm, FeedbackImport
from roundtable.service_error import form_error_add
from roundtable.web.bot_trap import bot_trap_message, bot_trap_reason
from roundtable.web.client_address import client_address
from roundtable.web.qr_codes import qr_response
from roundtable.web.rate_limit import rate_limited

SUBMISSIONS_PER_HOUR = 30


def _to_review(activity: Activity, anchor: str = "") -> HttpResponse:
    url = reverse("activity_review", args=[activity.community.slug, activity.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


# The public form --------------------------------------------------------------------------------


def _rate_limited(request: HttpRequest, form: FeedbackForm) -> bool:
    """Count a submission per connection and hour; the key is a salted hash, never the address.

    The counter lives in the cache for an hour and is not stored with, or next to, any answer.
    """
    day = timezone.now().strftime("%Y-%m-%d")
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{day}:{address}".encode()).hexdigest()[:32]
    return rate_limited(
        request,
        scope=f"feedback-rate:{form.pk}",
        key=digest,
        limit=SUBMISSIONS_PER_HOUR,
        seconds=3600,
    )


def _answer_page(
    request: HttpRequest, form: FeedbackForm, *, request_token: str = ""
) -> HttpResponse:
    activity = form.activity
    community = activity.community
    named = selectors.feedback_named(community=community)
    context: dict[str, Any] = {
        "activity": activity,
        "community": community,
        "named": named,
        "action": reverse("feedback_public", args=[form.token]),
    }
    if not form.is_open:
        return render(request, "feedback/closed.html", context, status=410)
    if request.method == "POST":
        answer = FeedbackAnswerForm(request.POST)
        caught = bot_trap_reason(request.POST)
        if caught:  # store nothing, and say so: a person sends it again
            context.update(answer=answer, error=bot_trap_message(caught))
            return render(request, "feedback/answer.html", context, status=400)
        if _rate_limited(request, form):
            context.update(
                answer=answer,
                error="Too many answers were sent from your connection in the last hour. "
                "Please try again later.",
            )
            return render(request, "feedback/answer.html", context, status=429)
        if answer.is_valid():
            data = answer.cleaned_data
            request_token = request_token or data["request_token"]
            try:
                services.feedback_submit(
                    form=form,
                    plus=data["plus"],
                    delta=data["delta"],
                    rating=data["rating"],
                    next_step=data["next_step"],
                    name=data["name"],
                    submission_key=data["submission_key"],
                    request_token=request_token,
                )
            except services.FeedbackClosed:
                return render(request, "feedback/closed.html", context, status=410)
            except services.AlreadyAnswered as error:
                context["error"] = str(error)
                return render(request, "feedback/thanks.html", context)
            except services.FeedbackError as error:
                form_error_add(answer, error)
            else:
                return render(request, "feedback/thanks.html", context)
    else:
        answer = FeedbackAnswerForm(initial={"request_token": request_token})
    context["answer"] = answer
    return render(request, "feedback/answer.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_public(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_page(request, selectors.feedback_form_by_token(token))


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_personal(request: HttpRequest, token: str) -> HttpResponse:
    """The form for one attendee; it posts to the public address with the token in the body."""
    feedback_request = selectors.feedback_request_by_token(token)
    form = selectors.feedback_form_of(feedback_request.activity)
    if form is None:  # requests are only sent once the form exists
        raise Http404("No such feedback form.")
    if request_answered(feedback_request):  # marked, or answered and not marked yet
        context = {
            "activity": form.activity,
            "community": form.activity.community,
            "error": "You have already answered with this link; thank you.",
        }
        return render(request, "feedback/thanks.html", context)
    return _answer_page(request, form, request_token=token)


def feedback_qr(request: HttpRequest, token: str) -> HttpResponse:
    form = selectors.feedback_form_by_token(token)
    return qr_response(selectors.feedback_form_url(form))


# The review page --------------------------------------------------------------------------------


def _review_context(activity: Activity) -> dict[str, Any]:
    prefetch_related_objects([activity], "indicators")  # evaluated, and listed for manual entry
    form = selectors.feedback_form_of(activity)
    evaluation = selectors.activity_evaluation(activity)
    review = selectors.activity_review(activity, evaluation.facts)
    return {
        "activity": activity,
        "tab": "review",
        "form": form,
        "feedback_url": selectors.feedback_form_url(form) if form else "",
        "named": selectors.feedback_named(community=activity.community),
        "evaluation": evaluation,
        "summary": evaluation.summary,
        "review": review,
        "manual_indicators": [i for i in activity.indicators.all() if i.metric == "manual"],
        "theme_columns": [
            ("plus", "Pluses: what went well", review.pluses),
            ("delta", "Deltas: what could be even better", review.deltas),
        ],
        "rating_chart": charts.rating_chart(review.ratings),
        "decision_form": DecisionForm(),
        "statuses": Decision.Status.choices,
        "retrospective": getattr(activity, "retrospective", None),
    }


@community_view(FACILITATOR)
def activity_review(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    return render(request, "feedback/review.html", _review_context(activity))


@community_view(FACILITATOR)
@require_POST
def feedback_form_state(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    is_open = request.POST.get("open") == "1"
    services.feedback_form_set_open(activity=activity, is_open=is_open)
    messages.success(request, "The feedback form is open." if is_open else "Feedback closed.")
    return _to_review(activity, "collect")


@community_view(FACILITATOR)
@require_POST
def feedback_requests(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    try:
        if request.POST.get("what") == "reminders":
            n = services.feedback_reminders_send(activity=activity)
            messages.success(
                request,
                f"One reminder sent to {n} attendee{'s' * (n != 1)} who had not answered."
                if n
                else "Nobody is waiting for a reminder: each non-responder gets one.",
            )
        else:
            n = services.feedback_requests_send(activity=activity)
            messages.success(
                request,
                f"Feedback requested from {n} attendee{'s' * (n != 1)}."
                if n
                else "Every attendee has been asked already; send the reminder instead.",
            )
    except services.FeedbackError as error:
        messages.error(request, str(error))
    return _to_review(activity, "collect")


@community_view(FACILITATOR)
@require_POST
def indicator_actuals(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    actuals = {
        int(key.removeprefix("actual-")): str(value)
        for key, value in request.POST.items()
        if key.startswith("actual-") and key.removeprefix("actual-").isdigit()
    }
    try:
        services.indicator_actuals_save(activity=activity, actuals=actuals)
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Manual indicators saved.")
    return _to_review(activity, "indicators")


@community_view(FACILITATOR)
@require_POST
def themes_regroup(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    counts = services.themes_regroup(activity=activity)
    messages.success(
        request,
        f"Grouped into {counts.get('plus', 0)} plus and {counts.get('delta', 0)} delta themes.",
    )
    return _to_review(activity, "themes")


@community_view(FACILITATOR)
@require_POST
def theme_edit(request: CommunityRequest, activity_id: int, theme_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    theme = selectors.theme_get(activity=activity, theme_id=theme_id)
    action = request.POST.get("action", "")
    try:
        if action == "rename":
            services.theme_rename(theme=theme, label=request.POST.get("label", ""))
        elif action == "merge":
            into_id = request.POST.get("into", "")
            if not into_id.isdigit():
                raise services.FeedbackError("Choose the theme to merge with.", "into")
            into = selectors.theme_get(activity=activity, theme_id=int(into_id))
            services.theme_merge(theme=theme, into=into)
        elif action == "split":
            services.theme_split(theme=theme)
        else:
            raise services.FeedbackError("Rename, merge or split a theme.")
    except services.FeedbackError as error:
        messages.error(request, f"Theme “{theme.label}”: {error}")
    return _to_review(activity, "themes")


@community_view(FACILITATOR)
@require_POST
def retrospective(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    try:
        services.retrospective_save(activity=activity, learned=request.POST.get("learned", ""))
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "What we learned is saved.")
    return _to_review(activity, "retrospective")


@community_view(FACILITATOR)
@require_POST
def decision_add(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the decision (at most 500 characters).")
        return _to_review(activity, "retrospective")
    try:
        decision = services.decision_add(
            activity=activity,
            text=form.cleaned_data["text"],
            carry_as=form.cleaned_data["carry_as"],
        )
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        where = (
            f"carried into the edition of {decision.carried_to.starts_at:%d %b %Y}"
            if decision.carried_to
            else "it will be carried into the next edition when it is planned"
        )
        messages.success(request, f"Decision recorded; {where}.")
    return _to_review(activity, "retrospective")


@community_view(FACILITATOR)
@require_POST
def decision_status(request: CommunityRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(community=request.community, decision_id=decision_id)
    try:
        services.decision_status_set(decision=decision, status=request.POST.get("status", ""))
    except services.FeedbackError as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    if back.startswith("/c/") and "//" not in back:
        return redirect(back)
    return _to_review(decision.origin, "retrospective")


@community_view(MANAGER)
def feedback_settings(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if request.method == "POST":
        named = request.POST.get("named") == "1"
        services.feedback_settings_set(community=community, named=named)
        messages.success(
            request, "Feedback is now named." if named else "Feedback is now anonymous."
        )
        return redirect("feedback_settings", community.slug)
    return render(
        request, "feedback/settings.html", {"named": selectors.feedback_named(community=community)}
    )


# Series and report ------------------------------------------------------------------------------


def _series_context(request: CommunityRequest, series_id: int) -> dict[str, Any]:
    series = series_get(community=request.community, series_id=series_id)
    rows = selectors.series_overview(series=series)
    labels = [f"#{r.number}" for r in rows]

    def values(key: str) -> list[Any]:
        return [r.get(key) for r in rows]

    used = {res.metric for r in rows for res in r.evaluation.results}
    metrics = [(m, i.name) for m, i in INDICATORS.items() if m in used]
    return {
        "series": series,
        "rows": rows,
        "metrics": metrics,
        "charts": [
            charts.trend_chart("Mean rating", labels, values("mean_rating"), maximum=5),
            charts.trend_chart("Attendance", labels, values("attended")),
            charts.trend_chart(
                "Voice reach", labels, values("voice_reach"), maximum=1, percent=True
            ),
            charts.trend_chart("New connections", labels, values("new_connections")),
            charts.plus_delta_chart(
                labels, [v or 0 for v in values("pluses")], [v or 0 for v in values("deltas")]
            ),
        ],
    }


@community_view(FACILITATOR)
def series_detail(request: CommunityRequest, series_id: int) -> HttpResponse:
    return render(request, "feedback/series.html", _series_context(request, series_id))


def _report_context(activity: Activity) -> dict[str, Any]:
    context = _review_context(activity)
    context["tab"] = "report"
    context["generated_at"] = timezone.now()
    return context


@community_view(FACILITATOR)
def activity_report(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    return render(request, "feedback/report.html", _report_context(activity))


@community_view(FACILITATOR)
def activity_report_pdf(request: CommunityRequest, activity_id: int) -> HttpResponse:
    from roundtable.feedback.report import report_pdf

    activity = activity_of(request, activity_id)
    pdf = report_pdf(request=request, context=_report_context(activity))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{activity.pk}.pdf"'
    return response


# Import -----------------------------------------------------------------------------------------


@community_view(FACILITATOR)
def feedback_import(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    error = ""
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_IMPORT_BYTES:
                error = f"{upload.name} is larger than 10 MB; export fewer responses at once."
            else:
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / "upload"
                    with path.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    try:
                        job = services.feedback_import_read(
                            activity=activity, path=path, original_name=upload.name
                        )
                    except TableError as problem:
                        error = f"{upload.name}: {problem}"
                    else:
                        return redirect(
                            "activity_feedback_upload_preview",
                            activity.community.slug,
                            activity.pk,
                            job.pk,
                        )
    return render(
        request,
        "feedback/import.html",
        {"activity": activity, "tab": "review", "form": form, "error": error},
    )


def _preview_context(activity: Activity, job: FeedbackImport) -> dict[str, Any]:
    problem = mapping_problem(job.headers, job.mapping)
    valid: list[FeedbackRow] = []
    problems: list[RowProblem] = []
    blank = 0
    if not problem:
        valid, problems, blank = rows_read(((line, cells) for line, cells in job.rows), job.mapping)
    skipped, unknown = unused_columns(job.headers, job.mapping)
    return {
        "activity": activity,
        "tab": "review",
        "job": job,
        "fields": list(FIELDS.items()),
        "mapping_problem": problem,
        "valid": valid[:20],
        "valid_count": len(valid),
        "problems": problems[:50],
        "problem_count": len(problems),
        "blank": blank,
        "skipped": skipped,
        "unknown": unknown,
        "guessed": guess_mapping(job.headers),
    }


@community_view(FACILITATOR)
def feedback_import_preview(
    request: CommunityRequest, activity_id: int, import_id: int
) -> HttpResponse:
    activity = activity_of(request, activity_id)
    job = selectors.feedback_import_get(activity=activity, import_id=import_id)
    if request.method == "POST" and job.applied_at is None:
        try:
            if request.POST.get("action") == "map":
                services.feedback_import_map(
                    job=job, mapping={f: request.POST.get(f, "") for f in FIELDS}
                )
                messages.success(request, "Columns chosen; check the preview.")
            else:
                n = services.feedback_import_apply(job=job)
                messages.success(request, f"{n} response{'s' * (n != 1)} imported.")
                return _to_review(activity, "themes")
        except (services.FeedbackError, ValueError) as error:
            messages.error(request, str(error))
        return redirect(
            "activity_feedback_upload_preview",
            request.community.slug,
            activity.pk,
            job.pk,
        )
    return render(request, "feedback/import_preview.html", _preview_context(activity, job))
