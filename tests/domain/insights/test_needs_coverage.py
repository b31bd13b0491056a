"""Needs coverage on a hand-worked table of eight needs of the 12-member community (today is
2026-06-30; days are 2026 unless a year is given; B = burning, urgency 4).

| need | member | stated     | urgency | addressed | serving activity (planned, held)   |
| ---- | ------ | ---------- | ------- | --------- | ---------------------------------- |
| 1    | 1      | 01-05      | B       | 03-15     | 10 (01-20, 02-14)                  |
| 2    | 2      | 01-20      | 3       |           | 20 (02-01, 03-12)                  |
| 3    | 3      | 02-10      | B       |           |                                    |
| 4    | 5      | 02-20      | 2       | 04-30     |                                    |
| 5    | 7      | 03-05      | B       |           | 30 (04-01, 07-10: after today)     |
| 6    | 9      | 04-15      | B       |           |                                    |
| 7    | 11     | 06-02      | 1       |           | 40 (05-01: before the need, 06-06) |
| 8    | 2      | 2025-12-10 | B       |           |                                    |

First planned, never before the need: 1 on 01-20, 2 on 02-01, 5 on 04-01, 7 on 06-02.
First held by today: 1 on 02-14 (40 days after the need), 2 on 03-12 (51 days), 7 on 06-06
(4 days); 5's activity is still to come.
"""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from roundtable.domain.insights.calendar_months import month_end
from roundtable.domain.insights.needs_coverage import (
    CoverageMonth,
    GroupCoverage,
    NeedFacts,
    Serving,
    WaitingNeed,
    coverage_by_group,
    coverage_by_month,
    median_days_to_activity,
    serving_of,
    waiting_needs,
)

TODAY = date(2026, 6, 30)
MONTHS = [date(2026, m, 1) for m in range(1, 7)]


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


NEEDS = [
    NeedFacts(1, 1, d(1, 5), 4, d(3, 15), (Serving(10, d(1, 20), d(2, 14)),)),
    NeedFacts(2, 2, d(1, 20), 3, None, (Serving(20, d(2, 1), d(3, 12)),)),
    NeedFacts(3, 3, d(2, 10), 4, None),
    NeedFacts(4, 5, d(2, 20), 2, d(4, 30)),
    NeedFacts(5, 7, d(3, 5), 4, None, (Serving(30, d(4, 1), d(7, 10)),)),
    NeedFacts(6, 9, d(4, 15), 4, None),
    NeedFacts(7, 11, d(6, 2), 1, None, (Serving(40, d(5, 1), d(6, 6)),)),
    NeedFacts(8, 2, d(12, 10, 2025), 4, None),
]


def test_the_hand_worked_needs_month_by_month() -> None:
    assert coverage_by_month(NEEDS, MONTHS, today=TODAY) == [
        # Jan 31: stated 8, 1, 2; planned for: 1 (01-20).
        CoverageMonth(d(1, 1), new=2, open=3, planned_for=1, addressed=0, served=0),
        # Feb 28: + 3, 4; planned for: 1, 2; 1 served on 02-14.
        CoverageMonth(d(2, 1), new=2, open=5, planned_for=2, addressed=0, served=1),
        # Mar 31: + 5, less 1 (addressed 03-15); planned for: 2 only; 2 served on 03-12.
        CoverageMonth(d(3, 1), new=1, open=5, planned_for=1, addressed=1, served=1),
        # Apr 30: + 6, less 4 (addressed on the last day); planned for: 2, 5 (from 04-01).
        CoverageMonth(d(4, 1), new=1, open=5, planned_for=2, addressed=1, served=0),
        # May 31: nothing new; the same five open, the same two planned for.
        CoverageMonth(d(5, 1), new=0, open=5, planned_for=2, addressed=0, served=0),
        # Jun 30: + 7, planned from the day it was stated; served on 06-06.
        CoverageMonth(d(6, 1), new=1, open=6, planned_for=3, addressed=0, served=1),
    ]


def test_the_share_planned_for_is_of_the_open_needs() -> None:
    june = coverage_by_month(NEEDS, [d(6, 1)], today=TODAY)[0]

    assert june.planned_share == 0.5
    assert CoverageMonth(d(6, 1), 0, 0, 0, 0, 0).planned_share is None


def test_a_month_still_running_counts_up_to_today() -> None:
    # On 06-04 need 7 is stated and planned for, but its activity (06-06) is still to come.
    june = coverage_by_month(NEEDS, [d(6, 1)], today=d(6, 4))[0]

    assert (june.new, june.open, june.planned_for, june.served) == (1, 6, 3, 0)


