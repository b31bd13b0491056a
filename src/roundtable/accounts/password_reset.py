"""Password-reset mails, sent by the task worker rather than while the visitor waits.

The request looks the address up and enqueues one task whatever it found, so the answer takes
as long for an address with an account as for one without: how long the page takes tells
nothing about who has an account. The task takes user ids, never the address typed.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from roundtable.accounts.models import User

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.html"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form; :meth:`save` enqueues the mail instead of sending it."""

    def save(  # type: ignore[override]
        self, domain_override: str | None = None, use_https: bool = False, **options: Any
    ) -> None:
        from roundtable.accounts.tasks import password_reset_mail_task

        user_ids = [user.pk for user in self.get_users(self.cleaned_data["email"])]
        # The link points at SITE_URL, as every mailed link does (roundtable.web.links), not at
        # the host name the request carried.
        site = urlsplit(settings.SITE_URL)
        domain = domain_override or site.netloc
        secure = use_https or site.scheme == "https"
        password_reset_mail_task.enqueue(user_ids=user_ids, domain=domain, use_https=secure)


def password_reset_mail_send(*, user_ids: list[int], domain: str, use_https: bool) -> int:
    """Mail each still-active user of ``user_ids`` a link to choose a new password; returns how
    many mails went out. ``domain``: the host name the links point to."""
    sender = PasswordResetForm()
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        if not user.has_usable_password():
            continue
        context = {
            "email": user.email,
            "domain": domain,
            "site_name": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": "https" if use_https else "http",
        }
        sender.send_mail(SUBJECT_TEMPLATE, BODY_TEMPLATE, context, None, user.email)
        sent += 1
    return sent
