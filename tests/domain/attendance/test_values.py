"""Dates, durations and names as the meeting tools write them."""

from datetime import UTC, date, datetime, time

import pytest

from roundtable.domain.attendance.values import (
    DAY_FIRST,
    MONTH_FIRST,
    current_name,
    date_in_file_name,
    date_order,
    date_time,
    minutes_of,
    role_of,
    time_of_day,
)


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("11/19/2021 09:54:15 AM", MONTH_FIRST, datetime(2021, 11, 19, 9, 54, 15)),
        ("11/19/2021 9:54:15 PM", MONTH_FIRST, datetime(2021, 11, 19, 21, 54, 15)),
        ("12/01/2021 12:05:00 AM", MONTH_FIRST, datetime(2021, 12, 1, 0, 5)),
        ("19/11/2021 21:54", DAY_FIRST, datetime(2021, 11, 19, 21, 54)),
        ("14/11/22, 09:29:07", DAY_FIRST, datetime(2022, 11, 14, 9, 29, 7)),
        ("7/20/23, 4:16:29 PM", MONTH_FIRST, datetime(2023, 7, 20, 16, 16, 29)),
        ("Mar 10, 2021 06:58 PM", MONTH_FIRST, datetime(2021, 3, 10, 18, 58)),
        ("10 March 2021 18:58", MONTH_FIRST, datetime(2021, 3, 10, 18, 58)),
        ("2024-02-20 10:02 AM", DAY_FIRST, datetime(2024, 2, 20, 10, 2)),
        ("2025-08-20T18:05:12.004Z", MONTH_FIRST, datetime(2025, 8, 20, 18, 5, 12, 4000, UTC)),
        ("03/05/2024 06:00:12 PM UTC", MONTH_FIRST, datetime(2024, 3, 5, 18, 0, 12, tzinfo=UTC)),
    ],
)
def test_date_time(value: str, order: str, expected: datetime) -> None:
    assert date_time(value, order) == expected


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "13/13/2021 10:00",
        "11/19/2021 25:00",
        "Foo 10, 2021 10:00",
        "2/30/2021 1:00 PM",
    ],
)
def test_date_time_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="not a date and time"):
        date_time(value)


def test_date_order_from_all_values() -> None:
    assert date_order(["01/02/2024 10:00", "25/02/2024 10:00"]) == DAY_FIRST
    assert date_order(["01/02/2024 10:00", "02/25/2024 10:00"], DAY_FIRST) == MONTH_FIRST
    assert date_order(["01/02/2024 10:00"], DAY_FIRST) == DAY_FIRST
    assert date_order(["2024-02-25 10:00", "Ada"]) == MONTH_FIRST


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("62", 62),
        ("1h 13m 42s", 73.7),
        ("21m 7s", 21 + 7 / 60),
        ("45s", 0.75),
        ("1 hr 2 min", 62),
        ("45 min", 45),
        ("45 mins", 45),
        ("2 hours, 5 minutes", 125),
        ("1:13:42", 73.7),
    ],
)
def test_minutes_of(value: str, minutes: float) -> None:
    assert minutes_of(value) == pytest.approx(minutes)


@pytest.mark.parametrize("value", ["", "soon", "1h and a bit", "5 parsecs"])
def test_minutes_of_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        minutes_of(value)


def test_plain_seconds() -> None:
    assert minutes_of("90", plain="seconds") == 1.5


def test_time_of_day() -> None:
    assert time_of_day("4:16:29 PM") == time(16, 16, 29)
    assert time_of_day("12:00 am") == time(0, 0)
    with pytest.raises(ValueError):
        time_of_day("13:00 PM")


def test_current_name() -> None:
    assert current_name("Bao Tran (Bao T.)") == "Bao Tran"
    assert current_name("  015_Loki   (Loki Laufeyson) ") == "015_Loki"
    assert current_name("(Guest)") == "(Guest)"
    assert current_name("Okonkwo, Ada") == "Okonkwo, Ada"


def test_roles() -> None:
    assert [
        role_of(v) for v in ("Organizer", "Organiser", "Co-organizer", "Presenter", "Attendee")
    ] == [
        "organiser",
        "organiser",
        "co-host",
        "presenter",
        "attendee",
    ]
    assert role_of("Juggler") == ""


def test_date_in_file_name() -> None:
    assert date_in_file_name("Clinic 2024-03-05 10_02 GMT.csv") == date(2024, 3, 5)
    assert date_in_file_name("meet_20240305.csv") == date(2024, 3, 5)
    assert date_in_file_name("attendance.csv") is None
    assert date_in_file_name("2024-13-45.csv") is None
