"""Settings come from the environment, and production refuses unsafe values."""

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "false",
    # A random key, as `secrets.token_urlsafe(48)` makes one.
    "SECRET_KEY": "ywB96O1NXgufc1qnyYcj1TDYyEXQZdZ8vR9XZKeKFNy34fzBaMH0aqcAooY58Pcw",
    "ALLOWED_HOSTS": "roundtable.example.org",
    "DATABASE_URL": "sqlite:////tmp/roundtable-check-deploy.sqlite3",
    "EMAIL_HOST": "smtp.example.org",
}


def run_roundtable(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Variables the test run itself sets (the browser tests allow async-unsafe calls) are no
    # part of a production environment.
    dropped = {*PRODUCTION, "PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "roundtable.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings() -> None:
    result = run_roundtable("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        (
            {"SECRET_KEY": "change-me-to-a-long-random-string-of-at-least-fifty-characters"},
            "SECRET_KEY is the published example value",
        ),
        ({"SECRET_KEY": "x" * 64}, "SECRET_KEY looks guessable"),
        ({"SECRET_KEY": "correct-horse-battery-" * 3}, "SECRET_KEY looks guessable"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the site's host names"),
        ({"ALLOWED_HOSTS": "roundtable.example.org,*"}, "without “*”"),
        ({"TRUSTED_PROXIES": "10.0.0.0/8,nginx"}, "TRUSTED_PROXIES: 'nginx' is not an IP"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be at least 1 (got 0)"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT must be a whole number"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a database address"),
        (
            {"IMPORT_STALE_MINUTES": "5", "IMPORT_JOB_SECONDS": "300"},
            "IMPORT_STALE_MINUTES must be longer than IMPORT_JOB_SECONDS",
        ),
    ],
)
def test_unsafe_or_malformed_settings_stop_the_start(change: dict[str, str], message: str) -> None:
    env = {**PRODUCTION, **change}
    if change.get("SECRET_KEY") == "":
        env.pop("SECRET_KEY")
    result = run_roundtable("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_env_example_placeholder_is_the_one_refused() -> None:
    """The refusal follows .env.example: copying it unchanged cannot reach production."""
    from pathlib import Path

    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY=")
    )
    result = run_roundtable("check", env={**PRODUCTION, "SECRET_KEY": placeholder})
    assert result.returncode == 2
    assert "SECRET_KEY is the published example value" in result.stderr


@pytest.mark.parametrize(
    ("change", "check_id", "message"),
    [
        (
            {"SECRET_KEY": "change-me-to-a-long-random-string-of-at-least-fifty-characters"},
            "roundtable.E001",
            "published example value",
        ),
        ({"SECRET_KEY": "ab" * 40}, "roundtable.E001", "looks guessable"),
        ({"ALLOWED_HOSTS": "*"}, "roundtable.E002", "without “*”"),
    ],
)
def test_check_deploy_reports_unsafe_values(
    change: dict[str, str], check_id: str, message: str
) -> None:
    """With DEBUG on (where the start does not refuse), `check --deploy` still names them."""
    env = {**PRODUCTION, "DEBUG": "true", **change}
    result = run_roundtable("check", "--deploy", env=env)
    assert result.returncode == 1
    assert check_id in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_redis_url_gives_a_shared_cache() -> None:
    """With REDIS_URL set, the cache (rate limits, filter lists) is Redis, shared by processes."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI starts it)")
    code = (
        "from django.core.cache import cache; import uuid; key = uuid.uuid4().hex; "
        "cache.set(key, 'shared', 30); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], key)"
    )
    env = {"REDIS_URL": "redis://127.0.0.1:6379/15"}
    first = run_roundtable("shell", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    backend, key = first.stdout.strip().splitlines()[-1].split()
    assert backend == "django.core.cache.backends.redis.RedisCache"
    read = f"from django.core.cache import cache; print(cache.get('{key}'))"
    second = run_roundtable("shell", "-c", read, env=env)
    assert second.stdout.strip().splitlines()[-1] == "shared"


def _sqlite_synchronous(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # 0 OFF, 1 NORMAL, 2 FULL, as the connection reports it.
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA synchronous'); "
        "print(cursor.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_SYNCHRONOUS"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "roundtable.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sqlite_syncs_every_commit_when_the_deployment_asks_for_full(tmp_path) -> None:
    base = {"DATA_DIR": str(tmp_path)}
    assert _sqlite_synchronous(base).stdout.strip() == "1"
    assert _sqlite_synchronous({**base, "SQLITE_SYNCHRONOUS": "full"}).stdout.strip() == "2"
    wrong = _sqlite_synchronous({**base, "SQLITE_SYNCHRONOUS": "sometimes"})
    assert wrong.returncode != 0
    assert "SQLITE_SYNCHRONOUS must be one of NORMAL, FULL (got 'sometimes')" in wrong.stderr
