"""Background work of accounts. Tasks take ids, never objects, and call one function."""

from django_tasks import task

from roundtable.accounts.password_reset import password_reset_mail_send


@task()
def password_reset_mail_task(user_ids: list[int], domain: str, use_https: bool) -> int:
    """Mail the reset links (the users may have changed since the request)."""
    return password_reset_mail_send(user_ids=user_ids, domain=domain, use_https=use_https)
