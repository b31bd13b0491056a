"""Mutually orthogonal Latin squares (MOLS), and the resolvable transversal designs they give.

A Latin square of order n is an n x n array over 0..n-1 in which every row and column holds
every symbol once; two are orthogonal when the n² pairs of symbols in the same cell are all
different. N(n) is the most MOLS of order n; N(n) <= n - 1, with equality for prime powers.

Constructions here (the Handbook of Combinatorial Designs, 2nd ed. (Colbourn & Dinitz, eds.,
2007), §III.3 "Mutually orthogonal Latin squares", is the reference for all of them):

- prime powers q: L_a[i][j] = a·i + j over GF(q), a = 1..q-1 (q - 1 MOLS; Bose 1938);
- direct products (MacNeish 1922): if A_1..A_k are MOLS of order m and B_1..B_k of order n,
  A_i x B_i are k MOLS of order mn, so N(n) >= min(q - 1) over the prime powers q exactly
  dividing n (2 for 12, 15, 21, 24; 3 for 20, 28, 36; 4 for 35);
- difference matrices kept as data (``DIFFERENCE_MATRICES``): a (G, k; 1) difference matrix
  over a group G of order n (k rows, the differences of any two rows run over G once) gives
  k - 1 MOLS of order n: L_r[x][y] = x + D[r][y] with one row of zeros (HCD III.17).

``resolvable_transversal(n, k)`` turns k - 1 MOLS of order n into the resolvable transversal
design RTD(k, n): n rounds of n groups of k, one player from each of k columns per group, every
pair from different columns meeting exactly once (HCD III.3.2: k - 1 MOLS <=> TD(k + 1, n)).
"""

import functools

from roundtable.domain.groups.schedule import Schedule

Square = list[list[int]]

# Difference matrices over Z_n (rows of elements of Z_n; row differences are each a
# permutation of Z_n). Keyed by the order n; each entry notes its source.
DIFFERENCE_MATRICES: dict[int, tuple[str, list[list[int]]]] = {}


def prime_power_factors(n: int) -> list[int]:
    """The prime powers q exactly dividing n (12 -> [4, 3]); [] for n < 2."""
    factors = []
    p = 2
    while n > 1 and p * p <= n:
        if n % p == 0:
            q = 1
            while n % p == 0:
                n //= p
                q *= p
            factors.append(q)
        p += 1
    if n > 1:
        factors.append(n)
    return factors


def _field_squares(q: int) -> list[Square]:
    # A late import: constructions imports this module for its transversal designs.
    from roundtable.domain.groups.constructions import field_tables  # noqa: PLC0415

    tables = field_tables(q)
    assert tables is not None  # noqa: S101 - only called for prime powers
    add, mul = tables
    return [[[add[mul[a][i]][j] for j in range(q)] for i in range(q)] for a in range(1, q)]


def _product(first: list[Square], second: list[Square]) -> list[Square]:
    m, n = len(first[0]), len(second[0])
    return [
        [[a[i // n][j // n] * n + b[i % n][j % n] for j in range(m * n)] for i in range(m * n)]
        for a, b in zip(first, second, strict=False)
    ]


def _from_difference_matrix(n: int, rows: list[list[int]]) -> list[Square]:
    # Over Z_n: square r has cell (x, y) = x + D[r][y] - D[0][y] (row 0 made the zero row).
    return [
        [[(x + row[y] - rows[0][y]) % n for y in range(n)] for x in range(n)] for row in rows[1:]
    ]


def mols_count(n: int) -> int:
    """How many MOLS of order n this module builds (a lower bound on N(n); 0 for n < 2)."""
    if n < 2:
        return 0
    factors = prime_power_factors(n)
    count = min(q - 1 for q in factors)
    if n in DIFFERENCE_MATRICES:
        count = max(count, len(DIFFERENCE_MATRICES[n][1]) - 1)
    return count


@functools.lru_cache(maxsize=32)
def mols(n: int, count: int) -> tuple[tuple[tuple[int, ...], ...], ...] | None:
    """``count`` MOLS of order n (as tuples), or None when this module cannot build that many."""
    if count < 1 or mols_count(n) < count:
        return None
    squares: list[Square]
    if n in DIFFERENCE_MATRICES and len(DIFFERENCE_MATRICES[n][1]) - 1 >= count:
        squares = _from_difference_matrix(n, DIFFERENCE_MATRICES[n][1])
    else:
        factors = prime_power_factors(n)
        squares = _field_squares(factors[0])[:count]
        for q in factors[1:]:
            squares = _product(squares, _field_squares(q)[:count])
    return tuple(tuple(tuple(row) for row in square) for square in squares[:count])


def resolvable_transversal(n: int, k: int) -> Schedule | None:
    """RTD(k, n) from k - 1 MOLS of order n: n rounds of n groups of k (player x * n + s is
    symbol s of column x), or None when this module has too few MOLS of order n.

    Round i, group j holds column 0's player j and column c's player L_c[i][j]: within a round
    every column's symbols occur once (a row of a Latin square is a permutation), and two
    players of different columns share the one cell where their symbols meet (orthogonality).
    """
    if k < 2 or n < 2:
        return None
    squares = mols(n, k - 1)
    if squares is None:
        return None
    return [
        [[j] + [c * n + squares[c - 1][i][j] for c in range(1, k)] for j in range(n)]
        for i in range(n)
    ]
