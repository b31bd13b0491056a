"""Rewrite every answered personal request in a transaction of its own.

Until now a request was marked answered in the same transaction as the answer was stored, so on
PostgreSQL the two rows carried the same transaction id (``xmin``). Writing the marks again here,
in one batch after the answers were rewritten (0004), leaves them sharing nothing with any answer.
"""

from django.db import migrations


def rewrite_answered(apps, schema_editor) -> None:
    Request = apps.get_model("feedback", "FeedbackRequest")
    Request.objects.filter(answered=True).update(answered=True)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_anonymous_rows_keep_no_order")]

    operations = [migrations.RunPython(rewrite_answered, migrations.RunPython.noop)]
