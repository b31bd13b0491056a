"""Working hours across time zones, for coffee-chat pairs (pure Python, no Django).

A member gives the hours they are free in their own zone (9 to 17 by default). The pairing
engine compares hours in UTC; the introduction e-mail shows the shared hours back in each
person's zone.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _offset_hours(zone_name: str, on: date) -> float:
    moment = datetime.combine(on, time(12), tzinfo=zone(zone_name))
    offset = moment.utcoffset() or timedelta(0)
    return offset.total_seconds() / 3600


def hours_in_utc(start: int, end: int, zone_name: str, on: date) -> tuple[float, float]:
    """Local hours (start, end) in ``zone_name`` on the day ``on`` as UTC hours modulo 24."""
    offset = _offset_hours(zone_name, on)
    return ((start - offset) % 24, (end - offset) % 24)


def _segments(hours: tuple[float, float]) -> list[tuple[float, float]]:
    start, end = hours[0] % 24, hours[1] % 24
    if start == end:
        return [(0.0, 24.0)]
    return [(start, end)] if start < end else [(start, 24.0), (0.0, end)]


def shared_hours(*spans: tuple[float, float]) -> list[tuple[float, float]]:
    """The UTC intervals of the day (start < end, within 0-24) that every span covers."""
    common = _segments(spans[0])
    for span in spans[1:]:
        common = [
            (max(s1, s2), min(e1, e2))
            for s1, e1 in common
            for s2, e2 in _segments(span)
            if min(e1, e2) > max(s1, s2)
        ]
    return sorted(common)


def local_text(intervals: list[tuple[float, float]], zone_name: str, on: date) -> str:
    """UTC intervals as "14:00–17:00" in ``zone_name`` (joined by ", "), or "" when none."""
    offset = _offset_hours(zone_name, on)
    parts = []
    for start, end in intervals:
        parts.append(f"{_clock(start + offset)}–{_clock(end + offset)}")
    return ", ".join(parts)


def _clock(hours: float) -> str:
    minutes = round((hours % 24) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def today_utc() -> date:
    return datetime.now(UTC).date()
