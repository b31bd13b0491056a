"""iCalendar (.ics) files for activities: what invitations, confirmations and downloads attach.

Plain Python (the ``icalendar`` package, no Django). Times are written in UTC, which every
calendar program reads the same way; each program shows them in its user's own zone. ``METHOD``
is ``PUBLISH``: the file adds the event to a calendar without asking the reader to answer an
organiser by e-mail (answers go through the registration page instead). The ``UID`` is stable
per activity, so importing a newer file updates the event instead of adding a second one, and
``SEQUENCE`` grows with each change of the activity.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//Roundtable//Activities//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # aware
    end: datetime  # aware
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer_email: str = ""
    organizer_name: str = ""
    sequence: int = 0


def calendar_file(events: Iterable[CalendarEvent], *, now: datetime) -> str:
    """The text of an .ics file holding ``events`` (``now`` is the DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")
    for item in events:
        if item.start.tzinfo is None or item.end.tzinfo is None:
            raise ValueError(f"event {item.uid}: start and end must be aware datetimes")
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.organizer_email:
            organizer = vCalAddress(f"mailto:{item.organizer_email}")
            if item.organizer_name:
                organizer.params["cn"] = vText(item.organizer_name)
            event.add("organizer", organizer)
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")
