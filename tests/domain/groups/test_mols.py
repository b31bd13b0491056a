from itertools import combinations

import pytest

from roundtable.domain.groups.constructions import transversal
from roundtable.domain.groups.mols import (
    mols,
    mols_count,
    prime_power_factors,
    resolvable_transversal,
)
from roundtable.domain.groups.validate import validate_schedule


def is_latin(square):
    n = len(square)
    symbols = list(range(n))
    return all(sorted(row) == symbols for row in square) and all(
        sorted(square[i][j] for i in range(n)) == symbols for j in range(n)
    )


def orthogonal(a, b):
    n = len(a)
    return len({(a[i][j], b[i][j]) for i in range(n) for j in range(n)}) == n * n


@pytest.mark.parametrize(
    ("n", "count"),
    [(n, mols_count(n)) for n in range(3, 41) if mols_count(n) >= 1],
    ids=lambda v: str(v),
)
def test_every_set_of_mols_built_is_latin_and_pairwise_orthogonal(n, count):
    squares = mols(n, count)
    assert squares is not None and len(squares) == count
    assert all(is_latin(square) for square in squares)
    assert all(orthogonal(a, b) for a, b in combinations(squares, 2))


@pytest.mark.parametrize(
    ("n", "expected"),
    [(7, 6), (9, 8), (12, 2), (15, 2), (20, 3), (28, 3), (35, 4), (36, 3), (6, 1), (10, 1)],
)
def test_direct_products_give_the_macneish_bound(n, expected):
    # MacNeish: the smallest q - 1 over the prime powers q exactly dividing n.
    assert mols_count(n) == expected
    assert mols(n, expected + 1) is None


def test_prime_power_factors():
    assert prime_power_factors(360) == [8, 9, 5]
    assert prime_power_factors(1) == []


@pytest.mark.parametrize(("n", "k"), [(12, 3), (15, 3), (20, 4), (28, 4), (35, 5), (9, 4)])
def test_resolvable_transversal_designs_meet_every_pair_of_columns_once(n, k):
    schedule = resolvable_transversal(n, k)
    assert schedule is not None and len(schedule) == n
    assert validate_schedule(schedule, n * k, [k] * n) == 0
    met = {pair for r in schedule for g in r for pair in combinations(sorted(g), 2)}
    across = {(a, b) for a, b in combinations(range(n * k), 2) if a // n != b // n}
    assert met == across


def test_too_few_mols_give_no_transversal_design():
    assert resolvable_transversal(10, 3) is None  # N(10) >= 2 is not built here
    assert resolvable_transversal(12, 4) is None  # the direct product gives only 2 MOLS(12)


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [
        (20, 4, 25),  # RTD(4, 20) from 3 MOLS(20) = MOLS(4) x MOLS(5), + 5-4-5 in each column
        (28, 4, 37),  # RTD(4, 28) + the 2-(28,4,1) design in each column: the counting bound
        (12, 3, 16),  # RTD(3, 12) from 2 MOLS(12) + the 4-3-4 schedule in each column
    ],
)
def test_transversal_uses_mols_for_orders_that_are_not_prime_powers(groups, size, rounds):
    schedule = transversal(groups, size)
    assert schedule is not None and len(schedule) == rounds
    assert validate_schedule(schedule, groups * size, [size] * groups) == 0
