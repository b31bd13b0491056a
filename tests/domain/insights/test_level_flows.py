from datetime import date

from roundtable.domain.insights import Event, LevelFlow, MemberJoin, level_flows, levels_at
from roundtable.domain.participation import Level, Thresholds
from tests.domain.insights.community import EVENTS, MEMBERS

# Three months' window: round(30.44 * 3) = 91 days, so at March 31 it holds Dec 31 - Mar 31,
# at June 30 it holds Apr 1 - Jun 30. Core: 2 attendances and 2 contributions; active: 3
# participations; occasional: 2.
THRESHOLDS = Thresholds(
    window_months=3, core_min_attendances=2, core_min_contributions=2, active_min=3
)
CORE, ACTIVE, OCCASIONAL, PERIPHERAL, INACTIVE = (
    Level.CORE,
    Level.ACTIVE,
    Level.OCCASIONAL,
    Level.PERIPHERAL,
    Level.INACTIVE,
)


def test_levels_at_the_end_of_march() -> None:
    assert levels_at(MEMBERS, EVENTS, at=date(2026, 3, 31), thresholds=THRESHOLDS) == {
        1: CORE,  # Jan 10 A + C, Feb 14 A, Mar 20 C: 2 A and 2 C
        2: PERIPHERAL,  # Mar 12 (its Dec 20 attendance is out of the window)
        3: OCCASIONAL,  # Jan 10, Jan 24
        4: PERIPHERAL,  # Feb 14
        5: OCCASIONAL,  # Feb 14 A, Mar 12 C
        6: INACTIVE,
        7: PERIPHERAL,  # Mar 12
        8: OCCASIONAL,  # Mar 12 twice
        9: None,  # joined in April
        10: None,
        11: None,
        12: None,
    }


def test_levels_at_the_end_of_june() -> None:
    assert levels_at(MEMBERS, EVENTS, at=date(2026, 6, 30), thresholds=THRESHOLDS) == {
        1: OCCASIONAL,  # Apr 11, Jun 6
        2: INACTIVE,
        3: INACTIVE,
        4: INACTIVE,
        5: PERIPHERAL,  # May 9
        6: INACTIVE,
        7: ACTIVE,  # Apr 11 A + C, May 9 A: 3, but only one contribution
        8: INACTIVE,
        9: OCCASIONAL,  # Apr 11, Jun 6
        10: PERIPHERAL,  # May 9 C
        11: PERIPHERAL,  # Jun 6
        12: INACTIVE,  # joined on June 30
    }


def test_the_window_starts_on_the_day_after_its_first_day_back() -> None:
    # 91 days before March 31 is December 30: a record that day is out, December 31 is in.
    members = [MemberJoin(1, date(2025, 1, 1)), MemberJoin(2, date(2025, 1, 1))]
    events = [
        Event(1, date(2025, 12, 30), "attendance"),
        Event(2, date(2025, 12, 31), "attendance"),
    ]

    assert levels_at(members, events, at=date(2026, 3, 31), thresholds=THRESHOLDS) == {
        1: INACTIVE,
        2: PERIPHERAL,
    }


def test_the_hand_worked_community_from_march_to_june() -> None:
    before = levels_at(MEMBERS, EVENTS, at=date(2026, 3, 31), thresholds=THRESHOLDS)
    after = levels_at(MEMBERS, EVENTS, at=date(2026, 6, 30), thresholds=THRESHOLDS)

    flows = level_flows({member_id: (before[member_id], after[member_id]) for member_id in after})

    assert flows == [
        LevelFlow(CORE, OCCASIONAL, [1]),
        LevelFlow(OCCASIONAL, PERIPHERAL, [5]),
        LevelFlow(OCCASIONAL, INACTIVE, [3, 8]),
        LevelFlow(PERIPHERAL, ACTIVE, [7]),
        LevelFlow(PERIPHERAL, INACTIVE, [2, 4]),
        LevelFlow(INACTIVE, INACTIVE, [6]),
        LevelFlow(None, OCCASIONAL, [9]),
        LevelFlow(None, PERIPHERAL, [10, 11]),
        LevelFlow(None, INACTIVE, [12]),
    ]
    assert sum(flow.count for flow in flows) == 12


def test_members_not_yet_joined_at_the_later_end_are_left_out() -> None:
    assert level_flows({1: (None, None), 2: (INACTIVE, PERIPHERAL)}) == [
        LevelFlow(INACTIVE, PERIPHERAL, [2])
    ]


def test_nobody_no_flows() -> None:
    assert level_flows({}) == []
    assert levels_at([], EVENTS, at=date(2026, 6, 30), thresholds=THRESHOLDS) == {}


def test_a_day_in_the_future_counts_the_events_of_its_window_only() -> None:
    levels = levels_at(MEMBERS, EVENTS, at=date(2030, 1, 1), thresholds=THRESHOLDS)

    assert set(levels.values()) == {INACTIVE}


def test_one_event_moves_one_member_up_then_down() -> None:
    members = [MemberJoin(1, date(2026, 1, 1))]
    events = [Event(1, date(2026, 2, 1), "attendance")]
    march = levels_at(members, events, at=date(2026, 3, 31), thresholds=THRESHOLDS)
    june = levels_at(members, events, at=date(2026, 6, 30), thresholds=THRESHOLDS)
    december = levels_at(members, events, at=date(2025, 12, 31), thresholds=THRESHOLDS)

    assert level_flows({1: (december[1], march[1])}) == [LevelFlow(None, PERIPHERAL, [1])]
    assert level_flows({1: (march[1], june[1])}) == [LevelFlow(PERIPHERAL, INACTIVE, [1])]
