"""Feedback services: answers, requests and reminders, themes, the retrospective and carry-over.

Every function writes in one transaction. The anonymity rule (docs/feedback.md) is kept here:
:func:`feedback_submit` stores no person, account, address or device with an anonymous answer,
logs nothing about it, and marks a personal request as answered without saying which answer is
the person's (it is marked later, apart from the answer).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Registration, SuccessIndicator
from roundtable.activities.selectors import edition_after
from roundtable.communities.models import Community
from roundtable.communities.submissions import AlreadySubmitted, submission_claim
from roundtable.domain.feedback_rows import (
    MAX_COMMENT,
    MAX_NEXT_STEP,
    FeedbackFileError,
    FeedbackRow,
    guess_mapping,
    mapping_problem,
    rows_read,
)
from roundtable.domain.tabular import TableError, table_open
from roundtable.domain.themes import Comment, group_themes
from roundtable.execution.services import checklist_item_add
from roundtable.feedback.answer_receipts import (
    answers_flush_schedule,
    feedback_answers_flush,
    receipt_digest,
    request_answered,
)
from roundtable.feedback.models import (
    Decision,
    FeedbackAnswerReceipt,
    FeedbackComment,
    FeedbackForm,
    FeedbackImport,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackSettings,
    Retrospective,
    Theme,
)
from roundtable.imports.limits import table_limits
from roundtable.service_error import ServiceError
from roundtable.web.links import absolute_url

ALREADY_ANSWERED = (
    "You have already answered with this link; thank you. Each link counts one answer."
)
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = 10 * 1024 * 1024  # the largest export read, in the web page and the command
MAX_IMPORT_CHARS = 20_000_000
MAX_NAME = 200


class FeedbackError(ServiceError):
    """A feedback change that cannot be made; ``field`` names the form field, if one."""


class FeedbackClosed(FeedbackError):
    """The activity's feedback form no longer takes answers."""


class AlreadyAnswered(FeedbackError):
    """A personal link that was used already."""


# Settings and the form --------------------------------------------------------------------------


def feedback_settings_set(*, community: Community, named: bool) -> FeedbackSettings:
    settings_row, _ = FeedbackSettings.objects.update_or_create(
        community=community, defaults={"named": named}
    )
    return settings_row


def feedback_form_get(*, activity: Activity) -> FeedbackForm:
    """The activity's feedback form, created on first use (it has a public link from then on)."""
    form, _ = FeedbackForm.objects.get_or_create(activity=activity)
    return form


def feedback_form_set_open(*, activity: Activity, is_open: bool) -> FeedbackForm:
    form = feedback_form_get(activity=activity)
    form.closed_at = None if is_open else timezone.now()
    form.save(update_fields=["closed_at"])
    return form


# Answers ----------------------------------------------------------------------------------------


