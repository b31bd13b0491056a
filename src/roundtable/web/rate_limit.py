"""One rate limiter for every public form and endpoint, on Django's cache (django-ratelimit).

Each use is counted under a *scope* (what is limited: "need-intake", "live-join", …) and a *key*
(who is counted: by default the client's address, see :mod:`roundtable.web.client_address`).
django-ratelimit keeps one counter per key and window in the cache, under a hashed name; the
windows of different keys start at different moments, so that limits do not all reset at once.
The cache is the process's memory by default and Redis with ``REDIS_URL``, which several
processes then share.
"""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from roundtable.web.client_address import client_address


def rate_limited(
    request: HttpRequest | None,
    *,
    scope: str,
    limit: int,
    seconds: int,
    key: str | None = None,
    count: bool = True,
) -> bool:
    """Count one use of ``scope`` by ``key``; True once ``key`` has used it more than ``limit``
    times in the current window of ``seconds``.

    ``key`` defaults to the client's address; pass a digest, never a plain e-mail address, when
    counting per recipient. Every call counts, refused ones included: a client that keeps
    hammering stays refused. Without a ``request`` (a websocket message), ``key`` is required.
    ``count=False`` only looks: for limits on failures, counted when one happens.
    """
    if key is None and request is None:
        raise ValueError("rate_limited needs the request or a key")
    who = client_address(request) if key is None else key  # type: ignore[arg-type]
    return is_ratelimited(
        request if request is not None else HttpRequest(),
        group=scope,
        key=lambda _group, _request: who,
        rate=(limit, seconds),
        increment=count,
    )
