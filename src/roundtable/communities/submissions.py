"""One-time submission keys of the public forms.

Each public form's page carries a new random key (``{% public_form_fields %}``); the service
that stores the answer claims it in the same transaction. A second submission with the same key
(the back button and "send" again, a double tap) finds it claimed and writes nothing: the page
shows what was stored the first time instead. Keys are kept ``SUBMISSION_KEY_DAYS`` (30) days,
as a SHA-256 hash with the day, linked to nothing.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from roundtable.communities.models import FormSubmission

SUBMISSION_KEY_DAYS = 30


class AlreadySubmitted(Exception):
    """This form was sent before with the same key: nothing was written again."""


def submission_claim(*, form: str, key: str) -> None:
    """Claim ``key`` for ``form``; raises AlreadySubmitted when it was claimed before. An empty
    key (a staff page, the command line, an old page) claims nothing."""
    if not key:
        return
    today = timezone.now().date()
    FormSubmission.objects.filter(on__lt=today - timedelta(days=SUBMISSION_KEY_DAYS)).delete()
    digest = hashlib.sha256(f"{form}:{key}".encode()).hexdigest()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(digest=digest, form=form, on=today)
    except IntegrityError:
        raise AlreadySubmitted(form) from None
