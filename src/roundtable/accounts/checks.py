"""``roundtable check --deploy`` reports what production refuses at start (see production.py)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from roundtable.production import allowed_hosts_problem, secret_key_problem


@register(Tags.security, deploy=True)
def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = secret_key_problem(settings.SECRET_KEY)
    return [Error(problem, id="roundtable.E001")] if problem else []


@register(Tags.security, deploy=True)
def allowed_hosts_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = allowed_hosts_problem(settings.ALLOWED_HOSTS)
    return [Error(problem, id="roundtable.E002")] if problem else []
