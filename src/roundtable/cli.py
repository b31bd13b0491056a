"""The `roundtable` command: Django's management commands plus Roundtable's own."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; product commands may be written with hyphens (seed-demo).

    Whatever goes wrong, the person at the terminal gets one clear line, not a stack trace;
    ``--traceback`` shows the trace for those who want it.
    """
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
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`roundtable export ... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:
        if "--traceback" in args:
            raise
        sys.stderr.write(
            f"roundtable: {type(error).__name__}: {error}\n"
            "Nothing was half-written: the change was not applied. "
            "Run again with --traceback for the details.\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
