from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "roundtable.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from roundtable.accounts import checks  # noqa: F401 - registers the deploy checks
        from roundtable.accounts.lockout import login_failures_clear

        user_logged_in.connect(login_failures_clear, dispatch_uid="accounts-login-failures-clear")
