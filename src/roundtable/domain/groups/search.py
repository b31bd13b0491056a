"""Local search: complete or repair a schedule by swapping two players of one round.

The cost of a schedule is, for every pair, ``REPEAT`` per meeting beyond its first (unless the
pair is exempt, being kept together) plus, for every round they share a group, the pair's weight
(see ``constraints.pair_weights``). Tabu search as in Dotú and Van Hentenryck's social golfer
solver: each step looks at players who are in conflict in some round (they share a group with
someone they meet again, or with someone whose weight is positive), evaluates swapping them with
every player of another group of that round, and makes the best swap not made recently, unless
it reaches a new best. When the search stalls it perturbs a few random rounds.
"""

import random
import time
from collections.abc import Mapping, Sequence

from roundtable.domain.groups.constraints import REPEAT
from roundtable.domain.groups.schedule import Round, Schedule

TABU_MIN, TABU_MAX = 5, 25


def random_round(sizes: Sequence[int], rng: random.Random, people: int) -> Round:
    """A random partition of 0..people-1 into groups of the given sizes (the random baseline)."""
    players = list(range(people))
    rng.shuffle(players)
    result: Round = []
    start = 0
    for size in sizes:
        result.append(players[start : start + size])
        start += size
    return result


def meeting_matrix(people: int, prior: dict[tuple[int, int], int]) -> list[list[int]]:
    """How often each pair of players 0..people-1 has met, starting from ``prior`` meetings."""
    counts = [[0] * people for _ in range(people)]
    for (a, b), times in prior.items():
        counts[a][b] += times
        counts[b][a] += times
    return counts


def count_round(counts: list[list[int]], round_: Round) -> None:
    """Add one round's meetings to ``counts`` (both directions), in place."""
    for group in round_:
        for a in group:
            for b in group:
                if a != b:
                    counts[a][b] += 1


def greedy_round(
    sizes: Sequence[int],
    counts: list[list[int]],
    weight: list[list[float]] | None,
    rng: random.Random,
) -> Round:
    """A round built the way most breakout tools do: players in random order, each into the
    open group where they have met the fewest people so far (ties to the emptiest group)."""
    people = sum(sizes)
    players = list(range(people))
    rng.shuffle(players)
    groups: Round = [[] for _ in sizes]
    for player in players:
        best_index, best_cost = -1, 0.0
        for index, group in enumerate(groups):
            if len(group) >= sizes[index]:
                continue
            cost = (
                sum(
                    REPEAT * counts[player][other] + (weight[player][other] if weight else 0.0)
                    for other in group
                )
                + len(group) * 1e-6
            )
            if best_index < 0 or cost < best_cost:
                best_index, best_cost = index, cost
        groups[best_index].append(player)
    return groups


