"""When a personal link was used: a receipt at once, the request's "answered" mark much later.

Marking the request answered in the answer's transaction would tie the two rows together (on
PostgreSQL they would share the transaction id ``xmin``; anywhere, their order and time would
match). So an answer through a personal link stores, with the answer, only a *receipt*: a keyed
hash of the link's token (HMAC with ``SECRET_KEY``), which is enough to say "already answered" at
once and to refuse a second answer, and which the tables alone cannot join to the request. The
task worker marks the requests later, at a random time between ``FLUSH_DELAY_MIN`` and
``FLUSH_DELAY_MAX`` after the answer, all receipts waiting at that moment in one statement, and
deletes the receipts. The design and its limits are in docs/security.md ("What anonymous means").
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from roundtable.feedback.models import FeedbackAnswerReceipt, FeedbackRequest

RECEIPT_SALT = "roundtable.feedback.answer-receipt"
FLUSH_DELAY_MIN = timedelta(minutes=15)
FLUSH_DELAY_MAX = timedelta(hours=3)


def receipt_digest(token: str) -> str:
    """The receipt's key for a personal link's token: HMAC-SHA256 under ``SECRET_KEY``."""
    return salted_hmac(RECEIPT_SALT, token, algorithm="sha256").hexdigest()


def request_answered(request: FeedbackRequest) -> bool:
    """Whether the personal link was used: marked answered, or answered and not marked yet."""
    if request.answered:
        return True
    return FeedbackAnswerReceipt.objects.filter(digest=receipt_digest(request.token)).exists()


def flush_delay() -> timedelta:
    """A uniformly random delay between FLUSH_DELAY_MIN and FLUSH_DELAY_MAX, to the second."""
    spread = int((FLUSH_DELAY_MAX - FLUSH_DELAY_MIN).total_seconds())
    return FLUSH_DELAY_MIN + timedelta(seconds=secrets.randbelow(spread + 1))


def answers_flush_schedule() -> None:
    """Queue a flush, after the current transaction commits, at a random later time.

    The task carries no argument: it says that *an* answer came, not whose. A backend that cannot
    defer (the immediate backend) would mark the request right after the answer, which ties them:
    then nothing is queued, and the receipts wait for the next flush (a deferring worker's, or
    the one that sending reminders runs); until then they count as answers all the same.
    """
    from roundtable.feedback.tasks import feedback_answers_flush_task

    if not feedback_answers_flush_task.get_backend().supports_defer:
        return
    task = feedback_answers_flush_task

    def enqueue() -> None:
        task.using(run_after=timezone.now() + flush_delay()).enqueue()

    transaction.on_commit(enqueue)


def feedback_answers_flush() -> int:
    """Mark answered, in one statement, every request whose receipt is waiting; returns how many.

    The receipts read are deleted in the same transaction (a receipt whose request was deleted
    meanwhile is deleted too). Receipts written while this runs wait for the next flush.
    """
    with transaction.atomic():
        receipts = list(FeedbackAnswerReceipt.objects.select_for_update().order_by("digest"))
        if not receipts:
            return 0
        digests = {r.digest for r in receipts}
        waiting = FeedbackRequest.objects.filter(
            activity_id__in={r.activity_id for r in receipts}, answered=False
        ).values_list("pk", "token")
        answered = [pk for pk, token in waiting if receipt_digest(token) in digests]
        marked = FeedbackRequest.objects.filter(pk__in=answered).update(answered=True)
        FeedbackAnswerReceipt.objects.filter(digest__in=digests).delete()
    return marked
