import re

from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


def test_passwords_are_hashed_with_argon2(db):
    user = UserFactory(email="a@example.org")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_with_email_and_password(client, manager):
    response = client.post(
        reverse("login"),
        {"username": "Maria.Manager@Example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == manager


def test_wrong_password_says_so_without_a_trace(client, manager):
    response = client.post(reverse("login"), {"username": manager.email, "password": "nope"})
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower()


def test_password_reset_by_email(client, manager, settings):
    settings.SITE_URL = "https://community.example.org"
    client.post(reverse("password_reset"), {"email": manager.email})
    assert len(mail.outbox) == 1
    # The link points at SITE_URL, not at the host name the request came with ("testserver").
    link = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body)
    assert link and link.group(0).startswith("https://community.example.org/password/reset/")
    path = link.group(0).split("community.example.org", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("a brand new passphrase")


def test_account_time_zone_is_validated(manager_client):
    response = manager_client.post(reverse("account"), {"full_name": "M", "timezone": "Nowhere/X"})
    assert "is not a time zone name" in response.content.decode()


def _zone_seen_by(request) -> str:
    from django.http import HttpResponse
    from django.utils import timezone

    from roundtable.accounts.middleware import ViewerTimezoneMiddleware

    middleware = ViewerTimezoneMiddleware(
        lambda r: HttpResponse(timezone.get_current_timezone_name())
    )
    return middleware(request).content.decode()


def test_times_follow_the_account_zone_then_the_browser_zone(rf, manager):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/", HTTP_COOKIE="roundtable_tz=America/Lima")
    request.user = AnonymousUser()
    assert _zone_seen_by(request) == "America/Lima"
    manager.timezone = "Asia/Tokyo"
    request.user = manager
    assert _zone_seen_by(request) == "Asia/Tokyo"
    bad = rf.get("/", HTTP_COOKIE="roundtable_tz=Not/AZone")
    bad.user = AnonymousUser()
    assert _zone_seen_by(bad) == "UTC"


def test_password_pages_are_roundtables_not_the_admins(client, db):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        body = client.get(reverse(name)).content.decode()
        assert "everyone has a voice" in body, name
        assert "Django administration" not in body, name
