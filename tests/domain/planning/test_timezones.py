"""Time-zone fairness: who a start suits, the three best starts, and a fair series rotation."""

from datetime import UTC, date, datetime, timedelta

import pytest

from roundtable.domain.planning.timezones import (
    audience_zones,
    best_start_times,
    is_inside_working_hours,
    series_rotation,
    start_fairness,
)

TUESDAY = date(2026, 4, 14)
SPREAD = {"Africa/Nairobi": 40, "America/Lima": 30, "Asia/Manila": 30}


def test_working_hours_are_local_weekday_daytime():
    at_nine_utc = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)
    assert is_inside_working_hours(at_nine_utc, 60, "Africa/Nairobi")  # 12:00
    assert not is_inside_working_hours(at_nine_utc, 60, "America/Lima")  # 04:00
    assert not is_inside_working_hours(at_nine_utc, 60, "Pacific/Kiritimati")  # 23:00
    saturday = datetime(2026, 4, 18, 9, 0, tzinfo=UTC)
    assert not is_inside_working_hours(saturday, 60, "Africa/Nairobi")
    # ends after 18:00 local
    assert not is_inside_working_hours(
        datetime(2026, 4, 14, 14, 30, tzinfo=UTC), 60, "Africa/Nairobi"
    )


def test_start_fairness_counts_members():
    fairness = start_fairness(datetime(2026, 4, 14, 13, 0, tzinfo=UTC), SPREAD)
    assert (fairness.inside, fairness.total) == (70, 100)  # Nairobi 16:00, Lima 08:00
    assert fairness.share == pytest.approx(0.7)
    with pytest.raises(ValueError, match="timezone-aware"):
        start_fairness(datetime(2026, 4, 14, 13, 0), SPREAD)


def test_three_best_start_times_are_best_first_and_apart():
    best = best_start_times(SPREAD, TUESDAY)
    assert len(best) == 3
    assert [b.inside for b in best] == sorted((b.inside for b in best), reverse=True)
    assert best[0].inside == 70
    for first, second in zip(best, best[1:], strict=False):
        assert abs(first.start - second.start) >= timedelta(hours=2)
    everyone = [start_fairness(s.start, SPREAD).inside for s in best]
    assert everyone == [b.inside for b in best]


def test_audience_zones_from_a_list_or_a_mapping():
    assert audience_zones(["Asia/Manila", "Asia/Manila", "Europe/Paris"]) == {
        "Asia/Manila": 2,
        "Europe/Paris": 1,
    }
    assert audience_zones({"Asia/Manila": 3, "Europe/Paris": 0}) == {"Asia/Manila": 3}


def test_a_series_rotation_leaves_no_zone_always_outside():
    days = [TUESDAY + timedelta(weeks=week) for week in range(3)]
    rotation = series_rotation(SPREAD, days)
    assert [r.start.date() for r in rotation] == days
    for zone in SPREAD:
        assert any(is_inside_working_hours(r.start, 60, zone) for r in rotation), zone
    # The single best start, every week, would leave one zone out every time.
    best = best_start_times(SPREAD, TUESDAY, count=1)[0]
    assert any(not is_inside_working_hours(best.start, 60, zone) for zone in SPREAD)