def test_months_in_the_future_count_nothing_new() -> None:
    july = coverage_by_month(NEEDS, [d(7, 1)], today=TODAY)[0]

    assert july == CoverageMonth(d(7, 1), new=0, open=6, planned_for=3, addressed=0, served=0)


def test_the_median_days_from_a_need_to_its_first_activity() -> None:
    # Held in the first half-year: 40, 51 and 4 days.
    assert median_days_to_activity(NEEDS, start=d(1, 1), end=d(6, 30), today=TODAY) == 40
    # From March: 51 and 4.
    assert median_days_to_activity(NEEDS, start=d(3, 1), end=d(6, 30), today=TODAY) == 27.5
    # April and May: nothing held.
    assert median_days_to_activity(NEEDS, start=d(4, 1), end=d(5, 31), today=TODAY) is None
    # Need 5's activity (07-10) is not counted before it is held.
    assert median_days_to_activity(NEEDS, start=d(7, 1), end=d(7, 31), today=TODAY) is None


def test_burning_needs_that_no_activity_serves_longest_waiting_first() -> None:
    # 1 is addressed; 5 has an activity planned; 3, 6 and 8 wait.
    assert waiting_needs(NEEDS, today=TODAY) == [
        WaitingNeed(8, 2, d(12, 10, 2025), 202),
        WaitingNeed(3, 3, d(2, 10), 140),
        WaitingNeed(6, 9, d(4, 15), 76),
    ]
    assert [w.need_id for w in waiting_needs(NEEDS, today=TODAY, limit=1)] == [8]
    assert [w.need_id for w in waiting_needs(NEEDS, today=TODAY, urgency=3)] == []


def test_coverage_by_group() -> None:
    groups = {"Early": [1, 2, 3, 4], "Late": [9, 10, 11, 12], "Nobody": []}

    assert coverage_by_group(NEEDS, groups, today=TODAY) == [
        # Open: 2, 3, 8; planned for: 2; burning waiting: 3 (140 days) and 8 (202 days).
        GroupCoverage("Early", 4, open=3, planned_for=1, burning_waiting=2, longest_wait_days=202),
        # Open: 6, 7; planned for: 7; burning waiting: 6.
        GroupCoverage("Late", 4, open=2, planned_for=1, burning_waiting=1, longest_wait_days=76),
        GroupCoverage(
            "Nobody", 0, open=0, planned_for=0, burning_waiting=0, longest_wait_days=None
        ),
    ]


def test_an_activity_held_before_the_need_does_not_serve_it() -> None:
    created = {1: d(1, 5), 6: d(4, 15)}
    activities = {10: (d(1, 20), d(2, 14)), 20: (d(2, 1), d(3, 12)), 50: (d(3, 1), d(5, 1))}
    # 6 matches 20 (held 03-12, before it) and 50 (05-01); 99 is no known activity, 7 no need.
    matches = [(1, 20), (1, 10), (6, 20), (6, 50), (1, 99), (7, 10)]

    assert serving_of(created, matches, activities) == {
        1: (Serving(10, d(1, 20), d(2, 14)), Serving(20, d(2, 1), d(3, 12))),
        6: (Serving(50, d(3, 1), d(5, 1)),),
    }


def test_no_needs() -> None:
    assert coverage_by_month([], MONTHS[:1], today=TODAY) == [CoverageMonth(d(1, 1), 0, 0, 0, 0, 0)]
    assert median_days_to_activity([], start=d(1, 1), end=TODAY, today=TODAY) is None
    assert waiting_needs([], today=TODAY) == []


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def need_facts(draw: st.DrawFn) -> list[NeedFacts]:
    needs = []
    for need_id in range(draw(st.integers(0, 12))):
        created = draw(days)
        addressed = draw(st.none() | days)
        held = sorted(draw(st.lists(days, max_size=3)))
        serving = tuple(Serving(i, draw(days), h) for i, h in enumerate(held) if h >= created)
        needs.append(
            NeedFacts(need_id, draw(st.integers(1, 4)), created, draw(st.integers(1, 4)),
                      addressed, serving)
        )  # fmt: skip
    return needs


@given(need_facts(), days)
def test_the_sorted_count_agrees_with_asking_each_need(needs: list[NeedFacts], today: date) -> None:
    months = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, m, 1) for m in range(1, 13)]
    for row in coverage_by_month(needs, months, today=today):
        end = min(month_end(row.month), today)
        open_needs = [n for n in needs if n.open_on(end)]
        assert row.open == len(open_needs)
        assert row.planned_for == sum(1 for n in open_needs if n.planned_by(end))
