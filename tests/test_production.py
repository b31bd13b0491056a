"""What production refuses (roundtable/production.py), value by value."""

import pytest

from roundtable.production import allowed_hosts_problem, secret_key_problem


@pytest.mark.parametrize(
    "key",
    [
        "713$_rah8(y=osc6&feimb-ni$(gjk82s0)_q5%bv^(26*ul39",  # Django's get_random_secret_key()
        # secrets.token_urlsafe(50)
        "QGYtB5C4kWjDE8cvNKxleftj0NOMSIPgG5aXJv2klfntJ-aogvpvoC7WEl4bCnMUQdc",
        "f5585cd3e9f2f2d55538d168d147d1ea3427ae664d907b35ea53e7eac875664e",  # secrets.token_hex(32)
    ],
)
def test_random_keys_are_accepted(key: str) -> None:
    assert secret_key_problem(key) is None


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "must be set"),
        ("change-me-to-a-long-random-string-of-at-least-fifty-characters", "published"),
        ("dev-only-insecure-secret-key-do-not-use-in-production-0123456789", "published"),
        ("gxhGL8--xM3q65iimWRfnFatjDPYBIuym4YkD_dh", "at least 50 characters long (it has 40)"),
        ("a" * 80, "looks guessable"),
        ("0123456789" * 6, "looks guessable"),  # 10 different characters
        ("abcdefghijklmnop" * 4, "looks guessable"),  # 16 different, one pattern repeated
        ("django-insecure-713$_rah8(y=osc6&feimb-ni$(gjk82s0)_q5%bv^(26*", "looks guessable"),
    ],
)
def test_known_short_or_guessable_keys_are_refused(key: str, reason: str) -> None:
    problem = secret_key_problem(key)
    assert problem is not None and reason in problem
    assert key[:20] not in problem or not key  # the message never repeats the key itself


@pytest.mark.parametrize("hosts", [["*"], ["roundtable.example.org", "*"], ["*.example.org"]])
def test_wildcard_hosts_are_refused(hosts: list[str]) -> None:
    assert "without “*”" in (allowed_hosts_problem(hosts) or "")


def test_named_hosts_are_accepted_and_none_is_refused() -> None:
    assert allowed_hosts_problem(["roundtable.example.org", ".example.net"]) is None
    assert "must be set" in (allowed_hosts_problem([]) or "")
