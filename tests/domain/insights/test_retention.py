from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roundtable.domain.insights import (
    Cohort,
    Event,
    HorizonRetention,
    MemberJoin,
    retention_cohorts,
)
from tests.domain.insights.community import EVENTS, MEMBERS

TODAY = date(2026, 7, 15)  # June is over; July is not.


def _h(months: int, retained: int | None, share: float | None) -> HorizonRetention:
    return HorizonRetention(months=months, retained=retained, share=share)


def test_the_hand_worked_community_cohort_triangle() -> None:
    cohorts = retention_cohorts(MEMBERS, EVENTS, today=TODAY)

    # Active by month: Jan {1,3}, Feb {1,4,5}, Mar {1,2,5,7,8}, Apr {1,7,9}, May {5,7,10},
    # Jun {1,9,11}. A horizon whose month is July 2026 or later is not reached yet.
    rows = [
        (c.month, c.size, [h.retained for h in c.horizons], [h.share for h in c.horizons])
        for c in cohorts
    ]
    assert [h.months for c in cohorts for h in c.horizons] == [1, 3, 6, 12] * 7
    assert rows == [
        # month, size, retained at 1, 3, 6, 12 months, and their shares of the cohort
        # Dec 2025 {1, 2}: Jan {1}; Mar {1, 2}; Jun {1}; Dec 2026 not reached.
        (date(2025, 12, 1), 2, [1, 2, 1, None], [0.5, 1.0, 0.5, None]),
        # Jan {3, 4}: Feb {4}; Apr nobody; Jul not reached.
        (date(2026, 1, 1), 2, [1, 0, None, None], [0.5, 0.0, None, None]),
        # Feb {5, 6}: Mar {5}; May {5}.
        (date(2026, 2, 1), 2, [1, 1, None, None], [0.5, 0.5, None, None]),
        # Mar {7, 8}: Apr {7}; Jun nobody.
        (date(2026, 3, 1), 2, [1, 0, None, None], [0.5, 0.0, None, None]),
        # Apr {9}: May nobody; Jul not reached.
        (date(2026, 4, 1), 1, [0, None, None, None], [0.0, None, None, None]),
        # May {10}: Jun nobody (10 contributed in May only).
        (date(2026, 5, 1), 1, [0, None, None, None], [0.0, None, None, None]),
        # Jun {11, 12}: July is not over.
        (date(2026, 6, 1), 2, [None, None, None, None], [None, None, None, None]),
    ]


def test_a_horizon_is_reached_the_day_after_its_month_ends() -> None:
    members = [MemberJoin(1, date(2026, 1, 5))]
    events = [Event(1, date(2026, 2, 27), "contribution")]

    (on_last_day,) = retention_cohorts(members, events, (1,), today=date(2026, 2, 28))
    (day_after,) = retention_cohorts(members, events, (1,), today=date(2026, 3, 1))

    assert on_last_day.horizons == [_h(1, None, None)]
    assert day_after.horizons == [_h(1, 1, 1.0)]


def test_no_members_no_cohorts() -> None:
    assert retention_cohorts([], EVENTS, today=TODAY) == []


def test_no_events_retain_nobody() -> None:
    (cohort,) = retention_cohorts([MemberJoin(1, date(2026, 1, 5))], [], (1,), today=TODAY)

    assert cohort == Cohort(date(2026, 1, 1), 1, [_h(1, 0, 0.0)])


def test_a_cohort_in_the_future_reaches_no_horizon() -> None:
    (cohort,) = retention_cohorts(
        [MemberJoin(1, date(2030, 1, 5))], [], (1, 3), today=date(2026, 7, 15)
    )

    assert cohort.horizons == [_h(1, None, None), _h(3, None, None)]


def test_a_horizon_below_one_month_is_refused() -> None:
    with pytest.raises(ValueError, match=r"at least one month, not \[0, 3\]"):
        retention_cohorts(MEMBERS, EVENTS, (0, 3), today=TODAY)


@given(
    st.lists(st.tuples(st.integers(1, 6), st.dates(date(2025, 1, 1), date(2026, 6, 30)))),
    st.lists(
        st.builds(
            Event,
            st.integers(1, 8),
            st.dates(date(2025, 1, 1), date(2027, 6, 30)),
            st.just("attendance"),
        )
    ),
    st.dates(date(2025, 1, 1), date(2027, 12, 31)),
)
def test_retained_never_exceeds_the_cohort(
    joins: list[tuple[int, date]], events: list[Event], today: date
) -> None:
    members = [MemberJoin(i, d) for i, d in dict(joins).items()]
    cohorts = retention_cohorts(members, events, today=today)

    assert sum(c.size for c in cohorts) == len(members)
    for cohort in cohorts:
        for horizon in cohort.horizons:
            if horizon.retained is not None:
                assert 0 <= horizon.retained <= cohort.size
                assert horizon.share is not None and 0.0 <= horizon.share <= 1.0
