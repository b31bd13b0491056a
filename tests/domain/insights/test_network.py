from datetime import date

import pytest

from roundtable.domain.insights import months_between
from roundtable.domain.insights.network import (
    LIVE,
    LIVE_TIE_MAX_MEMBERS,
    Bridge,
    GroupMixing,
    MonthConnections,
    Tie,
    betweenness_sample,
    bridges,
    connections_between,
    first_ties,
    group_mixing,
    isolates,
    live_session_ties,
    network_graph,
    network_layout,
    new_connections_by_month,
    overlapping_mixing,
)
from tests.domain.insights.network_community import REGIONS, TIES

MEMBERS = list(range(1, 13))
JAN, JUN = date(2026, 1, 1), date(2026, 6, 30)
# The period's 16 connections (network_community.py): 1-2 (again in January), 1-3, 2-3, 1-4,
# 4-5, the live session's six, 1-9, 3-9 and the trio's three.
HALF_YEAR = {
    (1, 2), (1, 3), (2, 3), (1, 4), (4, 5),
    (2, 5), (2, 7), (2, 8), (5, 7), (5, 8), (7, 8),
    (1, 9), (3, 9), (9, 10), (9, 11), (10, 11),
}  # fmt: skip


def test_a_small_live_session_ties_everyone_a_large_one_nobody() -> None:
    day = date(2026, 3, 12)

    # Three members (one device counted twice): the three pairs.
    assert live_session_ties([3, 1, 2, 1], on=day) == [
        Tie(1, 2, day, LIVE),
        Tie(1, 3, day, LIVE),
        Tie(2, 3, day, LIVE),
    ]
    # Twelve members: 12 × 11 / 2 = 66 pairs; thirteen: none.
    assert len(live_session_ties(range(LIVE_TIE_MAX_MEMBERS), on=day)) == 66
    assert live_session_ties(range(LIVE_TIE_MAX_MEMBERS + 1), on=day) == []


def test_a_pair_is_new_once_in_the_month_of_its_first_tie() -> None:
    months = list(months_between(JAN, JUN))

    # 1-2 met first in December 2025: not new in January though they met again then.
    # January 1-3, 2-3; February 4-5, 1-4; March the live session's 6 pairs; April 1-9, 3-9;
    # May only 1-3 again (not new); June the trio's 3 pairs.
    assert new_connections_by_month(TIES, months) == [
        MonthConnections(date(2026, 1, 1), 2),
        MonthConnections(date(2026, 2, 1), 2),
        MonthConnections(date(2026, 3, 1), 6),
        MonthConnections(date(2026, 4, 1), 2),
        MonthConnections(date(2026, 5, 1), 0),
        MonthConnections(date(2026, 6, 1), 3),
    ]
    assert first_ties(TIES)[(1, 2)] == date(2025, 12, 20)
    assert first_ties(TIES)[(1, 3)] == date(2026, 1, 10)
    # 9 mentioned 1: the pair is written lower id first.
    assert first_ties(TIES)[(1, 9)] == date(2026, 4, 11)


def test_a_tie_with_oneself_is_no_connection() -> None:
    ties = [Tie(4, 4, date(2026, 1, 1), LIVE)]

    assert first_ties(ties) == {}
    assert connections_between(ties, start=JAN, end=JUN) == set()


def test_connections_and_isolates_of_the_half_year_and_of_march_april() -> None:
    half_year = connections_between(TIES, start=JAN, end=JUN)
    march_april = connections_between(TIES, start=date(2026, 3, 1), end=date(2026, 4, 30))

    assert half_year == HALF_YEAR
    # Only 6 and 12 have no tie at all.
    assert isolates(MEMBERS, half_year) == [6, 12]
    # March and April: the live session (2, 5, 7, 8) and April's 1-9, 3-9.
    assert march_april == {(2, 5), (2, 7), (2, 8), (5, 7), (5, 8), (7, 8), (1, 9), (3, 9)}
    assert isolates(MEMBERS, march_april) == [4, 6, 10, 11, 12]


