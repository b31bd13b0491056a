"""An independent check of a schedule: written apart from the solver so each checks the other."""

from collections.abc import Sequence
from itertools import combinations


class ScheduleError(ValueError):
    """A schedule is not a valid list of partitions; the message names round, group and player."""


def validate_schedule(
    rounds: Sequence[Sequence[Sequence[int]]],
    people: int,
    sizes: Sequence[int] | None = None,
) -> int:
    """Check that every round splits players 0..people-1 into groups and count repeated pairs.

    ``sizes``, when given, are the group sizes every round must have (in any order). Returns the
    number of repeated pairs (a pair meeting k times counts k - 1). Raises ``ScheduleError``
    naming the round (1-based) and the fault otherwise.
    """
    seen_pairs: set[tuple[int, int]] = set()
    repeats = 0
    for number, round_ in enumerate(rounds, start=1):
        players = [player for group in round_ for player in group]
        if sorted(players) != list(range(people)):
            missing = sorted(set(range(people)) - set(players))
            extra = sorted(p for p in set(players) if not 0 <= p < people)
            twice = sorted({p for p in players if players.count(p) > 1})
            raise ScheduleError(
                f"round {number} is not a partition of 0..{people - 1}: "
                f"missing {missing}, out of range {extra}, placed twice {twice}"
            )
        if sizes is not None and sorted(len(g) for g in round_) != sorted(sizes):
            raise ScheduleError(
                f"round {number} has group sizes {sorted(len(g) for g in round_)}, "
                f"expected {sorted(sizes)}"
            )
        for group in round_:
            for a, b in combinations(sorted(group), 2):
                if (a, b) in seen_pairs:
                    repeats += 1
                else:
                    seen_pairs.add((a, b))
    return repeats
