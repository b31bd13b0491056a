import time
from itertools import combinations

import pytest

from roundtable.domain.groups.constructions import (
    best_named_construction,
    cyclic,
    field_tables,
    prime_power,
    round_robin,
    transversal,
)
from roundtable.domain.groups.schedule import counting_bound
from roundtable.domain.groups.validate import validate_schedule


@pytest.mark.parametrize("people", [2, 4, 6, 10, 20, 32])
def test_round_robin_meets_everyone_once_in_n_minus_one_rounds(people):
    rounds = round_robin(people)
    assert rounds is not None and len(rounds) == people - 1
    assert validate_schedule(rounds, people, [2] * (people // 2)) == 0
    met = {tuple(sorted(g)) for r in rounds for g in r}
    assert met == set(combinations(range(people), 2))


def test_round_robin_needs_an_even_count():
    assert round_robin(7) is None


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9, 16])
def test_field_tables_are_a_field(q):
    tables = field_tables(q)
    assert tables is not None
    add, mul = tables
    for a in range(q):
        assert add[a][0] == a and mul[a][1] == a
        if a:
            assert sorted(mul[a][b] for b in range(1, q)) == list(range(1, q))
        for b in range(q):
            for c in range(q):
                assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]


@pytest.mark.parametrize(("q", "expected"), [(8, (2, 3)), (9, (3, 2)), (7, (7, 1)), (6, None)])
def test_prime_power(q, expected):
    assert prime_power(q) == expected


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [
        (4, 4, 5),  # affine plane of order 4 (GF(4))
        (5, 5, 6),  # affine plane of order 5
        (7, 7, 8),
        (8, 4, 9),  # resolvable transversal design + columns split in two
        (9, 3, 13),  # Kirkman triple system of order 27
        (6, 6, 3),  # no two orthogonal Latin squares of order 6: rows, columns, one square
        (10, 5, 6),
        (7, 3, 7),
    ],
)
def test_transversal_design_rounds(groups, size, rounds):
    schedule = transversal(groups, size)
    assert schedule is not None and len(schedule) == rounds
    assert validate_schedule(schedule, groups * size, [size] * groups) == 0


def test_transversal_needs_size_at_most_groups():
    assert transversal(3, 4) is None


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [(5, 3, 7), (8, 3, 11), (6, 4, 7), (7, 3, 10), (4, 4, 5), (9, 3, 13)],
)
def test_cyclic_designs_reach_the_best_known_rounds(groups, size, rounds):
    schedule = cyclic(groups, size, rounds, time.monotonic() + 20, seed=3)
    assert schedule is not None and len(schedule) == rounds
    assert validate_schedule(schedule, groups * size, [size] * groups) == 0


def test_cyclic_gives_up_at_the_deadline():
    # 6 groups of 6 for 4 rounds would need two orthogonal Latin squares of order 6.
    started = time.monotonic()
    assert cyclic(6, 6, 4, started + 0.3) is None
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(("groups", "size"), [(16, 4), (11, 11), (12, 2), (1, 5)])
def test_best_construction_never_exceeds_the_counting_bound(groups, size):
    name, schedule = best_named_construction(groups, size)
    assert 1 <= len(schedule) <= counting_bound([size] * groups)
    assert validate_schedule(schedule, groups * size, [size] * groups) == 0
    assert name
