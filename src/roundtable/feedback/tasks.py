"""Background work of feedback. Tasks take ids, never objects, and call one service."""

from django_tasks import task

from roundtable.feedback.answer_receipts import feedback_answers_flush


@task()
def feedback_answers_flush_task() -> int:
    """Mark answered the personal links used since the last flush (no argument: nobody named)."""
    return feedback_answers_flush()
