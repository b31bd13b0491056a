"""The tests' own check of a stored plan, written apart from the engine and the app."""

from collections import Counter
from itertools import combinations

from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan


def stored_rounds(plan: BreakoutPlan) -> list[list[list[int]]]:
    rounds: dict[int, dict[int, list[int]]] = {}
    for a in BreakoutAssignment.objects.filter(plan=plan):
        rounds.setdefault(a.round, {}).setdefault(a.room, []).append(a.registration_id)
    return [[sorted(g) for _, g in sorted(r.items())] for _, r in sorted(rounds.items())]


def check_plan(plan: BreakoutPlan, people: set[int] | None = None) -> int:
    """Assert every round splits the same people (``people`` if given) into rooms whose sizes
    differ by at most one, none below 2, numbered 1..k; return the repeated pairs."""
    plan.refresh_from_db()
    rounds = stored_rounds(plan)
    assert len(rounds) == plan.rounds
    pairs: Counter[tuple[int, int]] = Counter()
    for round_ in rounds:
        everyone = [x for room in round_ for x in room]
        assert len(everyone) == len(set(everyone)), "someone is in two rooms of one round"
        if people is not None:
            assert set(everyone) == people
        sizes = [len(room) for room in round_]
        assert min(sizes) >= 2 and max(sizes) - min(sizes) <= 1, sizes
        for room in round_:
            pairs.update(combinations(room, 2))
    numbers = {a.room for a in BreakoutAssignment.objects.filter(plan=plan, round=1)}
    assert numbers == set(range(1, len(numbers) + 1))
    repeats = sum(c - 1 for c in pairs.values())
    assert repeats == plan.repeat_pairs
    return repeats
