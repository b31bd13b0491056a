import pytest
from django.http import HttpRequest
from django.test import override_settings
from django.urls import path

from roundtable.communities.access import PUBLIC, community_view
from roundtable.urls import urlpatterns as product_urls


@community_view(PUBLIC)
def broken(request: HttpRequest):
    raise ZeroDivisionError("a bug in a view")


urlpatterns = [path("c/<slug:community_slug>/broken/", broken), *product_urls]


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_shows_a_plain_page_and_logs_the_trace(
    client, community, debug, caplog
) -> None:
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.test_errors", DEBUG=debug):
        response = client.get(f"/c/{community.slug}/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body and "ZeroDivisionError" not in body
    assert "ZeroDivisionError: a bug in a view" in caplog.text
