"""Reading feedback: the facts of an activity for its evaluation, the review page, the series.

:func:`activity_facts` gathers counts from the data (registrations, attendance, the target
segment, the live session or contribution records, feedback, encounters) with a fixed number of
queries, whatever the number of attendees; :func:`activity_evaluation` hands them to the pure
:func:`roundtable.domain.evaluation.evaluate`.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Encounter, Registration, Series
from roundtable.communities.models import Community
from roundtable.domain.evaluation import (
    ActivityFacts,
    Evaluation,
    IndicatorSpec,
    VoiceFacts,
    evaluate,
)
from roundtable.domain.planning.plan import MAX_MINUTES
from roundtable.feedback.answer_receipts import receipt_digest
from roundtable.feedback.models import (
    OPEN_DAYS_AFTER,
    Decision,
    FeedbackAnswerReceipt,
    FeedbackComment,
    FeedbackForm,
    FeedbackImport,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackSettings,
    Theme,
)
from roundtable.live.models import LiveSession
from roundtable.live.selectors import session_metrics
from roundtable.members.models import Member, ParticipationRecord
from roundtable.segments.selectors import segment_q
from roundtable.web.links import absolute_url


def feedback_named(*, community: Community) -> bool:
    """True when the community asks for named feedback (anonymous is the default)."""
    return FeedbackSettings.objects.filter(community=community, named=True).exists()


def feedback_form_by_token(token: str) -> FeedbackForm:
    form = (
        FeedbackForm.objects.filter(token=token)
        .select_related("activity", "activity__community")
        .first()
    )
    if form is None:
        raise Http404("No such feedback form.")
    return form


def feedback_request_by_token(token: str) -> FeedbackRequest:
    request = (
        FeedbackRequest.objects.filter(token=token)
        .select_related("activity", "activity__community")
        .first()
    )
    if request is None:
        raise Http404("No such feedback link.")
    return request


def feedback_form_of(activity: Activity) -> FeedbackForm | None:
    """The activity's feedback form; every activity gets one when it is created."""
    return FeedbackForm.objects.filter(activity=activity).first()


def feedback_form_url(form: FeedbackForm) -> str:
    """The public link of ``form``, the one its QR code shows."""
    return absolute_url(reverse("feedback_public", args=[form.token]))


def theme_get(*, activity: Activity, theme_id: int) -> Theme:
    theme = Theme.objects.filter(activity=activity, pk=theme_id).first()
    if theme is None:
        raise Http404("No such theme.")
    return theme


