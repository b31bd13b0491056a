"""Schedules built from combinatorial designs, each keyed by the condition under which it works.

Every function returns rounds of groups over players 0..n-1 with no pair meeting twice, or
``None`` (or fewer rounds) when its condition does not hold. ``best_construction`` tries them all.

- ``round_robin``: groups of 2, n even: the circle method, n - 1 rounds (a 1-factorisation of K_n).
- ``transversal``: g groups of p with p <= g. Over the field GF(g) when g is a prime power (the
  lines of the affine plane of order g restricted to p parallel "columns": a resolvable
  transversal design, g rounds), else from p - 1 MOLS of order g (``mols.py``: direct
  products, difference matrices; g rounds) when they can be built, else over Z_g with as many
  multipliers as stay orthogonal (a Latin-square style construction: rows, then diagonals).
  When p divides g, the columns themselves are split by a smaller schedule, adding its
  rounds. With g == p a prime power this is the affine plane of order p (p + 1 rounds);
  9 groups of 3 give the Kirkman system KTS(27).
- ``cyclic``: a 1-rotational / cyclic design found by search: players are k copies of Z_m plus
  f fixed players, one base round is found in which every orbit of pairs under Z_m occurs at
  most once, and the m translates of it are m rounds without a repeat. This finds Kirkman
  triple systems (15 = 2 x 7 + 1), nearly Kirkman systems (24 = 2 x 11 + 2) and resolvable
  designs such as 28 = 3 x 9 + 1 in groups of 4 within a fraction of a second.
"""

import functools
import random
import time
from collections.abc import Callable

from roundtable.domain.groups import found_designs, mols
from roundtable.domain.groups.schedule import Schedule

# Search work, in nodes of the depth-first searches (150,000 to 1,000,000 a second on one core of
# the 2-core VM when it is quiet). Fixed budgets, not seconds: the same request and seed give
# the same design on a quiet or a busy machine; a deadline can only stop a search earlier.
CYCLIC_WORK = 4_000_000
ROTATIONAL_WORK = 2_000_000
COLUMN_WORK = 200_000


