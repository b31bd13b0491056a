"""Real-world wishes turned into pair weights the search minimises, and checked up front.

Every wish is a cost on two players sharing a group, so the search needs one idea only: the cost
of a schedule is the sum, over every round and every pair in a group, of that pair's weight, plus
``REPEAT`` for every meeting of a pair beyond its first (in this activity). The weights are
ordered so that a harder wish always outweighs a softer one:

- keep apart: ``HARD`` per round the pair shares a group;
- keep together: ``-HARD`` per round they share one (and they are exempt from the repeat cost);
- repeated pair within the activity: ``REPEAT``;
- facilitators: ``FACILITATOR`` per pair of facilitators in one group. Spreading them evenly
  minimises this, and an even spread of at least as many facilitators as groups puts one in
  every group;
- history: ``HISTORY`` times the pair's history weight (see ``history_weights``): met before is
  costlier, recently more so;
- mixing: ``MIX`` per pair sharing an attribute value (organisation, country, segment), so each
  group spans as many values as it can.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

HARD = 100_000.0
REPEAT = 1_000.0
FACILITATOR = 200.0
HISTORY = 10.0
MIX = 1.0


class ConstraintError(ValueError):
    """Constraints that no schedule can meet; the message names the constraint."""


@dataclass(frozen=True)
class Constraints:
    """Wishes about who meets whom, over players 0..n-1.

    ``history`` maps a pair (a, b) to a weight from earlier activities (``history_weights``);
    ``keep_apart`` pairs must never share a group; each ``keep_together`` set must share a group
    in every round; ``facilitators`` should be spread so every group has one; ``attributes``
    gives each player a value (organisation, country...) to mix; ``prior_meetings`` are pairs
    that already met in finished rounds of this activity (meeting again counts as a repeat).
    """

    history: Mapping[tuple[int, int], float] = field(default_factory=dict)
    keep_apart: Sequence[tuple[int, int]] = ()
    keep_together: Sequence[Sequence[int]] = ()
    facilitators: Sequence[int] = ()
    attributes: Mapping[int, str] = field(default_factory=dict)
    prior_meetings: Mapping[tuple[int, int], int] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when nothing but "no repeats" is asked."""
        return not (
            self.history
            or self.keep_apart
            or self.keep_together
            or self.facilitators
            or self.attributes
            or self.prior_meetings
        )


def history_weights(
    encounters: Iterable[tuple[int, int, float]], half_life_days: float = 180.0
) -> dict[tuple[int, int], float]:
    """Pair weights from past encounters (a, b, age in days): each counts 2^(-age/half-life).

    A pair who met yesterday weighs about 1, one who met a half-life ago 0.5; several
    encounters add up. Ages below zero count as zero.
    """
    weights: dict[tuple[int, int], float] = {}
    for a, b, age in encounters:
        key = (a, b) if a < b else (b, a)
        weights[key] = weights.get(key, 0.0) + math.pow(2.0, -max(age, 0.0) / half_life_days)
    return weights


def together_sets(people: int, constraints: Constraints) -> list[list[int]]:
    """The keep-together sets merged where they overlap (a shares with b, b with c: one set)."""
    parent = list(range(people))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in constraints.keep_together:
        members = list(members)
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    sets: dict[int, list[int]] = {}
    for members in constraints.keep_together:
        for player in members:
            sets.setdefault(root(player), [])
    for player in range(people):
        if root(player) in sets:
            sets[root(player)].append(player)
    return [sorted(members) for members in sets.values() if len(members) > 1]


