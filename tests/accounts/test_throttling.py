"""Login throttling per account and per client address (django-axes), and password-reset mails
limited per recipient and per address with the same answer whether an account exists or not."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

RIGHT = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Hundreds of login attempts: a fast hasher keeps the test short (Argon2 is the product's)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client: Client, email: str, password: str, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_hundred_wrong_passwords_then_the_right_one_does_not_log_in(client, manager):
    for n in range(100):
        _login(client, manager.email, f"guess number {n}")
    response = _login(client, manager.email, RIGHT)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins for this account or from your connection" in page
    assert "paused for 15 minutes" in page
    assert "Traceback" not in page
    assert not _logged_in(client)


def test_after_the_cool_off_the_right_password_logs_in_again(client, manager, clock):
    for n in range(10):
        _login(client, manager.email, f"guess {n}")
    assert _login(client, manager.email, RIGHT).status_code == 429
    clock.shift(timedelta(minutes=16))
    assert _login(client, manager.email, RIGHT).status_code == 302
    assert _logged_in(client)


def test_failures_during_the_lockout_restart_the_cool_off(client, manager, clock):
    for n in range(10):
        _login(client, manager.email, f"guess {n}")
    clock.shift(timedelta(minutes=10))
    _login(client, manager.email, "still guessing")
    clock.shift(timedelta(minutes=10))  # 20 minutes after the lockout, 10 after the last try
    assert _login(client, manager.email, RIGHT).status_code == 429  # and the wait restarts
    clock.shift(timedelta(minutes=16))
    assert _login(client, manager.email, RIGHT).status_code == 302


def test_the_account_is_locked_whichever_addresses_the_guesses_come_from(manager):
    for n in range(10):
        _login(Client(REMOTE_ADDR=f"203.0.113.{n}"), manager.email.upper(), f"guess {n}")
    assert _login(Client(REMOTE_ADDR="198.51.100.1"), manager.email, RIGHT).status_code == 429


def test_an_address_spraying_many_accounts_is_locked_for_every_account(manager, facilitator):
    sprayer = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(10):
        _login(sprayer, f"someone{n}@example.org", "Password1")
    assert _login(sprayer, manager.email, RIGHT).status_code == 429
    # Another connection logs in to the same account: the lock was on the address.
    assert _login(Client(REMOTE_ADDR="198.51.100.1"), manager.email, RIGHT).status_code == 302


def test_a_spoofed_x_forwarded_for_does_not_escape_the_address_lock(manager):
    sprayer = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(10):
        _login(sprayer, f"s{n}@example.org", "x", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = _login(sprayer, manager.email, RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_a_successful_login_clears_the_failures(manager):
    client = Client()
    for _round in range(3):
        for n in range(9):
            _login(client, manager.email, f"typo {n}")
        assert _login(client, manager.email, RIGHT).status_code == 302
        client.logout()


def test_logging_in_to_ones_own_account_does_not_clear_the_address_failures(manager, facilitator):
    """Otherwise an account holder could guess 9 times, log in to their own account, and go on."""
    guesser = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(9):
        _login(guesser, manager.email, f"guess {n}")
    assert _login(guesser, facilitator.email, RIGHT).status_code == 302
    guesser.logout()
    _login(guesser, manager.email, "guess 10")
    assert _login(guesser, manager.email, RIGHT).status_code == 429
    assert _login(guesser, facilitator.email, RIGHT).status_code == 429


def test_the_wrong_password_message_is_unchanged_below_the_limit(client, manager):
    response = _login(client, manager.email, "nope")
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower()


# Password reset -------------------------------------------------------------------------------


def _reset(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_mails_to_one_recipient_stop_after_three_an_hour(manager, clock):
    answers = [_reset(Client(REMOTE_ADDR=f"203.0.113.{n}"), manager.email) for n in range(30)]
    assert [a.status_code for a in answers[:4]] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert "Too many password resets were asked" in answers[3].content.decode()
    clock.shift(timedelta(hours=2, minutes=1))
    assert _reset(Client(), manager.email).status_code == 302
    assert len(mail.outbox) == 4


def test_reset_requests_from_one_address_stop_after_ten_an_hour(db):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [_reset(client, f"person{n}@example.org").status_code for n in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    assert _reset(Client(REMOTE_ADDR="198.51.100.2"), "person0@example.org").status_code == 302


def _without_csrf_tokens(page: str) -> str:
    return re.sub(r'(value="|X-CSRFToken": ")[A-Za-z0-9]{32,}', r"\1TOKEN", page)


@pytest.mark.parametrize("case", ["first", "over the limit"])
def test_known_and_unknown_addresses_get_the_same_answer(manager, case):
    unknown = "nobody.here@example.org"
    answers = {}
    for n, email in enumerate([manager.email, unknown]):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 10}")
        tries = 1 if case == "first" else 4
        for _ in range(tries):
            response = _reset(client, email)
        followed = client.get(response.url) if response.status_code == 302 else response
        answers[email] = (
            response.status_code,
            response.get("Location"),
            _without_csrf_tokens(followed.content.decode().replace(email, "EMAIL")),
        )
    assert answers[manager.email] == answers[unknown]
    assert answers[unknown][0] == (302 if case == "first" else 429)


def test_the_request_only_enqueues_the_mail_for_known_and_unknown_alike(manager, settings):
    """The visitor waits as long either way; the task holds user ids, never the address typed."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    unknown = "nobody.here@example.org"
    for email in (manager.email, unknown):
        assert _reset(Client(), email).status_code == 302
    results = default_task_backend.results
    assert [r.task.name for r in results] == ["password_reset_mail_task"] * 2
    assert [r.kwargs["user_ids"] for r in results] == [[manager.pk], []]
    assert unknown not in repr([r.kwargs for r in results]) and not mail.outbox