def _clean(text: str, *, field: str, label: str, limit: int) -> str:
    value = (text or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise FeedbackError(
            f"{label} is {len(value):,} characters long; please keep it under {limit:,}.", field
        )
    return value


def _receipt_store(request: FeedbackRequest, activity: Activity) -> None:
    """Record that ``request``'s link was used, or raise AlreadyAnswered; the caller holds the
    transaction, which queues the flush that marks the request answered later."""
    try:
        with transaction.atomic():  # a savepoint: the same link sent twice at the same moment
            FeedbackAnswerReceipt.objects.create(
                digest=receipt_digest(request.token), activity=activity
            )
    except IntegrityError:
        raise AlreadyAnswered(ALREADY_ANSWERED) from None
    # A flush may have marked the request (and deleted an earlier receipt) since it was read.
    if FeedbackRequest.objects.filter(pk=request.pk, answered=True).exists():
        raise AlreadyAnswered(ALREADY_ANSWERED)
    answers_flush_schedule()


def feedback_submit(
    *,
    form: FeedbackForm,
    plus: str = "",
    delta: str = "",
    rating: int | None = None,
    next_step: str = "",
    name: str = "",
    submission_key: str = "",
    request_token: str = "",
) -> FeedbackResponse | None:
    """Store one answer to ``form``; None when it repeats a submission just made (double click).

    ``submission_key`` is the one-time key the form's page was made with: a second submission
    with the same key (back and send again, a double tap) is the same answer sent twice and is
    not stored again (``communities.submissions``). With
    ``request_token`` (a personal link) the answer's transaction writes only a receipt (a keyed
    hash of the token, see ``answer_receipts``) that refuses a second answer with the link; the
    request is marked answered later by the task worker, in a batch, so that no order, time or
    transaction ties the request to the answer. A name is kept only when the community chose named
    feedback. Raises FeedbackClosed, AlreadyAnswered or FeedbackError (with the field).
    """
    if not form.is_open:
        raise FeedbackClosed("Feedback on this activity is closed; thank you all the same.")
    plus = _clean(plus, field="plus", label="What went well", limit=MAX_COMMENT)
    delta = _clean(delta, field="delta", label="What could be even better", limit=MAX_COMMENT)
    next_step = _clean(
        next_step, field="next_step", label="One thing you will do next", limit=MAX_NEXT_STEP
    )
    if rating is not None and not 1 <= rating <= 5:
        raise FeedbackError("A rating goes from 1 to 5.", "rating")
    if not (plus or delta or rating or next_step):
        raise FeedbackError(
            "The form is empty: write what went well or what could be even better, or give a "
            "rating.",
            "plus",
        )
    activity = form.activity
    named = FeedbackSettings.objects.filter(community_id=activity.community_id, named=True).exists()
    name = _clean(name, field="name", label="Your name", limit=MAX_NAME) if named else ""
    try:
        with transaction.atomic():
            submission_claim(form="feedback", key=submission_key)
            member = None
            if request_token:
                # Read, not locked: a row lock would write this transaction's id on the request.
                request = (
                    FeedbackRequest.objects.select_related("registration")
                    .filter(token=request_token, activity=activity)
                    .first()
                )
                if request is None:
                    raise FeedbackError("This feedback link is not valid.")
                if request_answered(request):
                    raise AlreadyAnswered(ALREADY_ANSWERED)
                _receipt_store(request, activity)
                if named:
                    member = request.registration.member
                    name = name or request.registration.name
            response = FeedbackResponse.objects.create(
                activity=activity,
                rating=rating,
                next_step=next_step,
                submitted_on=timezone.localdate(timezone=timezone.get_fixed_timezone(0)),
                respondent_name=name,
                member=member,
            )
            FeedbackComment.objects.bulk_create(
                FeedbackComment(response=response, activity=activity, kind=kind, text=text)
                for kind, text in ((Theme.Kind.PLUS, plus), (Theme.Kind.DELTA, delta))
                if text
            )
    except AlreadySubmitted:
        return None
    return response


# Requests and reminders -------------------------------------------------------------------------


def _personal_url(request: FeedbackRequest) -> str:
    return absolute_url(reverse("feedback_personal", args=[request.token]))


def _mail(request: FeedbackRequest, *, reminder: bool) -> None:
    activity = request.activity
    subject = ("Reminder: " if reminder else "") + f"How was “{activity.title}”?"
    body = (
        f"Hello {request.registration.name},\n\n"
        f"Thank you for taking part in “{activity.title}”. What went well, and what could be "
        "even better next time? It takes a minute:\n\n"
        f"{_personal_url(request)}\n\n"
        "The link is yours and works once. It records only that you answered, never which "
        "answer is yours.\n"
    )
    send_mail(subject, body, None, [request.registration.email])


def feedback_requests_send(*, activity: Activity) -> int:
    """Send a personal feedback link to every attendee who has none yet; returns how many."""
    form = feedback_form_get(activity=activity)
    if not form.is_open:
        raise FeedbackClosed("The feedback form is closed: open it before sending requests.")
    if not Registration.objects.filter(activity=activity, attended_at__isnull=False).exists():
        raise FeedbackError(
            "Nobody is marked as attended yet: mark attendance on the check-in list first, or "
            "share the public link."
        )
    attendee_ids = list(
        Registration.objects.filter(activity=activity, attended_at__isnull=False)
        .exclude(feedback_requests__activity=activity)
        .exclude(member__anonymised_at__isnull=False)  # a deleted person gets no mail
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    with transaction.atomic():
        FeedbackRequest.objects.bulk_create(
            FeedbackRequest(activity=activity, registration_id=pk, sent_at=now)
            for pk in attendee_ids
        )
        created = list(
            FeedbackRequest.objects.filter(
                activity=activity, registration_id__in=attendee_ids
            ).select_related("registration", "activity")
        )
        # Mails go out after the rows are stored, so a failure leaves no link unrecorded.
        for request in created:
            transaction.on_commit(partial(_mail, request, reminder=False))
    return len(created)


def _erased_registrations() -> Any:
    """Registrations of deleted members: their address is a placeholder that nobody reads."""
    return Registration.objects.filter(member__anonymised_at__isnull=False).values("pk")


def feedback_reminders_send(*, activity: Activity) -> int:
    """One reminder to each attendee who has not answered and was not reminded yet."""
    form = feedback_form_get(activity=activity)
    if not form.is_open:
        raise FeedbackClosed("The feedback form is closed: open it before sending reminders.")
    feedback_answers_flush()  # nobody who answered is reminded, marked or not yet
    with transaction.atomic():
        pending = list(
            FeedbackRequest.objects.select_for_update()
            .filter(activity=activity, answered=False, reminded_at__isnull=True)
            .exclude(registration__in=_erased_registrations())  # a subquery: no join to lock
            .select_related("registration", "activity")
        )
        FeedbackRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
            reminded_at=timezone.now()
        )
        for request in pending:
            transaction.on_commit(partial(_mail, request, reminder=True))
    return len(pending)


# Evaluation inputs -------------------------------------------------------------------------------


def indicator_actuals_save(*, activity: Activity, actuals: Mapping[int, str]) -> None:
    """Store the hand-entered actual of manual indicators (``{indicator id: text}``)."""
    indicators = {i.pk: i for i in SuccessIndicator.objects.filter(activity=activity)}
    with transaction.atomic():
        for pk, text in actuals.items():
            indicator = indicators.get(pk)
            if indicator is None:
                raise FeedbackError("That indicator is not part of this activity.")
            value = text.strip()
            if len(value) > 200:
                raise FeedbackError(
                    f"The actual of “{indicator.get_metric_display()}” is too long "
                    "(at most 200 characters).",
                    f"actual-{pk}",
                )
            indicator.manual_actual = value
            indicator.save(update_fields=["manual_actual"])


# Themes -----------------------------------------------------------------------------------------


def _store_themes(activity: Activity, kind: str, comments: list[FeedbackComment]) -> list[Theme]:
    groups = group_themes([Comment(str(c.pk), c.text) for c in comments])
    themes = Theme.objects.bulk_create(
        Theme(activity=activity, kind=kind, label=g.label[:120], position=i)
        for i, g in enumerate(groups)
    )
    themes = list(Theme.objects.filter(activity=activity, kind=kind).order_by("position"))
    by_pk = {str(c.pk): c for c in comments}
    changed = []
    for theme, group in zip(themes, groups, strict=True):
        for rank, key in enumerate(group.keys):
            comment = by_pk[key]
            comment.theme = theme
            comment.representative = rank
            changed.append(comment)
    FeedbackComment.objects.bulk_update(changed, ["theme", "representative"], batch_size=1000)
    return themes


def themes_regroup(*, activity: Activity) -> dict[str, int]:
    """Group the activity's pluses and deltas into themes afresh (edits are replaced).

    Returns the number of themes of each kind. The grouping is deterministic.
    """
    result: dict[str, int] = {}
    with transaction.atomic():
        Theme.objects.filter(activity=activity).delete()
        for kind in (Theme.Kind.PLUS, Theme.Kind.DELTA):
            # In the order of their words, compared in Python so that every database gives the
            # same order (collations differ): ids are random (they carry no order), and the
            # grouping would otherwise change with them.
            comments = sorted(
                FeedbackComment.objects.filter(activity=activity, kind=kind),
                key=lambda comment: (comment.text, str(comment.pk)),
            )
            result[kind] = len(_store_themes(activity, kind, comments)) if comments else 0
    return result


def theme_rename(*, theme: Theme, label: str) -> Theme:
    value = label.strip()
    if not value:
        raise FeedbackError("A theme needs a name.", "label")
    if len(value) > 120:
        raise FeedbackError("A theme name has at most 120 characters.", "label")
    theme.label = value
    theme.edited = True
    theme.save(update_fields=["label", "edited"])
    return theme


def theme_merge(*, theme: Theme, into: Theme) -> Theme:
    """Move every comment of ``theme`` into ``into`` and delete ``theme``."""
    if into.pk == theme.pk:
        raise FeedbackError("Choose another theme to merge with.", "into")
    if into.activity_id != theme.activity_id or into.kind != theme.kind:
        raise FeedbackError("Only themes of the same kind in one activity can be merged.", "into")
    with transaction.atomic():
        offset = into.comments.count()
        theme.comments.update(theme=into, representative=F("representative") + offset)
        theme.delete()
        into.edited = True
        into.save(update_fields=["edited"])
    return into


def theme_split(*, theme: Theme) -> list[Theme]:
    """Split a theme in two with the same grouping; the first part keeps the theme's row."""
    comments = list(theme.comments.all())
    if len(comments) < 2:
        raise FeedbackError("A theme of one comment cannot be split.")
    groups = group_themes([Comment(str(c.pk), c.text) for c in comments], k=2)
    if len(groups) < 2:
        raise FeedbackError("These comments are all alike; there is nothing to split.")
    by_pk = {str(c.pk): c for c in comments}
    with transaction.atomic():
        theme.edited = True
        theme.save(update_fields=["edited"])
        second = Theme.objects.create(
            activity_id=theme.activity_id,
            kind=theme.kind,
            label=groups[1].label[:120],
            position=theme.position,
            edited=True,
        )
        for target, group in ((theme, groups[0]), (second, groups[1])):
            for rank, key in enumerate(group.keys):
                comment = by_pk[key]
                comment.theme = target
                comment.representative = rank
        FeedbackComment.objects.bulk_update(comments, ["theme", "representative"], batch_size=1000)
    return [theme, second]


# Retrospective and decisions --------------------------------------------------------------------


def retrospective_save(*, activity: Activity, learned: str) -> Retrospective:
    value = learned.strip()
    if len(value) > 5000:
        raise FeedbackError("What we learned has at most 5,000 characters.", "learned")
    retro, _ = Retrospective.objects.update_or_create(
        activity=activity, defaults={"learned": value}
    )
    return retro


def decision_add(
    *, activity: Activity, text: str, carry_as: str = Decision.CarryAs.NOTE
) -> Decision:
    """Record a "change next time" decision and carry it into the next edition if it exists."""
    value = text.strip()
    if not value:
        raise FeedbackError("Write the decision: what will change next time?", "text")
    if len(value) > 500:
        raise FeedbackError("A decision has at most 500 characters.", "text")
    if carry_as not in Decision.CarryAs.values:
        raise FeedbackError("Carry it as a design note or as a checklist item.", "carry_as")
    with transaction.atomic():
        decision = Decision.objects.create(origin=activity, text=value, carry_as=carry_as)
        target = edition_after(activity)
        if target is not None:
            _carry(decision, target)
    return decision


def decision_status_set(*, decision: Decision, status: str) -> Decision:
    if status not in Decision.Status.values:
        raise FeedbackError(f"“{status}” is not a status of a decision.", "status")
    decision.status = status
    decision.save(update_fields=["status"])
    return decision


def _carry(decision: Decision, target: Activity) -> None:
    """Attach ``decision`` to ``target``, also as a checklist item when it is carried as one."""
    decision.carried_to = target
    fields = ["carried_to"]
    if decision.carry_as == Decision.CarryAs.CHECKLIST:
        origin = decision.origin
        when = timezone.localtime(origin.starts_at).date().isoformat()
        item = checklist_item_add(
            activity=target,
            title=decision.text[:200],
            phase="before",
            origin=f"Decided at “{origin.title}” ({when})",
        )
        decision.checklist_item_id = item.pk
        fields.append("checklist_item_id")
    decision.save(update_fields=fields)


def decisions_done_with_item(*, item_id: int) -> int:
    """Mark done the open decisions carried as checklist item ``item_id`` (just ticked off)."""
    return Decision.objects.filter(
        checklist_item_id=item_id,
        status__in=(Decision.Status.OPEN, Decision.Status.IN_PROGRESS),
    ).update(status=Decision.Status.DONE)


def decisions_carry_into(*, activity: Activity) -> int:
    """Carry decisions of earlier editions whose next edition is ``activity`` (made after them).

    Called when an edition is created or moved (see ``receivers``), so decisions recorded before
    the next edition existed arrive in it. Returns how many were carried now.
    """
    if activity.series_id is None:
        return 0
    # An edition between a decision's origin and ``activity`` is the one it goes to instead.
    edition_between = Activity.objects.filter(
        series_id=activity.series_id,
        starts_at__gt=OuterRef("origin__starts_at"),
        starts_at__lt=activity.starts_at,
    )
    pending = list(
        Decision.objects.filter(
            origin__series_id=activity.series_id,
            origin__starts_at__lt=activity.starts_at,
            carried_to__isnull=True,
        )
        .exclude(Exists(edition_between))
        .select_related("origin")
    )
    with transaction.atomic():
        for decision in pending:
            _carry(decision, activity)
    return len(pending)


# Import -----------------------------------------------------------------------------------------


def feedback_import_read(*, activity: Activity, path: Path, original_name: str) -> FeedbackImport:
    """Read a form export into a pending import with a guessed mapping. Raises TableError."""
    # The rows are stored whole with the pending import: their text is bounded by what such an
    # upload may hold, not by what its workbook's shared strings can expand to.
    limits = table_limits()
    limits = replace(limits, max_total_chars=min(limits.max_total_chars, MAX_IMPORT_CHARS))
    info, rows = table_open(path, limits)
    read: list[list[Any]] = []
    for line, cells in rows:
        read.append([line, cells])
        if len(read) > MAX_IMPORT_ROWS:
            raise TableError(
                f"The file has more than {MAX_IMPORT_ROWS:,} responses; "
                "split it into smaller files."
            )
    if not read:
        raise TableError("The file has a header row but no responses.")
    return FeedbackImport.objects.create(
        activity=activity,
        original_name=original_name[:255],
        headers=info.headers,
        mapping=guess_mapping(info.headers),
        rows=read,
    )


def feedback_import_map(*, job: FeedbackImport, mapping: Mapping[str, str]) -> FeedbackImport:
    chosen = {field: column for field, column in mapping.items() if column}
    problem = mapping_problem(job.headers, chosen)
    if problem:
        raise FeedbackError(problem, "mapping")
    job.mapping = chosen
    job.save(update_fields=["mapping"])
    return job


def feedback_import_apply(*, job: FeedbackImport) -> int:
    """Store every response of the import, or none when any row is invalid. Returns the count."""
    with transaction.atomic():
        locked = FeedbackImport.objects.select_for_update().get(pk=job.pk)
        if locked.applied_at is not None:
            raise FeedbackError("This file was imported already; its responses are counted once.")
        problem = mapping_problem(locked.headers, locked.mapping)
        if problem:
            raise FeedbackFileError(problem)
        valid, problems, _ = rows_read(
            ((line, cells) for line, cells in locked.rows), locked.mapping
        )
        if problems:
            raise FeedbackFileError(
                f"{len(problems)} problem{'s' * (len(problems) != 1)}; nothing was imported. "
                f"First: {problems[0]}."
            )
        _responses_store(
            activity_id=locked.activity_id,
            rows=valid,
            on=timezone.localdate(timezone=timezone.get_fixed_timezone(0)),
            source=FeedbackResponse.Source.IMPORT,
        )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
    job.applied_at = locked.applied_at
    return len(valid)


def _responses_store(
    *, activity_id: int, rows: Sequence[FeedbackRow], on: date, source: str
) -> None:
    """Store anonymous responses and their pluses and deltas; the caller holds the transaction."""
    responses = FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            activity_id=activity_id,
            rating=row.rating,
            next_step=row.next_step,
            submitted_on=on,
            source=source,
        )
        for row in rows
    )
    FeedbackComment.objects.bulk_create(
        (
            FeedbackComment(response=response, activity_id=activity_id, kind=kind, text=text)
            for response, row in zip(responses, rows, strict=True)
            for kind, text in ((Theme.Kind.PLUS, row.plus), (Theme.Kind.DELTA, row.delta))
            if text
        ),
        batch_size=1000,
    )


def responses_create(*, activity: Activity, rows: Iterable[dict[str, Any]], on: datetime) -> int:
    """Store ready-made anonymous responses (demo data, benchmarks): plus, delta, rating, next."""
    ready = [
        FeedbackRow(
            0,
            row.get("plus", ""),
            row.get("delta", ""),
            row.get("rating"),
            row.get("next_step", ""),
        )
        for row in rows
    ]
    _responses_store(
        activity_id=activity.pk, rows=ready, on=on.date(), source=FeedbackResponse.Source.FORM
    )
    return len(ready)