def decision_get(*, community: Community, decision_id: int) -> Decision:
    decision = (
        Decision.objects.filter(origin__community=community, pk=decision_id)
        .select_related("origin", "carried_to")
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    return decision


def feedback_import_get(*, activity: Activity, import_id: int) -> FeedbackImport:
    job = FeedbackImport.objects.filter(activity=activity, pk=import_id).first()
    if job is None:
        raise Http404("No such import.")
    return job


def feedback_import_same_applied(*, job: FeedbackImport) -> bool:
    """Whether the same responses (headers and rows) were imported into the activity before."""
    earlier = FeedbackImport.objects.filter(
        activity_id=job.activity_id, applied_at__isnull=False
    ).exclude(pk=job.pk)
    return any(
        headers == job.headers and rows == job.rows
        for headers, rows in earlier.values_list("headers", "rows").iterator(chunk_size=20)
    )


# Evaluation -------------------------------------------------------------------------------------


def _live_voices(ids: list[int]) -> dict[int, VoiceFacts]:
    """Voice from the live sessions of these activities (who joined, who contributed, the Gini
    coefficient), by activity id; activities without a session are left out."""
    voices = {}
    for session in LiveSession.objects.filter(activity_id__in=ids):
        metrics = session_metrics(session=session)
        voices[session.activity_id] = VoiceFacts(
            metrics.joined,
            source="live",
            gini=metrics.gini,
            reported_contributors=metrics.contributors,
        )
    return voices


def _recorded_voice(counts: list[int], attended: int) -> VoiceFacts:
    if not counts:
        return VoiceFacts(0, (), "none")  # nothing recorded: unknown, not zero
    return VoiceFacts(max(attended, len(counts)), tuple(counts), "records")


def _receipts_waiting() -> Coalesce:
    """Per activity of a requests query: links used whose request is not marked answered yet."""
    receipts = (
        FeedbackAnswerReceipt.objects.filter(activity_id=OuterRef("activity_id"))
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(receipts), 0)


def _by_activity(rows: Any) -> dict[int, dict[str, Any]]:
    return {row.pop("activity_id"): row for row in rows.order_by()}


def activities_facts(activities: Sequence[Activity]) -> dict[int, ActivityFacts]:
    """Counts for each of ``activities``, by id: one query per kind of fact for all of them, plus
    one for each that targets a segment and two for each that had a live session."""
    ids = [a.pk for a in activities]
    registrations = _by_activity(
        Registration.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(
            registered=Count("pk", filter=Q(response=Registration.Response.ATTENDING)),
            attended=Count("pk", filter=Q(attended_at__isnull=False)),
        )
    )
    comments = _by_activity(
        FeedbackComment.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(
            pluses=Count("pk", filter=Q(kind=Theme.Kind.PLUS)),
            deltas=Count("pk", filter=Q(kind=Theme.Kind.DELTA)),
        )
    )
    answers = _by_activity(
        FeedbackResponse.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(total=Count("pk"), follow_up=Count("pk", filter=~Q(next_step="")))
    )
    requests = _by_activity(
        FeedbackRequest.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(
            sent=Count("pk"),
            marked=Count("pk", filter=Q(answered=True)),
            waiting=_receipts_waiting(),
        )
    )
    connections = _by_activity(
        Encounter.objects.filter(activity_id__in=ids, first=True)
        .values("activity_id")
        .annotate(n=Count("pk"))
    )
    ratings: dict[int, list[int]] = {}
    for activity_id, rating in (
        FeedbackResponse.objects.filter(activity_id__in=ids, rating__isnull=False)
        .values_list("activity_id", "rating")
        .order_by()
    ):
        if rating is not None:  # never, by the filter; for the type checker
            ratings.setdefault(activity_id, []).append(rating)
    contributions: dict[int, list[int]] = {}
    for activity_id, n in (
        ParticipationRecord.objects.filter(
            activity_id__in=ids, kind=ParticipationRecord.Kind.CONTRIBUTION
        )
        .values("activity_id", "member_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
        .order_by()
    ):
        contributions.setdefault(activity_id, []).append(n)
    live = _live_voices(ids)
    facts = {}
    for activity in activities:
        pk = activity.pk
        registered = registrations.get(pk, {"registered": 0, "attended": 0})
        from_segment = None
        if activity.segment_id is not None and activity.segment is not None:
            from_segment = (
                Registration.objects.filter(activity=activity, attended_at__isnull=False)
                .filter(segment_q(segment=activity.segment, prefix="member__"))
                .count()
            )
        answered = answers.get(pk, {"total": 0, "follow_up": 0})
        asked = requests.get(pk, {"sent": 0, "marked": 0, "waiting": 0})
        facts[pk] = ActivityFacts(
            registered=registered["registered"],
            attended=registered["attended"],
            attended_from_segment=from_segment,
            voice=live.get(pk)
            or _recorded_voice(contributions.get(pk, []), registered["attended"]),
            pluses=comments.get(pk, {}).get("pluses", 0),
            deltas=comments.get(pk, {}).get("deltas", 0),
            ratings=tuple(ratings.get(pk, ())),
            new_connections=connections.get(pk, {}).get("n", 0),
            follow_up_intentions=answered["follow_up"],
            responses=answered["total"],
            requests_sent=asked["sent"],
            requests_answered=asked["marked"] + asked["waiting"],
        )
    return facts


def activity_facts(activity: Activity) -> ActivityFacts:
    """Counts for ``activity``; a constant number of queries whatever its size."""
    return activities_facts([activity])[activity.pk]


def _evaluation(activity: Activity, facts: ActivityFacts) -> Evaluation:
    specs = [
        IndicatorSpec(i.metric, i.target, i.description, i.manual_actual)
        for i in activity.indicators.all()
    ]
    return evaluate(specs, facts)


def activity_evaluation(activity: Activity) -> Evaluation:
    return _evaluation(activity, activity_facts(activity))


def activities_evaluations(activities: Sequence[Activity]) -> dict[int, Evaluation]:
    """The evaluation of each of ``activities`` (their indicators prefetched), by id."""
    facts = activities_facts(activities)
    return {a.pk: _evaluation(a, facts[a.pk]) for a in activities}


def evaluation_json(activity: Activity, evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain data (``roundtable evaluate --json``)."""
    return {
        "activity": {
            "id": activity.pk,
            "title": activity.title,
            "starts_at": activity.starts_at.isoformat(),
            "series": activity.series.title if activity.series else None,
        },
        "indicators": [
            {
                "metric": r.metric,
                "name": r.name,
                "description": r.description,
                "target": r.target,
                "actual": r.actual,
                "met": r.met,
                "note": r.note,
            }
            for r in evaluation.results
        ],
        "summary": evaluation.summary,
        "voice_source": evaluation.facts.voice.source,
    }


# Review page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeView:
    theme: Theme
    comments: list[FeedbackComment]

    @property
    def quotes(self) -> list[tuple[str, int]]:
        """Distinct texts, most representative first, with how many said the same."""
        counts: dict[str, int] = {}
        for comment in self.comments:
            key = comment.text.strip()
            counts[key] = counts.get(key, 0) + 1
        return list(counts.items())


@dataclass(frozen=True)
class ReviewData:
    pluses: list[ThemeView]
    deltas: list[ThemeView]
    ungrouped: list[FeedbackComment]
    ratings: dict[int, int]
    next_steps: list[str]
    requests_sent: int
    requests_answered: int
    reminders_sent: int
    reminders_due: int
    decisions: list[Decision]


def activity_review(activity: Activity, facts: ActivityFacts) -> ReviewData:
    """The review page's feedback; ``facts`` are the activity's, as the evaluation read them."""
    themes = list(Theme.objects.filter(activity=activity))
    comments = list(
        FeedbackComment.objects.filter(activity=activity).order_by(
            "theme_id", "representative", "text"
        )
    )
    by_theme: dict[int, list[FeedbackComment]] = {}
    ungrouped = []
    for comment in comments:
        if comment.theme_id is None:
            ungrouped.append(comment)
        else:
            by_theme.setdefault(comment.theme_id, []).append(comment)
    views = [ThemeView(t, by_theme.get(t.pk, [])) for t in themes]
    views.sort(key=lambda v: (-len(v.comments), v.theme.position))
    ratings = Counter(facts.ratings)
    requests = FeedbackRequest.objects.filter(activity=activity).aggregate(
        sent=Count("pk"),
        replied=Count("pk", filter=Q(answered=True)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        due=Count("pk", filter=Q(answered=False, reminded_at__isnull=True)),
    )
    # Links used but not marked yet count as answered (and are not due a reminder).
    waiting = set(
        FeedbackAnswerReceipt.objects.filter(activity=activity).values_list("digest", flat=True)
    )
    if waiting:
        due_tokens = FeedbackRequest.objects.filter(
            activity=activity, answered=False, reminded_at__isnull=True
        ).values_list("token", flat=True)
        requests["replied"] += len(waiting)
        requests["due"] -= sum(receipt_digest(token) in waiting for token in due_tokens)
    return ReviewData(
        pluses=[v for v in views if v.theme.kind == Theme.Kind.PLUS],
        deltas=[v for v in views if v.theme.kind == Theme.Kind.DELTA],
        ungrouped=ungrouped,
        ratings={r: ratings.get(r, 0) for r in range(1, 6)},
        next_steps=list(
            FeedbackResponse.objects.filter(activity=activity)
            .exclude(next_step="")
            .values_list("next_step", flat=True)
            .order_by("next_step")
            .distinct()[:50]
        ),
        requests_sent=requests["sent"],
        requests_answered=requests["replied"],
        reminders_sent=requests["reminded"],
        reminders_due=requests["due"],
        decisions=list(activity.decisions.select_related("carried_to")),
    )


def decisions_carried_to(activity: Activity) -> list[Decision]:
    return list(
        Decision.objects.filter(carried_to=activity).select_related("origin").order_by("pk")
    )


# Series -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionRow:
    activity: Activity
    number: int
    evaluation: Evaluation
    upcoming: bool  # not happened yet: its figures are not zeros but unknown

    def get(self, key: str) -> Any:
        return None if self.upcoming else self.evaluation.summary.get(key)


def series_overview(*, series: Series) -> list[EditionRow]:
    editions = list(
        series.editions.select_related("segment", "series")
        .prefetch_related("indicators")
        .order_by("starts_at")
    )
    facts = activities_facts(editions)
    now = timezone.now()
    return [
        EditionRow(a, n, _evaluation(a, facts[a.pk]), upcoming=not a.is_past and a.starts_at > now)
        for n, a in enumerate(editions, start=1)
    ]


# The member's own page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackAsked:
    """An activity whose feedback the member was asked for: its personal link's token (for
    ``feedback_personal``) and when the form closes."""

    activity: Activity
    token: str
    closes_at: datetime


def feedback_asked(*, member: Member, now: datetime | None = None) -> list[FeedbackAsked]:
    """The requests sent to ``member``'s registrations in their community whose form is open
    and whose link, as far as the system knows, was not used: not marked answered, and no
    receipt waiting for the batch that marks it (:mod:`roundtable.feedback.answer_receipts`).
    The form closing soonest first; two queries, whatever the number.

    Reads only the person's side (the requests and the receipts by their keyed hash, as the
    personal link's own page does), never an answer. An answer given through the form's public
    link instead is not known here, so the page says "if you have not answered yet"."""
    now = now or timezone.now()
    earliest_start = now - timedelta(days=OPEN_DAYS_AFTER, minutes=MAX_MINUTES)
    rows = list(
        FeedbackRequest.objects.filter(
            registration__member=member,
            activity__community_id=member.community_id,
            activity__feedback_form__isnull=False,
            answered=False,
        )
        .filter(
            Q(activity__feedback_form__closed_at__gt=now)
            | Q(
                activity__feedback_form__closed_at__isnull=True,
                activity__starts_at__gte=earliest_start,
            )
        )
        .select_related("activity", "activity__feedback_form")
        .order_by("activity__starts_at", "pk")
    )
    if rows:
        digests = {receipt_digest(r.token): r.pk for r in rows}
        used = {
            digests[digest]
            for digest in FeedbackAnswerReceipt.objects.filter(
                digest__in=list(digests)
            ).values_list("digest", flat=True)
        }
        rows = [r for r in rows if r.pk not in used]
    asked = [
        FeedbackAsked(r.activity, r.token, r.activity.feedback_form.closes_at())
        for r in rows
        if now < r.activity.feedback_form.closes_at()
    ]
    return sorted(asked, key=lambda a: a.closes_at)
