"""The address of the client behind a request, the one rate limits and login throttling key on.

The direct peer (``REMOTE_ADDR``, the socket's other end) is the client unless it is one of the
``TRUSTED_PROXIES`` (addresses or networks, from the environment; none by default). Only then is
``X-Forwarded-For`` read, from the right, the end a proxy appends to: the client is the first
address that is not itself a trusted proxy. What a client writes in the header itself sits to the
left of what the proxies appended, so it is never taken, and a peer that is not a trusted proxy
cannot choose its address at all.

The ASGI server must hand the real peer to Django: uvicorn rewrites the peer from
``X-Forwarded-For`` by itself (``--proxy-headers``, on by default for 127.0.0.1), so Roundtable's
command lines start it with ``--no-proxy-headers`` (see docs/security.md).
"""

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

UNKNOWN = "unknown"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` as networks (checked at start by ``env_networks``)."""
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _address(text: str) -> Address | None:
    """An IP address from a header item: "1.2.3.4", "1.2.3.4:5678", "[::1]:80" or "::1"."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address_resolve(*, peer: str | None, forwarded_for: Iterable[str]) -> str:
    """The client's address, given the direct peer and the ``X-Forwarded-For`` values received.

    ``forwarded_for``: every ``X-Forwarded-For`` header value, in the order received. Returns the
    address as text, or :data:`UNKNOWN` when the peer is missing or is not an address.
    """
    peer_address = _address(peer or "")
    if peer_address is None:
        return UNKNOWN
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(peer_address, networks):
        return str(peer_address)
    hops = [item for value in forwarded_for for item in value.split(",") if item.strip()]
    client = peer_address
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # garbage written by someone in front of a proxy: stop there
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def peer_is_trusted_proxy(peer: str | None) -> bool:
    """Whether the direct peer is one of ``TRUSTED_PROXIES``."""
    address = _address(peer or "")
    return address is not None and _is_trusted(address, _trusted(tuple(settings.TRUSTED_PROXIES)))


# The headers a proxy sets to say how the client reached it; Django believes them through
# SECURE_PROXY_SSL_HEADER (is the request HTTPS?) and USE_X_FORWARDED_HOST/PORT.
FORWARDED_META = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


class UntrustedForwardedHeaders:
    """Middleware, first in the list: a request whose peer is not a trusted proxy loses its
    ``X-Forwarded-Proto/Host/Port`` headers, so a client that connects directly cannot make a
    plain-HTTP request pass for HTTPS (no redirect, secure cookies over HTTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not peer_is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for key in FORWARDED_META:
                request.META.pop(key, None)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module's docstring)."""
    header = request.META.get("HTTP_X_FORWARDED_FOR")
    return client_address_resolve(
        peer=request.META.get("REMOTE_ADDR"), forwarded_for=[header] if header else []
    )


def client_address_or_none(request: HttpRequest, *args: object) -> str | None:
    """For django-axes, which stores the address in an IP column: None instead of "unknown"."""
    address = client_address(request)
    return None if address == UNKNOWN else address
