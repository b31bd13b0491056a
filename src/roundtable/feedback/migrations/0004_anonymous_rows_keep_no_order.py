"""Feedback comments get random ids, and anonymous rows are rewritten in shuffled order.

A comment's id was a sequence (its place said when it came). The table is rebuilt with UUID
ids: a new table is created, every comment copied into it with a fresh random id, the old table
dropped and the new one renamed. Nothing else points at a comment, so no foreign key changes.
Responses already had random ids, but their place in the table (SQLite's rowid, PostgreSQL's
physical order) still followed the order they came in: they are deleted and inserted again in
a shuffled order, keeping their ids. The receipts table bridges a used personal link and the
later, batched "answered" mark (see docs/security.md).
"""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def _shuffled(rows: list) -> list:
    random.SystemRandom().shuffle(rows)
    return rows


def comments_to_random_ids(apps, schema_editor) -> None:
    Response = apps.get_model("feedback", "FeedbackResponse")
    Old = apps.get_model("feedback", "FeedbackComment")
    New = apps.get_model("feedback", "NewFeedbackComment")
    comments = list(
        Old.objects.values(
            "response_id", "activity_id", "kind", "text", "theme_id", "representative"
        )
    )
    responses = [
        Response(**row)
        for row in Response.objects.values(
            "id", "activity_id", "rating", "next_step", "submitted_on", "source",
            "respondent_name", "member_id",
        )
    ]  # fmt: skip
    Old.objects.all().delete()
    Response.objects.all().delete()
    Response.objects.bulk_create(_shuffled(responses), batch_size=BATCH)
    New.objects.bulk_create(
        (New(id=uuid.uuid4(), **row) for row in _shuffled(comments)), batch_size=BATCH
    )


def comments_to_sequence_ids(apps, schema_editor) -> None:
    Old = apps.get_model("feedback", "FeedbackComment")
    New = apps.get_model("feedback", "NewFeedbackComment")
    Old.objects.bulk_create(
        (
            Old(**row)
            for row in New.objects.values(
                "response_id", "activity_id", "kind", "text", "theme_id", "representative"
            )
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("feedback", "0003_decision_remove_carried_note"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="feedbackcomment", name="feedback_fe_activit_af7728_idx"),
        migrations.CreateModel(
            name="NewFeedbackComment",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("plus", "Plus"), ("delta", "Delta")], max_length=5
                    ),
                ),
                ("text", models.TextField(max_length=2000)),
                (
                    "representative",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Rank inside the theme, 0 for the most representative"
                    ),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="activities.activity",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="feedback.feedbackresponse",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="feedback.theme",
                    ),
                ),
            ],
            options={"ordering": ["representative", "pk"]},
        ),
        migrations.RunPython(comments_to_random_ids, comments_to_sequence_ids),
        migrations.DeleteModel(name="FeedbackComment"),
        migrations.RenameModel(old_name="NewFeedbackComment", new_name="FeedbackComment"),
        migrations.AlterField(
            model_name="feedbackcomment",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="feedback.feedbackresponse",
            ),
        ),
        migrations.AlterField(
            model_name="feedbackcomment",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="comments",
                to="feedback.theme",
            ),
        ),
        migrations.AddIndex(
            model_name="feedbackcomment",
            index=models.Index(fields=["activity", "kind"], name="feedback_fe_activit_af7728_idx"),
        ),
        migrations.CreateModel(
            name="FeedbackAnswerReceipt",
            fields=[
                ("digest", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="activities.activity",
                    ),
                ),
            ],
        ),
    ]
