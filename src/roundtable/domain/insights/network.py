"""The community's relationship network: who is tied to whom, since when, and who is left out.

A **tie** is one occasion on which two members could have spoken to each other (see
:class:`Tie`); a **connection** is a pair of members with at least one tie. Ties come from
breakout encounters, coffee-chat pairs, small live sessions and replies or mentions in imported
conversations. The network of a period is undirected and unweighted: two members are connected
in it when they have at least one tie on a day of the period.

- :func:`live_session_ties`: everyone in a live session with at most ``LIVE_TIE_MAX_MEMBERS``
  members is tied to everyone else in it; a larger session ties nobody (sitting in the same
  webinar as 200 people is no relationship).
- :func:`new_connections_by_month`: for each month, the pairs whose **first tie ever** falls in
  it (a pair counts once, in the month of its first tie; ties before the period count, so a
  pair first tied before the period is never new in it).
- :func:`isolates`: the members with no tie on any day of the period.
- :func:`group_mixing`: for each two groups *g*, *h* (countries, regions), the connections
  observed between them against what random mixing would give::

      possible(g, h) = n_g × n_h             (g ≠ h)
                     = n_g × (n_g − 1) / 2   (g = h)
      possible       = N × (N − 1) / 2       (N = n_1 + n_2 + …)
      expected(g, h) = connections × possible(g, h) / possible

  where ``connections`` counts the period's connections between members who have a group.
  Two groups **never meet** when they have no connection though random mixing would give them
  at least one (``expected >= 1``). With groups that overlap (segments: a member may be in
  several), :func:`overlapping_mixing` counts a connection for every two groups its ends
  belong to (once per pair of groups) and the possible pairs of two groups *g*, *h* sharing
  ``n_gh`` members are the unordered pairs of two members with one in each::

      possible(g, h) = n_g × n_h − n_gh − n_gh × (n_gh − 1) / 2

  which is the formula above when no member is in both (``n_gh = 0``, or ``g = h`` where
  ``n_gh = n_g``). The expected figures then add up to more than the connections, as a
  connection between two groups can be one within a third.
- :func:`bridges`: betweenness centrality (the share of shortest paths between two other
  members that run through a member). A high betweenness is a member through whom otherwise
  distant parts of the community reach each other: the person whose absence splits it. Burt's
  constraint measures brokerage too, but only among a member's own contacts, and is undefined
  for members with one contact; betweenness ranks across the whole network. It costs one
  breadth-first search per source member, each about ``members + connections`` steps: while
  ``members × (members + connections)`` stays within ``BETWEENNESS_BUDGET`` every member is a
  source (exact); above, it is estimated from ``BETWEENNESS_BUDGET // (members + connections)``
  sources (at least ``BETWEENNESS_MIN_SAMPLE``) picked with a fixed seed (networkx's ``k=``), so
  the same data always give the same ranking and a large network answers in a second or two.
- :func:`network_layout`: positions for a drawing, from networkx's spring layout with a fixed
  seed, each connected part in a box of its own sized by its members, scaled to 0…1; at most
  ``DRAWN_MAX`` members are drawn (the most connected ones).
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations
from typing import NamedTuple

import networkx as nx

from roundtable.domain.insights.calendar_months import month_of

BREAKOUT, COFFEE_CHAT, LIVE, CONVERSATION = "breakout", "coffee_chat", "live", "conversation"
SOURCES = (BREAKOUT, COFFEE_CHAT, LIVE, CONVERSATION)
LIVE_TIE_MAX_MEMBERS = 12
# Search steps: networkx does 0.5 to 1.5 million a second in pure Python (2 shared cores,
# measured busy and idle), so one to two seconds for the page.
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_MIN_SAMPLE = 10
DRAWN_MAX = 300
SEED = 7

Pair = tuple[int, int]


class Tie(NamedTuple):
    """Members ``member_a`` and ``member_b`` (any order) were together on the day ``on``:
    in a small group (``"breakout"``), a coffee chat, a small live session, or one answered or
    mentioned the other (``"conversation"``)."""

    member_a: int
    member_b: int
    on: date
    source: str


def pair_of(member_a: int, member_b: int) -> Pair:
    """The pair of two members, lower id first."""
    return (member_a, member_b) if member_a < member_b else (member_b, member_a)


def live_session_ties(member_ids: Iterable[int], *, on: date) -> list[Tie]:
    """The ties of one live session on the day ``on``: every two of its distinct members, when
    it had at most ``LIVE_TIE_MAX_MEMBERS`` of them; none for a larger session."""
    members = sorted(set(member_ids))
    if len(members) > LIVE_TIE_MAX_MEMBERS:
        return []
    return [Tie(a, b, on, LIVE) for a, b in combinations(members, 2)]


def group_ties(member_ids: Iterable[int], *, on: date, source: str) -> list[Tie]:
    """Every two distinct members of one group (a coffee-chat pair or trio)."""
    members = sorted(set(member_ids))
    return [Tie(a, b, on, source) for a, b in combinations(members, 2)]


def first_ties(ties: Iterable[Tie]) -> dict[Pair, date]:
    """Each connected pair with the day of its first tie. Ties of a member with themself are
    left out."""
    first: dict[Pair, date] = {}
    for member_a, member_b, on, _source in ties:
        if member_a == member_b:
            continue
        key = pair_of(member_a, member_b)
        if key not in first or on < first[key]:
            first[key] = on
    return first


class MonthConnections(NamedTuple):
    month: date  # the month's first day
    new: int  # pairs whose first tie ever falls in the month


def new_connections_by_month(ties: Iterable[Tie], months: Sequence[date]) -> list[MonthConnections]:
    """For each of ``months`` (first days), the pairs whose first tie ever is in that month."""
    by_month = Counter(month_of(on) for on in first_ties(ties).values())
    return [MonthConnections(month, by_month.get(month, 0)) for month in months]


def connections_between(ties: Iterable[Tie], *, start: date, end: date) -> set[Pair]:
    """The pairs with at least one tie on a day from ``start`` to ``end`` (both included)."""
    return {pair_of(a, b) for a, b, on, _source in ties if a != b and start <= on <= end}


def isolates(member_ids: Iterable[int], connections: Iterable[Pair]) -> list[int]:
    """The members (of ``member_ids``) in none of ``connections``, in id order."""
    connected = {member for pair in connections for member in pair}
    return sorted(set(member_ids) - connected)


class GroupMixing(NamedTuple):
    group_a: str  # group_a <= group_b
    group_b: str
    observed: int
    expected: float
    never_meet: bool


def group_mixing(groups: Mapping[int, str], connections: Iterable[Pair]) -> list[GroupMixing]:
    """Observed and expected connections for every two groups (a group with itself included),
    ``groups`` giving each member's group; connections with a member outside ``groups`` are
    left out. Rows in group order; nothing for fewer than two members."""
    return overlapping_mixing({member: (group,) for member, group in groups.items()}, connections)


def overlapping_mixing(
    groups: Mapping[int, Collection[str]], connections: Iterable[Pair]
) -> list[GroupMixing]:
    """:func:`group_mixing` for groups that may overlap: ``groups`` gives each member the
    groups they are in (none for some); every member listed counts in the possible pairs, and
    connections with a member not listed are left out."""
    sizes: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()  # members in both of two different groups
    for member_groups in groups.values():
        names = sorted(set(member_groups))
        sizes.update(names)
        for index, g in enumerate(names):
            for h in names[index + 1 :]:
                shared[(g, h)] += 1
    total_members = len(groups)
    possible_all = total_members * (total_members - 1) / 2
    observed: Counter[tuple[str, str]] = Counter()
    total = 0
    for a, b in connections:
        if a in groups and b in groups:
            total += 1
            observed.update(
                {tuple(sorted((g, h))) for g in groups[a] for h in groups[b]}  # type: ignore[misc]
            )
    rows = []
    names = sorted(sizes)
    for index, g in enumerate(names):
        for h in names[index:]:
            both = sizes[g] if g == h else shared[(g, h)]
            possible = sizes[g] * sizes[h] - both - both * (both - 1) / 2
            if not possible_all or not possible:
                continue
            expected = total * possible / possible_all
            seen = observed.get((g, h), 0)
            rows.append(GroupMixing(g, h, seen, expected, seen == 0 and expected >= 1))
    return rows


def network_graph(member_ids: Iterable[int], connections: Iterable[Pair]) -> "nx.Graph[int]":
    """The undirected graph of the members and their connections."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(member_ids)
    graph.add_edges_from(connections)
    return graph


