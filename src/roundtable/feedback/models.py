"""Plus/delta feedback, its themes, the retrospective and the decisions carried to the next edition.

Anonymity is a property of these tables: a :class:`FeedbackResponse` has a random id (so its
place in the table says nothing about when it came), only the day it was given (not the time),
and no column naming a person, account, address or device unless the community chose named
feedback; its comments have random ids as well. A :class:`FeedbackRequest` (the personal link sent
to an attendee) records only *that* the person answered, never which answer is theirs, and not
when: it is marked by the task worker at a random later time, in a batch, never in the answer's
transaction (:class:`FeedbackAnswerReceipt` bridges the time between).
"""

import secrets
import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.communities.models import Community
from roundtable.domain.feedback_rows import MAX_COMMENT, MAX_NEXT_STEP
from roundtable.members.models import Member

OPEN_DAYS_AFTER = 30  # the public form closes this long after the activity ends


def _token() -> str:
    return secrets.token_urlsafe(16)


class FeedbackSettings(models.Model):
    """A community's choice: anonymous feedback (the default) or named feedback."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="feedback_settings"
    )
    named = models.BooleanField(
        default=False,
        help_text="Ask people for their name with their feedback (otherwise it is anonymous)",
    )

    class Meta:
        verbose_name_plural = "feedback settings"

    def __str__(self) -> str:
        return f"{self.community}: {'named' if self.named else 'anonymous'} feedback"


class FeedbackForm(models.Model):
    """An activity's feedback form: its public link and whether it still takes answers."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="feedback_form"
    )
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Feedback on {self.activity}"

    def closes_at(self):  # type: ignore[no-untyped-def]
        return self.closed_at or (self.activity.ends_at + timedelta(days=OPEN_DAYS_AFTER))

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.closes_at()


class FeedbackResponse(models.Model):
    """One person's answer. No link to the person unless the community chose named feedback."""

    class Source(models.TextChoices):
        FORM = "form", "Form"
        IMPORT = "import", "Imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="feedback_responses"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    next_step = models.TextField(blank=True, max_length=MAX_NEXT_STEP)
    submitted_on = models.DateField(help_text="The day only, so that answers cannot be timed")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    # Named feedback only; empty for anonymous answers.
    respondent_name = models.CharField(max_length=200, blank=True)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["activity", "submitted_on"])]

    def __str__(self) -> str:
        return f"Feedback on {self.activity_id}"


class Theme(models.Model):
    """A group of pluses or of deltas, found by the grouping or edited by the manager."""

    class Kind(models.TextChoices):
        PLUS = "plus", "Plus"
        DELTA = "delta", "Delta"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="themes")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    edited = models.BooleanField(default=False, help_text="Renamed, merged or split by a person")

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class FeedbackComment(models.Model):
    """A plus or a delta from a response. Its random id, like the response's, keeps no order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="comments"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Theme.Kind.choices)
    text = models.TextField(max_length=MAX_COMMENT)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    representative = models.PositiveSmallIntegerField(
        default=0, help_text="Rank inside the theme, 0 for the most representative"
    )

    class Meta:
        ordering = ["representative", "pk"]
        indexes = [models.Index(fields=["activity", "kind"])]

    def __str__(self) -> str:
        return self.text[:60]


class FeedbackRequest(models.Model):
    """The personal link sent to an attendee. Records only that they answered."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    sent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "registration"], name="unique_feedback_request"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback request to {self.registration}"


class FeedbackAnswerReceipt(models.Model):
    """A personal link that was used, while its request is not yet marked answered.

    Written with the answer, so that the link says "already answered" at once and a second
    answer is refused; the request itself is marked later, by the task worker, in a batch with
    the other answers of that time (``feedback_answers_flush``), and the receipt is then deleted.
    The digest is a keyed hash of the link's token (``SECRET_KEY``), not the token: the table
    alone does not say whose link it was. See docs/security.md, "What anonymous means".
    """

    digest = models.CharField(max_length=64, primary_key=True)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Answer receipt on {self.activity_id}"


class Retrospective(models.Model):
    """What the team learned from an activity."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="retrospective"
    )
    learned = models.TextField(blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Retrospective of {self.activity}"


class Decision(models.Model):
    """A "change next time" decision, carried into the next edition of the series.

    ``origin`` is the activity where it was decided; ``carried_to`` the edition it was carried
    into (empty until that edition exists). As a design note it is shown on that edition's plan
    page with its status; as a checklist item it also lives in the edition's checklist.
    """

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class CarryAs(models.TextChoices):
        NOTE = "note", "Design note"
        CHECKLIST = "checklist", "Checklist item"

    origin = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(max_length=500)
    carry_as = models.CharField(max_length=10, choices=CarryAs.choices, default=CarryAs.NOTE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    carried_to = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_decisions",
    )
    checklist_item_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The execution checklist item it became, if any"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class FeedbackImport(models.Model):
    """Responses read from a Google Forms or Microsoft Forms export, waiting for confirmation."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField(max_length=255)
    headers = models.JSONField(default=list, help_text="The columns as written in the file")
    mapping = models.JSONField(default=dict, help_text="Field -> the column it is read from")
    rows = models.JSONField(default=list, help_text="[line, {column: value}] as read")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.original_name
