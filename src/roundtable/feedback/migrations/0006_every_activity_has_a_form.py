"""Every activity has a feedback form from its creation on (it used to be created when a page
first showed it): give one to each activity that has none yet."""

import secrets

from django.db import migrations


def forms_for_every_activity(apps, schema_editor):  # type: ignore[no-untyped-def]
    Activity = apps.get_model("activities", "Activity")
    FeedbackForm = apps.get_model("feedback", "FeedbackForm")
    missing = Activity.objects.filter(feedback_form__isnull=True).values_list("pk", flat=True)
    FeedbackForm.objects.bulk_create(
        FeedbackForm(activity_id=pk, token=secrets.token_urlsafe(16)) for pk in missing.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("feedback", "0005_rewrite_answered_requests"),
    ]

    operations = [migrations.RunPython(forms_for_every_activity, migrations.RunPython.noop)]
