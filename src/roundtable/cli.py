"""The `roundtable` command: Django's management commands plus Roundtable's own."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; product commands may be written with hyphens (seed-demo)."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Roundtable is not configured correctly: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
