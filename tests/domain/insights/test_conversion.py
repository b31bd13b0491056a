from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from roundtable.domain.insights import Conversion, Event, MemberJoin, newcomer_conversion
from tests.domain.insights.community import EVENTS, MEMBERS


def test_the_hand_worked_community_first_half_year() -> None:
    conversion = newcomer_conversion(MEMBERS, EVENTS, start=date(2026, 1, 1), end=date(2026, 6, 30))

    # First attendances in the period: 1 (Jan 10), 3 (Jan 10), 4 (Feb 14), 5 (Feb 14),
    # 7 (Mar 12), 8 (Mar 12), 9 (Apr 11), 11 (Jun 6): 8 newcomers. Member 2 came first in
    # December; 10 only contributed; 6 and 12 never came.
    # Second visit on a later day: 1 Feb 14 (35 days), 3 Jan 24 (14), 5 May 9 (14 + 31 + 30 + 9
    # = 84; its March record is a contribution), 7 Apr 11 (19 + 11 = 30), 9 Jun 6 (19 + 31 + 6
    # = 56). Member 8's two attendances are on one day: one visit.
    # 5 of 8 converted; median of 14, 30, 35, 56, 84 is 35.
    assert conversion == Conversion(newcomers=8, converted=5, rate=0.625, median_days_to_second=35)


def test_the_hand_worked_community_february_and_march() -> None:
    conversion = newcomer_conversion(MEMBERS, EVENTS, start=date(2026, 2, 1), end=date(2026, 3, 31))

    # Newcomers 4, 5, 7, 8; converted 5 (84 days) and 7 (30 days); median (30 + 84) / 2.
    assert conversion == Conversion(newcomers=4, converted=2, rate=0.5, median_days_to_second=57)


def test_nobody_and_nothing_give_zero_and_no_median() -> None:
    empty = Conversion(newcomers=0, converted=0, rate=0.0, median_days_to_second=None)

    assert newcomer_conversion([], [], start=date(2026, 1, 1), end=date(2026, 12, 31)) == empty
    assert newcomer_conversion(MEMBERS, [], start=date(2026, 1, 1), end=date(2026, 12, 31)) == empty


def test_one_attendance_is_a_newcomer_not_yet_converted() -> None:
    conversion = newcomer_conversion(
        [MemberJoin(1, date(2026, 1, 1))],
        [Event(1, date(2026, 1, 10), "attendance")],
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
    )

    assert conversion == Conversion(newcomers=1, converted=0, rate=0.0, median_days_to_second=None)


def test_a_period_in_the_future_or_backwards_has_no_newcomers() -> None:
    future = newcomer_conversion(MEMBERS, EVENTS, start=date(2030, 1, 1), end=date(2030, 6, 30))
    backwards = newcomer_conversion(MEMBERS, EVENTS, start=date(2026, 6, 30), end=date(2026, 1, 1))

    assert future.newcomers == backwards.newcomers == 0


def test_events_of_people_who_are_not_members_are_left_out() -> None:
    conversion = newcomer_conversion(
        [MemberJoin(1, date(2026, 1, 1))],
        [Event(2, date(2026, 1, 10), "attendance"), Event(2, date(2026, 1, 20), "attendance")],
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
    )

    assert conversion.newcomers == 0


@given(
    st.lists(
        st.builds(
            Event,
            st.integers(1, 6),
            st.dates(date(2025, 1, 1), date(2026, 12, 31)),
            st.sampled_from(["attendance", "contribution"]),
        ),
        max_size=30,
    ),
    st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    st.dates(date(2025, 1, 1), date(2026, 12, 31)),
)
def test_conversion_stays_within_its_newcomers(events: list[Event], start: date, end: date) -> None:
    members = [MemberJoin(i, date(2025, 1, 1)) for i in range(1, 7)]

    conversion = newcomer_conversion(members, events, start=start, end=end)

    assert 0 <= conversion.converted <= conversion.newcomers <= 6
    assert 0.0 <= conversion.rate <= 1.0
    if conversion.converted:
        assert conversion.median_days_to_second is not None
        assert conversion.median_days_to_second >= 1
    else:
        assert conversion.median_days_to_second is None