def betweenness_sample(members: int, connections: int) -> int | None:
    """How many source members estimate the betweenness of a network this size: None (all of
    them, exact) while ``members × (members + connections)`` is within the budget."""
    steps = members + connections
    if members * steps <= BETWEENNESS_BUDGET:
        return None
    return min(members, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // steps))


class Bridge(NamedTuple):
    member_id: int
    betweenness: float  # normalised: the share of the other pairs' shortest paths, 0…1
    connections: int


def bridges(graph: "nx.Graph[int]", *, limit: int = 10) -> list[Bridge]:
    """The ``limit`` members with the highest betweenness above 0, highest first (ties broken
    by member id): exact within ``BETWEENNESS_BUDGET``, estimated from a fixed-seed sample of
    sources above (see :func:`betweenness_sample`)."""
    if graph.number_of_edges() == 0:
        return []
    sample = betweenness_sample(graph.number_of_nodes(), graph.number_of_edges())
    centrality = nx.betweenness_centrality(graph, k=sample, seed=SEED, normalized=True)
    ranked = sorted(
        ((member, value) for member, value in centrality.items() if value > 0),
        key=lambda item: (-item[1], item[0]),
    )
    return [Bridge(member, value, graph.degree[member]) for member, value in ranked[:limit]]


class Position(NamedTuple):
    member_id: int
    x: float  # 0…1, left to right
    y: float  # 0…1, top to bottom


class Layout(NamedTuple):
    positions: list[Position]
    edges: list[Pair]  # between drawn members only
    connected: int  # members with at least one connection; more than drawn when sampled


def _component_boxes(sizes: list[int], aspect: float) -> list[tuple[float, float, float]]:
    """Shelf packing: for components of ``sizes`` (largest first), a square box each (left,
    top, side), side the square root of its size, laid left to right in rows about
    ``aspect`` times as wide as the whole is tall."""
    sides = [math.sqrt(size) for size in sizes]
    width = max(sides[0], math.sqrt(sum(side * side for side in sides) * aspect))
    boxes = []
    left = top = row_height = 0.0
    for side in sides:
        if left > 0 and left + side > width:
            left, top, row_height = 0.0, top + row_height, 0.0
        boxes.append((left, top, side))
        left += side
        row_height = max(row_height, side)
    return boxes


def _spring_in_unit_square(part: "nx.Graph[int]") -> dict[int, tuple[float, float]]:
    """The spring layout of one connected part, stretched to fill 0…1 both ways; a member
    alone (whose contacts are not drawn) sits in the middle."""
    if part.number_of_nodes() == 1:
        return dict.fromkeys(part.nodes, (0.5, 0.5))
    spring = nx.spring_layout(part, seed=SEED)
    xs = [float(spring[m][0]) for m in part.nodes]
    ys = [float(spring[m][1]) for m in part.nodes]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        m: ((float(spring[m][0]) - min(xs)) / span_x, (float(spring[m][1]) - min(ys)) / span_y)
        for m in sorted(part.nodes)
    }


