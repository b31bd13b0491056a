"""The client's address: forwarded headers count only when a configured proxy sent them."""

import os

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from roundtable.env import env_networks
from roundtable.web.client_address import (
    client_address,
    client_address_or_none,
)


def _request(peer: str | None, forwarded_for: str | None = None):
    request = RequestFactory().get("/")
    if peer is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = peer
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def test_by_default_no_one_is_trusted_and_the_header_is_ignored():
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
    assert client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client():
    # nginx's $proxy_add_x_forwarded_for keeps what the client wrote and appends the peer it saw.
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"
    assert client_address(_request("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address():
    assert client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
def test_chains_of_trusted_proxies_are_walked_from_the_right():
    request = _request("10.1.2.3", "6.6.6.6, 203.0.113.9, 192.0.2.1, 10.9.9.9")
    assert client_address(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_garbage_or_an_empty_header_leaves_the_proxy_itself():
    assert client_address(_request("127.0.0.1", "")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "<script>, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["::1", "127.0.0.1"])
def test_ports_brackets_and_ipv6_are_understood():
    assert client_address(_request("::1", "203.0.113.9:51234")) == "203.0.113.9"
    assert client_address(_request("127.0.0.1", "[2001:db8::7]:443")) == "2001:db8::7"
    assert client_address(_request("::ffff:127.0.0.1", "2001:db8::8")) == "2001:db8::8"


def test_a_missing_peer_is_unknown_and_none_for_the_login_records():
    assert client_address(_request(None)) == "unknown"
    assert client_address_or_none(_request(None)) is None
    assert client_address_or_none(_request("198.51.100.7")) == "198.51.100.7"


def test_trusted_proxies_setting_is_parsed_strictly(monkeypatch: pytest.MonkeyPatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setitem(os.environ, "TRUSTED_PROXIES", " 127.0.0.1 , 10.0.0.0/8,::1")
    assert env_networks("TRUSTED_PROXIES") == ["127.0.0.1", "10.0.0.0/8", "::1"]
    monkeypatch.setitem(os.environ, "TRUSTED_PROXIES", "10.0.0.0/8,nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES: 'nginx' is not an IP"):
        env_networks("TRUSTED_PROXIES")
    monkeypatch.delitem(os.environ, "TRUSTED_PROXIES")
    assert env_networks("TRUSTED_PROXIES") == []


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    TRUSTED_PROXIES=["127.0.0.1"],
)
def test_only_a_trusted_proxy_can_say_the_request_came_over_https():
    # A client that connects directly and claims HTTPS is still sent to HTTPS, and Django sees
    # none of the forwarded headers it wrote.
    direct = Client(REMOTE_ADDR="198.51.100.7").get(
        reverse("login"), HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_HOST="evil.example"
    )
    assert direct.status_code == 301
    assert direct["Location"].startswith("https://testserver/")
    # The proxy on the loopback is believed.
    proxied = Client(REMOTE_ADDR="127.0.0.1").get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
