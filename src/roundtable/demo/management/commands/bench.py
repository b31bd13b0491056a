"""`roundtable bench NAME [ARGS...]`: run a benchmark from the checkout's benches/ folder."""

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

BENCHES = Path(settings.PACKAGE_DIR).parents[1] / "benches"


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in BENCHES.glob("bench_*.py"))


class Command(BaseCommand):
    help = "Run a benchmark from benches/ (figures go in docs/benchmarks.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="e.g. directory, segments, import")
        parser.add_argument("args", nargs=argparse.REMAINDER, help="passed to the benchmark")

    def handle(self, *args: Any, **options: Any) -> None:
        names = available()
        if not names:
            raise CommandError(f"No benchmarks at {BENCHES}: run this from a source checkout.")
        if options["name"] not in names:
            raise CommandError(
                f"No benchmark called {options['name']!r}; there are: {', '.join(names)}."
            )
        script = BENCHES / f"bench_{options['name']}.py"
        # The script is one of ours (its name was checked against benches/), not user input.
        command = [sys.executable, str(script), *args]
        result = subprocess.run(command, check=False)  # noqa: S603
        if result.returncode:
            raise CommandError(f"{script.name} exited with status {result.returncode}.")
