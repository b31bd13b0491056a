"""What a person's browser sends with a public form besides the answers (web/bot_trap.py), and
what the owner of an e-mail address does with the confirmation link sent there
(communities/confirmations.py)."""

import re
import time

from django.core import mail
from django.test import Client

from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME, page_stamp

_LINK = re.compile(r"https?://[^/\s]+(/c/[^/\s]+/confirm/[^/\s]+/)")


def as_a_person() -> dict[str, str]:
    """The trap field left empty and the page's signed moment, a minute before now."""
    return {TRAP_NAME: "", STAMP_NAME: page_stamp(time.time() - 60)}


def confirmation_link(message: mail.EmailMessage | None = None) -> str:
    """The path of the confirmation link in ``message`` (by default the last e-mail sent)."""
    message = message or mail.outbox[-1]
    found = _LINK.search(str(message.body))
    assert found, f"no confirmation link in {message.subject!r}"  # noqa: S101
    return found.group(1)


def confirm_by_link(client: Client, message: mail.EmailMessage | None = None):  # type: ignore[no-untyped-def]
    """Open the confirmation link from the e-mail (a GET, which changes nothing) and press its
    button; the button's response."""
    path = confirmation_link(message)
    assert client.get(path).status_code == 200  # noqa: S101
    return client.post(path)
