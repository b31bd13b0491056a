"""`roundtable community create --slug SLUG --name NAME`: an empty community."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.communities.services import community_create


class Command(BaseCommand):
    help = "Manage communities from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = actions.add_parser("create", help="Create an empty community.")
        create.add_argument("--slug", required=True, help="Short name used in URLs, e.g. water.")
        create.add_argument("--name", required=True, help="The community's full name.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            community = community_create(slug=options["slug"], name=options["name"])
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        self.stdout.write(f"Created the community “{community.name}” ({community.slug}).")


def _message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
