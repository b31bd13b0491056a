"""The one rate limiter: counts per scope and key, a window that ends, and the client address
that forwarded headers cannot change unless a trusted proxy wrote them."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from roundtable.communities.models import PendingConfirmation
from roundtable.web.rate_limit import rate_limited
from tests.needs.test_views import intake


def _request(peer: str = "198.51.100.7", forwarded_for: str | None = None):
    request = RequestFactory().post("/", REMOTE_ADDR=peer)
    if forwarded_for:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def test_a_key_is_refused_after_its_limit_and_others_are_not():
    hits = [rate_limited(_request(), scope="t", limit=3, seconds=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]
    assert not rate_limited(_request("198.51.100.8"), scope="t", limit=3, seconds=60)
    assert not rate_limited(_request(), scope="other", limit=3, seconds=60)
    assert not rate_limited(_request(), scope="t", key="a digest", limit=3, seconds=60)


def test_the_count_starts_again_once_the_window_has_passed(clock):
    for _ in range(4):
        rate_limited(_request(), scope="t", limit=3, seconds=60)
    assert rate_limited(_request(), scope="t", limit=3, seconds=60)
    clock.shift(timedelta(seconds=121))  # the window's start is staggered per key: two widths
    assert not rate_limited(_request(), scope="t", limit=3, seconds=60)


def test_a_forwarded_header_does_not_change_who_is_counted():
    for n in range(3):
        rate_limited(_request(forwarded_for=f"203.0.113.{n}"), scope="t", limit=3, seconds=60)
    assert rate_limited(_request(forwarded_for="203.0.113.99"), scope="t", limit=3, seconds=60)


@pytest.mark.django_db
def test_intake_cannot_be_flooded_by_rotating_x_forwarded_for(community):
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("need_intake", args=["alpha"])
    statuses = [
        client.post(
            url, intake(email=f"p{n}@example.org"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(12)
    ]
    assert statuses == [200] * 10 + [429] * 2
    assert PendingConfirmation.objects.count() == 10


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(community):
    """Behind nginx every request comes from 127.0.0.1: without TRUSTED_PROXIES the whole site
    would share one address's limit."""
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("need_intake", args=["alpha"])
    for n in range(10):
        sent = client.post(url, intake(email=f"a{n}@example.org"), HTTP_X_FORWARDED_FOR="6.6.6.6")
        assert sent.status_code == 200
    refused = client.post(url, intake(email="a@example.org"), HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert refused.status_code == 429
    other = client.post(url, intake(email="b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert other.status_code == 200