class TabuSearch:
    """Tabu search over ``rounds``: rounds listed in ``frozen`` never change.

    ``prior`` counts meetings that happened before these rounds (finished rounds of the
    activity); ``weight`` and ``exempt`` come from ``constraints.pair_weights`` or are None.
    """

    def __init__(
        self,
        people: int,
        rounds: Schedule,
        *,
        frozen: int = 0,
        weight: list[list[float]] | None = None,
        exempt: list[list[bool]] | None = None,
        prior: Mapping[tuple[int, int], int] | None = None,
        seed: int = 0,
    ) -> None:
        self.people = people
        self.rounds = [[list(group) for group in round_] for round_ in rounds]
        self.frozen = frozen
        self.weight = weight
        self.exempt = exempt
        self.rng = random.Random(seed)  # noqa: S311 - a seed for reproducible group search, not a secret
        self.stopped_by_clock = False
        self.counts = [[0] * people for _ in range(people)]
        for (a, b), times in (prior or {}).items():
            self.counts[a][b] += times
            self.counts[b][a] += times
        # People to keep together: apart from one of them is a conflict to repair.
        self.partners: list[list[int]] = [
            [b for b in range(people) if exempt is not None and exempt[a][b]] for a in range(people)
        ]
        self.where: list[list[int]] = []
        for round_ in self.rounds:
            self._add_round(round_)

    def _add_round(self, round_: Round) -> None:
        where = [0] * self.people
        for index, group in enumerate(round_):
            for i, a in enumerate(group):
                where[a] = index
                for b in group[i + 1 :]:
                    self.counts[a][b] += 1
                    self.counts[b][a] += 1
        self.where.append(where)

    def _repeat_cost(self, a: int, b: int) -> float:
        return 0.0 if self.exempt is not None and self.exempt[a][b] else REPEAT

    def cost(self) -> float:
        """The current cost (see the module docstring)."""
        total = 0.0
        for a in range(self.people):
            for b in range(a + 1, self.people):
                if self.counts[a][b] > 1:
                    total += self._repeat_cost(a, b) * (self.counts[a][b] - 1)
        if self.weight is not None:
            for round_ in self.rounds:
                for group in round_:
                    for i, a in enumerate(group):
                        for b in group[i + 1 :]:
                            total += self.weight[a][b]
        return total

    def _gain_leave(self, a: int, x: int) -> float:
        """Change in cost when pair (a, x) stops sharing a group in one round."""
        change = -self.weight[a][x] if self.weight is not None else 0.0
        if self.counts[a][x] >= 2:
            change -= self._repeat_cost(a, x)
        return change

    def _gain_join(self, a: int, x: int) -> float:
        change = self.weight[a][x] if self.weight is not None else 0.0
        if self.counts[a][x] >= 1:
            change += self._repeat_cost(a, x)
        return change

    def swap_delta(self, r: int, a: int, b: int) -> float:
        """Change in cost if a and b (in different groups of round r) swapped groups."""
        round_ = self.rounds[r]
        group_a = round_[self.where[r][a]]
        group_b = round_[self.where[r][b]]
        delta = 0.0
        for x in group_a:
            if x != a:
                delta += self._gain_leave(a, x) + self._gain_join(b, x)
        for y in group_b:
            if y != b:
                delta += self._gain_leave(b, y) + self._gain_join(a, y)
        return delta

    def swap(self, r: int, a: int, b: int) -> None:
        """Swap a and b between their groups in round r, keeping the counts right."""
        where = self.where[r]
        ia, ib = where[a], where[b]
        group_a, group_b = self.rounds[r][ia], self.rounds[r][ib]
        counts = self.counts
        for x in group_a:
            if x != a:
                counts[a][x] -= 1
                counts[x][a] -= 1
                counts[b][x] += 1
                counts[x][b] += 1
        for y in group_b:
            if y != b:
                counts[b][y] -= 1
                counts[y][b] -= 1
                counts[a][y] += 1
                counts[y][a] += 1
        group_a[group_a.index(a)] = b
        group_b[group_b.index(b)] = a
        where[a], where[b] = ib, ia

    def conflicts(self) -> list[tuple[int, int]]:
        """(round, player) for each player in a costly pair in a round that may change."""
        found = []
        weight = self.weight
        for r in range(self.frozen, len(self.rounds)):
            where = self.where[r]
            for group in self.rounds[r]:
                for a in group:
                    if any(where[b] != where[a] for b in self.partners[a]):
                        found.append((r, a))
                        continue
                    for x in group:
                        if x != a and (
                            (self.counts[a][x] > 1 and self._repeat_cost(a, x) > 0)
                            or (weight is not None and weight[a][x] > 0)
                        ):
                            found.append((r, a))
                            break
        return found

    def run(
        self,
        deadline: float,
        target: float = 0.0,
        patience: int | None = None,
        work: int | None = None,
    ) -> float:
        """Search until the cost is at most ``target``, ``work`` swaps have been evaluated,
        ``patience`` steps pass without a new best or the deadline passes; the best schedule
        found is left in ``self.rounds``. Returns its cost.

        The work bound makes the outcome depend on the schedule and the seed only (the same
        on a quiet or a busy machine); the deadline can only stop it earlier, and then
        ``stopped_by_clock`` is True.
        """
        current = self.cost()
        best = current
        best_rounds = [[list(g) for g in round_] for round_ in self.rounds]
        tabu: dict[tuple[int, int, int], int] = {}
        step = 0
        stale = 0
        since_best = 0
        evaluated = 0
        while current > target + 1e-9:
            if patience is not None and since_best >= patience:
                break
            if work is not None and evaluated >= work:
                break
            if time.monotonic() >= deadline:
                self.stopped_by_clock = True
                break
            step += 1
            since_best += 1
            conflicts = self.conflicts()
            if not conflicts:
                break
            if len(conflicts) > 40:
                conflicts = self.rng.sample(conflicts, 40)
            choice: tuple[int, int, int] | None = None
            choice_delta = 0.0
            for r, a in conflicts:
                where = self.where[r]
                group_of_a = where[a]
                for b in range(self.people):
                    if where[b] == group_of_a:
                        continue
                    delta = self.swap_delta(r, a, b)
                    evaluated += 1
                    key = (r, min(a, b), max(a, b))
                    if tabu.get(key, 0) > step and current + delta >= best:
                        continue
                    if (
                        choice is None
                        or delta < choice_delta
                        or (delta == choice_delta and self.rng.random() < 0.3)
                    ):
                        choice, choice_delta = (r, a, b), delta
            if choice is None:
                tabu.clear()
                continue
            r, a, b = choice
            self.swap(r, a, b)
            current += choice_delta
            tabu[(r, min(a, b), max(a, b))] = step + self.rng.randint(TABU_MIN, TABU_MAX)
            if current < best - 1e-9:
                best = current
                best_rounds = [[list(g) for g in round_] for round_ in self.rounds]
                stale = 0
                since_best = 0
            else:
                stale += 1
                if stale > 400:
                    self._perturb()
                    current = self.cost()
                    stale = 0
        self._restore(best_rounds)
        return best

    def _perturb(self) -> None:
        """A few random swaps in random changeable rounds, to leave a plateau."""
        if self.frozen >= len(self.rounds):
            return
        for _ in range(max(2, self.people // 8)):
            r = self.rng.randrange(self.frozen, len(self.rounds))
            a, b = self.rng.sample(range(self.people), 2)
            if self.where[r][a] != self.where[r][b]:
                self.swap(r, a, b)

    def _restore(self, rounds: Schedule) -> None:
        prior = [row[:] for row in self.counts]
        # Recount from the restored rounds, keeping the prior meetings.
        for round_ in self.rounds:
            for group in round_:
                for i, a in enumerate(group):
                    for b in group[i + 1 :]:
                        prior[a][b] -= 1
                        prior[b][a] -= 1
        self.counts = prior
        self.rounds = [[list(g) for g in round_] for round_ in rounds]
        self.where = []
        for round_ in self.rounds:
            self._add_round(round_)