def round_robin(people: int) -> Schedule | None:
    """n - 1 rounds of pairs in which everyone meets everyone once (n even), else None."""
    if people < 2 or people % 2:
        return None
    others = list(range(1, people))
    rounds: Schedule = []
    for _ in range(people - 1):
        line = [0, *others]
        rounds.append([[line[i], line[people - 1 - i]] for i in range(people // 2)])
        others = others[-1:] + others[:-1]
    return rounds


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, e) with q == p**e and p prime, or None."""
    if q < 2:
        return None
    for p in range(2, q + 1):
        if q % p == 0:
            e, rest = 0, q
            while rest % p == 0:
                rest //= p
                e += 1
            return (p, e) if rest == 1 else None
    return None


def field_tables(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q) on 0..q-1 (q a prime power), else None.

    An element is the base-p digits of its number: coefficients of a polynomial over Z_p,
    multiplied modulo the first irreducible monic polynomial of degree e found by trying them.
    """
    found = prime_power(q)
    if found is None:
        return None
    p, e = found

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(e)]

    def number(coefficients: list[int]) -> int:
        return sum(c * p**i for i, c in enumerate(coefficients))

    def poly_mul(a: list[int], b: list[int], modulus: list[int]) -> list[int]:
        product = [0] * (2 * e)
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                product[i + j] = (product[i + j] + x * y) % p
        # Reduce with the monic modulus x^e + sum(modulus[i] x^i).
        for degree in range(2 * e - 1, e - 1, -1):
            c = product[degree]
            if c:
                product[degree] = 0
                for i in range(e):
                    product[degree - e + i] = (product[degree - e + i] - c * modulus[i]) % p
        return product[:e]

    add = [
        [number([(x + y) % p for x, y in zip(digits(a), digits(b), strict=True)]) for b in range(q)]
        for a in range(q)
    ]
    if e == 1:
        return add, [[(a * b) % p for b in range(q)] for a in range(q)]
    for candidate in range(p**e):
        modulus = digits(candidate)
        if modulus[0] == 0:
            continue
        mul = [
            [number(poly_mul(digits(a), digits(b), modulus)) for b in range(q)] for a in range(q)
        ]
        # A field: every non-zero element has an inverse (no zero divisors).
        if all(any(mul[a][b] == 1 for b in range(1, q)) for a in range(1, q)):
            return add, mul
    return None


def transversal(groups: int, size: int) -> Schedule | None:
    """Rounds from a transversal design on ``size`` columns of ``groups`` rows (size <= groups).

    Player x * groups + y sits in column x, row y. Each round takes one multiplier m and puts
    together the players (x, m*x + c) for each c: two players in different columns meet in at
    most one round as long as the multipliers differ by a non-zero-divisor. None when size > groups.
    """
    g, p = groups, size
    if p > g or p < 2:
        return None
    tables = field_tables(g)
    rounds: Schedule = []
    if tables is not None:
        add, mul = tables
        for m in range(g):
            rounds.append([[x * g + add[mul[m][x]][c] for x in range(p)] for c in range(g)])
    else:
        # From p - 1 MOLS of order g when they can be built (direct products, difference
        # matrices: see mols.py), g rounds; else multipliers over Z_g, as many as stay
        # orthogonal (fewer than g).
        from_mols = mols.resolvable_transversal(g, p)
        if from_mols is not None:
            rounds.extend(from_mols)
        else:
            multipliers: list[int] = []
            for m in range(g):
                if all((m - other) * delta % g for other in multipliers for delta in range(1, p)):
                    multipliers.append(m)
            for m in multipliers:
                rounds.append([[x * g + (m * x + c) % g for x in range(p)] for c in range(g)])
    if g % p == 0:
        for inner_round in _column_schedule(g // p, p):
            rounds.append([[x * g + y for y in group] for x in range(p) for group in inner_round])
    return rounds


@functools.lru_cache(maxsize=64)
def _column_schedule(groups: int, size: int) -> Schedule:
    """Rounds for one column of a transversal design (g/p groups of p): the best direct
    construction, else a 1-rotational or cyclic design reaching the counting bound when one is
    found within ``COLUMN_WORK`` search nodes (small sizes only). With this, KTS(3u) comes from the
    transversal design on 3 columns of Z_u plus a KTS(u) in each column (u = 3 mod 6: 45 from
    15, 63 from 21), the classical tripling construction. Cached: its inputs are few and small.
    """
    rounds = best_construction(groups, size)
    n = groups * size
    bound = (n - 1) // (size - 1) if groups > 1 else 1
    # With fewer groups than places in a group, a second round puts two people of one group of
    # the first round together again: one round is all there is.
    if len(rounds) >= bound or n > 64 or groups < size:
        return rounds
    # Bounded by work, not by the clock, so that the design is the same on a busy machine.
    found = one_rotational(groups, size, float("inf"), work=COLUMN_WORK)
    if found is None:
        found = cyclic(groups, size, bound, float("inf"), work=COLUMN_WORK)
    return found if found is not None and len(found) > len(rounds) else rounds


def _orbit_table(classes: int, modulus: int, fixed: int) -> list[list[int]]:
    """orbit[a][b]: a number for the orbit of pair {a, b} under Z_m, -1 when it cannot be used.

    Player c * m + i is element i of copy c; players from classes * m on are fixed. Pairs of
    fixed players never change, so they can never be together; a pure difference of m/2 has a
    short orbit (it would meet twice) and is not usable either.
    """
    m = modulus
    n = classes * m + fixed
    table = [[-1] * n for _ in range(n)]
    keys: dict[tuple[int, ...], int] = {}
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            key: tuple[int, ...]
            if a >= classes * m and b >= classes * m:
                continue
            if a >= classes * m or b >= classes * m:
                fixed_player, moving = (a, b) if a >= classes * m else (b, a)
                key = (0, fixed_player, moving // m)
            else:
                ca, ia = divmod(a, m)
                cb, ib = divmod(b, m)
                if ca == cb:
                    d = (ib - ia) % m
                    d = min(d, m - d)
                    if 2 * d == m:
                        continue
                    key = (1, ca, d)
                else:
                    if ca > cb:
                        ca, ia, cb, ib = cb, ib, ca, ia
                    key = (2, ca, cb, (ib - ia) % m)
            table[a][b] = keys.setdefault(key, len(keys))
    return table


def cyclic(
    groups: int,
    size: int,
    rounds: int,
    deadline: float,
    seed: int = 0,
    work: int = CYCLIC_WORK,
) -> Schedule | None:
    """``rounds`` rounds without repeats from cyclic base rounds, or None when none is found
    within ``work`` search nodes (over all restarts) or by ``deadline`` (a time.monotonic()
    value), whichever comes first. The work bound makes the answer depend on the request and
    the seed only; the deadline can only stop the search earlier.

    Tries Z_m for m = rounds, rounds + 1, ... with one base round, and for m a divisor of
    ``rounds`` with rounds / m base rounds (Kirkman systems with an even number of rounds, such
    as 21 players in 10 rounds, need this: Z_10 has a short orbit, Z_5 twice works).

    Base rounds that took long to find are kept as data (``found_designs.CYCLIC_BASES``) and
    developed at once, for ``rounds`` up to the rounds they were found for.
    """
    cached = cached_cyclic(groups, size, rounds)
    if cached is not None:
        return cached
    found_bases = cyclic_bases(groups, size, rounds, deadline, seed, work)
    if found_bases is None:
        return None
    m, classes, found = found_bases
    return develop_cyclic(m, classes, found)[:rounds]


def develop_cyclic(modulus: int, classes: int, bases: list[list[list[int]]]) -> Schedule:
    """The rounds of base rounds translated by t = 0..m-1 (players below classes * m move
    within their copy of Z_m, the others are fixed)."""
    m = modulus
    return [
        [
            [
                (player // m) * m + (player % m + t) % m if player < classes * m else player
                for player in group
            ]
            for group in base
        ]
        for base in bases
        for t in range(m)
    ]


def cached_cyclic(groups: int, size: int, rounds: int) -> Schedule | None:
    """The rounds of a cyclic design kept as data for at least ``rounds`` rounds, else None."""
    best = None
    for (g, p, w), (m, classes, bases) in found_designs.CYCLIC_BASES.items():
        if (g, p) == (groups, size) and w >= rounds and (best is None or w < best[0]):
            best = (w, m, classes, bases)
    if best is None:
        return None
    return develop_cyclic(best[1], best[2], best[3])[:rounds]


def cyclic_bases(
    groups: int, size: int, rounds: int, deadline: float, seed: int, work: int
) -> tuple[int, int, list[list[list[int]]]] | None:
    """(m, classes, base rounds) found by the search ``cyclic`` describes, or None."""
    n = groups * size
    rng = random.Random(seed)  # noqa: S311 - a seed for reproducible group search, not a secret
    pairs_per_round = groups * size * (size - 1) // 2
    options = []
    single = 0
    divisors = [m for m in range(rounds - 1, 2, -1) if rounds % m == 0]
    for m in [*range(max(rounds, 2), n + 1), *divisors]:
        bases = 1 if m >= rounds else rounds // m
        classes, fixed = divmod(n, m)
        if classes == 0 or fixed > groups or (bases == 1 and single == 3):
            continue
        table = _orbit_table(classes, m, fixed)
        orbit_count = 1 + max(max(row) for row in table)
        if orbit_count < pairs_per_round * bases:
            continue
        options.append((m, bases, classes, fixed, table))
        single += bases == 1
    if not options:
        return None
    budget = 2000
    spent = [0]
    while spent[0] < work and time.monotonic() < deadline:
        for m, bases, classes, fixed, table in options:
            used = [False] * (1 + max(max(row) for row in table))
            found = []
            for _ in range(bases):
                base = _base_round(
                    groups,
                    size,
                    classes * m,
                    fixed,
                    table,
                    used,
                    rng,
                    min(budget, work - spent[0]),
                    deadline,
                    spent,
                )
                if base is None:
                    break
                found.append(base)
            else:
                return m, classes, found
            if spent[0] >= work or time.monotonic() >= deadline:
                break
        budget = budget * 3 // 2
    return None


def _base_round(
    groups: int,
    size: int,
    moving: int,
    fixed: int,
    table: list[list[int]],
    used: list[bool],
    rng: random.Random,
    budget: int,
    deadline: float = float("inf"),
    spent: list[int] | None = None,
) -> list[list[int]] | None:
    """A partition of the players into groups in which no orbit number repeats (depth-first,
    random order, at most ``budget`` nodes), or None. ``used`` marks the orbits already taken
    (by earlier base rounds); the orbits this round takes are marked in it on success only.
    The nodes visited are added to ``spent[0]``.

    The fixed players open the first groups; those are completed first, then each new group
    opens with the first unplaced player in a random order (every partition is reachable).
    """
    n = moving + fixed
    placed = [False] * n
    result: list[list[int]] = [[moving + j] for j in range(fixed)]
    for j in range(fixed):
        placed[moving + j] = True
    nodes = 0
    order = list(range(moving))
    rng.shuffle(order)
    position = {player: index for index, player in enumerate(order)}

    def extend(group: list[int], start: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes & 4095 == 0 and time.monotonic() > deadline:
            nodes = budget + 1
        if nodes > budget:
            return False
        if len(group) == size:
            return next_group()
        for index in range(start, moving):
            player = order[index]
            if placed[player]:
                continue
            orbits = [table[player][member] for member in group]
            if any(o < 0 or used[o] for o in orbits) or len(set(orbits)) < len(orbits):
                continue
            for o in orbits:
                used[o] = True
            placed[player] = True
            group.append(player)
            if extend(group, index + 1):
                return True
            group.pop()
            placed[player] = False
            for o in orbits:
                used[o] = False
            if nodes > budget:
                return False
        return False

    def next_group() -> bool:
        for group in result:
            if len(group) < size:
                # A group opened by a fixed player takes its members in any order position.
                return extend(group, 0)
        if len(result) == groups:
            return True
        for player in order:
            if not placed[player]:
                placed[player] = True
                group = [player]
                result.append(group)
                if extend(group, position[player] + 1):
                    return True
                result.pop()
                placed[player] = False
                return False
        return False

    found = next_group()
    if spent is not None:
        spent[0] += min(nodes, budget)
    return result if found else None


BUILDERS: list[tuple[str, Callable[[int, int], Schedule | None]]] = [
    ("round robin (1-factorisation)", lambda g, p: round_robin(g * p) if p == 2 else None),
    ("transversal design / affine plane", transversal),
]


def best_construction(groups: int, size: int) -> Schedule:
    """The most rounds any direct construction gives for g groups of p (possibly none)."""
    return best_named_construction(groups, size)[1]


def best_named_construction(groups: int, size: int) -> tuple[str, Schedule]:
    """(name, rounds) of the direct construction giving the most rounds; one round at least
    (everyone in consecutive groups) when none applies."""
    best: tuple[str, Schedule] = (
        "single round",
        [[list(range(i * size, (i + 1) * size)) for i in range(groups)]],
    )
    for name, builder in BUILDERS:
        rounds = builder(groups, size)
        if rounds is not None and len(rounds) > len(best[1]):
            best = (name, rounds)
    return best


def one_rotational(
    groups: int, size: int, deadline: float, seed: int = 0, work: int = ROTATIONAL_WORK
) -> Schedule | None:
    """A 1-rotational resolvable design over Z_(n-1): every pair meets once, in t rounds, where
    n = g * k and n - 1 = (k - 1) * t with t = 1 (mod k); None when the sizes do not fit or no
    base blocks are found within ``work`` search nodes (over all restarts) or by ``deadline``
    (a time.monotonic() value), whichever comes first.

    Players are Z_(n-1) and one fixed player (number n - 1, "infinity"). H = {0, t, 2t, ...} is
    the subgroup of order k - 1. Round 0 is {infinity} + H and the translates B + h (h in H) of
    s = (t - 1) / k base blocks B; round j is round 0 moved by j (j = 0..t-1; moving by t gives
    round 0 again). Round 0 is a partition exactly when the base blocks' elements reduced mod t
    are the non-zero residues, once each; no pair meets twice exactly when the differences of
    the base blocks are distinct and avoid H (the differences within H are met by the round's
    first group). The base blocks are found by depth-first search: each block opens with the
    smallest unused residue (a translate by h lies in the same round, so its lift is fixed) and
    takes its other members among the lifts of the unused residues.

    This covers Kirkman triple systems of order 6s + 3 (k = 3), resolvable 2-(12s + 4, 4, 1)
    designs (k = 4; 40 in groups of 4 for 13 rounds), affine planes (k = q, t = q + 1) and the
    round robin (k = 2), whenever such base blocks exist, which a search finds in well under a
    second for the sizes people meet in (see docs/groups.md).
    """
    n, k = groups * size, size
    if k < 2 or (n - 1) % (k - 1):
        return None
    t = (n - 1) // (k - 1)
    if t % k != 1 or t < 2:
        return None
    if k == 3 and n % 24 not in (3, 9):
        # A Kirkman triple system 1-rotational over the cyclic group exists only for n = 3 or
        # 9 (mod 24) (Buratti & Zuanni): 15, 21, 39, 45 ... need another construction. The
        # search proves it quickly for 15 and 21 but would spend its time in vain on 39.
        return None
    modulus = n - 1
    subgroup = [h * t for h in range(k - 1)]
    forbidden = {(a - b) % modulus for a in subgroup for b in subgroup}
    rng = random.Random(seed)  # noqa: S311 - a seed for reproducible group search, not a secret
    budget = 20000
    spent = [0]
    while spent[0] < work and time.monotonic() < deadline:
        blocks = _rotational_blocks(
            t, k, modulus, subgroup, forbidden, rng, min(budget, work - spent[0]), deadline, spent
        )
        if blocks == []:
            return None  # the search was complete: no such base blocks exist
        if blocks is not None:
            break
        budget = budget * 3 // 2
    else:
        return None
    infinity = n - 1
    first_round = [[infinity, *subgroup]] + [
        [(x + h) % modulus for x in block] for block in blocks for h in subgroup
    ]
    return [
        [[p if p == infinity else (p + j) % modulus for p in group] for group in first_round]
        for j in range(t)
    ]


class _Exhausted(Exception):
    """The node budget or the deadline ran out."""


def _rotational_blocks(
    t: int,
    k: int,
    modulus: int,
    subgroup: list[int],
    forbidden: set[int],
    rng: random.Random,
    budget: int,
    deadline: float,
    spent: list[int],
) -> list[list[int]] | None:
    """Base blocks for ``one_rotational`` by depth-first search in a random residue order,
    at most ``budget`` nodes (added to ``spent[0]``); None when not found within it, [] when
    the whole search space was seen (every residue order explores the same space: none exist)."""
    order = list(range(1, t))
    rng.shuffle(order)
    used_residue = [False] * t
    used_residue[0] = True
    used_difference = [False] * modulus
    for d in forbidden:
        used_difference[d] = True
    blocks: list[list[int]] = []
    nodes = 0

    def differences(block: list[int], x: int) -> list[int] | None:
        found = []
        for y in block:
            for d in ((x - y) % modulus, (y - x) % modulus):
                if used_difference[d] or d in found:
                    return None
                found.append(d)
        return found

    def extend(block: list[int], start: int) -> bool:
        # ``start``: position in ``order`` after the block's last residue.
        nonlocal nodes
        nodes += 1
        if nodes > budget or (nodes & 1023 == 0 and time.monotonic() > deadline):
            raise _Exhausted
        if len(block) == k:
            blocks.append(block[:])
            if open_block():
                return True
            blocks.pop()
            return False
        places = [i for i in range(start, t - 1) if not used_residue[order[i]]]
        if len(places) < k - len(block):
            return False
        for place in places:
            r = order[place]
            lifts = [r + h for h in subgroup]
            rng.shuffle(lifts)
            for x in lifts:
                found = differences(block, x)
                if found is None:
                    continue
                for d in found:
                    used_difference[d] = True
                used_residue[r] = True
                block.append(x)
                if extend(block, place + 1):
                    return True
                block.pop()
                used_residue[r] = False
                for d in found:
                    used_difference[d] = False
        return False

    def open_block() -> bool:
        place = next((i for i in range(t - 1) if not used_residue[order[i]]), None)
        if place is None:
            return True
        first = order[place]
        used_residue[first] = True
        if extend([first], place + 1):
            return True
        used_residue[first] = False
        return False

    try:
        return blocks if open_block() else []
    except _Exhausted:
        return None
    finally:
        spent[0] += min(nodes, budget)
