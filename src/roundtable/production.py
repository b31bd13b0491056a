"""What production refuses to run with: a known or guessable SECRET_KEY, and a host list that
accepts any ``Host`` header.

Plain functions on the values, so that the settings module can refuse at start (it runs before
Django is set up) and the ``deploy`` system checks (``roundtable check --deploy``) report the
same problems with the same words.
"""

from collections.abc import Iterable

# The placeholder written in .env.example and the development default: both are public.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "change-me-to-a-long-random-string-of-at-least-fifty-characters",
        "dev-only-insecure-secret-key-do-not-use-in-production-0123456789",
    }
)
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 12  # a hexadecimal key has 16
SECRET_KEY_MIN_DISTINCT_TRIGRAM_SHARE = 0.75  # a repeated pattern has few distinct trigrams
HOW_TO_MAKE_A_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not fit to sign sessions and links in production, or None when it is."""
    if not key:
        return "SECRET_KEY must be set when DEBUG is false"
    if key in PUBLISHED_SECRET_KEYS:
        return (
            "SECRET_KEY is the published example value; set a random one, e.g. from "
            f"{HOW_TO_MAKE_A_KEY}"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long "
            f"(it has {len(key)}); make one with {HOW_TO_MAKE_A_KEY}"
        )
    trigrams = [key[i : i + 3] for i in range(len(key) - 2)]
    if (
        len(set(key)) < SECRET_KEY_MIN_DISTINCT_CHARACTERS
        or len(set(trigrams)) < SECRET_KEY_MIN_DISTINCT_TRIGRAM_SHARE * len(trigrams)
        or key.startswith("django-insecure-")
    ):
        return (
            "SECRET_KEY looks guessable (few different characters or a repeated pattern); "
            f"set a random one, e.g. from {HOW_TO_MAKE_A_KEY}"
        )
    return None


def allowed_hosts_problem(hosts: Iterable[str]) -> str | None:
    """Why ``hosts`` is not fit for ALLOWED_HOSTS in production, or None when it is."""
    hosts = list(hosts)
    if not hosts:
        return "ALLOWED_HOSTS must be set when DEBUG is false"
    if any("*" in host for host in hosts):
        return (
            "ALLOWED_HOSTS must name the site's host names, without “*”: a wildcard lets any "
            "Host header through (links in e-mails, password resets); e.g. "
            "ALLOWED_HOSTS=roundtable.example.org"
        )
    return None


def production_problems(*, secret_key: str, allowed_hosts: Iterable[str]) -> list[str]:
    """Every problem of the two settings, in the order the settings module checks them."""
    found = [secret_key_problem(secret_key), allowed_hosts_problem(allowed_hosts)]
    return [problem for problem in found if problem]
