"""Absolute links, built in one place.

Every link that leaves a page — in a mail, a calendar file, a QR code, a link a manager copies —
is ``SITE_URL`` followed by the path: the address people reach Roundtable at, never the host
name a request happened to carry (which behind a proxy is an internal one). ``roundtable demo``
sets ``SITE_URL`` to the address it serves on unless it is set already, so a demo on
``--addrport 127.0.0.1:8100`` mails links to port 8100.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The link to ``path`` (starting with "/") at ``SITE_URL``."""
    return settings.SITE_URL + path
