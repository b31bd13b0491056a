"""Telling people from bots on the public forms, without ever losing a person's answer.

Two checks, both on every public form (registration, needs intake, feedback):

- a **trap field** that people never see: off-screen, hidden from screen readers
  (``aria-hidden``), out of the tab order, ``autocomplete="off"`` and named so that no browser's
  autofill recognises it (a field called "website" was filled by autofill, and the person's answer
  was dropped). Bots that fill every field fill it;
- the **time to submit**: the form carries the moment its page was made, signed, and a submission
  sooner than ``BOT_TRAP_MIN_SECONDS`` after it (2 s), or without that signed moment, is what a
  script does. A page may stay open for hours: there is no upper limit.

A submission caught by either is **not** thanked in silence: the form comes back with what the
person typed and a message saying it was not saved and why, so a person who was mistaken for a
bot sends it again and loses nothing.
"""

import time

from django.conf import settings
from django.core.signing import BadSignature, TimestampSigner
from django.http import QueryDict

TRAP_NAME = "rt_leave_blank_q7"  # no autofill knows this name
STAMP_NAME = "rt_page_made"
_SIGNER = TimestampSigner(salt="roundtable.web.bot_trap")


def page_stamp(made_at: float | None = None) -> str:
    """The signed moment a form's page is made (now, or ``made_at`` seconds since the epoch)."""
    return _SIGNER.sign(str(int(time.time() if made_at is None else made_at)))


def bot_trap_reason(post: QueryDict) -> str | None:
    """Why ``post`` looks sent by a script, or None when it looks sent by a person."""
    if post.get(TRAP_NAME, ""):
        return "a field meant to stay empty was filled in"
    try:
        made = int(_SIGNER.unsign(post.get(STAMP_NAME, "")))
    except (BadSignature, ValueError):
        return "it did not come from the form's page"
    seconds = settings.BOT_TRAP_MIN_SECONDS
    if time.time() - made < seconds:
        return f"it was sent less than {seconds:g} seconds after the page opened"
    return None


def bot_trap_message(reason: str) -> str:
    """What the person reads when their submission was caught."""
    return (
        f"Your answer was not saved: {reason}, as automated senders do. If you are a person, "
        "please check your answers and send them again."
    )