def test_region_mixing_against_random_mixing() -> None:
    rows = group_mixing(REGIONS, HALF_YEAR)

    # Sizes: Africa 5, Americas 5, Europe 2; N = 12, possible pairs 12 × 11 / 2 = 66.
    # Observed: Africa-Africa 1-2, 1-3, 2-3, 1-4 = 4; Africa-Americas 4-5, 2-5, 2-7, 2-8 = 4;
    # Africa-Europe 1-9, 3-9, 9-11, 10-11 = 4; Americas-Americas 5-7, 5-8, 7-8 = 3;
    # Americas-Europe none; Europe-Europe 9-10 = 1. Total 16.
    # Expected = 16 × possible / 66: Africa-Africa 5 × 4 / 2 = 10 → 160/66; Africa-Americas
    # 5 × 5 = 25 → 400/66; Africa-Europe 10 → 160/66; Americas-Americas 10 → 160/66;
    # Americas-Europe 10 → 160/66; Europe-Europe 1 → 16/66.
    assert rows == [
        GroupMixing("Africa", "Africa", 4, pytest.approx(160 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Africa", "Americas", 4, pytest.approx(400 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Africa", "Europe", 4, pytest.approx(160 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Americas", "Americas", 3, pytest.approx(160 / 66), False),  # type: ignore[arg-type]
        # No connection where 2.4 were expected: the Americas and Europe never meet.
        GroupMixing("Americas", "Europe", 0, pytest.approx(160 / 66), True),  # type: ignore[arg-type]
        # One where 0.24 were expected: more than random, and not "never" either way.
        GroupMixing("Europe", "Europe", 1, pytest.approx(16 / 66), False),  # type: ignore[arg-type]
    ]
    assert sum(row.expected for row in rows) == pytest.approx(16)


def test_mixing_leaves_out_members_without_a_group_and_needs_two_members() -> None:
    # Member 3 has no group: 1-3 and 2-3 leave; 1-2 stays, the only one of 1 possible pair.
    rows = group_mixing({1: "Africa", 2: "Africa"}, {(1, 2), (1, 3), (2, 3)})

    assert rows == [GroupMixing("Africa", "Africa", 1, 1.0, False)]
    assert group_mixing({1: "Africa"}, set()) == []
    # Two groups of one and no connection: 1 possible pair, 0 ties, expected 0: not "never".
    assert group_mixing({1: "Africa", 2: "Europe"}, set()) == [
        GroupMixing("Africa", "Europe", 0, 0.0, False)
    ]


def test_mixing_of_segments_that_overlap() -> None:
    # Newcomers {1, 2, 3, 4}, Utilities {3, 4, 5, 9} (3 and 4 in both), Europe desk
    # {10, 11, 12}; 6, 7, 8 in no segment but counted among the 12 members (66 possible pairs).
    segments = {
        1: ["Newcomers"], 2: ["Newcomers"], 3: ["Newcomers", "Utilities"],
        4: ["Utilities", "Newcomers"], 5: ["Utilities"], 6: [], 7: [], 8: [],
        9: ["Utilities"], 10: ["Europe desk"], 11: ["Europe desk"], 12: ["Europe desk"],
    }  # fmt: skip
    rows = overlapping_mixing(segments, HALF_YEAR)

    # Possible pairs: within a segment of 4, 6; of 3, 3; Newcomers × Europe desk and
    # Utilities × Europe desk 4 × 3 = 12; Newcomers × Utilities 4 × 4 − 2 − 1 = 13 (1 or 2 with
    # 5 or 9: 4; 1 or 2 with 3 or 4: 4; 3 or 4 with 5 or 9: 4; 3 with 4: 1).
    # Observed: Newcomers among themselves 1-2, 1-3, 2-3, 1-4 = 4; Newcomers × Utilities 1-3,
    # 2-3, 1-4, 4-5, 2-5, 1-9, 3-9 = 7; Utilities among themselves 4-5, 3-9 = 2; Europe desk
    # among themselves 10-11 = 1; with Utilities 9-10, 9-11 = 2; with Newcomers none.
    # Expected = 16 connections × possible / 66.
    assert rows == [
        GroupMixing("Europe desk", "Europe desk", 1, pytest.approx(48 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Europe desk", "Newcomers", 0, pytest.approx(192 / 66), True),  # type: ignore[arg-type]
        GroupMixing("Europe desk", "Utilities", 2, pytest.approx(192 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Newcomers", "Newcomers", 4, pytest.approx(96 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Newcomers", "Utilities", 7, pytest.approx(208 / 66), False),  # type: ignore[arg-type]
        GroupMixing("Utilities", "Utilities", 2, pytest.approx(96 / 66), False),  # type: ignore[arg-type]
    ]


def test_bridges_of_the_half_year() -> None:
    graph = network_graph(MEMBERS, HALF_YEAR)

    # Betweenness: for every pair of other members, the share of their shortest paths through
    # the member; normalised by the (12 − 1)(12 − 2)/2 = 55 pairs of others (isolates count).
    # 9 is the only way from 10 and 11 to 1, 2, 3, 4, 5, 7, 8: 2 × 7 = 14 pairs → 14/55.
    # 2: 1→5 (1-2-5 or 1-4-5) 1/2, 1→7 1, 1→8 1, 3→5, 3→7, 3→8 1 each; from each of 9, 10, 11:
    #    to 5 (9-1-2-5, 9-1-4-5, 9-3-2-5) 2/3, to 7 (9-1-2-7, 9-3-2-7) 1, to 8 1 → 8/3 each.
    #    1/2 + 2 + 3 + 8 = 13.5 → 13.5/55.
    # 1: from each of 9, 10, 11: to 2 (via 1 or 3) 1/2, to 4 1, to 5 2/3, to 7 1/2, to 8 1/2
    #    = 19/6 each, 9.5 in all; 3→4 (3-1-4) 1; 2→4 (2-1-4 or 2-5-4) 1/2 → 11/55.
    # 3: from each of 9, 10, 11: to 2 1/2, to 5 1/3, to 7 1/2, to 8 1/2 = 11/6 each → 5.5/55.
    # 5: 4→7 1, 4→8 1, 4→2 (4-1-2 or 4-5-2) 1/2 → 2.5/55.
    # 4: 1→5 1/2; from each of 9, 10, 11 to 5 1/3 → 1.5/55.
    # 7, 8, 10, 11 sit on no shortest path between others: not bridges.
    assert bridges(graph) == [
        Bridge(9, pytest.approx(14 / 55), 4),  # type: ignore[arg-type]
        Bridge(2, pytest.approx(13.5 / 55), 5),  # type: ignore[arg-type]
        Bridge(1, pytest.approx(11 / 55), 4),  # type: ignore[arg-type]
        Bridge(3, pytest.approx(5.5 / 55), 3),  # type: ignore[arg-type]
        Bridge(5, pytest.approx(2.5 / 55), 4),  # type: ignore[arg-type]
        Bridge(4, pytest.approx(1.5 / 55), 2),  # type: ignore[arg-type]
    ]
    assert [b.member_id for b in bridges(graph, limit=2)] == [9, 2]


def test_no_connection_no_bridge() -> None:
    assert bridges(network_graph(MEMBERS, set())) == []


def test_layout_draws_connected_members_inside_the_square_and_the_same_every_time() -> None:
    graph = network_graph(MEMBERS, HALF_YEAR)

    layout = network_layout(graph)

    # 6 and 12 are isolates: listed on the page, not drawn.
    assert [p.member_id for p in layout.positions] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert layout.connected == 10
    assert set(layout.edges) == HALF_YEAR
    assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in layout.positions)
    # Scaled to fill the square: some member on each edge.
    assert min(p.x for p in layout.positions) == 0 and max(p.x for p in layout.positions) == 1
    assert network_layout(graph) == layout


def test_a_large_network_draws_its_most_connected_members() -> None:
    graph = network_graph(MEMBERS, HALF_YEAR)

    # Most connections: 2 (1, 3, 5, 7, 8), then 1, 5 and 9 (4 each; by id, 1 and 5).
    layout = network_layout(graph, limit=3)

    assert [p.member_id for p in layout.positions] == [1, 2, 5]
    # Only the connections between drawn members.
    assert layout.edges == [(1, 2), (2, 5)]
    assert layout.connected == 10


def test_an_empty_network_draws_nothing() -> None:
    assert network_layout(network_graph(MEMBERS, set())).positions == []
    one = network_layout(network_graph([1, 2], {(1, 2)}))
    assert {(p.x, p.y) for p in one.positions} <= {(0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)}


def test_a_drawn_member_whose_contacts_are_not_drawn_still_has_a_place() -> None:
    # 3 has three connections, everyone else one: drawing two keeps 3 and then 1 (by id),
    # whose only contact, 2, is left out.
    graph = network_graph(range(1, 7), {(1, 2), (3, 4), (3, 5), (3, 6)})

    layout = network_layout(graph, limit=2)

    assert [p.member_id for p in layout.positions] == [1, 3]
    assert layout.edges == [] and layout.connected == 6
    assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in layout.positions)


def test_betweenness_is_exact_within_the_budget_and_sampled_beyond() -> None:
    # 500 members and 1,500 connections: 500 × 2,000 = 1,000,000 steps, exact.
    assert betweenness_sample(500, 1500) is None
    # 2,000 and 10,000: 24,000,000 steps; 1,000,000 // 12,000 = 83 sources.
    assert betweenness_sample(2000, 10_000) == 83
    # 20,000 and 100,000: 1,000,000 // 120,000 = 8, and at least 10 are drawn.
    assert betweenness_sample(20_000, 100_000) == 10


def test_a_sampled_betweenness_is_the_same_every_time() -> None:
    # A ring of 2,000 members: 2,000 × 4,000 steps, sampled from 1,000,000 // 4,000 = 250.
    ring = network_graph(range(2000), {(i, (i + 1) % 2000) for i in range(2000)})
    first = bridges(ring, limit=5)

    assert len(first) == 5 and bridges(ring, limit=5) == first
