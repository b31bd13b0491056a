"""Coffee-chat pairs: maximum-weight matching that avoids past pairs and explains each pair.

Each opted-in person has working hours (UTC, may wrap past midnight), needs and expertise (tag
names). A pair scores ``BASE`` (any new pair is worth having), plus ``PER_HOUR`` per hour of
shared working time, plus ``PER_MATCH`` for every need of one that the other's expertise
covers. Pairs who met before are not candidates. The pairs are a maximum-weight matching
(networkx, with maximum cardinality: as many people paired as possible) over candidate pairs;
people left over (an odd count, or no new partner available) are paired among themselves and a
last one joins the pair it fits best, making one trio.

Scale: all pairs of 5,000 people are 12.5 million candidates, and the exact blossom algorithm
in networkx takes about 40 s on 5,000 people even on a sparse graph. So candidates are the
people of similar hours and the experts for one's needs, and above ``BLOCK`` people the
matching is solved exactly within blocks of people of similar working hours (where the good
pairs are) and once more over everyone left unmatched.
"""

import random
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, field

import networkx as nx

BASE = 1.0
PER_HOUR = 0.5
PER_MATCH = 2.0
BLOCK = 150
NEIGHBOURS = 10
EXPERTS_PER_NEED = 4
RANDOM_CANDIDATES = 3


@dataclass(frozen=True)
class PairingPerson:
    """One opted-in person: ``key`` (any hashable id), working hours as (start, end) in UTC
    hours 0-24 (end < start wraps past midnight), and needs and expertise as tag names."""

    key: Hashable
    hours_utc: tuple[float, float] = (9.0, 17.0)
    needs: frozenset[str] = field(default_factory=frozenset)
    expertise: frozenset[str] = field(default_factory=frozenset)
    name: str = ""


@dataclass(frozen=True)
class Pair:
    """Two people (three for the one trio) and the reasons they were matched."""

    keys: tuple[Hashable, ...]
    reasons: tuple[str, ...]
    score: float


def _segments(hours: tuple[float, float]) -> list[tuple[float, float]]:
    start, end = hours[0] % 24, hours[1] % 24
    if start == end:
        return [(0.0, 24.0)] if hours[0] != hours[1] else []
    return [(start, end)] if start < end else [(start, 24.0), (0.0, end)]


