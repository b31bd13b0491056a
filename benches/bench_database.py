"""A fresh, throw-away database for one benchmark run."""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse, urlunparse


@contextmanager
def bench_database(name: str) -> Iterator[str]:
    """Point DATABASE_URL (and DATA_DIR) at a new empty database; drop it afterwards.

    Without DATABASE_URL: a SQLite file in a temporary folder. With a PostgreSQL DATABASE_URL: a
    database called ``name`` on that server, created now and dropped at the end. Yields the engine.
    """
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder:
        os.environ["DATA_DIR"] = folder
        if not url.startswith("postgres"):
            os.environ.pop("DATABASE_URL", None)
            yield "sqlite"
            return
        import psycopg

        parts = urlparse(url)
        admin = urlunparse(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{name}"))
        try:
            yield "postgresql"
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Production settings: DEBUG would keep every query's SQL in memory and slow every request.
PRODUCTION_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "ERROR",
}


@contextmanager
def django_bench(name: str, *, production: bool = False, static: bool = False) -> Iterator[str]:
    """:func:`bench_database` with Django set up on it and migrated; yields the engine.

    ``production`` runs with production settings (DEBUG off); ``static`` also collects the
    static files, which pages rendered with DEBUG off need.
    """
    if production:
        os.environ.update(PRODUCTION_ENVIRONMENT)
    with bench_database(name) as engine:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if static:
            call_command("collectstatic", interactive=False, verbosity=0)
        yield engine
