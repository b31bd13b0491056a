from datetime import date

from roundtable.domain.insights import Event, SlippingMember, slipping_away
from tests.domain.insights.community import EVENTS


def test_the_hand_worked_community_in_july() -> None:
    # July is in the third quarter; the quarter before last is January to March. Last events:
    # 3 Jan 24, 4 Feb 14, 2 Mar 12, 8 Mar 12 are in it; 1, 5, 7, 9, 10, 11 came back later.
    assert slipping_away(EVENTS, date(2026, 7, 15)) == [
        SlippingMember(3, date(2026, 1, 24)),
        SlippingMember(4, date(2026, 2, 14)),
        SlippingMember(2, date(2026, 3, 12)),
        SlippingMember(8, date(2026, 3, 12)),
    ]


def test_the_hand_worked_community_in_june() -> None:
    # June: the quarter before last is October to December 2025; member 2's December
    # attendance was followed by one in March.
    assert slipping_away(EVENTS, date(2026, 6, 10)) == []


def test_events_after_today_do_not_count_as_coming_back() -> None:
    events = [Event(1, date(2026, 2, 1), "attendance"), Event(1, date(2026, 8, 1), "attendance")]

    assert slipping_away(events, date(2026, 7, 15)) == [SlippingMember(1, date(2026, 2, 1))]
    assert slipping_away(events, date(2026, 8, 1)) == []


def test_the_watched_quarter_crosses_the_year() -> None:
    events = [Event(1, date(2025, 9, 30), "contribution"), Event(2, date(2025, 7, 1), "attendance")]

    assert slipping_away(events, date(2026, 1, 1)) == [
        SlippingMember(2, date(2025, 7, 1)),
        SlippingMember(1, date(2025, 9, 30)),
    ]


def test_no_events_nobody_slips() -> None:
    assert slipping_away([], date(2026, 7, 15)) == []
    assert slipping_away(EVENTS, date(2030, 1, 1)) == []


def test_one_event_in_the_quarter_before_last() -> None:
    events = [Event(7, date(2026, 1, 1), "contribution")]

    assert slipping_away(events, date(2026, 7, 1)) == [SlippingMember(7, date(2026, 1, 1))]
    assert slipping_away(events, date(2026, 6, 30)) == []  # then it is the last quarter
