"""`roundtable groups solve`: plan breakout rounds in which people meet as many new people as
possible (see docs/groups.md).

    roundtable groups solve --groups 8 --size 4 --rounds 9
    roundtable groups solve --people 23 --size 5 --max-rounds --json

Players are numbered 0..n-1. The command only parses, calls ``solve`` and prints: a table per
round and a summary, or one JSON object with ``--json``. When no schedule without repeats
exists or is found in time it still prints the one with the fewest repeats, says so, and exits 0;
bad input (size < 2, size > people, rounds < 1...) is a CommandError with a non-zero exit.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.domain.groups.constraints import ConstraintError
from roundtable.domain.groups.solve import SolveInputError, SolveResult, solve

MAX_PEOPLE = 2000


class Command(BaseCommand):
    help = "Plan rounds of breakout groups so that nobody meets the same person twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["solve"], help="what to do: solve")
        parser.add_argument("--groups", type=int, help="number of groups (all of --size)")
        parser.add_argument(
            "--people", type=int, help="number of people (group sizes differ by at most one)"
        )
        parser.add_argument("--size", type=int, required=True, help="people per group")
        parser.add_argument("--rounds", type=int, help="number of rounds")
        parser.add_argument(
            "--max-rounds",
            action="store_true",
            help="as many rounds as possible without a repeated pair",
        )
        parser.add_argument(
            "--time-limit", type=float, default=30.0, help="seconds to search at most (30)"
        )
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rounds"] is not None and options["max_rounds"]:
            raise CommandError("give --rounds or --max-rounds, not both")
        if options["time_limit"] <= 0:
            raise CommandError(f"--time-limit {options['time_limit']:g} must be above 0 seconds")
        people = options["people"]
        if options["groups"] is not None and options["size"] is not None:
            people = options["groups"] * options["size"]
        if people is not None and people > MAX_PEOPLE:
            raise CommandError(f"{people} people is more than this command plans ({MAX_PEOPLE})")
        try:
            result = solve(
                groups=options["groups"],
                people=options["people"],
                size=options["size"],
                rounds=options["rounds"],
                max_rounds=options["max_rounds"],
                time_limit=options["time_limit"],
                seed=options["seed"],
            )
        except (SolveInputError, ConstraintError) as error:
            raise CommandError(_sentence(str(error))) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
        else:
            self.stdout.write(render_table(result))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def render_table(result: SolveResult) -> str:
    """One block per round (a line per group) and a summary, for people reading a terminal."""
    width = len(str(max(result.people - 1, 0)))
    lines = []
    for number, round_ in enumerate(result.rounds, start=1):
        lines.append(f"Round {number}")
        for index, group in enumerate(round_, start=1):
            players = " ".join(str(player).rjust(width) for player in group)
            lines.append(f"  group {index:>{len(str(len(round_)))}}: {players}")
        lines.append("")
    sizes = sorted(set(result.sizes))
    size_text = " or ".join(str(size) for size in sizes)
    lines.append(
        f"{result.people} people in {len(result.sizes)} groups of {size_text}, "
        f"{len(result.rounds)} rounds, {result.repeat_pairs} repeated pairs "
        f"(a pair meets at most {result.max_meetings} time"
        f"{'s' if result.max_meetings != 1 else ''})."
    )
    lines.append(f"Method: {result.method}; {result.seconds:.2f} s.")
    lines.append(("" if result.complete else "NOT COMPLETE: ") + result.message)
    return "\n".join(lines)
