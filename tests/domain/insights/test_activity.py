from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from roundtable.domain.insights import (
    Event,
    MemberJoin,
    MonthActivity,
    active_by_month,
    months_between,
)
from tests.domain.insights.community import EVENTS, MEMBERS

MONTHS = [date(2026, m, 1) for m in range(1, 7)]


def test_the_hand_worked_community_month_by_month() -> None:
    rows = active_by_month(EVENTS, MEMBERS, MONTHS)

    assert rows == [
        # Jan: active {1, 3}, both first seen in January; joined by Jan 31: 1, 2, 3, 4.
        MonthActivity(date(2026, 1, 1), active=2, new=2, returning=0, community=4, share=0.5),
        # Feb: active {1, 4, 5}; new 4 and 5; returning 1; joined by Feb 28: 1-6.
        MonthActivity(date(2026, 2, 1), active=3, new=2, returning=1, community=6, share=0.5),
        # Mar: active {1, 2, 5, 7, 8}; new 7 and 8 (2 was first seen in December); 1-8 joined.
        MonthActivity(date(2026, 3, 1), active=5, new=2, returning=3, community=8, share=5 / 8),
        # Apr: active {1, 7, 9}; new 9; 1-9 joined.
        MonthActivity(date(2026, 4, 1), active=3, new=1, returning=2, community=9, share=3 / 9),
        # May: active {5, 7, 10}; new 10; 1-10 joined.
        MonthActivity(date(2026, 5, 1), active=3, new=1, returning=2, community=10, share=0.3),
        # Jun: active {1, 9, 11}; new 11; all 12 joined (12 on June 30, the last day).
        MonthActivity(date(2026, 6, 1), active=3, new=1, returning=2, community=12, share=0.25),
    ]


def test_a_month_is_named_by_any_of_its_days_and_counted_once() -> None:
    rows = active_by_month(EVENTS, MEMBERS, [date(2026, 3, 31), date(2026, 3, 1)])

    assert [(r.month, r.active) for r in rows] == [(date(2026, 3, 1), 5)]


def test_no_members_and_no_events_give_zeros() -> None:
    assert active_by_month([], [], [date(2026, 1, 1)]) == [
        MonthActivity(date(2026, 1, 1), active=0, new=0, returning=0, community=0, share=0.0)
    ]


def test_no_months_give_nothing() -> None:
    assert active_by_month(EVENTS, MEMBERS, []) == []


def test_one_event() -> None:
    rows = active_by_month(
        [Event(1, date(2026, 2, 3), "attendance")],
        [MemberJoin(1, date(2026, 1, 1))],
        [date(2026, 1, 1), date(2026, 2, 1)],
    )

    assert [(r.active, r.new, r.community, r.share) for r in rows] == [
        (0, 0, 1, 0.0),
        (1, 1, 1, 1.0),
    ]


def test_a_month_in_the_future_has_the_community_but_nobody_active() -> None:
    (row,) = active_by_month(EVENTS, MEMBERS, [date(2030, 1, 1)])

    assert (row.active, row.new, row.returning, row.community, row.share) == (0, 0, 0, 12, 0.0)


def test_a_member_active_before_their_recorded_join_date_counts_in_the_community() -> None:
    (row,) = active_by_month(
        [Event(1, date(2026, 1, 10), "attendance")],
        [MemberJoin(1, date(2026, 3, 1)), MemberJoin(2, date(2026, 1, 2))],
        [date(2026, 1, 1)],
    )

    assert (row.active, row.community, row.share) == (1, 2, 0.5)


members_and_events = st.lists(
    st.tuples(st.integers(1, 8), st.dates(date(2025, 1, 1), date(2026, 12, 31))),
    max_size=10,
).flatmap(
    lambda members: st.tuples(
        st.just([MemberJoin(i, d) for i, d in dict(members).items()]),
        st.lists(
            st.builds(
                Event,
                st.integers(1, 10),
                st.dates(date(2025, 1, 1), date(2026, 12, 31)),
                st.sampled_from(["attendance", "contribution"]),
            ),
            max_size=40,
        ),
    )
)


@given(members_and_events, st.lists(st.dates(date(2024, 1, 1), date(2027, 12, 31)), max_size=6))
def test_new_and_returning_make_the_active_and_shares_stay_within_bounds(
    inputs: tuple[list[MemberJoin], list[Event]], months: list[date]
) -> None:
    members, events = inputs
    for row in active_by_month(events, members, months):
        assert row.new + row.returning == row.active
        assert 0 <= row.active <= row.community
        assert 0.0 <= row.share <= 1.0


def test_the_last_month_of_the_calendar_is_the_last_month_listed() -> None:
    assert list(months_between(date(9999, 11, 30), date(9999, 12, 31))) == [
        date(9999, 11, 1),
        date(9999, 12, 1),
    ]
    assert list(months_between(date(2026, 2, 1), date(2026, 1, 31))) == []
