from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "roundtable.accounts"
    label = "accounts"

    def ready(self) -> None:
        from roundtable.accounts import checks  # noqa: F401 - registers the deploy checks