def network_layout(
    graph: "nx.Graph[int]", *, limit: int = DRAWN_MAX, aspect: float = 1.5
) -> Layout:
    """Positions of the connected members for a drawing ``aspect`` times as wide as it is tall
    (isolates are listed, not drawn). Above ``limit`` connected members, only the ``limit`` with
    the most connections are drawn (ties broken by id).

    Each connected part of the network is laid out on its own by the spring layout (fixed
    seed: the same network is always drawn the same way) in a square box whose area follows
    its number of members, the largest first, so that a crowd of pairs does not push the main
    part into a corner. Positions are scaled to 0…1 across and down.
    """
    connected = sorted(member for member in graph.nodes if graph.degree[member] > 0)
    drawn = sorted(connected, key=lambda member: (-graph.degree[member], member))[:limit]
    if not drawn:
        return Layout([], [], 0)
    sub = graph.subgraph(drawn)
    parts = sorted(
        (sorted(part) for part in nx.connected_components(sub)), key=lambda p: (-len(p), p[0])
    )
    boxes = _component_boxes([len(part) for part in parts], aspect)
    raw: dict[int, tuple[float, float]] = {}
    for part, (left, top, side) in zip(parts, boxes, strict=True):
        for member, (fx, fy) in _spring_in_unit_square(sub.subgraph(part)).items():
            # Inside the box, a tenth of it as margin on each side.
            raw[member] = (left + side * (0.1 + 0.8 * fx), top + side * (0.1 + 0.8 * fy))
    low_x = min(x for x, _y in raw.values())
    low_y = min(y for _x, y in raw.values())
    span_x = (max(x for x, _y in raw.values()) - low_x) or 1.0
    span_y = (max(y for _x, y in raw.values()) - low_y) or 1.0
    single = len(raw) == 1
    positions = [
        Position(
            member,
            0.5 if single else (raw[member][0] - low_x) / span_x,
            0.5 if single else (raw[member][1] - low_y) / span_y,
        )
        for member in sorted(drawn)
    ]
    edges = sorted(pair_of(a, b) for a, b in sub.edges)
    return Layout(positions, edges, len(connected))
