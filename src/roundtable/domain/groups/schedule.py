"""The shape of a schedule: rounds of groups of players numbered 0..n-1, and its counts."""

from collections.abc import Iterable, Sequence
from itertools import combinations

Group = list[int]
Round = list[Group]
Schedule = list[Round]


def group_sizes(people: int, size: int) -> list[int]:
    """Sizes of the groups for ``people`` players in groups of about ``size``.

    When ``size`` divides ``people`` every group has ``size`` players; otherwise there are
    ``ceil(people / size)`` groups whose sizes differ by at most one (23 in rooms of 5 gives
    5, 5, 5, 4, 4). Nobody is left alone: when that rule would make a group of one (an odd
    number of people in pairs), there are floor(people / size) groups instead (one trio).
    Needs 2 <= size <= people.
    """
    groups = -(-people // size)
    if people // groups < 2:
        groups = people // size
    base, extra = divmod(people, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def counting_bound(sizes: Sequence[int]) -> int:
    """Most rounds without a repeated pair that counting allows.

    With equal groups of p among n players: floor((n - 1) / (p - 1)), since each round a player
    meets p - 1 new people out of n - 1. With uneven sizes two counts bound it: a player meets at
    least (smallest - 1) people a round, and a round uses sum C(s, 2) of the C(n, 2) pairs.
    """
    people = sum(sizes)
    smallest = min(sizes)
    if smallest < 2:
        return 0
    per_player = (people - 1) // (smallest - 1)
    per_round = sum(s * (s - 1) // 2 for s in sizes)
    return min(per_player, (people * (people - 1) // 2) // per_round)


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The pair (a, b) with the smaller number first."""
    return (a, b) if a < b else (b, a)


def meeting_counts(rounds: Iterable[Round]) -> dict[tuple[int, int], int]:
    """How many times each pair shares a group, over all the rounds given."""
    counts: dict[tuple[int, int], int] = {}
    for round_ in rounds:
        for group in round_:
            for a, b in combinations(group, 2):
                key = pair_key(a, b)
                counts[key] = counts.get(key, 0) + 1
    return counts


def repeat_summary(rounds: Iterable[Round]) -> tuple[int, int]:
    """(repeated pairs, most meetings of one pair) where a pair meeting k times counts k - 1."""
    counts = meeting_counts(rounds)
    repeats = sum(count - 1 for count in counts.values() if count > 1)
    return repeats, max(counts.values(), default=0)


def normalised(rounds: Iterable[Iterable[Iterable[int]]]) -> Schedule:
    """Each group sorted, each round's groups sorted by their first player: a canonical form."""
    return [
        sorted((sorted(group) for group in round_), key=lambda g: g[0] if g else -1)
        for round_ in rounds
    ]
