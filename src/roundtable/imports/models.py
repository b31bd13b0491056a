"""Import jobs: an uploaded file, its validation report, and the progress of applying it."""

from django.conf import settings
from django.db import models

from roundtable.communities.models import Community


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        VALIDATING = "validating", "Checking"
        VALIDATED = "validated", "Checked"
        INVALID = "invalid", "Has errors"
        APPLYING = "applying", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        ABANDONED = "abandoned", "Abandoned"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, default="members")
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    skip_invalid = models.BooleanField(default=False)
    options = models.JSONField(
        default=dict, blank=True, help_text="What the person chose at upload, by kind"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Which try of the job's run is queued or under way: a task queued for an earlier try
    # finds the job moved on and does nothing.
    attempt = models.PositiveIntegerField(default=1)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
