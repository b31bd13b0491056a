"""Reading the values of attendance exports: dates and times, durations, names, roles.

Every reader raises ValueError with a message in a person's words; the parsers turn it into a
Problem for the row and field.
"""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

from .languages import NO, YES

MONTH_FIRST = "mdy"
DAY_FIRST = "dmy"

_NUMERIC = re.compile(
    r"^(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4}),?\s+"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)\s*(?P<zone>.*)$"
)
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DATE_ONLY = re.compile(r"^(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4})$")
_MONTH_NAME_FIRST = re.compile(
    r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}),?\s*"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?\s*(?P<zone>.*)$"
)
_DAY_FIRST_NAME = re.compile(
    # "5 March 2024", and as other languages write it: "5. März 2024", "5 de marzo de 2024"
    r"^(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?"
    r"(?P<year>\d{4}),?\s*"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?\s*(?P<zone>.*)$"
)
_TIME = re.compile(
    r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"\s*(?P<half>[AaPp])?\.?(?:[Mm]\.?)?$"
)
_ZONE = re.compile(r"^(?:(?:GMT|UTC)\s*)?(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# The months in the languages of ``languages`` (and Dutch), as dates with a month name write
# them, whole or cut short; no two languages use one word for different months.
_MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            (
                "januar jänner janvier janv enero ene janeiro gennaio gen januari",
                "februar févr fév février febrero febr fevereiro fev febbraio febbr februari",
                "märz mär mrz mars marzo março maart mrt",
                "april avril avr abril abr aprile",
                "mai mayo maio maggio mag mei",
                "juni juin junio junho giugno giu",
                "juli juil juillet julio julho luglio lug",
                "august août agosto ago augustus",
                "september septembre septiembre setiembre set setembro settembre sett",
                "oktober okt octobre octubre outubro out ottobre ott",
                "november novembre noviembre novembro",
                "dezember dez décembre déc diciembre dic dezembro dicembre",
            ),
            start=1,
        )
        for name in names.split()
    }
)
_DURATION_PART = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b",
    re.IGNORECASE,
)
_CLOCK_DURATION = re.compile(r"^(?:(?P<hours>\d+):)?(?P<minutes>\d{1,2}):(?P<seconds>\d{2})$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_ORIGINAL_NAME = re.compile(r"^(?P<current>.*\S)\s*\((?P<original>[^()]*)\)$")

_ROLES = {
    "host": "host",
    "meeting host": "host",
    "co-host": "co-host",
    "cohost": "co-host",
    "co host": "co-host",
    "alternate host": "co-host",
    "co-organizer": "co-host",
    "co-organiser": "co-host",
    "panelist": "panelist",
    "panellist": "panelist",
    "presenter": "presenter",
    "speaker": "presenter",
    "organizer": "organiser",
    "organiser": "organiser",
    "attendee": "attendee",
    "participant": "attendee",
    "guest": "attendee",
    "member": "attendee",
}


def role_of(value: str) -> str:
    """The product's name for a tool's role ("Organizer" and "Organiser" are "organiser");
    "" for one it does not know."""
    return _ROLES.get(" ".join(value.strip().casefold().split()), "")


def current_name(value: str) -> str:
    """ "Bao Tran (Bao T.)" is Bao Tran: Zoom writes the current name, then the original one."""
    value = " ".join(value.split())
    match = _ORIGINAL_NAME.match(value)
    return match.group("current") if match else value


def _zone(text: str) -> timezone | None:
    text = text.strip()
    if not text:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    match = _ZONE.match(text.upper())
    if match is None:
        raise ValueError(f"“{text}” is not a time zone this reader knows")
    offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    if offset >= timedelta(hours=24):
        raise ValueError(f"“{text}” is not a time zone offset")
    return timezone(-offset if match["sign"] == "-" else offset)


def time_of_day(value: str) -> time:
    """ "4:16:29 PM", "16:16", "09:29:07" as a time of day."""
    match = _TIME.match(value.strip())
    if match is None:
        raise ValueError(f"“{value}” is not a time of day")
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    microsecond = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{value}”: the hour of a time with AM/PM is 1 to 12")
        hour = hour % 12 + (12 if match["half"].upper() == "P" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"“{value}” is not a time of day")
    return time(hour, minute, second, microsecond)


_CLOCK_AND_ZONE = re.compile(
    r"^(?P<clock>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)\s*(?P<zone>.*)$"
)


def clock_time(value: str) -> tuple[time, timezone | None]:
    """A time of day with the zone it may state ("10:01 AM GMT+1"): (time, zone or None)."""
    match = _CLOCK_AND_ZONE.match(value.strip())
    if match is None:
        raise ValueError(f"“{value}” is not a time of day")
    return time_of_day(match["clock"]), _zone(match["zone"])


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) <= 2 else year