def check_constraints(people: int, sizes: Sequence[int], constraints: Constraints) -> None:
    """Raise ``ConstraintError`` naming the first constraint no schedule can meet."""

    def check_player(player: int, where: str) -> None:
        if not isinstance(player, int) or not 0 <= player < people:
            raise ConstraintError(f"{where}: player {player!r} is not one of 0..{people - 1}")

    for a, b in constraints.keep_apart:
        check_player(a, "keep apart")
        check_player(b, "keep apart")
        if a == b:
            raise ConstraintError(f"keep apart: player {a} cannot be kept apart from themself")
    for members in constraints.keep_together:
        for player in members:
            check_player(player, "keep together")
    for player in constraints.facilitators:
        check_player(player, "facilitators")
    for player in constraints.attributes:
        check_player(player, "attributes")
    for a, b in list(constraints.history) + list(constraints.prior_meetings):
        check_player(a, "history")
        check_player(b, "history")
    sets = together_sets(people, constraints)
    largest = max(sizes)
    for members in sets:
        if len(members) > largest:
            raise ConstraintError(
                f"keep together: {len(members)} people {members} must share a group, "
                f"but groups hold at most {largest}"
            )
        inside = set(members)
        for a, b in constraints.keep_apart:
            if a in inside and b in inside:
                raise ConstraintError(
                    f"keep apart and keep together conflict: players {a} and {b} must be kept "
                    f"apart but are in the keep-together set {members}"
                )
    # The sets must fit into the groups (first fit, largest set first: exact for the usual
    # case of few sets, and a clear refusal rather than a silent violation otherwise).
    room = sorted(sizes, reverse=True)
    for members in sorted(sets, key=len, reverse=True):
        for index, free in enumerate(room):
            if free >= len(members):
                room[index] -= len(members)
                break
        else:
            raise ConstraintError(
                f"keep together: the sets {sets} do not fit into groups of sizes {list(sizes)}"
            )
    distinct_facilitators = set(constraints.facilitators)
    if distinct_facilitators and len(distinct_facilitators) < len(sizes):
        raise ConstraintError(
            f"facilitators: {len(distinct_facilitators)} facilitators cannot give each of the "
            f"{len(sizes)} groups one; add facilitators or make fewer, larger groups"
        )


def pair_weights(
    people: int, constraints: Constraints
) -> tuple[list[list[float]], list[list[bool]]]:
    """(weight[a][b], exempt[a][b]): the cost of a and b sharing a group in one round, and
    whether their repeated meetings are exempt from the repeat cost (kept together)."""
    weight = [[0.0] * people for _ in range(people)]
    exempt = [[False] * people for _ in range(people)]

    def add(a: int, b: int, value: float) -> None:
        weight[a][b] += value
        weight[b][a] += value

    for (a, b), value in constraints.history.items():
        add(a, b, HISTORY * value)
    for a, b in {(min(a, b), max(a, b)) for a, b in constraints.keep_apart}:
        add(a, b, HARD)
    for members in together_sets(people, constraints):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                add(a, b, -HARD)
                exempt[a][b] = exempt[b][a] = True
    facilitators = sorted(set(constraints.facilitators))
    for i, a in enumerate(facilitators):
        for b in facilitators[i + 1 :]:
            add(a, b, FACILITATOR)
    by_value: dict[str, list[int]] = {}
    for player, attribute in constraints.attributes.items():
        by_value.setdefault(attribute, []).append(player)
    for members in by_value.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                add(a, b, MIX)
    return weight, exempt


def violations(rounds: Sequence[Sequence[Sequence[int]]], constraints: Constraints) -> list[str]:
    """The hard wishes a schedule breaks, one sentence each (empty when all are met)."""
    found: list[str] = []
    facilitators = set(constraints.facilitators)
    for number, round_ in enumerate(rounds, start=1):
        where = {player: index for index, group in enumerate(round_) for player in group}
        for a, b in constraints.keep_apart:
            if where.get(a) == where.get(b):
                found.append(f"round {number}: {a} and {b} share a group but must be kept apart")
        for members in constraints.keep_together:
            if len({where.get(player) for player in members}) > 1:
                found.append(f"round {number}: {list(members)} are not together")
        if facilitators:
            for index, group in enumerate(round_):
                if not facilitators.intersection(group):
                    found.append(f"round {number}: group {index + 1} has no facilitator")
    return found