def hours_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Hours of the day both intervals share (UTC, wrapping past midnight)."""
    return sum(
        max(0.0, min(e1, e2) - max(s1, s2)) for s1, e1 in _segments(a) for s2, e2 in _segments(b)
    )


def _label(person: PairingPerson) -> str:
    return person.name or str(person.key)


def pair_score(a: PairingPerson, b: PairingPerson) -> tuple[float, list[str]]:
    """(score, reasons) for pairing a with b, whether or not they met before."""
    reasons = []
    score = BASE
    overlap = hours_overlap(a.hours_utc, b.hours_utc)
    if overlap > 0:
        score += PER_HOUR * overlap
        reasons.append(f"their working hours overlap by {overlap:g} h")
    else:
        reasons.append("their working hours do not overlap: find a time outside them")
    for need in sorted(a.needs & b.expertise):
        score += PER_MATCH
        reasons.append(f"{_label(a)} needs “{need}”, which {_label(b)} knows")
    for need in sorted(b.needs & a.expertise):
        score += PER_MATCH
        reasons.append(f"{_label(b)} needs “{need}”, which {_label(a)} knows")
    return score, reasons


def pair_people(
    people: Sequence[PairingPerson],
    past_pairs: Collection[tuple[Hashable, Hashable]] = (),
    *,
    seed: int = 0,
) -> list[Pair]:
    """Pairs for one coffee-chat round: everyone in exactly one pair (one trio if odd).

    ``past_pairs`` are pairs of keys who met before (in either order); they are paired again
    only when nobody new is left for them, and the reasons say so. Needs 2 people at least;
    keys must be distinct (ValueError otherwise).
    """
    if len(people) < 2:
        raise ValueError(f"pairing needs at least 2 people, got {len(people)}")
    keys = [person.key for person in people]
    if len(set(keys)) != len(keys):
        raise ValueError("pairing: a person is listed twice")
    index = {key: i for i, key in enumerate(keys)}
    met: set[tuple[int, int]] = set()
    for a, b in past_pairs:
        if a in index and b in index:
            i, j = index[a], index[b]
            met.add((min(i, j), max(i, j)))
    rng = random.Random(seed)  # noqa: S311 - a seed for reproducible group search, not a secret
    order = sorted(range(len(people)), key=lambda i: (people[i].hours_utc[0] % 24, i))
    blocks = [order[i : i + BLOCK] for i in range(0, len(order), BLOCK)]
    # A last small block joins the one before it so that no block is tiny.
    if len(blocks) > 1 and len(blocks[-1]) < BLOCK // 2:
        blocks[-2].extend(blocks.pop())
    matched: list[tuple[int, int]] = []
    left: list[int] = []
    for block in blocks:
        pairs, rest = _match(block, people, met, rng)
        matched.extend(pairs)
        left.extend(rest)
    if len(left) > 1 and len(blocks) > 1:
        pairs, left = _match(left, people, met, rng, everyone=True)
        matched.extend(pairs)
    return _finish(matched, left, people, met)


def _candidates(
    block: Sequence[int],
    people: Sequence[PairingPerson],
    met: set[tuple[int, int]],
    rng: random.Random,
    everyone: bool,
) -> set[tuple[int, int]]:
    """Pairs worth considering in a block: hour neighbours, experts for a need, a few random."""
    found: set[tuple[int, int]] = set()

    def consider(i: int, j: int) -> None:
        if i != j:
            key = (min(i, j), max(i, j))
            if key not in met:
                found.add(key)

    if everyone or len(block) <= 2 * NEIGHBOURS + 20:
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                consider(i, j)
        return found
    for x, i in enumerate(block):
        for j in block[x + 1 : x + 1 + NEIGHBOURS]:
            consider(i, j)
        for _ in range(RANDOM_CANDIDATES):
            consider(i, block[rng.randrange(len(block))])
    experts: dict[str, list[int]] = {}
    for i in block:
        for tag in people[i].expertise:
            experts.setdefault(tag, []).append(i)
    for i in block:
        for need in people[i].needs:
            pool = experts.get(need, [])
            for j in pool if len(pool) <= EXPERTS_PER_NEED else rng.sample(pool, EXPERTS_PER_NEED):
                consider(i, j)
    return found


def _match(
    block: Sequence[int],
    people: Sequence[PairingPerson],
    met: set[tuple[int, int]],
    rng: random.Random,
    everyone: bool = False,
) -> tuple[list[tuple[int, int]], list[int]]:
    """(pairs, unmatched) by exact maximum-weight matching over the block's candidates."""
    graph = nx.Graph()
    graph.add_nodes_from(block)
    for i, j in _candidates(block, people, met, rng, everyone):
        # Integer weights keep the blossom algorithm exact and fast.
        graph.add_edge(i, j, weight=round(100 * pair_score(people[i], people[j])[0]))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    pairs = [(min(i, j), max(i, j)) for i, j in matching]
    paired = {i for pair in pairs for i in pair}
    return pairs, [i for i in block if i not in paired]


def _finish(
    matched: list[tuple[int, int]],
    left: list[int],
    people: Sequence[PairingPerson],
    met: set[tuple[int, int]],
) -> list[Pair]:
    """Pair whoever is left (even if they met before), fold a last one into a trio, explain."""
    groups: list[list[int]] = [list(pair) for pair in matched]
    rest = list(left)
    while len(rest) >= 2:
        a = rest.pop(0)
        b = max(rest, key=lambda j: pair_score(people[a], people[j])[0])
        rest.remove(b)
        groups.append([a, b])
    if rest:
        last = rest[0]
        if groups:
            best = max(
                groups,
                key=lambda g: sum(
                    pair_score(people[last], people[m])[0]
                    - (100.0 if (min(last, m), max(last, m)) in met else 0.0)
                    for m in g
                ),
            )
            best.append(last)
        else:
            groups.append([last])
    result = []
    for group in groups:
        reasons: list[str] = []
        score = 0.0
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                value, why = pair_score(people[i], people[j])
                score += value
                if len(group) > 2:
                    why = [f"{_label(people[i])} and {_label(people[j])}: {r}" for r in why]
                if (min(i, j), max(i, j)) in met:
                    why.insert(
                        0,
                        f"{_label(people[i])} and {_label(people[j])} met before: "
                        "nobody new was available",
                    )
                else:
                    why.insert(0, f"{_label(people[i])} and {_label(people[j])} have not met")
                reasons.extend(why)
        if len(group) == 3:
            reasons.insert(0, "an odd number of people: one group of three")
        result.append(
            Pair(keys=tuple(people[i].key for i in group), reasons=tuple(reasons), score=score)
        )
    return result