def _numeric_date(a: str, b: str, c: str, order: str) -> date:
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif order == DAY_FIRST:
        day, month, year = int(a), int(b), _year(c)
    else:
        month, day, year = int(a), int(b), _year(c)
    return date(year, month, day)


def date_time(value: str, order: str = MONTH_FIRST) -> datetime:
    """A date and time as the meeting tools write it: ISO 8601, "11/19/2021 09:54:15 AM",
    "14/11/22, 09:29:07" (with ``order`` DAY_FIRST), "Mar 10, 2021 06:58 PM". Aware when the
    value states its zone ("Z", "UTC", "GMT+2", "+05:30"), naive otherwise."""
    text = " ".join(value.strip().split())
    if not text:
        raise ValueError("no date")
    try:
        if _ISO.match(text):
            return datetime.fromisoformat(text)
        if match := _NUMERIC.match(text):
            day = _numeric_date(match["a"], match["b"], match["c"], order)
            return datetime.combine(day, time_of_day(match["time"]), _zone(match["zone"]))
        if match := _DATE_ONLY.match(text):
            return datetime.combine(
                _numeric_date(match["a"], match["b"], match["c"], order), time()
            )
        if match := _MONTH_NAME_FIRST.match(text) or _DAY_FIRST_NAME.match(text):
            month = _MONTHS.get(match["month"].casefold())
            if month is None:
                raise ValueError(f"“{match['month']}” is not a month")
            day = date(int(match["year"]), month, int(match["day"]))
            clock = time_of_day(match["time"]) if match["time"] else time()
            return datetime.combine(day, clock, _zone(match["zone"]))
    except ValueError as error:
        raise ValueError(f"“{value}” is not a date and time ({error})") from None
    raise ValueError(f"“{value}” is not a date and time")


def date_order(values: Iterable[str], default: str = MONTH_FIRST) -> str:
    """Day-first or month-first, decided from all the dates of a file: a first number above 12
    means day first, a second one above 12 means month first. When no value tells, dates written
    with dots (03.12.2024, as German and Dutch write them) are day first; else ``default``, also
    when the values contradict each other."""
    day_first = month_first = dotted = False
    for value in values:
        text = value.strip()
        match = _NUMERIC.match(text) or _DATE_ONLY.match(text)
        if match is None or len(match["a"]) == 4:
            continue
        dotted = dotted or "." in text[: match.end("c")]
        if int(match["a"]) > 12:
            day_first = True
        elif int(match["b"]) > 12:
            month_first = True
    if day_first != month_first:
        return DAY_FIRST if day_first else MONTH_FIRST
    if dotted and not (day_first and month_first):
        return DAY_FIRST
    return default


def twelve_hour_clock(values: Iterable[str]) -> bool:
    """Whether the dates and times among ``values`` write AM and PM (the United States' way,
    which Zoom keeps in its month-first dates whatever the account's language)."""
    return any(
        (match := _NUMERIC.match(value.strip())) is not None
        and re.search(r"[AaPp]\.?[Mm]", match["time"]) is not None
        for value in values
    )


def minutes_of(value: str, *, plain: str = "minutes") -> float:
    """Minutes in a duration: "62", "1h 13m 42s", "21m 7s", "45s", "1 hr 2 min", "45 mins",
    "1:13:42". A bare number is in ``plain`` units ("minutes" or "seconds")."""
    text = value.strip()
    if not text:
        raise ValueError("no duration")
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return number / 60 if plain == "seconds" else number
    if match := _CLOCK_DURATION.match(text):
        hours = int(match["hours"] or 0)
        return hours * 60 + int(match["minutes"]) + int(match["seconds"]) / 60
    total = 0.0
    end = 0
    for part in _DURATION_PART.finditer(text):
        if text[end : part.start()].strip(" ,"):
            break
        number = float(part["number"].replace(",", "."))
        unit = part["unit"].casefold()
        total += number * (60 if unit.startswith("h") else 1 if unit.startswith("m") else 1 / 60)
        end = part.end()
    else:
        if end and not text[end:].strip(" ,"):
            return total
    raise ValueError(f"“{value}” is not a duration")


def date_in_file_name(file_name: str) -> date | None:
    """The date a file name carries, "2024-03-05" or "2024_03_05" or "20240305"; None without."""
    match = re.search(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", file_name)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def yes_no(value: str) -> bool | None:
    """Yes or no as the tools write them, also in the languages of ``languages``."""
    key = value.strip().casefold()
    if key in ("yes", "y", "true", "1", "checked in", "attended") or key in YES:
        return True
    if key in ("no", "n", "false", "0") or key in NO:
        return False
    return None
