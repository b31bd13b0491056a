"""Every page carries the Content-Security-Policy, and no template relies on what it forbids:
inline scripts or styles without the request's nonce, inline event handlers (onclick=…) and
style attributes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import roundtable

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(roundtable.__file__).parent.glob("**/templates/**/*.html"))
INLINE_HANDLER = re.compile(r"(?<![\w-])on[a-z]+\s*=\s*[\"']", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=\s*[\"']", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_pages_send_the_policy(client, manager_client, community) -> None:
    for response in (
        client.get(reverse("login")),
        manager_client.get(reverse("member_list", args=["alpha"])),
    ):
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert set(policy["connect-src"]) == {"'self'", "ws:", "wss:"}
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert "'self'" in policy["script-src"]


def test_an_inline_script_gets_the_requests_nonce(rf) -> None:
    """The nonce is fresh per request and appears in the header once a template asks for it."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}"></script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    middleware = CSPMiddleware(view)
    nonces = set()
    for _ in range(2):
        request = rf.get("/")
        response = middleware(request)
        [nonce] = re.findall(r'nonce="([^"]+)"', response.content.decode())
        assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]
        nonces.add(nonce)
    assert len(nonces) == 2


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("/roundtable/")[-1])
def test_templates_have_no_inline_code_without_nonce(template: Path) -> None:
    text = template.read_text()
    assert not INLINE_HANDLER.search(text), "use a data attribute and roundtable.js instead"
    assert "hx-on" not in text, "use a listener in roundtable.js instead"
    assert not STYLE_ATTRIBUTE.search(text), "use a class from roundtable.css instead"
    for tag in SCRIPT_TAG.findall(text):
        assert " src=" in tag or "request.csp_nonce" in tag, tag
    for tag in STYLE_TAG.findall(text):
        assert "request.csp_nonce" in tag, tag
