import time
from itertools import combinations

import pytest

from roundtable.domain.groups.constructions import (
    best_named_construction,
    cyclic,
    field_tables,
    one_rotational,
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
        (15, 3, 22),  # tripling: transversal design of Z_15 on 3 columns + KTS(15) in each
        (21, 3, 31),  # KTS(63) from KTS(21)
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
    schedule = cyclic(groups, size, rounds, float("inf"), seed=3)
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


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [
        (11, 3, 16),  # Kirkman triple system of order 33
        (17, 3, 25),  # KTS(51)
        (19, 3, 28),  # KTS(57)
        (4, 4, 5),  # resolvable 2-(16,4,1): the affine plane of order 4
        (10, 4, 13),  # resolvable 2-(40,4,1): 40 people in groups of 4 meet everyone once
        (13, 4, 17),  # resolvable 2-(52,4,1)
        (5, 5, 6),  # affine plane of order 5
        (9, 9, 10),  # affine plane of order 9
        (8, 2, 15),  # round robin
    ],
)
def test_one_rotational_designs_meet_everyone_exactly_once(groups, size, rounds):
    n = groups * size
    schedule = one_rotational(groups, size, float("inf"), seed=5)
    assert schedule is not None and len(schedule) == rounds == counting_bound([size] * groups)
    assert validate_schedule(schedule, n, [size] * groups) == 0
    met = {pair for r in schedule for g in r for pair in combinations(sorted(g), 2)}
    assert met == set(combinations(range(n), 2))


@pytest.mark.parametrize(("groups", "size"), [(6, 4), (8, 3), (3, 5), (1, 2), (13, 3), (15, 3)])
def test_one_rotational_needs_n_minus_one_a_multiple_of_k_minus_one_and_t_one_mod_k(groups, size):
    # 23 is no multiple of 3 nor of 2; 14 no multiple of 4; 2 people make a single round;
    # 39 and 45 are not 3 or 9 mod 24 (no cyclic 1-rotational Kirkman system).
    assert one_rotational(groups, size, time.monotonic() + 5) is None


@pytest.mark.parametrize(("groups", "size"), [(5, 3), (7, 3), (7, 4)])
def test_one_rotational_proves_quickly_that_no_base_blocks_exist(groups, size):
    # KTS(15), KTS(21) and 2-(28,4,1) have no 1-rotational form over Z_14, Z_20, Z_27 of this
    # shape: the search is complete and stops long before the deadline.
    started = time.monotonic()
    assert one_rotational(groups, size, started + 30) is None
    assert time.monotonic() - started < 5


def test_cyclic_stops_after_its_work_without_a_deadline():
    # No deadline at all: the node budget alone ends a search that cannot succeed.
    assert cyclic(6, 6, 4, float("inf"), work=20_000) is None


@pytest.mark.parametrize(("groups", "size", "rounds"), [(7, 4, 9), (8, 3, 11)])
def test_cyclic_gives_the_same_design_for_the_same_seed(groups, size, rounds):
    first = cyclic(groups, size, rounds, float("inf"), seed=9)
    assert first is not None and first == cyclic(groups, size, rounds, float("inf"), seed=9)


def test_one_rotational_stops_after_its_work_without_a_deadline():
    # 2-(40,4,1) base blocks are found with more work than this; the budget alone stops it.
    found = one_rotational(10, 4, float("inf"), seed=5, work=10)
    assert found is None
